/**
 * tryUpdateNodeHealth, decided: tables in the spirit of upstream's
 * TestMonitorNodeHealthUpdateStatus / TestMonitorNodeHealthUpdateNodeAndPodStatusWithLease
 * (node_lifecycle_controller_test.go), in our encoding: times are seconds
 * after T0 on the controller's clock.
 */
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Node, NodeCondition } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { parseTime, rfc3339, rfc3339Micro } from "@kubesim/sim";
import { DefaultNodeLifecycleConfig } from "./config.js";
import { tryUpdateNodeHealth, type NodeHealthData } from "./node-health.js";

const T0 = parseTime("2024-06-01T00:00:00Z")!;
const at = (s: number) => T0 + s * 1000;
const ts = (s: number) => rfc3339(at(s));

function ready(status: string, heartbeat: number, transition = heartbeat): NodeCondition {
  return {
    type: "Ready",
    status,
    reason: "KubeletReady",
    lastHeartbeatTime: ts(heartbeat),
    lastTransitionTime: ts(transition),
  };
}

function node(conditions: NodeCondition[] | undefined, created = -3600): Node {
  return {
    metadata: { name: "node0", creationTimestamp: ts(created) },
    status: conditions === undefined ? {} : { conditions },
  };
}

function lease(renew: number | undefined): Lease {
  return {
    metadata: { name: "node0", namespace: "kube-node-lease" },
    spec: {
      holderIdentity: "node0",
      ...(renew === undefined ? {} : { renewTime: rfc3339Micro(at(renew)) }),
    },
  };
}

const config = DefaultNodeLifecycleConfig;

