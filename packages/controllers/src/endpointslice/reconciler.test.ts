import type { Node, Pod, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describe, expect, it } from "vitest";
import { planReconcile, type ReconcileInput } from "./reconciler.js";
import { newEndpointSlice, podToEndpoint } from "./slice-utils.js";

const svc: Service = {
  metadata: { name: "web", namespace: "default", uid: "svc-uid" },
  spec: {
    selector: { app: "web" },
    clusterIP: "10.96.0.5",
    ipFamilies: ["IPv4"],
    ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
  },
};
const node: Node = { metadata: { name: "n1" } };
const pod = (i: number, ready = true): Pod => ({
  metadata: { name: `p${i}`, namespace: "default", uid: `uid-${i}` },
  spec: { nodeName: "n1", containers: [] },
  status: {
    phase: "Running",
    podIPs: [{ ip: `10.0.${i >> 8}.${i & 255}` }],
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
});
const ports = [{ name: "http", port: 8080, protocol: "TCP" }];
let n = 0;
const existing = (pods: Pod[]): EndpointSlice => {
  const s = newEndpointSlice(svc, ports, "IPv4", "endpointslice-controller.k8s.io");
  return {
    ...s,
    metadata: { ...s.metadata, name: `web-${++n}`, resourceVersion: "1" },
    endpoints: pods.map((p) => podToEndpoint(p, node, svc, "IPv4")),
  };
};
const input = (pods: Pod[], slices: EndpointSlice[], max = 100): ReconcileInput => ({
  service: svc,
  pods,
  existingSlices: slices,
  getNode: (name) => (name === "n1" ? node : undefined),
  maxEndpointsPerSlice: max,
  controllerName: "endpointslice-controller.k8s.io",
});
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => pod(a + i));

describe("planReconcile", () => {
  it("no change: nothing to do", () => {
    const pods = range(0, 3);
    const p = planReconcile(input(pods, [existing(pods)]));
    expect([p.create, p.update, p.delete]).toEqual([[], [], []]);
  });

  it("new endpoints fill the unchanged slice closest to full that takes them all", () => {
    const a = existing(range(0, 90));
    const b = existing(range(90, 95));
    const p = planReconcile(input([...range(0, 95), ...range(95, 105)], [a, b]));
    expect(p.create).toEqual([]);
    expect(p.update.map((s) => [s.metadata?.name, s.endpoints?.length])).toEqual([
      [a.metadata?.name, 100],
    ]);
  });

  it("a changed slice is filled first; the rest spills into new slices of at most max", () => {
    const a = existing(range(0, 3));
    const pods = [pod(0, false), ...range(1, 3), ...range(3, 10)];
    const p = planReconcile(input(pods, [a], 4));
    expect(p.update.map((s) => s.endpoints?.length)).toEqual([4]);
    expect(p.create.map((s) => s.endpoints?.length)).toEqual([4, 2]);
    expect(p.create[0]!.metadata?.generateName).toBe("web-");
  });

  it("an emptied slice is deleted, or taken over by a create (same name)", () => {
    const a = existing(range(0, 2));
    const b = existing(range(2, 4));
    const p = planReconcile(input(range(2, 4), [a, b]));
    expect(p.delete.map((s) => s.metadata?.name)).toEqual([a.metadata?.name]);
    const all = planReconcile(input([], [a]));
    // The placeholder takes over the emptied slice.
    expect(all.delete).toEqual([]);
    expect(all.update.map((s) => [s.metadata?.name, s.endpoints, s.ports])).toEqual([
      [a.metadata?.name, [], []],
    ]);
  });

  it("slices not owned by the service (a previous one of the same name) are replaced", () => {
    const old = existing(range(0, 1));
    const foreign = {
      ...old,
      metadata: {
        ...old.metadata,
        ownerReferences: [{ ...old.metadata!.ownerReferences![0]!, uid: "old" }],
      },
    };
    const p = planReconcile(input(range(0, 1), [foreign]));
    expect(p.create).toHaveLength(1);
    expect(p.delete.map((s) => s.metadata?.name)).toEqual([foreign.metadata?.name]);
  });

  it("a pod on a missing node is an error unless publishNotReadyAddresses", () => {
    const lost = { ...pod(1), spec: { nodeName: "n9", containers: [] } };
    const p = planReconcile(input([lost], []));
    expect(p.errors).toEqual(["skipping Pod p1 for Service default/web: Node n9 Not Found"]);
    const pub = planReconcile({
      ...input([lost], []),
      service: { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: true } },
    });
    expect(pub.errors).toEqual([]);
    expect(pub.create[0]!.endpoints).toHaveLength(1);
  });
});
