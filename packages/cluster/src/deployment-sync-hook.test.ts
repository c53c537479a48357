import { describe, expect, it } from "vitest";
import { Cluster } from "./cluster.js";
import type { DeploymentSyncHook } from "@kubesim/controllers";

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

describe("ClusterOptions.deploymentSyncHook", () => {
  it("wraps every sync's plan, in the first kube-controller-manager and in a restarted one", () => {
    const seen: string[] = [];
    const hook: DeploymentSyncHook = (input, real) => {
      seen.push(input.deployment.metadata?.name ?? "");
      return real(input);
    };
    const c = Cluster.create({ seed: 1, dns: false, ingress: false, deploymentSyncHook: hook });
    c.apply([web]);
    c.runUntil({ rollout: "web" });
    const before = seen.length;
    expect(before).toBeGreaterThan(0);
    c.faults.restartController();
    c.patch("Deployment", "web", { spec: { replicas: 3 } });
    c.runUntil({ rollout: "web" });
    expect(seen.length).toBeGreaterThan(before);
    expect(new Set(seen)).toEqual(new Set(["web"]));
  });

  it("leaves the controller as it is when omitted: the same trace as with a hook that only delegates", () => {
    const run = (hook?: DeploymentSyncHook): string => {
      const c = Cluster.create({
        seed: 2,
        dns: false,
        ingress: false,
        ...(hook === undefined ? {} : { deploymentSyncHook: hook }),
      });
      c.apply([web]);
      c.advance("1m");
      return c.trace.hash();
    };
    expect(run((input, real) => real(input))).toBe(run());
  });
});
