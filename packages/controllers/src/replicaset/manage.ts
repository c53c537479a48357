/**
 * Mirrors kubernetes/kubernetes pkg/controller/replicaset/replica_set.go
 * (`manageReplicas`, `getIndirectlyRelatedPods`,
 * `getReplicaSetsWithSameController`) as a pure planner.
 *
 * `diff = len(filteredPods) - spec.replicas`:
 * - diff < 0: create `min(-diff, burstReplicas)` pods, in slow-start batches
 *   (1, 2, 4, ...). Example: 0 of 10 -> create 10 in batches [1, 2, 4, 3].
 * - diff > 0: delete `min(diff, burstReplicas)` victims, the first ones in
 *   ActivePodsWithRanks order, ranked by the related pods (the pods of every
 *   ReplicaSet with the same controller) on each pod's node.
 * - diff = 0: nothing.
 * So a plan never changes more than |diff| pods, nor more than the burst.
 *
 * The thin part that acts (not here) follows upstream step by step:
 * - create: `expectCreations(key, count)`, then `slowStartBatch(count, 1,
 *   createOne)` where an error whose cause is NamespaceTerminating counts as
 *   success; then `creationObserved(key)` once per skipped pod
 *   (`count - successes`); the sync error is the batch's first error.
 * - delete: `expectDeletions(key, podKeys)`, delete every victim; for each
 *   failure `deletionObserved(key, podKey)`, and the first non-NotFound error
 *   becomes the sync error.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { Millis } from "@kubesim/sim";
import { podKey } from "./active.js";
import type { LabelMatcher } from "./claim.js";
import { getControllerOf } from "./claim.js";
import type { RankingGates } from "./ranking.js";
import { getPodsToDelete } from "./ranking.js";
import { BurstReplicas, SlowStartInitialBatchSize, slowStartBatchSizes } from "./slow-start.js";

/** What one manageReplicas call does. */
export type ManageReplicasPlan =
  | { readonly type: "none"; readonly diff: 0 }
  | {
      readonly type: "create";
      /** len(filteredPods) - spec.replicas (negative). */
      readonly diff: number;
      /** Pods to create: min(-diff, burst). */
      readonly count: number;
      /** The slow-start batch sizes when every creation succeeds. */
      readonly batches: readonly number[];
    }
  | {
      readonly type: "delete";
      /** len(filteredPods) - spec.replicas (positive). */
      readonly diff: number;
      /** The pods to delete, first victim first: min(diff, burst) of them. */
      readonly victims: readonly Pod[];
      /** Their "namespace/name" keys, for expectDeletions. */
      readonly podKeys: readonly string[];
    };

export interface ManageReplicasInput {
  readonly rs: ReplicaSet;
  /** The active pods the ReplicaSet owns after claiming. */
  readonly filteredPods: readonly Pod[];
  /** Pods of every ReplicaSet with the same controller (getIndirectlyRelatedPods). */
  readonly relatedPods?: readonly Pod[];
  /** ActivePodsWithRanks.Now. */
  readonly now: Millis;
  readonly burstReplicas?: number;
  readonly gates?: RankingGates;
}

/** The desired replicas of a ReplicaSet (spec.replicas defaults to 1). */
export function specReplicas(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

/** manageReplicas as a plan. */
export function planManageReplicas(input: ManageReplicasInput): ManageReplicasPlan {
  const burst = input.burstReplicas ?? BurstReplicas;
  const diff = input.filteredPods.length - specReplicas(input.rs);
  if (diff < 0) {
    const count = Math.min(-diff, burst);
    return {
      type: "create",
      diff,
      count,
      batches: slowStartBatchSizes(count, SlowStartInitialBatchSize),
    };
  }
  if (diff > 0) {
    const count = Math.min(diff, burst);
    const victims = getPodsToDelete(
      input.filteredPods,
      input.relatedPods ?? [],
      count,
      input.now,
      input.gates,
    );
    return { type: "delete", diff, victims, podKeys: victims.map(podKey) };
  }
  return { type: "none", diff: 0 };
}

/**
 * getReplicaSetsWithSameController: the ReplicaSets whose controllerRef has
 * the same UID as `rs`'s (`rs` included). Empty when `rs` has no controller.
 */
export function getReplicaSetsWithSameController(
  rs: ReplicaSet,
  replicaSets: readonly ReplicaSet[],
): ReplicaSet[] {
  const ref = getControllerOf(rs);
  if (ref === undefined) return [];
  return replicaSets.filter((other) => getControllerOf(other)?.uid === ref.uid);
}

/**
 * getIndirectlyRelatedPods: every pod selected by a ReplicaSet with the same
 * controller, each pod once (the first ReplicaSet to select it wins).
 * `selectorOf` converts a ReplicaSet's selector; undefined (invalid) skips it.
 */
export function getIndirectlyRelatedPods(
  rs: ReplicaSet,
  replicaSets: readonly ReplicaSet[],
  pods: readonly Pod[],
  selectorOf: (rs: ReplicaSet) => LabelMatcher | undefined,
): Pod[] {
  const seen = new Set<string>();
  const related: Pod[] = [];
  for (const other of getReplicaSetsWithSameController(rs, replicaSets)) {
    const selector = selectorOf(other);
    if (selector === undefined) continue;
    const ns = other.metadata?.namespace ?? "";
    for (const pod of pods) {
      if ((pod.metadata?.namespace ?? "") !== ns || !selector.matches(pod.metadata?.labels)) {
        continue;
      }
      const uid = pod.metadata?.uid ?? podKey(pod);
      if (seen.has(uid)) continue;
      seen.add(uid);
      related.push(pod);
    }
  }
  return related;
}
