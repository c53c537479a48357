/**
 * The Recreate strategy on a whole cluster, against pkg/controller/deployment/recreate.go
 * (workloads.md §8.1): scale every old ReplicaSet to 0, wait until none of their pods is left
 * (terminating pods count: oldPodsRunning looks at the pod map, not at status.replicas), then
 * create the new ReplicaSet at full size.
 *
 * Timing model: pods turn Ready 1 s after binding; a deleted pod stays (terminating, phase
 * Running) for 5 s before the stand-in kubelet removes it.
 */
import { describe, expect, it } from "vitest";
import { Scenario, imageOf, makeDeployment, rolledOut } from "./support/harness.js";
import { isTerminating } from "./support/invariants.js";
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

const TERMINATE = 5000;

function run(seed: number) {
  const s = new Scenario({
    seed,
    aliases: { "nginx:1": "v1", "nginx:2": "v2" },
    readyAfter: () => 1000,
    terminateAfter: TERMINATE,
  });
  s.create(makeDeployment({ replicas: 3, strategy: "Recreate" }));
  s.untilRolledOut();
  const changedAt = s.elapsed();
  s.setImage("nginx:2");
  s.untilRolledOut();
  s.quiesce("1m");
  return { s, changedAt };
}

describe("Recreate, 3 replicas", () => {
  // Create: no RS yet, no old pods → the new RS is created at NewRSNewReplicas = replicas = 3.
  // set image (t = T):
  //   sync 1: no new RS is looked up with createIfNotExisted=false; the active old RS is
  //     scaled 3 → 0 (event "Scaled down ... from 3 to 0") and the sync ends.
  //   syncs until T+5s: nothing to scale; oldPodsRunning is true: the 3 old pods are
  //     terminating but still phase Running in the pod map.
  //   T+5s: the last old pod is removed; the pod delete handler enqueues the Recreate
  //     Deployment (no pods left), the new RS is created at 3 ("from 0 to 3").
  //   T+6s: all 3 new pods available → complete.
  it("scales the old ReplicaSet to 0 and creates the new one only when its pods are gone", () => {
    const { s, changedAt } = run(1);
    expect(s.sizes).toEqual(["v1:3", "v1:0", "v2:3"]);
    expect(s.timedSizes.map(([t, l]) => [t - changedAt, l])).toEqual([
      [-changedAt, "v1:3"],
      [0, "v1:0"],
      [TERMINATE, "v2:3"],
    ]);
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    expect(s.events()).toEqual([scaled(v1, 0, 3), scaled(v1, 3, 0), scaled(v2, 0, 3)]);
  });

  it("reports no availability in between, and completes as Kubernetes does", () => {
    const { s, changedAt } = run(1);
    const d = s.deployment();
    expect(rolledOut(d)).toBe(true);
    // Recreate has MaxUnavailable 0, so Available needs all 3 pods. Between T and T+6s the
    // Deployment is unavailable. While the old pods are gone but the new RS does not exist yet,
    // status.replicas == updatedReplicas == 0 and the Progressing reason is still
    // NewReplicaSetAvailable, so syncRolloutStatus skips progress estimation ("isComplete").
    const timeline = s.conditions.get("web") ?? [];
    const from = timeline.findIndex(
      (c) =>
        c.available === "MinimumReplicasUnavailable" && c.progressing === "NewReplicaSetAvailable",
    );
    expect(timeline.slice(from)).toEqual([
      { progressing: "NewReplicaSetAvailable", available: "MinimumReplicasUnavailable" },
      { progressing: "NewReplicaSetCreated", available: "MinimumReplicasUnavailable" },
      { progressing: "ReplicaSetUpdated", available: "MinimumReplicasUnavailable" },
      { progressing: "NewReplicaSetAvailable", available: "MinimumReplicasAvailable" },
    ]);
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(v2Name(s))]);
    // Available went False at T and True again at T + 5 s + 1 s.
    expect(condition(d, "Available")?.lastTransitionTime).toBe(
      s.timeAt(changedAt + TERMINATE + 1000),
    );
    expect(counters(d)).toEqual({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 0,
    });
    // MaxSurge is 0 for Recreate: max-replicas = 3.
    expect(deploymentAnnotations(s.rsFor("nginx:2"))).toEqual({
      [RevisionAnnotation]: "2",
      [DesiredReplicasAnnotation]: "3",
      [MaxReplicasAnnotation]: "3",
    });
    expect(deploymentAnnotations(s.rsFor("nginx:1"))).toMatchObject({ [RevisionAnnotation]: "1" });
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "2" });
  });

  it("never runs old and new pods together", () => {
    const s = new Scenario({
      aliases: { "nginx:1": "v1", "nginx:2": "v2" },
      terminateAfter: TERMINATE,
    });
    s.create(makeDeployment({ replicas: 3, strategy: "Recreate" }));
    s.untilRolledOut();
    s.setImage("nginx:2");
    let mixed = false;
    s.until(() => {
      const images = new Set(s.pods().map((p) => p.spec?.containers[0]?.image));
      if (images.size > 1) mixed = true;
      return rolledOut(s.deployment());
    });
    expect(mixed).toBe(false);
  });

  it("produces the same trace for the same seed", () => {
    expect(run(5).s.traceHash()).toBe(run(5).s.traceHash());
  });
});

