/**
 * Field paths as k8s.io/apimachinery/pkg/util/validation/field.Path prints
 * them: children joined by ".", list indices as `[0]`, map keys as `[key]`
 * (unquoted). Example: child(index("spec.containers", 0), "image") is
 * "spec.containers[0].image"; key("metadata.annotations", "a/b") is
 * "metadata.annotations[a/b]".
 */

export function child(path: string, ...names: string[]): string {
  let p = path;
  for (const n of names) p = p === "" ? n : `${p}.${n}`;
  return p;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
