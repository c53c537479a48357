import { describe, expect, it } from "vitest";
import { isApiError, type WatchEvent } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { ConfigMap, Pod } from "kubernetes-types/core/v1";
import { Cluster } from "./cluster.js";
import { web, webService } from "./testdata/workloads.js";

const small = { nodes: 1, dns: false, ingress: false } as const;

describe("Cluster: typed object calls", () => {
  it("create, get, list, update, patch and delete, typed by kind name", () => {
    const c = Cluster.create(small);
    const created = c.create("ConfigMap", { metadata: { name: "cfg" }, data: { a: "1" } });
    expect(created.metadata?.namespace).toBe("default");
    const got: ConfigMap = c.get("ConfigMap", "cfg");
    expect(got.data).toEqual({ a: "1" });
    expect(c.list("ConfigMap", { namespace: "default" }).map((m) => m.metadata?.name)).toContain(
      "cfg",
    );
    const updated = c.update("ConfigMap", { ...got, data: { a: "2" } });
    expect(updated.data).toEqual({ a: "2" });
    const patched = c.patch("ConfigMap", "cfg", { data: { b: "3" } });
    expect(patched.data).toEqual({ a: "2", b: "3" });
    const jsonPatched = c.patch("ConfigMap", "cfg", [{ op: "remove", path: "/data/a" }], {
      type: "json",
    });
    expect(jsonPatched.data).toEqual({ b: "3" });
    expect(c.delete("ConfigMap", "cfg").deleted).toBe(true);
    let err: unknown;
    try {
      c.get("ConfigMap", "cfg");
    } catch (e) {
      err = e;
    }
    expect(isApiError(err) && err.message).toBe('configmaps "cfg" not found');
  });

  it("addresses namespaces as kubectl does: default unless named; none for cluster-scoped kinds", () => {
    const c = Cluster.create(small);
    c.create("Namespace", { metadata: { name: "shop" } });
    c.create("ConfigMap", { metadata: { name: "cfg", namespace: "shop" } });
    expect(c.get("ConfigMap", "cfg", { namespace: "shop" }).metadata?.namespace).toBe("shop");
    expect(() => c.get("ConfigMap", "cfg")).toThrow('configmaps "cfg" not found');
    expect(c.get("Node", "node-1").metadata?.name).toBe("node-1");
    expect(c.get("Node", "node-1", { namespace: "shop" }).metadata?.name).toBe("node-1");
    expect(c.list("ConfigMap", { namespace: "shop" }).some((m) => m.metadata?.name === "cfg")).toBe(
      true,
    );
    c.delete("ConfigMap", "cfg", { namespace: "shop" });
    expect(c.list("ConfigMap", { namespace: "shop" }).some((m) => m.metadata?.name === "cfg")).toBe(
      false,
    );
  });

  it("watch delivers events as loop tasks, in commit order, until stopped", () => {
    const c = Cluster.create(small);
    const seen: string[] = [];
    const w = c.watch(
      "ConfigMap",
      (e: WatchEvent<ConfigMap>) => {
        if (e.type !== "ERROR") seen.push(`${e.type} ${e.object.metadata?.name ?? ""}`);
      },
      { namespace: "default", resourceVersion: c.apiserver.resourceVersion },
    );
    c.create("ConfigMap", { metadata: { name: "a" } });
    c.patch("ConfigMap", "a", { data: { x: "1" } });
    expect(seen).toEqual([]);
    c.settle();
    expect(seen).toEqual(["ADDED a", "MODIFIED a"]);
    w.stop();
    c.delete("ConfigMap", "a");
    c.settle();
    expect(seen).toEqual(["ADDED a", "MODIFIED a"]);
  });

  it("delete passes kubectl's options: a pod deleted with grace 0 is gone at once", () => {
    const c = Cluster.create(small);
    c.create("Deployment", web("web", { replicas: 1 }));
    c.runUntil({ rollout: "web" });
    const pod = c.list("Pod", { namespace: "default" })[0]!;
    const r = c.delete("Pod", pod.metadata?.name ?? "", { gracePeriodSeconds: 0 });
    expect(r.deleted).toBe(true);
  });
});

