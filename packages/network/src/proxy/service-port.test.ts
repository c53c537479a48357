import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describe, expect, it } from "vitest";
import { endpointsByServicePort } from "./endpoint-slice-cache.js";
import { formatServicePortName, servicePorts, shouldSkipService } from "./service-port.js";

describe("servicePorts (newBaseServiceInfo)", () => {
  it("one entry per port, with VIPs, node port, affinity and policies", () => {
    const [p] = servicePorts({
      metadata: { name: "web", namespace: "shop" },
      spec: {
        type: "LoadBalancer",
        clusterIP: "10.96.0.9",
        clusterIPs: ["10.96.0.9"],
        ports: [{ port: 80, nodePort: 30080 }],
        externalIPs: ["198.51.100.1", "2001:db8::1"],
        sessionAffinity: "ClientIP",
        externalTrafficPolicy: "Local",
      },
      status: {
        loadBalancer: {
          ingress: [
            { ip: "172.18.255.1" },
            { hostname: "lb.example.com" },
            { ip: "172.18.255.2", ipMode: "Proxy" },
          ],
        },
      },
    });
    expect(p).toEqual({
      namespace: "shop",
      name: "web",
      port: "",
      protocol: "TCP",
      clusterIPs: ["10.96.0.9"],
      servicePort: 80,
      nodePort: 30080,
      externalIPs: ["198.51.100.1"],
      loadBalancerIPs: ["172.18.255.1"],
      stickyMaxAgeSeconds: 10_800,
      internalPolicyLocal: false,
      externalPolicyLocal: true,
    });
    expect(formatServicePortName(p!)).toBe("shop/web");
    expect(formatServicePortName({ ...p!, port: "http" })).toBe("shop/web:http");
  });

  it("externalTrafficPolicy Local only counts on an externally accessible service", () => {
    const [p] = servicePorts({
      metadata: { name: "a", namespace: "default" },
      spec: { clusterIP: "10.96.0.9", ports: [{ port: 80 }], externalTrafficPolicy: "Local" },
    });
    expect(p!.externalPolicyLocal).toBe(false);
  });

  it("ShouldSkipService: headless, unallocated, ExternalName", () => {
    expect(shouldSkipService({ spec: { clusterIP: "None" } })).toBe(true);
    expect(shouldSkipService({ spec: {} })).toBe(true);
    expect(shouldSkipService({ spec: { type: "ExternalName", externalName: "x.example" } })).toBe(
      true,
    );
    expect(shouldSkipService({ spec: { clusterIP: "10.96.0.1" } })).toBe(false);
  });
});

describe("endpointsByServicePort (endpointslicecache)", () => {
  const slice = (name: string, extra: Partial<EndpointSlice>): EndpointSlice => ({
    metadata: { name, namespace: "default", labels: { "kubernetes.io/service-name": "s" } },
    addressType: "IPv4",
    endpoints: [],
    ...extra,
  });

  it("unset conditions mean ready, serving, not terminating; only the first address; IPv6 slices and portless ports are skipped", () => {
    const m = endpointsByServicePort([
      slice("s-1", {
        ports: [{ name: "http", port: 8080 }, { name: "nope" }],
        endpoints: [{ addresses: ["10.244.0.9", "10.244.0.99"] }, { addresses: [] }],
      }),
      slice("s-2", {
        addressType: "IPv6",
        ports: [{ name: "http", port: 8080 }],
        endpoints: [{ addresses: ["fd00::1"] }],
      }),
    ]);
    expect([...m.keys()]).toEqual(["http/TCP"]);
    expect(m.get("http/TCP")).toEqual([
      { ip: "10.244.0.9", port: 8080, ready: true, serving: true, terminating: false },
    ]);
  });

  it("endpoints come back ordered by ip:port as strings (10.0.0.10 before 10.0.0.9)", () => {
    const m = endpointsByServicePort([
      slice("s-1", {
        ports: [{ port: 80, protocol: "TCP" }],
        endpoints: [{ addresses: ["10.0.0.9"] }, { addresses: ["10.0.0.10"] }],
      }),
    ]);
    expect(m.get("/TCP")!.map((e) => e.ip)).toEqual(["10.0.0.10", "10.0.0.9"]);
  });
});
