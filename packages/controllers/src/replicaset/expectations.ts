/**
 * Mirrors kubernetes/kubernetes pkg/controller/controller_utils.go
 * (`ControllerExpectations`, `ControlleeExpectations`,
 * `UIDTrackingControllerExpectations`, `ExpectationsTimeout`).
 *
 * Expectations stop a controller from acting twice while its informer cache
 * lags behind its own writes. Before creating n pods the ReplicaSet
 * controller records "expect n creations"; each pod add it observes lowers the
 * count; it syncs again (creates or deletes) only when the record is
 * satisfied.
 *
 * Guarantees:
 * - `satisfiedExpectations(key, now)` is true when there is no record, when
 *   add <= 0 and del <= 0, or when the record is older than
 *   `ExpectationsTimeout` (5 minutes: `now - timestamp > 5 min`), so a dropped
 *   watch event delays a controller by at most 5 minutes.
 * - `expectCreations` / `expectDeletions` overwrite the record and stamp it
 *   with `now`; observations only lower the counts of an existing record.
 * - Deletions are tracked by pod key ("namespace/name"): a pod's deletion
 *   lowers the count once, whether it is first seen as a deletionTimestamp or
 *   as a delete event, and pods that were not expected change nothing.
 * - Deterministic: time is a parameter, never read.
 */
import type { Millis } from "@kubesim/sim";

/** controller.ExpectationsTimeout: 5 minutes. */
export const ExpectationsTimeout: Millis = 5 * 60 * 1000;

/** One controller's outstanding creations and deletions (ControlleeExpectations). */
export interface ControlleeExpectations {
  readonly add: number;
  readonly del: number;
  /** When the record was set (ms since the epoch). */
  readonly timestamp: Millis;
}

/** ControlleeExpectations.Fulfilled. */
export function expectationsFulfilled(e: ControlleeExpectations): boolean {
  return e.add <= 0 && e.del <= 0;
}

/** ControlleeExpectations.isExpired, with `now` passed in. */
export function expectationsExpired(e: ControlleeExpectations, now: Millis): boolean {
  return now - e.timestamp > ExpectationsTimeout;
}

/**
 * UIDTrackingControllerExpectations over ControllerExpectations, keyed by the
 * controller's key ("namespace/name"). A mutable value owned by one
 * controller instance; all methods are synchronous.
 */
export class ControllerExpectations {
  readonly #records = new Map<string, { add: number; del: number; timestamp: Millis }>();
  readonly #deleteKeys = new Map<string, Set<string>>();

  /** GetExpectations: a snapshot of the record, if any. */
  getExpectations(controllerKey: string): ControlleeExpectations | undefined {
    const r = this.#records.get(controllerKey);
    return r === undefined ? undefined : { ...r };
  }

  /** The pod keys still expected to be deleted (GetUIDs). */
  getDeleteKeys(controllerKey: string): readonly string[] {
    return [...(this.#deleteKeys.get(controllerKey) ?? [])].sort();
  }

  /** SatisfiedExpectations: may the controller act on `controllerKey` now? */
  satisfiedExpectations(controllerKey: string, now: Millis): boolean {
    const r = this.#records.get(controllerKey);
    if (r === undefined) return true;
    return expectationsFulfilled(r) || expectationsExpired(r, now);
  }

  /** DeleteExpectations: forget the record and the expected deletions. */
  deleteExpectations(controllerKey: string): void {
    this.#records.delete(controllerKey);
    this.#deleteKeys.delete(controllerKey);
  }

  /** SetExpectations: replace the record. */
  setExpectations(controllerKey: string, add: number, del: number, now: Millis): void {
    this.#records.set(controllerKey, { add, del, timestamp: now });
  }

  /** ExpectCreations(key, adds). */
  expectCreations(controllerKey: string, adds: number, now: Millis): void {
    this.setExpectations(controllerKey, adds, 0, now);
  }

  /**
   * UIDTrackingControllerExpectations.ExpectDeletions(key, podKeys): remember
   * exactly these pods; the count is the number of distinct keys.
   */
  expectDeletions(controllerKey: string, podKeys: readonly string[], now: Millis): void {
    const keys = new Set(podKeys);
    this.#deleteKeys.set(controllerKey, keys);
    this.setExpectations(controllerKey, 0, keys.size, now);
  }

  /** LowerExpectations: subtract from an existing record (no record: no-op). */
  lowerExpectations(controllerKey: string, add: number, del: number): void {
    const r = this.#records.get(controllerKey);
    if (r === undefined) return;
    r.add -= add;
    r.del -= del;
  }

  /** RaiseExpectations: add to an existing record (no record: no-op). */
  raiseExpectations(controllerKey: string, add: number, del: number): void {
    this.lowerExpectations(controllerKey, -add, -del);
  }

  /** CreationObserved: one expected pod was seen (or will never come). */
  creationObserved(controllerKey: string): void {
    this.lowerExpectations(controllerKey, 1, 0);
  }

  /**
   * UIDTrackingControllerExpectations.DeletionObserved(key, podKey): lowers
   * the count only for a pod that was expected, and only once.
   */
  deletionObserved(controllerKey: string, podKey: string): void {
    const keys = this.#deleteKeys.get(controllerKey);
    if (keys?.has(podKey) === true) {
      this.lowerExpectations(controllerKey, 0, 1);
      keys.delete(podKey);
    }
  }
}
