/**
 * A command's two output streams, gathered as text and passed on to the
 * host's onOutput as they are written (for streaming commands).
 */
import type { CommandResult, KubectlHost } from "./types.js";

/**
 * The stderr line of get, describe, top, logs and rollout when nothing
 * matched: `No resources found in default namespace.`, or without a
 * namespace (all namespaces, cluster-scoped kinds) `No resources found`.
 */
export function noResourcesFound(namespace: string | undefined): string {
  return namespace === undefined
    ? "No resources found\n"
    : `No resources found in ${namespace} namespace.\n`;
}

export class Output {
  private out = "";
  private err = "";

  constructor(private readonly host: KubectlHost) {}

  /** Writes to stdout (no newline added). */
  write(text: string): void {
    if (text === "") return;
    this.out += text;
    this.host.onOutput?.("stdout", text);
  }

  /** Writes a line to stdout. */
  line(text = ""): void {
    this.write(`${text}\n`);
  }

  /** Writes to stderr (no newline added). */
  error(text: string): void {
    if (text === "") return;
    this.err += text;
    this.host.onOutput?.("stderr", text);
  }

  result(exitCode: number): CommandResult {
    return { stdout: this.out, stderr: this.err, exitCode };
  }
}
