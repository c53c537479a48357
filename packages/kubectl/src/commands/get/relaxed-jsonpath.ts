/**
 * RelaxedJSONPathExpression of staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go:
 * `metadata.name`, `.metadata.name`, `{metadata.name}` and `{.metadata.name}`
 * all become `{.metadata.name}` (for --sort-by and custom columns).
 */
import { KubectlError } from "../../cli/errors.js";

const jsonRegexp = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/s;

export function relaxedJSONPathExpression(pathExpression: string): string {
  if (pathExpression.length === 0) return pathExpression;
  const m = jsonRegexp.exec(pathExpression);
  if (m === null)
    throw new KubectlError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  return `{.${m[1] ?? m[2]}}`;
}
