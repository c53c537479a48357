/**
 * What a REST handler answers: a code, a JSON body and headers, computed on
 * the sim loop and written afterwards. Warnings of a write become
 * `Warning: 299 - "..."` headers, as kube-apiserver's warning recorder
 * writes them (staging/src/k8s.io/apiserver/pkg/endpoints/filters/warning.go).
 */
export interface ApiResponse {
  readonly code: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly contentType?: string;
}

/** RFC 7234 warning headers, one per text: `299 - "unknown field \"spec.foo\""`. */
export function warningHeaders(warnings: readonly string[]): Record<string, string[]> {
  if (warnings.length === 0) return {};
  return {
    Warning: warnings.map((w) => `299 - ${JSON.stringify(w.replace(/[\r\n]+/g, " "))}`),
  };
}
