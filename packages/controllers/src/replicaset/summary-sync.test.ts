/**
 * The summary path of the ReplicaSet sync (pod-summary.ts, summary-sync.ts)
 * against the full computation it replaces (FilterPodsByOwner,
 * FilterActivePods, ClaimPods, calculateStatus's counts, getPodsToDelete with
 * the related pods' ranks): equal whenever it answers, and answering in the
 * cases a rollout produces.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { Lister } from "@kubesim/runtime";
import { filterActivePods, isPodActive, podKey } from "./active.js";
import { claimPods } from "./claim.js";
import { replicaSetSelector } from "./controller-handlers.js";
import {
  OrphanPodIndexKey,
  PodControllerUIDIndex,
  filterPodsByOwner,
  podControllerUidIndexFunc,
} from "./controller.js";
import { getIndirectlyRelatedPods, getReplicaSetsWithSameController } from "./manage.js";
import {
  namespacePodsAggregator,
  ownedPodsAggregator,
  type NamespacePodsSummary,
  type OwnedPodsSummary,
} from "./pod-summary.js";
import { getPodsToDelete } from "./ranking.js";
import { countReplicas } from "./status.js";
import { relatedPodsPerNode, selectVictims, summarizeClaim } from "./summary-sync.js";
import { NOW, mkPod } from "./testdata/pods.js";

const RS_UID = "u-rs";

function mkRS(opts: {
  uid?: string;
  name?: string;
  selector?: Record<string, string>;
  replicas?: number;
  minReadySeconds?: number;
  deleting?: boolean;
  controller?: string;
  namespace?: string;
}): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: opts.name ?? "web-1",
      namespace: opts.namespace ?? "default",
      uid: opts.uid ?? RS_UID,
      ...(opts.deleting === true ? { deletionTimestamp: "2024-03-31T12:00:00Z" } : {}),
      ...(opts.controller !== undefined
        ? {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "Deployment",
                name: "web",
                uid: opts.controller,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      replicas: opts.replicas ?? 3,
      minReadySeconds: opts.minReadySeconds ?? 0,
      selector: { matchLabels: opts.selector ?? { app: "web" } },
      template: { metadata: { labels: { app: "web", tier: "fe" } }, spec: { containers: [] } },
    },
  };
}

/** A lister over a fixed set of pods with the pods-by-controller-UID index, in key order. */
function podLister(pods: readonly Pod[]): Lister<Pod> {
  const sorted = [...pods].sort((a, b) => (podKey(a) < podKey(b) ? -1 : 1));
  return {
    get: (key) => sorted.find((p) => podKey(p) === key),
    list: (o) =>
      sorted.filter((p) => o?.namespace === undefined || p.metadata?.namespace === o.namespace),
    byIndex: (name, value) => {
      if (name !== PodControllerUIDIndex) throw new Error(name);
      return sorted.filter((p) => podControllerUidIndexFunc(p).includes(value));
    },
    indexKeys: () => [],
    keys: () => sorted.map(podKey),
    size: sorted.length,
  };
}

/** The summaries the pod informer would keep for these pods. */
function summaries(pods: readonly Pod[]): {
  owned: Map<string, OwnedPodsSummary>;
  namespaces: Map<string, NamespacePodsSummary>;
} {
  const owned = new Map<string, OwnedPodsSummary>();
  const namespaces = new Map<string, NamespacePodsSummary>();
  for (const p of pods) {
    const key = podKey(p);
    for (const v of podControllerUidIndexFunc(p)) {
      let s = owned.get(v);
      if (s === undefined) owned.set(v, (s = ownedPodsAggregator.create(v)));
      ownedPodsAggregator.add(s, key, p);
    }
    const ns = p.metadata?.namespace ?? "";
    let s = namespaces.get(ns);
    if (s === undefined) namespaces.set(ns, (s = namespacePodsAggregator.create(ns)));
    namespacePodsAggregator.add(s, key, p);
  }
  return { owned, namespaces };
}

const T0 = NOW - 3_600_000;
const T1 = NOW - 60_000;

const arbPodSpec = fc.record({
  owner: fc.constantFrom("rs", "rs", "rs", "other", "orphan", "job"),
  namespace: fc.constantFrom("default", "default", "default", "other"),
  labels: fc.constantFrom("full", "full", "partial", "db", "none"),
  phase: fc.constantFrom("Running", "Running", "Pending", "Unknown", "Succeeded", "Failed"),
  deleting: fc.constantFrom(false, false, false, false, true),
  node: fc.constantFrom(undefined, "n1", "n2", "n3"),
  ready: fc.constantFrom("no", "t0", "t0", "t1", "zero"),
  created: fc.constantFrom("t0", "t0", "t1", "none"),
  restarts: fc.constantFrom(0, 0, 1),
  cost: fc.constantFrom(undefined, undefined, "5", "-1"),
});

