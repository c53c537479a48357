/**
 * Values that a field error shows as Go's `%#v` prints them
 * (k8s.io/apimachinery/pkg/util/validation/field Error.ErrorBody falls back
 * to `%#v` for anything but strings, numbers, booleans and Stringers, after
 * dereferencing pointers). The JSON value alone cannot say which Go type a
 * field has (a map, a struct, a nil map), so validation wraps the value in a
 * GoValue built from the field's own type:
 *
 *   goStringMap({ app: "web" })      → map[string]string{"app":"web"}
 *   goStringMap(undefined)           → map[string]string(nil)
 *   goLabelSelector({ matchLabels: { app: "web" } })
 *     → v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}
 */

/** A field value with its Go `%#v` text; serialises as the plain value. */
export class GoValue {
  constructor(
    /** What `%#v` prints. */
    readonly text: string,
    /** The JSON value it stands for. */
    readonly value: unknown,
  ) {}

  toJSON(): unknown {
    return this.value;
  }
}

/** Go's strconv.Quote (what `%q` and `%#v` print for a string), for the printable text kubesim meets. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function stringMapText(m: unknown): string {
  if (!isRecord(m)) return "map[string]string(nil)";
  // fmt prints map keys sorted.
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(", ")}}`;
}

function stringSliceText(v: unknown): string {
  if (!Array.isArray(v)) return "[]string(nil)";
  return `[]string{${v.map((x) => goQuote(String(x))).join(", ")}}`;
}

/** A map[string]string field (labels, matchLabels, nodeSelector). */
export function goStringMap(m: unknown): GoValue {
  return new GoValue(stringMapText(m), m ?? null);
}

/** A metav1.LabelSelector (a *LabelSelector is dereferenced by ErrorBody). */
export function goLabelSelector(selector: unknown): GoValue {
  if (!isRecord(selector)) return new GoValue("null", null);
  const exprs = selector["matchExpressions"];
  const exprText = Array.isArray(exprs)
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => {
          const r = isRecord(e) ? e : {};
          return `v1.LabelSelectorRequirement{Key:${goQuote(String(r["key"] ?? ""))}, Operator:${goQuote(String(r["operator"] ?? ""))}, Values:${stringSliceText(r["values"])}}`;
        })
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return new GoValue(
    `v1.LabelSelector{MatchLabels:${stringMapText(selector["matchLabels"])}, MatchExpressions:${exprText}}`,
    selector,
  );
}
