/**
 * Eventual invariants, checked once faults are healed and the cluster has had
 * time to settle:
 *
 * - convergence to the spec: the rollout is complete (DeploymentComplete),
 *   observedGeneration = generation, the ReplicaSets sum to spec.replicas and
 *   every live pod runs the current template (its pod-template-hash);
 * - Endpoints equal the ready pods: a Service's Endpoints list exactly the IPs
 *   of its ready selected pods (pkg/controller/endpoint/endpoints_controller.go).
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Cluster } from "kubesim";
import { deploymentComplete } from "kubesim";
import { isPodReady, livePodsOf, ownedReplicaSets } from "./owned.js";
import type { Violation } from "./violation.js";

const HASH = "pod-template-hash";

function sameTemplate(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function checkConverged(cluster: Cluster, d: Deployment): Violation[] {
  const v = (message: string): Violation[] => [
    { invariant: "convergence", message, at: cluster.now() },
  ];
  const name = d.metadata?.name ?? "";
  const replicas = d.spec?.replicas ?? 1;
  if ((d.status?.observedGeneration ?? 0) !== (d.metadata?.generation ?? 0))
    return v(
      `deployment ${name}: observedGeneration ${d.status?.observedGeneration ?? 0} != generation ${d.metadata?.generation ?? 0}`,
    );
  if (!deploymentComplete(d, d.status))
    return v(
      `deployment ${name} not complete: replicas ${replicas}, status ${JSON.stringify({ replicas: d.status?.replicas ?? 0, updated: d.status?.updatedReplicas ?? 0, available: d.status?.availableReplicas ?? 0 })}`,
    );
  const rss = ownedReplicaSets(cluster, d);
  const total = rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
  if (total !== replicas) return v(`replicasets of ${name} sum to ${total}, want ${replicas}`);
  const current = rss.find((rs) => {
    const t = rs.spec?.template;
    const labels = { ...t?.metadata?.labels };
    delete labels[HASH];
    return sameTemplate({ ...t, metadata: { ...t?.metadata, labels } }, d.spec?.template);
  });
  const pods = livePodsOf(cluster, d.metadata?.namespace ?? "", rss);
  if (pods.length !== replicas) return v(`${pods.length} live pods of ${name}, want ${replicas}`);
  if (replicas > 0) {
    const hash = current?.metadata?.labels?.[HASH];
    const stale = pods.filter((p) => p.metadata?.labels?.[HASH] !== hash);
    if (hash === undefined || stale.length > 0)
      return v(
        `pods not on the current template (${HASH}=${hash ?? "none"}): ${stale.map((p) => p.metadata?.name ?? "").join(", ")}`,
      );
  }
  return [];
}

export function checkEndpoints(cluster: Cluster, namespace: string, service: string): Violation[] {
  const svc = cluster.apiserver.get("Service", namespace, service);
  const selector = svc.spec?.selector ?? {};
  const pods = cluster.apiserver
    .list("Pod", { namespace })
    .items.filter(
      (p) =>
        p.metadata?.deletionTimestamp === undefined &&
        p.status?.podIP !== undefined &&
        Object.entries(selector).every(([k, val]) => p.metadata?.labels?.[k] === val),
    );
  const want = pods
    .filter(isPodReady)
    .map((p) => p.status?.podIP ?? "")
    .sort();
  let got: string[] = [];
  try {
    const ep = cluster.apiserver.get("Endpoints", namespace, service);
    got = (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
  } catch {
    got = [];
  }
  if (JSON.stringify(want) === JSON.stringify(got)) return [];
  return [
    {
      invariant: "endpoints",
      message: `endpoints ${namespace}/${service} list [${got.join(", ")}], ready pods are [${want.join(", ")}]`,
      at: cluster.now(),
    },
  ];
}

/** The Deployment's ReplicaSets, for messages. */
export function describeReplicaSets(cluster: Cluster, d: Deployment): string {
  return ownedReplicaSets(cluster, d)
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ""} ${rs.spec?.replicas ?? 0}/${rs.status?.readyReplicas ?? 0}/${rs.status?.availableReplicas ?? 0}`,
    )
    .sort()
    .join(", ");
}
