/**
 * Go's formatting of the values kubectl prints from unstructured objects
 * (JSON numbers decode to int64 when whole, else float64):
 * - `formatGoNumber`: fmt's %v and strconv.FormatFloat(f, 'g', -1, 64):
 *   whole numbers as integers, other floats in the shortest form, with an
 *   exponent (`1.5e+06`, `1e-05`) below 1e-4 and from 1e6 up;
 * - `goSyntax`: fmt's %#v of such values (`map[string]interface {}{"a":1}`),
 *   which kubectl's jsonpath error messages show.
 */
import { goQuote } from "@kubesim/api";
import { byteOrder } from "./labels.js";

export { goQuote };

/** strconv 'g' with the shortest precision (eprec 6), for floats that are not whole. */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mantissa, expText] = n.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(n);
}

/** A JSON number as Go prints it with %v: int64 when whole, float64 otherwise. */
export function formatGoNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? BigInt(n).toString() : formatGoFloat(n);
}

const typeName = (v: unknown): string => {
  if (v === null || v === undefined) return "interface {}";
  if (Array.isArray(v)) return "[]interface {}";
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int64" : "float64";
    default:
      return "map[string]interface {}";
  }
};

/** The Go type an unstructured value has: `map[string]interface {}`, `[]interface {}`, `string`, `int64`. */
export const goTypeName = typeName;

/** fmt's %#v of an unstructured value. */
export function goSyntax(v: unknown, nested = false): string {
  if (v === null || v === undefined) return nested ? "interface {}(nil)" : "<nil>";
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x, true)).join(", ")}}`;
  switch (typeof v) {
    case "string":
      return goQuote(v);
    case "boolean":
      return String(v);
    case "number":
      return formatGoNumber(v);
    case "object": {
      const o = v as Record<string, unknown>;
      const entries = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort(byteOrder)
        .map((k) => `${goQuote(k)}:${goSyntax(o[k], true)}`);
      return `map[string]interface {}{${entries.join(", ")}}`;
    }
    default:
      return String(v);
  }
}

/** fmt's %v of an unstructured value: `map[a:1 b:[x y]]`, `<nil>`. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  switch (typeof v) {
    case "number":
      return formatGoNumber(v);
    case "object": {
      const o = v as Record<string, unknown>;
      const entries = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort(byteOrder)
        .map((k) => `${k}:${goValue(o[k])}`);
      return `map[${entries.join(" ")}]`;
    }
    default:
      return String(v);
  }
}
