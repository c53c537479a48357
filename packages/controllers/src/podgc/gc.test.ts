/**
 * Pod GC's pure choices, as tables (gc_controller_test.go TestGCTerminated,
 * TestGCOrphaned, TestGCUnscheduledTerminating, TestGCTerminating, in our encoding).
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rfc3339 } from "@kubesim/sim";
import {
  byEvictionAndCreationTimestamp,
  failedStatus,
  isPodTerminated,
  missingNodes,
  orphanCondition,
  terminatedPodsToDelete,
  terminatingPodsToDelete,
  unscheduledTerminatingPods,
} from "./gc.js";

const pod = (
  name: string,
  phase: string,
  o: { created?: number; node?: string; deleting?: boolean; reason?: string } = {},
): Pod => ({
  metadata: {
    name,
    namespace: "default",
    creationTimestamp: rfc3339((o.created ?? 0) * 1000),
    ...(o.deleting === true ? { deletionTimestamp: rfc3339(1) } : {}),
  },
  spec: { containers: [], ...(o.node === undefined ? {} : { nodeName: o.node }) },
  status: { phase, ...(o.reason === undefined ? {} : { reason: o.reason }) },
});

describe("gcTerminated", () => {
  const table: [string, Pod[], number, string[]][] = [
    ["under the threshold: none", [pod("a", "Failed"), pod("b", "Succeeded")], 2, []],
    [
      "over by one: the oldest",
      [pod("a", "Failed", { created: 20 }), pod("b", "Succeeded", { created: 10 })],
      1,
      ["b"],
    ],
    [
      "evicted pods go first, then the oldest, then by name",
      [
        pod("c", "Failed", { created: 5 }),
        pod("b", "Failed", { created: 5 }),
        pod("e", "Failed", { created: 50, reason: "Evicted" }),
        pod("a", "Succeeded", { created: 1 }),
      ],
      1,
      ["e", "a", "b"],
    ],
    [
      "running and pending pods never count",
      [pod("a", "Running"), pod("b", "Pending"), pod("c", "Unknown")],
      0,
      [],
    ],
    ["threshold 0 disables", [pod("a", "Failed")], 0, []],
  ];
  for (const [name, pods, threshold, want] of table) {
    it(name, () =>
      expect(terminatedPodsToDelete(pods, threshold).map((p) => p.metadata?.name)).toEqual(want),
    );
  }
  it("an empty phase counts as terminated (as upstream's isPodTerminated)", () => {
    expect(isPodTerminated({ metadata: {} })).toBe(true);
  });
  it("property: deletes exactly max(0, terminated - threshold), never a running pod", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            phase: fc.constantFrom("Running", "Pending", "Succeeded", "Failed"),
            created: fc.nat(100),
          }),
        ),
        fc.integer({ min: 1, max: 10 }),
        (specs, threshold) => {
          const pods = specs.map((s, i) => pod(`p${i}`, s.phase, { created: s.created }));
          const out = terminatedPodsToDelete(pods, threshold);
          const terminated = pods.filter(isPodTerminated).length;
          expect(out.length).toBe(Math.max(0, terminated - threshold));
          expect(out.every(isPodTerminated)).toBe(true);
          const sorted = [...out].sort(byEvictionAndCreationTimestamp);
          expect(sorted).toEqual(out);
        },
      ),
    );
  });
});

describe("gcTerminating (out-of-service nodes)", () => {
  const node = (name: string, ready: boolean, outOfService: boolean): Node => ({
    metadata: { name },
    spec: outOfService
      ? { taints: [{ key: "node.kubernetes.io/out-of-service", effect: "NoExecute" }] }
      : {},
    status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  });
  const nodes = new Map([
    ["oos", node("oos", false, true)],
    ["ready-oos", node("ready-oos", true, true)],
    ["down", node("down", false, false)],
  ]);
  it("only terminating pods on not-Ready nodes with the out-of-service taint", () => {
    const pods = [
      pod("a", "Running", { node: "oos", deleting: true }),
      pod("b", "Running", { node: "oos" }),
      pod("c", "Running", { node: "ready-oos", deleting: true }),
      pod("d", "Running", { node: "down", deleting: true }),
      pod("e", "Running", { node: "missing", deleting: true }),
    ];
    expect(terminatingPodsToDelete(pods, (n) => nodes.get(n)).map((p) => p.metadata?.name)).toEqual(
      ["a"],
    );
  });
});

describe("gcOrphaned and gcUnscheduledTerminating choices", () => {
  it("missing nodes, once each, in pod order", () => {
    const pods = [
      pod("a", "Running", { node: "gone" }),
      pod("b", "Running", { node: "here" }),
      pod("c", "Pending"),
      pod("d", "Running", { node: "gone" }),
      pod("e", "Running", { node: "gone-2" }),
    ];
    expect(missingNodes(pods, new Set(["here"]))).toEqual(["gone", "gone-2"]);
  });
  it("terminating pods with no node", () => {
    const pods = [
      pod("a", "Pending", { deleting: true }),
      pod("b", "Pending"),
      pod("c", "Running", { node: "n", deleting: true }),
    ];
    expect(unscheduledTerminatingPods(pods).map((p) => p.metadata?.name)).toEqual(["a"]);
  });
});

describe("markFailedAndDeletePodWithCondition's status", () => {
  it("a running orphan: Failed plus DisruptionTarget DeletionByPodGC", () => {
    expect(failedStatus(pod("a", "Running"), orphanCondition(), 7000)).toEqual({
      phase: "Failed",
      conditions: [
        {
          type: "DisruptionTarget",
          status: "True",
          reason: "DeletionByPodGC",
          message: "PodGC: node no longer exists",
          lastTransitionTime: rfc3339(7000),
        },
      ],
    });
  });
  it("a terminal pod is left as it is (no condition either)", () => {
    expect(failedStatus(pod("a", "Succeeded"), orphanCondition(), 0)).toBeUndefined();
    expect(failedStatus(pod("a", "Failed"), undefined, 0)).toBeUndefined();
  });
  it("without a condition only the phase changes", () => {
    expect(failedStatus(pod("a", "Pending"), undefined, 0)).toEqual({ phase: "Failed" });
  });
});
