/**
 * JSON as kubectl prints it: Go's encoding/json on unstructured objects
 * (json.MarshalIndent with four spaces for `-o json`, json.Marshal for
 * jsonpath values). Maps print with sorted keys, `<`, `>`, `&`, U+2028 and
 * U+2029 are escaped as \u003c and so on (HTMLEscape), control characters as
 * \n, \t, \b, \f or \u00XX, and empty maps and arrays as {} and [].
 * Undefined fields are left out, as JSON.stringify leaves them out.
 */
import { byteOrder } from "./labels.js";

const escapes: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

// eslint-disable-next-line no-control-regex
const needsEscape = /["\\<>&\u2028\u2029\u0000-\u001f]/g;

/** A JSON string literal as Go writes it. */
export function goQuoteJSON(s: string): string {
  return `"${s.replace(
    needsEscape,
    (c) => escapes[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  )}"`;
}

/** A number as encoding/json writes float64 (and int64): the same as JavaScript's shortest form. */
export function goJSONNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? "-0" : String(n);
}

/**
 * `json.Marshal(v)` (indent "") or `json.MarshalIndent(v, "", indent)`.
 * No trailing newline.
 */
export function goJSON(value: unknown, indent = ""): string {
  return encode(value, indent, "");
}

function encode(v: unknown, indent: string, prefix: string): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return goQuoteJSON(v);
    case "number":
      return goJSONNumber(v);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    case "object":
      break;
    default:
      throw new Error(`json: unsupported type: ${typeof v}`);
  }
  const inner = prefix + indent;
  const nl = indent === "" ? "" : "\n";
  const sep = indent === "" ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items = v.map((x: unknown) => `${nl}${inner}${encode(x, indent, inner)}`);
    return `[${items.join(",")}${nl}${prefix}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(byteOrder);
  if (keys.length === 0) return "{}";
  const items = keys.map(
    (k) => `${nl}${inner}${goQuoteJSON(k)}${sep}${encode(obj[k], indent, inner)}`,
  );
  return `{${items.join(",")}${nl}${prefix}}`;
}
