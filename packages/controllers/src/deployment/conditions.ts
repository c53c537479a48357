/**
 * Deployment conditions. Mirrors the condition half of
 * pkg/controller/deployment/util/deployment_util.go: NewDeploymentCondition,
 * GetDeploymentCondition, SetDeploymentCondition, RemoveDeploymentCondition,
 * ReplicaSetToDeploymentCondition and the condition reasons.
 *
 * Guarantees (Kubernetes' semantics, on immutable values instead of in-place edits):
 * - setDeploymentCondition does nothing when a condition of that type has the same status and
 *   reason (message and lastUpdateTime are NOT refreshed); keeps the old lastTransitionTime when
 *   only the reason changes; otherwise drops the old condition and appends the new one at the end,
 *   so a fresh Deployment lists `[Available, Progressing]`.
 * - Times are metav1.Time: RFC 3339 at second precision, taken from the `now` passed in.
 */
import type {
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSetCondition,
} from "kubernetes-types/apps/v1";
import { rfc3339 } from "@kubesim/sim";
import type { Millis } from "@kubesim/sim";

/** apps.DeploymentConditionType values. */
export const DeploymentAvailable = "Available";
export const DeploymentProgressing = "Progressing";
export const DeploymentReplicaFailure = "ReplicaFailure";

export type ConditionStatus = "True" | "False" | "Unknown";

// Reasons for the Progressing condition.
/** A replica set of the rollout was scaled (progress was made). */
export const ReplicaSetUpdatedReason = "ReplicaSetUpdated";
/** Creating the new replica set failed (the same text as the Warning event). */
export const FailedRSCreateReason = "ReplicaSetCreateError";
/** The new replica set was created. */
export const NewReplicaSetReason = "NewReplicaSetCreated";
/** A new replica set was found while no Progressing condition existed yet. */
export const FoundNewRSReason = "FoundNewReplicaSet";
/** The rollout completed: every replica updated and available. */
export const NewRSAvailableReason = "NewReplicaSetAvailable";
/** No progress within progressDeadlineSeconds. */
export const TimedOutReason = "ProgressDeadlineExceeded";
/** The Deployment is paused; progress is not estimated. */
export const PausedDeployReason = "DeploymentPaused";
/** The Deployment was resumed; the deadline starts over. */
export const ResumedDeployReason = "DeploymentResumed";
// Reasons for the Available condition.
export const MinimumReplicasAvailable = "MinimumReplicasAvailable";
export const MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

/**
 * NewDeploymentCondition: both times are `now`. Keys follow the Go struct order so that printed
 * objects look like Kubernetes' (type, status, lastUpdateTime, lastTransitionTime, reason, message).
 */
export function newDeploymentCondition(
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: Millis,
): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** GetDeploymentCondition: the condition of that type, or undefined. */
export function getDeploymentCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** RemoveDeploymentCondition. With no condition left, `conditions` is dropped (Go's nil slice). */
export function removeDeploymentCondition(
  status: DeploymentStatus,
  type: string,
): DeploymentStatus {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  const { conditions: _dropped, ...others } = status;
  return rest.length === 0 ? others : { ...others, conditions: rest };
}

/**
 * SetDeploymentCondition. Example: Progressing True "ReplicaSetUpdated" (transition at 10:00) set
 * again as Progressing True "NewReplicaSetAvailable" at 10:05 keeps lastTransitionTime 10:00 and
 * takes lastUpdateTime 10:05; set as Progressing True "ReplicaSetUpdated" it changes nothing.
 */
export function setDeploymentCondition(
  status: DeploymentStatus,
  condition: DeploymentCondition,
): DeploymentStatus {
  const current = getDeploymentCondition(status, condition.type);
  if (
    current !== undefined &&
    current.status === condition.status &&
    current.reason === condition.reason
  ) {
    return status;
  }
  let next = condition;
  if (current !== undefined && current.status === condition.status) {
    next = withTransitionTime(condition, current.lastTransitionTime);
  }
  const rest = (status.conditions ?? []).filter((c) => c.type !== condition.type);
  return { ...status, conditions: [...rest, next] };
}

/** A copy of `c` with lastTransitionTime replaced (dropped when `t` is undefined, Go's zero time). */
export function withTransitionTime(
  c: DeploymentCondition,
  t: string | undefined,
): DeploymentCondition {
  const { lastTransitionTime: _old, ...rest } = c;
  // Rebuild in struct order so the time stays between lastUpdateTime and reason.
  return {
    type: rest.type,
    status: rest.status,
    ...(rest.lastUpdateTime === undefined ? {} : { lastUpdateTime: rest.lastUpdateTime }),
    ...(t === undefined ? {} : { lastTransitionTime: t }),
    ...(rest.reason === undefined ? {} : { reason: rest.reason }),
    ...(rest.message === undefined ? {} : { message: rest.message }),
  };
}

/**
 * ReplicaSetToDeploymentCondition: promotes a ReplicaSet's ReplicaFailure condition; both times
 * are the ReplicaSet condition's lastTransitionTime.
 */
export function replicaSetToDeploymentCondition(cond: ReplicaSetCondition): DeploymentCondition {
  const t = cond.lastTransitionTime;
  return {
    type: cond.type,
    status: cond.status,
    ...(t === undefined ? {} : { lastUpdateTime: t, lastTransitionTime: t }),
    ...(cond.reason === undefined ? {} : { reason: cond.reason }),
    ...(cond.message === undefined ? {} : { message: cond.message }),
  };
}
