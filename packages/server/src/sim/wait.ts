/**
 * POST /sim/v1/until: run until a condition holds, or a virtual timeout
 * passes. How it waits depends on the clock:
 *
 * - paused (speed 0): virtual time runs at once, as far as the condition
 *   needs (like `kubesim shell`'s `until`), and the answer comes back
 *   immediately; the clock stays paused where the condition came true.
 * - running: the request waits while the pacer runs virtual time at its
 *   speed, checking the condition as time passes, and answers once it
 *   holds or the timeout passes in virtual time (like `kubectl rollout
 *   status` or `kubectl wait --timeout` against a real cluster). Pausing
 *   meanwhile holds the wait too; `advance` hurries it.
 *
 * A condition that did not come true is not an error of the request: the
 * answer is 200 with `met: false` and why (reason Timeout, or
 * RolloutFailed when the rollout passed its progress deadline, as
 * `kubectl rollout status` exits 1).
 */
import { ApiError } from "@kubesim/api";
import {
  formatDuration,
  isRolloutFailedError,
  isWaitTimeoutError,
  WaitTimeoutError,
  rfc3339,
  type Millis,
  type WaitTarget,
} from "kubesim";
import { SIM_API_VERSION } from "./clock.js";
import type { SimContext } from "./context.js";
import { durationField, parseUntil, type SimUntil } from "./shapes.js";
import {
  DEFAULT_UNTIL_TIMEOUT,
  isUnknownResourceTypeError,
  untilDone,
  waitTarget,
} from "./until.js";

export interface UntilResult {
  readonly kind: "UntilResult";
  readonly apiVersion: typeof SIM_API_VERSION;
  readonly met: boolean;
  /** Why not: Timeout or RolloutFailed. */
  readonly reason?: "Timeout" | "RolloutFailed";
  /** What holds now (`deployment "web" successfully rolled out`), or why it does not. */
  readonly message: string;
  /** Virtual time the wait took. */
  readonly took: string;
  readonly tookMillis: Millis;
  /** Virtual time at the answer. */
  readonly time: string;
}

interface Checked {
  readonly until: SimUntil;
  readonly target: WaitTarget;
  readonly timeout: Millis;
}

export function checkUntil(body: unknown): Checked {
  const until = parseUntil(body);
  const timeout = durationField(until.timeout ?? DEFAULT_UNTIL_TIMEOUT, "timeout");
  let target: WaitTarget;
  try {
    target = waitTarget(until);
  } catch (e) {
    if (isUnknownResourceTypeError(e)) throw new ApiError("BadRequest", e.message);
    throw e;
  }
  return { until, target, timeout };
}

function result(
  ctx: SimContext,
  start: Millis,
  r: { met: boolean; reason?: "Timeout" | "RolloutFailed"; message: string },
): UntilResult {
  const now = ctx.cluster.now();
  return {
    kind: "UntilResult",
    apiVersion: SIM_API_VERSION,
    ...r,
    took: formatDuration(now - start),
    tookMillis: now - start,
    time: rfc3339(now),
  };
}

/** The result of a wait that ended without its target: a failed rollout, or the timeout. */
function notMet(ctx: SimContext, c: Checked, start: Millis, e: unknown): UntilResult {
  if (isRolloutFailedError(e))
    return result(ctx, start, { met: false, reason: "RolloutFailed", message: e.message });
  if (!isWaitTimeoutError(e)) throw e;
  // The message for the whole wait's timeout (a poll's own runUntil has timeout 0).
  const message = new WaitTimeoutError(e.target, c.timeout, e.lastSeen).message;
  return result(ctx, start, { met: false, reason: "Timeout", message });
}

/** One check without letting time pass: the result when decided, else undefined. */
function checkNow(ctx: SimContext, c: Checked, start: Millis): UntilResult | undefined {
  try {
    ctx.cluster.runUntil(c.target, { timeout: 0 });
    return result(ctx, start, { met: true, message: untilDone(c.until) });
  } catch (e) {
    if (isWaitTimeoutError(e) && ctx.cluster.now() - start < c.timeout) return undefined;
    return notMet(ctx, c, start, e);
  }
}

/**
 * Waits for `c`; resolves with the result. `onCancel` registers what to do
 * when the client goes away (the wait is dropped).
 */
export function runUntil(
  ctx: SimContext,
  c: Checked,
  onCancel: (cancel: () => void) => void,
): Promise<UntilResult> {
  const { cluster, pacer } = ctx;
  pacer.run(() => undefined);
  const start = cluster.now();
  if (pacer.paused) {
    try {
      cluster.runUntil(c.target, { timeout: c.timeout });
      cluster.settle();
      return Promise.resolve(result(ctx, start, { met: true, message: untilDone(c.until) }));
    } catch (e) {
      return Promise.resolve(notMet(ctx, c, start, e));
    }
  }
  return new Promise<UntilResult>((resolve, reject) => {
    let cancelTimer: (() => void) | undefined;
    let done = false;
    const poll = () => {
      cancelTimer = undefined;
      if (done) return;
      try {
        pacer.catchUp();
        const r = checkNow(ctx, c, start);
        if (r !== undefined) {
          done = true;
          resolve(r);
          return;
        }
      } catch (e) {
        done = true;
        reject(e);
        return;
      }
      cancelTimer = pacer.wall.setTimer(ctx.pollMillis, poll);
    };
    onCancel(() => {
      done = true;
      cancelTimer?.();
    });
    poll();
  });
}
