/**
 * One pod on a NoExecute-tainted node, decided: `processPodOnNode` of
 * kubernetes/kubernetes pkg/controller/tainteviction/taint_eviction.go.
 *
 *   no taints                      -> cancel any scheduled eviction
 *   a taint no toleration matches  -> cancel, and evict now
 *   tolerated forever              -> cancel
 *   tolerated for min(seconds)     -> evict at now + min, unless an eviction
 *                                     scheduled earlier (createdAt < now) is
 *                                     kept; one scheduled at this very instant
 *                                     is replaced, keeping its createdAt
 *
 * "Cancel" emits Normal TaintManagerEviction `Cancelling deletion of Pod
 * ns/name` only when an eviction was actually pending. `observedAt` is when
 * the controller processed the change (its clock), not the taint's timeAdded.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import type { Millis } from "@kubesim/sim";
import { getMatchingTolerations, getMinTolerationTime } from "./tolerations.js";

/** What is scheduled for the pod already (TimedWorker), if anything. */
export interface ScheduledEviction {
  readonly createdAt: Millis;
  readonly fireAt: Millis;
}

export type PodOnNodeDecision =
  | { readonly type: "cancel" }
  /** Cancel what is scheduled, then AddWork(createdAt, fireAt). */
  | {
      readonly type: "schedule";
      readonly cancelFirst: boolean;
      readonly createdAt: Millis;
      readonly fireAt: Millis;
    }
  /** An earlier eviction stays as it is. */
  | { readonly type: "keep" };

export function decidePodOnNode(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  now: Millis,
  scheduled: ScheduledEviction | undefined,
): PodOnNodeDecision {
  if (taints.length === 0) return { type: "cancel" };
  const [allTolerated, used] = getMatchingTolerations(taints, tolerations);
  if (!allTolerated) return { type: "schedule", cancelFirst: true, createdAt: now, fireAt: now };
  const min = getMinTolerationTime(used);
  if (min < 0) return { type: "cancel" };
  const triggerTime = now + min;
  if (scheduled === undefined)
    return { type: "schedule", cancelFirst: false, createdAt: now, fireAt: triggerTime };
  if (scheduled.createdAt + min < triggerTime) return { type: "keep" };
  return {
    type: "schedule",
    cancelFirst: true,
    createdAt: scheduled.createdAt,
    fireAt: triggerTime,
  };
}
