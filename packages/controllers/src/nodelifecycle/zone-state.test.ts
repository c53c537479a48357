/**
 * Zones and disruption: ComputeZoneState's thresholds, GetZoneKey, and
 * handleDisruption's transitions (node_lifecycle_controller_test.go
 * TestMonitorNodeHealthEvictPodsWithDisruption, in our encoding).
 */
import type { NodeCondition } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { DefaultNodeLifecycleConfig } from "./config.js";
import {
  computeZoneState,
  getZoneKey,
  limiterQPSFor,
  planDisruption,
  type ZoneState,
} from "./zone-state.js";

const c = (status: string): NodeCondition => ({ type: "Ready", status });
const conds = (ready: number, notReady: number) => [
  ...Array.from({ length: ready }, () => c("True")),
  ...Array.from({ length: notReady }, () => c("Unknown")),
];

describe("computeZoneState", () => {
  const table: [ready: number, notReady: number, state: ZoneState][] = [
    [0, 1, "FullDisruption"],
    [0, 10, "FullDisruption"],
    [1, 0, "Normal"],
    [1, 2, "Normal"], // not more than 2 not ready
    [0, 0, "Normal"],
    [2, 3, "PartialDisruption"], // 3/5 = 60 %
    [3, 3, "Normal"], // 50 %
    [27, 33, "PartialDisruption"], // 55 %
    [28, 33, "Normal"], // 54.1 %
  ];
  for (const [r, n, s] of table) {
    it(`${r} ready, ${n} not ready -> ${s}`, () => {
      expect(computeZoneState(conds(r, n), 0.55)).toEqual([n, s]);
    });
  }
  it("a node without a Ready condition counts as not ready", () => {
    expect(computeZoneState([undefined, c("True")], 0.55)).toEqual([1, "Normal"]);
    expect(computeZoneState([undefined], 0.55)).toEqual([1, "FullDisruption"]);
  });
});

describe("getZoneKey", () => {
  it("region and zone, beta labels first; empty without either", () => {
    expect(getZoneKey({ metadata: {} })).toBe("");
    expect(getZoneKey({ metadata: { labels: { "topology.kubernetes.io/zone": "z" } } })).toBe(
      ":\u0000:z",
    );
    expect(
      getZoneKey({
        metadata: {
          labels: {
            "topology.kubernetes.io/zone": "z",
            "topology.kubernetes.io/region": "r",
            "failure-domain.beta.kubernetes.io/zone": "old",
          },
        },
      }),
    ).toBe("r:\u0000:old");
  });
});

describe("limiterQPSFor", () => {
  const cfg = DefaultNodeLifecycleConfig;
  it("normal 0.1; partial: 0.01 above 50 nodes, else 0; full 0.1", () => {
    expect(limiterQPSFor("Normal", 3, cfg)).toBe(0.1);
    expect(limiterQPSFor("PartialDisruption", 50, cfg)).toBe(0);
    expect(limiterQPSFor("PartialDisruption", 51, cfg)).toBe(0.01);
    expect(limiterQPSFor("FullDisruption", 3, cfg)).toBe(0.1);
    expect(limiterQPSFor("Initial", 3, cfg)).toBeUndefined();
  });
});

describe("planDisruption (handleDisruption)", () => {
  const config = DefaultNodeLifecycleConfig;
  const m = <T>(o: Record<string, T>) => new Map(Object.entries(o));

  it("the first pass moves zones from Initial to their state and sets their rates", () => {
    const p = planDisruption({
      zoneToNodeConditions: m({ a: conds(3, 0), b: conds(1, 3) }),
      zoneStates: m<ZoneState>({ a: "Initial", b: "Initial" }),
      config,
    });
    expect(Object.fromEntries(p.zoneStates)).toEqual({ a: "Normal", b: "PartialDisruption" });
    expect(Object.fromEntries(p.limiters)).toEqual({ a: 0.1, b: 0 });
    expect(p.markAllReachable).toBe(false);
  });

  it("every zone fully disrupted: all rates 0, NoExecute taints removed everywhere", () => {
    const p = planDisruption({
      zoneToNodeConditions: m({ a: conds(0, 2), b: conds(0, 1) }),
      zoneStates: m<ZoneState>({ a: "Normal", b: "Normal" }),
      config,
    });
    expect(p.transition).toBe("entering");
    expect(p.markAllReachable).toBe(true);
    expect(Object.fromEntries(p.limiters)).toEqual({ a: 0, b: 0 });
    expect(Object.fromEntries(p.zoneStates)).toEqual({ a: "FullDisruption", b: "FullDisruption" });
    // Staying there changes nothing.
    const again = planDisruption({
      zoneToNodeConditions: m({ a: conds(0, 2), b: conds(0, 1) }),
      zoneStates: p.zoneStates,
      config,
    });
    expect(again.limiters.size).toBe(0);
    expect(again.markAllReachable).toBe(false);
  });

  it("leaving full disruption resets the probe timestamps and the rates of every zone", () => {
    const p = planDisruption({
      zoneToNodeConditions: m({ a: conds(1, 1), b: conds(0, 1) }),
      zoneStates: m<ZoneState>({ a: "FullDisruption", b: "FullDisruption" }),
      config,
    });
    expect(p.transition).toBe("exiting");
    expect(p.resetProbeTimestamps).toBe(true);
    expect(Object.fromEntries(p.limiters)).toEqual({ a: 0.1, b: 0.1 });
    expect(Object.fromEntries(p.zoneStates)).toEqual({ a: "Normal", b: "FullDisruption" });
  });

  it("one zone fully disrupted while another is healthy keeps the normal rate there", () => {
    const p = planDisruption({
      zoneToNodeConditions: m({ a: conds(2, 0), b: conds(0, 2) }),
      zoneStates: m<ZoneState>({ a: "Normal", b: "Normal" }),
      config,
    });
    expect(Object.fromEntries(p.limiters)).toEqual({ b: 0.1 });
    expect(Object.fromEntries(p.zoneStates)).toEqual({ a: "Normal", b: "FullDisruption" });
  });

  it("a zone with no counted node left is forgotten", () => {
    const p = planDisruption({
      zoneToNodeConditions: m({ a: conds(2, 0) }),
      zoneStates: m<ZoneState>({ a: "Normal", gone: "Normal" }),
      config,
    });
    expect([...p.zoneStates.keys()]).toEqual(["a"]);
  });
});
