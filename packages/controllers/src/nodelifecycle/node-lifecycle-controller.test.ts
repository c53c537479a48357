/**
 * The node lifecycle controller on the real in-memory apiserver, on a sim
 * loop. There is no kubelet: the tests register Nodes, post heartbeats and
 * renew Leases through the API (testdata/world.ts).
 */
import { describe, expect, it } from "vitest";
import { conflict } from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import { NodeLifecycleController } from "./node-lifecycle-controller.js";
import type { NodeLifecycleConfig } from "./config.js";
import { ApiServer } from "@kubesim/apiserver";
import { worldFactory, type World } from "./testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));

function start(w: World, config: Partial<NodeLifecycleConfig> = {}): NodeLifecycleController {
  const c = new NodeLifecycleController({
    client: w.client,
    informers: w.informers,
    loop: w.loop,
    recorder: w.broadcaster.newRecorder({ component: "node-controller" }),
    config,
  });
  c.start();
  w.loop.settle();
  return c;
}

const sec = (w: World, s: number) => w.t0 + s * 1000;

describe("node lifecycle controller: registration and health", () => {
  it("records RegisteredNode for each new node, in the controller's words", () => {
    const w = world();
    w.addNode("node-1");
    start(w);
    expect(w.messages("RegisteredNode")).toEqual([
      "Normal RegisteredNode Node node-1 event: Registered Node node-1 in Controller",
    ]);
    const e = w.events("RegisteredNode")[0]!;
    expect(e.source).toEqual({ component: "node-controller" });
    expect(e.involvedObject).toMatchObject({ kind: "Node", name: "node-1", apiVersion: "v1" });
    // A node added later is registered at the next pass (5 s period).
    w.loop.advance("2s");
    w.addNode("node-2");
    w.loop.advance("2999ms");
    expect(w.events("RegisteredNode")).toHaveLength(1);
    w.loop.advance("1ms");
    expect(w.events("RegisteredNode")).toHaveLength(2);
  });

  it("a node whose kubelet falls silent goes Unknown at the first pass after 40 s, with upstream's reasons", () => {
    const w = world();
    w.addNode("node-1", {
      extraConditions: [
        {
          type: "MemoryPressure",
          status: "False",
          reason: "KubeletHasSufficientMemory",
          lastHeartbeatTime: rfc3339(w.loop.now()),
          lastTransitionTime: rfc3339(w.loop.now()),
        },
        {
          type: "NetworkUnavailable",
          status: "False",
          reason: "RouteCreated",
          lastHeartbeatTime: rfc3339(w.loop.now()),
          lastTransitionTime: rfc3339(w.loop.now()),
        },
      ],
    });
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    start(w);
    const heartbeat = w.ready("node-1")!.lastHeartbeatTime;
    w.loop.runUntil(() => w.ready("node-1")?.status === "Unknown", { timeout: "2m" });
    // Passes at 0, 5, ..., 40 see nothing new; at 45 s, 45 > 0 + 40.
    expect(w.since()).toBe(45);
    const conditions = w.node("node-1").status!.conditions!;
    const at = rfc3339(w.loop.now());
    expect(conditions).toEqual([
      {
        type: "MemoryPressure",
        status: "Unknown",
        reason: "NodeStatusUnknown",
        message: "Kubelet stopped posting node status.",
        lastHeartbeatTime: heartbeat,
        lastTransitionTime: at,
      },
      {
        type: "NetworkUnavailable",
        status: "False",
        reason: "RouteCreated",
        lastHeartbeatTime: heartbeat,
        lastTransitionTime: heartbeat,
      },
      {
        type: "Ready",
        status: "Unknown",
        reason: "NodeStatusUnknown",
        message: "Kubelet stopped posting node status.",
        lastHeartbeatTime: heartbeat,
        lastTransitionTime: at,
      },
      {
        type: "DiskPressure",
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: w.node("node-1").metadata?.creationTimestamp,
        lastTransitionTime: at,
      },
      {
        type: "PIDPressure",
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: w.node("node-1").metadata?.creationTimestamp,
        lastTransitionTime: at,
      },
    ]);
    expect(w.messages("NodeNotReady")).toEqual([
      "Normal NodeNotReady Node node-1 status is now: NodeNotReady",
    ]);
    expect(w.ready("node-2")?.status).toBe("True");
  });

  it("NoSchedule unreachable at once, NoExecute unreachable one pass later (+100 ms tick), timeAdded set", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    start(w);
    w.loop.runUntil(() => w.ready("node-1")?.status === "Unknown", { timeout: "2m" });
    w.loop.settle();
    expect(w.taints("node-1")).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);
    // The Ready condition this pass *observed* was True; the next pass (50 s) queues the node,
    // and the tainting pass after it (50.1 s) taints it.
    w.loop.runUntil(() => w.taints("node-1").length === 2, { timeout: "1m" });
    expect(w.since()).toBe(50.1);
    const noExecute = w.node("node-1").spec!.taints!.find((t) => t.effect === "NoExecute")!;
    expect(noExecute).toEqual({
      key: "node.kubernetes.io/unreachable",
      effect: "NoExecute",
      timeAdded: rfc3339(w.loop.now()),
    });
    expect(w.taints("node-2")).toEqual([]);
  });

  it("the Lease alone keeps a node alive; a stale Lease does not", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    w.keepAlive(["node-1", "node-2"], sec(w, 120));
    start(w);
    w.loop.advance("119s");
    expect(w.ready("node-1")?.status).toBe("True");
    // The last renewal is at 120 s; the pass at 120 s ran before it, so the pass at 125 s sees
    // it: the probe time is the controller's clock (125 s), and 170 > 125 + 40 is the first pass after.
    w.loop.runUntil(() => w.ready("node-1")?.status === "Unknown", { timeout: "2m" });
    expect(w.since()).toBe(170);
  });

  it("heartbeats, then recovery: Ready again removes every taint the controller set", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    start(w);
    w.loop.runUntil(() => w.taints("node-1").length === 2, { timeout: "2m" });
    w.heartbeat("node-1", "True");
    w.renewLease("node-1");
    w.loop.advance("5s");
    expect(w.ready("node-1")?.status).toBe("True");
    expect(w.taints("node-1")).toEqual([]);
  });

  it("a node that never posted Ready gets NodeStatusNeverUpdated after the 60 s startup grace", () => {
    const w = world();
    w.addNode("node-1", { ready: undefined });
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    start(w);
    w.loop.runUntil(() => w.ready("node-1") !== undefined, { timeout: "2m" });
    expect(w.since()).toBe(65);
    expect(w.ready("node-1")).toMatchObject({
      status: "Unknown",
      reason: "NodeStatusNeverUpdated",
      message: "Kubelet never posted node status.",
    });
    // Never Ready: no NodeNotReady event (the observed condition was not True).
    expect(w.events("NodeNotReady")).toEqual([]);
  });

  it("nodeMonitorGracePeriod is configurable (v1.32's 50 s)", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    start(w, { nodeMonitorGracePeriod: 50_000 });
    w.loop.runUntil(() => w.ready("node-1")?.status === "Unknown", { timeout: "2m" });
    expect(w.since()).toBe(55);
  });
});

