/**
 * Kubernetes' own test tables (copied from shared/spec/k8s-vectors.json into
 * testdata/): TestSortingActivePodsWithRanks, TestSortingActivePods
 * (pkg/controller/controller_utils_test.go) and TestSlowStartBatch
 * (pkg/controller/replicaset/replica_set_test.go). Every vector is one case.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { rfc3339 } from "@kubesim/sim";
import vectors from "./testdata/k8s-vectors.json" with { type: "json" };
import { lessWithRanks, podRankKey, sortActivePods } from "./ranking.js";
import { slowStartBatch } from "./slow-start.js";

/** metav1.Now() of the upstream test, pinned: 2024-03-31T12:00:00Z. */
const NOW = Date.UTC(2024, 2, 31, 12, 0, 0);
const HOUR = 3600 * 1000;

/** The vectors' time encoding: "zero" (Go's zero time), "now", "now-2h", "now-1mo". */
function timeOf(code: string): number | undefined {
  if (code === "zero") return undefined;
  if (code === "now") return NOW;
  if (code === "now-1mo") {
    // now.AddDate(0, -1, 0): one calendar month back (Go normalises Feb 31 to Mar 2).
    const d = new Date(NOW);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, d.getUTCDate(), 12, 0, 0);
  }
  const m = /^now-(\d+)h$/.exec(code);
  if (m === null) throw new Error(`unknown time ${code}`);
  return NOW - Number(m[1]) * HOUR;
}

interface VectorPod {
  name: string;
  nodeName: string;
  phase: string;
  ready: boolean;
  readySince: string | null;
  maxRestartCount?: number;
  restartCounts?: number[];
  creationTimestamp: string;
  annotations?: Record<string, string>;
  uid?: string;
}

function podFrom(v: VectorPod): Pod {
  const created = timeOf(v.creationTimestamp);
  const readySince = v.readySince === null ? undefined : timeOf(v.readySince);
  const restarts = v.restartCounts ?? (v.maxRestartCount !== undefined ? [v.maxRestartCount] : []);
  return {
    metadata: {
      name: v.name,
      namespace: "default",
      uid: v.uid ?? "",
      annotations: v.annotations ?? {},
      ...(created !== undefined ? { creationTimestamp: rfc3339(created) } : {}),
    },
    spec: { nodeName: v.nodeName, containers: [] },
    status: {
      phase: v.phase,
      conditions: v.ready
        ? [
            {
              type: "Ready",
              status: "True",
              ...(readySince !== undefined ? { lastTransitionTime: rfc3339(readySince) } : {}),
            },
          ]
        : [],
      containerStatuses: restarts.map((r, i) => ({
        name: `c${i}`,
        image: "img",
        imageID: "",
        ready: v.ready,
        restartCount: r,
      })),
    },
  };
}

describe("TestSortingActivePodsWithRanks (activePodsWithRanks vectors)", () => {
  it("covers every vector", () => {
    expect(vectors.activePodsWithRanks).toHaveLength(27);
  });
  for (const v of vectors.activePodsWithRanks) {
    it(v.name, () => {
      const [p0, p1] = v.input.pods.map((p) => podFrom(p as VectorPod));
      const now = v.input.now === "now" ? NOW : undefined;
      const k0 = podRankKey(p0!, v.input.ranks[0], now);
      const k1 = podRankKey(p1!, v.input.ranks[1], now);
      const gates = {
        podDeletionCost: v.input.podDeletionCostEnabled,
        logarithmicScaleDown: v.input.logarithmicScaleDownEnabled,
      };
      expect(lessWithRanks(k0, k1, gates)).toBe(v.expected.less01);
      expect(lessWithRanks(k1, k0, gates)).toBe(v.expected.less10);
    });
  }
});

describe("TestSortingActivePods (activePods vectors)", () => {
  for (const v of vectors.activePods) {
    it(v.name, () => {
      const pods = v.input.pods.map((p) => podFrom(p as VectorPod));
      // Upstream shuffles the input 20 times; every permutation must sort the same.
      let seed = 7;
      const rand = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      for (let round = 0; round < 20; round++) {
        const shuffled = [...pods];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rand(i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const names = sortActivePods(shuffled).map((p) => p.metadata?.name);
        expect(names).toEqual(v.expected.order);
      }
    });
  }
});

describe("TestSlowStartBatch (slowStartBatch vectors)", () => {
  for (const v of vectors.slowStartBatch) {
    it(v.name, () => {
      let calls = 0;
      const result = slowStartBatch(v.input.count, v.input.initialBatchSize, () =>
        ++calls > v.input.callLimit ? new Error("fake error") : undefined,
      );
      expect(result.successes).toBe(v.expected.successes);
      expect(result.error !== undefined).toBe(v.expected.error);
      expect(result.callCount).toBe(v.expected.callCount);
      expect(calls).toBe(v.expected.callCount);
      if ("batches" in v.expected) expect(result.batches).toEqual(v.expected.batches);
    });
  }
});
