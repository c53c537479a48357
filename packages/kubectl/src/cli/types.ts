/**
 * What a kubectl-style command runs against and what it gives back. The same
 * commands serve `kubesim shell`, scenario files (`kubesim run`), the demo
 * and tests: the host supplies the cluster, the files `-f` reads, standard
 * input and the current namespace; the result is kubectl's stdout, stderr
 * and exit code.
 */
import type { Cluster, Millis } from "kubesim";

export interface KubectlHost {
  readonly cluster: Cluster;
  /** The namespace of the current context (default "default"). */
  readonly namespace?: string;
  /** Standard input, for `-f -`. */
  readonly stdin?: string;
  /** Files for `-f`: the CLI passes node:fs; tests pass a map. */
  readonly files?: FileAccess;
  /**
   * How long a streaming command (`get -w`, `logs -f`, `rollout status`)
   * runs the virtual clock: it stops once nothing was printed for `quiet`,
   * or after `max` in all (defaults 30 s and 10 min of virtual time).
   */
  readonly stream?: { readonly quiet?: Millis; readonly max?: Millis };
  /** Called with each chunk of streamed output as it is printed (a terminal shows it at once). */
  readonly onOutput?: (stream: "stdout" | "stderr", text: string) => void;
}

export interface FileAccess {
  /** The file's text; throws an Error with code ENOENT when it is missing. */
  readFile(path: string): string;
  isDirectory(path: string): boolean;
  /** Entry names of a directory, sorted. */
  readDir(path: string): readonly string[];
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}
