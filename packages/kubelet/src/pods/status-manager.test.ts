/**
 * The status manager against an API server the node loses for a while: what
 * the kubelet failed to write is written after the heal, what others wrote
 * over its status (the node controller's Ready=False) is put back within the
 * 10 s sync period, and what it does not own is left alone.
 */
import { describe, expect, it } from "vitest";
import type { PodCondition } from "kubernetes-types/core/v1";
import { web, World } from "../testdata/world.js";
import { STATUS_SYNC_PERIOD } from "./status-manager.js";

const behavior = (yaml: string) => ({ "kubesim.io/behavior": yaml });

const readyCondition = (w: World, name: string): PodCondition | undefined =>
  w.pod(name).status?.conditions?.find((c) => c.type === "Ready");

/** A web pod that turns Ready at 20 s (readiness probe every 5 s from 5 s). */
function warmPod(w: World, name = "warm"): void {
  w.run({
    name,
    containers: [
      web({
        readinessProbe: {
          httpGet: { path: "/ready", port: 80 },
          initialDelaySeconds: 5,
          periodSeconds: 5,
        },
      }),
    ],
    annotations: behavior("ready: { after: 20s }"),
  });
}

/** What the node lifecycle controller's MarkPodsNotReady writes: Ready=False. */
function markNotReady(w: World, name: string): void {
  const pod = w.pod(name);
  const now = new Date(w.loop.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const conditions = (pod.status?.conditions ?? []).map((c) =>
    c.type === "Ready" ? { ...c, status: "False", lastTransitionTime: now } : c,
  );
  w.api.update("Pod", { ...pod, status: { ...pod.status, conditions } }, { subresource: "status" });
}

describe("kubelet status manager: retries and reconciliation", () => {
  it("a readiness change during a partition is written after the heal, within the sync period", () => {
    const w = new World();
    warmPod(w);
    w.at(10);
    expect(w.ready("warm")).toBe(false);
    w.link.partition();
    w.at(33);
    // Ready on the node at 20 s; the write failed, so the API server still says False.
    expect(w.ready("warm")).toBe(false);
    w.link.heal();
    w.at(33 + STATUS_SYNC_PERIOD / 1000);
    expect(w.ready("warm")).toBe(true);
    // the kubelet's cached status, with the time it became Ready on the node
    expect(Date.parse(readyCondition(w, "warm")!.lastTransitionTime!) - w.t0).toBe(20_000);
    expect(w.pod("warm").status?.containerStatuses?.[0]?.ready).toBe(true);
  });

  it("after a partition past the 40 s grace period, the node controller's Ready=False is undone", () => {
    const w = new World();
    warmPod(w);
    w.at(30);
    expect(w.ready("warm")).toBe(true);
    const readySince = readyCondition(w, "warm")!.lastTransitionTime;
    w.link.partition();
    // the node controller finds the node silent past its grace period and marks its pods NotReady
    w.at(75);
    markNotReady(w, "warm");
    w.at(100);
    expect(w.ready("warm")).toBe(false);
    w.link.heal();
    w.at(100.5);
    // the kubelet's informer now has the node controller's write; nothing on the node changed
    expect(w.ready("warm")).toBe(false);
    w.at(100 + STATUS_SYNC_PERIOD / 1000);
    expect(w.ready("warm")).toBe(true);
    expect(readyCondition(w, "warm")!.lastTransitionTime).toBe(readySince);
    // and it stays so: one write, no fight
    const rv = w.pod("warm").metadata?.resourceVersion;
    w.at(160);
    expect(w.pod("warm").metadata?.resourceVersion).toBe(rv);
  });

  it("without a partition, another writer's Ready=False is put back at the next periodic sync", () => {
    const w = new World();
    warmPod(w);
    w.at(30);
    markNotReady(w, "warm");
    w.at(30.5);
    expect(w.ready("warm")).toBe(false);
    w.at(30 + STATUS_SYNC_PERIOD / 1000);
    expect(w.ready("warm")).toBe(true);
  });

  it("leaves alone what it does not own: another component's condition is kept, no rewrite", () => {
    const w = new World();
    warmPod(w);
    w.at(30);
    const pod = w.pod("warm");
    const gate: PodCondition = {
      type: "example.com/load-balancer-ready",
      status: "True",
      lastTransitionTime: "2024-01-01T00:00:00Z",
    };
    w.api.update(
      "Pod",
      { ...pod, status: { ...pod.status, conditions: [...pod.status!.conditions!, gate] } },
      { subresource: "status" },
    );
    const rv = w.pod("warm").metadata?.resourceVersion;
    w.at(90);
    expect(w.pod("warm").metadata?.resourceVersion).toBe(rv);
    expect(w.pod("warm").status?.conditions?.find((c) => c.type === gate.type)).toMatchObject(gate);
    expect(w.ready("warm")).toBe(true);
  });

  it("a pod that finished terminating during a partition is deleted after the heal", () => {
    const w = new World();
    w.run({
      name: "hook",
      containers: [web({ lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 5"] } } } })],
    });
    w.at(10);
    w.api.delete("Pod", "default", "hook"); // grace 30 s: the API server's own expiry is at 40 s
    w.at(11);
    w.link.partition();
    // preStop ends at 15 s and the container stops: the terminal status and the deletion fail
    w.at(19);
    expect(w.exists("hook")).toBe(true);
    expect(w.pod("hook").status?.phase).toBe("Running");
    w.link.heal();
    w.at(19 + STATUS_SYNC_PERIOD / 1000);
    expect(w.exists("hook")).toBe(false);
  });

  it("node status: the node controller's Ready=Unknown is replaced by Ready=True after the heal", () => {
    const w = new World();
    w.at(5);
    w.link.partition();
    w.at(50);
    const node = w.api.get("Node", undefined, "node-1");
    const conditions = (node.status?.conditions ?? []).map((c) =>
      c.type === "Ready"
        ? {
            ...c,
            status: "Unknown",
            reason: "NodeStatusUnknown",
            message: "Kubelet stopped posting node status.",
          }
        : c,
    );
    w.api.update(
      "Node",
      { ...node, status: { ...node.status, conditions } },
      { subresource: "status" },
    );
    w.at(80);
    const ready = () =>
      w.api.get("Node", undefined, "node-1").status?.conditions?.find((c) => c.type === "Ready");
    expect(ready()?.status).toBe("Unknown");
    w.link.heal();
    w.at(90);
    expect(ready()).toMatchObject({ status: "True", reason: "KubeletReady" });
    const lease = w.api.get("Lease", "kube-node-lease", "node-1");
    expect(Date.parse(lease.spec!.renewTime!) - w.t0).toBeGreaterThanOrEqual(80_000);
  });
});
