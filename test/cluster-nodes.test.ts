/**
 * The cluster's machines: three Ready nodes by default, each run by a kubelet,
 * an image catalogue given as YAML (text or file), and node operations.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printPodRow } from "@kubesim/kubectl";
import { Cluster } from "kubesim";
import type { Pod } from "kubernetes-types/core/v1";

const pod = (name: string, image: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "app", image, ports: [{ containerPort: 80 }] }] },
});

describe("Cluster nodes", () => {
  it("starts three Ready nodes in three zones, with Leases", () => {
    const c = Cluster.create();
    c.loop.advance("1s");
    const nodes = c.apiserver.list("Node").items;
    expect(nodes.map((n) => n.metadata?.name)).toEqual(["node-1", "node-2", "node-3"]);
    expect(nodes.map((n) => n.metadata?.labels?.["topology.kubernetes.io/zone"])).toEqual([
      "zone-a",
      "zone-b",
      "zone-c",
    ]);
    expect(
      nodes.every((n) =>
        n.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True"),
      ),
    ).toBe(true);
    expect(nodes.map((n) => n.spec?.podCIDR)).toEqual([
      "10.244.0.0/24",
      "10.244.1.0/24",
      "10.244.2.0/24",
    ]);
    expect(c.apiserver.list("Lease", { namespace: "kube-node-lease" }).items).toHaveLength(3);
  });

  it("a pod is scheduled, started and Ready on a node; the catalogue (YAML) decides how its image behaves", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-"));
    const file = join(dir, "catalogue.yaml");
    writeFileSync(file, 'images:\n  "slow:*": { start: 5s, ready: { after: 30s } }\n');
    const c = Cluster.create({ imageCatalogueFile: file });
    c.apiserver.create("Pod", pod("fast", "nginx:1.27"));
    c.apiserver.create("Pod", {
      ...pod("slow", "slow:1"),
      spec: {
        containers: [
          {
            name: "app",
            image: "slow:1",
            ports: [{ containerPort: 80 }],
            readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 },
          },
        ],
      },
    });
    c.loop.advance("2s");
    const ready = (n: string) =>
      c.apiserver.get("Pod", "default", n).status?.conditions?.find((x) => x.type === "Ready")
        ?.status;
    expect(ready("fast")).toBe("True");
    expect(ready("slow")).toBe("False");
    c.loop.advance("35s");
    expect(ready("slow")).toBe("True");
  });

  it("a bad catalogue is refused with the field named", () => {
    expect(() => Cluster.create({ imageCatalogue: "images:\n  x: { start: soon }\n" })).toThrow(
      /start/,
    );
  });

  it("add, cordon, stop, start and remove nodes", () => {
    const c = Cluster.create({ nodes: 1 });
    const name = c.nodes.add({ name: "big", cpu: "64" });
    expect(c.apiserver.get("Node", undefined, name).status?.allocatable?.["cpu"]).toBe("64");
    c.nodes.setUnschedulable("big", true);
    expect(c.apiserver.get("Node", undefined, "big").spec?.unschedulable).toBe(true);
    const renew = () => c.apiserver.get("Lease", "kube-node-lease", "node-1").spec?.renewTime;
    const before = renew();
    c.nodes.stop("node-1");
    c.loop.advance("30s");
    expect(renew()).toBe(before);
    c.nodes.start("node-1");
    c.loop.advance("1s");
    expect(renew()).not.toBe(before);
    c.nodes.remove("big");
    expect(c.apiserver.list("Node").items.map((n) => n.metadata?.name)).toEqual(["node-1"]);
  });
});

describe("drain", () => {
  it("cordons the node and evicts its pods; their ReplicaSet replaces them elsewhere", () => {
    const c = Cluster.create({ seed: 2 });
    c.apiserver.create("Deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
        },
      },
    });
    c.loop.runUntil(
      () => c.apiserver.get("Deployment", "default", "web").status?.readyReplicas === 6,
      { timeout: "1m" },
    );
    const on = (n: string) =>
      c.apiserver.list("Pod", { namespace: "default" }).items.filter((p) => p.spec?.nodeName === n);
    const before = on("node-1").length;
    expect(before).toBeGreaterThan(0);
    const evicted = c.nodes.drain("node-1");
    expect(evicted).toHaveLength(before);
    expect(c.apiserver.get("Node", undefined, "node-1").spec?.unschedulable).toBe(true);
    c.loop.runUntil(
      () =>
        on("node-1").length === 0 &&
        c.apiserver.get("Deployment", "default", "web").status?.readyReplicas === 6,
      {
        timeout: "2m",
      },
    );
    expect(on("node-1")).toEqual([]);
  });

  it("refuses pods no controller owns unless forced", () => {
    const c = Cluster.create({ nodes: 1 });
    c.apiserver.create("Pod", pod("lonely", "nginx:1.27"));
    c.loop.advance("2s");
    expect(() => c.nodes.drain("node-1")).toThrow(
      "cannot delete Pods that declare no controller (use --force to override): default/lonely",
    );
    expect(c.nodes.drain("node-1", { force: true })).toEqual(["default/lonely"]);
  });
});

describe("what kubectl shows while a pod terminates", () => {
  it("STATUS reads Terminating until the kubelet has stopped its containers", () => {
    const c = Cluster.create({
      nodes: 1,
      imageCatalogue: 'images:\n  "stubborn:*": { stopAfterSigterm: never }\n',
    });
    c.apiserver.create("Pod", {
      ...pod("p", "stubborn:1"),
      spec: {
        terminationGracePeriodSeconds: 10,
        containers: [{ name: "app", image: "stubborn:1" }],
      },
    });
    c.loop.advance("2s");
    c.apiserver.delete("Pod", "default", "p");
    c.loop.advance("9s");
    expect(
      printPodRow(c.apiserver.get("Pod", "default", "p"), c.loop.now()).cells.slice(1, 3),
    ).toEqual(["1/1", "Terminating"]);
    c.loop.advance("1s");
    expect(c.apiserver.list("Pod", { namespace: "default" }).items).toEqual([]);
  });
});
