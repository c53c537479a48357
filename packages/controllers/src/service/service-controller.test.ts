/**
 * The service load-balancer controller on the real in-memory apiserver and a
 * sim loop, given/when/then. The Services are written by the test, as a user
 * would; the cloud is the simulated one.
 */
import { describe, expect, it } from "vitest";
import { ApiServer } from "@kubesim/apiserver";
import { SimulatedCloud, defaultLoadBalancerName } from "./cloud.js";
import { LoadBalancerCleanupFinalizer } from "./helpers.js";
import { ServiceController } from "./service-controller.js";
import { worldFactory } from "./testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));
const F = LoadBalancerCleanupFinalizer;

describe("service load-balancer controller: provisioning", () => {
  it("a LoadBalancer service gets the finalizer, then after the provisioning delay an IP from the pool", () => {
    // given a node and a LoadBalancer service
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    // when the controller starts
    w.start();
    // then at once: Ensuring, the finalizer, no IP yet (EXTERNAL-IP <pending>)
    expect(w.timedEvents()).toEqual([
      "0s Normal EnsuringLoadBalancer default/web Ensuring load balancer",
    ]);
    expect(w.finalizers("web")).toEqual([F]);
    expect(w.ips("web")).toEqual([]);
    // and after 3 s of virtual time: Ensured, with the pool's first IP
    w.loop.advance("2999ms");
    expect(w.ips("web")).toEqual([]);
    w.loop.advance("1ms");
    expect(w.timedEvents()).toEqual([
      "0s Normal EnsuringLoadBalancer default/web Ensuring load balancer",
      "3s Normal EnsuredLoadBalancer default/web Ensured load balancer",
    ]);
    expect(w.service("web")?.status?.loadBalancer).toEqual({
      ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }],
    });
    expect(w.writes("Service")).toEqual([
      "patch Service default/web status",
      "patch Service default/web status",
    ]);
    expect(w.patches()).toEqual([
      `{"metadata":{"finalizers":["${F}"]}}`,
      '{"status":{"loadBalancer":{"ingress":[{"ip":"172.18.255.200","ipMode":"VIP"}]}}}',
    ]);
  });

  it("Events come from service-controller and name the Service", () => {
    const w = world();
    w.addNode("node-1");
    const svc = w.addService("web");
    w.start();
    w.loop.advance("5s");
    const ev = w.eventObjects().find((e) => e.reason === "EnsuredLoadBalancer")!;
    expect(ev.type).toBe("Normal");
    expect(ev.message).toBe("Ensured load balancer");
    expect(ev.source).toEqual({ component: "service-controller" });
    expect(ev.involvedObject).toEqual(
      expect.objectContaining({
        kind: "Service",
        apiVersion: "v1",
        name: "web",
        namespace: "default",
        uid: svc.metadata?.uid,
      }),
    );
  });

  it("the pool and the provisioning delay are configurable", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.start({ loadBalancerIPPool: "192.168.49.100-192.168.49.110", provisioningDelay: 10_000 });
    w.loop.advance("9s");
    expect(w.ips("web")).toEqual([]);
    w.loop.advance("1s");
    expect(w.ips("web")).toEqual(["192.168.49.100"]);
  });

  it("IPs are handed out lowest first; spec.loadBalancerIP is honoured when free in the pool", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("a");
    w.addService("b", { loadBalancerIP: "172.18.255.210" });
    w.addService("c");
    w.start({ workers: 3 });
    w.loop.advance("3s");
    expect([w.ips("a"), w.ips("b"), w.ips("c")]).toEqual([
      ["172.18.255.200"],
      ["172.18.255.210"],
      ["172.18.255.201"],
    ]);
  });

  it("a requested IP outside the pool or taken fails the sync with upstream's message, and is retried", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("a", { loadBalancerIP: "172.18.255.220" });
    w.start();
    w.loop.advance("3s");
    w.clear();
    w.addService("b", { loadBalancerIP: "172.18.255.220" });
    w.addService("c", { loadBalancerIP: "10.0.0.1" });
    w.loop.settle();
    expect(w.events()).toEqual([
      "Normal EnsuringLoadBalancer default/b Ensuring load balancer",
      "Warning SyncLoadBalancerFailed default/b Error syncing load balancer: failed to ensure load balancer: requested IP 172.18.255.220 is already allocated",
      "Normal EnsuringLoadBalancer default/c Ensuring load balancer",
      "Warning SyncLoadBalancerFailed default/c Error syncing load balancer: failed to ensure load balancer: requested IP 10.0.0.1 is not in the load balancer IP pool 172.18.255.200-172.18.255.250",
    ]);
    // the finalizer is added before the cloud is asked
    expect(w.finalizers("b")).toEqual([F]);
    expect(w.ips("b")).toEqual([]);
    // when a frees the IP, b gets it at its next retry (5 s after the failure)
    w.deleteService("a");
    w.loop.advance("5s");
    w.loop.advance("3s");
    expect(w.ips("b")).toEqual(["172.18.255.220"]);
  });

  it("one worker by default (--concurrent-service-syncs=1): balancers are made one after another", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("a");
    w.addService("b");
    w.start();
    w.loop.advance("10s");
    expect(w.timedEvents()).toEqual([
      "0s Normal EnsuringLoadBalancer default/a Ensuring load balancer",
      "3s Normal EnsuredLoadBalancer default/a Ensured load balancer",
      "3s Normal EnsuringLoadBalancer default/b Ensuring load balancer",
      "6s Normal EnsuredLoadBalancer default/b Ensured load balancer",
    ]);
  });

  it("with two workers, two balancers are made at once", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("a");
    w.addService("b");
    w.start({ workers: 2 });
    w.loop.advance("10s");
    expect(w.timedEvents()).toEqual([
      "0s Normal EnsuringLoadBalancer default/a Ensuring load balancer",
      "0s Normal EnsuringLoadBalancer default/b Ensuring load balancer",
      "3s Normal EnsuredLoadBalancer default/a Ensured load balancer",
      "3s Normal EnsuredLoadBalancer default/b Ensured load balancer",
    ]);
  });

  it("a service that already has another finalizer keeps it", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web", { finalizers: ["example.com/keep"] });
    w.start();
    w.loop.advance("3s");
    expect(w.finalizers("web")).toEqual(["example.com/keep", F]);
    w.setType("web", "ClusterIP");
    w.loop.settle();
    expect(w.finalizers("web")).toEqual(["example.com/keep"]);
    expect(w.patches()).toContain(
      `{"metadata":{"$setElementOrder/finalizers":["example.com/keep"],"$deleteFromPrimitiveList/finalizers":["${F}"]}}`,
    );
  });
});

