/**
 * Field sets, kept in their wire form: a `fieldsV1` tree. Mirrors
 * sigs.k8s.io/structured-merge-diff/fieldpath (set.go, serialize.go,
 * pathelement.go, path.go).
 *
 * A node's keys are path elements, written as the API writes them:
 * `f:<field>` (a struct field or map key), `k:{"name":"api"}` (a list item by
 * its key fields), `v:"x"` (an item of a set by its value), `i:3` (a list
 * index). A node is itself in the set (a "member") when it has no children
 * (`{}`) or carries the `"."` key; the root is never a member. Children are
 * kept in fieldpath's order (field names, then keys, then values, then
 * indices; `"."` first), so a set is serialised by JSON.stringify as
 * kube-apiserver serialises it.
 *
 * Every node is frozen and treated as a value: operations share the
 * untouched subtrees of their inputs and return an input itself when the
 * answer equals it, so unchanged sets cost no allocation.
 */

export type Fields = { readonly [element: string]: Fields };

/** A member without children: `{}`. */
export const LEAF_NODE: Fields = Object.freeze({});
/** The empty set. */
export const EMPTY_SET: Fields = LEAF_NODE;
const SELF = ".";

function hasKeys(n: Fields): boolean {
  return Object.keys(n).length > 0;
}

/** True when the node's own path is in the set. */
export function isMember(n: Fields): boolean {
  return n[SELF] !== undefined || !hasKeys(n);
}

/** True when a root holds no path. */
export function isEmpty(root: Fields): boolean {
  return !hasKeys(root);
}

/** Parsed `k:` and `v:` element values, for ordering. */
const parsed = new Map<string, unknown>();
function parseValue(s: string): unknown {
  let v = parsed.get(s);
  if (v === undefined && !parsed.has(s)) {
    v = JSON.parse(s) as unknown;
    if (parsed.size < 10_000) parsed.set(s, v);
  }
  return v;
}

/** A `k:` element's key fields as [name, value] pairs. */
const parsedKeys = new Map<string, [string, unknown][]>();
function keyFields(s: string): [string, unknown][] {
  let v = parsedKeys.get(s);
  if (v === undefined) {
    v = Object.entries(JSON.parse(s) as Record<string, unknown>);
    if (parsedKeys.size < 10_000) parsedKeys.set(s, v);
  }
  return v;
}

const RANK: Readonly<Record<string, number>> = { f: 0, k: 1, v: 2, i: 3 };

function typeRank(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (v === null) return 4;
  return 3;
}

/** value.Compare, for the scalar values keys and sets hold. */
function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** PathElement.Compare on serialised elements. */
export function compareElements(a: string, b: string): number {
  if (a === b) return 0;
  // Two field names (the common case): the prefix is the same, compare whole strings.
  if (a.charCodeAt(0) === 102 && b.charCodeAt(0) === 102) return a < b ? -1 : 1;
  if (a === SELF) return -1;
  if (b === SELF) return 1;
  const ra = RANK[a[0]!] ?? 9;
  const rb = RANK[b[0]!] ?? 9;
  if (ra !== rb) return ra - rb;
  const x = a.slice(2);
  const y = b.slice(2);
  switch (a[0]) {
    case "f":
      return x < y ? -1 : x > y ? 1 : 0;
    case "i":
      return Number(x) - Number(y);
    case "v":
      return compareValues(parseValue(x), parseValue(y));
    default: {
      // k: FieldList.Compare: name, then value, field by field (fields are sorted by name).
      const ka = keyFields(x);
      const kb = keyFields(y);
      for (let i = 0; ; i++) {
        if (i >= ka.length || i >= kb.length) return ka.length - kb.length;
        const [na, va] = ka[i]!;
        const [nb, vb] = kb[i]!;
        if (na !== nb) return na < nb ? -1 : 1;
        const c = compareValues(va, vb);
        if (c !== 0) return c;
      }
    }
  }
}

/**
 * A node from its membership and children (unsorted; undefined children are
 * skipped). Returns undefined for a node that holds nothing.
 */
export function makeNode(
  member: boolean,
  children: Iterable<readonly [string, Fields | undefined]>,
): Fields | undefined {
  const list: [string, Fields][] = [];
  for (const c of children) if (c[1] !== undefined) list.push(c as [string, Fields]);
  if (list.length === 0) return member ? LEAF_NODE : undefined;
  let sorted = true;
  for (let i = 1; i < list.length && sorted; i++)
    if (compareElements(list[i - 1]![0], list[i]![0]) > 0) sorted = false;
  if (!sorted) list.sort((p, q) => compareElements(p[0], q[0]));
  const out: Record<string, Fields> = {};
  if (member) out[SELF] = LEAF_NODE;
  for (const [k, v] of list) out[k] = v;
  return Object.freeze(out);
}

/** The children of a node (without `"."`). */
function childKeys(n: Fields): string[] {
  const keys = Object.keys(n);
  return n[SELF] === undefined ? keys : keys.filter((k) => k !== SELF);
}

/** A root from its children (the empty set when there are none). */
function rootOf(children: Iterable<readonly [string, Fields | undefined]>): Fields {
  return makeNode(false, children) ?? EMPTY_SET;
}

function unionNode(a: Fields, b: Fields, root: boolean): Fields {
  if (a === b) return a;
  const ma = !root && isMember(a);
  const member = ma || (!root && isMember(b));
  let changed = member !== ma;
  const out: [string, Fields][] = [];
  for (const k of childKeys(a)) {
    const bk = b[k];
    const v = bk === undefined || k === SELF ? a[k]! : unionNode(a[k]!, bk, false);
    if (v !== a[k]) changed = true;
    out.push([k, v]);
  }
  for (const k of childKeys(b)) {
    if (a[k] === undefined) {
      changed = true;
      out.push([k, b[k]!]);
    }
  }
  if (!changed) return a;
  return root ? rootOf(out) : makeNode(member, out)!;
}

