/**
 * Field paths into an object, in the forms people write after reading
 * `kubectl get -o jsonpath`: `status.availableReplicas`,
 * `.spec.template.spec.containers[0].image`, `{.status.replicas}`,
 * `metadata.annotations['deployment.kubernetes.io/revision']`,
 * `status.conditions[type=Available].status` (or kubectl's
 * `[?(@.type=="Available")]`), and `[*]` for every element.
 */

export type Segment =
  | { readonly field: string }
  | { readonly index: number }
  | { readonly all: true }
  | { readonly where: string; readonly equals: string };

export class PathSyntaxError extends Error {
  constructor(path: string, why: string) {
    super(`invalid path ${JSON.stringify(path)}: ${why}`);
    this.name = "PathSyntaxError";
  }
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))
    return t.slice(1, -1);
  return t;
}

/** Parses a path into segments; throws PathSyntaxError. */
export function parsePath(path: string): Segment[] {
  let p = path.trim();
  if (p.startsWith("{") && p.endsWith("}")) p = p.slice(1, -1).trim();
  if (p.startsWith("$")) p = p.slice(1);
  const out: Segment[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === ".") {
      i++;
      continue;
    }
    if (c === "[") {
      const end = p.indexOf("]", i);
      if (end < 0) throw new PathSyntaxError(path, "unclosed [");
      const inner = p.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === "*") out.push({ all: true });
      else if (/^-?\d+$/.test(inner)) out.push({ index: Number(inner) });
      else if (/^(['"]).*\1$/.test(inner)) out.push({ field: unquote(inner) });
      else {
        // [type=Available], [?(@.type=="Available")], [?(@.type==Available)]
        const m =
          /^\?\(\s*@\.([\w.-]+)\s*==\s*(.+?)\s*\)$/.exec(inner) ??
          /^([\w.-]+)\s*==?\s*(.+)$/.exec(inner);
        if (m === null) throw new PathSyntaxError(path, `cannot read [${inner}]`);
        out.push({ where: m[1]!, equals: unquote(m[2]!) });
      }
      continue;
    }
    const m = /^[^.[\]]+/.exec(p.slice(i));
    if (m === null) throw new PathSyntaxError(path, `unexpected ${JSON.stringify(c)}`);
    out.push({ field: m[0] });
    i += m[0].length;
  }
  return out;
}

function fieldOf(v: unknown, key: string): unknown {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  return Object.prototype.hasOwnProperty.call(v, key)
    ? (v as Record<string, unknown>)[key]
    : undefined;
}

function dotted(v: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((x, k) => fieldOf(x, k), v);
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/**
 * The value at `path`, or `found: false` when a field along it is absent.
 * With `[*]` or a filter, the value is the list of matches.
 */
export function evaluatePath(obj: unknown, path: string): { found: boolean; value: unknown } {
  const segments = parsePath(path);
  let values: unknown[] = [obj];
  let many = false;
  for (const s of segments) {
    const next: unknown[] = [];
    for (const v of values) {
      if ("field" in s) {
        const x = fieldOf(v, s.field);
        if (x !== undefined) next.push(x);
      } else if ("index" in s) {
        if (Array.isArray(v)) {
          const x: unknown = v[s.index < 0 ? v.length + s.index : s.index];
          if (x !== undefined) next.push(x);
        }
      } else if ("all" in s) {
        many = true;
        if (Array.isArray(v)) next.push(...(v as unknown[]));
        else if (typeof v === "object" && v !== null) next.push(...Object.values(v));
      } else {
        many = true;
        if (Array.isArray(v))
          for (const x of v as unknown[])
            if (scalarText(dotted(x, s.where)) === s.equals) next.push(x);
      }
    }
    values = next;
  }
  if (many) {
    // A filter that picked exactly one element reads as that element
    // (conditions[type=Available].status is "True", not ["True"]).
    const filters = segments.filter((s) => "where" in s).length;
    const stars = segments.filter((s) => "all" in s).length;
    if (stars === 0 && filters > 0 && values.length <= 1)
      return { found: values.length === 1, value: values[0] };
    return { found: true, value: values };
  }
  return values.length === 0
    ? { found: false, value: undefined }
    : { found: true, value: values[0] };
}
