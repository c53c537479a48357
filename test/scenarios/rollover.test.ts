/**
 * Rollover: a third template arrives while the second is half rolled out. Kubernetes does not
 * wait for the second rollout: the newest template's ReplicaSet becomes the new one and both
 * older ones are "old" (pkg/controller/deployment/rolling.go reconcileOldReplicaSets,
 * cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate; workloads.md §5.4).
 *
 * Setup: 10 replicas, defaults (surge 3, unavailable 2 → maxTotal 13, minAvailable 8);
 * nginx:1 and nginx:3 pods Ready 1 s after binding, nginx:2 pods 10 s after. The rollout starts
 * 11 minutes after creation (outside the event aggregator's window of the creation Event).
 */
import { describe, expect, it } from "vitest";
import { Scenario, makeDeployment, rolledOut } from "./support/harness.js";
import {
  RevisionAnnotation,
  availableTrue,
  combined,
  conditionsOf,
  counters,
  deploymentAnnotations,
  progressed,
  scaled,
} from "./support/expect.js";

function run(seed: number) {
  const s = new Scenario({
    seed,
    aliases: { "nginx:1": "v1", "nginx:2": "v2", "nginx:3": "v3" },
    readyAfter: (pod) => (pod.spec?.containers[0]?.image === "nginx:2" ? 10_000 : 1000),
  });
  s.create(makeDeployment({ replicas: 10 }));
  s.untilRolledOut();
  s.advance("11m");
  const t0 = s.elapsed();
  s.setImage("nginx:2");
  s.advance("12s");
  const half = s.sizes.length;
  s.setImage("nginx:3");
  s.untilRolledOut();
  s.quiesce("1m");
  return { s, t0, half };
}

describe("rollover to a third template mid-rollout", () => {
  // T0: v2:3, v1:8, v2:5 (§5.6). T0+10s: v2's 5 pods available → v1:3, v2:10 (the next 5 v2
  // pods would be ready at T0+20s). At T0+12s: v1 3 (3 available), v2 10 (5 available).
  //
  // set image nginx:3, sync 1: new RS at NewRSNewReplicas: current 13 ≥ 13 → 0 (no event) → v3:0
  //   same sync, reconcileOld over both old RSes: allPods 13, newUnavailable 0 − 0 = 0 →
  //   maxScaledDown 13 − 8 − 0 = 5. cleanupUnhealthyReplicas, oldest first: v1 3/3 healthy;
  //   v2 has 10 − 5 = 5 unhealthy → min(5, 5) = 5 → v2 10 → 5 (the RS controller deletes the
  //   not-ready pods first)                                                      → v2:5
  //   scaleDownOldReplicaSetsForRollingUpdate: available 3 + 5 + 0 = 8 ≤ 8 → nothing.
  //   sync 2: reconcileNew: current 3 + 5 + 0 = 8 < 13 → 0 + min(5, 10) = 5      → v3:5
  //   sync 3: newUnavailable 5 → 13 − 8 − 5 = 0: wait.
  // T0+13s, v3's 5 pods available: maxScaledDown 5, none unhealthy; available 3 + 5 + 5 = 13 →
  //   target 5, oldest first: v1 min(3, 5) = 3 → 0, v2 min(5, 2) = 2 → 3        → v1:0, v2:3
  //   then reconcileNew: current 0 + 3 + 5 = 8 → 5 + min(5, 5) = 10              → v3:10
  // T0+14s: available 3 + 10 = 13 → target 5 → v2 3 → 0                         → v2:0
  it("makes the third ReplicaSet the new one and cuts the unhealthy second first", () => {
    const { s, t0, half } = run(1);
    expect(s.sizes.slice(0, half)).toEqual(["v1:10", "v2:3", "v1:8", "v2:5", "v1:3", "v2:10"]);
    expect(s.sizes.slice(half)).toEqual(["v3:0", "v2:5", "v3:5", "v1:0", "v2:3", "v3:10", "v2:0"]);
    expect(s.timedSizes.slice(half).map(([t, l]) => [t - t0, l])).toEqual([
      [12_000, "v3:0"],
      [12_000, "v2:5"],
      [12_000, "v3:5"],
      [13_000, "v1:0"],
      [13_000, "v2:3"],
      [13_000, "v3:10"],
      [14_000, "v2:0"],
    ]);
    // The not-ready v2 pods were the ones removed: no nginx:2 pod ever became Ready after T0+10s,
    // so the rollout completed at T0+14s, before T0+20s.
    expect(s.timedSizes.at(-1)?.[0]).toBe(t0 + 14_000);
  });

  it("records the Events (the 10th distinct one combined by the aggregator)", () => {
    const { s } = run(1);
    const [v1, v2, v3] = ["nginx:1", "nginx:2", "nginx:3"].map((i) => s.rs(i)) as [
      string,
      string,
      string,
    ];
    // v3 was created at 0 replicas: getNewReplicaSet records no event for that.
    expect(s.events()).toEqual([
      scaled(v1, 0, 10),
      scaled(v2, 0, 3),
      scaled(v1, 10, 8),
      scaled(v2, 3, 5),
      scaled(v1, 8, 3),
      scaled(v2, 5, 10),
      scaled(v2, 10, 5),
      scaled(v3, 0, 5),
      scaled(v1, 3, 0),
      scaled(v2, 5, 3),
      // The 10th distinct message, "v3 5 → 10", became the aggregate Event; the 11th replaced
      // its message and made its count 2.
      combined(scaled(v2, 3, 0), 2),
    ]);
  });

  it("ends complete on the third template", () => {
    const { s } = run(1);
    const d = s.deployment();
    expect(rolledOut(d)).toBe(true);
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(s.rs("nginx:3"))]);
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "3" });
    expect(counters(d)).toEqual({
      observedGeneration: 3,
      replicas: 10,
      updatedReplicas: 10,
      readyReplicas: 10,
      availableReplicas: 10,
      unavailableReplicas: 0,
    });
    expect(
      ["nginx:1", "nginx:2", "nginx:3"].map(
        (i) => deploymentAnnotations(s.rsFor(i))[RevisionAnnotation],
      ),
    ).toEqual(["1", "2", "3"]);
    expect(
      s
        .replicaSets()
        .map((rs) => rs.spec?.replicas ?? 1)
        .sort(),
    ).toEqual([0, 0, 10]);
  });

  it("produces the same trace for the same seed", () => {
    expect(run(9).s.traceHash()).toBe(run(9).s.traceHash());
  });
});
