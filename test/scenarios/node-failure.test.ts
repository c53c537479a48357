/**
 * A node stops (a power cut): the node lifecycle controller marks it Ready
 * Unknown after the grace period (40 s, v1.31) at its next 5 s monitor pass,
 * taints it node.kubernetes.io/unreachable:NoExecute, the taint eviction
 * controller deletes its pods when their default 300 s toleration runs out,
 * and the ReplicaSet replaces them on the healthy nodes. When the node comes
 * back it is untainted and its kubelet finishes the old pods' deletion.
 *
 * A node cut off from the API server for a minute (a partition past the grace
 * period, shorter than the toleration) goes the same way until the heal; then
 * its kubelet posts Ready=True and puts its pods' Ready=True back over the
 * node controller's Ready=False (the status manager's periodic reconcile).
 */
import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";

const NS = "default";
const web: Deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: NS },
  spec: {
    replicas: 6,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
    },
  },
};

const podsOn = (c: Cluster, node: string): Pod[] =>
  c.apiserver.list("Pod", { namespace: NS }).items.filter((p) => p.spec?.nodeName === node);
const ms = (t: string | undefined): number => Date.parse(t ?? "");

describe("node failure", () => {
  it("a stopped node's pods are replaced on other nodes after the eviction timeout", () => {
    const c = Cluster.create({ seed: 11 });
    c.apiserver.create("Deployment", web);
    c.loop.runUntil(() => c.apiserver.get("Deployment", NS, "web").status?.readyReplicas === 6, {
      timeout: "1m",
    });
    const victims = podsOn(c, "node-2").map((p) => p.metadata!.name!);
    expect(victims.length).toBeGreaterThan(0);
    const lastRenew = ms(c.apiserver.get("Lease", "kube-node-lease", "node-2").spec?.renewTime);
    c.nodes.stop("node-2");
    const stoppedAt = c.loop.now();

    // Ready goes Unknown once the grace period has passed, at a 5 s monitor pass
    c.loop.runUntil(
      () =>
        c.apiserver
          .get("Node", undefined, "node-2")
          .status?.conditions?.find((x) => x.type === "Ready")?.status === "Unknown",
      { timeout: "2m" },
    );
    const unknownAt = c.loop.now();
    expect(unknownAt - lastRenew).toBeGreaterThan(40_000);
    expect(unknownAt - lastRenew).toBeLessThanOrEqual(45_000);
    const ready = c.apiserver
      .get("Node", undefined, "node-2")
      .status!.conditions!.find((x) => x.type === "Ready")!;
    expect(ready).toMatchObject({
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
    });
    // The pass that writes Unknown decides taints on the condition it observed (still True);
    // the next pass, 5 s later, queues the NoExecute taint, added by the 100 ms tainting loop.
    const noExecute = () =>
      (c.apiserver.get("Node", undefined, "node-2").spec?.taints ?? []).some(
        (t) => t.effect === "NoExecute",
      );
    c.loop.runUntil(noExecute, { timeout: "1m" });
    expect(c.loop.now() - unknownAt).toBeGreaterThanOrEqual(5_000);
    expect(c.loop.now() - unknownAt).toBeLessThanOrEqual(5_200);
    const taints = c.apiserver.get("Node", undefined, "node-2").spec?.taints ?? [];
    expect(taints.map((t) => `${t.key}:${t.effect}`)).toEqual(
      expect.arrayContaining([
        "node.kubernetes.io/unreachable:NoExecute",
        "node.kubernetes.io/unreachable:NoSchedule",
      ]),
    );
    const tainted = ms(taints.find((t) => t.effect === "NoExecute")!.timeAdded);
    // the pods on it are marked NotReady (endpoints drop them) but stay until their toleration ends
    expect(
      podsOn(c, "node-2").every(
        (p) => p.status?.conditions?.find((x) => x.type === "Ready")?.status === "False",
      ),
    ).toBe(true);

    c.loop.runUntil(() => podsOn(c, "node-2").every((p) => p.metadata?.deletionTimestamp != null), {
      timeout: "10m",
    });
    const evictedAt = c.loop.now();
    expect(evictedAt - tainted).toBeGreaterThanOrEqual(300_000);
    expect(evictedAt - tainted).toBeLessThan(301_000);
    // about 5m50s in all: 40-45 s to Unknown, 5 s to the taint, 300 s of toleration
    expect(evictedAt - stoppedAt).toBeLessThan(351_000);

    // replacements run on the other nodes; the old pods sit in Terminating (nobody confirms)
    c.loop.runUntil(() => c.apiserver.get("Deployment", NS, "web").status?.readyReplicas === 6, {
      timeout: "1m",
    });
    const live = c.apiserver
      .list("Pod", { namespace: NS })
      .items.filter((p) => p.metadata?.deletionTimestamp == null);
    expect(live).toHaveLength(6);
    expect(live.every((p) => p.spec?.nodeName !== "node-2")).toBe(true);
    expect(podsOn(c, "node-2").map((p) => p.metadata!.name)).toEqual(victims);

    // the node comes back: untainted, and its kubelet finishes the deletions
    c.nodes.start("node-2");
    c.loop.advance("1m");
    expect(c.apiserver.get("Node", undefined, "node-2").spec?.taints ?? []).toEqual([]);
    expect(podsOn(c, "node-2")).toEqual([]);
  });

  it("after a one-minute partition the node and its pods are Ready again within 10 s of the heal", () => {
    const c = Cluster.create({ seed: 12 });
    c.apiserver.create("Deployment", web);
    c.loop.runUntil(() => c.apiserver.get("Deployment", NS, "web").status?.readyReplicas === 6, {
      timeout: "1m",
    });
    const cut = podsOn(c, "node-2").map((p) => p.metadata!.uid!);
    expect(cut.length).toBeGreaterThan(0);
    const nodeReady = () =>
      c.apiserver
        .get("Node", undefined, "node-2")
        .status?.conditions?.find((x) => x.type === "Ready")?.status;
    const podsReady = () =>
      podsOn(c, "node-2").map(
        (p) => p.status?.conditions?.find((x) => x.type === "Ready")?.status ?? "",
      );
    c.faults.partitionNode("node-2");
    c.loop.advance("60s");
    expect(nodeReady()).toBe("Unknown");
    expect(new Set(podsReady())).toEqual(new Set(["False"]));
    expect(c.apiserver.get("Deployment", NS, "web").status?.readyReplicas).toBe(6 - cut.length);

    c.faults.healPartition("node-2");
    const healedAt = c.loop.now();
    c.loop.runUntil(() => nodeReady() === "True" && podsReady().every((s) => s === "True"), {
      timeout: "1m",
    });
    expect(c.loop.now() - healedAt).toBeLessThanOrEqual(10_000);
    // the same pods, not replacements: the partition ended before their toleration did
    expect(podsOn(c, "node-2").map((p) => p.metadata!.uid)).toEqual(cut);
    c.loop.runUntil(() => c.apiserver.get("Deployment", NS, "web").status?.readyReplicas === 6, {
      timeout: "1m",
    });
    // the node controller's next 5 s monitor pass sees Ready=True and lifts its taints
    c.loop.runUntil(
      () => (c.apiserver.get("Node", undefined, "node-2").spec?.taints ?? []).length === 0,
      { timeout: "10s" },
    );
    expect(c.loop.now() - healedAt).toBeLessThanOrEqual(20_000);
  });
});