describe("service load-balancer controller: pool exhausted", () => {
  it("SyncLoadBalancerFailed with upstream's wording, retried 5 s, 10 s, 20 s ... until an IP is free", () => {
    // given a pool of one address, held by a
    const w = world();
    w.addNode("node-1");
    w.addService("a");
    w.start({ loadBalancerIPPool: "172.18.255.200-172.18.255.200" });
    w.loop.advance("3s");
    w.clear();
    // when b wants one too
    w.addService("b");
    w.loop.advance("40s");
    // then b fails at once and at each retry
    const failed =
      "Warning SyncLoadBalancerFailed default/b Error syncing load balancer: failed to ensure load balancer: no available IPs in the load balancer IP pool 172.18.255.200-172.18.255.200";
    expect(w.timedEvents()).toEqual([
      "3s Normal EnsuringLoadBalancer default/b Ensuring load balancer",
      `3s ${failed}`,
      "8s Normal EnsuringLoadBalancer default/b Ensuring load balancer",
      `8s ${failed}`,
      "18s Normal EnsuringLoadBalancer default/b Ensuring load balancer",
      `18s ${failed}`,
      "38s Normal EnsuringLoadBalancer default/b Ensuring load balancer",
      `38s ${failed}`,
    ]);
    // the repeats are one Event with a count, as the correlator makes them
    const ev = w.eventObjects().find((e) => e.reason === "SyncLoadBalancerFailed")!;
    expect(ev.count).toBe(4);
    // when a goes, b gets the address at its next retry (40 s after the last failure)
    w.clear();
    w.deleteService("a");
    w.loop.advance("34s"); // 77 s
    expect(w.ips("b")).toEqual([]);
    w.loop.advance("4s"); // the retry at 78 s, plus 3 s of provisioning
    expect(w.ips("b")).toEqual(["172.18.255.200"]);
  });
});

