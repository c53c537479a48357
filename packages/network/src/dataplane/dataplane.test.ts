/**
 * The data plane end to end on the real apiserver and informers: DNS,
 * kube-proxy, frontends and fake pods on the pod network.
 */
import { describe, expect, it } from "vitest";
import { isInvalidUrlError } from "./url.js";
import { SynRetriesTimeout } from "./dataplane.js";
import type { ClientResult, Frontend, FrontendRequest } from "./types.js";
import { world, type FakePod, type World } from "./testdata/world.js";

interface Cluster {
  readonly w: World;
  readonly a: FakePod;
  readonly b: FakePod;
  readonly client: FakePod;
}

/** Two nodes, my-api (ClusterIP 10.96.0.20, NodePort 31080, LB 172.18.255.200) with two pods. */
function cluster(seed = 7): Cluster {
  const w = world(seed);
  w.addNode("node-1", "172.18.0.2");
  w.addNode("node-2", "172.18.0.3");
  const a = w.attachPod({ name: "my-api-a", node: "node-1", image: "my-api:v1" });
  const b = w.attachPod({ name: "my-api-b", node: "node-2", image: "my-api:v2" });
  const client = w.attachPod({ name: "client", node: "node-1", ports: [] });
  w.addService("my-api", {
    clusterIP: "10.96.0.20",
    type: "LoadBalancer",
    ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 31080, protocol: "TCP" }],
  });
  w.addSlice("my-api", [
    { ip: a.ip, node: "node-1", pod: "my-api-a" },
    { ip: b.ip, node: "node-2", pod: "my-api-b" },
  ]);
  w.setLoadBalancerIP("my-api", "172.18.255.200");
  w.settle();
  return { w, a, b, client };
}

function response(r: ClientResult) {
  if (r.kind !== "response") throw new Error(`expected a response, got ${JSON.stringify(r)}`);
  return r;
}

