/**
 * Running one rollout case: a fresh cluster with the case's seed and images,
 * the Deployment and its Service applied, each step's action then its wait,
 * the invariants checked after every loop task; then every fault healed
 * (nodes started, partitions healed, API latency restored) and the cluster
 * given time to converge, after which the eventual invariants are checked.
 * The timeline records actions, faults, Events and the ReplicaSets' sizes.
 */
import {
  Cluster,
  parseDuration,
  type ControllerExpectations,
  type DeploymentSyncHook,
  type WatcherStepHook,
} from "kubesim";
import type { Deployment } from "kubernetes-types/apps/v1";
import { actionOf } from "./arbitraries/actions.js";
import { catalogueOf } from "./arbitraries/images.js";
import type { RolloutCase } from "./case.js";
import { checkConverged, checkEndpoints, describeReplicaSets } from "./invariants/convergence.js";
import { getDeployment } from "./invariants/owned.js";
import { checkReplicaSetStatus } from "./invariants/replicaset-pods.js";
import { checkPodsOwnedByLiveReplicaSets } from "./invariants/structure.js";
import type { Violation } from "./invariants/violation.js";
import { InvariantWatch } from "./invariants/watch.js";

export interface TimelineEntry {
  /** Virtual ms since the case started. */
  readonly t: number;
  readonly kind: "step" | "fault" | "event" | "replicasets" | "violation" | "heal";
  readonly text: string;
}

export interface CaseResult {
  readonly violations: readonly Violation[];
  readonly timeline: readonly TimelineEntry[];
  /** The cluster's trace hash at the end (same case and seed, same hash). */
  readonly traceHash: string;
  /** Steps run before the first violation (all of them when none). */
  readonly stepsRun: number;
  /** Invariant checks made. */
  readonly checks: number;
}

export interface RunCaseOptions {
  /** Wraps the Deployment controller's plan (a deliberately broken variant). */
  readonly deploymentSyncHook?: DeploymentSyncHook;
  /** Makes the ReplicaSet controller's expectations (a deliberately broken variant). */
  readonly replicaSetExpectations?: () => ControllerExpectations;
  /** Wraps kube-controller-manager's informers' list/watch machine (a deliberately broken variant). */
  readonly controllerManagerWatcherHook?: WatcherStepHook;
  /** Record the timeline (default true). */
  readonly timeline?: boolean;
}

/** The broken variants of the options, as ClusterOptions (only those given). */
export function variantsOf(options: RunCaseOptions): {
  deploymentSyncHook?: DeploymentSyncHook;
  replicaSetExpectations?: () => ControllerExpectations;
  controllerManagerWatcherHook?: WatcherStepHook;
} {
  return {
    ...(options.deploymentSyncHook === undefined
      ? {}
      : { deploymentSyncHook: options.deploymentSyncHook }),
    ...(options.replicaSetExpectations === undefined
      ? {}
      : { replicaSetExpectations: options.replicaSetExpectations }),
    ...(options.controllerManagerWatcherHook === undefined
      ? {}
      : { controllerManagerWatcherHook: options.controllerManagerWatcherHook }),
  };
}

