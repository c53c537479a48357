/**
 * One kubectl command: its words ("get", "rollout status", "create
 * configmap"), its flags, and a run function that writes through the
 * context and returns the exit code. Commands throw ApiError or KubectlError
 * for failures that end them; the dispatcher prints those as kubectl does.
 */
import type { Cluster } from "kubesim";
import { Flags, parseFlags, type FlagSpec } from "./flags.js";
import { Output } from "./output.js";
import type { KubectlHost } from "./types.js";

export interface KubectlCommand {
  /** The words that name it: ["get"], ["rollout", "status"], ["create", "configmap"]. */
  readonly path: readonly string[];
  readonly aliases?: readonly string[];
  /** One line for `kubectl --help`. */
  readonly short: string;
  /** `kubectl <path> --help` text after the short line (usage, examples). */
  readonly usage?: string;
  readonly flags: readonly FlagSpec[];
  run(ctx: CommandContext): number;
}

/** What a running command sees. */
export class CommandContext {
  readonly out: Output;
  readonly flags: Flags;

  constructor(
    readonly host: KubectlHost,
    readonly command: KubectlCommand,
    argv: readonly string[],
  ) {
    this.out = new Output(host);
    this.flags = new Flags(parseFlags(argv, command.flags, command.path.join(" ")));
  }

  get cluster(): Cluster {
    return this.host.cluster;
  }

  get args(): readonly string[] {
    return this.flags.args;
  }

  /** -n, else the context's namespace, else "default". */
  get namespace(): string {
    const n = this.flags.string("namespace");
    return n !== "" ? n : (this.host.namespace ?? "default");
  }

  /** Whether -n was given (some messages name the namespace only then). */
  get namespaceExplicit(): boolean {
    return this.flags.changed("namespace");
  }
}