/** a ∪ b. */
export function union(a: Fields, b: Fields): Fields {
  if (isEmpty(b)) return a;
  if (isEmpty(a)) return b;
  if (isSubset(b, a)) return a;
  return unionNode(a, b, true);
}

function subsetNode(a: Fields, b: Fields, root: boolean): boolean {
  if (a === b) return true;
  if (!root && isMember(a) && !isMember(b)) return false;
  for (const k of Object.keys(a)) {
    if (k === SELF) continue;
    const bk = b[k];
    if (bk === undefined || !subsetNode(a[k]!, bk, false)) return false;
  }
  return true;
}

/** True when every path of a is in b. */
export function isSubset(a: Fields, b: Fields): boolean {
  return subsetNode(a, b, true);
}

function intersectsNode(a: Fields, b: Fields, root: boolean): boolean {
  if (!root && isMember(a) && isMember(b)) return true;
  for (const k of Object.keys(a)) {
    if (k === SELF) continue;
    const bk = b[k];
    if (bk !== undefined && intersectsNode(a[k]!, bk, false)) return true;
  }
  return false;
}

/** True when a and b share a path. */
export function intersects(a: Fields, b: Fields): boolean {
  if (a === b) return !isEmpty(a);
  return intersectsNode(a, b, true);
}

/** a − b, for a node; undefined when nothing is left. */
function differenceNode(a: Fields, b: Fields, root: boolean): Fields | undefined {
  if (a === b) return undefined;
  const ma = !root && isMember(a);
  const member = ma && !isMember(b);
  let changed = member !== ma;
  const out: [string, Fields | undefined][] = [];
  for (const k of childKeys(a)) {
    const bk = b[k];
    const v = bk === undefined ? a[k]! : differenceNode(a[k]!, bk, false);
    if (v !== a[k]) changed = true;
    out.push([k, v]);
  }
  if (!changed) return a;
  return root ? rootOf(out) : makeNode(member, out);
}

/** a − b (the paths of a that are not in b). */
export function difference(a: Fields, b: Fields): Fields {
  if (isEmpty(a) || isEmpty(b)) return a;
  if (!intersects(a, b)) return a;
  return differenceNode(a, b, true) ?? EMPTY_SET;
}

function intersectionNode(a: Fields, b: Fields, root: boolean): Fields | undefined {
  if (a === b) return a;
  const member = !root && isMember(a) && isMember(b);
  const out: [string, Fields | undefined][] = [];
  for (const k of childKeys(a)) {
    const bk = b[k];
    if (bk !== undefined) out.push([k, intersectionNode(a[k]!, bk, false)]);
  }
  return root ? rootOf(out) : makeNode(member, out);
}

/** a ∩ b. */
export function intersection(a: Fields, b: Fields): Fields {
  if (isEmpty(a) || isEmpty(b)) return EMPTY_SET;
  return intersectionNode(a, b, true) ?? EMPTY_SET;
}

function recursiveDifferenceNode(a: Fields, b: Fields, root: boolean): Fields | undefined {
  if (!root && isMember(b)) return undefined;
  let changed = false;
  const out: [string, Fields | undefined][] = [];
  for (const k of childKeys(a)) {
    const bk = b[k];
    const v = bk === undefined ? a[k]! : recursiveDifferenceNode(a[k]!, bk, false);
    if (v !== a[k]) changed = true;
    out.push([k, v]);
  }
  if (!changed) return a;
  return root ? rootOf(out) : makeNode(isMember(a), out);
}

/** a without every path of b and every path below one (Set.RecursiveDifference). */
export function recursiveDifference(a: Fields, b: Fields): Fields {
  if (isEmpty(a) || isEmpty(b)) return a;
  return recursiveDifferenceNode(a, b, true) ?? EMPTY_SET;
}

/** A set holding one path. */
export function pathSet(path: readonly string[]): Fields {
  let n: Fields = LEAF_NODE;
  for (let i = path.length - 1; i >= 0; i--) n = Object.freeze({ [path[i]!]: n });
  return n;
}

/** Every member path, in order (Set.Iterate). */
export function memberPaths(root: Fields): string[][] {
  const out: string[][] = [];
  const walk = (n: Fields, path: string[]): void => {
    if (path.length > 0 && isMember(n)) out.push([...path]);
    for (const k of childKeys(n)) {
      path.push(k);
      walk(n[k]!, path);
      path.pop();
    }
  };
  walk(root, []);
  return out;
}

/** value.ToString: strings quoted as Go's %q, numbers and booleans plain. */
function valueString(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Path.String: `.spec.template.spec.containers[name="api"].image`. */
export function pathString(path: readonly string[]): string {
  let s = "";
  for (const e of path) {
    const rest = e.slice(2);
    switch (e[0]) {
      case "f":
        s += `.${rest}`;
        break;
      case "k": {
        const key = JSON.parse(rest) as Record<string, unknown>;
        s += `[${Object.entries(key)
          .map(([n, v]) => `${n}=${valueString(v)}`)
          .join(",")}]`;
        break;
      }
      case "v":
        s += `[=${valueString(JSON.parse(rest))}]`;
        break;
      default:
        s += `[${rest}]`;
    }
  }
  return s;
}

/** Checks that `v` is a well-formed fieldsV1 tree (what a client may send back). */
export function isFieldsV1(v: unknown): v is Fields {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  for (const [k, c] of Object.entries(v as Record<string, unknown>)) {
    if (k !== SELF && !/^[fkvi]:/.test(k)) return false;
    if (!isFieldsV1(c)) return false;
  }
  return true;
}
