/**
 * Services, DNS, the data plane and the ingress controller in a whole default
 * cluster (the network issue's done-means 1): the tutorial's Deployment,
 * Service and Ingress as written, reached from a pod with curl, wget,
 * nslookup and getent through `kubectl exec`, and from outside through the
 * ingress's address, a NodePort and a load balancer.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { Cluster } from "kubesim";
import type { KindName, KubeObject } from "@kubesim/api";
import type { Pod, Service } from "kubernetes-types/core/v1";

const NS = "default";

function apply(c: Cluster, file: string): void {
  const text = readFileSync(
    new URL(`../../docs/tutorial/manifests/${file}`, import.meta.url),
    "utf8",
  );
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as KubeObject & { kind: KindName; metadata: { namespace?: string } };
    if (obj === null) continue;
    c.apiserver.create(obj.kind, { ...obj, metadata: { namespace: NS, ...obj.metadata } } as never);
  }
}

const ready = (p: Pod): boolean =>
  p.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True") === true;
const readyPods = (c: Cluster, app: string): Pod[] =>
  c.apiserver
    .list("Pod", { namespace: NS, labelSelector: `app=${app}` })
    .items.filter((p) => p.metadata?.deletionTimestamp == null && ready(p));

/** The tutorial's Deployment and Service, plus a busybox pod to run commands in. */
function tutorialCluster(seed: number): Cluster {
  const c = Cluster.create({ seed });
  apply(c, "deployment.yaml");
  apply(c, "service.yaml");
  c.apiserver.create("Pod", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client", namespace: NS },
    spec: { containers: [{ name: "sh", image: "busybox:1.36" }] },
  });
  c.loop.runUntil(
    () => readyPods(c, "my-api").length === 3 && ready(c.apiserver.get("Pod", NS, "client")),
    { timeout: "2m" },
  );
  c.loop.advance(1000); // the endpoints controllers and kube-proxy catch up
  return c;
}

function exec(c: Cluster, pod: string, argv: readonly string[]) {
  const p = c.apiserver.get("Pod", NS, pod);
  const container = p.spec!.containers[0]!.name;
  return c.kubelet(p.spec!.nodeName!).exec(NS, pod, container, argv);
}

