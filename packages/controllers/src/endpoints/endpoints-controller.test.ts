/**
 * The Endpoints controller on the real in-memory apiserver and a sim loop.
 */
import { describe, expect, it } from "vitest";
import { ApiServer } from "@kubesim/apiserver";
import { worldFactory, type World } from "../endpointslice/testdata/world.js";
import { EndpointsController } from "./endpoints-controller.js";

const world = worldFactory((o) => new ApiServer(o));

function start(w: World): EndpointsController {
  const c = new EndpointsController({ client: w.client, informers: w.informers, loop: w.loop });
  c.start();
  w.settle();
  return c;
}

const ips = (addrs: readonly { ip: string }[] | undefined) => (addrs ?? []).map((a) => a.ip);

describe("Endpoints controller", () => {
  it("ready pods in addresses, not-ready in notReadyAddresses, with ip, nodeName, targetRef", () => {
    const w = world();
    w.addNode("node-1");
    const svc = w.addService("web", { labels: { tier: "front" }, clusterIP: "10.96.0.20" });
    const a = w.addPod("a", { ip: "10.244.0.9" });
    w.addPod("b", { ip: "10.244.0.10", ready: false });
    w.addPod("other", { labels: { app: "db" } });
    start(w);
    const ep = w.endpoints("web")!;
    expect(ep.metadata?.labels).toEqual({ tier: "front" });
    expect(ep.metadata?.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toBe(
      svc.metadata?.creationTimestamp,
    );
    expect(ep.subsets).toEqual([
      {
        addresses: [
          {
            ip: "10.244.0.9",
            nodeName: "node-1",
            targetRef: { kind: "Pod", namespace: "default", name: "a", uid: a.metadata?.uid },
          },
        ],
        notReadyAddresses: [expect.objectContaining({ ip: "10.244.0.10" })],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });

  it("follows readiness flips and skips writes when nothing changed", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.addPod("a");
    start(w);
    expect(ips(w.endpoints("web")!.subsets![0]!.addresses)).toEqual(["10.244.0.1"]);
    w.clear();
    w.setReady("a", false);
    w.settle();
    expect(w.writes("Endpoints")).toEqual(["update Endpoints default/web"]);
    expect(w.endpoints("web")!.subsets![0]!.addresses).toBeUndefined();
    expect(ips(w.endpoints("web")!.subsets![0]!.notReadyAddresses)).toEqual(["10.244.0.1"]);
    w.clear();
    // A status write that changes nothing relevant: no Endpoints write.
    w.setReady("a", false);
    w.settle();
    expect(w.writes("Endpoints")).toEqual([]);
  });

  it("terminating pods are left out, unless publishNotReadyAddresses (then all are addresses)", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.addService("all", { publishNotReadyAddresses: true });
    w.addPod("a");
    w.addPod("b", { ready: false });
    start(w);
    expect(ips(w.endpoints("all")!.subsets![0]!.addresses)).toEqual(["10.244.0.1", "10.244.0.2"]);
    w.terminate("a");
    w.settle();
    expect(w.endpoints("web")!.subsets).toEqual([
      expect.objectContaining({
        notReadyAddresses: [expect.objectContaining({ ip: "10.244.0.2" })],
      }),
    ]);
    expect(w.endpoints("web")!.subsets![0]!.addresses).toBeUndefined();
    expect(ips(w.endpoints("all")!.subsets![0]!.addresses)).toEqual(["10.244.0.1", "10.244.0.2"]);
  });

  it("pods without an IP are skipped; an Endpoints with no subsets exists for an empty service", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.addPod("a", { ip: "" });
    start(w);
    const ep = w.endpoints("web")!;
    expect(ep.subsets ?? []).toEqual([]);
    w.setStatus("a", { ip: "10.244.0.50" });
    w.settle();
    expect(ips(w.endpoints("web")!.subsets![0]!.addresses)).toEqual(["10.244.0.50"]);
  });

  it("named targetPorts resolve per pod; a pod without the port is skipped for it; ports grouped by address set", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web", {
      ports: [
        { name: "http", port: 80, targetPort: "web", protocol: "TCP" },
        { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" },
      ],
    });
    w.addPod("a", {
      ip: "10.244.0.2",
      ports: [{ name: "web", containerPort: 8080, protocol: "TCP" }],
    });
    w.addPod("b", {
      ip: "10.244.0.3",
      ports: [{ name: "web", containerPort: 8081, protocol: "TCP" }],
    });
    w.addPod("c", {
      ip: "10.244.0.10",
      ports: [{ name: "web", containerPort: 8080, protocol: "UDP" }],
    });
    start(w);
    const subsets = w.endpoints("web")!.subsets!;
    const view = subsets.map((s) => ({
      ips: ips(s.addresses),
      ports: (s.ports ?? []).map((p) => `${p.name}:${p.port}`).sort(),
    }));
    expect(view).toHaveLength(3);
    expect(view).toEqual(
      expect.arrayContaining([
        // RepackSubsets groups the ports that have exactly the same addresses.
        { ips: ["10.244.0.2"], ports: ["http:8080"] },
        { ips: ["10.244.0.3"], ports: ["http:8081"] },
        // Byte-wise IP order: "10.244.0.10" < "10.244.0.2".
        { ips: ["10.244.0.10", "10.244.0.2", "10.244.0.3"], ports: ["metrics:9090"] },
      ]),
    );
  });

  it("services without a selector are left alone; the Endpoints goes with its service", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("manual", { selector: null });
    w.api.create("Endpoints", {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "manual", namespace: "default" },
      subsets: [{ addresses: [{ ip: "192.168.1.1" }], ports: [{ port: 80 }] }],
    });
    w.addService("web");
    w.addPod("a");
    start(w);
    expect(ips(w.endpoints("manual")!.subsets![0]!.addresses)).toEqual(["192.168.1.1"]);
    expect(w.endpoints("web")).toBeDefined();
    w.api.delete("Service", "default", "web");
    w.settle();
    expect(w.endpoints("web")).toBeUndefined();
  });

  it("leftover Endpoints without a service are deleted at start", () => {
    const w = world();
    w.api.create("Endpoints", {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "gone", namespace: "default" },
    });
    start(w);
    expect(w.endpoints("gone")).toBeUndefined();
  });

  it("headless: the headless label; without ports, addresses only", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("db", { clusterIP: "None", ports: [] });
    w.addPod("a", { hostname: "a", subdomain: "db" });
    start(w);
    const ep = w.endpoints("db")!;
    expect(ep.metadata?.labels).toEqual({ "service.kubernetes.io/headless": "" });
    expect(ep.subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: "10.244.0.1", hostname: "a" })] },
    ]);
  });

  it("labels follow the service", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web", { labels: { v: "1" }, clusterIP: "10.96.0.30" });
    start(w);
    const svc = w.api.get("Service", "default", "web");
    w.api.update("Service", { ...svc, metadata: { ...svc.metadata, labels: { v: "2" } } });
    w.settle();
    expect(w.endpoints("web")!.metadata?.labels).toEqual({ v: "2" });
  });
});
