/**
 * Mirrors kubernetes/kubernetes pkg/controller/controller_ref_manager.go
 * (`BaseControllerRefManager.ClaimObject`, `PodControllerRefManager.ClaimPods`,
 * `AdoptPod`, `ReleasePod`) as the ReplicaSet controller uses it
 * (replica_set.go `claimPods`).
 *
 * For each pod, the decision ClaimObject takes:
 *
 * | controllerRef            | selector matches | decision                          |
 * | -------------------------| ---------------- | --------------------------------- |
 * | this ReplicaSet (by UID) | yes              | keep (even while the RS is being deleted) |
 * | this ReplicaSet          | no               | release, unless the RS is being deleted (then drop) |
 * | another controller       | any              | ignore                            |
 * | none (orphan)            | yes              | adopt, unless the RS or the pod is being deleted or the namespaces differ |
 * | none                     | no               | ignore                            |
 *
 * Adopted pods count as claimed, assuming the adoption patch succeeds (the
 * controller reports a failed patch as its sync error, as upstream). The
 * patches are strategic-merge bodies, exactly upstream's.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { newControllerRef } from "./pod-template.js";

/** Anything that can match a label set (a `Selector` from @kubesim/api). */
export interface LabelMatcher {
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

/** What claimPods decided. */
export interface ClaimPlan {
  /** Pods the ReplicaSet owns after the claim: kept ones and adopted ones, in input order. */
  readonly claimed: readonly Pod[];
  /** Orphans to adopt (a subset of `claimed`). */
  readonly adopt: readonly Pod[];
  /** Owned pods whose labels no longer match: their controllerRef is removed. */
  readonly release: readonly Pod[];
  /** The ownerReference adoption sets. */
  readonly controllerRef: OwnerReference;
}

/** metav1.GetControllerOf: the ownerReference with controller: true, if any. */
export function getControllerOf(obj: {
  metadata?: { ownerReferences?: OwnerReference[] };
}): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

const beingDeleted = (obj: { metadata?: { deletionTimestamp?: string } }): boolean =>
  obj.metadata?.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null;

/**
 * ClaimPods(pods) for `rs` with its (already converted) selector. `pods` are
 * normally the active pods of the namespace.
 */
export function claimPods(rs: ReplicaSet, selector: LabelMatcher, pods: readonly Pod[]): ClaimPlan {
  const uid = rs.metadata?.uid ?? "";
  const namespace = rs.metadata?.namespace ?? "";
  const rsDeleting = beingDeleted(rs);
  const claimed: Pod[] = [];
  const adopt: Pod[] = [];
  const release: Pod[] = [];
  for (const pod of pods) {
    const match = selector.matches(pod.metadata?.labels);
    const ref = getControllerOf(pod);
    if (ref !== undefined) {
      if (ref.uid !== uid) continue; // owned by someone else
      if (match) claimed.push(pod);
      else if (!rsDeleting) release.push(pod);
      continue;
    }
    // An orphan.
    if (rsDeleting || !match || beingDeleted(pod)) continue;
    if (namespace !== "" && namespace !== (pod.metadata?.namespace ?? "")) continue;
    adopt.push(pod);
    claimed.push(pod);
  }
  return { claimed, adopt, release, controllerRef: newControllerRef(rs) };
}

/**
 * The strategic-merge patch AdoptPod sends:
 * `{"metadata":{"ownerReferences":[{apiVersion,kind,name,uid,controller:true,blockOwnerDeletion:true}],"uid":"<pod uid>"}}`.
 * The pod's UID in the patch makes it fail if the pod was replaced meanwhile.
 */
export function adoptPodPatch(rs: ReplicaSet, pod: Pod): object {
  return {
    metadata: { ownerReferences: [newControllerRef(rs)], uid: pod.metadata?.uid ?? "" },
  };
}

/**
 * The strategic-merge patch ReleasePod sends:
 * `{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"<rs uid>"}],"uid":"<pod uid>"}}`.
 */
export function releasePodPatch(rs: ReplicaSet, pod: Pod): object {
  return {
    metadata: {
      ownerReferences: [{ $patch: "delete", uid: rs.metadata?.uid ?? "" }],
      uid: pod.metadata?.uid ?? "",
    },
  };
}
