/**
 * Rolling-update bounds, as the Deployment controller guarantees them and as
 * Kubernetes' e2e framework checks them during a rollout
 * (test/e2e/framework/deployment/wait.go waitForDeploymentCompleteMaybeCheckRolling):
 *
 * - surge: the ReplicaSets' spec.replicas sum to at most replicas + maxSurge;
 * - availability: status.availableReplicas ≥ replicas − maxUnavailable (MinAvailable).
 *
 * maxSurge and maxUnavailable resolve as the controller resolves them
 * (deployment/util.go ResolveFenceposts: surge rounds up, unavailable down; the
 * helpers are the controller's own, re-exported by kubesim).
 *
 * Both hold only once the controller has seen the current spec
 * (observedGeneration ≥ generation). Surge also needs the controller's view
 * of its ReplicaSets to be current: while watch events run late (a slow API
 * server, and until the slowest event in flight has arrived), the Deployment
 * controller may act on a cache that lacks the ReplicaSet it has just created
 * (a scale during a rollout then resizes only the old one, as Kubernetes'
 * sync does with a new ReplicaSet its lister has not shown yet), so surge is
 * not checked then (`RolloutBounds.fault`). Availability holds only from a complete
 * rollout on: it is off from the start, after a change of replicas, and after
 * a disruption (a pod deleted, a node stopped or cut off: see
 * `RolloutBounds.disrupted`), each until the rollout is complete again.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import { deploymentComplete, maxSurge, minAvailable } from "kubesim";
import { controllerUid, getDeployment, ownedReplicaSets } from "./owned.js";
import type { DeploymentRef, Violation } from "./violation.js";
import { viewOf, type ClusterOrView, type ObjectView } from "./view.js";

/** Σ spec.replicas of the Deployment's ReplicaSets against replicas + maxSurge; [] when within. */
export function checkSurge(cluster: ClusterOrView, d: Deployment): Violation[] {
  if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return [];
  const replicas = d.spec?.replicas ?? 1;
  const max = replicas + maxSurge(d);
  const rss = ownedReplicaSets(cluster, d);
  const total = rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
  if (total <= max) return [];
  const parts = rss.map((rs) => `${rs.metadata?.name ?? ""}=${rs.spec?.replicas ?? 0}`).join(", ");
  return [
    {
      invariant: "surge",
      message: `total pods created ${total} > max ${max} (replicas ${replicas} + maxSurge ${maxSurge(d)}): ${parts}`,
      at: viewOf(cluster).now(),
    },
  ];
}

/** status.availableReplicas against MinAvailable; [] when within. */
export function checkAvailability(cluster: ClusterOrView, d: Deployment): Violation[] {
  if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return [];
  const available = d.status?.availableReplicas ?? 0;
  const min = minAvailable(d);
  if (available >= min) return [];
  return [
    {
      invariant: "availability",
      message: `total pods available ${available} < min required ${min} (replicas ${d.spec?.replicas ?? 1} - maxUnavailable)`,
      at: viewOf(cluster).now(),
    },
  ];
}

/** How long everything must look settled after a disruption before availability is checked again. */
export const SETTLE_AFTER_DISRUPTION_MS = 30_000;

/** The bounds of one Deployment, checked again and again as the cluster runs. */
export class RolloutBounds {
  private armedReplicas: number | undefined;
  /** Set by `disrupted()`: re-arm only after SETTLE_AFTER_DISRUPTION_MS of a settled cluster. */
  private needsQuiet = false;
  private settledSince: number | undefined;

  private readonly view: ObjectView;
  /** The API server is slow (slowApiServer in force). */
  private slow = false;
  /** The longest watch delay (latency plus jitter) of the slow spell. */
  private slowDelayMs = 0;
  /** Events of the last slow spell may still be in flight until then. */
  private lateUntil = Number.NEGATIVE_INFINITY;

