import { describe, expect, it } from "vitest";
import { ControllerExpectations } from "@kubesim/controllers";
import type { WatcherStepHook } from "@kubesim/runtime";
import { Cluster, type ClusterOptions } from "./cluster.js";

const web = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
    },
  },
};

function traceHash(options: ClusterOptions): string {
  const c = Cluster.create({ seed: 3, dns: false, ingress: false, ...options });
  c.apply([web]);
  c.advance("30s");
  c.faults.dropWatches();
  c.patch("Deployment", "web", { spec: { replicas: 3 } });
  c.advance("1m");
  return c.trace.hash();
}

describe("ClusterOptions.replicaSetExpectations", () => {
  it("makes fresh expectations for the first kube-controller-manager and each restarted one, and they are used", () => {
    const made: ControllerExpectations[] = [];
    const c = Cluster.create({
      seed: 1,
      dns: false,
      ingress: false,
      replicaSetExpectations: () => {
        const e = new ControllerExpectations();
        made.push(e);
        return e;
      },
    });
    c.apply([web]);
    c.runUntil({ rollout: "web" });
    expect(made).toHaveLength(1);
    expect(made[0]!.getExpectations("default/web-" + hashOf(c))).toBeDefined();
    c.faults.restartController();
    expect(made).toHaveLength(2);
    expect(made[1]).not.toBe(made[0]);
    c.patch("Deployment", "web", { spec: { replicas: 3 } });
    c.runUntil({ rollout: "web" });
    expect(made[1]!.getExpectations("default/web-" + hashOf(c))).toBeDefined();
  });

  it("leaves the controller as it is when the factory makes plain expectations", () => {
    expect(traceHash({ replicaSetExpectations: () => new ControllerExpectations() })).toBe(
      traceHash({}),
    );
  });
});

describe("ClusterOptions.controllerManagerWatcherHook", () => {
  it("wraps kube-controller-manager's informers, in the first process and a restarted one, and no other's", () => {
    let starts = 0; // informers started through the hook
    const hook: WatcherStepHook = (state, input, real) => {
      if (input.type === "Start") starts++;
      return real(state, input);
    };
    const c = Cluster.create({
      seed: 1,
      dns: false,
      ingress: false,
      controllerManagerWatcherHook: hook,
    });
    c.apply([web]);
    c.runUntil({ rollout: "web" });
    const first = starts;
    expect(first).toBeGreaterThan(3);
    c.faults.restartController("kube-scheduler");
    c.advance("1s");
    expect(starts).toBe(first); // the scheduler's informers are not wrapped
    c.faults.restartController();
    c.advance("1s");
    expect(starts).toBe(2 * first);
  });

  it("leaves the informers as they are when the hook only delegates", () => {
    expect(traceHash({ controllerManagerWatcherHook: (s, i, real) => real(s, i) })).toBe(
      traceHash({}),
    );
  });
});

function hashOf(c: Cluster): string {
  return c.list("ReplicaSet")[0]?.metadata?.labels?.["pod-template-hash"] ?? "";
}