describe("node lifecycle controller: failures", () => {
  it("a conflicting status write is retried at once with the node read afresh", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    let refused = 0;
    const client = w.client.withInterceptors({
      update: (next, kind, obj, o) => {
        if (kind === "Node" && o?.subresource === "status" && refused === 0) {
          refused++;
          throw conflict({ group: "", resource: "nodes" }, obj.metadata?.name ?? "", "stale");
        }
        return next.update(kind, obj, o);
      },
    });
    new NodeLifecycleController({
      client,
      informers: w.informers,
      loop: w.loop,
      recorder: w.broadcaster.newRecorder({ component: "node-controller" }),
    }).start();
    w.loop.runUntil(() => w.ready("node-1")?.status === "Unknown", { timeout: "2m" });
    expect(refused).toBe(1);
    expect(w.since()).toBe(45);
    expect(w.messages("NodeNotReady")).toEqual([
      "Normal NodeNotReady Node node-1 status is now: NodeNotReady",
    ]);
  });
});

describe("node lifecycle controller: pods on a node that is not ready", () => {
  it("marks each pod Ready=False (ContainersReady untouched) with a Warning NodeNotReady", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    w.addPod("a", "node-1");
    w.addPod("b", "node-2");
    start(w);
    w.loop.runUntil(() => w.ready("node-1")?.status === "Unknown", { timeout: "2m" });
    const a = w.pod("a");
    expect(a.status?.phase).toBe("Running");
    expect(a.status?.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      lastTransitionTime: rfc3339(w.loop.now()),
    });
    expect(a.status?.conditions?.find((c) => c.type === "ContainersReady")?.status).toBe("True");
    expect(w.pod("b").status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(w.messages("NodeNotReady").filter((m) => m.startsWith("Warning"))).toEqual([
      "Warning NodeNotReady Node is not ready",
    ]);
    expect(
      w.events("NodeNotReady").find((e) => e.type === "Warning")?.involvedObject,
    ).toMatchObject({ kind: "Pod", name: "a" });
  });

  it("a pod bound later to a node that is not ready is marked at once", () => {
    const w = world();
    w.addNode("node-1", { ready: "False" });
    w.addNode("node-2");
    w.keepAlive(["node-1", "node-2"], sec(w, 600));
    start(w);
    w.loop.advance("1s");
    w.addPod("late", "node-1");
    w.loop.settle();
    expect(w.pod("late").status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("False");
  });
});