describe("Cluster.apply", () => {
  const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.25
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`;

  it("creates, then leaves unchanged, then configures, as kubectl apply does", () => {
    const c = Cluster.create(small);
    const first = c.apply(manifest);
    expect(first.failed).toEqual([]);
    expect(first.applied.map((a) => `${a.resource}/${a.name} ${a.action}`)).toEqual([
      "deployment.apps/web created",
      "service/web created",
    ]);
    expect(
      c.get("Deployment", "web").metadata?.annotations?.[
        "kubectl.kubernetes.io/last-applied-configuration"
      ],
    ).toBeDefined();
    expect(c.apply(manifest).applied.map((a) => a.action)).toEqual(["unchanged", "unchanged"]);
    const again = c.apply(manifest.replace("replicas: 2", "replicas: 4"));
    expect(again.applied.map((a) => a.action)).toEqual(["configured", "unchanged"]);
    c.runUntil({ rollout: "web" });
    expect((c.get("Deployment", "web") as Deployment).status?.availableReplicas).toBe(4);
  });

  it("takes objects as well as YAML", () => {
    const c = Cluster.create(small);
    const out = c.apply([web("api", { replicas: 1 }), webService("api")]);
    expect(out.applied.map((a) => a.action)).toEqual(["created", "created"]);
    expect(c.get("Service", "api").spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
  });
});

describe("Cluster.events", () => {
  it("lists Events in the order they happened, filtered by object or fields", () => {
    const c = Cluster.create({ nodes: 2, dns: false, ingress: false });
    const d = c.create("Deployment", web("web", { replicas: 2 }));
    c.runUntil({ rollout: "web" });
    const about = c.events(d);
    expect(about.map((e) => `${e.reason ?? ""}: ${e.message ?? ""}`)).toEqual([
      expect.stringMatching(/^ScalingReplicaSet: Scaled up replica set web-[a-z0-9]+ from 0 to 2$/),
    ]);
    const pod: Pod = c.list("Pod", { namespace: "default" })[0]!;
    expect(c.events(pod).map((e) => e.reason)).toEqual([
      "Scheduled",
      "Pulling",
      "Pulled",
      "Created",
      "Started",
    ]);
    expect(c.events({ kind: "Pod", reason: "Scheduled" })).toHaveLength(2);
    expect(c.events({ component: "replicaset-controller" }).map((e) => e.reason)).toEqual([
      "SuccessfulCreate",
      "SuccessfulCreate",
    ]);
    // the kubelet names its node by name in its events' uid; the Node object still finds them
    const node = c.get("Node", "node-1");
    expect(c.events(node).map((e) => e.reason)).toContain("Starting");
    expect(c.events(node).map((e) => e.reason)).toContain("RegisteredNode");
    // all events: every pod's Scheduled comes before its Started
    const all = c.events();
    for (const p of c.list("Pod", { namespace: "default" })) {
      const i = all.findIndex(
        (e) => e.involvedObject.name === p.metadata?.name && e.reason === "Scheduled",
      );
      const j = all.findIndex(
        (e) => e.involvedObject.name === p.metadata?.name && e.reason === "Started",
      );
      expect(i).toBeGreaterThanOrEqual(0);
      expect(j).toBeGreaterThan(i);
    }
  });

  it("puts Events written by hand after the traced ones, by time", () => {
    const c = Cluster.create(small);
    c.create("Event", {
      metadata: { name: "hand.1", namespace: "default" },
      involvedObject: { kind: "ConfigMap", name: "x", namespace: "default" },
      reason: "ByHand",
      message: "written through the API",
      firstTimestamp: "2024-01-01T00:00:00Z",
    });
    const all = c.events();
    expect(all[all.length - 1]?.reason).toBe("ByHand");
    expect(c.events({ reason: "ByHand", type: "Normal" })).toHaveLength(0);
    expect(c.events({ reason: "ByHand" })).toHaveLength(1);
  });
});

describe("Cluster: no global state", () => {
  it("clusters with the same seed and inputs give the same trace; interleaving them changes nothing", () => {
    const run = (c: Cluster) => {
      c.create("Deployment", web("web", { replicas: 3 }));
      c.create("Service", webService("web"));
      c.advance("2m");
      c.patch("Deployment", "web", { spec: { replicas: 5 } });
      c.advance("2m");
    };
    const alone = Cluster.create({ seed: 42 });
    run(alone);
    const a = Cluster.create({ seed: 42 });
    const b = Cluster.create({ seed: 7 });
    a.create("Deployment", web("web", { replicas: 3 }));
    b.create("Deployment", web("other", { replicas: 2 }));
    a.create("Service", webService("web"));
    b.advance("90s");
    a.advance("2m");
    b.faults.stopNode("node-2");
    a.patch("Deployment", "web", { spec: { replicas: 5 } });
    b.advance("5m");
    a.advance("2m");
    expect(a.trace.hash()).toBe(alone.trace.hash());
    expect(a.trace.length).toBe(alone.trace.length);
    expect(b.trace.hash()).not.toBe(a.trace.hash());
    expect(isApiError(new Error("x"))).toBe(false);
  });
});

describe("Cluster.create({ images })", () => {
  it("takes the image catalogue under its short name", () => {
    const c = Cluster.create({
      nodes: 1,
      dns: false,
      ingress: false,
      images: { images: { "slowpoke:1": { start: "5s" } } },
    });
    c.create("Pod", {
      metadata: { name: "p" },
      spec: { containers: [{ name: "c", image: "slowpoke:1", ports: [{ containerPort: 80 }] }] },
    });
    c.runUntil({ pod: "p", phase: "Running" });
    const ip = c.get("Pod", "p").status!.podIP!;
    expect(c.network.connect(ip, 80).kind).toBe("refused");
    c.advance("6s");
    expect(c.network.connect(ip, 80).kind).toBe("open");
  });
});
