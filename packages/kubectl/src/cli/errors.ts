/**
 * kubectl's errors and the one way they are printed: cmdutil.CheckErr of
 * staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (checkErr,
 * StandardErrorMessage, MultipleErrors, MultilineError,
 * statusCausesToAggrError) over utilerrors.Aggregate
 * (staging/src/k8s.io/apimachinery/pkg/util/errors/errors.go).
 *
 * - an aggregate of one error is unwrapped;
 * - an Invalid API error prints `The Deployment "web" is invalid: <field>: <message>`
 *   (one `* field: message` line per cause when there are several);
 * - several errors print one per line, API errors as
 *   `Error from server (<reason>): <message>` and the others bare;
 * - a lone API error prints `Error from server (NotFound): deployments.apps "web" not found`;
 * - any other error prints `error: <message>` (unless it already starts so),
 *   and a flag or argument error adds `See 'kubectl <cmd> --help' for usage.`
 *   (the templater's FlagErrorFunc).
 */
import { isApiError, type ApiError } from "@kubesim/api";
import { isManifestError, PatchComputeError } from "kubesim";
import { JSONPathError } from "../printers/jsonpath/jsonpath.js";
import { JSONPathParseError } from "../printers/jsonpath/parser.js";

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

/** err.Error(): the plain message (an API error's status message, without "Error from server"). */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Flatten: the errors of nested aggregates, in order. */
export function flattenErrors(errors: readonly unknown[]): unknown[] {
  return errors.flatMap((e) => (e instanceof Aggregate ? flattenErrors(e.errors) : [e]));
}

/**
 * utilerrors.Aggregate: several errors reported together. Its message is Go's
 * aggregate.Error(): the one message alone, else `[a, b]` with nested
 * aggregates flattened and repeated messages dropped.
 */
export class Aggregate extends Error {
  constructor(readonly errors: readonly unknown[]) {
    super(aggregateMessage(errors));
    this.name = "Aggregate";
  }
}

function aggregateMessage(errors: readonly unknown[]): string {
  if (errors.length === 1) return messageOf(errors[0]);
  const seen: string[] = [];
  for (const e of flattenErrors(errors)) {
    const m = messageOf(e);
    if (!seen.includes(m)) seen.push(m);
  }
  return seen.length === 1 ? seen[0]! : `[${seen.join(", ")}]`;
}

/** utilerrors.NewAggregate: nothing for no errors, else an aggregate. */
export function aggregate(errors: readonly unknown[]): Aggregate | undefined {
  return errors.length === 0 ? undefined : new Aggregate(errors);
}

/** StandardErrorMessage for an API error. */
function standardApiMessage(e: ApiError): string {
  if (e.reason === "Unauthorized")
    return `error: You must be logged in to the server (${e.message})`;
  return `Error from server (${e.reason}): ${e.message}`;
}

/** messageForError: StandardErrorMessage, else err.Error(). */
function messageForError(e: unknown): string {
  return isApiError(e) ? standardApiMessage(e) : messageOf(e);
}

/** The Invalid case: `The <Kind> "<name>" is invalid: ...` with the status causes (MultilineError). */
function invalidMessage(e: ApiError): string {
  const details = e.status.details;
  let s = "The request is invalid";
  if (details === undefined) return `${s}\n`;
  if ((details.kind ?? "") !== "" || (details.name ?? "") !== "")
    s = `The ${details.kind ?? ""} ${JSON.stringify(details.name ?? "")} is invalid`;
  const causes = details.causes ?? [];
  if (causes.length === 0) return `${s}\n`;
  const lines: string[] = [];
  for (const c of causes) {
    const m = `${c.field ?? ""}: ${c.message ?? ""}`;
    if (!lines.includes(m)) lines.push(m);
  }
  if (lines.length === 1) return `${s}: ${lines[0]}\n`;
  return `${s}: \n${lines.map((l) => `* ${l}\n`).join("")}`;
}

/** fatal(): the message with a newline at the end. */
const terminated = (s: string): string => (s.endsWith("\n") ? s : `${s}\n`);

/**
 * What cmdutil.CheckErr prints for an error (ending in a newline). Every
 * command's failure is printed through this one function.
 */
export function checkErr(err: unknown): string {
  let e = err;
  if (e instanceof Aggregate && e.errors.length === 1) e = e.errors[0];
  if (isApiError(e) && e.reason === "Invalid") return invalidMessage(e);
  if (e instanceof Aggregate) return e.errors.map((x) => `${messageForError(x)}\n`).join("");
  if (isApiError(e)) return terminated(standardApiMessage(e));
  if (isKubectlError(e) && e.usageOf !== undefined)
    return `${terminated(`error: ${e.message}`)}See 'kubectl ${e.usageOf} --help' for usage.\n`;
  const msg = messageOf(e);
  return terminated(msg.startsWith("error: ") ? msg : `error: ${msg}`);
}

/** The same function under the names the CLI and earlier callers use. */
export const formatError = checkErr;
export const checkErrText = checkErr;

/**
 * Errors that are the user's or the server's answer, printed through
 * CheckErr; anything else is a kubesim bug and is thrown on.
 */
export function isReportable(e: unknown): boolean {
  return (
    isApiError(e) ||
    isKubectlError(e) ||
    isManifestError(e) ||
    e instanceof Aggregate ||
    e instanceof PatchComputeError ||
    e instanceof JSONPathError ||
    e instanceof JSONPathParseError
  );
}

/**
 * Runs a command body and prints what it throws as CheckErr does (exit 1);
 * bugs still throw.
 */
export function runChecked(
  ctx: { readonly out: { error(text: string): void } },
  body: () => number | void,
): number {
  try {
    return body() ?? 0;
  } catch (e) {
    if (!isReportable(e)) throw e;
    ctx.out.error(checkErr(e));
    return 1;
  }
}

/** cmdutil.UsageErrorf: the message, then `See 'kubectl <cmd> -h' for help and examples`. */
export function usageErrorf(commandPath: string, message: string): KubectlError {
  return new KubectlError(`${message}\nSee 'kubectl ${commandPath} -h' for help and examples`);
}