describe("the tutorial's Service, reached from a pod", () => {
  const c = tutorialCluster(21);
  const svc = c.apiserver.get("Service", NS, "my-api");
  const clusterIP = svc.spec?.clusterIP ?? "";

  it("gets a ClusterIP from 10.96.0.0/12 and endpoints for the three ready pods on port 8000", () => {
    expect(clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    const ips = readyPods(c, "my-api")
      .map((p) => p.status!.podIP!)
      .sort();
    const ep = c.apiserver.get("Endpoints", NS, "my-api");
    expect(ep.subsets?.[0]?.addresses?.map((a) => a.ip).sort()).toEqual(ips);
    expect(ep.subsets?.[0]?.ports).toEqual([{ port: 8000, protocol: "TCP" }]);
  });

  it("curl -s http://my-api/health answers 200 from one of the pods", () => {
    const r = exec(c, "client", ["curl", "-s", "http://my-api/health"]);
    expect(r.exitCode).toBe(0);
    const names = readyPods(c, "my-api").map((p) => p.metadata!.name!);
    expect(names.some((n) => r.stdout.includes(n))).toBe(true);
    expect(r.stdout).toContain("myapp:v1.2");
  });

  it("the Service load-balances across the ready pods", () => {
    const seen = new Set<string>();
    const names = readyPods(c, "my-api").map((p) => p.metadata!.name!);
    for (let i = 0; i < 60; i++) {
      const out = exec(c, "client", ["curl", "-s", "http://my-api/"]).stdout;
      for (const n of names) if (out.includes(n)) seen.add(n);
    }
    expect([...seen].sort()).toEqual([...names].sort());
  });

  it("curl's -o /dev/null -w '%{http_code}', -i and wget -qO- work as in a shell", () => {
    expect(
      exec(c, "client", ["sh", "-c", "curl -s -o /dev/null -w '%{http_code}' http://my-api/health"])
        .stdout,
    ).toBe("200");
    const head = exec(c, "client", ["curl", "-si", "http://my-api/health"]).stdout;
    expect(head.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
    const w = exec(c, "client", ["wget", "-qO-", "http://my-api/health"]);
    expect(w.exitCode).toBe(0);
    expect(w.stdout).toContain("myapp:v1.2");
  });

  it("the four spellings of the name resolve to the ClusterIP; others are unknown", () => {
    for (const name of [
      "my-api",
      "my-api.default",
      "my-api.default.svc",
      "my-api.default.svc.cluster.local",
    ]) {
      const r = exec(c, "client", ["getent", "hosts", name]);
      expect(r.stdout.split(/\s+/)[0]).toBe(clusterIP);
    }
    const ns = exec(c, "client", ["nslookup", "my-api"]);
    expect(ns.stdout).toContain("Name:\tmy-api.default.svc.cluster.local");
    expect(ns.stdout).toContain(`Address: ${clusterIP}`);
    const bad = exec(c, "client", ["curl", "-sS", "http://no-such-service/"]);
    expect(bad.exitCode).toBe(6);
    expect(bad.stderr).toBe("curl: (6) Could not resolve host: no-such-service\n");
  });

  it("a pod reaches its own containers on localhost", () => {
    const pod = readyPods(c, "my-api")[0]!;
    const r = exec(c, pod.metadata!.name!, ["curl", "-s", "http://localhost:8000/"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(pod.metadata!.name!);
  });

  it("the kubernetes Service has 10.96.0.1 and its endpoints; kube-dns has 10.96.0.10", () => {
    const k = c.apiserver.get("Service", NS, "kubernetes");
    expect(k.spec?.clusterIP).toBe("10.96.0.1");
    const ep = c.apiserver.get("Endpoints", NS, "kubernetes");
    expect(ep.subsets?.[0]?.ports?.[0]?.port).toBe(6443);
    expect(c.apiserver.get("Service", "kube-system", "kube-dns").spec?.clusterIP).toBe(
      "10.96.0.10",
    );
  });
});

describe("no ready endpoint: the connection is refused", () => {
  it("curl exits 7 with curl's message once the Deployment is scaled to 0", () => {
    const c = tutorialCluster(22);
    const d = c.apiserver.get("Deployment", NS, "my-api");
    c.apiserver.update("Deployment", { ...d, spec: { ...d.spec!, replicas: 0 } });
    c.loop.runUntil(
      () =>
        c.apiserver.list("Pod", { namespace: NS, labelSelector: "app=my-api" }).items.length === 0,
      { timeout: "2m" },
    );
    c.loop.advance(1000);
    const r = exec(c, "client", ["curl", "-sS", "http://my-api/health"]);
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toMatch(
      /^curl: \(7\) Failed to connect to my-api port 80 after \d+ ms: Couldn't connect to server\n$/,
    );
  });
});

describe("headless services", () => {
  it("resolve to the pod IPs", () => {
    const c = tutorialCluster(23);
    c.apiserver.create("Service", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "my-api-headless", namespace: NS },
      spec: { clusterIP: "None", selector: { app: "my-api" }, ports: [{ port: 8000 }] },
    });
    c.loop.advance(1000);
    const r = exec(c, "client", ["nslookup", "my-api-headless"]);
    for (const p of readyPods(c, "my-api"))
      expect(r.stdout).toContain(`Address: ${p.status!.podIP}`);
  });
});

describe("from outside the cluster", () => {
  function exposed(seed: number, type: "NodePort" | "LoadBalancer"): { c: Cluster; svc: Service } {
    const c = tutorialCluster(seed);
    c.apiserver.create("Service", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "my-api-outside", namespace: NS },
      spec: { type, selector: { app: "my-api" }, ports: [{ port: 80, targetPort: 8000 }] },
    });
    c.loop.advance(30_000);
    return { c, svc: c.apiserver.get("Service", NS, "my-api-outside") };
  }

  it("a NodePort answers on every node's IP", () => {
    const { c, svc } = exposed(24, "NodePort");
    const nodePort = svc.spec!.ports![0]!.nodePort!;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    for (const node of c.apiserver.list("Node").items) {
      const ip = node.status!.addresses!.find((a) => a.type === "InternalIP")!.address;
      const r = c.http(`http://${ip}:${nodePort}/`);
      expect(r.kind).toBe("response");
      if (r.kind === "response") {
        expect(r.status).toBe(200);
        expect(r.hops.map((h) => h.kind)).toEqual(["service", "pod"]);
        expect(r.hops[0]!.detail).toBe("NodePort");
      }
    }
  });

  it("a LoadBalancer gets an external IP that answers", () => {
    const { c, svc } = exposed(25, "LoadBalancer");
    const ip = svc.status?.loadBalancer?.ingress?.[0]?.ip;
    expect(ip).toBeDefined();
    const r = c.http(`http://${ip}/health`);
    expect(r.kind === "response" && r.status).toBe(200);
  });

  it("the tutorial's Ingress routes api.example.com/api to my-api, and the pod sees /", () => {
    const c = tutorialCluster(26);
    apply(c, "ingress.yaml");
    c.loop.advance(90_000);
    const ing = c.apiserver.get("Ingress", NS, "my-ingress");
    expect(ing.spec?.ingressClassName).toBe("nginx");
    const address = ing.status?.loadBalancer?.ingress?.[0]?.ip;
    expect(address).toBeDefined();

    const r = c.http("http://api.example.com/api/users");
    expect(r.kind).toBe("response");
    if (r.kind !== "response") return;
    expect(r.status).toBe(200);
    expect(r.hops.map((h) => h.kind)).toEqual(["dns", "ingress", "service", "pod"]);
    const served = r.servedBy!;
    expect(served.image).toBe("myapp:v1.2");
    const logs = c.kubelet(served.node).logs(NS, served.pod, "api");
    expect(logs).toMatch(/"GET \/ HTTP\/1\.1" 200/);

    // docs-service does not exist: 503; any other path: the default backend's 404.
    const docs = c.http("http://api.example.com/docs");
    expect(docs.kind === "response" && docs.status).toBe(503);
    const other = c.http(`http://${address}/nothing-here`);
    expect(other.kind === "response" && other.status).toBe(404);
  });
});
