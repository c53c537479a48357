/**
 * How an exec or attach ended, and the Status that reports it on the error
 * stream. Mirrors pkg/kubelet/cri/streaming/remotecommand (exec.go
 * ServeExec: Success; for a non-zero exit a Failure with reason
 * NonZeroExitCode and an ExitCode cause; anything else an InternalError)
 * and apiserver/pkg/util/proxy/streamtranslator.go codeExitToStatusError,
 * with containerd's words for the exit (`error executing command [sh -c
 * exit 3], exit code 3`). client-go turns the cause into kubectl's
 * `command terminated with exit code 3` and exit status 3.
 */
import type { Status } from "kubernetes-types/meta/v1";

export type ExecOutcome =
  | { readonly kind: "success" }
  | { readonly kind: "exit"; readonly code: number; readonly command: readonly string[] }
  /** The runtime could not run it: the message of an InternalError. */
  | { readonly kind: "error"; readonly message: string };

/** Go's %v of a []string: `[sh -c exit 3]`. */
function goStrings(argv: readonly string[]): string {
  return `[${argv.join(" ")}]`;
}

/** The Status as the v4 and v5 protocols write it (json.Marshal of a metav1.Status without TypeMeta). */
export function outcomeStatus(o: ExecOutcome): Status {
  switch (o.kind) {
    case "success":
      return { metadata: {}, status: "Success" };
    case "exit":
      return {
        metadata: {},
        status: "Failure",
        message: `command terminated with non-zero exit code: error executing command ${goStrings(o.command)}, exit code ${o.code}`,
        reason: "NonZeroExitCode",
        details: { causes: [{ reason: "ExitCode", message: String(o.code) }] },
      };
    case "error": {
      const cause = o.message.replace(/^Internal error occurred: /, "");
      return {
        metadata: {},
        status: "Failure",
        message: `Internal error occurred: ${cause}`,
        reason: "InternalError",
        details: { causes: [{ message: cause }] },
        code: 500,
      };
    }
  }
}

/** Exit code 0 is success. */
export function exitOutcome(code: number, command: readonly string[]): ExecOutcome {
  return code === 0 ? { kind: "success" } : { kind: "exit", code, command };
}
