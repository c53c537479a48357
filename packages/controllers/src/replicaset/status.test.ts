import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ReplicaSet, ReplicaSetStatus } from "kubernetes-types/apps/v1";
import { rfc3339 } from "@kubesim/sim";
import {
  ReplicaSetReplicaFailure,
  calculateStatus,
  deleteReplicaSetCondition,
  minReadySecondsRequeue,
  newReplicaSetCondition,
  replicaSetStatusNeedsUpdate,
  setReplicaSetCondition,
  statusToWrite,
} from "./status.js";
import { NOW, mkPod } from "./testdata/pods.js";

function mkRS(
  replicas: number,
  opts: { minReadySeconds?: number; status?: ReplicaSetStatus; generation?: number } = {},
): ReplicaSet {
  return {
    metadata: { name: "rs", namespace: "default", generation: opts.generation ?? 1 },
    spec: {
      replicas,
      ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web", tier: "fe" } } },
    },
    ...(opts.status !== undefined ? { status: opts.status } : {}),
  };
}
const full = { app: "web", tier: "fe" };

describe("calculateStatus (TestCalculateStatus-style cases)", () => {
  it("counts replicas, fully labeled, ready and available with one now", () => {
    const pods = [
      mkPod({ name: "a", labels: full, readySince: NOW - 20_000 }),
      mkPod({ name: "b", labels: full, readySince: NOW - 5_000 }),
      mkPod({ name: "c", labels: { app: "web" }, readySince: NOW - 60_000 }),
      mkPod({ name: "d", labels: { ...full, extra: "x" } }),
    ];
    const s = calculateStatus(mkRS(4, { minReadySeconds: 10 }), pods, undefined, NOW);
    expect(s).toEqual({
      replicas: 4,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 2,
    });
  });

  it("adds ReplicaFailure FailedCreate with the error and now", () => {
    const s = calculateStatus(
      mkRS(3),
      [mkPod({ name: "a", labels: full })],
      'pods "rs-x" is forbidden: exceeded quota',
      NOW,
    );
    expect(s.conditions).toEqual([
      {
        type: "ReplicaFailure",
        status: "True",
        reason: "FailedCreate",
        message: 'pods "rs-x" is forbidden: exceeded quota',
        lastTransitionTime: rfc3339(NOW),
      },
    ]);
  });

  it("uses FailedDelete when there are too many pods", () => {
    const pods = [mkPod({ name: "a" }), mkPod({ name: "b" })];
    const s = calculateStatus(mkRS(1), pods, "unable to delete pods: boom", NOW);
    expect(s.conditions?.[0]?.reason).toBe("FailedDelete");
  });

  it("keeps an existing failure untouched while errors continue, and removes it on success", () => {
    const old = newReplicaSetCondition(
      ReplicaSetReplicaFailure,
      "True",
      "FailedCreate",
      "first",
      NOW - 60_000,
    );
    const rs = mkRS(2, { status: { replicas: 0, conditions: [old] } });
    expect(calculateStatus(rs, [], "second", NOW).conditions).toEqual([old]);
    const cleared = calculateStatus(rs, [], undefined, NOW);
    expect(cleared.conditions).toBeUndefined();
  });

  it("keeps available <= ready <= replicas and fullyLabeled <= replicas (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ready: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
            labeled: fc.boolean(),
          }),
          { maxLength: 20 },
        ),
        fc.integer({ min: 0, max: 60 }),
        (specs, minReady) => {
          const pods = specs.map((s, i) =>
            mkPod({
              name: `p${i}`,
              labels: s.labeled ? full : { app: "web" },
              ...(s.ready !== undefined ? { readySince: NOW - s.ready * 1000 } : {}),
            }),
          );
          const s = calculateStatus(mkRS(5, { minReadySeconds: minReady }), pods, undefined, NOW);
          expect(s.availableReplicas!).toBeLessThanOrEqual(s.readyReplicas!);
          expect(s.readyReplicas!).toBeLessThanOrEqual(s.replicas);
          expect(s.fullyLabeledReplicas!).toBeLessThanOrEqual(s.replicas);
          expect(s.replicas).toBe(pods.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("conditions helpers", () => {
  it("setReplicaSetCondition keeps a same status+reason condition, replaces otherwise", () => {
    const a = newReplicaSetCondition("ReplicaFailure", "True", "FailedCreate", "x", NOW);
    const b = newReplicaSetCondition("ReplicaFailure", "True", "FailedCreate", "y", NOW + 1000);
    const c = newReplicaSetCondition("ReplicaFailure", "True", "FailedDelete", "z", NOW + 2000);
    const s1 = setReplicaSetCondition({ replicas: 0 }, a);
    expect(setReplicaSetCondition(s1, b).conditions).toEqual([a]);
    expect(setReplicaSetCondition(s1, c).conditions).toEqual([c]);
  });
  it("deleteReplicaSetCondition removes only that type", () => {
    const other = newReplicaSetCondition("Other", "True", "R", "m", NOW);
    const fail = newReplicaSetCondition("ReplicaFailure", "True", "FailedCreate", "x", NOW);
    expect(
      deleteReplicaSetCondition({ replicas: 0, conditions: [other, fail] }, "ReplicaFailure")
        .conditions,
    ).toEqual([other]);
  });
});

describe("writing the status", () => {
  it("needs an update when a count, the conditions or the generation differ", () => {
    const synced: ReplicaSetStatus = {
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
    };
    const rs = mkRS(2, { status: synced });
    expect(replicaSetStatusNeedsUpdate(rs, synced)).toBe(false);
    expect(replicaSetStatusNeedsUpdate(rs, { ...synced, readyReplicas: 2 })).toBe(true);
    expect(replicaSetStatusNeedsUpdate(mkRS(2, { status: synced, generation: 2 }), synced)).toBe(
      true,
    );
    const failed = setReplicaSetCondition(
      synced,
      newReplicaSetCondition("ReplicaFailure", "True", "FailedCreate", "x", NOW),
    );
    expect(replicaSetStatusNeedsUpdate(rs, failed)).toBe(true);
    expect(statusToWrite(mkRS(2, { generation: 7 }), synced).observedGeneration).toBe(7);
  });

  it("requeues after minReadySeconds while ready pods are not yet available", () => {
    const rs = mkRS(3, { minReadySeconds: 10 });
    expect(
      minReadySecondsRequeue(
        rs,
        { replicas: 3, readyReplicas: 3, availableReplicas: 1 },
        undefined,
      ),
    ).toBe(10_000);
    expect(
      minReadySecondsRequeue(
        rs,
        { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
        undefined,
      ),
    ).toBeUndefined();
    expect(
      minReadySecondsRequeue(
        rs,
        { replicas: 3, readyReplicas: 2, availableReplicas: 1 },
        undefined,
      ),
    ).toBeUndefined();
    expect(
      minReadySecondsRequeue(rs, { replicas: 3, readyReplicas: 3, availableReplicas: 1 }, "err"),
    ).toBeUndefined();
    expect(
      minReadySecondsRequeue(
        mkRS(3),
        { replicas: 3, readyReplicas: 3, availableReplicas: 1 },
        undefined,
      ),
    ).toBeUndefined();
  });
});
