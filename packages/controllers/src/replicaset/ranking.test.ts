import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import {
  getDeletionCost,
  getPodsToDelete,
  lessWithRanks,
  logBucket,
  maxContainerRestarts,
  podRankKey,
  rankPodsByRelatedPodsOnSameNode,
  sortActivePodsWithRanks,
} from "./ranking.js";
import { NOW, arbPods, mkPod } from "./testdata/pods.js";

const HOUR = 3600_000;
const names = (pods: readonly Pod[]): string[] => pods.map((p) => p.metadata?.name ?? "");

describe("getDeletionCost (GetDeletionCostFromPodAnnotations)", () => {
  const cost = (v: string | undefined): number =>
    getDeletionCost(v === undefined ? {} : { "controller.kubernetes.io/pod-deletion-cost": v });
  it.each([
    ["10", 10],
    ["-5", -5],
    ["0", 0],
    ["2147483647", 2147483647],
    ["-2147483648", -2147483648],
  ])("parses %s", (v, want) => expect(cost(v)).toBe(want));
  it.each(["+10", "008", "", "abc", "1.5", "2147483648", "-2147483649", " 1", "-"])(
    "treats %j as 0",
    (v) => expect(cost(v)).toBe(0),
  );
  it("is 0 without the annotation", () => expect(cost(undefined)).toBe(0));
});

describe("logBucket (logarithmicRankDiff)", () => {
  it("puts 5 h and 8 h in bucket 44 and 2 h in 42", () => {
    expect(logBucket(NOW, NOW - 5 * HOUR)).toBe(44);
    expect(logBucket(NOW, NOW - 8 * HOUR)).toBe(44);
    expect(logBucket(NOW, NOW - 2 * HOUR)).toBe(42);
  });
  it("is -1 for no elapsed time or a future time", () => {
    expect(logBucket(NOW, NOW)).toBe(-1);
    expect(logBucket(NOW, NOW + 1000)).toBe(-1);
  });
  it("is floor(log2(ns)): 1 ms = 1e6 ns -> 19, 1 s = 1e9 ns -> 29", () => {
    expect(logBucket(NOW, NOW - 1)).toBe(19);
    expect(logBucket(NOW, NOW - 1000)).toBe(29);
  });
});

describe("maxContainerRestarts", () => {
  it("takes the highest container restartCount", () => {
    const p = mkPod({ name: "a", restarts: 2 });
    p.status!.containerStatuses!.push({
      name: "d",
      image: "i",
      imageID: "",
      ready: true,
      restartCount: 7,
    });
    expect(maxContainerRestarts(p)).toBe(7);
    expect(maxContainerRestarts({})).toBe(0);
  });
});

