/**
 * Plain JSON values as the three patch mechanisms see them: the decoded
 * `map[string]interface{}` / `[]interface{}` / scalars that kube-apiserver's
 * patch handler (k8s.io/apiserver/pkg/endpoints/handlers/patch.go) works on.
 *
 * Guarantees: nothing here mutates its arguments. Objects are built with own
 * data properties only, so a key such as `"__proto__"` stays an ordinary key
 * (as it is in Go's maps) instead of changing an object's prototype.
 */

/** A decoded JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/** True for a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `key in obj` for own keys only: Go's `_, ok := m[key]`. */
export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/**
 * Builds an object from entries, defining each key as an own data property
 * (as Object.fromEntries does). A Map is read directly, without the entry
 * pairs an iterator would hand out.
 */
export function objectFrom(
  entries: ReadonlyMap<string, unknown> | Iterable<readonly [string, unknown]>,
): JsonObject {
  if (!(entries instanceof Map)) return Object.fromEntries(entries) as JsonObject;
  const out: Record<string, unknown> = {};
  entries.forEach((v: unknown, k: string) => {
    // Assignment would run the __proto__ setter; define it as an ordinary key instead.
    if (k === "__proto__")
      Object.defineProperty(out, k, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = v;
  });
  return out;
}

/** The entries of a JSON object as a Map, to edit a copy in place (Go edits its maps in place). */
export function toMap(obj: JsonObject): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) m.set(keys[i]!, obj[keys[i]!]);
  return m;
}

/** encoding/json's name for a JSON value in an UnmarshalTypeError: "cannot unmarshal array into ...". */
export function jsonKindName(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  return "object";
}
