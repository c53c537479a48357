/**
 * apiequality.Semantic.DeepEqual on JSON values (k8s.io/apimachinery/pkg/api/equality),
 * and a readable diff for the messages that upstream fills with cmp.Diff.
 *
 * Semantic equality treats an empty list or map as equal to a missing one
 * (Go's nil and empty slices and maps compare equal there). kubesim also reads
 * a missing field as equal to `{}`, which Go only does for maps; both sides of
 * every comparison here are defaulted, which removes the cases where that
 * matters. Not reproduced: upstream compares resource.Quantity fields by value
 * ("1" equals "1000m"); without a schema a string is compared as a string.
 */

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Every key of either side, without building their union (controllers call this on every sync).
  for (const k of Object.keys(ao)) if (!semanticEqual(ao[k], bo[k])) return false;
  for (const k of Object.keys(bo)) {
    if (!Object.hasOwn(ao, k) && !semanticEqual(undefined, bo[k])) return false;
  }
  return true;
}

/**
 * The differing leaves between two JSON values, one line each:
 * `  spec.containers[0].ports[0].containerPort: 80 -> 8080`. Used where upstream
 * appends cmp.Diff output (a Go-syntax diff kubesim does not reproduce).
 */
export function semanticDiff(a: unknown, b: unknown, path: string): string[] {
  if (semanticEqual(a, b)) return [];
  const show = (v: unknown): string => (v === undefined ? "<unset>" : JSON.stringify(v));
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => semanticDiff(x, b[i], `${path}[${i}]`));
  }
  const isRec = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isRec(a) && isRec(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => semanticDiff(a[k], b[k], path === "" ? k : `${path}.${k}`));
  }
  return [`  ${path}: ${show(a)} -> ${show(b)}`];
}