describe("ActivePodsWithRanks order", () => {
  it("applies the criteria in workloads.md §11.4 order", () => {
    const pods = [
      mkPod({
        name: "ready-old",
        node: "n1",
        readySince: NOW - 30 * 24 * HOUR,
        created: NOW - 60 * 24 * HOUR,
      }),
      mkPod({
        name: "ready-new",
        node: "n1",
        readySince: NOW - 60_000,
        created: NOW - 60 * 24 * HOUR,
      }),
      mkPod({ name: "not-ready", node: "n1" }),
      mkPod({ name: "unknown", node: "n1", phase: "Unknown" }),
      mkPod({ name: "pending", node: "n1", phase: "Pending" }),
      mkPod({ name: "unassigned", phase: "Pending" }),
      mkPod({ name: "cheap", node: "n1", readySince: NOW - 30 * 24 * HOUR, cost: "-10" }),
    ];
    const sorted = sortActivePodsWithRanks(pods, [1, 1, 1, 1, 1, 1, 1], NOW);
    expect(names(sorted)).toEqual([
      "unassigned",
      "pending",
      "unknown",
      "not-ready",
      "cheap",
      "ready-new",
      "ready-old",
    ]);
  });

  it("puts the pod with more co-located related pods first, after cost", () => {
    const a = podRankKey(mkPod({ name: "a", node: "n1", readySince: NOW - HOUR }), 3, NOW);
    const b = podRankKey(mkPod({ name: "b", node: "n2", readySince: NOW - HOUR }), 1, NOW);
    expect(lessWithRanks(a, b)).toBe(true);
    expect(lessWithRanks(b, a)).toBe(false);
  });

  it("orders pods ready within one log2 bucket by UID, not by age", () => {
    const older = podRankKey(
      mkPod({ name: "o", uid: "a", node: "n", readySince: NOW - 8 * HOUR }),
      1,
      NOW,
    );
    const newer = podRankKey(
      mkPod({ name: "n", uid: "b", node: "n", readySince: NOW - 5 * HOUR }),
      1,
      NOW,
    );
    expect(lessWithRanks(older, newer)).toBe(true);
    // With the gate off, the newer one goes first.
    expect(lessWithRanks(newer, older, { logarithmicScaleDown: false })).toBe(true);
  });

  it("compares restarts without a log scale: 3 restarts go before 2", () => {
    const three = podRankKey(
      mkPod({ name: "a", node: "n", readySince: NOW - HOUR, restarts: 3 }),
      0,
      NOW,
    );
    const two = podRankKey(
      mkPod({ name: "b", node: "n", readySince: NOW - HOUR, restarts: 2 }),
      0,
      NOW,
    );
    expect(lessWithRanks(three, two)).toBe(true);
    expect(lessWithRanks(two, three)).toBe(false);
  });

  it("is not transitive in upstream's corner case (documented deviation from a strict weak order)", () => {
    // A and C were ready at exactly the same instant; B within the same log2 bucket.
    // A<B and B<C by UID, but A vs C skips step 6 and C has more restarts: C<A.
    const a = podRankKey(
      mkPod({ name: "a", uid: "a", node: "n", readySince: NOW - 5 * HOUR }),
      0,
      NOW,
    );
    const b = podRankKey(
      mkPod({ name: "b", uid: "b", node: "n", readySince: NOW - 6 * HOUR }),
      0,
      NOW,
    );
    const c = podRankKey(
      mkPod({ name: "c", uid: "c", node: "n", readySince: NOW - 5 * HOUR, restarts: 4 }),
      0,
      NOW,
    );
    expect([lessWithRanks(a, b), lessWithRanks(b, c), lessWithRanks(c, a)]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("is a strict weak order on pods with distinct UIDs and distinct times (property)", () => {
    fc.assert(
      fc.property(
        arbPods(7),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 7 }),
        (pods, ranks) => {
          const keys = pods.map((p, i) => podRankKey(p, ranks[i], NOW));
          const less = (x: number, y: number): boolean => lessWithRanks(keys[x]!, keys[y]!);
          const n = keys.length;
          for (let i = 0; i < n; i++) {
            if (less(i, i)) return false; // irreflexive
            for (let j = 0; j < n; j++) {
              if (less(i, j) && less(j, i)) return false; // asymmetric
              for (let k = 0; k < n; k++) {
                if (less(i, j) && less(j, k) && !less(i, k)) return false; // transitive
                const inc = (x: number, y: number): boolean => !less(x, y) && !less(y, x);
                if (inc(i, j) && inc(j, k) && !inc(i, k)) return false; // incomparability transitive
              }
            }
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("rankPodsByRelatedPodsOnSameNode and getPodsToDelete", () => {
  it("ranks by active related pods per node; unscheduled pods share the node ''", () => {
    const pods = [
      mkPod({ name: "a1", node: "A" }),
      mkPod({ name: "b1", node: "B" }),
      mkPod({ name: "u1" }),
    ];
    const related = [
      ...pods,
      mkPod({ name: "a2", node: "A" }),
      mkPod({ name: "a3", node: "A", phase: "Succeeded" }), // inactive: not counted
      mkPod({ name: "u2" }),
    ];
    expect(rankPodsByRelatedPodsOnSameNode(pods, related)).toEqual([2, 1, 2]);
  });

  it("deletes the three pods on the busier node when scaling 5 -> 2 (kubernetes#102948)", () => {
    const pods = [
      mkPod({ name: "a1", node: "A", readySince: NOW - HOUR, created: NOW - 2 * HOUR }),
      mkPod({ name: "b1", node: "B", readySince: NOW - HOUR, created: NOW - 2 * HOUR }),
      mkPod({ name: "a2", node: "A", readySince: NOW - HOUR, created: NOW - 2 * HOUR }),
      mkPod({ name: "b2", node: "B", readySince: NOW - HOUR, created: NOW - 2 * HOUR }),
      mkPod({ name: "a3", node: "A", readySince: NOW - HOUR, created: NOW - 2 * HOUR }),
    ];
    expect(names(getPodsToDelete(pods, pods, 3, NOW)).sort()).toEqual(["a1", "a2", "a3"]);
  });

  it("returns the pods unsorted when all of them go", () => {
    const pods = [mkPod({ name: "z", node: "n", readySince: NOW }), mkPod({ name: "a" })];
    expect(names(getPodsToDelete(pods, pods, 2, NOW))).toEqual(["z", "a"]);
  });

  it("chooses exactly the top-ranked victims (property)", () => {
    fc.assert(
      fc.property(arbPods(8), fc.integer({ min: 0, max: 9 }), (pods, diff) => {
        const victims = getPodsToDelete(pods, pods, diff, NOW);
        expect(victims).toHaveLength(Math.min(diff, pods.length));
        if (diff >= pods.length) return;
        const ranks = rankPodsByRelatedPodsOnSameNode(pods, pods);
        const keyOf = new Map(pods.map((p, i) => [p, podRankKey(p, ranks[i], NOW)]));
        const chosen = new Set(victims);
        for (const v of victims) {
          for (const keep of pods.filter((p) => !chosen.has(p))) {
            // No survivor may rank strictly before a victim.
            expect(lessWithRanks(keyOf.get(keep)!, keyOf.get(v)!)).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