describe("Recreate paused while the old pods terminate", () => {
  // A Kubernetes quirk, reproduced: a paused Deployment is synced by sync.go sync() → scale()
  // whatever its strategy. At T+1s the old RS is at 0 and the new RS does not exist yet (it is
  // only created once the old pods are gone), so FindActiveOrLatest(nil, [v1]) finds no active
  // RS and returns the newest old one, and scale() sets it back to replicas: v1 0 → 3 while its
  // 3 old pods are still terminating. On resume (T+10s) rolloutRecreate scales v1 to 0 again,
  // waits 5 s for those pods, and creates v2 at 3.
  function paused(seed: number) {
    const s = new Scenario({
      seed,
      aliases: { "nginx:1": "v1", "nginx:2": "v2" },
      terminateAfter: TERMINATE,
    });
    s.create(makeDeployment({ replicas: 3, strategy: "Recreate" }));
    s.untilRolledOut();
    const t = s.elapsed();
    s.setImage("nginx:2");
    s.advance("1s");
    s.setPaused(true);
    s.advance("9s");
    const whilePaused = { rs: s.replicaSets().length, pods: s.pods().length };
    s.setPaused(false);
    s.untilRolledOut();
    s.quiesce("1m");
    return { s, t, whilePaused };
  }

  it("scales the old ReplicaSet back up, then recreates on resume", () => {
    const { s, t, whilePaused } = paused(1);
    expect(s.timedSizes.map(([at, l]) => [at - t, l])).toEqual([
      [-t, "v1:3"],
      [0, "v1:0"],
      [1000, "v1:3"],
      [10_000, "v1:0"],
      [10_000 + TERMINATE, "v2:3"],
    ]);
    // No new RS while paused; 3 fresh v1 pods (the terminating ones were gone at T+5s).
    expect(whilePaused).toEqual({ rs: 1, pods: 3 });
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    // "Scaled down ... from 3 to 0" happens twice: the second one bumps the first Event's count.
    expect(s.events()).toEqual([scaled(v1, 0, 3, 2), scaled(v1, 3, 0, 2), scaled(v2, 0, 3)]);
    expect(rolledOut(s.deployment())).toBe(true);
  });
});

function v2Name(s: Scenario): string {
  return s.rs("nginx:2");
}

describe("Recreate paused with revisionHistoryLimit 0", () => {
  // Another upstream quirk, reproduced. sync() (paused) runs scale() and then cleanupDeployment
  // on the *cached* old ReplicaSets: at T+1s scale() raises v1 0 → 3 (FindActiveOrLatest, as
  // above), and cleanupDeployment, still seeing v1 at spec 0 / status.replicas 0, deletes it in
  // the same sync (revisionHistoryLimit 0; the Delete has no preconditions). On resume (T+2s)
  // the Deployment owns no ReplicaSet; recreate.go's oldPodsRunning only looks at pods of the
  // Deployment's ReplicaSets, so the 3 terminating v1 pods do not hold it back: v2 is created
  // at once at 3, with revision MaxRevision(no old RS) + 1 = 1.
  function run(seed: number) {
    const s = new Scenario({
      seed,
      aliases: { "nginx:1": "v1", "nginx:2": "v2" },
      terminateAfter: TERMINATE,
    });
    s.create(makeDeployment({ replicas: 3, strategy: "Recreate", revisionHistoryLimit: 0 }));
    s.untilRolledOut();
    const t = s.elapsed();
    s.setImage("nginx:2");
    s.advance("1s");
    s.setPaused(true);
    s.advance("1s");
    s.setPaused(false);
    s.advance("10ms");
    const images = s.pods().map((p) => `${imageOf(p)}${isTerminating(p) ? " (terminating)" : ""}`);
    s.untilRolledOut();
    s.quiesce("1m");
    return { s, t, images };
  }

  it("deletes the ReplicaSet it just scaled up, then starts v2 beside terminating v1 pods", () => {
    const { s, t, images } = run(1);
    expect(s.timedSizes.map(([at, l]) => [at - t, l])).toEqual([
      [-t, "v1:3"],
      [0, "v1:0"],
      [1000, "v1:3"],
      [2000, "v2:3"],
    ]);
    expect(images.sort()).toEqual([
      "nginx:1 (terminating)",
      "nginx:1 (terminating)",
      "nginx:1 (terminating)",
      "nginx:2",
      "nginx:2",
      "nginx:2",
    ]);
    expect(s.replicaSets().map((rs) => s.alias(rs))).toEqual(["v2"]);
    const v2 = s.rs("nginx:2");
    expect(deploymentAnnotations(s.rsFor("nginx:2"))).toMatchObject({ [RevisionAnnotation]: "1" });
    const v1 = s.events()[0]?.message.split(" ")[4] ?? "";
    expect(s.events()).toEqual([scaled(v1, 0, 3, 2), scaled(v1, 3, 0), scaled(v2, 0, 3)]);
  });

  it("produces the same trace for the same seed", () => {
    expect(run(3).s.traceHash()).toBe(run(3).s.traceHash());
  });
});