describe("service load-balancer controller: cleanup", () => {
  it("type changed away from LoadBalancer: Deleting/Deleted, the IP is released, status cleared, finalizer removed", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const c = w.start();
    w.loop.advance("3s");
    w.clear();
    w.setType("web", "ClusterIP");
    w.loop.settle();
    expect(w.events()).toEqual([
      "Normal DeletingLoadBalancer default/web Deleting load balancer",
      "Normal DeletedLoadBalancer default/web Deleted load balancer",
    ]);
    expect(w.finalizers("web")).toEqual([]);
    expect(w.ips("web")).toEqual([]);
    // The apiserver clears status.loadBalancer itself when the type leaves LoadBalancer
    // (dropTypeDependentFields); the controller patches the status only if it is still set.
    const patches = w.patches();
    expect(patches[0]).toBe('{"metadata":{"finalizers":null}}');
    expect(patches.slice(1)).toEqual(
      patches.length > 1 ? ['{"status":{"loadBalancer":{"ingress":null}}}'] : [],
    );
    expect((c.cloud as SimulatedCloud).pool.allocated).toBe(0);
    expect((c.cloud as SimulatedCloud).loadBalancers()).toEqual([]);
  });

  it("type changed back to LoadBalancer: a new balancer, the lowest free IP again", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    w.start();
    w.loop.advance("3s");
    w.setType("web", "ClusterIP");
    w.loop.settle();
    w.setType("web", "LoadBalancer");
    w.loop.advance("3s");
    expect(w.ips("web")).toEqual(["172.18.255.200"]);
    expect(w.finalizers("web")).toEqual([F]);
  });

  it("service deleted: Deleting/Deleted, the finalizer goes, and with it the service; the IP is free", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const c = w.start();
    w.loop.advance("3s");
    w.clear();
    // the finalizer holds the service while the balancer goes
    w.deleteService("web");
    expect(w.service("web")?.metadata?.deletionTimestamp).toBeDefined();
    w.loop.settle();
    expect(w.events()).toEqual([
      "Normal DeletingLoadBalancer default/web Deleting load balancer",
      "Normal DeletedLoadBalancer default/web Deleted load balancer",
    ]);
    expect(w.service("web")).toBeUndefined();
    // the status patch after the finalizer went finds the service gone: NotFound is fine
    expect(w.patches()).toEqual([
      '{"metadata":{"finalizers":null}}',
      '{"status":{"loadBalancer":{"ingress":null}}}',
    ]);
    expect((c.cloud as SimulatedCloud).pool.allocated).toBe(0);
    expect(w.events().some((e) => e.startsWith("Warning"))).toBe(false);
  });

  it("a service deleted while its balancer is being made is cleaned up once the cloud call returns", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const c = w.start();
    w.loop.advance("1s");
    w.deleteService("web");
    w.loop.advance("5s");
    expect(w.timedEvents()).toEqual([
      "0s Normal EnsuringLoadBalancer default/web Ensuring load balancer",
      "3s Normal EnsuredLoadBalancer default/web Ensured load balancer",
      "3s Normal DeletingLoadBalancer default/web Deleting load balancer",
      "3s Normal DeletedLoadBalancer default/web Deleted load balancer",
    ]);
    expect(w.service("web")).toBeUndefined();
    expect((c.cloud as SimulatedCloud).pool.allocated).toBe(0);
  });

  it("a service with spec.loadBalancerClass is another controller's: no write, no event", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web", { loadBalancerClass: "example.com/lb" });
    w.addService("plain", { type: "ClusterIP" });
    w.addService("np", { type: "NodePort" });
    w.start();
    w.loop.advance("10s");
    expect(w.events()).toEqual([]);
    expect(w.writes()).toEqual([]);
    expect(w.finalizers("web")).toEqual([]);
  });

  it("a service of another type that still carries our finalizer is cleaned up (needsCleanup)", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web", { type: "ClusterIP", finalizers: [F] });
    w.start();
    expect(w.events()).toEqual(["Normal DeletedLoadBalancer default/web Deleted load balancer"]);
    expect(w.finalizers("web")).toEqual([]);
  });
});

