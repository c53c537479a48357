/**
 * The reconciler contract. Mirrors controller-runtime pkg/reconcile
 * (reconcile.go: `Reconciler`, `Result`, `TerminalError`) and kube-rs's
 * `Action`.
 *
 * A reconciler gets a **key** ("default/web"), never the event that caused
 * the call: reconciliation is level-based. It reads the current state from
 * informer caches, acts, and says what should happen next:
 *
 * - return `ReconcileResult.done()`: success; the key's back-off is reset.
 * - return `ReconcileResult.requeueAfter(d)`: success, but look again after
 *   `d` of virtual time (e.g. a progress deadline); the back-off is reset.
 * - return `ReconcileResult.requeue()`: try again with the key's rate-limited
 *   back-off (controller-runtime's deprecated `Result{Requeue: true}`).
 * - throw an error: retry with rate-limited, per-key exponential back-off
 *   (5 ms, 10 ms, 20 ms, ... up to 1000 s with the default limiter).
 * - throw a `TerminalError`: do not retry; it is logged. As upstream, its
 *   failure count is not reset.
 *
 * Retries live in one place, the controller's `reconcileHandler`; the
 * business logic never touches the queue.
 */
import type { Millis } from "@kubesim/sim";
import type { Logger } from "../log.js";

export type ReconcileResult =
  | { readonly type: "done" }
  | { readonly type: "requeueAfter"; readonly after: Millis }
  | { readonly type: "requeue" };

/** Constructors for the three results. */
export const ReconcileResult = Object.freeze({
  done: (): ReconcileResult => ({ type: "done" }),
  /** Look again after `after` ms. A value <= 0 behaves like done, as RequeueAfter 0 does upstream. */
  requeueAfter: (after: Millis): ReconcileResult => ({ type: "requeueAfter", after }),
  requeue: (): ReconcileResult => ({ type: "requeue" }),
});

/** What a reconcile gets besides the key (controller-runtime puts these in the context). */
export interface ReconcileContext {
  /** The controller's name. */
  readonly controller: string;
  /** A counter per controller: 1, 2, 3, ... */
  readonly reconcileId: number;
  /** A child logger carrying `{ controller, key, reconcileId }`. */
  readonly logger: Logger;
}

export interface Reconciler {
  reconcile(key: string, context: ReconcileContext): ReconcileResult;
}

/** Adapts a function to a Reconciler (controller-runtime reconcile.Func). */
export function reconcilerFunc(
  fn: (key: string, context: ReconcileContext) => ReconcileResult,
): Reconciler {
  return { reconcile: fn };
}

/**
 * An error that retrying cannot fix (controller-runtime reconcile.TerminalError):
 * the controller logs it and does not requeue the key. Branch on
 * `isTerminalError`, never on the message.
 */
export class TerminalError extends Error {
  readonly code = "TerminalError" as const;
  override readonly cause: unknown;

  constructor(cause: unknown) {
    super(`terminal error: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "TerminalError";
    this.cause = cause;
  }
}

export function isTerminalError(e: unknown): e is TerminalError {
  return e instanceof TerminalError;
}
