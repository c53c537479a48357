/**
 * Service ClusterIP and NodePort allocation through the API (the Service
 * registry's BeginCreate/BeginUpdate/AfterDelete, storage/alloc.go): what is
 * allocated on create, what updates allocate and release, when a delete
 * releases, Kubernetes' error texts, atomicity and dry run.
 */
import { describe, expect, it } from "vitest";
import { produce } from "immer";
import { isApiError, type ApiError } from "@kubesim/api";
import type { Service, ServiceSpec } from "kubernetes-types/core/v1";
import { harness, snapshot } from "./internal/fixtures.js";
import type { ApiServer } from "./apiserver.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

function svc(name: string, spec: ServiceSpec = {}, namespace = "default"): Service {
  return {
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  };
}

const ipNum = (ip: string): number => ip.split(".").reduce((a, p) => a * 256 + Number(p), 0);
/** Offset in 10.96.0.0/12 (0 = 10.96.0.1). */
const offset = (ip: string): number => ipNum(ip) - ipNum("10.96.0.1");

function allocations(api: ApiServer): { clusterIPs: string[]; nodePorts: number[] } {
  const s = api.serviceAllocations();
  return { clusterIPs: [...s.clusterIPs], nodePorts: [...s.nodePorts] };
}

describe("Service create: ClusterIP", () => {
  it("allocates a ClusterIP from the dynamic band and sets the fields kube-apiserver sets", () => {
    const { api } = harness();
    const s = api.create("Service", svc("web"));
    const ip = s.spec!.clusterIP!;
    expect(offset(ip)).toBeGreaterThanOrEqual(256); // past the static band 10.96.0.1-10.96.1.0
    expect(offset(ip)).toBeLessThan(2 ** 20 - 2);
    expect(s.spec).toEqual({
      ports: [{ protocol: "TCP", port: 80, targetPort: 80 }],
      selector: { app: "web" },
      clusterIP: ip,
      clusterIPs: [ip],
      type: "ClusterIP",
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    });
    // ServiceSpec's fields in the Go struct's order, as kube-apiserver encodes them.
    expect(Object.keys(s.spec!)).toEqual([
      "ports",
      "selector",
      "clusterIP",
      "clusterIPs",
      "type",
      "sessionAffinity",
      "ipFamilies",
      "ipFamilyPolicy",
      "internalTrafficPolicy",
    ]);
    expect(s.status).toEqual({ loadBalancer: {} });
    expect(api.get("Service", "default", "web")).toEqual(s);
    expect(allocations(api).clusterIPs).toEqual([ip]);
  });

  it("draws from the seeded stream: the same seed gives the same addresses, another seed others", () => {
    const ips = (seed: number): string[] => {
      const { api } = harness({ seed });
      return ["a", "b", "c"].map((n) => api.create("Service", svc(n)).spec!.clusterIP!);
    };
    expect(ips(7)).toEqual(ips(7));
    expect(ips(7)).not.toEqual(ips(8));
    expect(new Set(ips(7)).size).toBe(3);
  });

  it("honours a requested IP, given as clusterIP alone or with clusterIPs", () => {
    const { api } = harness();
    const dns = api.create("Service", svc("kube-dns", { clusterIP: "10.96.0.10" }, "kube-system"));
    expect(dns.spec).toMatchObject({ clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"] });
    const both = api.create(
      "Service",
      svc("b", { clusterIP: "10.100.0.7", clusterIPs: ["10.100.0.7"] }),
    );
    expect(both.spec?.clusterIPs).toEqual(["10.100.0.7"]);
    expect(allocations(api).clusterIPs).toEqual(["10.96.0.10", "10.100.0.7"]);
  });

  it("refuses a requested IP that is taken, with kube-apiserver's Status", () => {
    const { api } = harness();
    api.create("Service", svc("a", { clusterIP: "10.96.0.5" }));
    const err = caught(() => api.create("Service", svc("x", { clusterIP: "10.96.0.5" })));
    expect(err.message).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated',
    );
    expect(err.status).toMatchObject({
      code: 422,
      reason: "Invalid",
      details: {
        name: "x",
        group: "",
        kind: "Service",
        causes: [
          {
            reason: "FieldValueInvalid",
            message:
              'Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated',
            field: "spec.clusterIPs",
          },
        ],
      },
    });
  });

  it("refuses an IP outside the range, and the range's network and broadcast addresses", () => {
    const { api } = harness();
    expect(caught(() => api.create("Service", svc("x", { clusterIP: "10.112.0.1" }))).message).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.112.0.1"}: failed to allocate IP 10.112.0.1: the provided network does not match the current range',
    );
    expect(caught(() => api.create("Service", svc("x", { clusterIP: "10.96.0.0" }))).message).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.0"}: failed to allocate IP 10.96.0.0: the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(
      caught(() => api.create("Service", svc("x", { clusterIP: "10.111.255.255" }))).message,
    ).toContain("the provided IP (10.111.255.255) is not in the valid range");
    expect(allocations(api).clusterIPs).toEqual([]);
  });

  it("pre-validates the clusterIP fields before allocating (initIPFamilyFields)", () => {
    const { api } = harness();
    const bad = caught(() => api.create("Service", svc("x", { clusterIP: "10.96.0.300" })));
    expect(bad.reason).toBe("Invalid");
    expect(bad.status.details?.causes?.map((c) => c.field)).toEqual(["spec.clusterIPs[0]"]);
    const mismatch = caught(() =>
      api.create("Service", svc("x", { clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.6"] })),
    );
    expect(mismatch.message).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.6"}: first value must match `clusterIP`',
    );
    expect(allocations(api).clusterIPs).toEqual([]);
  });

  it("refuses IPv6 and dual-stack on this single-stack cluster", () => {
    const { api } = harness();
    expect(caught(() => api.create("Service", svc("x", { clusterIP: "fd00::10" }))).message).toBe(
      'Service "x" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: IPv6 is not configured on this cluster',
    );
    expect(caught(() => api.create("Service", svc("x", { ipFamilies: ["IPv6"] }))).message).toBe(
      'Service "x" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    );
    expect(
      caught(() => api.create("Service", svc("x", { ipFamilyPolicy: "RequireDualStack" }))).message,
    ).toBe(
      'Service "x" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    );
    // PreferDualStack is accepted and stays single-stack.
    const p = api.create("Service", svc("p", { ipFamilyPolicy: "PreferDualStack" }));
    expect(p.spec).toMatchObject({ ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4"] });
    expect(p.spec?.clusterIPs).toHaveLength(1);
  });

  it("headless services get no IP; without a selector they default to RequireDualStack", () => {
    const { api } = harness();
    const h = api.create("Service", svc("db", { clusterIP: "None" }));
    expect(h.spec).toMatchObject({
      clusterIP: "None",
      clusterIPs: ["None"],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    });
    const bare = api.create("Service", {
      metadata: { name: "ext-db" },
      spec: { clusterIP: "None", ports: [{ port: 5432 }] },
    });
    expect(bare.spec).toMatchObject({
      clusterIPs: ["None"],
      ipFamilies: ["IPv4", "IPv6"],
      ipFamilyPolicy: "RequireDualStack",
    });
    expect(allocations(api).clusterIPs).toEqual([]);
  });

  it("ExternalName services get no IP and no IP-family fields", () => {
    const { api } = harness();
    const e = api.create("Service", {
      metadata: { name: "ext" },
      spec: { type: "ExternalName", externalName: "db.example.com" },
    });
    expect(e.spec).toEqual({
      type: "ExternalName",
      sessionAffinity: "None",
      externalName: "db.example.com",
    });
    expect(allocations(api)).toEqual({ clusterIPs: [], nodePorts: [] });
  });

  it("a full range is a 500 InternalError", () => {
    const { api } = harness({ serviceClusterIPRange: "10.0.0.0/30" }); // 2 usable addresses
    api.create("Service", svc("a"));
    api.create("Service", svc("b"));
    const err = caught(() => api.create("Service", svc("c")));
    expect(err.status).toMatchObject({
      code: 500,
      reason: "InternalError",
      message: "Internal error occurred: failed to allocate a serviceIP: range is full",
      details: { causes: [{ message: "failed to allocate a serviceIP: range is full" }] },
    });
  });
});

describe("Service create: NodePort and LoadBalancer", () => {
  it("allocates a nodePort per port from the dynamic band; externalTrafficPolicy defaults to Cluster", () => {
    const { api } = harness();
    const s = api.create(
      "Service",
      svc("web", {
        type: "NodePort",
        ports: [
          { name: "http", port: 80 },
          { name: "https", port: 443 },
        ],
      }),
    );
    const nps = s.spec!.ports!.map((p) => p.nodePort!);
    for (const np of nps) {
      expect(np).toBeGreaterThanOrEqual(30086); // the static band is 30000-30085
      expect(np).toBeLessThanOrEqual(32767);
    }
    expect(new Set(nps).size).toBe(2);
    expect(s.spec).toMatchObject({ type: "NodePort", externalTrafficPolicy: "Cluster" });
    expect(Object.keys(s.spec!.ports![0]!)).toEqual([
      "name",
      "protocol",
      "port",
      "targetPort",
      "nodePort",
    ]);
    expect(allocations(api).nodePorts).toEqual([...nps].sort((a, b) => a - b));
  });

  it("honours a requested nodePort and refuses a taken or out-of-range one", () => {
    const { api } = harness();
    const a = api.create(
      "Service",
      svc("a", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }),
    );
    expect(a.spec?.ports?.[0]?.nodePort).toBe(30080);
    const taken = caught(() =>
      api.create("Service", svc("b", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] })),
    );
    expect(taken.message).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(taken.status.details?.causes).toEqual([
      {
        reason: "FieldValueInvalid",
        message: "Invalid value: 30080: provided port is already allocated",
        field: "spec.ports[0].nodePort",
      },
    ]);
    const out = caught(() =>
      api.create(
        "Service",
        svc("c", {
          type: "NodePort",
          ports: [
            { name: "a", port: 80 },
            { name: "b", port: 81, nodePort: 29999 },
          ],
        }),
      ),
    );
    expect(out.message).toBe(
      'Service "c" is invalid: spec.ports[1].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(allocations(api).nodePorts).toEqual([30080]); // c's first port was given back
  });

  it("ports with the same number (TCP and UDP) share one nodePort", () => {
    const { api } = harness();
    const dns = api.create(
      "Service",
      svc("dns", {
        type: "NodePort",
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP" },
        ],
      }),
    );
    const [udp, tcp] = dns.spec!.ports!;
    expect(udp!.nodePort).toBe(tcp!.nodePort);
    expect(allocations(api).nodePorts).toEqual([udp!.nodePort]);
    // a request on either port applies to both
    const req = api.create(
      "Service",
      svc("dns2", {
        type: "NodePort",
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP", nodePort: 30053 },
        ],
      }),
    );
    expect(req.spec!.ports!.map((p) => p.nodePort)).toEqual([30053, 30053]);
  });

  it("LoadBalancer: nodePorts unless allocateLoadBalancerNodePorts is false (requests still honoured)", () => {
    const { api } = harness();
    const lb = api.create("Service", svc("lb", { type: "LoadBalancer" }));
    expect(lb.spec).toMatchObject({
      type: "LoadBalancer",
      allocateLoadBalancerNodePorts: true,
      externalTrafficPolicy: "Cluster",
    });
    expect(lb.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30086);
    expect(lb.spec?.healthCheckNodePort).toBeUndefined();
    const none = api.create(
      "Service",
      svc("lb2", {
        type: "LoadBalancer",
        allocateLoadBalancerNodePorts: false,
        ports: [
          { name: "a", port: 80 },
          { name: "b", port: 81, nodePort: 30081 },
        ],
      }),
    );
    expect(none.spec!.ports!.map((p) => p.nodePort)).toEqual([undefined, 30081]);
  });

  it("LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort", () => {
    const { api } = harness();
    const lb = api.create(
      "Service",
      svc("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local" }),
    );
    const hc = lb.spec!.healthCheckNodePort!;
    expect(hc).toBeGreaterThanOrEqual(30086);
    expect(hc).not.toBe(lb.spec!.ports![0]!.nodePort);
    expect(allocations(api).nodePorts).toHaveLength(2);
    const taken = caught(() =>
      api.create(
        "Service",
        svc("lb2", {
          type: "LoadBalancer",
          externalTrafficPolicy: "Local",
          healthCheckNodePort: hc,
        }),
      ),
    );
    expect(taken.status).toMatchObject({
      code: 500,
      reason: "InternalError",
      message: `Internal error occurred: failed to allocate requested HealthCheck NodePort ${hc}: provided port is already allocated`,
    });
    expect(allocations(api).nodePorts).toHaveLength(2); // lb2's nodePort was given back
  });

  it("a full NodePort range is a 500 InternalError", () => {
    const { api } = harness({ serviceNodePortRange: "30000-30001" });
    api.create("Service", svc("a", { type: "NodePort" }));
    api.create("Service", svc("b", { type: "NodePort" }));
    expect(
      caught(() => api.create("Service", svc("c", { type: "NodePort" }))).status,
    ).toMatchObject({
      code: 500,
      message: "Internal error occurred: failed to allocate a nodePort: range is full",
    });
  });
});

