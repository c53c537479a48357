import { Cluster, type DeploymentSyncHook } from "kubesim";
import { describe, expect, it } from "vitest";
import { ignoreMaxUnavailable } from "../testdata/ignore-max-unavailable.js";
import { checkEndpoints, checkConverged } from "./convergence.js";
import { getDeployment } from "./owned.js";
import { watchInvariants } from "./watch.js";

const web = (image: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas: 4,
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } },
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "app",
            image,
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 1 },
          },
        ],
      },
    },
  },
});
const svc = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
};
const images = { images: { "app:*": { ready: { after: "3s" } } } };

function rollout(hook?: DeploymentSyncHook) {
  const c = Cluster.create({
    seed: 1,
    dns: false,
    ingress: false,
    images,
    ...(hook === undefined ? {} : { deploymentSyncHook: hook }),
  });
  const w = watchInvariants(c, { deployment: "web" });
  c.apply([web("app:v1"), svc]);
  w.advance("1m");
  c.apply([web("app:v2")]);
  w.advance("2m");
  return { c, w };
}

describe("watchInvariants", () => {
  it("checks after every loop step that wrote: a rolling update of the real controller keeps the bounds", () => {
    const { c, w } = rollout();
    expect(w.violations).toEqual([]);
    expect(w.bounds.armed).toBe(true);
    expect(w.checks).toBeGreaterThan(50);
    const d = getDeployment(c, { name: "web", namespace: "default" });
    if (d === undefined) throw new Error("no deployment");
    expect(checkConverged(c, d)).toEqual([]);
    expect(checkEndpoints(c, "default", "web")).toEqual([]);
    w.stop();
  });

  it("stops time at the first violation of a controller that ignores maxUnavailable", () => {
    const { w } = rollout(ignoreMaxUnavailable);
    expect(w.violations[0]?.invariant).toBe("availability");
    expect(w.violations[0]?.message).toBe(
      "total pods available 0 < min required 3 (replicas 4 - maxUnavailable)",
    );
  });
});
