/**
 * The Recreate strategy. Mirrors pkg/controller/deployment/recreate.go (default path, without the
 * alpha podReplacementPolicy): rolloutRecreate, scaleDownOldReplicaSetsForRecreate, oldPodsRunning,
 * scaleUpNewReplicaSetForRecreate.
 *
 * Guarantees: old ReplicaSets go to 0 first; the new ReplicaSet is created (at spec.replicas) only
 * once no old ReplicaSet reports replicas and no pod of an old ReplicaSet is left outside the
 * Failed/Succeeded phases (Pending, Running, Unknown and terminating pods all count). So old and new
 * pods never run together. MaxSurge and MaxUnavailable are 0 here, so Available needs every replica.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { Millis } from "@kubesim/sim";
import { filterActiveReplicaSets, rsReplicas } from "./order.js";
import type { Plan, SyncOutcome } from "./plan.js";
import { syncRolloutStatus } from "./progress.js";
import {
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
} from "./sync.js";
import {
  deploymentComplete,
  deploymentReplicas,
  getActualReplicaCountForReplicaSets,
} from "./util.js";

/** The Deployment's pods grouped by the UID of their controlling ReplicaSet (getPodMapForDeployment). */
export type PodMap = ReadonlyMap<string, readonly Pod[]>;

/**
 * rolloutRecreate: scale active old RSes to 0 (and stop there if any was scaled); wait while old
 * pods run; create the new RS if needed; scale it to spec.replicas; clean up history once the
 * stored status is complete; sync the rollout status.
 */
export function* rolloutRecreate(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  podMap: PodMap,
  now: Millis,
): Plan<SyncOutcome> {
  // Don't create a new RS yet, so that nothing scales up before the old pods are gone.
  const first = yield* getAllReplicaSetsAndSyncRevision(d, rsList, false, now);
  if (first.error !== undefined) return { error: first.error };
  let dd = first.d;
  let newRS = first.newRS;
  let oldRSs = first.oldRSs;
  let allRSs: Array<ReplicaSet | undefined> = [...oldRSs, newRS];

  const scaledDown = yield* scaleDownOldReplicaSetsForRecreate(filterActiveReplicaSets(oldRSs), dd);
  if (scaledDown.error !== undefined) return { error: scaledDown.error };
  if (scaledDown.scaled) return yield* syncRolloutStatus(allRSs, newRS, dd, now);

  if (oldPodsRunning(newRS, oldRSs, podMap))
    return yield* syncRolloutStatus(allRSs, newRS, dd, now);

  if (newRS === undefined) {
    const second = yield* getAllReplicaSetsAndSyncRevision(dd, rsList, true, now);
    if (second.error !== undefined) return { error: second.error };
    dd = second.d;
    newRS = second.newRS;
    oldRSs = second.oldRSs;
    allRSs = [...oldRSs, newRS];
  }
  if (newRS !== undefined) {
    const scaledUp = yield* scaleUpNewReplicaSetForRecreate(newRS, dd);
    if (scaledUp.error !== undefined) return { error: scaledUp.error };
  }

  if (deploymentComplete(dd, dd.status)) {
    const cleaned = yield* cleanupDeployment(oldRSs, dd);
    if (cleaned.error !== undefined) return { error: cleaned.error };
  }
  return yield* syncRolloutStatus(allRSs, newRS, dd, now);
}

/** scaleDownOldReplicaSetsForRecreate: every active old RS to 0; `scaled` if any size changed. */
export function* scaleDownOldReplicaSetsForRecreate(
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): Plan<{ readonly scaled: boolean; readonly error?: unknown }> {
  let scaled = false;
  for (const rs of oldRSs) {
    if (rsReplicas(rs) === 0) continue;
    const r = yield* scaleReplicaSetAndRecordEvent(
      rs,
      0,
      d,
      "scaleDownOldReplicaSetsForRecreate",
      "Recreate: old replica sets go to 0 before the new one starts",
    );
    if (r.error !== undefined) return { scaled: false, error: r.error };
    if (r.scaled) scaled = true;
  }
  return { scaled };
}

/**
 * oldPodsRunning: an old RS still reports status.replicas > 0, or a pod of a ReplicaSet other
 * than the new one is in a phase other than Failed or Succeeded.
 */
export function oldPodsRunning(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  podMap: PodMap,
): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  const newUID = newRS?.metadata?.uid;
  for (const [rsUID, pods] of podMap) {
    if (newRS !== undefined && newUID === rsUID) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      // Terminal pods do not count; Unknown (a buggy-kubelet leftover) and Pending/Running do.
      if (phase === "Failed" || phase === "Succeeded") continue;
      return true;
    }
  }
  return false;
}

/** scaleUpNewReplicaSetForRecreate: the new RS to spec.replicas. */
export function* scaleUpNewReplicaSetForRecreate(
  newRS: ReplicaSet,
  d: Deployment,
): Plan<{ readonly scaled: boolean; readonly error?: unknown }> {
  const replicas = deploymentReplicas(d);
  const r = yield* scaleReplicaSetAndRecordEvent(
    newRS,
    replicas,
    d,
    "scaleUpNewReplicaSetForRecreate",
    `Recreate: old pods are gone, new replica set to ${replicas}`,
  );
  return r.error === undefined ? { scaled: r.scaled } : { scaled: false, error: r.error };
}
