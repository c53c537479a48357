/**
 * kube-proxy's service table on the real apiserver and informers: Services,
 * EndpointSlices and Nodes written through the API, decisions read back.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { world, type World } from "../dataplane/testdata/world.js";
import type { ProxyDecision } from "./service-proxy.js";

const pod = (w: World, ip: string, node = "node-1") => ({ ip, node });
const outside = { ip: "203.0.113.7" };

function endpointIP(d: ProxyDecision): string {
  if (d.kind !== "endpoint") throw new Error(`expected an endpoint, got ${d.kind}`);
  return d.endpoint.ip;
}

function twoNodes(): World {
  const w = world();
  w.addNode("node-1", "172.18.0.2", "34.1.1.2");
  w.addNode("node-2", "172.18.0.3");
  return w;
}

describe("ServiceProxy: ClusterIP", () => {
  it("a connection to the VIP goes to a ready endpoint, with the service port's target per slice", () => {
    const w = twoNodes();
    w.addService("my-api", { clusterIP: "10.96.0.20" });
    w.addSlice("my-api", [
      { ip: "10.244.1.5", node: "node-1", pod: "my-api-a" },
      { ip: "10.244.2.5", node: "node-2", ready: false, pod: "my-api-b" },
    ]);
    w.settle();
    const d = w.proxy.connect(pod(w, "10.244.1.9"), "10.96.0.20", 80);
    expect(d).toEqual({
      kind: "endpoint",
      route: {
        service: { namespace: "default", name: "my-api", port: "http", protocol: "TCP" },
        via: "ClusterIP",
        address: { ip: "10.96.0.20", port: 80 },
        servicePort: 80,
      },
      endpoint: {
        ip: "10.244.1.5",
        port: 8080,
        ready: true,
        serving: true,
        terminating: false,
        nodeName: "node-1",
        targetRef: { namespace: "default", name: "my-api-a" },
      },
      node: "node-1",
      sourceIP: "10.244.1.9",
    });
    // other ports of the VIP have no rule
    expect(w.proxy.connect(pod(w, "10.244.1.9"), "10.96.0.20", 81).kind).toBe("no-rule");
  });

  it("no usable endpoint: REJECT; a slice that turns ready is picked up from the watch", () => {
    const w = twoNodes();
    w.addService("my-api", { clusterIP: "10.96.0.20" });
    w.settle();
    const c = pod(w, "10.244.1.9");
    expect(w.proxy.connect(c, "10.96.0.20", 80).kind).toBe("reject");
    const s = w.addSlice("my-api", [{ ip: "10.244.1.5", node: "node-1", ready: false }]);
    w.settle();
    expect(w.proxy.connect(c, "10.96.0.20", 80).kind).toBe("reject");
    w.updateSlice(s.metadata!.name!, [{ ip: "10.244.1.5", node: "node-1" }]);
    w.settle();
    expect(endpointIP(w.proxy.connect(c, "10.96.0.20", 80))).toBe("10.244.1.5");
    w.api.delete("EndpointSlice", "default", s.metadata!.name!);
    w.settle();
    expect(w.proxy.connect(c, "10.96.0.20", 80).kind).toBe("reject");
  });

  it("terminating fallback: with none ready, serving-terminating endpoints are used", () => {
    const w = twoNodes();
    w.addService("my-api", { clusterIP: "10.96.0.20" });
    w.addSlice("my-api", [
      { ip: "10.244.1.5", node: "node-1", ready: false, serving: true, terminating: true },
      { ip: "10.244.1.6", node: "node-1", ready: false, serving: false, terminating: true },
    ]);
    w.settle();
    expect(endpointIP(w.proxy.connect(pod(w, "10.244.2.9", "node-2"), "10.96.0.20", 80))).toBe(
      "10.244.1.5",
    );
  });

  it("an endpoint listed in two slices keeps its non-terminating copy", () => {
    const w = twoNodes();
    w.addService("my-api", { clusterIP: "10.96.0.20" });
    w.addSlice("my-api", [{ ip: "10.244.1.5", node: "node-1", ready: false, terminating: true }], {
      name: "my-api-a",
    });
    w.addSlice("my-api", [{ ip: "10.244.1.5", node: "node-2" }], { name: "my-api-b" });
    w.settle();
    const eps = w.proxy.endpoints("default", "my-api").get("http")!;
    expect(eps).toHaveLength(1);
    expect(eps[0]).toMatchObject({ ready: true, terminating: false, nodeName: "node-2" });
  });

  it("multi-port: each service port matches the slice port of its name; named targetPorts differ per slice", () => {
    const w = twoNodes();
    w.addService("web", {
      clusterIP: "10.96.0.30",
      ports: [
        { name: "http", port: 80, targetPort: "web", protocol: "TCP" },
        { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" },
      ],
    });
    w.addSlice("web", [{ ip: "10.244.1.5", node: "node-1" }], {
      ports: [
        { name: "http", port: 8080, protocol: "TCP" },
        { name: "metrics", port: 9090, protocol: "TCP" },
      ],
    });
    w.addSlice("web", [{ ip: "10.244.2.5", node: "node-2" }], {
      ports: [
        { name: "http", port: 8000, protocol: "TCP" },
        { name: "metrics", port: 9090, protocol: "TCP" },
      ],
    });
    w.settle();
    const eps = w.proxy.endpoints("default", "web");
    expect(eps.get("http")!.map((e) => `${e.ip}:${e.port}`)).toEqual([
      "10.244.1.5:8080",
      "10.244.2.5:8000",
    ]);
    expect(eps.get("metrics")!.map((e) => `${e.ip}:${e.port}`)).toEqual([
      "10.244.1.5:9090",
      "10.244.2.5:9090",
    ]);
    const d = w.proxy.connect(pod(w, "10.244.1.9"), "10.96.0.30", 9090);
    expect(d.kind === "endpoint" && d.route.service.port).toBe("metrics");
  });

  it("headless and ExternalName services get no rules; nor do services of another proxy", () => {
    const w = twoNodes();
    w.addService("db", { clusterIP: "None" });
    w.addSlice("db", [{ ip: "10.244.1.5", node: "node-1" }]);
    w.addService("other", {
      clusterIP: "10.96.0.40",
      labels: { "service.kubernetes.io/service-proxy-name": "cilium" },
    });
    w.addSlice("other", [{ ip: "10.244.1.6", node: "node-1" }]);
    w.settle();
    expect(w.proxy.endpoints("default", "db").size).toBe(0);
    expect(w.proxy.connect(pod(w, "10.244.1.9"), "10.96.0.40", 80).kind).toBe("no-rule");
  });

  it("a deleted service's rules go away", () => {
    const w = twoNodes();
    w.addService("my-api", { clusterIP: "10.96.0.20" });
    w.addSlice("my-api", [{ ip: "10.244.1.5", node: "node-1" }]);
    w.settle();
    expect(w.proxy.lookup("10.96.0.20", 80)?.via).toBe("ClusterIP");
    w.api.delete("Service", "default", "my-api");
    w.settle();
    expect(w.proxy.lookup("10.96.0.20", 80)).toBeUndefined();
    expect(w.proxy.connect(pod(w, "10.244.1.9"), "10.96.0.20", 80).kind).toBe("no-rule");
  });

  it("a ClusterIP is not reachable from outside the cluster", () => {
    const w = twoNodes();
    w.addService("my-api", { clusterIP: "10.96.0.20" });
    w.addSlice("my-api", [{ ip: "10.244.1.5", node: "node-1" }]);
    w.settle();
    expect(w.proxy.connect(outside, "10.96.0.20", 80).kind).toBe("no-rule");
  });
});

describe("ServiceProxy: NodePort, LoadBalancer, external IPs", () => {
  function exposed(w: World, o: { local?: boolean } = {}) {
    w.addService("web", {
      clusterIP: "10.96.0.50",
      type: "LoadBalancer",
      ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 31080, protocol: "TCP" }],
      ...(o.local === true
        ? { externalTrafficPolicy: "Local" as const, healthCheckNodePort: 32000 }
        : {}),
    });
    w.addSlice("web", [{ ip: "10.244.1.5", node: "node-1", pod: "web-a" }]);
    w.setLoadBalancerIP("web", "172.18.255.200");
    w.settle();
  }

  it("a node port answers on every node's InternalIP and ExternalIP", () => {
    const w = twoNodes();
    exposed(w);
    for (const ip of ["172.18.0.2", "34.1.1.2", "172.18.0.3"]) {
      const d = w.proxy.connect(outside, ip, 31080);
      expect(d.kind).toBe("endpoint");
      expect(d.kind === "endpoint" && d.route.via).toBe("NodePort");
    }
    expect(w.proxy.connect(outside, "172.18.0.2", 31081).kind).toBe("no-rule");
    expect(w.proxy.nodeForIP("34.1.1.2")).toBe("node-1");
  });

  it("externalTrafficPolicy Cluster masquerades to the node's IP", () => {
    const w = twoNodes();
    exposed(w);
    const d = w.proxy.connect(outside, "172.18.0.3", 31080);
    expect(d.kind === "endpoint" && d.sourceIP).toBe("172.18.0.3");
    expect(d.kind === "endpoint" && d.node).toBe("node-2");
  });

  it("externalTrafficPolicy Local: the node without a local endpoint drops, the other keeps the client's IP", () => {
    const w = twoNodes();
    exposed(w, { local: true });
    expect(w.proxy.connect(outside, "172.18.0.3", 31080)).toMatchObject({
      kind: "drop",
      node: "node-2",
    });
    const d = w.proxy.connect(outside, "172.18.0.2", 31080);
    expect(d.kind === "endpoint" && d.sourceIP).toBe("203.0.113.7");
    // pods reaching external destinations are short-circuited to the cluster-wide endpoints
    expect(w.proxy.connect(pod(w, "10.244.2.9", "node-2"), "172.18.0.3", 31080).kind).toBe(
      "endpoint",
    );
    // the load balancer only sends to nodes with local endpoints (its health check)
    for (let i = 0; i < 20; i++) {
      const lb = w.proxy.connect(outside, "172.18.255.200", 80);
      expect(lb.kind === "endpoint" && lb.node).toBe("node-1");
    }
  });

  it("the load-balancer IP answers from outside and from pods; ipMode Proxy is left to the balancer", () => {
    const w = twoNodes();
    exposed(w);
    const d = w.proxy.connect(outside, "172.18.255.200", 80);
    expect(d.kind === "endpoint" && d.route.via).toBe("LoadBalancer");
    expect(w.proxy.connect(pod(w, "10.244.2.9", "node-2"), "172.18.255.200", 80).kind).toBe(
      "endpoint",
    );
    const svc = w.api.get("Service", "default", "web");
    w.api.update(
      "Service",
      {
        ...svc,
        status: { loadBalancer: { ingress: [{ ip: "172.18.255.200", ipMode: "Proxy" }] } },
      },
      { subresource: "status" },
    );
    w.settle();
    expect(w.proxy.connect(outside, "172.18.255.200", 80).kind).toBe("no-rule");
  });

  it("external IPs answer like load-balancer IPs", () => {
    const w = twoNodes();
    w.addService("ext", { clusterIP: "10.96.0.60", externalIPs: ["198.51.100.9"] });
    w.addSlice("ext", [{ ip: "10.244.1.5", node: "node-1" }]);
    w.settle();
    const d = w.proxy.connect(outside, "198.51.100.9", 80);
    expect(d.kind === "endpoint" && d.route.via).toBe("ExternalIP");
  });

  it("a removed node's IPs stop answering node ports", () => {
    const w = twoNodes();
    exposed(w);
    w.api.delete("Node", undefined, "node-2");
    w.settle();
    expect(w.proxy.connect(outside, "172.18.0.3", 31080).kind).toBe("no-rule");
  });
});

describe("ServiceProxy: internalTrafficPolicy Local", () => {
  it("a pod reaches only endpoints on its own node; none there: DROP", () => {
    const w = twoNodes();
    w.addService("local", { clusterIP: "10.96.0.70", internalTrafficPolicy: "Local" });
    w.addSlice("local", [
      { ip: "10.244.1.5", node: "node-1" },
      { ip: "10.244.1.6", node: "node-1" },
    ]);
    w.settle();
    for (let i = 0; i < 20; i++) {
      const d = w.proxy.connect(pod(w, "10.244.1.9"), "10.96.0.70", 80);
      expect(d.kind === "endpoint" && d.endpoint.nodeName).toBe("node-1");
    }
    expect(w.proxy.connect(pod(w, "10.244.2.9", "node-2"), "10.96.0.70", 80).kind).toBe("drop");
  });
});

describe("ServiceProxy: sessionAffinity ClientIP", () => {
  it("a client keeps its endpoint; another client draws its own; after the timeout unused it draws again", () => {
    const w = twoNodes();
    w.addService("sticky", {
      clusterIP: "10.96.0.80",
      sessionAffinity: "ClientIP",
      affinityTimeoutSeconds: 60,
    });
    w.addSlice(
      "sticky",
      Array.from({ length: 8 }, (_, i) => ({ ip: `10.244.1.${10 + i}`, node: "node-1" })),
    );
    w.settle();
    const a = pod(w, "10.244.2.2", "node-2");
    const first = endpointIP(w.proxy.connect(a, "10.96.0.80", 80));
    for (let i = 0; i < 30; i++) {
      w.loop.advance("50s");
      expect(endpointIP(w.proxy.connect(a, "10.96.0.80", 80))).toBe(first);
    }
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      w.loop.advance("61s");
      seen.add(endpointIP(w.proxy.connect(a, "10.96.0.80", 80)));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it("without affinity, consecutive connections spread over the endpoints", () => {
    const w = twoNodes();
    w.addService("spread", { clusterIP: "10.96.0.81" });
    w.addSlice("spread", [
      { ip: "10.244.1.10", node: "node-1" },
      { ip: "10.244.1.11", node: "node-1" },
      { ip: "10.244.1.12", node: "node-1" },
    ]);
    w.settle();
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++)
      seen.add(endpointIP(w.proxy.connect(pod(w, "10.244.2.2", "node-2"), "10.96.0.81", 80)));
    expect(seen.size).toBe(3);
  });
});

describe("ServiceProxy: properties", () => {
  const endpointArb = fc.record({
    octet: fc.integer({ min: 1, max: 60 }),
    node: fc.constantFrom("node-1", "node-2"),
    ready: fc.boolean(),
    serving: fc.boolean(),
    terminating: fc.boolean(),
  });

  it("picks only ever go to usable endpoints; none usable is REJECT, a Local miss is DROP", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(endpointArb, { selector: (e) => e.octet, maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (eps, local, seed) => {
          const w = world(seed);
          w.addNode("node-1", "172.18.0.2");
          w.addNode("node-2", "172.18.0.3");
          w.addService("p", {
            clusterIP: "10.96.1.1",
            ...(local ? { internalTrafficPolicy: "Local" as const } : {}),
          });
          w.addSlice(
            "p",
            eps.map((e) => ({
              ip: `10.244.1.${e.octet}`,
              node: e.node,
              ready: e.ready,
              serving: e.serving,
              terminating: e.terminating,
            })),
          );
          w.settle();
          const usable = (pool: typeof eps) => {
            const ready = pool.filter((e) => e.ready);
            return ready.length > 0 ? ready : pool.filter((e) => e.serving && e.terminating);
          };
          const anywhere = usable(eps);
          const mine = local ? usable(eps.filter((e) => e.node === "node-1")) : anywhere;
          for (let i = 0; i < 10; i++) {
            const d = w.proxy.connect({ ip: "10.244.1.200", node: "node-1" }, "10.96.1.1", 80);
            if (anywhere.length === 0) expect(d.kind).toBe("reject");
            else if (mine.length === 0) expect(d.kind).toBe("drop");
            else {
              expect(d.kind).toBe("endpoint");
              expect(mine.map((e) => `10.244.1.${e.octet}`)).toContain(endpointIP(d));
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("under the seeded stream the choice is roughly uniform", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer(), (n, seed) => {
        const w = world(seed);
        w.addNode("node-1", "172.18.0.2");
        w.addService("u", { clusterIP: "10.96.1.2" });
        w.addSlice(
          "u",
          Array.from({ length: n }, (_, i) => ({ ip: `10.244.1.${i + 1}`, node: "node-1" })),
        );
        w.settle();
        const counts = new Map<string, number>();
        const draws = 600 * n;
        for (let i = 0; i < draws; i++) {
          const ip = endpointIP(
            w.proxy.connect({ ip: "10.244.1.99", node: "node-1" }, "10.96.1.2", 80),
          );
          counts.set(ip, (counts.get(ip) ?? 0) + 1);
        }
        expect(counts.size).toBe(n);
        // 600 expected per endpoint; 5 standard deviations is about 120
        for (const c of counts.values()) expect(Math.abs(c - 600)).toBeLessThan(130);
      }),
      { numRuns: 15 },
    );
  });

  it("the same seed gives the same sequence of picks", () => {
    const run = () => {
      const w = world(42);
      w.addNode("node-1", "172.18.0.2");
      w.addService("d", { clusterIP: "10.96.1.3" });
      w.addSlice(
        "d",
        Array.from({ length: 5 }, (_, i) => ({ ip: `10.244.1.${i + 1}`, node: "node-1" })),
      );
      w.settle();
      return Array.from({ length: 50 }, () =>
        endpointIP(w.proxy.connect({ ip: "10.244.1.99", node: "node-1" }, "10.96.1.3", 80)),
      );
    };
    expect(run()).toEqual(run());
  });
});
