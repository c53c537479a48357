/**
 * How Go sees a decoded JSON value, for the parts of kube-apiserver's patch code
 * whose behaviour or wording depends on it: `==` between `interface{}` values,
 * `map[interface{}]` keys, `reflect.TypeOf(v)` and `fmt.Sprintf("%v", v)`.
 *
 * Mirrors the Go semantics used by k8s.io/apimachinery/pkg/util/strategicpatch
 * (patch.go) and k8s.io/apimachinery/pkg/util/mergepatch (errors.go):
 * - decoding keeps integers as int64 and other numbers as float64
 *   (kjson.UnmarshalCaseSensitivePreserveInts, runtime.DefaultUnstructuredConverter);
 * - `==` on two maps or two slices panics in Go ("comparing uncomparable type"),
 *   and so does using one as a map key ("hash of unhashable type"). The
 *   apiserver recovers the panic and answers 500; `goEqual` and `goSetKey` raise
 *   that same answer (see `apiserverPanic`).
 */
import { apiserverPanic } from "./patch-errors.js";
import { isJsonObject } from "./json-value.js";

/** The Go dynamic type of a decoded JSON value, as `reflect.TypeOf(v).String()` prints it. */
export type GoType =
  "nil" | "string" | "bool" | "int64" | "float64" | "[]interface {}" | "map[string]interface {}";

export function goTypeOf(v: unknown): GoType {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** `reflect.TypeOf(v)` printed with `%s`: a nil interface prints as `%!s(<nil>)`. */
export function goTypeName(v: unknown): string {
  const t = goTypeOf(v);
  return t === "nil" ? "%!s(<nil>)" : t;
}

const uncomparable = (t: GoType): boolean =>
  t === "[]interface {}" || t === "map[string]interface {}";

/**
 * Go's `a == b` for two `interface{}` values: false when the dynamic types
 * differ, a panic when both hold the same uncomparable type (map or slice).
 */
export function goEqual(a: unknown, b: unknown): boolean {
  const ta = goTypeOf(a);
  const tb = goTypeOf(b);
  if (ta !== tb) return false;
  if (uncomparable(ta)) throw apiserverPanic();
  return ta === "nil" ? true : a === b;
}

/** A key for `map[interface{}]bool`: type-tagged, and a panic for maps and slices. */
export function goSetKey(v: unknown): string {
  const t = goTypeOf(v);
  if (uncomparable(t)) throw apiserverPanic();
  return t === "nil" ? "nil" : `${t}:${String(v)}`;
}

/** `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` prints a float64: 1e+06, 0.5, 1e-05. */
function goFloat(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mantissa = "0", expText = "0"] = f.toExponential().split("e");
  const exp = Number(expText);
  // fmt's %v is %g with the shortest digits, which switches to the %e form when
  // the exponent is < -4 or >= 6: fmt.Sprint(1e6) is "1e+06", fmt.Sprint(0.5) "0.5".
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f);
}

function goScalar(v: unknown, verb: "v" | "s"): string {
  const t = goTypeOf(v);
  let text: string;
  if (t === "nil") text = "<nil>";
  else if (t === "float64") text = goFloat(v as number);
  else text = String(v);
  // %s of a non-string is a formatting error that fmt prints inline.
  if (verb === "s" && t !== "string") return t === "nil" ? "%!s(<nil>)" : `%!s(${t}=${text})`;
  return text;
}

/**
 * `fmt.Sprintf("%v", v)` (or `%s`) of a decoded JSON value: maps print as
 * `map[k1:v1 k2:v2]` with sorted keys, slices as `[a b]`, nil as `<nil>`.
 *
 * Example: `goFormat({ value: "b", name: 1 })` is `map[name:1 value:b]`.
 */
export function goFormat(v: unknown, verb: "v" | "s" = "v"): string {
  if (Array.isArray(v)) return `[${v.map((x) => goFormat(x, verb)).join(" ")}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort(compareBytes);
    return `map[${keys.map((k) => `${k}:${goFormat(v[k], verb)}`).join(" ")}]`;
  }
  return goScalar(v, verb);
}

/** Go's string ordering (bytewise on UTF-8, which is code point order), as fmt uses to print maps. */
export function compareBytes(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const cb = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}