describe("service load-balancer controller: updates", () => {
  it("a port change re-ensures the balancer at once; an unrelated change does nothing", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const c = w.start();
    w.loop.advance("3s");
    w.clear();
    w.patchSpec("web", {
      ports: [
        { name: "http", port: 80, targetPort: 8080, protocol: "TCP" },
        { name: "https", port: 443, targetPort: 8443, protocol: "TCP" },
      ],
    });
    w.loop.settle();
    expect(w.events()).toEqual([
      "Normal EnsuringLoadBalancer default/web Ensuring load balancer",
      "Normal EnsuredLoadBalancer default/web Ensured load balancer",
    ]);
    // same IP: no status write
    expect(w.writes()).toEqual([]);
    expect((c.cloud as SimulatedCloud).loadBalancers()[0]?.ports).toEqual(["80/TCP", "443/TCP"]);
    w.clear();
    w.patchSpec("web", { selector: { app: "other" } });
    w.loop.settle();
    expect(w.events()).toEqual([]);
  });

  it("a new loadBalancerIP moves the balancer to it and frees the old one", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const c = w.start();
    w.loop.advance("3s");
    w.patchSpec("web", { loadBalancerIP: "172.18.255.240" });
    w.loop.settle();
    expect(w.ips("web")).toEqual(["172.18.255.240"]);
    expect((c.cloud as SimulatedCloud).pool.allocations().map((a) => a.ip)).toEqual([
      "172.18.255.240",
    ]);
  });

  it("node set changes: UpdatedLoadBalancer with the new hosts; none left: UnAvailableLoadBalancer", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const c = w.start();
    w.loop.advance("3s");
    w.clear();
    w.addNode("node-2");
    w.loop.settle();
    expect(w.events()).toEqual([
      "Normal UpdatedLoadBalancer default/web Updated load balancer with new hosts",
    ]);
    expect((c.cloud as SimulatedCloud).loadBalancers()[0]?.nodes).toEqual(["node-1", "node-2"]);
    w.clear();
    // a node labelled for exclusion leaves the set
    const n2 = w.api.get("Node", undefined, "node-2");
    w.api.update("Node", {
      ...n2,
      metadata: {
        ...n2.metadata,
        labels: {
          ...n2.metadata?.labels,
          "node.kubernetes.io/exclude-from-external-load-balancers": "true",
        },
      },
    });
    w.loop.settle();
    expect(w.events()).toEqual([
      "Normal UpdatedLoadBalancer default/web Updated load balancer with new hosts",
    ]);
    expect((c.cloud as SimulatedCloud).loadBalancers()[0]?.nodes).toEqual(["node-1"]);
    w.clear();
    w.api.delete("Node", undefined, "node-1");
    w.loop.settle();
    expect(w.events()).toEqual([
      "Warning UnAvailableLoadBalancer default/web There are no available nodes for LoadBalancer",
    ]);
    // a node update that changes neither the label's verdict nor the providerID: nothing
    w.clear();
    const n = w.api.get("Node", undefined, "node-2");
    w.api.update("Node", {
      ...n,
      metadata: { ...n.metadata, labels: { ...n.metadata?.labels, x: "y" } },
    });
    w.loop.settle();
    expect(w.events()).toEqual([]);
  });

  it("no node at all when a balancer is made: the UnAvailableLoadBalancer warning, and an IP all the same", () => {
    const w = world();
    w.addService("web");
    w.start();
    w.loop.advance("3s");
    expect(w.events()).toEqual([
      "Normal EnsuringLoadBalancer default/web Ensuring load balancer",
      "Warning UnAvailableLoadBalancer default/web There are no available nodes for LoadBalancer",
      "Normal EnsuredLoadBalancer default/web Ensured load balancer",
    ]);
    expect(w.ips("web")).toEqual(["172.18.255.200"]);
  });
});

describe("service load-balancer controller: restarts", () => {
  it("restarted with an empty cache and the same cloud, it converges without writing", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const first = w.start();
    w.loop.advance("3s");
    first.stop();
    w.clear();
    w.newInformers();
    const second = w.start({ cloud: first.cloud });
    w.loop.advance("10s");
    expect(w.events()).toEqual([
      "Normal EnsuringLoadBalancer default/web Ensuring load balancer",
      "Normal EnsuredLoadBalancer default/web Ensured load balancer",
    ]);
    expect(w.writes("Service")).toEqual([]);
    expect(w.ips("web")).toEqual(["172.18.255.200"]);
    expect(second.cloud.getLoadBalancerName("kubernetes", w.service("web")!)).toBe(
      defaultLoadBalancerName(w.service("web")!),
    );
  });

  it("stopped during a cloud call, the call is abandoned; a restart finishes the job", () => {
    const w = world();
    w.addNode("node-1");
    w.addService("web");
    const first = w.start();
    w.loop.advance("1s");
    first.stop();
    w.loop.advance("10s");
    expect(w.ips("web")).toEqual([]);
    w.newInformers();
    w.start({ cloud: first.cloud });
    w.loop.settle();
    expect(w.ips("web")).toEqual(["172.18.255.200"]);
  });

  it("refuses a cloud together with the simulated cloud's options", () => {
    const w = world();
    expect(
      () =>
        new ServiceController({
          client: w.client,
          informers: w.informers,
          loop: w.loop,
          cloud: new SimulatedCloud(),
          provisioningDelay: 1000,
        }),
    ).toThrow(/give them to the cloud, not with it/);
  });
});