const labelSets: Record<string, Record<string, string> | undefined> = {
  full: { app: "web", tier: "fe" },
  partial: { app: "web" },
  db: { app: "db" },
  none: undefined,
};

type PodSpecArb = typeof arbPodSpec extends fc.Arbitrary<infer R> ? R : never;

function buildPods(specs: readonly PodSpecArb[]): Pod[] {
  return specs.map((s, i) => {
    const pod = mkPod({
      name: `p${String(i).padStart(2, "0")}`,
      namespace: s.namespace,
      ...(s.node !== undefined ? { node: s.node } : {}),
      phase: s.phase,
      ...(s.ready === "no"
        ? {}
        : { readySince: s.ready === "zero" ? null : s.ready === "t0" ? T0 : T1 }),
      ...(s.created === "none" ? {} : { created: s.created === "t0" ? T0 : T1 }),
      restarts: s.restarts,
      ...(s.cost !== undefined ? { cost: s.cost } : {}),
      deleting: s.deleting,
      ...(s.owner === "orphan"
        ? {}
        : {
            owner: {
              uid: s.owner === "other" ? "u-other" : RS_UID,
              kind: s.owner === "job" ? "Job" : "ReplicaSet",
            },
          }),
    });
    const labels = labelSets[s.labels];
    const { labels: _dropped, ...meta } = pod.metadata!;
    return { ...pod, metadata: labels === undefined ? meta : { ...meta, labels } };
  });
}

