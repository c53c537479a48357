/**
 * The RollingUpdate strategy. Mirrors pkg/controller/deployment/rolling.go (newest upstream,
 * default feature gates): rolloutRolling, reconcileNewReplicaSet, reconcileOldReplicaSets,
 * cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate.
 *
 * One sync makes one step: either the new ReplicaSet is scaled (within maxSurge), or old ones are
 * scaled down (unhealthy replicas first, then within maxUnavailable); then the status is synced.
 * Guarantees, with surge = ceil(maxSurge) and minAvailable = replicas - MaxUnavailable:
 * - Σ spec.replicas never grows past replicas + surge;
 * - old replicas are removed only down to minAvailable available pods, counting the new RS's
 *   unavailable pods against the budget, so a crash-looping new RS freezes the rollout instead of
 *   eating into the old pods.
 *
 * Worked example (workloads.md §5.6): 10 replicas, 25%/25% → surge 3, maxUnavailable 2,
 * minAvailable 8. Sync 1 creates the new RS at 3 (10 + 3 - 10 = 3) and, with the old RS fully
 * available, scales it 10 → 8 (maxScaledDown = 13 - 8 - 3 unavailable new = 2). Sync 2 grows the new
 * RS 3 → 5 (13 - 11 = 2). Then nothing moves until new pods become available.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { InvariantError } from "@kubesim/api";
import type { Millis } from "@kubesim/sim";
import { filterActiveReplicaSets, rsReplicas, sortedBy, byCreationTimestamp } from "./order.js";
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
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
} from "./util.js";

/**
 * rolloutRolling: get (or create) the new RS; scale it up if possible, else scale old RSes down
 * if possible; when the stored status says complete, clean up history; sync the rollout status.
 */
export function* rolloutRolling(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  now: Millis,
): Plan<SyncOutcome> {
  const all = yield* getAllReplicaSetsAndSyncRevision(d, rsList, true, now);
  if (all.error !== undefined) return { error: all.error };
  const dd = all.d;
  const newRS = all.newRS;
  if (newRS === undefined) return {};
  const allRSs = [...all.oldRSs, newRS];

  const scaledUp = yield* reconcileNewReplicaSet(allRSs, newRS, dd);
  if (scaledUp.error !== undefined) return { error: scaledUp.error };
  if (scaledUp.scaled) return yield* syncRolloutStatus(allRSs, newRS, dd, now);

  const scaledDown = yield* reconcileOldReplicaSets(
    allRSs,
    filterActiveReplicaSets(all.oldRSs),
    newRS,
    dd,
  );
  if (scaledDown.scaled) return yield* syncRolloutStatus(allRSs, newRS, dd, now);

  if (deploymentComplete(dd, dd.status)) {
    const cleaned = yield* cleanupDeployment(all.oldRSs, dd);
    if (cleaned.error !== undefined) return { error: cleaned.error };
  }
  return yield* syncRolloutStatus(allRSs, newRS, dd, now);
}

/**
 * reconcileNewReplicaSet: equal to spec.replicas → nothing; above it → scale down to it; below
 * it → scale to NewRSNewReplicas (grow within maxSurge, never past spec.replicas).
 *   replicas 10, maxSurge 2, old 5, new 0 → 10 + 2 - 5 = 7 → new 0 → 7
 *   replicas 10, maxSurge 2, old 10, new 2 → 12 ≥ 12 → unchanged
 */
export function* reconcileNewReplicaSet(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  newRS: ReplicaSet,
  d: Deployment,
): Plan<{ readonly scaled: boolean; readonly error?: unknown }> {
  const replicas = deploymentReplicas(d);
  const current = rsReplicas(newRS);
  if (current === replicas) return { scaled: false };
  if (current > replicas) {
    const r = yield* scaleReplicaSetAndRecordEvent(
      newRS,
      replicas,
      d,
      "reconcileNewReplicaSet",
      `new replica set above spec.replicas ${replicas}`,
    );
    return r.error === undefined ? { scaled: r.scaled } : { scaled: false, error: r.error };
  }
  let newReplicasCount: number;
  try {
    newReplicasCount = newRSNewReplicas(d, allRSs, newRS);
  } catch (error) {
    return { scaled: false, error };
  }
  const total = getReplicaCountForReplicaSets(allRSs);
  const r = yield* scaleReplicaSetAndRecordEvent(
    newRS,
    newReplicasCount,
    d,
    "reconcileNewReplicaSet",
    `${total} pods of at most ${replicas} + maxSurge ${maxSurge(d)}`,
  );
  return r.error === undefined ? { scaled: r.scaled } : { scaled: false, error: r.error };
}

