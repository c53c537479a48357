/**
 * `kubectl rollout pause`, several edits, `kubectl rollout resume`, on a whole cluster, against
 * pkg/controller/deployment/sync.go (checkPausedConditions, sync) and progress.go
 * (workloads.md §8.2): while paused no ReplicaSet is created (template edits pile up), replica
 * changes are still applied, status is recomputed without progress estimation (so a paused
 * Deployment never times out); on resume one new ReplicaSet is created for the last template.
 *
 * Setup: 3 replicas, maxSurge 1, maxUnavailable 0, progressDeadlineSeconds 30, pods Ready 1 s
 * after binding.
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

const aliases = { "nginx:1": "v1", "nginx:2": "v2", "nginx:3": "v3", "nginx:4": "v4" };

function run(seed: number) {
  const s = new Scenario({ seed, aliases, readyAfter: () => 1000 });
  s.create(
    makeDeployment({
      replicas: 3,
      strategy: { maxSurge: 1, maxUnavailable: 0 },
      progressDeadlineSeconds: 30,
    }),
  );
  s.untilRolledOut();
  s.setPaused(true);
  s.advance("1s");
  s.setImage("nginx:2");
  s.advance("1s");
  s.setImage("nginx:3");
  s.advance("1s");
  s.scale(4);
  s.advance("1s");
  s.setImage("nginx:4");
  // Paused for 11 minutes: far beyond the 30 s deadline (and the event aggregation window).
  s.advance("11m");
  const paused = {
    d: s.deployment(),
    replicaSets: s.replicaSets().length,
    sizes: s.sizes.length,
    resumedAt: s.elapsed(),
  };
  s.setPaused(false);
  s.untilRolledOut();
  s.quiesce("1m");
  return { s, paused };
}

describe("pause, edits, resume", () => {
  // Paused: syncDeployment → sync(): getAllReplicaSetsAndSyncRevision(createIfNotExisted=false)
  //   finds no RS matching nginx:2/3/4, so newRS = nil and only v1's RS exists.
  //   scale 3 → 4: FindActiveOrLatest(nil, [v1]) = v1 (the only active RS) → v1 3 → 4  → v1:4
  //   status: updatedReplicas = 0 (no new RS), observedGeneration follows every edit.
  // Resume: the RS for nginx:4 is created at NewRSNewReplicas with replicas 4, surge 1:
  //   current 4, maxTotal 5 → 0 + min(1, 4) = 1                                  → v4:1
  //   then the maxUnavailable=0 staircase at minAvailable 4:
  //   v1:3, v4:2, v1:2, v4:3, v1:1, v4:4, v1:0.
  it("applies only the scale while paused", () => {
    const { s, paused } = run(1);
    expect(s.sizes.slice(0, paused.sizes)).toEqual(["v1:3", "v1:4"]);
    expect(paused.replicaSets).toBe(1);
    // No new RS while paused: the revision stays 1.
    expect(deploymentAnnotations(paused.d)).toEqual({ [RevisionAnnotation]: "1" });
    // Generations: create 1, pause 2, image 3, image 4, scale 5, image 6.
    expect(counters(paused.d)).toEqual({
      observedGeneration: 6,
      replicas: 4,
      updatedReplicas: 0,
      readyReplicas: 4,
      availableReplicas: 4,
      unavailableReplicas: 0,
    });
    // checkPausedConditions: Progressing Unknown DeploymentPaused; never ProgressDeadlineExceeded.
    // Available went False (3 of 4) and True again after the scale; SetDeploymentCondition
    // appends a condition whose status changed, so Available now comes last.
    expect(conditionsOf(paused.d)).toEqual([
      {
        type: "Progressing",
        status: "Unknown",
        reason: "DeploymentPaused",
        message: "Deployment is paused",
      },
      availableTrue,
    ]);
  });

  it("rolls out once, straight to the last template", () => {
    const { s, paused } = run(1);
    expect(s.sizes.slice(paused.sizes)).toEqual([
      "v4:1",
      "v1:3",
      "v4:2",
      "v1:2",
      "v4:3",
      "v1:1",
      "v4:4",
      "v1:0",
    ]);
    expect(
      s
        .replicaSets()
        .map((rs) => s.alias(rs))
        .sort(),
    ).toEqual(["v1", "v4"]);
    const v1 = s.rs("nginx:1");
    const v4 = s.rs("nginx:4");
    expect(s.events()).toEqual([
      scaled(v1, 0, 3),
      scaled(v1, 3, 4),
      scaled(v4, 0, 1),
      scaled(v1, 4, 3),
      scaled(v4, 1, 2),
      scaled(v1, 3, 2),
      scaled(v4, 2, 3),
      scaled(v1, 2, 1),
      scaled(v4, 3, 4),
      scaled(v1, 1, 0),
    ]);
    expect(deploymentAnnotations(s.rsFor("nginx:4"))).toEqual({
      [RevisionAnnotation]: "2",
      [DesiredReplicasAnnotation]: "4",
      [MaxReplicasAnnotation]: "5",
    });
    const d = s.deployment();
    expect(rolledOut(d)).toBe(true);
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "2" });
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(v4)]);
  });

  it("walks the Progressing condition through Paused and Resumed", () => {
    const { s, paused } = run(1);
    // From the pause on. The scale to 4 makes Available False until the 4th pod is ready
    // (MaxUnavailable(4 replicas, 0) = 0). On resume, checkPausedConditions writes
    // DeploymentResumed with UpdateStatus and Go drops the returned object, so the
    // NewReplicaSetCreated write of the same sync (getNewReplicaSet) carries a stale
    // resourceVersion and fails with a Conflict; the retried sync finds the RS existing and a
    // Progressing condition present (no FoundNewReplicaSet), so the next reason is
    // ReplicaSetUpdated.
    const timeline = s.conditions.get("web") ?? [];
    const from = timeline.findIndex((c) => c.progressing === "DeploymentPaused");
    expect(timeline.slice(from)).toEqual([
      { progressing: "DeploymentPaused", available: "MinimumReplicasAvailable" },
      { progressing: "DeploymentPaused", available: "MinimumReplicasUnavailable" },
      { progressing: "DeploymentPaused", available: "MinimumReplicasAvailable" },
      { progressing: "DeploymentResumed", available: "MinimumReplicasAvailable" },
      { progressing: "ReplicaSetUpdated", available: "MinimumReplicasAvailable" },
      { progressing: "NewReplicaSetAvailable", available: "MinimumReplicasAvailable" },
    ]);
    // Unknown → True is a transition: lastTransitionTime is at the resume.
    expect(condition(s.deployment(), "Progressing")?.lastTransitionTime).toBe(
      s.timeAt(paused.resumedAt),
    );
  });

  it("produces the same trace for the same seed", () => {
    expect(run(4).s.traceHash()).toBe(run(4).s.traceHash());
  });
});
