/**
 * RollingUpdate scenarios on a whole cluster (apiserver, kube-controller-manager, scheduler,
 * stand-in kubelet), against the rules of pkg/controller/deployment/rolling.go and
 * util/deployment_util.go (workloads.md §2, §5). Every expected sequence below is derived by hand
 * from those rules, one sync at a time, the way rolling.go's comments reason; none is copied from
 * kubesim's output.
 *
 * Timing model: every pod is bound at the instant it is created and turns Ready (with
 * minReadySeconds 0, Available) exactly `readyAfter` later; watch latency is 0, so each write's
 * consequences are seen at the same virtual instant. ReplicaSet sizes are spec.replicas as a
 * `kubectl get rs -w` would show them, deduplicated per ReplicaSet.
 */
import { describe, expect, it } from "vitest";
import { Scenario, makeDeployment, rolledOut } from "./support/harness.js";
import {
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  RevisionAnnotation,
  availableTrue,
  condition,
  conditionsOf,
  counters,
  deploymentAnnotations,
  progressed,
  scaled,
} from "./support/expect.js";

const aliases = { "nginx:1": "v1", "nginx:2": "v2" };

/** Creates the Deployment, waits for it, then `kubectl set image` to nginx:2 and waits again. */
function rollout(seed: number, replicas: number, strategy?: Parameters<typeof makeDeployment>[0]) {
  const s = new Scenario({ seed, aliases, readyAfter: () => 1000 });
  s.create(makeDeployment({ replicas, ...strategy }));
  s.untilRolledOut();
  const changedAt = s.elapsed();
  s.setImage("nginx:2");
  s.untilRolledOut();
  s.quiesce("1m");
  return { s, changedAt };
}

