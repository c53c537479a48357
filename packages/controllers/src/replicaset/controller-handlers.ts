/**
 * Mirrors the event handlers of kubernetes/kubernetes
 * pkg/controller/replicaset/replica_set.go (`addPod`, `updatePod`,
 * `deletePod`, `addRS`, `updateRS`, `deleteRS`, `resolveControllerRef`,
 * `getPodReplicaSets`) and the lister extension
 * `GetPodReplicaSets` (client-go listers/apps/v1/replicaset_expansion.go).
 *
 * What they guarantee (workloads.md §11.1):
 * - A pod whose controllerRef names a ReplicaSet in the cache (kind and UID
 *   must match) enqueues that ReplicaSet; its arrival lowers the creation
 *   expectations (`creationObserved`), its deletion — or the first sight of
 *   its deletionTimestamp — lowers the deletion expectations
 *   (`deletionObserved`, once per pod key).
 * - An orphan pod enqueues every ReplicaSet of its namespace whose (non-empty)
 *   selector matches its labels, so that one of them adopts it; no
 *   expectation changes.
 * - A pod that becomes Ready under a ReplicaSet with minReadySeconds > 0 is
 *   looked at again after minReadySeconds + 1 s, when it becomes available.
 * - ReplicaSet adds and updates enqueue it; a delete forgets its expectations
 *   (a new ReplicaSet of the same name starts clean) and enqueues the key.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { labelSelectorAsSelector, type Selector } from "@kubesim/api";
import {
  metaNamespaceKey,
  objectKey,
  unwrapTombstone,
  type Lister,
  type RateLimitingQueue,
  type ResourceEventHandler,
} from "@kubesim/runtime";
import { isPodReady, podKey } from "./active.js";
import { getControllerOf } from "./claim.js";
import type { ControllerExpectations } from "./expectations.js";

/** The ReplicaSet controller's kind, as controllerRefs name it. */
export const ReplicaSetKind = "ReplicaSet";

/** What the handlers share with the controller. */
export interface ReplicaSetHandlerContext {
  readonly rsLister: Lister<ReplicaSet>;
  readonly expectations: ControllerExpectations;
}

const selectors = new WeakMap<object, Selector | null>();

/**
 * metav1.LabelSelectorAsSelector(rs.spec.selector), remembered per selector
 * object: cache objects are frozen, and the versions of a ReplicaSet (each
 * status write makes one) share their spec.selector, so it is converted once
 * per ReplicaSet rather than once per sync. Undefined when the selector
 * cannot be converted.
 */
export function replicaSetSelector(rs: ReplicaSet): Selector | undefined {
  const raw = rs.spec?.selector;
  const key: object = raw ?? rs;
  let s = selectors.get(key);
  if (s === undefined) {
    try {
      s = labelSelectorAsSelector(raw);
    } catch {
      s = null;
    }
    selectors.set(key, s);
  }
  return s ?? undefined;
}

/**
 * resolveControllerRef: the cached ReplicaSet a controllerRef points to, or
 * undefined when the kind differs, it is not cached, or its UID differs (a
 * different ReplicaSet that reuses the name).
 */
export function resolveControllerRef(
  rsLister: Lister<ReplicaSet>,
  namespace: string,
  ref: OwnerReference,
): ReplicaSet | undefined {
  if (ref.kind !== ReplicaSetKind) return undefined;
  const rs = rsLister.get(objectKey(namespace, ref.name));
  if (rs === undefined || rs.metadata?.uid !== ref.uid) return undefined;
  return rs;
}

/**
 * GetPodReplicaSets: the ReplicaSets of the pod's namespace whose selector
 * matches its labels. A pod without labels matches none, and a nil or empty
 * selector matches nothing (not everything). Upstream logs a "user error"
 * when more than one matches, and still returns them all.
 */
export function getPodReplicaSets(rsLister: Lister<ReplicaSet>, pod: Pod): ReplicaSet[] {
  const labels = pod.metadata?.labels;
  if (labels === undefined || Object.keys(labels).length === 0) return [];
  const namespace = pod.metadata?.namespace ?? "";
  return rsLister.list({ namespace }).filter((rs) => {
    const selector = replicaSetSelector(rs);
    return selector !== undefined && !selector.isEmpty() && selector.matches(labels);
  });
}

const sameRef = (a: OwnerReference | undefined, b: OwnerReference | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    a.controller === b.controller &&
    a.blockOwnerDeletion === b.blockOwnerDeletion);

const sameLabels = (
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean => {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => a?.[k] === b?.[k]);
};

const beingDeleted = (pod: Pod): boolean =>
  pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;