describe("tryUpdateNodeHealth", () => {
  it("first sight: probe = now; nothing written while within the grace", () => {
    const r = tryUpdateNodeHealth({
      node: node([ready("True", -100)]),
      lease: undefined,
      saved: undefined,
      now: at(0),
      config,
    });
    expect(r.health.probeTimestamp).toBe(at(0));
    expect(r.statusToWrite).toBeUndefined();
    expect(r.gracePeriod).toBe(40_000);
    expect(r.observedReadyCondition.status).toBe("True");
  });

  const cases: {
    name: string;
    node: Node;
    lease?: Lease;
    saved?: NodeHealthData;
    now: number;
    write: boolean;
    probe: number;
  }[] = [
    {
      name: "heartbeat unchanged, 40 s after the probe: still within the grace (not after)",
      node: node([ready("True", 0)]),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", 0)]).status,
        lease: undefined,
      },
      now: 40,
      write: false,
      probe: 0,
    },
    {
      name: "heartbeat unchanged, 40.001 s after the probe: Unknown",
      node: node([ready("True", 0)]),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", 0)]).status,
        lease: undefined,
      },
      now: 40.001,
      write: true,
      probe: 0,
    },
    {
      name: "a new heartbeat refreshes the probe, even an old one (the kubelet's clock is not trusted)",
      node: node([ready("True", -500)]),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", -600)]).status,
        lease: undefined,
      },
      now: 100,
      write: false,
      probe: 100,
    },
    {
      name: "a renewed Lease refreshes the probe",
      node: node([ready("True", 0)]),
      lease: lease(90),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", 0)]).status,
        lease: lease(80),
      },
      now: 100,
      write: false,
      probe: 100,
    },
    {
      name: "a Lease that was not renewed does not",
      node: node([ready("True", 0)]),
      lease: lease(0),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", 0)]).status,
        lease: lease(0),
      },
      now: 100,
      write: true,
      probe: 0,
    },
    {
      name: "a Lease seen for the first time refreshes the probe",
      node: node([ready("True", 0)]),
      lease: lease(0),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", 0)]).status,
        lease: undefined,
      },
      now: 100,
      write: false,
      probe: 100,
    },
    {
      name: "already Unknown: nothing to write",
      node: node([ready("Unknown", 0)]),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("Unknown", 0)]).status,
        lease: undefined,
      },
      now: 100,
      write: false,
      probe: 0,
    },
    {
      name: "a kubelet posting NotReady in time: nothing to write",
      node: node([ready("False", 95)]),
      saved: {
        probeTimestamp: at(90),
        readyTransitionTimestamp: at(0),
        status: node([ready("False", 90)]).status,
        lease: undefined,
      },
      now: 100,
      write: false,
      probe: 100,
    },
    {
      name: "no Ready condition, created 60 s ago: the startup grace is not over",
      node: node(undefined, 0),
      now: 60,
      write: false,
      probe: 0,
    },
    {
      name: "no Ready condition, created 61 s ago: NeverUpdated",
      node: node(undefined, 0),
      now: 61,
      write: true,
      probe: 0,
    },
    {
      // Upstream replaces the saved status before comparing, so its "Ready was removed" branch
      // never runs: the old probe stands, with the startup grace.
      name: "Ready removed since last seen: the old probe and the startup grace; NeverUpdated",
      node: node([]),
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", 0)]).status,
        lease: undefined,
      },
      now: 61,
      write: true,
      probe: 0,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = tryUpdateNodeHealth({
        node: c.node,
        lease: c.lease,
        saved: c.saved,
        now: at(c.now),
        config,
      });
      expect(r.statusToWrite !== undefined).toBe(c.write);
      expect(r.health.probeTimestamp).toBe(at(c.probe));
    });
  }

  it("Unknown: the reasons, the kept heartbeat, the added conditions, NetworkUnavailable untouched", () => {
    const n = node([
      {
        type: "NetworkUnavailable",
        status: "False",
        lastHeartbeatTime: ts(0),
        lastTransitionTime: ts(0),
      },
      ready("True", 0, -10),
      {
        type: "MemoryPressure",
        status: "False",
        lastHeartbeatTime: ts(0),
        lastTransitionTime: ts(-10),
      },
    ]);
    const r = tryUpdateNodeHealth({
      node: n,
      lease: undefined,
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: n.status,
        lease: undefined,
      },
      now: at(45),
      config,
    });
    expect(r.statusToWrite?.conditions).toEqual([
      {
        type: "NetworkUnavailable",
        status: "False",
        lastHeartbeatTime: ts(0),
        lastTransitionTime: ts(0),
      },
      {
        type: "Ready",
        status: "Unknown",
        reason: "NodeStatusUnknown",
        message: "Kubelet stopped posting node status.",
        lastHeartbeatTime: ts(0),
        lastTransitionTime: ts(45),
      },
      {
        type: "MemoryPressure",
        status: "Unknown",
        reason: "NodeStatusUnknown",
        message: "Kubelet stopped posting node status.",
        lastHeartbeatTime: ts(0),
        lastTransitionTime: ts(45),
      },
      {
        type: "DiskPressure",
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: ts(-3600),
        lastTransitionTime: ts(45),
      },
      {
        type: "PIDPressure",
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: ts(-3600),
        lastTransitionTime: ts(45),
      },
    ]);
    expect(r.observedReadyCondition.status).toBe("True");
    expect(r.currentReadyCondition?.status).toBe("Unknown");
    expect(r.healthAfterWrite).toMatchObject({
      probeTimestamp: at(0),
      readyTransitionTimestamp: at(45),
    });
  });

  it("a node that never posted: the observed condition is a fake Unknown dated at creation", () => {
    const r = tryUpdateNodeHealth({
      node: node(undefined, 0),
      lease: undefined,
      saved: undefined,
      now: at(61),
      config,
    });
    expect(r.observedReadyCondition).toEqual({
      type: "Ready",
      status: "Unknown",
      lastHeartbeatTime: ts(0),
      lastTransitionTime: ts(0),
    });
    expect(r.gracePeriod).toBe(60_000);
    expect(r.currentReadyCondition).toMatchObject({
      status: "Unknown",
      reason: "NodeStatusNeverUpdated",
    });
  });

  it("upstream's quirk: after a heartbeat the saved Lease is dropped, so the next pass counts the Lease as new", () => {
    const l = lease(0);
    const first = tryUpdateNodeHealth({
      node: node([ready("True", 10)]),
      lease: l,
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(0),
        status: node([ready("True", 0)]).status,
        lease: l,
      },
      now: at(10),
      config,
    });
    expect(first.health.lease).toBeUndefined();
    const second = tryUpdateNodeHealth({
      node: node([ready("True", 10)]),
      lease: l,
      saved: first.health,
      now: at(15),
      config,
    });
    expect(second.health.probeTimestamp).toBe(at(15));
    expect(second.health.lease).toBe(l);
  });

  it("a transition of the kubelet's Ready condition moves readyTransitionTimestamp to now", () => {
    const r = tryUpdateNodeHealth({
      node: node([ready("False", 10, 10)]),
      lease: undefined,
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(-50),
        status: node([ready("True", 0, -50)]).status,
        lease: undefined,
      },
      now: at(12),
      config,
    });
    expect(r.health.readyTransitionTimestamp).toBe(at(12));
    const same = tryUpdateNodeHealth({
      node: node([ready("True", 10, -50)]),
      lease: undefined,
      saved: {
        probeTimestamp: at(0),
        readyTransitionTimestamp: at(-50),
        status: node([ready("True", 0, -50)]).status,
        lease: undefined,
      },
      now: at(12),
      config,
    });
    expect(same.health.readyTransitionTimestamp).toBe(at(-50));
  });
});
