/**
 * What the streaming subresources (pods/log, pods/exec, pods/attach) need
 * from the server: the cluster whose kubelets hold the logs and run the
 * commands, its API client, the pacer to run every sim call on the loop,
 * and wall-time timers to poll a followed log.
 */
import type { ApiClient } from "@kubesim/api";
import type { Cluster } from "kubesim";
import type { Logger } from "pino";

export interface StreamContext {
  readonly cluster: Cluster;
  readonly client: ApiClient;
  /** Runs `fn` on the sim loop (the pacer's run). */
  run<T>(fn: () => T): T;
  /** A wall-time timer; returns its cancel function. */
  setWallTimer(ms: number, fn: () => void): () => void;
  /** How often (wall ms) a followed log or an attach looks for new lines (default 100). */
  readonly followPollMs?: number;
  readonly logger: Logger;
}

export const DEFAULT_FOLLOW_POLL_MS = 100;