describe("Dataplane: from a pod", () => {
  it("http://my-api/health: dns -> service -> pod, with the serving container and the latency", () => {
    const { w, a, b, client } = cluster();
    const r = response(
      w.dataplane.request({ url: "http://my-api/health", from: w.fromPod(client.ip, "node-1") }),
    );
    expect(r.status).toBe(200);
    expect(r.remote).toEqual({ ip: "10.96.0.20", port: 80 });
    const served = r.servedBy!;
    const pod = served.pod === "my-api-a" ? a : b;
    expect(r.hops).toEqual([
      {
        kind: "dns",
        name: "my-api",
        address: "10.96.0.20",
        detail: "my-api.default.svc.cluster.local",
      },
      { kind: "service", name: "default/my-api", address: "10.96.0.20:80", detail: "ClusterIP" },
      {
        kind: "pod",
        name: `default/${served.pod}`,
        address: `${pod.ip}:8080`,
        detail: `app (${served.image})`,
      },
    ]);
    // 1 DNS query + 1 ms leg + the pod's 5 ms
    expect(r.latency).toBe(7);
    expect(pod.requests[0]!.request).toEqual({
      method: "GET",
      path: "/health",
      headers: { Host: "my-api", "User-Agent": "curl/8.5.0", Accept: "*/*" },
      source: client.ip,
    });
  });

  it.each(["my-api", "my-api.default", "my-api.default.svc", "my-api.default.svc.cluster.local"])(
    "%s from a pod in default reaches the service",
    (host) => {
      const { w, client } = cluster();
      const r = response(
        w.dataplane.request({ url: `http://${host}/`, from: w.fromPod(client.ip, "node-1") }),
      );
      expect(r.hops[0]).toMatchObject({ kind: "dns", name: host, address: "10.96.0.20" });
      expect(r.hops[1]).toMatchObject({ kind: "service", name: "default/my-api" });
    },
  );

  it("NXDOMAIN through the whole search list: unknown host, after one query per name", () => {
    const { w, client } = cluster();
    const r = w.dataplane.request({ url: "http://nope/", from: w.fromPod(client.ip, "node-1") });
    expect(r).toEqual({
      kind: "error",
      error: "unknown-host",
      host: "nope",
      port: 80,
      latency: 4,
      hops: [],
    });
  });

  it("a service without ready endpoints resolves but refuses", () => {
    const { w, client } = cluster();
    w.addService("empty", { clusterIP: "10.96.0.21" });
    w.addSlice("empty", [{ ip: "10.244.1.77", node: "node-1", ready: false }]);
    w.settle();
    const r = w.dataplane.request({ url: "http://empty/", from: w.fromPod(client.ip, "node-1") });
    expect(r).toMatchObject({ kind: "error", error: "refused", ip: "10.96.0.21", port: 80 });
    expect(r.hops.map((h) => h.kind)).toEqual(["dns", "service"]);
  });

  it("an endpoint with nothing listening on the target port refuses, naming the pod", () => {
    const { w, client } = cluster();
    const deaf = w.attachPod({ name: "deaf", node: "node-2", ports: [9999] });
    w.addService("deaf", { clusterIP: "10.96.0.22" });
    w.addSlice("deaf", [{ ip: deaf.ip, node: "node-2", pod: "deaf" }]);
    w.settle();
    const r = w.dataplane.request({ url: "http://deaf/", from: w.fromPod(client.ip, "node-1") });
    expect(r).toMatchObject({ kind: "error", error: "refused" });
    expect(r.hops.at(-1)).toEqual({
      kind: "pod",
      name: "default/deaf",
      address: `${deaf.ip}:8080`,
    });
  });

  it("a timeout shorter than the answer: timeout at the timeout", () => {
    const { w, client } = cluster();
    const r = w.dataplane.request({
      url: "http://my-api/",
      from: w.fromPod(client.ip, "node-1"),
      timeout: 3,
    });
    expect(r).toMatchObject({ kind: "error", error: "timeout", ip: "10.96.0.20", latency: 3 });
  });

  it("a process that accepts but never answers: timeout with the pod reached", () => {
    const { w, client } = cluster();
    const hung = w.attachPod({ name: "hung", node: "node-2", hang: true });
    const r = w.dataplane.request({
      url: `http://${hung.ip}:8080/`,
      from: w.fromPod(client.ip, "node-1"),
      timeout: 2000,
    });
    expect(r).toMatchObject({ kind: "error", error: "timeout", latency: 2000 });
    expect(r.hops.map((h) => h.kind)).toEqual(["pod"]);
  });

  it("a pod IP directly: the pod answers; a detached pod's IP does not", () => {
    const { w, a, client } = cluster();
    const r = response(
      w.dataplane.request({
        url: `http://${a.ip}:8080/x?y=1`,
        from: w.fromPod(client.ip, "node-1"),
      }),
    );
    expect(r.hops).toEqual([
      { kind: "pod", name: "default/my-api-a", address: `${a.ip}:8080`, detail: "app (my-api:v1)" },
    ]);
    expect(a.requests[0]!.request.path).toBe("/x?y=1");
    expect(r.latency).toBe(6);
    w.network.detach("node-1", a.ip);
    const gone = w.dataplane.request({
      url: `http://${a.ip}:8080/`,
      from: w.fromPod(client.ip, "node-1"),
    });
    expect(gone).toMatchObject({ kind: "error", error: "unreachable", latency: SynRetriesTimeout });
  });

  it("a stale endpoint (IP gone from the network) gets no answer: timeout, no pod reached", () => {
    const { w, client } = cluster();
    w.addService("stale", { clusterIP: "10.96.0.23" });
    w.addSlice("stale", [{ ip: "10.244.2.250", node: "node-2" }]);
    w.settle();
    const r = w.dataplane.request({
      url: "http://stale/",
      from: w.fromPod(client.ip, "node-1"),
      timeout: 10_000,
    });
    expect(r).toMatchObject({ kind: "error", error: "timeout", latency: 10_000 });
    expect(r.hops.map((h) => h.kind)).toEqual(["dns", "service"]);
  });

  it("headless services resolve to pod IPs and go straight to the pod", () => {
    const { w, a, client } = cluster();
    w.addService("db", { clusterIP: "None" });
    w.addSlice("db", [{ ip: a.ip, node: "node-1", pod: "my-api-a" }]);
    w.settle();
    const r = response(
      w.dataplane.request({ url: "http://db:8080/", from: w.fromPod(client.ip, "node-1") }),
    );
    expect(r.hops.map((h) => [h.kind, h.address])).toEqual([
      ["dns", a.ip],
      ["pod", `${a.ip}:8080`],
    ]);
  });

  it("/etc/hosts comes before DNS", () => {
    const { w, a, client } = cluster();
    const from = { ...w.fromPod(client.ip, "node-1"), hosts: new Map([[a.ip, ["backend"]]]) };
    const r = response(w.dataplane.request({ url: "http://backend:8080/", from }));
    expect(r.hops[0]).toEqual({
      kind: "dns",
      name: "backend",
      address: a.ip,
      detail: "/etc/hosts",
    });
  });

  it("a resolv.conf without the cluster DNS finds no cluster names", () => {
    const { w, client } = cluster();
    const from = {
      kind: "pod" as const,
      podIP: client.ip,
      node: "node-1",
      resolvConf: { nameservers: ["8.8.8.8"], search: [], ndots: 1 },
    };
    expect(w.dataplane.request({ url: "http://my-api/", from })).toMatchObject({
      kind: "error",
      error: "unknown-host",
    });
  });

  it("internalTrafficPolicy Local with no endpoint on the pod's node: dropped", () => {
    const { w, a, client } = cluster();
    w.addService("local", { clusterIP: "10.96.0.24", internalTrafficPolicy: "Local" });
    w.addSlice("local", [{ ip: a.ip, node: "node-1" }]);
    w.settle();
    const far = w.attachPod({ name: "far", node: "node-2", ports: [] });
    expect(
      w.dataplane.request({
        url: "http://local/",
        from: w.fromPod(far.ip, "node-2"),
        timeout: 5000,
      }),
    ).toMatchObject({ kind: "error", error: "timeout", latency: 5000 });
    expect(
      w.dataplane.request({ url: "http://local/", from: w.fromPod(client.ip, "node-1") }).kind,
    ).toBe("response");
  });

  it("from a pod, the load-balancer IP and node ports answer too", () => {
    const { w, client } = cluster();
    const from = w.fromPod(client.ip, "node-1");
    expect(
      response(w.dataplane.request({ url: "http://172.18.255.200/", from })).hops[0],
    ).toMatchObject({
      kind: "service",
      detail: "LoadBalancer",
    });
    expect(
      response(w.dataplane.request({ url: "http://172.18.0.3:31080/", from })).hops[0],
    ).toMatchObject({
      kind: "service",
      detail: "NodePort",
    });
  });
});

