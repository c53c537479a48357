/**
 * Lookups shared by the invariants: a Deployment's ReplicaSets and pods, found
 * the way its controllers find them (controller ownerReferences by UID, as
 * pkg/controller/controller_ref_manager.go).
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { viewOf, type ClusterOrView } from "./view.js";
import type { DeploymentRef } from "./violation.js";

export function controllerUid(obj: {
  metadata?: { ownerReferences?: readonly { controller?: boolean; uid: string }[] };
}): string | undefined {
  return obj.metadata?.ownerReferences?.find((o) => o.controller === true)?.uid;
}

export function getDeployment(source: ClusterOrView, ref: DeploymentRef): Deployment | undefined {
  return viewOf(source).get("Deployment", ref.namespace, ref.name);
}

/** The ReplicaSets the Deployment controls. */
export function ownedReplicaSets(source: ClusterOrView, d: Deployment): ReplicaSet[] {
  const uid = d.metadata?.uid;
  return viewOf(source)
    .list("ReplicaSet", d.metadata?.namespace ?? "")
    .filter((rs) => controllerUid(rs) === uid);
}

/** Pods whose controller is one of `rss`, not being deleted. */
export function livePodsOf(
  source: ClusterOrView,
  namespace: string,
  rss: readonly ReplicaSet[],
): Pod[] {
  const uids = new Set(rss.map((rs) => rs.metadata?.uid));
  return viewOf(source)
    .list("Pod", namespace)
    .filter((p) => p.metadata?.deletionTimestamp === undefined && uids.has(controllerUid(p)));
}

export { isPodReady } from "kubesim";
