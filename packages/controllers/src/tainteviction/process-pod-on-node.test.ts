/**
 * processPodOnNode's decisions (taint_eviction.go), as a table.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  decidePodOnNode,
  type PodOnNodeDecision,
  type ScheduledEviction,
} from "./process-pod-on-node.js";

const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
const tol = (seconds?: number): Toleration => ({
  key: "node.kubernetes.io/unreachable",
  operator: "Exists",
  effect: "NoExecute",
  ...(seconds === undefined ? {} : { tolerationSeconds: seconds }),
});

describe("decidePodOnNode", () => {
  const now = 1_000_000;
  const table: [
    string,
    Taint[],
    Toleration[] | undefined,
    ScheduledEviction | undefined,
    PodOnNodeDecision,
  ][] = [
    ["no taints: cancel", [], [tol(300)], undefined, { type: "cancel" }],
    [
      "not tolerated: cancel and evict now",
      [unreachable],
      [],
      undefined,
      { type: "schedule", cancelFirst: true, createdAt: now, fireAt: now },
    ],
    ["tolerated forever: cancel", [unreachable], [tol()], undefined, { type: "cancel" }],
    [
      "tolerated 300 s: evict at now + 300 s",
      [unreachable],
      [tol(300)],
      undefined,
      { type: "schedule", cancelFirst: false, createdAt: now, fireAt: now + 300_000 },
    ],
    [
      "an eviction scheduled earlier stays (even if the tolerations changed)",
      [unreachable],
      [tol(10)],
      { createdAt: now - 5000, fireAt: now + 295_000 },
      { type: "keep" },
    ],
    [
      "an eviction scheduled at this instant is replaced, keeping its createdAt",
      [unreachable],
      [tol(10)],
      { createdAt: now, fireAt: now + 300_000 },
      { type: "schedule", cancelFirst: true, createdAt: now, fireAt: now + 10_000 },
    ],
  ];
  for (const [name, taints, tolerations, scheduled, want] of table) {
    it(name, () => expect(decidePodOnNode(taints, tolerations, now, scheduled)).toEqual(want));
  }
});
