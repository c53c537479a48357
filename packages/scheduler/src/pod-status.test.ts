import { describe, expect, it } from "vitest";
import type { PodStatus } from "kubernetes-types/core/v1";
import { statusPatch, updatePodCondition } from "./pod-status.js";

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-01-01T00:01:00Z";
const failed = (message: string) => ({
  type: "PodScheduled",
  status: "False",
  reason: "Unschedulable",
  message,
});

describe("UpdatePodCondition", () => {
  it("adds a missing condition with lastTransitionTime now and lastProbeTime null", () => {
    const r = updatePodCondition({ phase: "Pending" }, failed("m1"), T0);
    expect(r.changed).toBe(true);
    expect(r.status.conditions).toEqual([
      {
        type: "PodScheduled",
        status: "False",
        lastProbeTime: null,
        lastTransitionTime: T0,
        reason: "Unschedulable",
        message: "m1",
      },
    ]);
  });

  it("an identical failure changes nothing; a new message keeps the transition time", () => {
    const s1 = updatePodCondition({}, failed("m1"), T0).status;
    expect(updatePodCondition(s1, failed("m1"), T1).changed).toBe(false);
    const r = updatePodCondition(s1, failed("m2"), T1);
    expect(r.changed).toBe(true);
    expect(r.status.conditions?.[0]?.lastTransitionTime).toBe(T0);
  });

  it("a status flip moves the transition time", () => {
    const s1 = updatePodCondition({}, failed("m1"), T0).status;
    const r = updatePodCondition(s1, { type: "PodScheduled", status: "True" }, T1);
    expect(r.status.conditions?.[0]?.lastTransitionTime).toBe(T1);
  });
});

describe("PatchPodStatus's two-way strategic merge patch", () => {
  it("nothing changed: no patch", () => {
    const s: PodStatus = { phase: "Pending", conditions: [{ type: "A", status: "True" }] };
    expect(statusPatch(s, { ...s })).toBeUndefined();
  });

  it("a first condition: the whole list, keys sorted", () => {
    const next = updatePodCondition({ phase: "Pending" }, failed("m1"), T0).status;
    expect(JSON.stringify(statusPatch({ phase: "Pending" }, next))).toBe(
      `{"status":{"conditions":[{"lastProbeTime":null,"lastTransitionTime":"${T0}","message":"m1","reason":"Unschedulable","status":"False","type":"PodScheduled"}]}}`,
    );
  });

  it("a changed condition: only its changed fields and type, with $setElementOrder", () => {
    const s1: PodStatus = {
      conditions: [
        { type: "Initialized", status: "True" },
        updatePodCondition({}, failed("m1"), T0).status.conditions![0]!,
      ],
    };
    const s2 = updatePodCondition(s1, failed("m2"), T1).status;
    expect(statusPatch(s1, s2)).toEqual({
      status: {
        "$setElementOrder/conditions": [{ type: "Initialized" }, { type: "PodScheduled" }],
        conditions: [{ message: "m2", type: "PodScheduled" }],
      },
    });
  });

  it("nominatedNodeName set, then cleared (null)", () => {
    expect(statusPatch({}, { nominatedNodeName: "node-1" })).toEqual({
      status: { nominatedNodeName: "node-1" },
    });
    expect(statusPatch({ nominatedNodeName: "node-1" }, {})).toEqual({
      status: { nominatedNodeName: null },
    });
  });
});