/**
 * reconcileOldReplicaSets (`oldRSs` = the active old RSes):
 *   maxScaledDown = Σ spec(all) - minAvailable - (new.spec - new.available)
 * Nothing when ≤ 0. Else unhealthy old replicas are cleaned up (at most maxScaledDown), then old RSes
 * are scaled down while more than minAvailable pods are available. Errors of either step end the
 * step without failing the sync, as in Go.
 * Example (10 replicas, maxSurge 3, maxUnavailable 2): new RS at 5 crash-looping, old at 8 → 13 - 8
 * - 5 = 0: nothing, even if an old pod dies. After `rollout undo` the good RS is "new" with 1
 * unavailable: 13 - 8 - 1 = 4 crash-looping pods can go.
 */
export function* reconcileOldReplicaSets(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Plan<{ readonly scaled: boolean }> {
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return { scaled: false };
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return { scaled: false };

  // Unhealthy replicas first: they would otherwise block the rollout until the deadline (#16737).
  const cleaned = yield* cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
  if (cleaned.error !== undefined) return { scaled: false };

  const scaledDown = yield* scaleDownOldReplicaSetsForRollingUpdate(
    [...cleaned.oldRSs, newRS],
    cleaned.oldRSs,
    d,
  );
  if (scaledDown.error !== undefined) return { scaled: false };
  return { scaled: cleaned.cleanupCount + scaledDown.scaledDownCount > 0 };
}

/**
 * cleanupUnhealthyReplicas: oldest first, each old RS loses min(budget left, spec - available)
 * replicas, up to `maxCleanupCount` in total. The ReplicaSet controller then deletes its
 * not-ready/unscheduled pods first, so availability does not drop.
 *   old 10 with 8 available, budget 1 → 9; budget 3 → 8; budget 0 → 10.
 */
export function* cleanupUnhealthyReplicas(
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
  maxCleanupCount: number,
): Plan<{
  readonly oldRSs: ReplicaSet[];
  readonly cleanupCount: number;
  readonly error?: unknown;
}> {
  const sorted = sortedBy(oldRSs, byCreationTimestamp);
  let totalScaledDown = 0;
  for (const [i, targetRS] of sorted.entries()) {
    if (totalScaledDown >= maxCleanupCount) break;
    const spec = rsReplicas(targetRS);
    if (spec === 0) continue; // cannot scale down this replica set
    const available = targetRS.status?.availableReplicas ?? 0;
    if (spec === available) continue; // no unhealthy replicas
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, spec - available);
    const newReplicasCount = spec - scaledDownCount;
    if (newReplicasCount > spec) {
      return {
        oldRSs: sorted,
        cleanupCount: 0,
        error: new InvariantError(
          `when cleaning up unhealthy replicas, got invalid request to scale down ${key(targetRS)} ${spec} -> ${newReplicasCount}`,
        ),
      };
    }
    const r = yield* scaleReplicaSetAndRecordEvent(
      targetRS,
      newReplicasCount,
      d,
      "cleanupUnhealthyReplicas",
      `${spec - available} of ${spec} replicas unavailable; cleanup budget ${maxCleanupCount - totalScaledDown}`,
    );
    if (r.error !== undefined) {
      return { oldRSs: sorted, cleanupCount: totalScaledDown, error: r.error };
    }
    totalScaledDown += scaledDownCount;
    sorted[i] = r.rs;
  }
  return { oldRSs: sorted, cleanupCount: totalScaledDown };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: while Σ available (all RSes) exceeds minAvailable,
 * take the excess from old RSes, oldest first.
 *   10 replicas, maxUnavailable 2, old 10 all available → 10 - 8 = 2 → old 8;
 *   only 8 available → nothing.
 */
export function* scaleDownOldReplicaSetsForRollingUpdate(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): Plan<{ readonly scaledDownCount: number; readonly error?: unknown }> {
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return { scaledDownCount: 0 };

  let totalScaledDown = 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  for (const targetRS of sortedBy(oldRSs, byCreationTimestamp)) {
    if (totalScaledDown >= totalScaleDownCount) break;
    const spec = rsReplicas(targetRS);
    if (spec === 0) continue;
    const scaleDownCount = Math.min(spec, totalScaleDownCount - totalScaledDown);
    const newReplicasCount = spec - scaleDownCount;
    if (newReplicasCount > spec) {
      return {
        scaledDownCount: 0,
        error: new InvariantError(
          `when scaling down old RS, got invalid request to scale down ${key(targetRS)} ${spec} -> ${newReplicasCount}`,
        ),
      };
    }
    const r = yield* scaleReplicaSetAndRecordEvent(
      targetRS,
      newReplicasCount,
      d,
      "scaleDownOldReplicaSetsForRollingUpdate",
      `${availablePodCount} available, at least ${minAvailable} must stay`,
    );
    if (r.error !== undefined) return { scaledDownCount: totalScaledDown, error: r.error };
    totalScaledDown += scaleDownCount;
  }
  return { scaledDownCount: totalScaledDown };
}

function key(rs: ReplicaSet): string {
  return `${rs.metadata?.namespace ?? ""}/${rs.metadata?.name ?? ""}`;
}
