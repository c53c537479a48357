import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { KubeletStandIn } from "./support/kubelet-stand-in.js";

describe("whole cluster smoke", () => {
  it("a Deployment becomes available with the stand-in kubelet", () => {
    const c = Cluster.create({ seed: 1, nodes: 0 });
    KubeletStandIn.addNodes(c.apiserver, 3);
    new KubeletStandIn({ client: c.apiserver, loop: c.loop, readyAfter: () => 2000 });
    c.apiserver.create("Deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "c", image: "nginx:1" }] },
        },
      },
    });
    const ok = c.loop.runUntil(
      () => c.apiserver.get("Deployment", "default", "web").status?.availableReplicas === 3,
      { timeout: "1m" },
    );
    expect(ok).toBe(true);
    const pods = c.apiserver.list("Pod", { namespace: "default" }).items;
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBe(3);
  });
});
