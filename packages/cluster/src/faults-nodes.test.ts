import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { Cluster } from "./cluster.js";
import { web } from "./testdata/workloads.js";

const three = { nodes: 3, dns: false, ingress: false } as const;

function live(c: Cluster): Pod[] {
  return c
    .list("Pod", { namespace: "default", labelSelector: "app=web" })
    .filter((p) => p.metadata?.deletionTimestamp == null);
}

function taintsOf(c: Cluster, node: string): string[] {
  return (c.get("Node", node).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
}

/** A 3-replica Deployment spread over the nodes; returns the node of its first pod. */
function deployed(c: Cluster): { node: string; pod: string } {
  c.create("Deployment", web("web", { replicas: 3 }));
  c.runUntil({ rollout: "web" });
  const p = live(c)[0]!;
  return { node: p.spec!.nodeName!, pod: p.metadata!.name! };
}

describe("faults.stopNode / startNode", () => {
  it("a stopped node goes NotReady, its pods are evicted after their toleration, and it comes back when started", () => {
    const c = Cluster.create(three);
    const { node, pod } = deployed(c);
    const t0 = c.now();
    c.faults.stopNode(node);
    expect(c.kubelet(node).isRunning).toBe(false);

    // node-monitor-grace-period (40 s) without a heartbeat, seen at the next 5 s monitor tick
    c.runUntil({ node, status: "Unknown" });
    expect(c.now() - t0).toBe(45_000);
    const ready = c.get("Node", node).status?.conditions?.find((x) => x.type === "Ready");
    expect(ready?.reason).toBe("NodeStatusUnknown");
    expect(ready?.message).toBe("Kubelet stopped posting node status.");
    c.advance("10s");
    expect(taintsOf(c, node)).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule",
      "node.kubernetes.io/unreachable:NoExecute",
    ]);

    // tolerationSeconds 300 (DefaultTolerationSeconds), then the taint eviction controller deletes
    c.runUntil(() => c.get("Pod", pod).metadata?.deletionTimestamp != null, { timeout: "10m" });
    const evictedAfter = c.now() - t0;
    expect(evictedAfter).toBeGreaterThanOrEqual(300_000);
    expect(evictedAfter).toBeLessThan(360_000);
    expect(c.events({ name: pod, reason: "TaintManagerEviction" })[0]?.message).toBe(
      `Marking for deletion Pod default/${pod}`,
    );
    c.runUntil(() => live(c).filter((p) => p.status?.phase === "Running").length === 3);
    expect(live(c).every((p) => p.spec?.nodeName !== node)).toBe(true);

    c.faults.startNode(node);
    c.runUntil({ node, status: "True" });
    c.runUntil(() => taintsOf(c, node).length === 0, { timeout: "1m" });
    expect(
      c.trace
        .entries()
        .filter((e) => e.type === "fault")
        .map((e) => e.data),
    ).toEqual([
      { fault: "stopNode", node },
      { fault: "startNode", node },
    ]);
  });
});

