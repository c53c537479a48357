/**
 * The EndpointSlice controller on the real in-memory apiserver and a sim loop.
 */
import { describe, expect, it } from "vitest";
import { ApiServer } from "@kubesim/apiserver";
import { EndpointSliceController } from "./endpointslice-controller.js";
import { worldFactory, type World } from "./testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));

function start(w: World, maxEndpointsPerSlice?: number): EndpointSliceController {
  const c = new EndpointSliceController({
    client: w.client,
    informers: w.informers,
    loop: w.loop,
    ...(maxEndpointsPerSlice === undefined ? {} : { maxEndpointsPerSlice }),
  });
  c.start();
  w.settle();
  return c;
}

describe("EndpointSlice controller", () => {
  it("one IPv4 slice per service: generated name, labels, owner, endpoints with conditions, zone, ports", () => {
    const w = world();
    w.addNode("node-1", "zone-a");
    const svc = w.addService("web", { labels: { tier: "front" }, clusterIP: "10.96.0.20" });
    const a = w.addPod("a", { ip: "10.244.0.9" });
    w.addPod("b", { ip: "10.244.0.10", ready: false });
    start(w);
    const slices = w.slices("web");
    expect(slices).toHaveLength(1);
    const s = slices[0]!;
    expect(s.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata?.generateName).toBe("web-");
    expect(s.metadata?.labels).toEqual({
      tier: "front",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
    expect(s.metadata?.ownerReferences).toEqual([
      {
        apiVersion: "v1",
        kind: "Service",
        name: "web",
        uid: svc.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(s.metadata?.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toBe(
      svc.metadata?.creationTimestamp,
    );
    expect(s.addressType).toBe("IPv4");
    expect(s.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(s.endpoints).toEqual([
      {
        addresses: ["10.244.0.9"],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: "Pod", namespace: "default", name: "a", uid: a.metadata?.uid },
        nodeName: "node-1",
        zone: "zone-a",
      },
      expect.objectContaining({
        addresses: ["10.244.0.10"],
        conditions: { ready: false, serving: false, terminating: false },
      }),
    ]);
  });

  it("terminating pods stay with ready=false, serving as Ready, terminating=true; publishNotReadyAddresses keeps ready", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.addService("all", { publishNotReadyAddresses: true });
    w.addPod("a");
    start(w);
    w.terminate("a");
    w.settle();
    expect(w.slices("web")[0]!.endpoints![0]!.conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });
    expect(w.slices("all")[0]!.endpoints![0]!.conditions).toEqual({
      ready: true,
      serving: true,
      terminating: true,
    });
  });

  it("updates the slice in place on readiness flips, and writes nothing when nothing changed", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.addPod("a");
    start(w);
    const name = w.slices("web")[0]!.metadata?.name ?? "";
    w.clear();
    w.setReady("a", false);
    w.settle();
    expect(w.writes("EndpointSlice")).toEqual([`update EndpointSlice default/${name}`]);
    expect(w.slices("web")[0]!.endpoints![0]!.conditions?.ready).toBe(false);
    w.clear();
    w.setReady("a", false);
    w.loop.advance("5s");
    expect(w.writes("EndpointSlice")).toEqual([]);
  });

  it("no endpoints: one placeholder slice with no endpoints and no ports, reused for the first pod", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    start(w);
    const [placeholder] = w.slices("web");
    expect(placeholder!.endpoints ?? []).toEqual([]);
    expect(placeholder!.ports ?? []).toEqual([]);
    w.addPod("a");
    w.settle();
    const slices = w.slices("web");
    expect(slices).toHaveLength(1);
    expect(slices[0]!.metadata?.name).toBe(placeholder!.metadata?.name);
    expect(slices[0]!.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    w.api.delete("Pod", "default", "a", { gracePeriodSeconds: 0 });
    w.settle();
    expect(w.slices("web").map((s) => [s.metadata?.name, s.endpoints ?? []])).toEqual([
      [placeholder!.metadata?.name, []],
    ]);
  });

  it("pods with different resolved ports go to different slices; more than max per slice splits", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web", {
      ports: [{ name: "http", port: 80, targetPort: "web", protocol: "TCP" }],
    });
    for (let i = 0; i < 5; i++)
      w.addPod(`a${i}`, { ports: [{ name: "web", containerPort: 8080, protocol: "TCP" }] });
    w.addPod("b", { ports: [{ name: "web", containerPort: 9000, protocol: "TCP" }] });
    w.addPod("none");
    start(w, 3);
    const view = w
      .slices("web")
      .map((s) => `${(s.ports ?? []).map((p) => p.port).join(",")}:${(s.endpoints ?? []).length}`)
      .sort();
    // "none" has no "web" port: it lands in a slice with no ports.
    expect(view).toEqual(["8080:2", "8080:3", "9000:1", ":1"]);
  });

  it("a pod on a missing node is skipped and the service retried", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.addPod("a");
    w.addPod("lost", { node: "node-9" });
    start(w);
    expect(w.slices("web")[0]!.endpoints!.map((e) => e.targetRef?.name)).toEqual(["a"]);
    w.addNode("node-9");
    w.loop.advance("2s");
    expect(
      w
        .slices("web")[0]!
        .endpoints!.map((e) => e.targetRef?.name)
        .sort(),
    ).toEqual(["a", "lost"]);
  });

  it("a slice deleted by someone else is recreated; services without selector get none", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.addService("manual", { selector: null });
    w.addPod("a");
    start(w);
    expect(w.slices("manual")).toEqual([]);
    const name = w.slices("web")[0]!.metadata?.name ?? "";
    w.api.delete("EndpointSlice", "default", name);
    w.loop.advance("2s");
    expect(w.slices("web")).toHaveLength(1);
    expect(w.slices("web")[0]!.endpoints).toHaveLength(1);
  });

  it("service labels changes are copied to the slices (reserved ones are not)", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web", { clusterIP: "None" });
    w.addPod("a");
    start(w);
    expect(w.slices("web")[0]!.metadata?.labels?.["service.kubernetes.io/headless"]).toBe("");
    const svc = w.api.get("Service", "default", "web");
    w.api.update("Service", {
      ...svc,
      metadata: { ...svc.metadata, labels: { v: "2", "kubernetes.io/service-name": "x" } },
    });
    w.settle();
    expect(w.slices("web")[0]!.metadata?.labels).toEqual({
      v: "2",
      "service.kubernetes.io/headless": "",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
  });
});
