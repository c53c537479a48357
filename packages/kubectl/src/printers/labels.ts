/**
 * Label cells: `labels.FormatLabels` (staging/src/k8s.io/apimachinery/pkg/labels/labels.go),
 * which prints a label set as sorted `key=value` pairs joined by commas, or
 * "<none>" when empty. Used by the SELECTOR columns and `--show-labels`.
 */

/** `app=web,tier=db`; "<none>" for an empty or missing set. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** Go's string ordering (bytewise on UTF-8; the same as UTF-16 order for BMP text). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