describe("node lifecycle controller: taints from conditions", () => {
  it("kubelet-posted NotReady: not-ready NoSchedule, then not-ready NoExecute; pressure and unschedulable", () => {
    const w = world();
    const now = rfc3339(w.loop.now());
    w.addNode("node-1", {
      ready: "False",
      unschedulable: true,
      taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }],
      extraConditions: [
        { type: "MemoryPressure", status: "True", lastHeartbeatTime: now, lastTransitionTime: now },
        { type: "DiskPressure", status: "True", lastHeartbeatTime: now, lastTransitionTime: now },
        { type: "PIDPressure", status: "True", lastHeartbeatTime: now, lastTransitionTime: now },
        {
          type: "NetworkUnavailable",
          status: "True",
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
    });
    w.addNode("node-2");
    w.keepAlive(["node-1", "node-2"], sec(w, 600));
    start(w);
    w.loop.advance("1s");
    expect(w.taints("node-1")).toEqual([
      "dedicated:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/network-unavailable:NoSchedule",
      "node.kubernetes.io/not-ready:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
      "node.kubernetes.io/not-ready:NoExecute",
    ]);
    // Ready again and schedulable: only the user's taint and what still holds stay.
    const n = w.node("node-1");
    w.api.update("Node", { ...n, spec: { ...n.spec, unschedulable: false } });
    w.heartbeat("node-1", "True");
    w.loop.advance("5s");
    expect(w.taints("node-1")).toEqual([
      "dedicated:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/network-unavailable:NoSchedule",
    ]);
  });

  it("reconciles the beta OS and arch labels", () => {
    const w = world();
    w.addNode("node-1", {
      labels: {
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/arch": "arm64",
      },
    });
    start(w);
    expect(w.node("node-1").metadata?.labels).toMatchObject({
      "beta.kubernetes.io/os": "linux",
      "beta.kubernetes.io/arch": "amd64",
    });
  });

  it("swaps NoExecute taints directly when Ready changes between False and Unknown", () => {
    const w = world();
    w.addNode("node-1", { ready: "False" });
    w.addNode("node-2");
    w.keepAlive(["node-2"], sec(w, 600));
    start(w);
    w.loop.advance("1s");
    expect(w.taints("node-1")).toContain("node.kubernetes.io/not-ready:NoExecute");
    // The kubelet stays silent: Unknown after 40 s, and the next pass swaps at once.
    w.loop.runUntil(() => w.taints("node-1").includes("node.kubernetes.io/unreachable:NoExecute"), {
      timeout: "2m",
    });
    expect(w.since()).toBe(50);
    expect(w.taints("node-1")).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule",
      "node.kubernetes.io/unreachable:NoExecute",
    ]);
  });
});

describe("node lifecycle controller: zones and rate limits", () => {
  it("when every node is down, Ready goes Unknown but no NoExecute taint is added", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    start(w);
    w.loop.advance("3m");
    expect(w.ready("node-1")?.status).toBe("Unknown");
    expect(w.ready("node-2")?.status).toBe("Unknown");
    expect(w.taints("node-1")).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);
    expect(w.taints("node-2")).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);
  });

  it("taints at most one node per 10 s in a zone (0.1 nodes/s, burst 1)", () => {
    const w = world();
    for (let i = 1; i <= 10; i++) w.addNode(`node-${i}`);
    // 3 of 10 die: 30 % is below 55 %, the zone stays normal.
    w.keepAlive(
      ["node-4", "node-5", "node-6", "node-7", "node-8", "node-9", "node-10"],
      sec(w, 600),
    );
    start(w);
    const tainted = new Map<string, number>();
    w.loop.runUntil(
      () => {
        for (const n of ["node-1", "node-2", "node-3"]) {
          if (!tainted.has(n) && w.taints(n).includes("node.kubernetes.io/unreachable:NoExecute"))
            tainted.set(n, w.since());
        }
        return tainted.size === 3;
      },
      { timeout: "3m" },
    );
    expect([...tainted.values()].sort((a, b) => a - b)).toEqual([50.1, 60.1, 70.1]);
  });

  it("a partially disrupted small zone stops tainting (>= 55 % of more than 2 nodes not ready)", () => {
    const w = world();
    for (let i = 1; i <= 5; i++) w.addNode(`node-${i}`);
    w.keepAlive(["node-4", "node-5"], sec(w, 600));
    start(w);
    w.loop.advance("3m");
    for (const n of ["node-1", "node-2", "node-3"]) {
      expect(w.ready(n)?.status).toBe("Unknown");
      expect(w.taints(n)).toEqual(["node.kubernetes.io/unreachable:NoSchedule"]);
    }
  });

  it("zones are separate: a dead zone of its own is fully disrupted, but taints go on", () => {
    const w = world();
    const zone = (z: string) => ({
      "topology.kubernetes.io/region": "r",
      "topology.kubernetes.io/zone": z,
    });
    w.addNode("a-1", { labels: zone("a") });
    w.addNode("b-1", { labels: zone("b") });
    w.keepAlive(["b-1"], sec(w, 600));
    start(w);
    w.loop.advance("2m");
    expect(w.taints("a-1")).toContain("node.kubernetes.io/unreachable:NoExecute");
    expect(w.taints("b-1")).toEqual([]);
  });
});