describe("Service create: atomicity and dry run", () => {
  it("a create refused after allocating (taken port, validation, already exists) leaves nothing behind", () => {
    const h = harness();
    const { api } = h;
    api.create("Service", svc("a", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }));
    const before = snapshot(h);
    const alloc = allocations(api);
    // second port's nodePort is taken: the first port's and the ClusterIP are given back
    caught(() =>
      api.create(
        "Service",
        svc("b", {
          type: "NodePort",
          ports: [
            { name: "x", port: 81 },
            { name: "y", port: 82, nodePort: 30080 },
          ],
        }),
      ),
    );
    // allocation succeeded, validation refuses (bad port name)
    caught(() =>
      api.create(
        "Service",
        svc("c", {
          type: "NodePort",
          ports: [
            { name: "Bad_Name", port: 81 },
            { name: "y", port: 82 },
          ],
        }),
      ),
    );
    // allocation succeeded, the name is taken
    const dup = caught(() => api.create("Service", svc("a", { type: "NodePort" })));
    expect(dup.reason).toBe("AlreadyExists");
    // a resourceVersion on create
    caught(() =>
      api.create("Service", { ...svc("d"), metadata: { name: "d", resourceVersion: "3" } }),
    );
    expect(snapshot(h)).toEqual(before);
    expect(allocations(api)).toEqual(alloc);
  });

  it("dry run allocates nothing: the network address and a dummy nodePort stand in", () => {
    const h = harness();
    const { api } = h;
    api.create(
      "Service",
      svc("a", {
        clusterIP: "10.96.0.5",
        type: "NodePort",
        ports: [{ port: 80, nodePort: 30080 }],
      }),
    );
    const before = snapshot(h);
    const alloc = allocations(api);
    const dry = api.create(
      "Service",
      svc("b", {
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        ports: [
          { name: "a", port: 80 },
          { name: "b", port: 81 },
        ],
      }),
      { dryRun: true },
    );
    expect(dry.spec?.clusterIP).toBe("10.96.0.0");
    expect(dry.spec!.ports!.map((p) => p.nodePort)).toEqual([32769, 32770]);
    expect(dry.spec?.healthCheckNodePort).toBe(32771);
    // a taken IP passes a dry run (it is not looked at); a taken port does not
    expect(
      api.create("Service", svc("c", { clusterIP: "10.96.0.5" }), { dryRun: true }).spec?.clusterIP,
    ).toBe("10.96.0.5");
    expect(
      caught(() =>
        api.create(
          "Service",
          svc("d", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }),
          {
            dryRun: true,
          },
        ),
      ).message,
    ).toContain("provided port is already allocated");
    // out of range is checked against the CIDR allocator's range
    expect(
      caught(() => api.create("Service", svc("e", { clusterIP: "10.112.0.1" }), { dryRun: true }))
        .message,
    ).toContain(
      "failed to allocate IP 10.112.0.1: the provided IP (10.112.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    );
    expect(snapshot(h)).toEqual(before);
    expect(allocations(api)).toEqual(alloc);
  });

  it("create-on-update (PUT of a missing Service) allocates like a create", () => {
    const { api } = harness();
    const s = api.update("Service", svc("put", { type: "NodePort" }));
    expect(s.spec?.clusterIP).toBeDefined();
    expect(allocations(api)).toEqual({
      clusterIPs: [s.spec!.clusterIP!],
      nodePorts: [s.spec!.ports![0]!.nodePort!],
    });
  });
});

