/**
 * How a fake container behaves, resolved to exact values (milliseconds and
 * bytes). The image catalogue (a cluster option or a YAML file) gives a
 * behavior per image, pod annotations override it per pod or per container
 * (catalogue.ts). The fake runtime and the prober read only this shape.
 *
 * The default is a small HTTP app that starts at once, listens on the
 * container's declared containerPorts, answers 200 on every path, never exits
 * and logs one line per request.
 */
import type { Millis } from "@kubesim/sim";

/** When the app's readiness endpoint answers 200 (otherwise 503). */
export type ReadinessSchedule =
  | { readonly kind: "after"; readonly after: Millis }
  | { readonly kind: "never" }
  /** Not ready until `after`, then ready for `up`, not ready for `down`, repeating. */
  | {
      readonly kind: "flapping";
      readonly after: Millis;
      readonly up: Millis;
      readonly down: Millis;
    };

export interface PullBehavior {
  /** When set, every pull fails with this error text (ErrImagePull, then ImagePullBackOff). */
  readonly error?: string;
  /** How long a successful pull takes. */
  readonly duration: Millis;
  /** Image size in bytes, for the Pulled event. */
  readonly size: number;
}

export interface ImageBehavior {
  readonly pull: PullBehavior;
  /** Time from the container's start until it listens on its ports (connections are refused before). */
  readonly start: Millis;
  /** Answers on readiness endpoints (those the readiness probe checks): 200 when ready, 503 when not. */
  readonly readiness: ReadinessSchedule;
  /** Answers on liveness endpoints: 200, then `status` from `failAfter` (since start) on. */
  readonly liveness: { readonly failAfter?: Millis; readonly status: number };
  /** The process exits by itself `after` its start with `code` (0 = Completed, else Error). */
  readonly exit?: { readonly after: Millis; readonly code: number };
  /** Resident memory: `start` bytes, growing by `growthPerSecond`; past limits.memory it is OOMKilled. */
  readonly memory: { readonly start: number; readonly growthPerSecond: number };
  /** CPU use in millicores (for kubectl top). */
  readonly cpu: number;
  /** Every HTTP answer takes this long; longer than a probe's timeout is a probe timeout. */
  readonly latency: Millis;
  /**
   * Response body template. `$(POD_NAME)`, `$(POD_NAMESPACE)`, `$(POD_IP)`,
   * `$(HOSTNAME)`, `$(IMAGE)`, `$(CONTAINER)`, `$(PATH)` are replaced.
   */
  readonly body: string;
  /** A log line per request served (and per probe answered). */
  readonly logRequests: boolean;
  /** Extra ports the app listens on besides the declared containerPorts. */
  readonly ports: readonly number[];
  /** How long the process takes to exit after SIGTERM; undefined = it ignores SIGTERM (killed at the grace period). */
  readonly stopAfterSigterm: Millis | undefined;
}

export const DEFAULT_BODY = "Hello from $(POD_NAME) ($(IMAGE))\n";

export const defaultBehavior: ImageBehavior = Object.freeze({
  pull: Object.freeze({ duration: 0, size: 29_360_128 }),
  start: 0,
  readiness: Object.freeze({ kind: "after", after: 0 }),
  liveness: Object.freeze({ status: 500 }),
  memory: Object.freeze({ start: 16 * 1024 * 1024, growthPerSecond: 0 }),
  cpu: 1,
  latency: 0,
  body: DEFAULT_BODY,
  logRequests: true,
  ports: Object.freeze([]),
  stopAfterSigterm: 0,
}) as ImageBehavior;
