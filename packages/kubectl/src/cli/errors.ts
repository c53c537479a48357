/**
 * kubectl's error lines. An API error prints as
 * `Error from server (NotFound): deployments.apps "web" not found`
 * (cmdutil.CheckErr / StandardErrorMessage); a usage or client-side error as
 * `error: <message>`, with the "See 'kubectl <cmd> --help' for usage." line
 * for flag errors.
 */
import { isApiError } from "@kubesim/api";

/** A client-side error: printed as `error: <message>`, exit 1. */
export class KubectlError extends Error {
  constructor(
    message: string,
    /** Adds "See 'kubectl <command> --help' for usage." (flag and argument errors). */
    readonly usageOf?: string,
  ) {
    super(message);
    this.name = "KubectlError";
  }
}

export function isKubectlError(e: unknown): e is KubectlError {
  return e instanceof KubectlError;
}

/** The text kubectl prints for an error (with the trailing newline). */
export function formatError(e: unknown): string {
  if (isApiError(e)) {
    const reason = e.reason === "InternalError" ? "InternalError" : e.reason;
    return `Error from server (${reason}): ${e.message}\n`;
  }
  if (isKubectlError(e)) {
    const usage = e.usageOf === undefined ? "" : `See 'kubectl ${e.usageOf} --help' for usage.\n`;
    return `error: ${e.message}\n${usage}`;
  }
  throw e;
}
