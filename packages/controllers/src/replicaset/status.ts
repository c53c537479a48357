/**
 * Mirrors kubernetes/kubernetes pkg/controller/replicaset/replica_set_utils.go
 * (`calculateStatus`, `updateReplicaSetStatus`'s "nothing changed" test,
 * `NewReplicaSetCondition`, `GetCondition`, `SetCondition`,
 * `RemoveCondition`) and the minReadySeconds requeue of replica_set.go
 * `syncReplicaSet`.
 *
 * Guarantees (workloads.md §11.5), over the active claimed pods:
 * - replicas = all of them; fullyLabeledReplicas = those whose labels include
 *   every template label; readyReplicas = Ready=True; availableReplicas =
 *   ready and available for minReadySeconds at `now` (one `now` for all pods).
 *   Hence available <= ready <= replicas and fullyLabeled <= replicas.
 * - ReplicaFailure: when manageReplicas failed and there is no such condition
 *   yet, add `{type: ReplicaFailure, status: "True", reason: FailedCreate
 *   (fewer pods than spec) | FailedDelete (more), message: <error>,
 *   lastTransitionTime: now}`; when it succeeded, remove the condition. An
 *   existing condition is kept as it is while errors continue.
 * - observedGeneration is set to metadata.generation when the status is written.
 */
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { rfc3339 } from "@kubesim/sim";
import type { Millis } from "@kubesim/sim";
import { isPodAvailable, isPodReady } from "./active.js";
import { specReplicas } from "./manage.js";

/** apps.ReplicaSetReplicaFailure. */
export const ReplicaSetReplicaFailure = "ReplicaFailure";

/** NewReplicaSetCondition(type, status, reason, msg) stamped with `now`. */
export function newReplicaSetCondition(
  type: string,
  status: "True" | "False" | "Unknown",
  reason: string,
  message: string,
  now: Millis,
): ReplicaSetCondition {
  return { type, status, lastTransitionTime: rfc3339(now), reason, message };
}

/** GetCondition. */
export function getReplicaSetCondition(
  status: ReplicaSetStatus | undefined,
  type: string,
): ReplicaSetCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetCondition: replaces the condition of that type, except that one with the
 * same status and reason is kept untouched (so its lastTransitionTime stays).
 */
export function setReplicaSetCondition(
  status: ReplicaSetStatus,
  condition: ReplicaSetCondition,
): ReplicaSetStatus {
  const current = getReplicaSetCondition(status, condition.type);
  if (current?.status === condition.status && current.reason === condition.reason) return status;
  return {
    ...status,
    conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), condition],
  };
}

/**
 * RemoveCondition / deleteReplicaSetCondition: drops every condition of that
 * type; an emptied list is dropped too (Go leaves a nil slice, omitted in JSON).
 */
export function deleteReplicaSetCondition(
  status: ReplicaSetStatus,
  type: string,
): ReplicaSetStatus {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  const { conditions: _dropped, ...others } = status;
  return rest.length > 0 ? { ...others, conditions: rest } : others;
}

const labelsInclude = (
  labels: Readonly<Record<string, string>> | undefined,
  required: Readonly<Record<string, string>>,
): boolean => Object.keys(required).every((k) => labels !== undefined && labels[k] === required[k]);

/** The four counts calculateStatus takes from the active claimed pods. */
export interface ReplicaSetCounts {
  readonly replicas: number;
  readonly fullyLabeledReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
}

/** The counts of calculateStatus over `activePods` at `now`. */
export function countReplicas(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  now: Millis,
): ReplicaSetCounts {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of activePods) {
    if (labelsInclude(pod.metadata?.labels, templateLabels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
  }
  return {
    replicas: activePods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
  };
}

/**
 * calculateStatus(rs, activePods, manageReplicasErr, now). `manageError` is
 * the text of manageReplicas' error (undefined when it succeeded). The result
 * keeps rs.status's other fields (observedGeneration included).
 */
export function calculateStatus(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  manageError: string | undefined,
  now: Millis,
): ReplicaSetStatus {
  return calculateStatusFromCounts(rs, countReplicas(rs, activePods, now), manageError, now);
}

/** calculateStatus from the counts of the active claimed pods (countReplicas, or the pod summaries). */
export function calculateStatusFromCounts(
  rs: ReplicaSet,
  counts: ReplicaSetCounts,
  manageError: string | undefined,
  now: Millis,
): ReplicaSetStatus {
  let status: ReplicaSetStatus = { ...(rs.status ?? { replicas: 0 }) };
  const failure = getReplicaSetCondition(rs.status, ReplicaSetReplicaFailure);
  if (manageError !== undefined && failure === undefined) {
    const diff = counts.replicas - specReplicas(rs);
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    status = setReplicaSetCondition(
      status,
      newReplicaSetCondition(ReplicaSetReplicaFailure, "True", reason, manageError, now),
    );
  } else if (manageError === undefined && failure !== undefined) {
    status = deleteReplicaSetCondition(status, ReplicaSetReplicaFailure);
  }

  return {
    ...status,
    replicas: counts.replicas,
    fullyLabeledReplicas: counts.fullyLabeledReplicas,
    readyReplicas: counts.readyReplicas,
    availableReplicas: counts.availableReplicas,
  };
}

const conditionsEqual = (
  a: readonly ReplicaSetCondition[] | undefined,
  b: readonly ReplicaSetCondition[] | undefined,
): boolean => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/**
 * The test at the top of updateReplicaSetStatus: the status must be written
 * when a count or the conditions differ, or the generation is not yet observed.
 */
export function replicaSetStatusNeedsUpdate(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const cur = rs.status;
  return !(
    (cur?.replicas ?? 0) === next.replicas &&
    (cur?.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur?.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur?.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata?.generation ?? 0) === (cur?.observedGeneration ?? 0) &&
    conditionsEqual(cur?.conditions, next.conditions)
  );
}

/** The status updateReplicaSetStatus writes: `next` with observedGeneration = generation. */
export function statusToWrite(rs: ReplicaSet, next: ReplicaSetStatus): ReplicaSetStatus {
  return { ...next, observedGeneration: rs.metadata?.generation ?? 0 };
}

/**
 * syncReplicaSet's requeue: after a successful sync of a ReplicaSet with
 * minReadySeconds > 0 whose pods are all ready but not all available yet,
 * look again after minReadySeconds. Returns the delay in ms, or undefined.
 */
export function minReadySecondsRequeue(
  rs: ReplicaSet,
  status: ReplicaSetStatus,
  manageError: string | undefined,
): Millis | undefined {
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  const replicas = specReplicas(rs);
  if (
    manageError === undefined &&
    minReadySeconds > 0 &&
    (status.readyReplicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) !== replicas
  ) {
    return minReadySeconds * 1000;
  }
  return undefined;
}