describe("Service update", () => {
  it("resubmitting the original manifest keeps what was allocated (patchAllocatedValues)", () => {
    const { api } = harness();
    const manifest = svc("web", { type: "NodePort" });
    const first = api.create("Service", manifest);
    const again = api.update("Service", manifest);
    expect(again.spec).toEqual(first.spec);
    expect(again.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion); // nothing written
  });

  it("the clusterIP may not change", () => {
    const { api } = harness();
    const s = api.create("Service", svc("web"));
    const err = caught(() =>
      api.update(
        "Service",
        produce(s, (d) => {
          d.spec!.clusterIP = "10.96.0.99";
        }),
      ),
    );
    expect(err.reason).toBe("Invalid");
    expect(err.message).toContain("spec.clusterIPs[0]");
    expect(err.message).toContain("may not change once set");
    expect(allocations(api).clusterIPs).toEqual([s.spec!.clusterIP]);
  });

  it("ClusterIP -> ExternalName releases the IP; ExternalName -> ClusterIP allocates one", () => {
    const { api } = harness();
    const s = api.create("Service", svc("web"));
    const ext = api.update(
      "Service",
      produce(s, (d) => {
        d.spec!.type = "ExternalName";
        d.spec!.externalName = "web.example.com";
      }),
    );
    expect(ext.spec?.clusterIP).toBeUndefined();
    expect(ext.spec?.clusterIPs).toBeUndefined();
    expect(ext.spec?.ipFamilies).toBeUndefined();
    expect(ext.spec?.ipFamilyPolicy).toBeUndefined();
    expect(ext.spec?.internalTrafficPolicy).toBeUndefined();
    expect(allocations(api).clusterIPs).toEqual([]);
    const back = api.update(
      "Service",
      produce(ext, (d) => {
        d.spec!.type = "ClusterIP";
        delete d.spec!.externalName;
      }),
    );
    expect(back.spec).toMatchObject({ ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack" });
    expect(allocations(api).clusterIPs).toEqual([back.spec!.clusterIP]);
  });

  it("ClusterIP -> NodePort allocates; NodePort -> ClusterIP releases and clears the nodePorts", () => {
    const { api } = harness();
    const s = api.create("Service", svc("web"));
    const np = api.update(
      "Service",
      produce(s, (d) => {
        d.spec!.type = "NodePort";
      }),
    );
    const port = np.spec!.ports![0]!.nodePort!;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(np.spec?.externalTrafficPolicy).toBe("Cluster");
    expect(allocations(api).nodePorts).toEqual([port]);
    const back = api.update(
      "Service",
      produce(np, (d) => {
        d.spec!.type = "ClusterIP";
      }),
    );
    expect(back.spec!.ports![0]!.nodePort).toBeUndefined();
    expect(back.spec?.externalTrafficPolicy).toBeUndefined();
    expect(allocations(api).nodePorts).toEqual([]);
  });

  it("NodePort -> ClusterIP that also changes a nodePort is refused and releases nothing", () => {
    const { api } = harness();
    const np = api.create(
      "Service",
      svc("web", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }),
    );
    const err = caught(() =>
      api.update(
        "Service",
        produce(np, (d) => {
          d.spec!.type = "ClusterIP";
          d.spec!.ports![0]!.nodePort = 30081;
        }),
      ),
    );
    expect(err.reason).toBe("Invalid");
    expect(err.message).toContain(
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
    expect(allocations(api).nodePorts).toEqual([30080]);
  });

  it("LoadBalancer -> NodePort keeps the nodePorts and clears the load-balancer fields and status", () => {
    const { api } = harness();
    const lb = api.create("Service", svc("web", { type: "LoadBalancer" }));
    const withStatus = api.update(
      "Service",
      produce(lb, (d) => {
        d.status = { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } };
      }),
      { subresource: "status" },
    );
    const np = api.update(
      "Service",
      produce(withStatus, (d) => {
        d.spec!.type = "NodePort";
      }),
    );
    expect(np.spec!.ports![0]!.nodePort).toBe(lb.spec!.ports![0]!.nodePort);
    expect(np.spec?.allocateLoadBalancerNodePorts).toBeUndefined();
    expect(np.status).toEqual({ loadBalancer: {} });
    expect(allocations(api).nodePorts).toEqual([lb.spec!.ports![0]!.nodePort]);
  });

  it("ports added get a nodePort, ports removed give theirs back", () => {
    const { api } = harness();
    const s = api.create(
      "Service",
      svc("web", { type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30080 }] }),
    );
    const two = api.update(
      "Service",
      produce(s, (d) => {
        d.spec!.ports!.push({ name: "https", port: 443, protocol: "TCP", targetPort: 443 });
      }),
    );
    const added = two.spec!.ports![1]!.nodePort!;
    expect(added).toBeGreaterThanOrEqual(30000);
    expect(allocations(api).nodePorts).toEqual([30080, added].sort((a, b) => a - b));
    api.update(
      "Service",
      produce(two, (d) => {
        d.spec!.ports!.shift();
      }),
    );
    expect(allocations(api).nodePorts).toEqual([added]);
  });

  it("externalTrafficPolicy Cluster -> Local allocates the health-check port; back releases it", () => {
    const { api } = harness();
    const lb = api.create("Service", svc("web", { type: "LoadBalancer" }));
    const local = api.update(
      "Service",
      produce(lb, (d) => {
        d.spec!.externalTrafficPolicy = "Local";
      }),
    );
    const hc = local.spec!.healthCheckNodePort!;
    expect(allocations(api).nodePorts).toContain(hc);
    const cluster = api.update(
      "Service",
      produce(local, (d) => {
        d.spec!.externalTrafficPolicy = "Cluster";
      }),
    );
    expect(cluster.spec?.healthCheckNodePort).toBeUndefined();
    expect(allocations(api).nodePorts).not.toContain(hc);
  });

  it("an update refused by validation gives back what it took and keeps what it had", () => {
    const h = harness();
    const { api } = h;
    const s = api.create(
      "Service",
      svc("web", { type: "NodePort", ports: [{ name: "a", port: 80 }] }),
    );
    const before = snapshot(h);
    const alloc = allocations(api);
    caught(() =>
      api.update(
        "Service",
        produce(s, (d) => {
          d.spec!.ports = [{ name: "b", port: 81, protocol: "TCP", targetPort: 81 }]; // releases a's, allocates b's
          d.spec!.sessionAffinity = "Sometimes" as never; // then validation refuses
        }),
      ),
    );
    expect(snapshot(h)).toEqual(before);
    expect(allocations(api)).toEqual(alloc);
  });

  it("two ports asking for one nodePort in an update is upstream's bare 500", () => {
    const { api } = harness();
    const s = api.create(
      "Service",
      svc("web", {
        type: "NodePort",
        ports: [
          { name: "a", port: 80, nodePort: 30080 },
          { name: "b", port: 81 },
        ],
      }),
    );
    const err = caught(() =>
      api.update(
        "Service",
        produce(s, (d) => {
          d.spec!.ports![1]!.nodePort = 30080;
        }),
      ),
    );
    expect(err.status).toMatchObject({ code: 500, message: "duplicate nodePort: {TCP 30080}" });
  });

  it("a dry-run update allocates and releases nothing", () => {
    const h = harness();
    const { api } = h;
    const s = api.create("Service", svc("web", { type: "NodePort" }));
    const before = snapshot(h);
    const alloc = allocations(api);
    const dry = api.update(
      "Service",
      produce(s, (d) => {
        d.spec!.type = "ClusterIP";
      }),
      { dryRun: true },
    );
    expect(dry.spec!.ports![0]!.nodePort).toBeUndefined();
    api.update(
      "Service",
      produce(s, (d) => {
        d.spec!.externalTrafficPolicy = "Local";
        d.spec!.type = "LoadBalancer";
      }),
      { dryRun: true },
    );
    expect(snapshot(h)).toEqual(before);
    expect(allocations(api)).toEqual(alloc);
  });

  it("a status write leaves the allocations alone", () => {
    const { api } = harness();
    const s = api.create("Service", svc("web", { type: "LoadBalancer" }));
    const alloc = allocations(api);
    api.update(
      "Service",
      produce(s, (d) => {
        d.spec!.type = "ClusterIP";
        d.status = { loadBalancer: { ingress: [{ ip: "172.18.255.200" }] } };
      }),
      { subresource: "status" },
    );
    expect(allocations(api)).toEqual(alloc);
    expect(api.get("Service", "default", "web").spec?.type).toBe("LoadBalancer");
  });

  it("patches go through the same path", () => {
    const { api } = harness();
    api.create("Service", svc("web"));
    const p = api.patch("Service", "default", "web", "merge", { spec: { type: "NodePort" } });
    expect(allocations(api).nodePorts).toEqual([p.spec!.ports![0]!.nodePort]);
  });
});