/** The pod handlers (addPod, updatePod, deletePod) feeding `queue`. */
export function podEventHandler(
  ctx: ReplicaSetHandlerContext,
  queue: RateLimitingQueue<string>,
): ResourceEventHandler<Pod> {
  const enqueue = (rs: ReplicaSet) => queue.add(metaNamespaceKey(rs));

  // deletePod: lower the deletion expectations of the controlling ReplicaSet.
  const deletePod = (pod: Pod): void => {
    const ref = getControllerOf(pod);
    if (ref === undefined) return; // no controller will care
    const rs = resolveControllerRef(ctx.rsLister, pod.metadata?.namespace ?? "", ref);
    if (rs === undefined) return;
    const key = metaNamespaceKey(rs);
    ctx.expectations.deletionObserved(key, podKey(pod));
    queue.add(key);
  };

  // addPod: a new pod, or one seen again after a relist.
  const addPod = (pod: Pod): void => {
    if (beingDeleted(pod)) {
      // On a restart of the controller manager a pod may show up already
      // being deleted; it must not count as a creation.
      deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref !== undefined) {
      const rs = resolveControllerRef(ctx.rsLister, pod.metadata?.namespace ?? "", ref);
      if (rs === undefined) return;
      const key = metaNamespaceKey(rs);
      ctx.expectations.creationObserved(key);
      queue.add(key);
      return;
    }
    // An orphan: wake every matching ReplicaSet, one of them may adopt it.
    for (const rs of getPodReplicaSets(ctx.rsLister, pod)) enqueue(rs);
  };

  const updatePod = (oldPod: Pod, curPod: Pod): void => {
    // A periodic resync sends the same object: nothing changed.
    if (curPod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return;
    const labelChanged = !sameLabels(curPod.metadata?.labels, oldPod.metadata?.labels);
    if (beingDeleted(curPod)) {
      // Graceful deletion: the pod is gone for our purposes as soon as it has
      // a deletionTimestamp; waiting for the kubelet would delay replacements.
      deletePod(curPod);
      // The old labels may have belonged to another ReplicaSet.
      if (labelChanged) deletePod(oldPod);
      return;
    }
    const curRef = getControllerOf(curPod);
    const oldRef = getControllerOf(oldPod);
    const refChanged = !sameRef(curRef, oldRef);
    if (refChanged && oldRef !== undefined) {
      // The old controller must learn that it lost the pod.
      const old = resolveControllerRef(ctx.rsLister, oldPod.metadata?.namespace ?? "", oldRef);
      if (old !== undefined) enqueue(old);
    }
    if (curRef !== undefined) {
      const rs = resolveControllerRef(ctx.rsLister, curPod.metadata?.namespace ?? "", curRef);
      if (rs === undefined) return;
      enqueue(rs);
      // A pod that just became ready becomes available minReadySeconds later:
      // look again then (the extra second guards against clock skew upstream).
      const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(oldPod) && isPodReady(curPod) && minReadySeconds > 0) {
        queue.addAfter(metaNamespaceKey(rs), minReadySeconds * 1000 + 1000);
      }
      return;
    }
    // An orphan whose labels or ref changed may now match a ReplicaSet.
    if (labelChanged || refChanged) {
      for (const rs of getPodReplicaSets(ctx.rsLister, curPod)) enqueue(rs);
    }
  };

  return {
    onAdd: (pod) => addPod(pod),
    onUpdate: (oldPod, curPod) => updatePod(oldPod, curPod),
    onDelete: (obj) => deletePod(unwrapTombstone(obj)),
  };
}

/** The ReplicaSet handlers (addRS, updateRS, deleteRS) feeding `queue`. */
export function replicaSetEventHandler(
  ctx: ReplicaSetHandlerContext,
  queue: RateLimitingQueue<string>,
): ResourceEventHandler<ReplicaSet> {
  const deleteRS = (rs: ReplicaSet): void => {
    const key = metaNamespaceKey(rs);
    // A ReplicaSet created again with the same name starts without expectations.
    ctx.expectations.deleteExpectations(key);
    queue.add(key);
  };
  return {
    onAdd: (rs) => queue.add(metaNamespaceKey(rs)),
    onUpdate: (oldRS, curRS) => {
      // A delete and a re-create seen as one update (the informer missed the
      // delete): handle the delete of the old one first.
      if (curRS.metadata?.uid !== oldRS.metadata?.uid) deleteRS(oldRS);
      queue.add(metaNamespaceKey(curRS));
    },
    onDelete: (obj) => deleteRS(unwrapTombstone(obj)),
  };
}
