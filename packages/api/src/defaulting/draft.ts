/**
 * Small helpers for defaulting plain JSON objects inside an immer draft.
 *
 * Kubernetes defaults typed Go structs after decoding, so a field is either
 * absent or of the right type. kubesim defaults the JSON body as received,
 * before validation, so every helper here tolerates a wrong shape (a string
 * where an object belongs) by leaving it alone: validation reports it later.
 */

/** A JSON object (not an array, not null). */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Returns `o[key]` as an object, creating `{}` when it is absent. Returns
 * undefined when the field holds something that is not an object.
 */
export function ensureObj(o: Obj, key: string): Obj | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    o[key] = {};
    return o[key] as Obj;
  }
  return isObj(v) ? v : undefined;
}

/** `o[key]` when it is an object, else undefined (never creates it). */
export function objAt(o: Obj, key: string): Obj | undefined {
  const v = o[key];
  return isObj(v) ? v : undefined;
}

/** The object elements of `o[key]` when it is an array (other elements are skipped). */
export function objectsAt(o: Obj, key: string): Obj[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** Sets `o[key] = value` when the field is absent (undefined or null). */
export function setIfAbsent(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** Sets `o[key] = value` when the field is absent or the empty string (Go's zero value for strings). */
export function setIfEmpty(o: Obj, key: string, value: string): void {
  if (o[key] === undefined || o[key] === null || o[key] === "") o[key] = value;
}

/** Sets `o[key] = value` when the field is absent or 0 (Go's zero value for non-pointer ints). */
export function setIfZero(o: Obj, key: string, value: number): void {
  if (o[key] === undefined || o[key] === null || o[key] === 0) o[key] = value;
}
