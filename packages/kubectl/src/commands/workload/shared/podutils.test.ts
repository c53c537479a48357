import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { activePods, byLogging, reverse, sortPods } from "./podutils.js";

interface VectorPod {
  name: string;
  nodeName: string;
  phase: string;
  ready: boolean;
  readySince: string | null;
  restartCounts: number[];
  creationTimestamp: string;
}
interface Vector {
  source: string;
  name: string;
  input: { pods: VectorPod[] };
  expected: { order: string[] };
}

const NOW = Date.parse("2024-06-15T12:00:00Z");
const at = (t: string | null): string | undefined =>
  t === null || t === "zero"
    ? undefined
    : new Date(t === "now" ? NOW : NOW - 30 * 24 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");

function podOf(v: VectorPod): Pod {
  const created = at(v.creationTimestamp);
  const since = at(v.readySince);
  return {
    metadata: { name: v.name, ...(created === undefined ? {} : { creationTimestamp: created }) },
    spec: { nodeName: v.nodeName, containers: [] },
    status: {
      phase: v.phase,
      conditions: v.ready
        ? [
            {
              type: "Ready",
              status: "True",
              ...(since === undefined ? {} : { lastTransitionTime: since }),
            },
          ]
        : [],
      containerStatuses: v.restartCounts.map((n, i) => ({
        name: `c${i}`,
        image: "x",
        imageID: "",
        ready: true,
        restartCount: n,
      })),
    },
  };
}

const vectors = (
  JSON.parse(
    readFileSync(new URL("../testdata/active-pods-vectors.json", import.meta.url), "utf8"),
  ) as {
    activePods: Vector[];
  }
).activePods;

describe("podutils orderings", () => {
  for (const v of vectors) {
    it(`ActivePods: ${v.name} (${v.source.split("::")[1]}), whatever the input order`, () => {
      const pods = v.input.pods.map(podOf);
      fc.assert(
        fc.property(fc.shuffledSubarray(pods, { minLength: pods.length }), (shuffled) => {
          expect(sortPods(shuffled, activePods).map((p) => p.metadata?.name)).toEqual(
            v.expected.order,
          );
        }),
        { numRuns: 20 },
      );
    });
  }

  it("ByLogging puts the pods worth reading first, the reverse of ActivePods for the same vector", () => {
    const pods = vectors[0]!.input.pods.map(podOf);
    const order = sortPods(pods, byLogging).map((p) => p.metadata?.name);
    // assigned first, Running < Unknown < Pending, ready first, ready longer first, more restarts first, older first
    expect(order).toEqual([
      "runningLongerTime",
      "oldest",
      "lowerContainerRestartCount",
      "runningWithLastTransitionTime",
      "runningNoLastTransitionTime",
      "runningButNotReady",
      "unknownPhase",
      "scheduledButPending",
      "unscheduled",
    ]);
    expect(sortPods(pods, reverse(activePods)).map((p) => p.metadata?.name)[0]).toBe("oldest");
  });
});
