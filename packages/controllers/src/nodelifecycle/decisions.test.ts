/**
 * The node lifecycle controller's small decisions: taint sets
 * (pkg/util/taints), the NoSchedule condition taints
 * (TestTaintsNodeByCondition), the NoExecute actions, MarkPodsNotReady's
 * per-pod change, and the label reconciliation.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { rfc3339 } from "@kubesim/sim";
import { podNotReadyStatus } from "./mark-pods-not-ready.js";
import { nodeLabelsToUpdate } from "./node-labels.js";
import {
  noExecuteTaintSwap,
  shouldRequeueForTainting,
  taintBasedEvictionAction,
} from "./no-execute-tainting.js";
import { noScheduleTaintChanges } from "./no-schedule-tainting.js";
import {
  NotReadyTaintTemplate,
  UnreachableTaintTemplate,
  addOrUpdateTaint,
  removeTaint,
  swapTaints,
  taintSetDiff,
} from "./taints.js";

describe("taint sets", () => {
  it("addOrUpdateTaint replaces a matching taint in place, or appends; equal is no change", () => {
    const list = [
      { key: "a", effect: "NoSchedule" },
      { key: "b", value: "1", effect: "NoExecute" },
    ];
    expect(addOrUpdateTaint(list, { key: "b", value: "2", effect: "NoExecute" })).toEqual([
      { key: "a", effect: "NoSchedule" },
      { key: "b", value: "2", effect: "NoExecute" },
    ]);
    expect(addOrUpdateTaint(list, { key: "b", value: "1", effect: "NoExecute" })).toBeUndefined();
    expect(addOrUpdateTaint(list, { key: "b", effect: "NoSchedule" })).toHaveLength(3);
  });
  it("removeTaint removes by key and effect; taintSetDiff; swapTaints", () => {
    const list = [
      { key: "a", effect: "NoSchedule" },
      { key: "a", effect: "NoExecute" },
    ];
    expect(removeTaint(list, { key: "a", effect: "NoExecute", value: "x" })).toEqual([
      { key: "a", effect: "NoSchedule" },
    ]);
    expect(removeTaint(list, { key: "z", effect: "NoExecute" })).toBeUndefined();
    expect(
      taintSetDiff(
        [
          { key: "a", effect: "NoSchedule" },
          { key: "c", effect: "NoSchedule" },
        ],
        list,
      ),
    ).toEqual({
      add: [{ key: "c", effect: "NoSchedule" }],
      remove: [{ key: "a", effect: "NoExecute" }],
    });
    expect(
      swapTaints(list, [UnreachableTaintTemplate], [{ key: "a", effect: "NoExecute" }]),
    ).toEqual([{ key: "a", effect: "NoSchedule" }, UnreachableTaintTemplate]);
    expect(swapTaints(list, [], [UnreachableTaintTemplate])).toBeUndefined();
  });
});

const nodeWith = (conditions: [string, string][], o: Partial<Node["spec"]> = {}): Node => ({
  metadata: { name: "n" },
  spec: { ...o },
  status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
});

describe("noScheduleTaintChanges (TaintNodesByCondition)", () => {
  const table: { name: string; node: Node; add: string[]; remove: string[] }[] = [
    {
      name: "NetworkUnavailable True",
      node: nodeWith([
        ["Ready", "True"],
        ["NetworkUnavailable", "True"],
      ]),
      add: ["node.kubernetes.io/network-unavailable"],
      remove: [],
    },
    {
      name: "MemoryPressure, DiskPressure, PIDPressure True",
      node: nodeWith([
        ["MemoryPressure", "True"],
        ["DiskPressure", "True"],
        ["PIDPressure", "True"],
      ]),
      add: [
        "node.kubernetes.io/memory-pressure",
        "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/pid-pressure",
      ],
      remove: [],
    },
    {
      name: "Ready False and Unknown",
      node: nodeWith([["Ready", "False"]]),
      add: ["node.kubernetes.io/not-ready"],
      remove: [],
    },
    {
      name: "Ready Unknown, with a stale not-ready taint and a user's taint",
      node: nodeWith([["Ready", "Unknown"]], {
        taints: [
          { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
          { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
          { key: "user", effect: "NoSchedule" },
        ],
      }),
      add: ["node.kubernetes.io/unreachable"],
      remove: ["node.kubernetes.io/not-ready"],
    },
    {
      name: "unschedulable",
      node: nodeWith([["Ready", "True"]], { unschedulable: true }),
      add: ["node.kubernetes.io/unschedulable"],
      remove: [],
    },
    {
      name: "healthy, with every condition taint: all removed",
      node: nodeWith(
        [
          ["Ready", "True"],
          ["MemoryPressure", "False"],
        ],
        {
          taints: [
            { key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" },
            { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" },
          ],
        },
      ),
      add: [],
      remove: ["node.kubernetes.io/memory-pressure", "node.kubernetes.io/unschedulable"],
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const d = noScheduleTaintChanges(c.node);
      expect(d.add.map((t) => t.key)).toEqual(c.add);
      expect(d.add.every((t) => t.effect === "NoSchedule")).toBe(true);
      expect(d.remove.map((t) => t.key)).toEqual(c.remove);
    });
  }
});

describe("NoExecute decisions", () => {
  const n = (
    taints: Node["spec"] extends infer S ? (S extends { taints?: infer T } ? T : never) : never,
  ) => ({ metadata: { name: "n" }, spec: { taints } }) as Node;
  it("processTaintBaseEviction", () => {
    expect(taintBasedEvictionAction(n([]), { type: "Ready", status: "False" })).toEqual({
      type: "markForTainting",
      status: "False",
    });
    expect(
      taintBasedEvictionAction(n([UnreachableTaintTemplate]), { type: "Ready", status: "False" }),
    ).toEqual({
      type: "swap",
      add: NotReadyTaintTemplate,
      remove: UnreachableTaintTemplate,
    });
    expect(
      taintBasedEvictionAction(n([NotReadyTaintTemplate]), { type: "Ready", status: "Unknown" }),
    ).toEqual({
      type: "swap",
      add: UnreachableTaintTemplate,
      remove: NotReadyTaintTemplate,
    });
    expect(taintBasedEvictionAction(n([]), { type: "Ready", status: "True" })).toEqual({
      type: "markReachable",
    });
    expect(taintBasedEvictionAction(n([]), { type: "Ready", status: "Maybe" })).toEqual({
      type: "none",
    });
  });
  it("markNodeForTainting forgets the entry when the taint is missing", () => {
    expect(shouldRequeueForTainting(n([]), "Unknown")).toBe(true);
    expect(shouldRequeueForTainting(n([UnreachableTaintTemplate]), "Unknown")).toBe(false);
    expect(shouldRequeueForTainting(n([UnreachableTaintTemplate]), "False")).toBe(true);
  });
  it("doNoExecuteTaintingPass's swap", () => {
    expect(noExecuteTaintSwap({ type: "Ready", status: "False" })).toEqual({
      add: NotReadyTaintTemplate,
      remove: UnreachableTaintTemplate,
    });
    expect(noExecuteTaintSwap({ type: "Ready", status: "True" })).toBeUndefined();
  });
});

describe("MarkPodsNotReady, per pod", () => {
  const pod = (ready?: string): Pod => ({
    metadata: { name: "p" },
    status: {
      phase: "Running",
      conditions: [
        { type: "ContainersReady", status: "True" },
        ...(ready === undefined
          ? []
          : [
              {
                type: "Ready",
                status: ready,
                reason: "r",
                lastTransitionTime: "2024-01-01T00:00:00Z",
              },
            ]),
      ],
    },
  });
  it("Ready True -> False now, reason kept; nothing else changes", () => {
    expect(podNotReadyStatus(pod("True"), 5000)).toEqual({
      phase: "Running",
      conditions: [
        { type: "ContainersReady", status: "True" },
        { type: "Ready", status: "False", reason: "r", lastTransitionTime: rfc3339(5000) },
      ],
    });
  });
  it("no Ready condition, or already False: no write", () => {
    expect(podNotReadyStatus(pod(), 0)).toBeUndefined();
    expect(podNotReadyStatus(pod("False"), 0)).toBeUndefined();
  });
});

describe("reconcileNodeLabels", () => {
  it("copies the stable OS and arch labels to the beta ones", () => {
    expect(nodeLabelsToUpdate({ metadata: { labels: { "kubernetes.io/os": "linux" } } })).toEqual({
      "beta.kubernetes.io/os": "linux",
    });
    expect(
      nodeLabelsToUpdate({
        metadata: { labels: { "kubernetes.io/arch": "amd64", "beta.kubernetes.io/arch": "amd64" } },
      }),
    ).toEqual({});
    expect(nodeLabelsToUpdate({ metadata: { labels: { "beta.kubernetes.io/os": "x" } } })).toEqual(
      {},
    );
    expect(nodeLabelsToUpdate({ metadata: {} })).toEqual({});
  });
});
