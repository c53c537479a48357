/**
 * Rollout progress. Mirrors pkg/controller/deployment/progress.go: syncRolloutStatus,
 * getReplicaFailures and requeueStuckDeployment.
 *
 * Guarantees (with progressDeadlineSeconds set and not MaxInt32; without it the Progressing
 * condition is removed and nothing is estimated):
 * - complete (DeploymentComplete on the new status) → Progressing=True NewReplicaSetAvailable
 *   `ReplicaSet "<rs>" has successfully progressed.` (kept as is once set: same status and reason);
 * - progress (DeploymentProgressing against the stored status) → Progressing=True
 *   ReplicaSetUpdated `ReplicaSet "<rs>" is progressing.`, lastUpdateTime always refreshed,
 *   lastTransitionTime kept when the old condition was already True;
 * - neither, and lastUpdateTime + deadline < now → Progressing=False ProgressDeadlineExceeded
 *   `ReplicaSet "<rs>" has timed out progressing.`;
 * - a finished rollout (replicas == updated and the stored reason is NewReplicaSetAvailable) is not
 *   re-estimated. Without a new RS the messages name the Deployment instead.
 * - ReplicaFailure is copied from the new RS, else from any RS, else removed.
 * - Nothing new → no write, and a requeue for the deadline: after lastUpdateTime + deadline - now
 *   (+1 s against clock skew), or at once (rate-limited) when less than a second is left.
 */
import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSet,
} from "kubernetes-types/apps/v1";
import type { Millis } from "@kubesim/sim";
import {
  DeploymentProgressing,
  DeploymentReplicaFailure,
  NewRSAvailableReason,
  ReplicaSetUpdatedReason,
  TimedOutReason,
  getDeploymentCondition,
  newDeploymentCondition,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  setDeploymentCondition,
  withTransitionTime,
} from "./conditions.js";
import { goQuote } from "./events.js";
import { timeOf } from "./order.js";
import type { Plan, Requeue, SyncOutcome } from "./plan.js";
import { calculateStatus, deploymentStatusEqual, withStatus } from "./sync.js";
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  hasProgressDeadline,
} from "./util.js";

/** The status syncRolloutStatus would write (pure; `syncRolloutStatus` decides whether to write it). */
export function rolloutStatus(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: Millis,
): DeploymentStatus {
  let newStatus = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) {
    newStatus = removeDeploymentCondition(newStatus, DeploymentProgressing);
  }
  const currentCond = getDeploymentCondition(d.status, DeploymentProgressing);
  const isCompleteDeployment =
    (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) &&
    currentCond !== undefined &&
    currentCond.reason === NewRSAvailableReason;
  const subject =
    newRS === undefined
      ? `Deployment ${goQuote(d.metadata?.name ?? "")}`
      : `ReplicaSet ${goQuote(newRS.metadata?.name ?? "")}`;

  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    if (deploymentComplete(d, newStatus)) {
      newStatus = setDeploymentCondition(
        newStatus,
        newDeploymentCondition(
          DeploymentProgressing,
          "True",
          NewRSAvailableReason,
          `${subject} has successfully progressed.`,
          now,
        ),
      );
    } else if (deploymentProgressing(d, newStatus)) {
      // Same reason, new lastUpdateTime: SetDeploymentCondition would keep the old condition, so
      // the Progressing condition is replaced by hand.
      let condition: DeploymentCondition = newDeploymentCondition(
        DeploymentProgressing,
        "True",
        ReplicaSetUpdatedReason,
        `${subject} is progressing.`,
        now,
      );
      if (currentCond !== undefined) {
        if (currentCond.status === "True") {
          condition = withTransitionTime(condition, currentCond.lastTransitionTime);
        }
        newStatus = removeDeploymentCondition(newStatus, DeploymentProgressing);
      }
      newStatus = setDeploymentCondition(newStatus, condition);
    } else if (deploymentTimedOut(d, newStatus, now)) {
      newStatus = setDeploymentCondition(
        newStatus,
        newDeploymentCondition(
          DeploymentProgressing,
          "False",
          TimedOutReason,
          `${subject} has timed out progressing.`,
          now,
        ),
      );
    }
  }

  const failures = getReplicaFailures(allRSs, newRS);
  const first = failures[0];
  newStatus =
    first !== undefined
      ? setDeploymentCondition(newStatus, first)
      : removeDeploymentCondition(newStatus, DeploymentReplicaFailure);
  return newStatus;
}

/**
 * syncRolloutStatus: writes `rolloutStatus` when it differs from d.status; otherwise decides the
 * deadline requeue (requeueStuckDeployment).
 */
export function* syncRolloutStatus(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: Millis,
): Plan<SyncOutcome> {
  const newStatus = rolloutStatus(allRSs, newRS, d, now);
  if (deploymentStatusEqual(d.status, newStatus)) {
    const { requeue } = requeueStuckDeployment(d, newStatus, now);
    return requeue === undefined ? {} : { requeue };
  }
  const result = yield {
    type: "updateStatus",
    deployment: withStatus(d, newStatus),
    reason: "syncRolloutStatus",
  };
  return result.ok ? {} : { error: result.error };
}

/** getReplicaFailures: the new RS's ReplicaFailure conditions, else those of every RS. */
export function getReplicaFailures(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  newRS: ReplicaSet | undefined,
): DeploymentCondition[] {
  const failuresOf = (rs: ReplicaSet): DeploymentCondition[] =>
    (rs.status?.conditions ?? [])
      .filter((c) => c.type === DeploymentReplicaFailure)
      .map(replicaSetToDeploymentCondition);
  if (newRS !== undefined) {
    const own = failuresOf(newRS);
    if (own.length > 0) return own;
  }
  return allRSs.flatMap((rs) => (rs === undefined ? [] : failuresOf(rs)));
}

/**
 * requeueStuckDeployment. `duration` is Go's return value: -1 (no requeue: no deadline, no
 * Progressing condition, complete, or already timed out), 0 (less than a second left: requeue now,
 * rate-limited) or the time left. The requeue itself waits one second more.
 * Example: last update 18:49:00, deadline 60 s, now 18:49:30 → duration 30 s, requeue after 31 s.
 */
export function requeueStuckDeployment(
  d: Deployment,
  newStatus: DeploymentStatus,
  now: Millis,
): { readonly duration: Millis; readonly requeue?: Requeue } {
  const currentCond = getDeploymentCondition(d.status, DeploymentProgressing);
  if (!hasProgressDeadline(d) || currentCond === undefined) return { duration: -1 };
  if (deploymentComplete(d, newStatus) || currentCond.reason === TimedOutReason) {
    return { duration: -1 };
  }
  const deadline = (d.spec?.progressDeadlineSeconds ?? 0) * 1000;
  const after = timeOf(currentCond.lastUpdateTime) + deadline - now;
  if (after < 1000) return { duration: 0, requeue: { type: "rateLimited" } };
  return { duration: after, requeue: { type: "after", after: after + 1000 } };
}