describe("rolling update, 3 replicas, maxSurge=1 maxUnavailable=0", () => {
  // Fenceposts: surge 1, unavailable 0 → maxTotal = 3 + 1 = 4, minAvailable = 3 − 0 = 3.
  //
  // Create: NewRSNewReplicas = 0 + min(4 − 0, 3 − 0) = 3                     → v1:3
  // set image, sync 1: new RS created at NewRSNewReplicas: current 3, maxTotal 4 →
  //   0 + min(4 − 3, 3 − 0) = 1 (event "from 0 to 1")                        → v2:1
  //   same sync, reconcileOld: allPods 4, newUnavailable 1 − 0 = 1 →
  //   maxScaledDown = 4 − 3 − 1 = 0: nothing.
  // t+1s, new pod available: reconcileNew: current 4 ≥ 4, nothing. reconcileOld:
  //   newUnavailable 0 → maxScaledDown 4 − 3 − 0 = 1; no unhealthy old pods; available
  //   3 + 1 = 4 > 3 → scale old down by 4 − 3 = 1                             → v1:2
  //   next sync: reconcileNew: current 2 + 1 = 3 < 4 → 1 + min(1, 2) = 2     → v2:2
  //   then reconcileOld: newUnavailable 2 − 1 = 1 → maxScaledDown 0: wait.
  // t+2s: the same step again                                                → v1:1, v2:3
  // t+3s: new RS at 3 = replicas (reconcileNew no-op); available 1 + 3 = 4 > 3,
  //   maxScaledDown 4 − 3 − 0 = 1                                            → v1:0
  const run = (seed: number) => rollout(seed, 3, { strategy: { maxSurge: 1, maxUnavailable: 0 } });

  it("scales one pod at a time, never below 3 available", () => {
    const { s, changedAt } = run(1);
    expect(s.sizes).toEqual(["v1:3", "v2:1", "v1:2", "v2:2", "v1:1", "v2:3", "v1:0"]);
    // Each step waits exactly one readiness delay (1 s) after the previous new pods were made.
    expect(s.timedSizes.map(([t, l]) => [t - changedAt, l])).toEqual([
      [-changedAt, "v1:3"],
      [0, "v2:1"],
      [1000, "v1:2"],
      [1000, "v2:2"],
      [2000, "v1:1"],
      [2000, "v2:3"],
      [3000, "v1:0"],
    ]);
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    expect(s.events()).toEqual([
      scaled(v1, 0, 3),
      scaled(v2, 0, 1),
      scaled(v1, 3, 2),
      scaled(v2, 1, 2),
      scaled(v1, 2, 1),
      scaled(v2, 2, 3),
      scaled(v1, 1, 0),
    ]);
  });

  it("ends complete, with the conditions and annotations Kubernetes writes", () => {
    const { s } = run(1);
    const d = s.deployment();
    expect(rolledOut(d)).toBe(true);
    expect(counters(d)).toEqual({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 0,
    });
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    // Progressing was True throughout (NewReplicaSetAvailable → NewReplicaSetCreated →
    // ReplicaSetUpdated → NewReplicaSetAvailable), so SetDeploymentCondition kept its
    // lastTransitionTime from the Deployment's creation; Available turned True once, at t=1s.
    // ReplicaSetUpdated re-appends Progressing, hence the order [Available, Progressing].
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(v2)]);
    expect(condition(d, "Progressing")?.lastTransitionTime).toBe("2024-01-01T00:00:00Z");
    expect(condition(d, "Progressing")?.lastUpdateTime).toBe("2024-01-01T00:00:04Z");
    expect(condition(d, "Available")?.lastTransitionTime).toBe("2024-01-01T00:00:01Z");
    // The rollout's Progressing reasons in order, with Available never lost (maxUnavailable 0).
    const timeline = s.conditions.get("web") ?? [];
    const rolloutPart = timeline.slice(timeline.findIndex((c) => c.available !== undefined));
    expect(timeline[0]).toEqual({ progressing: "NewReplicaSetCreated", available: undefined });
    expect(rolloutPart.slice(-4)).toEqual([
      { progressing: "NewReplicaSetAvailable", available: "MinimumReplicasAvailable" },
      { progressing: "NewReplicaSetCreated", available: "MinimumReplicasAvailable" },
      { progressing: "ReplicaSetUpdated", available: "MinimumReplicasAvailable" },
      { progressing: "NewReplicaSetAvailable", available: "MinimumReplicasAvailable" },
    ]);
    // Revisions: v1's RS is 1, v2's is 2 and the Deployment carries 2. desired/max-replicas
    // were last written by scaleReplicaSet with replicas 3 and maxSurge 1.
    expect(deploymentAnnotations(s.rsFor("nginx:1"))).toEqual({
      [RevisionAnnotation]: "1",
      [DesiredReplicasAnnotation]: "3",
      [MaxReplicasAnnotation]: "4",
    });
    expect(deploymentAnnotations(s.rsFor("nginx:2"))).toEqual({
      [RevisionAnnotation]: "2",
      [DesiredReplicasAnnotation]: "3",
      [MaxReplicasAnnotation]: "4",
    });
    // ReplicaSet names: <deployment>-<pod-template-hash>, the hash in SafeEncodeString's digits.
    for (const name of [v1, v2]) expect(name).toMatch(/^web-[4-9bcdf]{1,10}$/);
    const hash = s.rsFor("nginx:2").metadata?.labels?.["pod-template-hash"];
    expect(v2).toBe(`web-${hash ?? ""}`);
    expect(s.pods().map((p) => p.spec?.containers[0]?.image)).toEqual([
      "nginx:2",
      "nginx:2",
      "nginx:2",
    ]);
  });

  // getNewReplicaSet / getAllReplicaSetsAndSyncRevision put the revision on the Deployment with
  // UpdateStatus; deploymentStatusStrategy.PrepareForUpdate resets only spec and labels, so the
  // annotation is stored (pkg/registry/apps/deployment/strategy.go).
  it("the Deployment carries the revision of its new ReplicaSet", () => {
    const d = run(1).s.deployment();
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "2" });
  });

  it("produces the same trace for the same seed, and another for another seed", () => {
    const hash = run(7).s.traceHash();
    expect(run(7).s.traceHash()).toBe(hash);
    // The seed reaches the trace (pod names come from the apiserver's random stream).
    expect(run(8).s.traceHash()).not.toBe(hash);
  });
});

