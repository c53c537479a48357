import { describe, expect, it } from "vitest";
import { REFLECTOR_BACKOFF } from "@kubesim/runtime";
import { Cluster } from "./cluster.js";
import { web } from "./testdata/workloads.js";

const small = { nodes: 2, dns: false, ingress: false } as const;

function podNames(c: Cluster): string[] {
  return c
    .list("Pod", { namespace: "default", labelSelector: "app=web" })
    .filter((p) => p.metadata?.deletionTimestamp == null)
    .map((p) => p.metadata!.name!)
    .sort();
}

function writesSince(c: Cluster, seq: number, kind: string): unknown[] {
  return c.trace
    .entries()
    .filter((e) => e.seq > seq && e.type === "write" && (e.data as { kind?: string }).kind === kind)
    .map((e) => e.data);
}

describe("faults.restartController", () => {
  it("a new kube-controller-manager relists into empty caches, changes nothing that is right, and carries on", () => {
    const c = Cluster.create(small);
    c.create("Deployment", web("web", { replicas: 3 }));
    c.runUntil({ rollout: "web" });
    c.advance("1m");
    const pods = podNames(c);
    const rs = c.list("ReplicaSet", { namespace: "default" }).map((r) => r.metadata?.name);
    const watches = c.connections.watchCount;
    const mark = c.trace.length;

    c.faults.restartController();
    expect(c.connections.watchCount).toBeLessThan(watches); // the old process's watches are gone
    c.settle();
    expect(c.connections.watchCount).toBe(watches); // the new one listed and watches again
    c.advance("5m");
    expect(podNames(c)).toEqual(pods);
    expect(c.list("ReplicaSet", { namespace: "default" }).map((r) => r.metadata?.name)).toEqual(rs);
    expect(writesSince(c, mark, "Pod")).toEqual([]);
    expect(writesSince(c, mark, "ReplicaSet")).toEqual([]);

    // the new process acts on what comes next
    c.patch("Deployment", "web", { spec: { replicas: 5 } });
    c.runUntil({ rollout: "web" }, { timeout: "1m" });
    expect(podNames(c)).toHaveLength(5);
    expect(
      c.trace
        .entries()
        .filter((e) => e.type === "fault")
        .map((e) => e.data),
    ).toEqual([{ fault: "restartController", process: "kube-controller-manager" }]);
  });

  it("a restart in the middle of a rolling update still finishes it", () => {
    const c = Cluster.create({
      ...small,
      imageCatalogue: 'images: { "slow:2": { start: 10s } }',
    });
    c.create("Deployment", web("web", { replicas: 4, readinessProbe: true }));
    c.runUntil({ rollout: "web" });
    c.patch("Deployment", "web", {
      spec: { template: { spec: { containers: [{ name: "web", image: "slow:2" }] } } },
    });
    c.advance("5s");
    c.faults.restartController();
    c.runUntil({ rollout: "web" }, { timeout: "5m" });
    const images = c
      .list("Pod", { namespace: "default" })
      .filter((p) => p.metadata?.deletionTimestamp == null)
      .map((p) => p.spec?.containers[0]?.image);
    expect(images).toEqual(["slow:2", "slow:2", "slow:2", "slow:2"]);
    expect(c.list("ReplicaSet", { namespace: "default" })).toHaveLength(2);
  });

  it("a new kube-scheduler schedules the pods that waited while it restarted", () => {
    const c = Cluster.create(small);
    c.faults.restartController("kube-scheduler");
    c.create("Deployment", web("web", { replicas: 2 }));
    c.runUntil({ rollout: "web" }, { timeout: "1m" });
    expect(podNames(c)).toHaveLength(2);
    expect(c.events({ reason: "Scheduled" })).toHaveLength(2);
  });

  it("refuses a process the cluster does not run", () => {
    const c = Cluster.create({ ...small, controllers: false });
    expect(() => c.faults.restartController()).toThrow(
      "kube-controller-manager is not running in this cluster",
    );
  });
});