describe("faults.partitionNode", () => {
  it("partition -> NotReady -> pods evicted after the toleration, still serving until then -> heal", () => {
    const c = Cluster.create(three);
    const { node, pod } = deployed(c);
    const podIP = c.get("Pod", pod).status!.podIP!;
    const t0 = c.now();
    const partition = c.faults.partitionNode(node);

    // the kubelet runs on: its pod still answers on the pod network
    c.advance("30s");
    expect(c.kubelet(node).isRunning).toBe(true);
    expect(
      c.network.http(podIP, 80, { method: "GET", path: "/", headers: {}, source: "172.18.0.2" })
        .kind,
    ).toBe("answered");

    // heartbeats fail: NotReady after the grace period, then the unreachable taints
    c.runUntil({ node, status: "Unknown" });
    expect(c.now() - t0).toBe(45_000);
    c.runUntil(() => taintsOf(c, node).includes("node.kubernetes.io/unreachable:NoExecute"));

    // the pods tolerate unreachable for 300 s; then they are evicted and replaced elsewhere
    expect(c.get("Pod", pod).metadata?.deletionTimestamp).toBeUndefined();
    c.runUntil(() => c.get("Pod", pod).metadata?.deletionTimestamp != null, { timeout: "10m" });
    expect(c.now() - t0).toBeGreaterThanOrEqual(300_000);
    c.runUntil(() => live(c).filter((p) => p.status?.phase === "Running").length === 3);
    expect(live(c).every((p) => p.spec?.nodeName !== node)).toBe(true);
    // the kubelet never heard of the eviction: the container still runs there
    expect(
      c
        .kubelet(node)
        .usage()
        .map((u) => u.pod),
    ).toContain(pod);

    // heal: the kubelet posts Ready, the taints go, and it stops what the API no longer has
    partition.heal();
    expect(partition.healed).toBe(true);
    c.runUntil({ node, status: "True" }, { timeout: "1m" });
    c.runUntil(() => taintsOf(c, node).length === 0, { timeout: "1m" });
    c.runUntil(() => c.kubelet(node).usage().length === 0, { timeout: "2m" });
    c.runUntil({ deleted: "Pod", name: pod }, { timeout: "2m" });
    expect(
      c.trace
        .entries()
        .filter((e) => e.type === "fault")
        .map((e) => e.data),
    ).toEqual([
      { fault: "partitionNode", node },
      { fault: "healPartition", node },
    ]);
  });

  it("a partition shorter than the grace period goes unnoticed: the node stays Ready", () => {
    const c = Cluster.create(three);
    const { node } = deployed(c);
    c.faults.partitionNode(node, { for: "25s" });
    c.advance("2m");
    const ready = c.get("Node", node).status?.conditions?.find((x) => x.type === "Ready");
    expect(ready?.status).toBe("True");
    expect(taintsOf(c, node)).toEqual([]);
    expect(live(c)).toHaveLength(3);
    // the kubelet's watch survived and caught up: a pod bound to it after the heal runs there
    c.patch("Deployment", "web", { spec: { replicas: 6 } });
    c.runUntil({ rollout: "web" }, { timeout: "1m" });
    expect(live(c).filter((p) => p.spec?.nodeName === node)).toHaveLength(2);
  });

  it("the kubelet's writes fail while partitioned: a pod bound to it stays Pending until the heal", () => {
    const c = Cluster.create({ nodes: 1, dns: false, ingress: false });
    c.faults.partitionNode("node-1", { for: "20s" });
    c.create("Pod", {
      metadata: { name: "late" },
      spec: { containers: [{ name: "c", image: "nginx:1.25" }] },
    });
    c.advance("10s");
    expect(c.get("Pod", "late").spec?.nodeName).toBe("node-1");
    expect(c.get("Pod", "late").status?.phase).toBe("Pending");
    const took = c.runUntil({ pod: "late", phase: "Running" }, { timeout: "1m" });
    expect(took).toBeGreaterThanOrEqual(10_000);
  });

  it("a crash-looping pod whose environment reads a ConfigMap keeps restarting from the kubelet's cache while partitioned", () => {
    const c = Cluster.create({ nodes: 1, dns: false, ingress: false });
    c.create("ConfigMap", { metadata: { name: "cfg" }, data: { MODE: "loop" } });
    c.create("Pod", {
      metadata: {
        name: "looper",
        annotations: { "kubesim.io/behavior": "exit: { after: 2s, code: 1 }" },
      },
      spec: {
        containers: [
          {
            name: "c",
            image: "busybox:1.36",
            env: [{ name: "MODE", valueFrom: { configMapKeyRef: { name: "cfg", key: "MODE" } } }],
          },
        ],
      },
    });
    c.runUntil({ pod: "looper", phase: "Running" }, { timeout: "1m" });
    c.faults.partitionNode("node-1", { for: "2m" });
    // Restarts happen during the partition; none of them may throw out of the loop.
    expect(() => c.advance("3m")).not.toThrow();
    const status = c.get("Pod", "looper").status?.containerStatuses?.[0];
    expect(status?.restartCount ?? 0).toBeGreaterThanOrEqual(3);
  });

  it("refuses to partition a node twice or to start a partitioned node", () => {
    const c = Cluster.create({ nodes: 1, dns: false, ingress: false });
    c.faults.partitionNode("node-1");
    expect(() => c.faults.partitionNode("node-1")).toThrow('node "node-1" is already partitioned');
    c.faults.stopNode("node-1");
    expect(() => c.faults.startNode("node-1")).toThrow(
      'node "node-1" is partitioned from the API server: heal the partition before starting it',
    );
    c.faults.healPartition("node-1");
    c.faults.startNode("node-1");
    expect(c.kubelet("node-1").isRunning).toBe(true);
  });
});