describe("Service delete", () => {
  it("releases everything when the Service is removed, and deletes its Endpoints", () => {
    const { api } = harness();
    api.create("Service", svc("web", { type: "LoadBalancer", externalTrafficPolicy: "Local" }));
    api.create("Endpoints", {
      metadata: { name: "web" },
      subsets: [{ addresses: [{ ip: "10.244.0.5" }], ports: [{ port: 80 }] }],
    });
    api.create("Endpoints", { metadata: { name: "other" } });
    api.delete("Service", "default", "web");
    expect(allocations(api)).toEqual({ clusterIPs: [], nodePorts: [] });
    expect(api.list("Endpoints").items.map((e) => e.metadata?.name)).toEqual(["other"]);
    // the addresses are free again
    const again = api.create("Service", svc("web2", { type: "NodePort" }));
    expect(allocations(api).clusterIPs).toEqual([again.spec!.clusterIP]);
  });

  it("a finalizer holds the allocations until the Service is actually removed", () => {
    const { api } = harness();
    const s = api.create("Service", {
      ...svc("web", { clusterIP: "10.96.0.50" }),
      metadata: { name: "web", finalizers: ["example.com/hold"] },
    });
    api.delete("Service", "default", "web");
    expect(allocations(api).clusterIPs).toEqual(["10.96.0.50"]);
    expect(
      caught(() => api.create("Service", svc("x", { clusterIP: "10.96.0.50" }))).message,
    ).toContain("provided IP is already allocated");
    const marked = api.get("Service", "default", "web");
    api.update(
      "Service",
      produce(marked, (d) => {
        d.metadata!.finalizers = [];
      }),
    );
    expect(() => api.get("Service", "default", "web")).toThrow(/not found/);
    expect(allocations(api).clusterIPs).toEqual([]);
    expect(s.spec?.clusterIP).toBe("10.96.0.50");
  });

  it("a dry-run delete releases nothing", () => {
    const { api } = harness();
    api.create("Service", svc("web", { type: "NodePort" }));
    const alloc = allocations(api);
    api.delete("Service", "default", "web", { dryRun: true });
    expect(allocations(api)).toEqual(alloc);
  });

  it("deleting the namespace releases its Services' allocations", () => {
    const { api, loop } = harness();
    api.create("Namespace", { metadata: { name: "team" } });
    api.create("Service", svc("web", { type: "NodePort" }, "team"));
    api.delete("Namespace", undefined, "team");
    loop.settle();
    expect(() => api.get("Namespace", undefined, "team")).toThrow(/not found/);
    expect(allocations(api)).toEqual({ clusterIPs: [], nodePorts: [] });
  });
});