describe("faults.dropWatches", () => {
  it("every watch ends; each informer relists after its back-off and misses nothing", () => {
    const c = Cluster.create(small);
    c.create("Deployment", web("web", { replicas: 2 }));
    c.runUntil({ rollout: "web" });
    const watches = c.connections.watchCount;
    expect(c.apiserver.watchCount).toBe(watches);

    expect(c.faults.dropWatches()).toBe(watches);
    expect(c.apiserver.watchCount).toBe(0);
    // a change made while nobody watches
    c.patch("Deployment", "web", { spec: { replicas: 4 } });
    c.advance(REFLECTOR_BACKOFF.initial - 1);
    expect(c.get("Deployment", "web").status?.observedGeneration).toBe(1);
    expect(c.connections.watchCount).toBe(0);
    // the relists: every informer lists again and watches from there
    c.advance(1);
    expect(c.apiserver.watchCount).toBe(watches);
    c.runUntil({ rollout: "web" }, { timeout: "10s" });
    expect(podNames(c)).toHaveLength(4);
    expect(
      c.trace
        .entries()
        .filter((e) => e.type === "fault")
        .map((e) => e.data),
    ).toEqual([{ fault: "dropWatches", watches }]);
  });
});

describe("faults.slowApiServer", () => {
  it("every hop of a scale-up waits for the watch latency; healed, it is instant again", () => {
    const c = Cluster.create(small);
    c.create("Deployment", web("web", { replicas: 1 }));
    c.runUntil({ rollout: "web" });

    const slow = c.faults.slowApiServer("2s");
    c.patch("Deployment", "web", { spec: { replicas: 3 } });
    // deployment -> RS scale -> pod creates -> scheduling -> kubelet -> pod status -> RS and
    // deployment status: each a watch delivery, each 2 s late
    const took = c.runUntil({ rollout: "web" }, { timeout: "1m" });
    expect(took).toBeGreaterThanOrEqual(5 * 2000);
    expect(took % 2000).toBe(0);

    slow.heal();
    expect(slow.healed).toBe(true);
    c.advance("5s");
    c.patch("Deployment", "web", { spec: { replicas: 5 } });
    expect(c.runUntil({ rollout: "web" })).toBe(0);
    expect(
      c.trace
        .entries()
        .filter((e) => e.type === "fault")
        .map((e) => e.data),
    ).toEqual([{ fault: "slowApiServer", latencyMs: 2000 }, { fault: "restoreApiServer" }]);
  });

  it("with jitter, the watches fall out of step, the rollout still completes, and healing clears both", () => {
    const c = Cluster.create({ ...small, seed: 4 });
    c.create("Deployment", web("web", { replicas: 1 }));
    c.runUntil({ rollout: "web" });
    const slow = c.faults.slowApiServer("200ms", { jitter: "1s" });
    expect(c.connections.watchLatency).toBe(200);
    expect(c.connections.watchJitter).toBe(1000);
    c.patch("Deployment", "web", { spec: { replicas: 4 } });
    const took = c.runUntil({ rollout: "web" }, { timeout: "1m" });
    // delays of 200-1200 ms, drawn per event: no longer whole multiples of the latency
    expect(took).toBeGreaterThan(5 * 200);
    expect(took % 200).not.toBe(0);
    // the ReplicaSet controller's expectations held: exactly the 4 pods asked for
    expect(podNames(c)).toHaveLength(4);
    slow.heal();
    expect(c.connections.watchLatency).toBe(0);
    expect(c.connections.watchJitter).toBe(0);
    expect(
      c.trace
        .entries()
        .filter((e) => e.type === "fault")
        .map((e) => e.data),
    ).toEqual([
      { fault: "slowApiServer", latencyMs: 200, jitterMs: 1000 },
      { fault: "restoreApiServer" },
    ]);
    expect(() => c.faults.slowApiServer("1s", { jitter: -1 })).toThrow(
      "jitter must not be negative",
    );
  });

  it("heals by itself after `for`", () => {
    const c = Cluster.create(small);
    const slow = c.faults.slowApiServer(500, { for: "1m" });
    expect(c.connections.watchLatency).toBe(500);
    c.advance("59s");
    expect(slow.healed).toBe(false);
    c.advance("1s");
    expect(slow.healed).toBe(true);
    expect(c.connections.watchLatency).toBe(0);
  });

  it("the same faults on the same seed give the same trace", () => {
    const run = (): string => {
      const c = Cluster.create({ seed: 3, dns: false, ingress: false });
      c.create("Deployment", web("web", { replicas: 4 }));
      c.faults.slowApiServer("1s", { for: "30s" });
      c.advance("20s");
      c.faults.dropWatches();
      c.faults.partitionNode("node-2", { for: "2m" });
      c.advance("1m");
      c.faults.restartController();
      c.advance("3m");
      return c.trace.hash();
    };
    expect(run()).toBe(run());
  });
});
