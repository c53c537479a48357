/**
 * The `bootstrapKubernetesService` option: kube-apiserver's kubernetesservice
 * controller and lease endpoint reconciler create default/kubernetes (Service,
 * Endpoints, EndpointSlice) at start and restore them at the next 10 s tick
 * after an outside change.
 */
import { describe, expect, it } from "vitest";
import { produce } from "immer";
import { harness } from "./internal/fixtures.js";

describe("bootstrapKubernetesService", () => {
  it("is off by default: the store starts with the four namespaces only", () => {
    const { api, trace } = harness();
    expect(api.list("Service").items).toEqual([]);
    expect(api.list("Endpoints").items).toEqual([]);
    expect(api.list("EndpointSlice").items).toEqual([]);
    expect(trace.length).toBe(4);
  });

  it("creates the kubernetes Service at 10.96.0.1, its Endpoints and its EndpointSlice at start", () => {
    const { api, loop } = harness({ bootstrapKubernetesService: true });
    expect(loop.pending).toBe(0); // no timer while nothing changes
    expect(api.list("Namespace").items.map((n) => n.metadata?.name)).toEqual([
      "default",
      "kube-node-lease",
      "kube-public",
      "kube-system",
    ]);
    const svc = api.get("Service", "default", "kubernetes");
    expect(svc.metadata).toMatchObject({
      name: "kubernetes",
      namespace: "default",
      resourceVersion: "5",
      labels: { component: "apiserver", provider: "kubernetes" },
    });
    expect(svc.spec).toEqual({
      ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: 6443 }],
      clusterIP: "10.96.0.1",
      clusterIPs: ["10.96.0.1"],
      type: "ClusterIP",
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    });
    expect(svc.spec?.selector).toBeUndefined(); // the endpoints controllers leave it alone
    expect(svc.status).toEqual({ loadBalancer: {} });

    const ep = api.get("Endpoints", "default", "kubernetes");
    expect(ep.metadata).toMatchObject({
      resourceVersion: "6",
      labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
    });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: "172.18.0.1" }],
        ports: [{ name: "https", port: 6443, protocol: "TCP" }],
      },
    ]);

    const slice = api.get("EndpointSlice", "default", "kubernetes");
    expect(slice.metadata).toMatchObject({
      resourceVersion: "7",
      labels: { "kubernetes.io/service-name": "kubernetes" },
      generation: 1,
    });
    expect(slice.metadata?.labels).toEqual({ "kubernetes.io/service-name": "kubernetes" });
    expect(slice.addressType).toBe("IPv4");
    expect(slice.endpoints).toEqual([{ addresses: ["172.18.0.1"], conditions: { ready: true } }]);
    expect(slice.ports).toEqual([{ name: "https", protocol: "TCP", port: 6443 }]);
    expect(api.serviceAllocations().clusterIPs).toEqual(["10.96.0.1"]);
  });

  it("takes the advertise address and the range's first address from the options", () => {
    const { api } = harness({
      bootstrapKubernetesService: true,
      advertiseAddress: "192.168.49.2",
      serviceClusterIPRange: "10.0.0.0/24",
    });
    expect(api.get("Service", "default", "kubernetes").spec?.clusterIP).toBe("10.0.0.1");
    expect(api.get("Endpoints", "default", "kubernetes").subsets?.[0]?.addresses).toEqual([
      { ip: "192.168.49.2" },
    ]);
  });

  it("nobody else can take 10.96.0.1 once the Service holds it", () => {
    const { api } = harness({ bootstrapKubernetesService: true });
    expect(() =>
      api.create("Service", {
        metadata: { name: "x" },
        spec: { clusterIP: "10.96.0.1", ports: [{ port: 80 }] },
      }),
    ).toThrow("failed to allocate IP 10.96.0.1: provided IP is already allocated");
  });

  it("a deleted kubernetes Service (and its Endpoints) come back at the next 10 s tick", () => {
    const { api, loop } = harness({ bootstrapKubernetesService: true });
    loop.advance("4s");
    api.delete("Service", "default", "kubernetes");
    // the Service registry's afterDelete removed the Endpoints too; the slice stays
    expect(() => api.get("Endpoints", "default", "kubernetes")).toThrow(/not found/);
    expect(api.get("EndpointSlice", "default", "kubernetes").metadata?.resourceVersion).toBe("7");
    expect(api.serviceAllocations().clusterIPs).toEqual([]);
    loop.advance("5999ms");
    expect(() => api.get("Service", "default", "kubernetes")).toThrow(/not found/);
    loop.advance("1ms"); // t = 10 s
    const svc = api.get("Service", "default", "kubernetes");
    expect(svc.spec?.clusterIP).toBe("10.96.0.1");
    expect(svc.metadata?.creationTimestamp).toBe("2024-01-01T00:00:10Z");
    expect(api.get("Endpoints", "default", "kubernetes").subsets?.[0]?.addresses).toEqual([
      { ip: "172.18.0.1" },
    ]);
    // the slice already matched: not written again
    expect(api.get("EndpointSlice", "default", "kubernetes").metadata?.resourceVersion).toBe("7");
    expect(loop.pending).toBe(0);
  });

  it("resets edited Endpoints and EndpointSlice, but not the Service's spec", () => {
    const { api, loop } = harness({ bootstrapKubernetesService: true });
    loop.advance("12s");
    const ep = api.get("Endpoints", "default", "kubernetes");
    api.update(
      "Endpoints",
      produce(ep, (d) => {
        d.subsets![0]!.addresses = [{ ip: "10.1.2.3" }];
        delete d.metadata!.labels;
      }),
    );
    const slice = api.get("EndpointSlice", "default", "kubernetes");
    api.update(
      "EndpointSlice",
      produce(slice, (d) => {
        d.endpoints = [];
      }),
    );
    const svc = api.get("Service", "default", "kubernetes");
    api.update(
      "Service",
      produce(svc, (d) => {
        d.spec!.ports![0]!.port = 8443;
      }),
    );
    loop.advance("7999ms"); // t = 19.999 s
    expect(api.get("Endpoints", "default", "kubernetes").subsets?.[0]?.addresses).toEqual([
      { ip: "10.1.2.3" },
    ]);
    loop.advance("1ms"); // the tick at 20 s
    const fixed = api.get("Endpoints", "default", "kubernetes");
    expect(fixed.subsets?.[0]?.addresses).toEqual([{ ip: "172.18.0.1" }]);
    expect(fixed.metadata?.labels).toEqual({ "endpointslice.kubernetes.io/skip-mirror": "true" });
    expect(api.get("EndpointSlice", "default", "kubernetes").endpoints).toEqual([
      { addresses: ["172.18.0.1"], conditions: { ready: true } },
    ]);
    expect(api.get("Service", "default", "kubernetes").spec?.ports?.[0]?.port).toBe(8443);
  });

  it("the same seed gives the same trace", () => {
    const run = (): string => {
      const { loop, api, trace } = harness({ bootstrapKubernetesService: true, seed: 3 });
      api.create("Service", {
        metadata: { name: "web" },
        spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80 }] },
      });
      api.delete("Service", "default", "kubernetes");
      loop.advance("30s");
      return trace.hash();
    };
    expect(run()).toBe(run());
  });
});
