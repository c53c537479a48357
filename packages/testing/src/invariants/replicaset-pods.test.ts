import { Cluster, type ClusterOptions } from "kubesim";
import { describe, expect, it } from "vitest";
import { forgetExpectations } from "../testdata/forget-expectations.js";
import { checkReplicaSetStatus, isPodActive, ReplicaSetPodsBound } from "./replicaset-pods.js";
import type { Violation } from "./violation.js";

const deployment = (replicas: number, grace = 1) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        terminationGracePeriodSeconds: grace,
        containers: [{ name: "app", image: "app:v1" }],
      },
    },
  },
});

function cluster(options: ClusterOptions = {}): Cluster {
  return Cluster.create({
    seed: 1,
    dns: false,
    ingress: false,
    loadBalancers: false,
    images: { images: { "app:v1": { ready: { after: "1s" }, stopAfterSigterm: "never" } } },
    ...options,
  });
}

/** Runs `ms` of virtual time, checking the bound after every task; returns its violations. */
function run(c: Cluster, bound: ReplicaSetPodsBound, ms: number, seen: Violation[]): void {
  c.loop.runUntil(
    () => {
      seen.push(...bound.check());
      return false;
    },
    { timeout: ms },
  );
}

/** Scaled 2 -> 5 while watch events run 2 s late, a pod deleted a second later. */
function lateCacheScenario(options: ClusterOptions): Violation[] {
  const c = cluster(options);
  const bound = new ReplicaSetPodsBound(c);
  const seen: Violation[] = [];
  c.apply([deployment(2)]);
  run(c, bound, 20_000, seen);
  c.faults.slowApiServer("2s", { for: "1m" });
  c.patch("Deployment", "web", { spec: { replicas: 5 } });
  run(c, bound, 1000, seen);
  c.faults.deletePod(c.list("Pod")[0]!.metadata!.name!);
  run(c, bound, 60_000, seen);
  return seen;
}

describe("ReplicaSetPodsBound", () => {
  it("catches a ReplicaSet controller without expectations creating pods twice from a late cache", () => {
    const seen = lateCacheScenario({ replicaSetExpectations: forgetExpectations });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.invariant).toBe("replicaSetPods");
    expect(seen[0]!.message).toMatch(/has 6 active pods, more than the 5 it asked for/);
  });

  it("holds for the real controller in the same scenario: its expectations wait for the late pods", () => {
    expect(lateCacheScenario({})).toEqual([]);
  });

  it("counts only active pods: scaled down then up again, terminating pods do not count", () => {
    const c = cluster();
    const bound = new ReplicaSetPodsBound(c);
    const seen: Violation[] = [];
    c.apply([deployment(3, 30)]);
    run(c, bound, 20_000, seen);
    c.patch("Deployment", "web", { spec: { replicas: 1 } });
    run(c, bound, 1000, seen);
    c.patch("Deployment", "web", { spec: { replicas: 3 } });
    let most = 0;
    c.loop.runUntil(
      () => {
        seen.push(...bound.check());
        most = Math.max(most, c.list("Pod").length);
        return false;
      },
      { timeout: 10_000 },
    );
    expect(most).toBe(5); // 2 terminating (30 s grace) and 3 active: more than 3 pods, never more than 3 active
    expect(c.list("Pod").filter(isPodActive)).toHaveLength(3);
    expect(seen).toEqual([]);
  });

  it("allows the larger size for the window after a scale-down, then only the new one", () => {
    const c = cluster({ controllers: false });
    const bound = new ReplicaSetPodsBound(c, { windowMs: 5000 });
    const rs = c.create("ReplicaSet", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "rs", namespace: "default" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "rs" } },
        template: {
          metadata: { labels: { app: "rs" } },
          spec: { containers: [{ name: "a", image: "app:v1" }] },
        },
      },
    });
    const owner = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "rs",
      uid: rs.metadata!.uid!,
      controller: true,
    };
    for (const name of ["p1", "p2"])
      c.create("Pod", {
        metadata: { name, namespace: "default", labels: { app: "rs" }, ownerReferences: [owner] },
        spec: { containers: [{ name: "a", image: "app:v1" }] },
      });
    expect(bound.check()).toEqual([]);
    c.patch("ReplicaSet", "rs", { spec: { replicas: 1 } });
    expect(bound.check()).toEqual([]); // 2 active, 2 asked for within the window
    c.loop.advance(5001);
    const v = bound.check();
    expect(v.map((x) => x.invariant)).toEqual(["replicaSetPods"]);
    expect(v[0]!.message).toContain("has 2 active pods, more than the 1 it asked for");
  });
});

describe("checkReplicaSetStatus", () => {
  it("is empty once settled, and names a ReplicaSet whose status does not count its pods", () => {
    const c = cluster();
    c.apply([deployment(2)]);
    c.advance("1m");
    expect(checkReplicaSetStatus(c, "default")).toEqual([]);
    const rs = c.list("ReplicaSet")[0]!;
    c.apiserver.update(
      "ReplicaSet",
      { ...rs, status: { ...rs.status!, readyReplicas: 1 } },
      { subresource: "status" },
    );
    const v = checkReplicaSetStatus(c, "default");
    expect(v.map((x) => x.invariant)).toEqual(["replicaSetStatus"]);
    expect(v[0]!.message).toContain('"readyReplicas":1}, its pods say');
  });
});