  /** Over a running cluster, or a view that changes as a recorded trace is replayed. */
  constructor(
    cluster: ClusterOrView,
    readonly ref: DeploymentRef,
  ) {
    this.view = viewOf(cluster);
  }

  /** Pods were taken away by force: availability is off until the rollout is complete again. */
  disrupted(): void {
    this.armedReplicas = undefined;
    this.needsQuiet = true;
    this.settledSince = undefined;
  }

  /** A fault entry's data: slowApiServer and restoreApiServer decide whether surge is checked. */
  fault(data: unknown, at: number): void {
    const f = data as { fault?: string; latencyMs?: number; jitterMs?: number };
    if (f.fault === "slowApiServer") {
      this.slow = true;
      this.slowDelayMs = Math.max(this.slowDelayMs, (f.latencyMs ?? 0) + (f.jitterMs ?? 0));
    } else if (f.fault === "restoreApiServer") {
      this.slow = false;
      this.lateUntil = Math.max(this.lateUntil, at + this.slowDelayMs);
      this.slowDelayMs = 0;
    }
  }

  /** Whether watch events may be late now (surge is not checked then). */
  get watchesLate(): boolean {
    return this.slow || this.view.now() <= this.lateUntil;
  }

  /** Whether availability is checked now. */
  get armed(): boolean {
    return this.armedReplicas !== undefined;
  }

  check(): Violation[] {
    const d = getDeployment(this.view, this.ref);
    if (d === undefined) return [];
    const out = this.watchesLate ? [] : checkSurge(this.view, d);
    const replicas = d.spec?.replicas ?? 1;
    if (this.armedReplicas !== undefined && this.armedReplicas !== replicas)
      this.armedReplicas = undefined;
    if (this.armedReplicas !== undefined) out.push(...checkAvailability(this.view, d));
    else if (this.settled(d)) {
      const now = this.view.now();
      this.settledSince ??= now;
      if (!this.needsQuiet || now - this.settledSince >= SETTLE_AFTER_DISRUPTION_MS) {
        this.armedReplicas = replicas;
        this.needsQuiet = false;
      }
    } else this.settledSince = undefined;
    return out;
  }

  /**
   * The rollout is complete and the status tells the truth: every node up and
   * Ready, every ReplicaSet's controller has seen its latest spec
   * (status.observedGeneration ≥ generation: a scale it has yet to act on,
   * its watch events late, may still take pods away), no pod of the
   * Deployment terminating, `replicas` pods each Ready for minReadySeconds,
   * and status.availableReplicas = replicas.
   */
  private settled(d: Deployment): boolean {
    const replicas = d.spec?.replicas ?? 1;
    if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return false;
    if (!deploymentComplete(d, d.status) || (d.status?.availableReplicas ?? 0) !== replicas)
      return false;
    const c = this.view;
    if (!c.nodesUp()) return false;
    for (const node of c.list("Node")) {
      const ready = node.status?.conditions?.find((x) => x.type === "Ready");
      if (ready?.status !== "True") return false;
    }
    const rss = ownedReplicaSets(c, d);
    if (rss.some((rs) => (rs.status?.observedGeneration ?? 0) < (rs.metadata?.generation ?? 0)))
      return false;
    const uids = new Set(rss.map((rs) => rs.metadata?.uid));
    const pods = c.list("Pod", this.ref.namespace).filter((p) => uids.has(controllerUid(p)));
    if (pods.some((p) => p.metadata?.deletionTimestamp !== undefined)) return false;
    if (pods.length !== replicas) return false;
    const minReady = (d.spec?.minReadySeconds ?? 0) * 1000;
    const now = c.now();
    return pods.every((p) => {
      const ready = p.status?.conditions?.find((x) => x.type === "Ready");
      if (ready?.status !== "True") return false;
      const since = Date.parse(ready.lastTransitionTime ?? "");
      return Number.isFinite(since) && since + minReady <= now;
    });
  }
}
