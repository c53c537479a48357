/**
 * Structural invariants of a Deployment's objects, checkable at any moment:
 *
 * - at most one ReplicaSet per pod-template-hash (the controller finds or
 *   creates the new ReplicaSet by hash: deployment/sync.go getNewReplicaSet);
 * - generation and observedGeneration consistent: a controller never reports
 *   a generation it has not been given (observedGeneration ≤ generation), for
 *   the Deployment and its ReplicaSets;
 * - every live pod owned by a live ReplicaSet (checked once settled: the
 *   garbage collector removes orphans asynchronously).
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import { viewOf, type ClusterOrView } from "./view.js";
import { controllerUid, ownedReplicaSets } from "./owned.js";
import type { Violation } from "./violation.js";

const HASH = "pod-template-hash";

export function checkOneReplicaSetPerHash(cluster: ClusterOrView, d: Deployment): Violation[] {
  const byHash = new Map<string, string[]>();
  for (const rs of ownedReplicaSets(cluster, d)) {
    const hash = rs.metadata?.labels?.[HASH] ?? "";
    byHash.set(hash, [...(byHash.get(hash) ?? []), rs.metadata?.name ?? ""]);
  }
  return [...byHash]
    .filter(([, names]) => names.length > 1)
    .map(([hash, names]) => ({
      invariant: "oneReplicaSetPerHash",
      message: `${names.length} ReplicaSets with ${HASH}=${hash}: ${names.join(", ")}`,
      at: viewOf(cluster).now(),
    }));
}

export function checkGenerations(cluster: ClusterOrView, d: Deployment): Violation[] {
  const out: Violation[] = [];
  const objs = [
    { what: `deployment ${d.metadata?.name ?? ""}`, o: d },
    ...ownedReplicaSets(cluster, d).map((rs) => ({
      what: `replicaset ${rs.metadata?.name ?? ""}`,
      o: rs,
    })),
  ];
  for (const { what, o } of objs) {
    const gen = o.metadata?.generation ?? 0;
    const observed = o.status?.observedGeneration ?? 0;
    if (observed > gen)
      out.push({
        invariant: "generation",
        message: `${what}: observedGeneration ${observed} > generation ${gen}`,
        at: viewOf(cluster).now(),
      });
  }
  return out;
}

/** Every pod of the namespace that is not being deleted has a live controlling ReplicaSet, if any owner. */
export function checkPodsOwnedByLiveReplicaSets(
  cluster: ClusterOrView,
  namespace: string,
): Violation[] {
  const view = viewOf(cluster);
  const rss = new Map(
    view.list("ReplicaSet", namespace).map((rs) => [rs.metadata?.uid ?? "", rs] as const),
  );
  const out: Violation[] = [];
  for (const p of view.list("Pod", namespace)) {
    if (p.metadata?.deletionTimestamp !== undefined) continue;
    const owner = controllerUid(p);
    if (owner === undefined) continue;
    const rs = rss.get(owner);
    if (rs === undefined || rs.metadata?.deletionTimestamp !== undefined)
      out.push({
        invariant: "podOwnedByLiveReplicaSet",
        message: `pod ${p.metadata?.name ?? ""}: its ReplicaSet (uid ${owner}) is ${rs === undefined ? "gone" : "being deleted"}`,
        at: viewOf(cluster).now(),
      });
  }
  return out;
}
