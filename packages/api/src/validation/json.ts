/**
 * Read-only accessors over a decoded JSON object.
 *
 * Kubernetes validates typed Go structs, where an absent field reads as its
 * zero value ("" for strings, 0 for ints, nil for pointers, slices and maps).
 * These accessors give the same reading of a JSON body, so validators can be
 * written the way upstream's are. A field of the wrong JSON type reads as
 * absent: type errors are decode errors (400), not validation errors (422).
 */

export type Obj = Readonly<Record<string, unknown>>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The string at `o[k]`, or "" (Go's zero value). */
export function str(o: Obj | undefined, k: string): string {
  const v = o?.[k];
  return typeof v === "string" ? v : "";
}

/** The string at `o[k]`, or undefined when absent (a Go `*string`). */
export function optStr(o: Obj | undefined, k: string): string | undefined {
  const v = o?.[k];
  return typeof v === "string" ? v : undefined;
}

/** The number at `o[k]`, or undefined when absent (a Go pointer to an int). */
export function optNum(o: Obj | undefined, k: string): number | undefined {
  const v = o?.[k];
  return typeof v === "number" ? v : undefined;
}

/** The number at `o[k]`, or 0 (Go's zero value). */
export function num(o: Obj | undefined, k: string): number {
  return optNum(o, k) ?? 0;
}

/** The boolean at `o[k]`, or undefined. */
export function optBool(o: Obj | undefined, k: string): boolean | undefined {
  const v = o?.[k];
  return typeof v === "boolean" ? v : undefined;
}

/** The object at `o[k]`, or undefined (a nil pointer). */
export function obj(o: Obj | undefined, k: string): Obj | undefined {
  const v = o?.[k];
  return isObj(v) ? v : undefined;
}

/** The elements of the array at `o[k]` (non-objects read as `{}`, so indices stay true). */
export function items(o: Obj | undefined, k: string): Obj[] {
  const v = o?.[k];
  return Array.isArray(v) ? v.map((e: unknown) => (isObj(e) ? e : {})) : [];
}

/** The array at `o[k]`, as is, or [] (a nil slice). */
export function list(o: Obj | undefined, k: string): readonly unknown[] {
  const v = o?.[k];
  return Array.isArray(v) ? v : [];
}

/** The string array at `o[k]` (non-strings read as ""). */
export function strings(o: Obj | undefined, k: string): string[] {
  return list(o, k).map((e) => (typeof e === "string" ? e : ""));
}

/** The string-valued map at `o[k]` (a Go map[string]string); non-string values read as "". */
export function stringMap(o: Obj | undefined, k: string): Record<string, string> | undefined {
  const v = obj(o, k);
  return v === undefined ? undefined : stringValues(v);
}

/** A JSON object read as a Go map[string]string: non-string values read as "". */
export function stringValues(v: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(v)) {
    const value = v[key];
    out[key] = typeof value === "string" ? value : "";
  }
  return out;
}

/** The map at `o[k]` as entries (insertion order, which makes error order deterministic). */
export function entries(o: Obj | undefined, k: string): [string, unknown][] {
  const v = obj(o, k);
  return v === undefined ? [] : Object.entries(v);
}

/** Byte length of the UTF-8 encoding (Go's len() on a string). */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