describe("Dataplane: from outside", () => {
  it("a NodePort answers on every node's IP; the pod sees the node's address", () => {
    const { w, a, b } = cluster();
    for (const ip of ["172.18.0.2", "172.18.0.3"]) {
      const r = response(
        w.dataplane.request({ url: `http://${ip}:31080/`, from: { kind: "external" } }),
      );
      expect(r.hops[0]).toEqual({
        kind: "service",
        name: "default/my-api",
        address: `${ip}:31080`,
        detail: "NodePort",
      });
      expect(r.remote).toEqual({ ip, port: 31080 });
    }
    const sources = [...a.requests, ...b.requests].map((x) => x.request.source);
    expect(new Set(sources)).toEqual(new Set(["172.18.0.2", "172.18.0.3"]));
  });

  it("the load-balancer IP answers from outside", () => {
    const { w } = cluster();
    const r = response(
      w.dataplane.request({ url: "http://172.18.255.200/", from: { kind: "external" } }),
    );
    expect(r.hops[0]).toMatchObject({ kind: "service", detail: "LoadBalancer" });
    expect(r.hops[1]!.kind).toBe("pod");
  });

  it("ClusterIPs and pod IPs are not routed outside: no answer", () => {
    const { w, a } = cluster();
    expect(
      w.dataplane.request({ url: "http://10.96.0.20/", from: { kind: "external" }, timeout: 5000 }),
    ).toMatchObject({ kind: "error", error: "timeout", latency: 5000 });
    expect(
      w.dataplane.request({ url: `http://${a.ip}:8080/`, from: { kind: "external" } }),
    ).toMatchObject({ kind: "error", error: "unreachable", latency: SynRetriesTimeout });
  });

  it("a node IP on a port nothing serves: refused", () => {
    const { w } = cluster();
    expect(
      w.dataplane.request({ url: "http://172.18.0.2:31999/", from: { kind: "external" } }),
    ).toMatchObject({ kind: "error", error: "refused", ip: "172.18.0.2", port: 31999, latency: 1 });
  });

  it("names outside: only the hosts Ingress rules name, at the published address", () => {
    const { w } = cluster();
    const seen: FrontendRequest[] = [];
    const frontend: Frontend = {
      addresses: () => ["172.18.0.100"],
      ports: [80, 443],
      handle: (req) => {
        seen.push(req);
        return {
          kind: "answered",
          status: 200,
          headers: {},
          body: "ok\n",
          latency: 4,
          hops: [
            { kind: "ingress", name: "default/api", address: "172.18.0.100:80" },
            { kind: "service", name: "default/my-api", address: "10.96.0.20:80" },
          ],
        };
      },
    };
    const remove = w.dataplane.addFrontend(frontend);
    w.addIngress("api", "api.example.com", "172.18.0.100");
    w.addIngress("wild", "*.apps.example.com", "172.18.0.100");
    w.addIngress("pending", "pending.example.com");
    w.settle();
    const r = response(
      w.dataplane.request({
        url: "http://api.example.com/api/users",
        from: { kind: "external", clientIP: "192.168.1.50" },
      }),
    );
    expect(r.hops.map((h) => h.kind)).toEqual(["dns", "ingress", "service"]);
    expect(r.hops[0]).toEqual({
      kind: "dns",
      name: "api.example.com",
      address: "172.18.0.100",
      detail: "ingress default/api",
    });
    expect(r.latency).toBe(5);
    expect(seen[0]).toMatchObject({
      scheme: "http",
      host: "api.example.com",
      port: 80,
      method: "GET",
      path: "/api/users",
      clientIP: "192.168.1.50",
    });
    expect(
      response(
        w.dataplane.request({ url: "https://shop.apps.example.com/", from: { kind: "external" } }),
      ).hops[0],
    ).toMatchObject({ address: "172.18.0.100", detail: "ingress default/wild" });
    expect(seen[1]).toMatchObject({ scheme: "https", port: 443, host: "shop.apps.example.com" });
    for (const host of ["pending.example.com", "other.example.com", "my-api"])
      expect(
        w.dataplane.request({ url: `http://${host}/`, from: { kind: "external" } }),
      ).toMatchObject({ kind: "error", error: "unknown-host", host });
    // a Host header picks the virtual host at an IP literal
    w.dataplane.request({
      url: "http://172.18.0.100/",
      from: { kind: "external" },
      headers: { Host: "api.example.com:80" },
    });
    expect(seen[2]!.host).toBe("api.example.com");
    remove();
    expect(
      w.dataplane.request({
        url: "http://api.example.com/",
        from: { kind: "external" },
        timeout: 100,
      }),
    ).toMatchObject({ kind: "error", error: "timeout" });
  });

  it("a frontend that refuses: connection refused", () => {
    const { w } = cluster();
    w.dataplane.addFrontend({
      addresses: () => ["172.18.0.101"],
      ports: [80],
      handle: () => ({ kind: "refused" }),
    });
    expect(
      w.dataplane.request({ url: "http://172.18.0.101/", from: { kind: "external" } }),
    ).toMatchObject({ kind: "error", error: "refused" });
  });
});

