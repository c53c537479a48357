/**
 * JSON as Go's encoding/json writes a map[string]interface{}: keys sorted,
 * compact, with `<`, `>`, `&`, U+2028 and U+2029 escaped (json.Marshal's
 * HTML-safe default). kubectl writes the last-applied-configuration
 * annotation and its patches this way (unstructured.UnstructuredJSONScheme),
 * so byte-equal annotations compare equal.
 */

const escapes: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]!);
}

/**
 * encoding/json.Marshal of a JSON value: map keys sorted (unstructured
 * objects), or, with `sortKeys` false, in the object's own order (a typed
 * object's struct field order).
 */
export function goJson(v: unknown, sortKeys = true): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goString(v);
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map((x) => goJson(x, sortKeys)).join(",")}]`;
  if (typeof v === "object") {
    const keys = sortKeys ? Object.keys(v).sort() : Object.keys(v);
    const body = keys.map(
      (k) => `${goString(k)}:${goJson((v as Record<string, unknown>)[k], sortKeys)}`,
    );
    return `{${body.join(",")}}`;
  }
  return "null";
}

/**
 * json.MarshalIndent(v, "", "    ") as kubectl's `-o json` prints it: keys
 * sorted for objects read from the server (unstructured maps), or in the
 * object's own order for the typed objects `create deployment` and friends
 * build (Go struct field order).
 */
export function goJsonIndent(v: unknown, sortKeys = true, prefix = ""): string {
  const indent = "    ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inner = prefix + indent;
    return `[\n${v.map((x) => inner + goJsonIndent(x, sortKeys, inner)).join(",\n")}\n${prefix}]`;
  }
  if (v !== null && typeof v === "object") {
    const keys = sortKeys ? Object.keys(v).sort() : Object.keys(v);
    if (keys.length === 0) return "{}";
    const inner = prefix + indent;
    const body = keys.map(
      (k) =>
        `${inner}${goString(k)}: ${goJsonIndent((v as Record<string, unknown>)[k], sortKeys, inner)}`,
    );
    return `{\n${body.join(",\n")}\n${prefix}}`;
  }
  return goJson(v);
}
