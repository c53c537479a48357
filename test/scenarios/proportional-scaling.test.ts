/**
 * Proportional scaling: `kubectl scale --replicas=15` while a 10-replica rollout is in flight,
 * against pkg/controller/deployment/sync.go (isScalingEvent, scale, getReplicaSetFraction;
 * workloads.md §7), then the rolling update carrying on at the new size (rolling.go).
 *
 * Setup: defaults (25%/25%); nginx:1 pods Ready 1 s after binding, nginx:2 pods 10 s after.
 * The rollout starts 11 minutes after the Deployment was created (so the creation Event is
 * outside the event aggregator's 10-minute window); the scale comes 5 s into it.
 */
import { describe, expect, it } from "vitest";
import { Scenario, makeDeployment, rolledOut } from "./support/harness.js";
import {
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
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
    aliases: { "nginx:1": "v1", "nginx:2": "v2" },
    readyAfter: (pod) => (pod.spec?.containers[0]?.image === "nginx:2" ? 10_000 : 1000),
  });
  s.create(makeDeployment({ replicas: 10 }));
  s.untilRolledOut();
  s.advance("11m");
  const t0 = s.elapsed();
  s.setImage("nginx:2");
  s.advance("5s");
  const before = s.sizes.length;
  s.scale(15);
  s.untilRolledOut();
  s.quiesce("1m");
  return { s, t0, before };
}

describe("proportional scaling from 10 to 15 mid-rollout", () => {
  // 10 replicas: surge 3, unavailable 2 (maxTotal 13, minAvailable 8).
  // T0: v2:3, v1:8, v2:5 (workloads.md §5.6 steps 1–2); no v2 pod is ready before T0+10s.
  //
  // T0+5s, scale to 15: the active RSes carry desired-replicas 10 ≠ 15 → isScalingEvent → scale():
  //   two active RSes, new one not saturated, RollingUpdate:
  //   allowed = 15 + MaxSurge(15) = 15 + ceil(3.75) = 19; toAdd = 19 − (8 + 5) = 6 > 0,
  //   sorted by ReplicaSetsBySizeNewer: v1 (8), v2 (5). Both have max-replicas 13.
  //     v1: round(8 × 19 / 13) − 8 = round(11.69) − 8 = 4, min(4, 6 − 0) = 4
  //     v2: round(5 × 19 / 13) − 5 = round(7.31) − 5 = 2, min(2, 6 − 4) = 2
  //   leftover 6 − 6 = 0 → v1 8 → 12, v2 5 → 7 (in that order)               → v1:12, v2:7
  // Now 15 replicas: surge 4, unavailable floor(3.75) = 3 → maxTotal 19, minAvailable 12.
  //   reconcileOld: allPods 19, newUnavailable 7 → 19 − 12 − 7 = 0: wait.
  // T0+6s: v1's 4 new pods available (12); still newUnavailable 7 → wait.
  // T0+10s: v2's first 5 pods available: newUnavailable 2 → maxScaledDown 19 − 12 − 2 = 5;
  //   available 12 + 5 = 17 → target 5 → v1 12 → 7                           → v1:7
  //   reconcileNew: current 7 + 7 = 14 < 19 → 7 + min(5, 15 − 7) = 12         → v2:12
  // T0+15s: the 2 pods of the scale are available (7): newUnavailable 5 → maxScaledDown 2;
  //   available 7 + 7 = 14 → target 2 → v1 7 → 5; then 12 + min(2, 3) = 14    → v1:5, v2:14
  // T0+20s: the 5 pods of T0+10s (12 available): newUnavailable 2 → maxScaledDown 5;
  //   available 5 + 12 = 17 → target 5 → v1 5 → 0; then 14 + min(5, 1) = 15   → v1:0, v2:15
  // T0+30s: all 15 available → complete.
  it("spreads the 5 extra replicas over both ReplicaSets, then rolls on at 15", () => {
    const { s, t0, before } = run(1);
    expect(s.sizes.slice(0, before)).toEqual(["v1:10", "v2:3", "v1:8", "v2:5"]);
    expect(s.sizes.slice(before)).toEqual([
      "v1:12",
      "v2:7",
      "v1:7",
      "v2:12",
      "v1:5",
      "v2:14",
      "v1:0",
      "v2:15",
    ]);
    expect(s.timedSizes.slice(1).map(([t, l]) => [t - t0, l])).toEqual([
      [0, "v2:3"],
      [0, "v1:8"],
      [0, "v2:5"],
      [5000, "v1:12"],
      [5000, "v2:7"],
      [10_000, "v1:7"],
      [10_000, "v2:12"],
      [15_000, "v1:5"],
      [15_000, "v2:14"],
      [20_000, "v1:0"],
      [20_000, "v2:15"],
    ]);
  });

  it("records the Events, the 10th distinct one combined by the aggregator", () => {
    const { s } = run(1);
    const v1 = s.rs("nginx:1");
    const v2 = s.rs("nginx:2");
    // Within the rollout's 10-minute window the messages are all distinct; client-go's
    // EventAggregator lets 9 through, then replaces the 10th ("v1 5 → 0") with
    // "(combined from similar events): …", and the 11th ("v2 14 → 15") bumps that aggregate
    // Event to count 2 and carries its own message.
    expect(s.events()).toEqual([
      scaled(v1, 0, 10),
      scaled(v2, 0, 3),
      scaled(v1, 10, 8),
      scaled(v2, 3, 5),
      scaled(v1, 8, 12),
      scaled(v2, 5, 7),
      scaled(v1, 12, 7),
      scaled(v2, 7, 12),
      scaled(v1, 7, 5),
      scaled(v2, 12, 14),
      combined(scaled(v2, 14, 15), 2),
    ]);
  });

  it("ends complete at 15 with the new fenceposts in the annotations", () => {
    const { s } = run(1);
    const d = s.deployment();
    expect(rolledOut(d)).toBe(true);
    expect(counters(d)).toEqual({
      observedGeneration: 3,
      replicas: 15,
      updatedReplicas: 15,
      readyReplicas: 15,
      availableReplicas: 15,
      unavailableReplicas: 0,
    });
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(s.rs("nginx:2"))]);
    expect(deploymentAnnotations(d)).toEqual({ [RevisionAnnotation]: "2" });
    for (const image of ["nginx:1", "nginx:2"]) {
      expect(deploymentAnnotations(s.rsFor(image))).toEqual({
        [RevisionAnnotation]: image === "nginx:1" ? "1" : "2",
        [DesiredReplicasAnnotation]: "15",
        [MaxReplicasAnnotation]: "19",
      });
    }
  });

  it("produces the same trace for the same seed", () => {
    expect(run(6).s.traceHash()).toBe(run(6).s.traceHash());
  });
});
