import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { labelSelectorAsSelector } from "@kubesim/api";
import {
  getIndirectlyRelatedPods,
  getReplicaSetsWithSameController,
  planManageReplicas,
  specReplicas,
} from "./manage.js";
import { NOW, arbPods, mkPod } from "./testdata/pods.js";

function mkRS(
  name: string,
  replicas: number | undefined,
  opts: { owner?: string; app?: string } = {},
): ReplicaSet {
  return {
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      ...(opts.owner !== undefined
        ? {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "Deployment",
                name: "web",
                uid: opts.owner,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { app: opts.app ?? "web" } },
      template: { metadata: { labels: { app: opts.app ?? "web" } } },
    },
  };
}
const pods = (n: number, prefix = "p"): Pod[] =>
  Array.from({ length: n }, (_, i) =>
    mkPod({ name: `${prefix}${i}`, node: "n1", readySince: NOW - (i + 1) * 1000 }),
  );

describe("planManageReplicas", () => {
  it("creates the missing pods in slow-start batches", () => {
    expect(planManageReplicas({ rs: mkRS("rs", 10), filteredPods: [], now: NOW })).toEqual({
      type: "create",
      diff: -10,
      count: 10,
      batches: [1, 2, 4, 3],
    });
  });

  it("caps creations at the burst limit", () => {
    const plan = planManageReplicas({ rs: mkRS("rs", 1200), filteredPods: pods(100), now: NOW });
    expect(plan.type === "create" && plan.count).toBe(500);
  });

  it("deletes the first victims in ActivePodsWithRanks order", () => {
    const filtered = [
      mkPod({ name: "ready-old", node: "n1", readySince: NOW - 40 * 86400_000 }),
      mkPod({ name: "not-ready", node: "n1" }),
      mkPod({ name: "unassigned" }),
    ];
    const plan = planManageReplicas({ rs: mkRS("rs", 1), filteredPods: filtered, now: NOW });
    expect(plan.type).toBe("delete");
    if (plan.type !== "delete") return;
    expect(plan.victims.map((p) => p.metadata?.name)).toEqual(["unassigned", "not-ready"]);
    expect(plan.podKeys).toEqual(["default/unassigned", "default/not-ready"]);
  });

  it("does nothing at the desired size; spec.replicas defaults to 1", () => {
    expect(
      planManageReplicas({ rs: mkRS("rs", undefined), filteredPods: pods(1), now: NOW }),
    ).toEqual({
      type: "none",
      diff: 0,
    });
    expect(specReplicas(mkRS("rs", undefined))).toBe(1);
  });

  it("never changes more than |diff| pods nor more than the burst (property)", () => {
    fc.assert(
      fc.property(
        arbPods(8),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        (filtered, replicas, burst) => {
          const plan = planManageReplicas({
            rs: mkRS("rs", replicas),
            filteredPods: filtered,
            now: NOW,
            burstReplicas: burst,
          });
          const diff = filtered.length - replicas;
          const changes =
            plan.type === "create" ? plan.count : plan.type === "delete" ? plan.victims.length : 0;
          expect(changes).toBeLessThanOrEqual(Math.abs(diff));
          expect(changes).toBeLessThanOrEqual(burst);
          expect(changes).toBe(Math.min(Math.abs(diff), burst));
          if (plan.type === "delete") {
            expect(new Set(plan.victims).size).toBe(plan.victims.length);
            for (const v of plan.victims) expect(filtered).toContain(v);
          }
          if (plan.type === "create")
            expect(plan.batches.reduce((a, b) => a + b, 0)).toBe(plan.count);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("related pods (getIndirectlyRelatedPods)", () => {
  const a = mkRS("a", 2, { owner: "dep", app: "web" });
  const b = mkRS("b", 2, { owner: "dep", app: "web2" });
  const c = mkRS("c", 2, { owner: "other", app: "web3" });
  const lone = mkRS("lone", 1);
  const all = [a, b, c, lone];
  const selectorOf = (rs: ReplicaSet) => labelSelectorAsSelector(rs.spec?.selector);

  it("finds the ReplicaSets with the same controller; none without a controller", () => {
    expect(getReplicaSetsWithSameController(a, all).map((r) => r.metadata?.name)).toEqual([
      "a",
      "b",
    ]);
    expect(getReplicaSetsWithSameController(lone, all)).toEqual([]);
  });

  it("lists each selected pod once, across the sibling ReplicaSets", () => {
    const podsInNs = [
      mkPod({ name: "w1", labels: { app: "web" } }),
      mkPod({ name: "w2", labels: { app: "web2" } }),
      mkPod({ name: "w3", labels: { app: "web3" } }),
      mkPod({ name: "w4", labels: { app: "web" }, namespace: "elsewhere" }),
    ];
    expect(
      getIndirectlyRelatedPods(a, all, podsInNs, selectorOf).map((p) => p.metadata?.name),
    ).toEqual(["w1", "w2"]);
    expect(getIndirectlyRelatedPods(lone, all, podsInNs, selectorOf)).toEqual([]);
  });

  it("ranks victims by siblings' pods: the node crowded by the old ReplicaSet goes first", () => {
    const mine = [
      mkPod({ name: "on-busy", node: "busy", readySince: NOW - 1000, created: NOW - 5000 }),
      mkPod({ name: "on-quiet", node: "quiet", readySince: NOW - 1000, created: NOW - 5000 }),
    ];
    const siblings = [mkPod({ name: "old1", node: "busy" }), mkPod({ name: "old2", node: "busy" })];
    const plan = planManageReplicas({
      rs: mkRS("rs", 1),
      filteredPods: mine,
      relatedPods: [...mine, ...siblings],
      now: NOW,
    });
    expect(plan.type === "delete" && plan.victims.map((p) => p.metadata?.name)).toEqual([
      "on-busy",
    ]);
  });
});
