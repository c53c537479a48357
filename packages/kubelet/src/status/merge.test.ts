import { describe, expect, it } from "vitest";
import type { PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { isPodStatusByKubeletEqual, mergePodStatus } from "./merge.js";

const cond = (type: string, status: string, extra: Partial<PodCondition> = {}): PodCondition => ({
  type,
  status,
  lastTransitionTime: "2024-01-01T00:00:00Z",
  ...extra,
});

const base: PodStatus = {
  phase: "Running",
  podIP: "10.244.0.2",
  conditions: [cond("Ready", "True"), cond("ContainersReady", "True")],
};

describe("isPodStatusByKubeletEqual", () => {
  it("ignores transition times and conditions the kubelet does not own", () => {
    const other: PodStatus = {
      ...base,
      conditions: [
        cond("Ready", "True", { lastTransitionTime: "2024-01-01T00:05:00Z" }),
        cond("ContainersReady", "True"),
        cond("example.com/gate", "False"),
      ],
    };
    expect(isPodStatusByKubeletEqual(other, base)).toBe(true);
  });

  it("sees a kubelet condition's status, reason or message change, and any other field", () => {
    const ready = (extra: Partial<PodCondition>): PodStatus => ({
      ...base,
      conditions: [cond("Ready", "True", extra), cond("ContainersReady", "True")],
    });
    expect(isPodStatusByKubeletEqual(ready({ status: "False" }), base)).toBe(false);
    expect(isPodStatusByKubeletEqual(ready({ reason: "PodCompleted" }), base)).toBe(false);
    expect(isPodStatusByKubeletEqual(ready({ message: "x" }), base)).toBe(false);
    expect(isPodStatusByKubeletEqual({ ...base, podIP: "10.244.0.3" }, base)).toBe(false);
    expect(isPodStatusByKubeletEqual({ ...base, conditions: [] }, base)).toBe(false);
    expect(isPodStatusByKubeletEqual(undefined, base)).toBe(false);
  });
});

describe("mergePodStatus", () => {
  it("keeps the API server's conditions the kubelet does not own, and qosClass", () => {
    const current: PodStatus = {
      phase: "Running",
      qosClass: "BestEffort",
      nominatedNodeName: "node-2",
      conditions: [cond("Ready", "False"), cond("DisruptionTarget", "True")],
    };
    const merged = mergePodStatus(current, { ...base, qosClass: "Burstable" });
    // Upstream's order: the others as the API server has them, then the kubelet's.
    expect(merged.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      "DisruptionTarget=True",
      "Ready=True",
      "ContainersReady=True",
    ]);
    expect(merged.qosClass).toBe("BestEffort");
    expect(merged.nominatedNodeName).toBe("node-2");
    expect(merged.podIP).toBe("10.244.0.2");
  });
});
