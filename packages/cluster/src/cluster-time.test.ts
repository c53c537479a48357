import { describe, expect, it } from "vitest";
import { DEFAULT_EPOCH } from "@kubesim/sim";
import { Cluster } from "./cluster.js";
import { CATALOGUE, web } from "./testdata/workloads.js";
import type { RolloutFailedError, WaitTimeoutError } from "./wait.js";
import { isRolloutFailedError, isWaitTimeoutError } from "./wait.js";

const small = { nodes: 1, dns: false, ingress: false, imageCatalogue: CATALOGUE } as const;

describe("Cluster: virtual time", () => {
  it("advance lets time pass and runs what falls due in it", () => {
    const c = Cluster.create(small);
    expect(c.now()).toBe(DEFAULT_EPOCH);
    const renewed = () =>
      c.get("Lease", "node-1", { namespace: "kube-node-lease" }).spec?.renewTime;
    expect(renewed()).toBe("2024-01-01T00:00:00.000000Z");
    c.advance("30s");
    expect(c.now()).toBe(DEFAULT_EPOCH + 30_000);
    expect(renewed()).toBe("2024-01-01T00:00:30.000000Z");
    c.advance(1500);
    expect(c.now()).toBe(DEFAULT_EPOCH + 31_500);
  });

  it("settle runs everything due now, and only now", () => {
    const c = Cluster.create(small);
    c.create("Deployment", web("web", { replicas: 2 }));
    expect(c.list("Pod", { namespace: "default" })).toHaveLength(0);
    c.settle();
    expect(c.now()).toBe(DEFAULT_EPOCH);
    // the default image starts at once: the whole rollout happens at this instant
    const pods = c.list("Pod", { namespace: "default" });
    expect(pods.map((p) => p.status?.phase)).toEqual(["Running", "Running"]);
    expect(c.get("Deployment", "web").status?.availableReplicas).toBe(2);
  });

  it("runUntil waits for a Deployment condition and returns the virtual time it took", () => {
    const c = Cluster.create({ ...small, imageCatalogue: 'images: { "slow:1": { start: 20s } }' });
    c.create("Deployment", web("web", { replicas: 1, image: "slow:1", readinessProbe: true }));
    const took = c.runUntil({ deployment: "web", condition: "Available" }, { timeout: "1m" });
    expect(took).toBeGreaterThanOrEqual(20_000);
    expect(took).toBeLessThan(25_000);
    expect(c.now()).toBe(DEFAULT_EPOCH + took);
    expect(
      c.get("Deployment", "web").status?.conditions?.find((x) => x.type === "Available")?.status,
    ).toBe("True");
  });

  it("runUntil waits for a rollout as kubectl rollout status does", () => {
    const c = Cluster.create(small);
    c.create("Deployment", web("web", { replicas: 3 }));
    c.runUntil({ rollout: "web" });
    c.patch("Deployment", "web", {
      spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.26" }] } } },
    });
    c.runUntil({ rollout: "web" });
    const d = c.get("Deployment", "web");
    expect(d.status?.updatedReplicas).toBe(3);
    expect(d.status?.replicas).toBe(3);
    expect(
      c
        .list("Pod", { namespace: "default" })
        .filter((p) => p.metadata?.deletionTimestamp == null)
        .map((p) => p.spec?.containers[0]?.image),
    ).toEqual(["nginx:1.26", "nginx:1.26", "nginx:1.26"]);
  });

  it("runUntil waits for a pod's phase, its readiness, a node's condition, a deletion, or a predicate", () => {
    const c = Cluster.create(small);
    c.create("Pod", {
      metadata: { name: "one" },
      spec: { containers: [{ name: "c", image: "nginx:1.25" }] },
    });
    c.runUntil({ pod: "one", phase: "Running" });
    c.runUntil({ pod: "one", ready: true });
    c.runUntil({ node: "node-1", status: "True" });
    c.delete("Pod", "one");
    const gone = c.runUntil({ deleted: "Pod", name: "one" });
    expect(gone).toBeLessThanOrEqual(30_000);
    c.faults.stopNode("node-1");
    const notReady = c.runUntil({ node: "node-1", condition: "Ready", status: "Unknown" });
    expect(notReady).toBeGreaterThan(40_000);
    const at = c.now() + 5000;
    expect(c.runUntil(() => c.now() >= at)).toBe(5000);
  });

  it("a timeout names what it waited for and what it last saw, and leaves the clock at the deadline", () => {
    const c = Cluster.create(small);
    c.create(
      "Deployment",
      web("web", { replicas: 1, image: "never-ready:1", readinessProbe: true }),
    );
    const start = c.now();
    let err: unknown;
    try {
      c.runUntil({ deployment: "web", condition: "Available" }, { timeout: "2m" });
    } catch (e) {
      err = e;
    }
    expect(isWaitTimeoutError(err)).toBe(true);
    expect((err as WaitTimeoutError).message).toBe(
      'timed out after 2m0s waiting for deployment "web" condition Available=True' +
        " (last seen: Available=False MinimumReplicasUnavailable: Deployment does not have minimum availability.)",
    );
    expect(c.now()).toBe(start + 120_000);
    expect(() => c.runUntil({ pod: "nope", phase: "Running" }, { timeout: "1s" })).toThrow(
      'timed out after 1s waiting for pod "nope" phase Running (last seen: pods "nope" not found)',
    );
    const never = (): boolean => false;
    expect(() => c.runUntil(never, { timeout: 10 })).toThrow(
      "timed out after 10ms waiting for predicate never",
    );
  });

  it("a rollout past its progress deadline fails as kubectl rollout status fails", () => {
    const c = Cluster.create(small);
    c.create(
      "Deployment",
      web("web", {
        replicas: 1,
        image: "never-ready:1",
        readinessProbe: true,
        progressDeadlineSeconds: 30,
      }),
    );
    let err: unknown;
    try {
      c.runUntil({ rollout: "web" });
    } catch (e) {
      err = e;
    }
    expect(isRolloutFailedError(err)).toBe(true);
    expect((err as RolloutFailedError).message).toBe(
      'deployment "web" exceeded its progress deadline',
    );
    expect(c.now() - DEFAULT_EPOCH).toBeGreaterThanOrEqual(30_000);
    expect(c.now() - DEFAULT_EPOCH).toBeLessThan(60_000);
  });
});
