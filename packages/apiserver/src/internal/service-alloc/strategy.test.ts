/**
 * patchAllocatedValues (storage.go) and dropTypeDependentFields /
 * the load-balancer status reset (strategy.go) on plain specs.
 */
import { describe, expect, it } from "vitest";
import {
  dropTypeDependentFields,
  patchAllocatedValues,
  serviceStatusForUpdate,
} from "./strategy.js";
import { goValue } from "./errors.js";

describe("patchAllocatedValues", () => {
  it("fills a missing clusterIP, nodePorts by port name and the health-check port", () => {
    const old = {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 31000,
      clusterIP: "10.96.5.5",
      clusterIPs: ["10.96.5.5"],
      ports: [
        { name: "http", port: 80, nodePort: 30080 },
        { name: "https", port: 443, nodePort: 30443 },
      ],
    };
    const spec: Record<string, unknown> = {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      ports: [
        { name: "https", port: 443 },
        { name: "http", port: 80 },
        { name: "new", port: 8080 },
      ],
    };
    patchAllocatedValues(spec, old);
    expect(spec).toMatchObject({
      clusterIP: "10.96.5.5",
      clusterIPs: ["10.96.5.5"],
      healthCheckNodePort: 31000,
      ports: [
        { name: "https", nodePort: 30443 },
        { name: "http", nodePort: 30080 },
        { name: "new", port: 8080 },
      ],
    });
    expect((spec["ports"] as { nodePort?: number }[])[2]!.nodePort).toBeUndefined();
  });

  it("does not reuse a nodePort another port of the new spec already uses", () => {
    const old = { type: "NodePort", ports: [{ name: "a", port: 80, nodePort: 30080 }] };
    const spec = {
      type: "NodePort",
      ports: [
        { name: "b", port: 81, nodePort: 30080 },
        { name: "a", port: 80 } as { name: string; port: number; nodePort?: number },
      ],
    };
    patchAllocatedValues(spec, old);
    expect(spec.ports[1]!.nodePort).toBeUndefined();
  });

  it("does nothing across ExternalName", () => {
    const spec: Record<string, unknown> = { type: "ClusterIP" };
    patchAllocatedValues(spec, { type: "ExternalName", externalName: "x" });
    expect(spec).toEqual({ type: "ClusterIP" });
  });
});

describe("dropTypeDependentFields", () => {
  it("to ExternalName: wipes unchanged clusterIP fields and the internal traffic policy", () => {
    const old = {
      type: "ClusterIP",
      clusterIP: "10.96.5.5",
      clusterIPs: ["10.96.5.5"],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    };
    const spec: Record<string, unknown> = { ...old, type: "ExternalName", externalName: "x.io" };
    dropTypeDependentFields(spec, old);
    expect(spec).toEqual({ type: "ExternalName", externalName: "x.io" });
    // a changed clusterIP is left for validation to refuse
    const changed: Record<string, unknown> = {
      ...old,
      type: "ExternalName",
      clusterIP: "10.96.5.6",
    };
    dropTypeDependentFields(changed, old);
    expect(changed["clusterIP"]).toBe("10.96.5.6");
  });

  it("NodePort -> ClusterIP wipes nodePorts unless one was added; LB fields go when leaving LB", () => {
    const old = {
      type: "LoadBalancer",
      allocateLoadBalancerNodePorts: true,
      loadBalancerClass: "example.com/lb",
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 31000,
      ports: [{ port: 80, nodePort: 30080 }],
    };
    const spec: Record<string, unknown> = {
      ...old,
      type: "ClusterIP",
      ports: [{ port: 80, nodePort: 30080 }],
    };
    dropTypeDependentFields(spec, old);
    expect(spec).toEqual({ type: "ClusterIP", ports: [{ port: 80 }] });
    const added: Record<string, unknown> = {
      ...old,
      type: "ClusterIP",
      ports: [{ port: 80, nodePort: 30081 }],
    };
    dropTypeDependentFields(added, old);
    expect(added["ports"]).toEqual([{ port: 80, nodePort: 30081 }]);
  });

  it("LoadBalancer -> NodePort keeps nodePorts and the traffic policy", () => {
    const old = {
      type: "LoadBalancer",
      allocateLoadBalancerNodePorts: true,
      externalTrafficPolicy: "Cluster",
      ports: [{ port: 80, nodePort: 30080 }],
    };
    const spec: Record<string, unknown> = {
      ...old,
      type: "NodePort",
      ports: [{ port: 80, nodePort: 30080 }],
    };
    dropTypeDependentFields(spec, old);
    expect(spec).toEqual({
      type: "NodePort",
      externalTrafficPolicy: "Cluster",
      ports: [{ port: 80, nodePort: 30080 }],
    });
  });

  it("the load-balancer status is cleared for other types only", () => {
    const stored = { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } };
    expect(serviceStatusForUpdate({ type: "LoadBalancer" }, stored)).toBe(stored);
    expect(serviceStatusForUpdate({ type: "NodePort" }, stored)).toEqual({ loadBalancer: {} });
    const clear = { loadBalancer: {} };
    expect(serviceStatusForUpdate({ type: "ClusterIP" }, clear)).toBe(clear);
    expect(serviceStatusForUpdate({ type: "ClusterIP" }, {})).toEqual({ loadBalancer: {} });
  });
});

describe("Go-printed field values", () => {
  it("prints as field.Error does", () => {
    expect(goValue(["10.96.0.5"])).toBe('[]string{"10.96.0.5"}');
    expect(goValue(["a", "b"])).toBe('[]string{"a", "b"}');
    expect(goValue([])).toBe("[]string{}");
    expect(goValue("IPv6")).toBe('"IPv6"');
    expect(goValue(30080)).toBe("30080");
    expect(goValue(undefined)).toBe("null");
  });
});