describe("rolling update, 3 replicas, maxSurge=0 maxUnavailable=1", () => {
  // Fenceposts: surge 0, unavailable 1 → maxTotal 3, minAvailable 2.
  //
  // Create: NewRSNewReplicas = 0 + min(3 − 0, 3) = 3                          → v1:3
  // set image, sync 1: new RS created at NewRSNewReplicas: current 3 ≥ maxTotal 3 → 0
  //   (no event: getNewReplicaSet only records one when replicas > 0)        → v2:0
  //   same sync, reconcileNew: still 3 ≥ 3. reconcileOld: allPods 3, newUnavailable 0 − 0 = 0,
  //   maxScaledDown = 3 − 2 − 0 = 1; available 3 > 2 → old down by 1          → v1:2
  //   next sync: reconcileNew: current 2 < 3 → 0 + min(1, 3) = 1              → v2:1
  //   then reconcileOld: newUnavailable 1 → 3 − 2 − 1 = 0: wait.
  // t+1s: available 2 + 1 = 3 > 2, maxScaledDown 1                          → v1:1, v2:2
  // t+2s:                                                                    → v1:0, v2:3
  const run = (seed: number) => rollout(seed, 3, { strategy: { maxSurge: 0, maxUnavailable: 1 } });

  it("takes one old pod down before each new one", () => {
    const { s } = run(1);
    expect(s.sizes).toEqual(["v1:3", "v2:0", "v1:2", "v2:1", "v1:1", "v2:2", "v1:0", "v2:3"]);
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    expect(s.events()).toEqual([
      scaled(v1, 0, 3),
      scaled(v1, 3, 2),
      scaled(v2, 0, 1),
      scaled(v1, 2, 1),
      scaled(v2, 1, 2),
      scaled(v1, 1, 0),
      scaled(v2, 2, 3),
    ]);
    const d = s.deployment();
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(v2)]);
    expect(counters(d)).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "2" });
    // max-replicas = replicas + MaxSurge = 3 + 0.
    expect(deploymentAnnotations(s.rsFor("nginx:2"))).toEqual({
      [RevisionAnnotation]: "2",
      [DesiredReplicasAnnotation]: "3",
      [MaxReplicasAnnotation]: "3",
    });
  });

  it("produces the same trace for the same seed", () => {
    expect(run(3).s.traceHash()).toBe(run(3).s.traceHash());
  });
});

describe("rolling update, 10 replicas, default 25%/25% (workloads.md §5.6)", () => {
  // Fenceposts: surge ceil(2.5) = 3, unavailable floor(2.5) = 2 → maxTotal 13, minAvailable 8.
  //
  // Create: 0 + min(13, 10) = 10                                              → v1:10
  // set image, sync 1: new RS at 0 + min(13 − 10, 10) = 3                     → v2:3
  //   same sync: reconcileNew 13 ≥ 13; reconcileOld: allPods 13, newUnavailable 3 →
  //   maxScaledDown 13 − 8 − 3 = 2; available 10 > 8 → old down by 2          → v1:8
  //   sync 2: reconcileNew: current 8 + 3 = 11 < 13 → 3 + min(2, 7) = 5       → v2:5
  //   sync 3: newUnavailable 5 → 13 − 8 − 5 = 0: wait (surge is counted on spec, so the new RS
  //   reached 5 before any new pod was available).
  // t+1s, 5 new pods available: maxScaledDown 13 − 8 − 0 = 5; available 8 + 5 = 13 → target
  //   13 − 8 = 5 → old 8 → 3                                                  → v1:3
  //   next sync: current 3 + 5 = 8 → 5 + min(5, 5) = 10                       → v2:10
  // t+2s: new RS = 10 = replicas; available 3 + 10 = 13 → target 5 → old 3 → 0 → v1:0
  const run = (seed: number) => rollout(seed, 10);

  it("follows the worked example step for step", () => {
    const { s, changedAt } = run(1);
    expect(s.sizes).toEqual(["v1:10", "v2:3", "v1:8", "v2:5", "v1:3", "v2:10", "v1:0"]);
    expect(s.timedSizes.slice(1).map(([t, l]) => [t - changedAt, l])).toEqual([
      [0, "v2:3"],
      [0, "v1:8"],
      [0, "v2:5"],
      [1000, "v1:3"],
      [1000, "v2:10"],
      [2000, "v1:0"],
    ]);
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    expect(s.events()).toEqual([
      scaled(v1, 0, 10),
      scaled(v2, 0, 3),
      scaled(v1, 10, 8),
      scaled(v2, 3, 5),
      scaled(v1, 8, 3),
      scaled(v2, 5, 10),
      scaled(v1, 3, 0),
    ]);
    const d = s.deployment();
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(v2)]);
    expect(counters(d)).toEqual({
      observedGeneration: 2,
      replicas: 10,
      updatedReplicas: 10,
      readyReplicas: 10,
      availableReplicas: 10,
      unavailableReplicas: 0,
    });
    expect(deploymentAnnotations(s.rsFor("nginx:2"))).toEqual({
      [RevisionAnnotation]: "2",
      [DesiredReplicasAnnotation]: "10",
      [MaxReplicasAnnotation]: "13",
    });
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "2" });
  });

  it("produces the same trace for the same seed", () => {
    expect(run(11).s.traceHash()).toBe(run(11).s.traceHash());
  });
});
