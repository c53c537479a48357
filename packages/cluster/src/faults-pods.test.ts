import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { Cluster } from "./cluster.js";
import { web, webService } from "./testdata/workloads.js";

const small = { nodes: 1, dns: false, ingress: false } as const;

function podsOf(c: Cluster, app = "web"): Pod[] {
  return [...c.list("Pod", { namespace: "default", labelSelector: `app=${app}` })];
}

function faultsIn(c: Cluster): unknown[] {
  return c.trace
    .entries()
    .filter((e) => e.type === "fault")
    .map((e) => e.data);
}

describe("faults.killContainer", () => {
  it("the container exits with 137 and the kubelet restarts it, backing off on the next crash", () => {
    const c = Cluster.create(small);
    c.create("Deployment", web("web", { replicas: 1, readinessProbe: true }));
    c.create("Service", webService("web"));
    c.runUntil({ rollout: "web" });
    c.advance("5s");
    const name = podsOf(c)[0]!.metadata!.name!;

    c.faults.killContainer(name);
    c.settle();
    let status = c.get("Pod", name).status!.containerStatuses![0]!;
    expect(status.restartCount).toBe(1);
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(status.state?.running).toBeDefined();

    // a second exit within the back-off window: CrashLoopBackOff for 10 s, out of the endpoints
    c.advance("2s");
    c.faults.killContainer(name, { oom: true });
    c.advance("1s");
    status = c.get("Pod", name).status!.containerStatuses![0]!;
    expect(status.state?.waiting?.reason).toBe("CrashLoopBackOff");
    expect(status.state?.waiting?.message).toMatch(/^back-off 10s restarting failed container=web/);
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    const endpoints = c.get("Endpoints", "web");
    expect(endpoints.subsets?.[0]?.addresses ?? []).toHaveLength(0);
    expect(endpoints.subsets?.[0]?.notReadyAddresses).toHaveLength(1);
    const node = c.get("Pod", name).spec!.nodeName!;
    expect(c.kubelet(node).logs("default", name, "web", { previous: true })).toMatch(/Killed\n$/);

    c.runUntil({ pod: name, ready: true }, { timeout: "30s" });
    status = c.get("Pod", name).status!.containerStatuses![0]!;
    expect(status.restartCount).toBe(2);
    expect(c.events({ name, reason: "BackOff" })).toHaveLength(1);
    expect(faultsIn(c)).toEqual([
      {
        fault: "killContainer",
        namespace: "default",
        pod: name,
        container: "web",
        node,
        reason: "Error",
      },
      {
        fault: "killContainer",
        namespace: "default",
        pod: name,
        container: "web",
        node,
        reason: "OOMKilled",
      },
    ]);
  });

  it("a pod that never restarts fails for good", () => {
    const c = Cluster.create(small);
    c.create("Pod", {
      metadata: { name: "once" },
      spec: { restartPolicy: "Never", containers: [{ name: "c", image: "nginx:1.25" }] },
    });
    c.runUntil({ pod: "once", phase: "Running" });
    c.faults.killContainer("once", { container: "c" });
    c.runUntil({ pod: "once", phase: "Failed" }, { timeout: "10s" });
    expect(c.get("Pod", "once").status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(
      137,
    );
  });

  it("refuses clearly what it cannot kill", () => {
    const c = Cluster.create({ ...small, scheduler: false });
    expect(() => c.faults.killContainer("nope")).toThrow('pods "nope" not found');
    c.create("Pod", { metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "x" }] } });
    expect(() => c.faults.killContainer("p")).toThrow(
      'pod "p" is not scheduled to a node: no container to kill',
    );
  });
});

describe("faults.deletePod", () => {
  it("the pod terminates gracefully and its ReplicaSet replaces it", () => {
    const c = Cluster.create({ nodes: 2, dns: false, ingress: false });
    c.create("Deployment", web("web", { replicas: 2 }));
    c.runUntil({ rollout: "web" });
    const before = podsOf(c).map((p) => p.metadata!.name!);
    const victim = before[0]!;
    c.faults.deletePod(victim);
    expect(c.get("Pod", victim).metadata?.deletionTimestamp).toBeDefined();
    c.runUntil({ deleted: "Pod", name: victim });
    c.runUntil({ rollout: "web" });
    const after = podsOf(c).map((p) => p.metadata!.name!);
    expect(after).toHaveLength(2);
    expect(after).toContain(before[1]);
    expect(after).not.toContain(victim);
    expect(c.events({ name: victim, reason: "Killing" })[0]?.message).toBe(
      "Stopping container web",
    );
    expect(c.events({ kind: "ReplicaSet", reason: "SuccessfulCreate" })).toHaveLength(3);
    expect(faultsIn(c)).toEqual([{ fault: "deletePod", namespace: "default", pod: victim }]);
  });
});