/** Runs a case; never throws for a violation (it is in the result). */
export function runCase(c: RolloutCase, options: RunCaseOptions = {}): CaseResult {
  const cluster = Cluster.create({
    seed: c.seed,
    nodes: c.nodes,
    images: catalogueOf(c.images),
    dns: false,
    ingress: false,
    loadBalancers: false,
    retainTrace: false,
    ...variantsOf(options),
  });
  const start = cluster.now();
  const timeline: TimelineEntry[] = [];
  const keep = options.timeline ?? true;
  const note = (kind: TimelineEntry["kind"], text: string): void => {
    if (keep) timeline.push({ t: cluster.now() - start, kind, text });
  };
  const ref = { name: c.deployment.metadata?.name ?? "web", namespace: "default" };
  const watch = new InvariantWatch(cluster, ref);
  let lastRs = "";
  const unsubscribe = cluster.trace.subscribe((e) => {
    if (!keep) return;
    const data = e.data as Record<string, unknown>;
    if (e.type === "fault") note("fault", JSON.stringify(data));
    else if (e.type === "event")
      note(
        "event",
        `${String(data["type"])} ${String(data["reason"])} ${String(data["involvedObject"])}: ${String(data["message"])}`,
      );
    else if (
      e.type === "write" &&
      (data["kind"] === "ReplicaSet" || data["kind"] === "Deployment")
    ) {
      const d = getDeployment(cluster, ref);
      if (d === undefined) return;
      const rs = describeReplicaSets(cluster, d);
      if (rs !== lastRs) {
        lastRs = rs;
        note(
          "replicasets",
          `replicas ${d.spec?.replicas ?? 1}, available ${d.status?.availableReplicas ?? 0}; replicasets (spec/ready/available): ${rs}`,
        );
      }
    }
  });
  const finish = (stepsRun: number): CaseResult => {
    for (const v of watch.violations) note("violation", `${v.invariant}: ${v.message}`);
    unsubscribe();
    watch.stop();
    return {
      violations: [...watch.violations],
      timeline,
      traceHash: cluster.trace.hash(),
      stepsRun,
      checks: watch.checks,
    };
  };

  const applied = cluster.apply([c.deployment, c.service]);
  if (applied.failed.length > 0)
    throw new Error(
      `the case's objects do not apply: ${JSON.stringify(applied.failed.map((f) => f.error))}`,
    );
  watch.advance(0);
  let i = 0;
  for (const step of c.steps) {
    if (watch.violations.length > 0) return finish(i);
    const action = actionOf(step.action);
    note("step", `#${i + 1} ${action.toString()}`);
    if (step.action.type === "advance") watch.advance(step.action.ms);
    else action.run(cluster, { deployment: ref.name, namespace: ref.namespace });
    watch.advance(step.waitMs);
    i++;
  }
  if (watch.violations.length > 0) return finish(i);

  // Heal every fault, then let the cluster converge.
  note("heal", "heal every fault: restore API latency, heal partitions, start nodes");
  cluster.faults.restoreApiServer();
  for (const n of cluster.nodes.names()) cluster.faults.healPartition(n);
  for (const n of cluster.nodes.names())
    if (!cluster.nodes.kubelet(n).isRunning) cluster.faults.startNode(n);
  const healthy = new Set(c.images.filter((x) => x.healthy).map((x) => x.image));
  const d0 = getDeployment(cluster, ref);
  const image = d0?.spec?.template?.spec?.containers[0]?.image ?? "";
  const mustConverge = d0?.spec?.paused !== true && healthy.has(image);
  // The eventual checks, in order; settled stops at the first that finds something.
  const eventual: readonly ((d: Deployment) => Violation[])[] = [
    (d) => checkConverged(cluster, d),
    () => checkEndpoints(cluster, ref.namespace, c.service.metadata?.name ?? "web"),
    () => checkPodsOwnedByLiveReplicaSets(cluster, ref.namespace),
    () => checkReplicaSetStatus(cluster, ref.namespace),
  ];
  const settled = (): boolean => {
    const d = getDeployment(cluster, ref);
    return d !== undefined && eventual.every((check) => check(d).length === 0);
  };
  if (mustConverge) {
    const ok = watch.runUntil(settled, c.convergeTimeoutMs);
    if (!ok && watch.violations.length === 0) {
      const d = getDeployment(cluster, ref);
      if (d !== undefined) {
        watch.violations.push(...eventual.flatMap((check) => check(d)));
        if (watch.violations.length === 0)
          watch.violations.push({
            invariant: "convergence",
            message: `not settled after ${c.convergeTimeoutMs}ms`,
            at: cluster.now(),
          });
      }
    }
  } else {
    watch.advance(parseDuration("2m"));
  }
  return finish(i);
}

/** Re-runs a case and returns its timeline, violations and trace hash. */
export function replay(c: RolloutCase, options: RunCaseOptions = {}): CaseResult {
  return runCase(c, { ...options, timeline: true });
}

/** The timeline as lines: `+12.345s  kind  text`. */
export function formatTimeline(timeline: readonly TimelineEntry[], limit = Infinity): string {
  const lines = timeline.map((e) => `+${(e.t / 1000).toFixed(3)}s  ${e.kind.padEnd(11)} ${e.text}`);
  const shown = lines.length > limit ? ["...", ...lines.slice(lines.length - limit)] : lines;
  return shown.join("\n");
}
