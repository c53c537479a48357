/**
 * A template whose pods never become ready: the rollout stops where maxUnavailable says, and
 * after progressDeadlineSeconds without progress the Progressing condition turns False with
 * ProgressDeadlineExceeded (pkg/controller/deployment/progress.go syncRolloutStatus,
 * requeueStuckDeployment; util DeploymentTimedOut; workloads.md §9). `rollout undo` then
 * recovers, cleaning up the unhealthy new pods first (rolling.go cleanupUnhealthyReplicas,
 * the "node failure / rollback" reasoning of reconcileOldReplicaSets, workloads.md §5.4).
 *
 * Setup: 4 replicas, defaults 25%/25% (surge ceil(1) = 1, unavailable floor(1) = 1 → maxTotal 5,
 * minAvailable 3), progressDeadlineSeconds 30; nginx:1 pods Ready 1 s after binding, nginx:2
 * pods never.
 */
import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { KubeletStandIn } from "../support/kubelet-stand-in.js";
import { NS, Scenario, makeDeployment, rolledOut } from "./support/harness.js";
import {
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  availableTrue,
  condition,
  conditionsOf,
  counters,
  deploymentAnnotations,
  progressed,
  scaled,
  timedOut,
} from "./support/expect.js";

function run(seed: number) {
  const s = new Scenario({
    seed,
    aliases: { "nginx:1": "v1", "nginx:2": "v2" },
    readyAfter: (pod) => (pod.spec?.containers[0]?.image === "nginx:2" ? undefined : 1000),
  });
  s.create(makeDeployment({ replicas: 4, progressDeadlineSeconds: 30 }));
  s.untilRolledOut();
  const t0 = s.elapsed();
  s.setImage("nginx:2");
  s.advance("30s");
  const at30s = s.deployment();
  s.advance("1s");
  const at31s = s.deployment();
  s.advance("5m");
  const stuck = { d: s.deployment(), sizes: s.sizes.length, events: s.events().length };
  const undo = s.undo();
  s.untilRolledOut();
  s.quiesce("1m");
  return { s, t0, at30s, at31s, stuck, undo };
}

describe("a new template that never becomes ready", () => {
  // T0, sync 1: new RS at 0 + min(5 − 4, 4) = 1                                 → v2:1
  //   same sync: reconcileOld: allPods 5, newUnavailable 1 → maxScaledDown 5 − 3 − 1 = 1;
  //   old pods all healthy; available 4 > 3 → old 4 → 3                        → v1:3
  //   sync 2: current 3 + 1 = 4 < 5 → 1 + min(1, 3) = 2                         → v2:2
  //   sync 3: newUnavailable 2 → 5 − 3 − 2 = 0, and it stays 0: old kept at 3 = replicas −
  //   maxUnavailable, new at 2 = the surge plus the one unavailable slot.
  // The last progress (new pods created, old pod gone) is at T0, so the Progressing condition's
  // lastUpdateTime is T0; requeueStuckDeployment requeues after (T0 + 30s − now) + 1s, and the
  // sync at T0+31s finds lastUpdateTime + 30s before now → ProgressDeadlineExceeded.
  it("stops with the old pods kept per maxUnavailable", () => {
    const { s, stuck } = run(1);
    expect(s.sizes.slice(0, stuck.sizes)).toEqual(["v1:4", "v2:1", "v1:3", "v2:2"]);
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    expect(s.events().slice(0, stuck.events)).toEqual([
      scaled(v1, 0, 4),
      scaled(v2, 0, 1),
      scaled(v1, 4, 3),
      scaled(v2, 1, 2),
    ]);
    // replicas 3 + 2, updated 2, 3 ready/available, unavailable = Σ spec 5 − 3 = 2.
    expect(counters(stuck.d)).toEqual({
      observedGeneration: 2,
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 2,
    });
    // 3 ≥ 4 − 1: the Deployment stays Available while it is stuck.
    expect(conditionsOf(stuck.d)).toEqual([availableTrue, timedOut(v2)]);
    expect(deploymentAnnotations(stuck.d)).toEqual({ [RevisionAnnotation]: "2" });
  });

  it("times out exactly 31 s after the last progress", () => {
    const { s, t0, at30s, at31s } = run(1);
    expect(condition(at30s, "Progressing")).toMatchObject({
      status: "True",
      reason: "ReplicaSetUpdated",
      lastUpdateTime: s.timeAt(t0),
    });
    expect(condition(at31s, "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      lastUpdateTime: s.timeAt(t0 + 31_000),
      lastTransitionTime: s.timeAt(t0 + 31_000),
    });
  });

  // undo → v1's RS (revision 1 → 3, history "1") is new: spec 3, 3 available; v2 is old: 2, 0.
  //   reconcileNew: current 5 ≥ 5, nothing. reconcileOld: newUnavailable 3 − 3 = 0 →
  //   maxScaledDown 5 − 3 − 0 = 2; cleanupUnhealthyReplicas: v2 has 2 − 0 = 2 unhealthy →
  //   v2 2 → 0                                                                 → v2:0
  //   scaleDown: available 3 ≤ 3, nothing more. Next sync: current 3 < 5 →
  //   3 + min(2, 4 − 3) = 4                                                      → v1:4
  it("recovers with rollout undo, removing the unhealthy pods first", () => {
    const { s, stuck, undo } = run(1);
    expect(undo).toMatchObject({ type: "rollback", revision: 1 });
    expect(s.sizes.slice(stuck.sizes)).toEqual(["v2:0", "v1:4"]);
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    expect(s.events().slice(stuck.events)).toEqual([scaled(v2, 2, 0), scaled(v1, 3, 4)]);
    const d = s.deployment();
    expect(rolledOut(d)).toBe(true);
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(v1)]);
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "3" });
    expect(deploymentAnnotations(s.rsFor("nginx:1"))).toMatchObject({
      [RevisionAnnotation]: "3",
      [RevisionHistoryAnnotation]: "1",
    });
    expect(s.pods().every((p) => p.spec?.containers[0]?.image === "nginx:1")).toBe(true);
  });

  it("produces the same trace for the same seed", () => {
    expect(run(8).s.traceHash()).toBe(run(8).s.traceHash());
  });
});

describe("the stand-in kubelet", () => {
  // readyAfter returning undefined means the pod never becomes ready.
  it("never readies a pod whose readyAfter is undefined", () => {
    const c = Cluster.create({ seed: 1, nodes: 0 });
    KubeletStandIn.addNodes(c.apiserver, 1);
    new KubeletStandIn({ client: c.apiserver, loop: c.loop, readyAfter: () => undefined });
    c.apiserver.create("Deployment", makeDeployment({ replicas: 1 }));
    c.loop.advance("1m");
    const pods = c.apiserver.list("Pod", { namespace: NS }).items;
    expect(pods).toHaveLength(1);
    expect(pods[0]?.status?.conditions?.find((x) => x.type === "Ready")?.status).not.toBe("True");
  });
});
