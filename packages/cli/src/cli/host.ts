/**
 * The kubectl host the CLI gives every kubectl command: the cluster, files
 * from node:fs (relative paths from a folder), standard input for `-f -`,
 * and each chunk of output passed on as it is printed, so that a terminal
 * shows `rollout status` and `get -w` lines as virtual time runs.
 */
import type { FileAccess, KubectlHost } from "@kubesim/kubectl";
import type { Cluster } from "kubesim";
import { nodeFiles } from "./files.js";

export interface CliHostOptions {
  readonly cluster: Cluster;
  /** Where relative paths start (default the working directory). */
  readonly cwd?: string;
  /** Files for `-f` (default node:fs from `cwd`). */
  readonly files?: FileAccess;
  /** Standard input, for `-f -`. */
  readonly stdin?: string;
  /** Each chunk of output, as it is printed. */
  readonly onOutput?: (stream: "stdout" | "stderr", text: string) => void;
  /** The namespace of the current context (default "default"). */
  readonly namespace?: string;
}

export function cliHost(options: CliHostOptions): KubectlHost {
  return {
    cluster: options.cluster,
    namespace: options.namespace ?? "default",
    files: options.files ?? nodeFiles(options.cwd ?? process.cwd()),
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
  };
}
