import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { droppingNth, expiringResumes, repeatingNth } from "../testdata/faulty-watch.js";
import { webDeployment, webImages, webService } from "../testdata/web.js";
import { WatchDeliveryMonitor, type WatchDeliveryOptions } from "./watch-delivery.js";

function cluster(): Cluster {
  return Cluster.create({ seed: 2, dns: false, ingress: false, images: webImages });
}

/**
 * Runs a rollout with the monitor checking after every loop task (with
 * `overdue` false, it checks only what is delivered).
 */
function rollout(
  c: Cluster,
  options: (c: Cluster) => WatchDeliveryOptions = () => ({}),
  overdue = true,
) {
  const m = new WatchDeliveryMonitor(c, options(c));
  const run = (ms: number): void => {
    c.loop.runUntil(
      () => {
        if (overdue) m.check();
        return false;
      },
      { timeout: ms },
    );
  };
  c.apply([webDeployment("app:v1"), webService]);
  run(30_000);
  c.apply([webDeployment("app:v2")]);
  run(5_000);
  return { m, run };
}

describe("WatchDeliveryMonitor", () => {
  it("sees every committed change of a rollout once, in order", () => {
    const c = cluster();
    const { m, run } = rollout(c);
    run(60_000);
    expect(m.violations).toEqual([]);
    expect(m.events).toBeGreaterThan(50);
    expect(m.pending).toBe(0);
    m.stop();
  });

  it("changes nothing the cluster records: the same trace hash with and without it", () => {
    const hash = (monitored: boolean): string => {
      const c = cluster();
      const m = monitored ? new WatchDeliveryMonitor(c) : undefined;
      c.apply([webDeployment("app:v1"), webService]);
      c.advance("30s");
      c.faults.slowApiServer("1s", { for: "10s" });
      c.apply([webDeployment("app:v2")]);
      c.advance("1m");
      expect(m?.violations ?? []).toEqual([]);
      m?.stop();
      return c.trace.hash();
    };
    expect(hash(true)).toBe(hash(false));
  });

  it("resumes from its last resourceVersion across dropped watches, without repeats or gaps", () => {
    const c = cluster();
    const { m, run } = rollout(c);
    const before = m.events;
    c.faults.dropWatches();
    c.apply([webDeployment("app:v3")]);
    run(10_000);
    c.faults.slowApiServer("2s", { for: "20s" });
    c.faults.dropWatches();
    run(60_000);
    expect(m.violations).toEqual([]);
    expect(m.resumes).toBe(6); // 3 kinds, 2 drops
    expect(m.events).toBeGreaterThan(before);
    expect(m.pending).toBe(0);
  });

  it("relists when a resume is too old, and owes nothing the list covers", () => {
    const c = cluster();
    const { m, run } = rollout(c, (c) => ({ client: expiringResumes(c) }));
    c.faults.dropWatches();
    c.apply([webDeployment("app:v3")]);
    run(60_000);
    expect(m.violations).toEqual([]);
    expect(m.relists).toBe(3);
  });

  it("catches a watch stream that drops an event", () => {
    const c = cluster();
    const conn = c.connections.connect("faulty");
    const { m } = rollout(c, () => ({ client: droppingNth(conn, "ReplicaSet", 3) }), false);
    expect(m.violations).toHaveLength(1);
    expect(m.violations[0]?.invariant).toBe("watchDelivery");
    expect(m.violations[0]?.message).toMatch(
      /^ReplicaSet watch: 1 change\(s\) lost before MODIFIED default\/web-\w+ at resourceVersion \d+: MODIFIED default\/web-\w+ at resourceVersion \d+$/,
    );
  });

  it("catches a lost last event once it is overdue", () => {
    const c = cluster();
    const conn = c.connections.connect("faulty");
    const m = new WatchDeliveryMonitor(c, {
      kinds: ["ConfigMap"],
      client: droppingNth(conn, "ConfigMap", 1),
    });
    c.apply([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" } }]);
    c.loop.runUntil(
      () => {
        m.check();
        return m.violations.length > 0;
      },
      { timeout: 10_000 },
    );
    expect(m.violations[0]?.message).toMatch(
      /^ConfigMap watch: 1 change\(s\) never delivered: ADDED default\/settings at resourceVersion \d+ \(committed \d+ms ago\)$/,
    );
  });

  it("catches a watch stream that repeats an event", () => {
    const c = cluster();
    const conn = c.connections.connect("faulty");
    const { m } = rollout(c, () => ({ client: repeatingNth(conn, "Pod", 5) }));
    expect(m.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /^Pod watch: \w+ default\/web-[-\w]+ at resourceVersion \d+ delivered twice$/,
      ),
    ]);
  });
});
