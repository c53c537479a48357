/**
 * How `kubectl get` reports the failures it collected: cmdutil.CheckErr of
 * staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go. One error prints as
 * usual (`Error from server (NotFound): pods "x" not found`, or
 * `error: ...`); several print one per line (MultipleErrors), API errors in
 * their standard form and others as bare messages.
 */
import { isApiError } from "@kubesim/api";
import { formatError, isKubectlError } from "../../cli/errors.js";

function standardMessage(e: unknown): string | undefined {
  if (isApiError(e)) return formatError(e).replace(/\n$/, "");
  return undefined;
}

/** The stderr text for the collected errors (empty for none). */
export function formatErrors(errors: readonly unknown[]): string {
  if (errors.length === 0) return "";
  if (errors.length === 1) {
    const e = errors[0];
    if (isApiError(e)) return formatError(e);
    if (isKubectlError(e) && !e.message.endsWith("\n")) return formatError(e);
    // fatal(): "error: " unless the message has it, a newline unless it ends in one
    const msg = (e as Error).message;
    const text = msg.startsWith("error: ") ? msg : `error: ${msg}`;
    return text.endsWith("\n") ? text : `${text}\n`;
  }
  return errors.map((e) => `${standardMessage(e) ?? (e as Error).message}\n`).join("");
}