describe("Dataplane: connect, names, URLs", () => {
  it("connect: open through a service, refused without endpoints, timeout when dropped", () => {
    const { w, client } = cluster();
    const from = w.fromPod(client.ip, "node-1");
    expect(w.dataplane.connect(from, "10.96.0.20", 80)).toMatchObject({
      kind: "open",
      latency: 1,
      remote: { ip: "10.96.0.20", port: 80 },
    });
    w.addService("none", { clusterIP: "10.96.0.25" });
    w.settle();
    expect(w.dataplane.connect(from, "10.96.0.25", 80)).toMatchObject({
      kind: "error",
      error: "refused",
    });
    expect(w.dataplane.connect(from, "10.1.2.3", 80, { timeout: 1000 })).toMatchObject({
      kind: "error",
      error: "timeout",
      latency: 1000,
    });
  });

  it("the DNS server takes TCP connections on port 53 from pods", () => {
    const { w, client } = cluster();
    const from = w.fromPod(client.ip, "node-1");
    expect(w.dataplane.connect(from, "10.96.0.10", 53).kind).toBe("open");
    expect(
      w.dataplane.connect({ kind: "external" }, "10.96.0.10", 53, { timeout: 100 }),
    ).toMatchObject({ kind: "error", error: "timeout" });
  });

  it("dnsLookup tells where an answer came from", () => {
    const { w, client } = cluster();
    const from = w.fromPod(client.ip, "node-1");
    expect(w.dataplane.dnsLookup(from, "10.0.0.1")).toMatchObject({
      kind: "found",
      source: "literal",
      addresses: ["10.0.0.1"],
    });
    const found = w.dataplane.dnsLookup(from, "my-api");
    expect(found).toMatchObject({ kind: "found", source: "dns", latency: 1 });
    expect(found.kind === "found" && found.lookup?.tried).toEqual([
      "my-api.default.svc.cluster.local",
    ]);
  });

  it("URLs curl refuses throw InvalidUrlError; a missing scheme means http", () => {
    const { w, client } = cluster();
    const from = w.fromPod(client.ip, "node-1");
    let caught: unknown;
    try {
      w.dataplane.request({ url: "ftp://my-api/", from });
    } catch (e) {
      caught = e;
    }
    expect(isInvalidUrlError(caught)).toBe(true);
    expect((caught as Error).message).toBe('Protocol "ftp" not supported or disabled in libcurl');
    expect(w.dataplane.request({ url: "my-api/health", from }).kind).toBe("response");
  });

  it("the data plane's client is an HttpClient", () => {
    const { w, client } = cluster();
    expect(
      w.dataplane.client({ url: "http://my-api/", from: w.fromPod(client.ip, "node-1") }).kind,
    ).toBe("response");
    expect(w.dataplane.hasSynced()).toBe(true);
  });
});
