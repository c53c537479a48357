import type { EndpointSubset, Endpoints, Pod, Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  EndpointsOverCapacity,
  capacityAnnotationSetCorrectly,
  computeSubsets,
  planEndpoints,
  podToEndpointAddress,
  truncateSubsets,
} from "./desired.js";

const svc = (spec: Service["spec"] = {}): Service => ({
  metadata: { name: "web", namespace: "default", labels: { a: "b" } },
  spec: {
    selector: { app: "web" },
    clusterIP: "10.96.0.5",
    ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
    ...spec,
  },
});
const pod = (
  name: string,
  ip: string,
  ready = true,
  extra: Partial<Pod["metadata"]> = {},
): Pod => ({
  metadata: { name, namespace: "default", uid: `uid-${name}`, ...extra },
  spec: { nodeName: "n1", containers: [] },
  status: {
    phase: "Running",
    podIP: ip,
    podIPs: [{ ip }],
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
});

describe("computeSubsets", () => {
  it("terminal pods are out; terminating out unless publishNotReadyAddresses", () => {
    const done = {
      ...pod("d", "1.1.1.4"),
      status: { ...pod("d", "1.1.1.4").status, phase: "Succeeded" },
    };
    const term = pod("t", "1.1.1.3", true, { deletionTimestamp: "2024-01-01T00:00:00Z" });
    const r = computeSubsets(svc(), [pod("a", "1.1.1.1"), pod("b", "1.1.1.2", false), term, done]);
    expect(r.readyEps).toBe(1);
    expect(r.notReadyEps).toBe(1);
    const all = computeSubsets(svc({ publishNotReadyAddresses: true }), [
      pod("b", "1.1.1.2", false),
      term,
      done,
    ]);
    expect(all.subsets[0]!.addresses!.map((a) => a.ip)).toEqual(["1.1.1.2", "1.1.1.3"]);
  });

  it("a pod with no IP of the service's family is skipped", () => {
    expect(
      podToEndpointAddress(svc({ ipFamilies: ["IPv6"] }), pod("a", "1.1.1.1")),
    ).toBeUndefined();
    expect(podToEndpointAddress(svc(), pod("a", "1.1.1.1"))?.ip).toBe("1.1.1.1");
  });

  it("a service with ports but none found, or a non-headless service without ports: no subsets", () => {
    expect(computeSubsets(svc({ ports: [] }), [pod("a", "1.1.1.1")]).subsets).toEqual([]);
    expect(
      computeSubsets(svc({ ports: [{ port: 80, targetPort: "nope", protocol: "TCP" }] }), [
        pod("a", "1.1.1.1"),
      ]).subsets,
    ).toEqual([]);
  });
});

describe("planEndpoints", () => {
  const subsets: EndpointSubset[] = [
    { addresses: [{ ip: "1.1.1.1" }], ports: [{ name: "http", port: 8080, protocol: "TCP" }] },
  ];
  it("creates with the service's labels and the trigger time", () => {
    const p = planEndpoints({
      service: svc(),
      subsets,
      current: undefined,
      triggerTime: Date.UTC(2024, 0, 1, 0, 0, 1, 500),
    });
    expect(p).toEqual({
      action: "create",
      endpoints: {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: {
          name: "web",
          namespace: "default",
          labels: { a: "b" },
          annotations: {
            "endpoints.kubernetes.io/last-change-trigger-time": "2024-01-01T00:00:01.5Z",
          },
        },
        subsets,
      },
    });
  });

  it("nothing to do when subsets and labels match (headless label ignored); else an update", () => {
    const current: Endpoints = {
      metadata: { name: "web", namespace: "default", resourceVersion: "3", labels: { a: "b" } },
      subsets,
    };
    expect(planEndpoints({ service: svc(), subsets, current, triggerTime: 5 }).action).toBe("none");
    const headless: Endpoints = {
      ...current,
      metadata: { ...current.metadata, labels: { a: "b", "service.kubernetes.io/headless": "" } },
    };
    expect(
      planEndpoints({
        service: svc({ clusterIP: "None" }),
        subsets,
        current: headless,
        triggerTime: undefined,
      }).action,
    ).toBe("none");
    const p = planEndpoints({ service: svc(), subsets: [], current, triggerTime: undefined });
    expect(p.action).toBe("update");
    if (p.action !== "none") {
      expect(p.endpoints.subsets).toBeUndefined();
      expect(p.endpoints.metadata?.resourceVersion).toBe("3");
      expect(p.endpoints.metadata?.annotations).toBeUndefined();
    }
  });

  it("over 1000 addresses: truncated (ready first) and annotated", () => {
    const many = (n: number, off: number) =>
      Array.from({ length: n }, (_, i) => ({ ip: `10.${off}.${i >> 8}.${i & 255}` }));
    const big: EndpointSubset[] = [
      { addresses: many(900, 1), notReadyAddresses: many(300, 2), ports: [{ port: 1 }] },
    ];
    const t = truncateSubsets(big)!;
    expect(t[0]!.addresses).toHaveLength(900);
    expect(t[0]!.notReadyAddresses).toHaveLength(100);
    const tr = truncateSubsets([{ addresses: many(1200, 1), notReadyAddresses: many(5, 2) }])!;
    expect(tr[0]!.addresses).toHaveLength(1000);
    expect(tr[0]!.notReadyAddresses).toEqual([]);
    expect(truncateSubsets(subsets)).toBeUndefined();
    const p = planEndpoints({
      service: svc(),
      subsets: big,
      current: undefined,
      triggerTime: undefined,
    });
    expect(p.action !== "none" && p.endpoints.metadata?.annotations?.[EndpointsOverCapacity]).toBe(
      "truncated",
    );
    expect(capacityAnnotationSetCorrectly({}, big)).toBe(false);
    expect(capacityAnnotationSetCorrectly({ [EndpointsOverCapacity]: "truncated" }, subsets)).toBe(
      false,
    );
    expect(capacityAnnotationSetCorrectly(undefined, subsets)).toBe(true);
  });
});
