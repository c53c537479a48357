/**
 * How kubectl prints the error a command ends with: cmdutil.CheckErr
 * (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go). An aggregate of one
 * error is unwrapped; an Invalid API error prints as `The Deployment "web"
 * is invalid: <field>: <message>` (one line per cause after the first two);
 * several errors print one per line, API errors as `Error from server
 * (<reason>): <message>` and other errors bare; a lone client-side error gets
 * `error: ` in front.
 */
import { isApiError, type ApiError } from "@kubesim/api";
import { isManifestError, PatchComputeError } from "kubesim";
import { isKubectlError, KubectlError } from "../../cli/errors.js";
import type { CommandContext } from "../../cli/command.js";

/** utilerrors.Aggregate: several errors reported together. */
export class Aggregate extends Error {
  constructor(readonly errors: readonly unknown[]) {
    super(
      errors.length === 1
        ? messageOf(errors[0])
        : `[${errors.map((e) => messageOf(e)).join(", ")}]`,
    );
    this.name = "Aggregate";
  }
}

/** utilerrors.NewAggregate: nothing for no errors, else an aggregate. */
export function aggregate(errors: readonly unknown[]): Aggregate | undefined {
  return errors.length === 0 ? undefined : new Aggregate(errors);
}

/** err.Error(): the plain message (an API error's status message, without "Error from server"). */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** StandardErrorMessage, else err.Error(): one line of MultipleErrors. */
function messageForError(e: unknown): string {
  if (isApiError(e)) return standardApiMessage(e);
  return messageOf(e);
}

function standardApiMessage(e: ApiError): string {
  if (e.reason === "Unauthorized")
    return `error: You must be logged in to the server (${e.message})`;
  return `Error from server (${e.reason}): ${e.message}`;
}

/** The Invalid case: `The <Kind> "<name>" is invalid: ...` with the status causes. */
function invalidMessage(e: ApiError): string {
  const details = e.status.details;
  let s = "The request is invalid";
  if (details === undefined) return `${s}\n`;
  if ((details.kind ?? "") !== "" || (details.name ?? "") !== "")
    s = `The ${details.kind ?? ""} ${JSON.stringify(details.name ?? "")} is invalid`;
  const causes = details.causes ?? [];
  if (causes.length === 0) return `${s}\n`;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const c of causes) {
    const m = `${c.field ?? ""}: ${c.message ?? ""}`;
    if (seen.has(m)) continue;
    seen.add(m);
    lines.push(m);
  }
  if (lines.length === 1) return `${s}: ${lines[0]}\n`;
  return `${s}: \n${lines.map((l) => `* ${l}\n`).join("")}`;
}

function flatten(errors: readonly unknown[]): unknown[] {
  return errors.flatMap((e) => (e instanceof Aggregate ? flatten(e.errors) : [e]));
}

/** The text CheckErr prints for an error (ending in a newline). */
export function checkErrText(err: unknown): string {
  let e = err;
  if (e instanceof Aggregate && e.errors.length === 1) e = e.errors[0];
  if (isApiError(e) && e.reason === "Invalid") return invalidMessage(e);
  if (e instanceof Aggregate) return e.errors.map((x) => `${messageForError(x)}\n`).join("");
  if (isApiError(e)) return `${standardApiMessage(e)}\n`;
  if (isKubectlError(e) && e.usageOf !== undefined)
    return `error: ${e.message}\nSee 'kubectl ${e.usageOf} --help' for usage.\n`;
  const msg = messageOf(e);
  const text = msg.startsWith("error: ") ? msg : `error: ${msg}`;
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** Prints the error as CheckErr does and returns kubectl's exit code (1). */
export function checkErr(ctx: CommandContext, err: unknown): number {
  ctx.out.error(checkErrText(err));
  return 1;
}

/** Errors that are the user's or the server's answer, not kubesim bugs. */
export function isReportable(e: unknown): boolean {
  return (
    isApiError(e) ||
    isKubectlError(e) ||
    isManifestError(e) ||
    e instanceof Aggregate ||
    e instanceof PatchComputeError
  );
}

/** Runs a command body and prints what it throws as CheckErr does; bugs still throw. */
export function runChecked(ctx: CommandContext, body: () => number | void): number {
  try {
    return body() ?? 0;
  } catch (e) {
    if (!isReportable(e)) throw e;
    return checkErr(ctx, e);
  }
}

export { flatten as flattenErrors };

/** cmdutil.UsageErrorf: the message, then `See 'kubectl <cmd> -h' for help and examples`. */
export function usageErrorf(commandPath: string, message: string): KubectlError {
  return new KubectlError(`${message}\nSee 'kubectl ${commandPath} -h' for help and examples`);
}
