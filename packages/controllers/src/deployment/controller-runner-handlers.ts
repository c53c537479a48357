/**
 * The Deployment controller's informer event handlers. Mirrors the handler half of
 * pkg/controller/deployment/deployment_controller.go: addDeployment, updateDeployment,
 * deleteDeployment, addReplicaSet, updateReplicaSet, deleteReplicaSet, deletePod,
 * getDeploymentsForReplicaSet, getDeploymentForPod and resolveControllerRef.
 *
 * What wakes a Deployment (its key is added to the work queue):
 * - any add, update or delete of the Deployment itself;
 * - a ReplicaSet it controls being added, updated (a new resourceVersion) or deleted; an RS added
 *   pending deletion counts as deleted;
 * - on a change of an RS's controllerRef, the old controller too;
 * - an orphan RS added, or an orphan whose labels or controllerRef changed: every Deployment of its
 *   namespace whose selector matches its labels (to let them adopt it);
 * - a pod deleted whose RS a Recreate Deployment controls, once none of that Deployment's pods is
 *   left (Recreate waits for them before creating the new RS).
 * A controllerRef is followed only when its kind is right and the UID matches the object cached
 * under its name (a Deployment deleted and recreated under the same name is another owner).
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { isInvariantError, type ApiClient } from "@kubesim/api";
import {
  objectKey,
  unwrapTombstone,
  type Lister,
  type Logger,
  type ResourceEventHandler,
} from "@kubesim/runtime";
import {
  deploymentSelector,
  getControllerOf,
  getDeploymentsForReplicaSet,
  getPodMapForDeployment,
  listReplicaSetsFromClient,
} from "./controller-runner-refs.js";

/** What the handlers read and how they wake a Deployment. */
export interface HandlerContext {
  readonly deployments: Lister<Deployment>;
  readonly replicaSets: Lister<ReplicaSet>;
  /** Must carry the CONTROLLER_UID_INDEX (deletePod builds the pod map from it). */
  readonly pods: Lister<Pod>;
  /** deletePod lists ReplicaSets live, as upstream's ListReplicaSets(RsListFromClient) does. */
  readonly client: ApiClient;
  readonly enqueue: (d: Deployment) => void;
  readonly logger?: Logger;
}

/**
 * resolveControllerRef: the Deployment a controllerRef names, if it is a Deployment and the one
 * cached under that name has that UID.
 */
export function resolveControllerRef(
  deployments: Lister<Deployment>,
  namespace: string,
  ref: OwnerReference,
): Deployment | undefined {
  // Look up by name, then check the UID; don't even look when the kind is wrong.
  if (ref.kind !== "Deployment") return undefined;
  const d = deployments.get(objectKey(namespace, ref.name));
  return d === undefined || d.metadata?.uid !== ref.uid ? undefined : d;
}

/** getDeploymentForPod: pod → its controlling ReplicaSet (by name and UID) → that RS's Deployment. */
export function getDeploymentForPod(ctx: HandlerContext, pod: Pod): Deployment | undefined {
  const podRef = getControllerOf(pod);
  if (podRef === undefined || podRef.kind !== "ReplicaSet") return undefined;
  const namespace = pod.metadata?.namespace ?? "";
  const rs = ctx.replicaSets.get(objectKey(namespace, podRef.name));
  if (rs === undefined || rs.metadata?.uid !== podRef.uid) return undefined;
  const rsRef = getControllerOf(rs);
  return rsRef === undefined ? undefined : resolveControllerRef(ctx.deployments, namespace, rsRef);
}

/** addDeployment / updateDeployment (the new object) / deleteDeployment (tombstones unwrapped). */
export function deploymentEventHandler(ctx: HandlerContext): ResourceEventHandler<Deployment> {
  return {
    onAdd: (d) => ctx.enqueue(d),
    onUpdate: (_old, cur) => ctx.enqueue(cur),
    // The sync then finds it gone from the cache and does nothing.
    onDelete: (obj) => ctx.enqueue(unwrapTombstone(obj)),
  };
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

function sameLabels(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => Object.hasOwn(b ?? {}, k) && b?.[k] === a?.[k]);
}

/** addReplicaSet / updateReplicaSet / deleteReplicaSet. */
export function replicaSetEventHandler(ctx: HandlerContext): ResourceEventHandler<ReplicaSet> {
  const enqueueOwner = (rs: ReplicaSet, ref: OwnerReference): void => {
    const d = resolveControllerRef(ctx.deployments, rs.metadata?.namespace ?? "", ref);
    if (d !== undefined) ctx.enqueue(d);
  };
  const enqueueMatching = (rs: ReplicaSet): void => {
    // Several matching Deployments are a user error; ControllerRefs keep it harmless.
    for (const d of getDeploymentsForReplicaSet(ctx.deployments, rs)) ctx.enqueue(d);
  };
  const deleteReplicaSet = (rs: ReplicaSet): void => {
    const ref = getControllerOf(rs);
    // No controller cares about orphans being deleted.
    if (ref !== undefined) enqueueOwner(rs, ref);
  };
  return {
    onAdd: (rs) => {
      // After a controller-manager restart an RS may show up already pending deletion.
      if (rs.metadata?.deletionTimestamp !== undefined) return deleteReplicaSet(rs);
      const ref = getControllerOf(rs);
      if (ref !== undefined) return enqueueOwner(rs, ref);
      enqueueMatching(rs);
    },
    onUpdate: (oldRS, curRS) => {
      // A resync delivers the same version: two versions always differ in resourceVersion.
      if (curRS.metadata?.resourceVersion === oldRS.metadata?.resourceVersion) return;
      const curRef = getControllerOf(curRS);
      const oldRef = getControllerOf(oldRS);
      const refChanged = !sameRef(curRef, oldRef);
      if (refChanged && oldRef !== undefined) enqueueOwner(oldRS, oldRef);
      if (curRef !== undefined) return enqueueOwner(curRS, curRef);
      // An orphan: if anything changed, let the matching Deployments try to adopt it.
      if (refChanged || !sameLabels(curRS.metadata?.labels, oldRS.metadata?.labels)) {
        enqueueMatching(curRS);
      }
    },
    onDelete: (obj) => deleteReplicaSet(unwrapTombstone(obj)),
  };
}

/**
 * deletePod: wakes a Recreate Deployment once the last of its pods is gone. Its ReplicaSets come
 * from a live LIST (upstream's ListReplicaSets over the client), its pods from the cache, which no
 * longer holds the deleted pod.
 */
export function podEventHandler(ctx: HandlerContext): ResourceEventHandler<Pod> {
  return {
    onDelete: (obj) => {
      const pod = unwrapTombstone(obj);
      const d = getDeploymentForPod(ctx, pod);
      if (d === undefined || d.spec?.strategy?.type !== "Recreate") return;
      const sel = deploymentSelector(d);
      if ("error" in sel) return;
      let rsList: readonly ReplicaSet[];
      try {
        rsList = listReplicaSetsFromClient(ctx.client, d, sel.selector);
      } catch (err) {
        if (isInvariantError(err)) throw err;
        ctx.logger?.debug({ err }, "deletePod: listing ReplicaSets failed");
        return;
      }
      const podMap = getPodMapForDeployment(d, sel.selector, rsList, ctx.pods);
      let numPods = 0;
      for (const pods of podMap.values()) numPods += pods.length;
      if (numPods === 0) ctx.enqueue(d);
    },
  };
}
