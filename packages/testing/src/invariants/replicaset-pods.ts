/**
 * What the ReplicaSet controller guarantees about its pods.
 *
 * At any moment (`ReplicaSetPodsBound`): a ReplicaSet never has more active
 * pods (neither Succeeded nor Failed, no deletionTimestamp: controller.IsPodActive)
 * than the largest spec.replicas it asked for recently. Kubernetes' guarantee
 * is exactly this, not "active ≤ spec.replicas":
 *
 * - The controller acts on its informer cache, which may hold an older
 *   version of the ReplicaSet: watch events arrive late (API latency), and a
 *   dropped watch leaves the cache as it was until the relist after a back-off
 *   (0.8 s, doubling to 30 s). Until then it may still create pods for the
 *   larger size of a scale-down it has not seen; once it sees it, it deletes
 *   the excess in the same sync.
 * - Its expectations (replica_set.go: `SatisfiedExpectations` gates
 *   `manageReplicas`) make it wait until the cache shows every pod it created
 *   or deleted, so it never counts its own pods short and never creates a pod
 *   twice. The bound relies on this; the wait ends after 5 minutes
 *   (ExpectationsTimeout), longer than any lag here.
 * - Terminating pods are not active: after a scale-down then up, the new pods
 *   start while the old ones are still terminating. Only active pods are
 *   bounded (the total, terminating included, is not).
 * - Adopted orphans would count too; the cases here have none.
 *
 * So the bound is the maximum of spec.replicas over the versions current
 * within the last `windowMs` (default 30 s, the longest relist back-off) plus
 * the highest watch delay seen so far (latency plus jitter). Versions are recorded at each check,
 * so check after every loop task that wrote something (InvariantWatch does).
 *
 * Once settled (`checkReplicaSetStatus`): each ReplicaSet's status counts its
 * pods as the server has them (replicas = active pods, readyReplicas = ready
 * ones) for the generation it is at: replica_set_utils.go calculateStatus,
 * from a cache that has caught up with the server.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { isPodActive, type Cluster } from "kubesim";
import { controllerUid, isPodReady } from "./owned.js";
import type { Violation } from "./violation.js";

export { isPodActive };

/** Active pods per controlling ReplicaSet UID. */
function podsByController(pods: readonly Pod[], keep: (p: Pod) => boolean): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of pods) {
    const uid = controllerUid(p);
    if (uid === undefined || !keep(p)) continue;
    const list = out.get(uid);
    if (list === undefined) out.set(uid, [p]);
    else list.push(p);
  }
  return out;
}

export interface ReplicaSetPodsBoundOptions {
  /** The namespace whose ReplicaSets are bounded (default "default"). */
  readonly namespace?: string;
  /** How long a spec.replicas still counts after it was replaced (default 30 s), plus the watch latency. */
  readonly windowMs?: number;
}

interface Version {
  readonly from: number;
  readonly replicas: number;
}

/** Active pods per ReplicaSet ≤ the largest spec.replicas within the window (see above). */
export class ReplicaSetPodsBound {
  private readonly namespace: string;
  private readonly windowMs: number;
  /** spec.replicas versions per ReplicaSet UID, oldest first. */
  private readonly versions = new Map<string, Version[]>();
  private maxLatency = 0;

  constructor(
    readonly cluster: Cluster,
    options: ReplicaSetPodsBoundOptions = {},
  ) {
    this.namespace = options.namespace ?? "default";
    this.windowMs = options.windowMs ?? 30_000;
  }

  /** The window in effect: windowMs plus the highest watch delay seen (latency plus jitter). */
  get effectiveWindowMs(): number {
    return this.windowMs + this.maxLatency;
  }

  check(): Violation[] {
    const c = this.cluster;
    const now = c.now();
    this.maxLatency = Math.max(
      this.maxLatency,
      c.connections.watchLatency + c.connections.watchJitter,
    );
    const since = now - this.effectiveWindowMs;
    const rss = c.apiserver.list("ReplicaSet", { namespace: this.namespace }).items;
    const active = podsByController(
      c.apiserver.list("Pod", { namespace: this.namespace }).items,
      isPodActive,
    );
    const out: Violation[] = [];
    for (const rs of rss) {
      const uid = rs.metadata?.uid ?? "";
      const replicas = rs.spec?.replicas ?? 1;
      let vs = this.versions.get(uid);
      if (vs === undefined) this.versions.set(uid, (vs = []));
      if (vs[vs.length - 1]?.replicas !== replicas) vs.push({ from: now, replicas });
      // Keep the version current at the window's start, and every later one.
      while (vs.length > 1 && vs[1]!.from <= since) vs.shift();
      const allowed = Math.max(...vs.map((v) => v.replicas));
      const pods = active.get(uid) ?? [];
      if (pods.length > allowed)
        out.push({
          invariant: "replicaSetPods",
          message: `replicaset ${rs.metadata?.name ?? ""} has ${pods.length} active pods, more than the ${allowed} it asked for (spec.replicas ${replicas}, largest within ${this.effectiveWindowMs}ms): ${pods
            .map((p) => p.metadata?.name ?? "")
            .sort()
            .join(", ")}`,
          at: now,
        });
    }
    return out;
  }
}

/** Once settled: every ReplicaSet's status counts its pods as the server has them. */
export function checkReplicaSetStatus(cluster: Cluster, namespace: string): Violation[] {
  const pods = cluster.apiserver.list("Pod", { namespace }).items;
  const active = podsByController(pods, isPodActive);
  const out: Violation[] = [];
  const rss: readonly ReplicaSet[] = cluster.apiserver.list("ReplicaSet", { namespace }).items;
  for (const rs of rss) {
    if (rs.metadata?.deletionTimestamp != null) continue;
    const mine = active.get(rs.metadata?.uid ?? "") ?? [];
    const ready = mine.filter(isPodReady).length;
    const s = rs.status;
    const got = {
      observedGeneration: s?.observedGeneration ?? 0,
      replicas: s?.replicas ?? 0,
      readyReplicas: s?.readyReplicas ?? 0,
    };
    const want = {
      observedGeneration: rs.metadata?.generation ?? 0,
      replicas: mine.length,
      readyReplicas: ready,
    };
    if (JSON.stringify(got) !== JSON.stringify(want))
      out.push({
        invariant: "replicaSetStatus",
        message: `replicaset ${rs.metadata?.name ?? ""}: status ${JSON.stringify(got)}, its pods say ${JSON.stringify(want)}`,
        at: cluster.now(),
      });
  }
  return out;
}