describe("summary path of the ReplicaSet sync", () => {
  it("gives calculateStatus's counts, or 'full' exactly when ClaimPods would patch (property)", () => {
    fc.assert(
      fc.property(
        fc.array(arbPodSpec, { maxLength: 14 }),
        fc.boolean(),
        fc.constantFrom(0, 10, 7200),
        (specs, deleting, minReadySeconds) => {
          const pods = buildPods(specs);
          const rs = mkRS({ deleting, minReadySeconds });
          const selector = replicaSetSelector(rs)!;
          const plan = claimPods(
            rs,
            selector,
            filterActivePods(filterPodsByOwner(podLister(pods), rs)),
          );
          const { owned } = summaries(pods);
          const got = summarizeClaim(
            rs,
            selector,
            owned.get(RS_UID),
            owned.get(OrphanPodIndexKey),
            NOW,
          );
          if (plan.adopt.length > 0 || plan.release.length > 0) {
            expect(got.type).toBe("full");
            return;
          }
          expect(got.type).toBe("counts");
          if (got.type !== "counts") return;
          expect(got.counts).toEqual(countReplicas(rs, plan.claimed, NOW));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("picks getPodsToDelete's victims whenever it answers, and answers for uniform pods (property)", () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.array(arbPodSpec, { maxLength: 14 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 14 }),
        (specs, withController, want) => {
          const pods = buildPods(specs);
          const rs = mkRS(withController ? { controller: "d1" } : {});
          const sibling = mkRS({
            uid: "u-other",
            name: "web-2",
            selector: { app: "db" },
            controller: "d1",
          });
          const lonely = mkRS({
            uid: "u-3",
            name: "web-3",
            selector: { app: "x" },
            controller: "d2",
          });
          const all = [rs, sibling, lonely];
          const selector = replicaSetSelector(rs)!;
          const lister = podLister(pods);
          const claimed = claimPods(
            rs,
            selector,
            filterActivePods(filterPodsByOwner(lister, rs)),
          ).claimed;
          if (claimed.length === 0) return;
          const count = Math.min(want, claimed.length);
          const siblings = getReplicaSetsWithSameController(rs, all);
          const related = withController
            ? getIndirectlyRelatedPods(
                rs,
                siblings,
                lister.list({ namespace: "default" }),
                replicaSetSelector,
              )
            : [];
          const expected = getPodsToDelete(claimed, related, count, NOW).map(podKey);

          const { owned, namespaces } = summaries(pods);
          const claim = summarizeClaim(
            rs,
            selector,
            owned.get(RS_UID),
            owned.get(OrphanPodIndexKey),
            NOW,
          );
          if (claim.type !== "counts") return; // adoption or release: the full path
          const perNode = relatedPodsPerNode(
            rs,
            siblings,
            replicaSetSelector,
            namespaces.get("default"),
          );
          // getPodsRankedByRelatedPodsOnSameNode's counts
          const counted = new Map<string, number>();
          for (const p of related.filter(isPodActive)) {
            const n = p.spec?.nodeName ?? "";
            counted.set(n, (counted.get(n) ?? 0) + 1);
          }
          expect(perNode).toEqual(counted);
          const got = selectVictims(claim.groups, claim.counts.replicas, count, perNode);
          if (got === undefined) return;
          answered++;
          expect(got).toEqual(expected);
        },
      ),
      // A fixed seed: the count of answered cases below is then exact, not luck.
      { numRuns: 500, seed: 20240331 },
    );
    expect(answered).toBeGreaterThan(50);
  });

  it("a rollout's scale-down: the pods on the most crowded node go first, in key order", () => {
    // Old ReplicaSet: 6 ready pods, all ready and created at the same instant.
    const owner = { uid: RS_UID };
    const pods = [
      mkPod({ name: "a1", node: "n1", readySince: T0, created: T0, owner }),
      mkPod({ name: "a2", node: "n2", readySince: T0, created: T0, owner }),
      mkPod({ name: "a3", node: "n1", readySince: T0, created: T0, owner }),
      mkPod({ name: "a4", node: "n3", readySince: T0, created: T0, owner }),
      mkPod({ name: "a5", node: "n2", readySince: T0, created: T0, owner }),
      mkPod({ name: "a6", node: "n1", readySince: T0, created: T0, owner }),
      // new ReplicaSet's pod on n2: n1 and n2 both have 3 related pods
      mkPod({ name: "b1", node: "n2", readySince: T1, created: T1, owner: { uid: "u-other" } }),
      // not yet scheduled: sorts first, but belongs to the other ReplicaSet
      mkPod({ name: "b2", phase: "Pending", owner: { uid: "u-other" } }),
    ];
    const rs = mkRS({ controller: "d1", replicas: 2 });
    const other = mkRS({ uid: "u-other", name: "web-2", controller: "d1" });
    const selector = replicaSetSelector(rs)!;
    const { owned, namespaces } = summaries(pods);
    const claim = summarizeClaim(rs, selector, owned.get(RS_UID), undefined, NOW);
    expect(claim.type).toBe("counts");
    if (claim.type !== "counts") return;
    expect(claim.counts).toEqual({
      replicas: 6,
      fullyLabeledReplicas: 0,
      readyReplicas: 6,
      availableReplicas: 6,
    });
    const perNode = relatedPodsPerNode(
      rs,
      [rs, other],
      replicaSetSelector,
      namespaces.get("default"),
    );
    expect(Object.fromEntries(perNode)).toEqual({ n1: 3, n2: 3, n3: 1, "": 1 });
    // n1 and n2 tie on rank 3: one tier, in key order: a1 a2 a3 a5 a6, then n3's a4.
    expect(selectVictims(claim.groups, 6, 4, perNode)).toEqual([
      "default/a1",
      "default/a2",
      "default/a3",
      "default/a5",
    ]);
    // every pod goes: the claimed pods in key order, no ranking
    expect(selectVictims(claim.groups, 6, 6, new Map())).toEqual(
      ["a1", "a2", "a3", "a4", "a5", "a6"].map((n) => `default/${n}`),
    );
  });

  it("declines when the pods it must order differ in ready time", () => {
    const owner = { uid: RS_UID };
    const pods = [
      mkPod({ name: "a1", node: "n1", readySince: T0, created: T0, owner }),
      mkPod({ name: "a2", node: "n1", readySince: T1, created: T0, owner }),
      mkPod({ name: "a3", node: "n2", readySince: T0, created: T0, owner }),
    ];
    const rs = mkRS({ replicas: 1 });
    const { owned } = summaries(pods);
    const claim = summarizeClaim(rs, replicaSetSelector(rs)!, owned.get(RS_UID), undefined, NOW);
    if (claim.type !== "counts") throw new Error("expected counts");
    // without a controller every rank is 0: one tier holding two ready times
    expect(selectVictims(claim.groups, 3, 2, new Map())).toBeUndefined();
    // pending pods differ in nothing that matters: answered
    expect(
      selectVictims(
        summarizeClaimGroups([
          mkPod({ name: "x", phase: "Pending", owner }),
          mkPod({ name: "y", phase: "Pending", owner }),
        ]),
        2,
        1,
        new Map(),
      ),
    ).toEqual(["default/x"]);
  });
});

function summarizeClaimGroups(pods: Pod[]) {
  const rs = mkRS({ replicas: 1 });
  const { owned } = summaries(pods);
  const claim = summarizeClaim(rs, replicaSetSelector(rs)!, owned.get(RS_UID), undefined, NOW);
  if (claim.type !== "counts") throw new Error("expected counts");
  return claim.groups;
}
