import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ApiError, type WatchEvent } from "@kubesim/api";
import { ApiServer } from "@kubesim/apiserver";
import { Loop, Rng } from "@kubesim/sim";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { ApiConnections, CONNECTION_LOST_AFTER, requestPath } from "./connection.js";

function world() {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(1) });
  const connections = new ApiConnections({
    client: api,
    loop,
    address: "172.18.0.1:6443",
    resourceVersion: () => api.resourceVersion,
  });
  return { loop, api, connections };
}

const cm = (name: string, v = "1"): ConfigMap => ({
  metadata: { name, namespace: "default" },
  data: { v },
});

/** Records what a watch delivers: "TYPE name@time" (or "ERROR reason"). */
function recorder(loop: Loop) {
  const seen: string[] = [];
  const handler = (e: WatchEvent<ConfigMap>): void => {
    if (e.type === "ERROR") seen.push(`ERROR ${e.object.code ?? ""} ${e.object.reason ?? ""}`);
    else seen.push(`${e.type} ${e.object.metadata?.name ?? ""}@${loop.now() - 1704067200000}`);
  };
  return { seen, handler };
}

describe("ApiConnection", () => {
  it("passes calls and watch events straight through while the link is up", () => {
    const { loop, api, connections } = world();
    const conn = connections.connect("test");
    const { seen, handler } = recorder(loop);
    conn.watch("ConfigMap", { namespace: "default" }, handler);
    conn.create("ConfigMap", cm("a"));
    expect(conn.get("ConfigMap", "default", "a").data).toEqual({ v: "1" });
    expect(conn.list("ConfigMap", { namespace: "default" }).items).toHaveLength(1);
    loop.settle();
    expect(seen).toEqual(["ADDED a@0"]);
    expect(api.watchCount).toBe(1);
    expect(connections.watchCount).toBe(1);
  });

  it("fails every request with a timeout while partitioned, and works again once healed", () => {
    const { connections } = world();
    const conn = connections.connect("kubelet/node-1");
    conn.partition();
    expect(conn.partitioned).toBe(true);
    let err: unknown;
    try {
      conn.get("Node", undefined, "node-1");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status.reason).toBe("Timeout");
    expect((err as ApiError).message).toBe(
      'Get "https://172.18.0.1:6443/api/v1/nodes/node-1": dial tcp 172.18.0.1:6443: i/o timeout',
    );
    expect(() => conn.create("ConfigMap", cm("a"))).toThrow(
      'Post "https://172.18.0.1:6443/api/v1/namespaces/default/configmaps"',
    );
    expect(() => conn.watch("ConfigMap", {}, () => {})).toThrow(ApiError);
    conn.heal();
    expect(conn.create("ConfigMap", cm("a")).metadata?.name).toBe("a");
  });

  it("holds watch events during a short partition and delivers them in order when it heals", () => {
    const { loop, api, connections } = world();
    const conn = connections.connect("p");
    const { seen, handler } = recorder(loop);
    conn.watch("ConfigMap", { namespace: "default" }, handler);
    conn.partition();
    api.create("ConfigMap", cm("a"));
    loop.advance("10s");
    api.create("ConfigMap", cm("b"));
    loop.advance("10s");
    expect(seen).toEqual([]);
    conn.heal();
    loop.settle();
    expect(seen).toEqual(["ADDED a@20000", "ADDED b@20000"]);
  });

  it("declares a watch lost 45 s into a partition: the held events are gone and the watch ends with client-go's error", () => {
    const { loop, api, connections } = world();
    const conn = connections.connect("p");
    const { seen, handler } = recorder(loop);
    const w = conn.watch("ConfigMap", { namespace: "default" }, handler);
    const errors: unknown[] = [];
    conn.watch("ConfigMap", { namespace: "default" }, (e) => {
      if (e.type === "ERROR") errors.push(e.object);
    });
    conn.partition();
    api.create("ConfigMap", cm("a"));
    loop.advance(CONNECTION_LOST_AFTER - 1);
    expect(seen).toEqual([]);
    loop.advance(1);
    expect(seen).toEqual(["ERROR 500 InternalError"]);
    expect(w.stopped).toBe(true);
    expect(api.watchCount).toBe(0);
    expect(errors[0]).toMatchObject({
      code: 500,
      reason: "InternalError",
      message:
        'an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding (get configmaps)',
    });
    conn.heal();
    api.create("ConfigMap", cm("b"));
    loop.settle();
    expect(seen).toEqual(["ERROR 500 InternalError"]);
  });

  it("drops watches as the server would: in-flight events first, then 410 Expired naming the versions", () => {
    const { loop, api, connections } = world();
    const conn = connections.connect("p");
    const { seen, handler } = recorder(loop);
    const errors: unknown[] = [];
    conn.watch("ConfigMap", { namespace: "default" }, handler);
    conn.watch("ConfigMap", { namespace: "default" }, (e) => {
      if (e.type === "ERROR") errors.push(e.object.message);
    });
    api.create("ConfigMap", cm("a"));
    loop.settle();
    connections.watchLatency = 1000;
    api.create("ConfigMap", cm("b"));
    loop.advance(500);
    const rvA = api.get("ConfigMap", "default", "a").metadata?.resourceVersion;
    expect(connections.dropWatches()).toBe(2);
    expect(api.watchCount).toBe(0);
    api.create("ConfigMap", cm("c"));
    loop.advance("5s");
    expect(seen).toEqual(["ADDED a@0", "ADDED b@1000", "ERROR 410 Expired"]);
    // the second watch had seen `a` only when the drop came (b was in flight)
    expect(errors).toEqual([`too old resource version: ${rvA ?? ""} (${String(Number(rvA) + 1)})`]);
    expect(connections.watchCount).toBe(0);
  });

  it("delays watch events by the server's latency, keeping each watch in order when it changes", () => {
    const { loop, api, connections } = world();
    const conn = connections.connect("p");
    const { seen, handler } = recorder(loop);
    conn.watch("ConfigMap", { namespace: "default" }, handler);
    connections.watchLatency = 2000;
    api.create("ConfigMap", cm("a"));
    loop.advance("1s");
    connections.watchLatency = 0;
    api.create("ConfigMap", cm("b"));
    loop.advance("5s");
    api.create("ConfigMap", cm("c"));
    loop.settle();
    expect(seen).toEqual(["ADDED a@2000", "ADDED b@2000", "ADDED c@6000"]);
  });

  it("with jitter, each watch keeps its events in order but watches of different kinds fall out of step", () => {
    const run = () => {
      const { loop, api, connections } = world();
      const conn = connections.connect("kube-controller-manager");
      const arrivals: { kind: string; rv: number; at: number }[] = [];
      const t0 = loop.now();
      for (const kind of ["ConfigMap", "Secret"] as const)
        conn.watch(kind, { namespace: "default" }, (e) => {
          if (e.type === "ERROR") return;
          const rv = Number(e.object.metadata?.resourceVersion);
          arrivals.push({ kind, rv, at: loop.now() - t0 });
        });
      connections.watchLatency = 100;
      connections.watchJitter = 400;
      for (let i = 0; i < 20; i++) {
        const obj = { metadata: { name: `o${i}`, namespace: "default" } };
        if (i % 2 === 0) api.create("ConfigMap", obj);
        else api.create("Secret", obj);
        loop.advance(37);
      }
      loop.advance("5s");
      return arrivals;
    };
    const arrivals = run();
    expect(arrivals).toHaveLength(20);
    for (const kind of ["ConfigMap", "Secret"]) {
      const rvs = arrivals.filter((a) => a.kind === kind).map((a) => a.rv);
      expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    }
    // every event is 100-500 ms late (an event held behind a later-drawn one of its watch included)
    const start = arrivals.map((a) => a.rv).sort((a, b) => a - b)[0]!;
    for (const a of arrivals) {
      const committed = (a.rv - start) * 37;
      expect(a.at - committed).toBeGreaterThanOrEqual(100);
      expect(a.at - committed).toBeLessThanOrEqual(500);
    }
    // across the two watches, some later change arrives before an earlier one
    const rvs = arrivals.map((a) => a.rv);
    expect(rvs).not.toEqual([...rvs].sort((a, b) => a - b));
    // the delays come from the seeded stream: the same run twice, the same arrivals
    expect(run()).toEqual(arrivals);
  });

  it("a closed connection (the process is gone) delivers nothing more and refuses calls", () => {
    const { loop, api, connections } = world();
    const conn = connections.connect("kube-controller-manager");
    const { seen, handler } = recorder(loop);
    conn.watch("ConfigMap", { namespace: "default" }, handler);
    conn.close();
    api.create("ConfigMap", cm("a"));
    loop.settle();
    expect(seen).toEqual([]);
    expect(api.watchCount).toBe(0);
    expect(() => conn.list("Pod")).toThrow("use of closed network connection");
    expect(conn.closed).toBe(true);
  });

  it("builds request paths as client-go does", () => {
    expect(requestPath("Pod", "default", "web-1", "status")).toBe(
      "/api/v1/namespaces/default/pods/web-1/status",
    );
    expect(requestPath("Deployment", "shop")).toBe("/apis/apps/v1/namespaces/shop/deployments");
    expect(requestPath("Node", "default", "node-1")).toBe("/api/v1/nodes/node-1");
    expect(requestPath("Lease", "kube-node-lease", "node-1")).toBe(
      "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1",
    );
  });

  it("property: whatever the latency and jitter changes, a watch sees every change once, in commit order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            latency: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
            jitter: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
            wait: fc.integer({ min: 0, max: 2000 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        (steps) => {
          const { loop, api, connections } = world();
          const conn = connections.connect("p");
          const got: string[] = [];
          conn.watch("ConfigMap", { namespace: "default" }, (e) => {
            if (e.type !== "ERROR") got.push(e.object.metadata?.resourceVersion ?? "");
          });
          const want: string[] = [];
          steps.forEach((s, i) => {
            if (s.latency !== undefined) connections.watchLatency = s.latency;
            if (s.jitter !== undefined) connections.watchJitter = s.jitter;
            want.push(api.create("ConfigMap", cm(`c${i}`)).metadata?.resourceVersion ?? "");
            loop.advance(s.wait);
          });
          loop.advance("10s");
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 100 },
    );
  });
});
