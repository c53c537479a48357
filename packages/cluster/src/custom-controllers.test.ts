import { Writable } from "node:stream";
import type { ConfigMap } from "kubernetes-types/core/v1";
import type { Deployment } from "kubernetes-types/apps/v1";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  ReconcileResult,
  TerminalError,
  isNotFound,
  splitKey,
  type CustomController,
  type Manager,
} from "./index.js";
import { Cluster } from "./cluster.js";
import { CACHE_SYNC_RETRY } from "./custom-controllers.js";
import { web } from "./testdata/workloads.js";

const small = { nodes: 1, dns: false, ingress: false, loadBalancers: false } as const;

/**
 * A small controller: for each Deployment, a ConfigMap `<name>-replicas` holding its
 * spec.replicas, owned by the Deployment. Counts its setups and reconciles.
 */
function replicasMirror(log: { setups: number; reconciles: string[] }): CustomController {
  return (mgr: Manager) => {
    log.setups++;
    const deployments = mgr.informers.lister("Deployment");
    const configMaps = mgr.informers.lister("ConfigMap");
    return {
      name: "replicas-mirror",
      for: "Deployment",
      owns: ["ConfigMap"],
      reconciler: {
        reconcile: (key) => {
          log.reconciles.push(`${mgr.now() - START} ${key}`);
          const d: Deployment | undefined = deployments.get(key);
          if (d === undefined || d.metadata?.deletionTimestamp !== undefined)
            return ReconcileResult.done();
          const { namespace, name } = splitKey(key);
          const want = String(d.spec?.replicas ?? 1);
          const cm: ConfigMap | undefined = configMaps.get(`${namespace}/${name}-replicas`);
          if (cm === undefined) {
            mgr.client.create("ConfigMap", {
              apiVersion: "v1",
              kind: "ConfigMap",
              metadata: {
                name: `${name}-replicas`,
                namespace,
                ownerReferences: [
                  {
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    name,
                    uid: d.metadata!.uid!,
                    controller: true,
                    blockOwnerDeletion: true,
                  },
                ],
              },
              data: { replicas: want },
            });
          } else if (cm.data?.["replicas"] !== want) {
            mgr.client.update("ConfigMap", { ...cm, data: { replicas: want } });
          }
          return ReconcileResult.done();
        },
      },
    };
  };
}

const START = Date.UTC(2024, 0, 1);
const mirrored = (c: Cluster, name = "web") => {
  try {
    return c.get("ConfigMap", `${name}-replicas`).data?.["replicas"];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
};

describe("custom controllers", () => {
  it("reconcile what they watch, write through kube-controller-manager's connection, and are garbage collected", () => {
    const log = { setups: 0, reconciles: [] as string[] };
    const c = Cluster.create({ ...small, customControllers: [replicasMirror(log)] });
    c.create("Deployment", web("web", { replicas: 2 }));
    c.advance("1s");
    expect(mirrored(c)).toBe("2");
    const cm = c.get("ConfigMap", "web-replicas");
    expect(cm.metadata?.managedFields?.[0]?.manager).toBe("kube-controller-manager");

    c.patch("Deployment", "web", { spec: { replicas: 4 } });
    c.advance("1s");
    expect(mirrored(c)).toBe("4");

    // owns: editing the ConfigMap by hand triggers its owner, which puts it back
    c.patch("ConfigMap", "web-replicas", { data: { replicas: "9" } });
    c.advance("1s");
    expect(mirrored(c)).toBe("4");

    // the garbage collector follows the owner reference
    c.delete("Deployment", "web");
    c.advance("10s");
    expect(mirrored(c)).toBeUndefined();
    expect(log.setups).toBe(1);
  });

  it("are set up again by a restarted kube-controller-manager, with empty caches, and carry on", () => {
    const log = { setups: 0, reconciles: [] as string[] };
    const c = Cluster.create({ ...small, customControllers: [replicasMirror(log)] });
    c.create("Deployment", web("web", { replicas: 2 }));
    c.advance("1s");
    const before = log.reconciles.length;
    c.faults.restartController("kube-controller-manager");
    c.advance("1s");
    expect(log.setups).toBe(2);
    // the new process lists everything and reconciles each Deployment once more
    expect(log.reconciles.length).toBeGreaterThan(before);
    c.patch("Deployment", "web", { spec: { replicas: 3 } });
    c.advance("1s");
    expect(mirrored(c)).toBe("3");
  });

  it("can be added to a running cluster, and to one without the built-in controllers", () => {
    const log = { setups: 0, reconciles: [] as string[] };
    const c = Cluster.create({ ...small });
    c.create("Deployment", web("web", { replicas: 2 }));
    c.advance("1s");
    c.addController(replicasMirror(log));
    c.advance("1s");
    expect(mirrored(c)).toBe("2");
    c.faults.restartController();
    c.advance("1s");
    expect(log.setups).toBe(2);

    const alone = { setups: 0, reconciles: [] as string[] };
    const bare = Cluster.create({ ...small, controllers: false });
    bare.create("Deployment", web("web", { replicas: 5 }));
    bare.addController(replicasMirror(alone));
    bare.advance("1s");
    expect(mirrored(bare)).toBe("5");
    // no Deployment controller ran: no ReplicaSets
    expect(bare.list("ReplicaSet")).toEqual([]);
    bare.faults.restartController();
    bare.advance("1s");
    expect(alone.setups).toBe(2);
  });

  it("run on the sim clock: requeueAfter, and errors retried with per-key exponential back-off", () => {
    const times: number[] = [];
    const failures: number[] = [];
    let failing = 3;
    const c = Cluster.create({
      ...small,
      controllers: false,
      customControllers: [
        (mgr) => ({
          name: "ticker",
          for: { kind: "ConfigMap", namespace: "default" },
          reconciler: {
            reconcile: (key) => {
              if (key === "default/flaky") {
                failures.push(mgr.now() - START);
                if (failing-- > 0) throw new Error("not yet");
                return ReconcileResult.done();
              }
              times.push(mgr.now() - START);
              return ReconcileResult.requeueAfter(30_000);
            },
          },
        }),
      ],
    });
    c.create("ConfigMap", { metadata: { name: "tick" } });
    c.create("ConfigMap", { metadata: { name: "flaky" } });
    c.advance("100s");
    expect(times).toEqual([0, 30_000, 60_000, 90_000]);
    // client-go's default controller rate limiter: 5 ms, 10 ms, 20 ms
    expect(failures).toEqual([0, 5, 15, 35]);
  });

  it("stop retrying a key on a TerminalError", () => {
    const calls: number[] = [];
    const c = Cluster.create({
      ...small,
      controllers: false,
      customControllers: [
        (mgr) => ({
          name: "terminal",
          for: "ConfigMap",
          reconciler: {
            reconcile: () => {
              calls.push(mgr.now() - START);
              throw new TerminalError(new Error("cannot be fixed"));
            },
          },
        }),
      ],
    });
    c.create("ConfigMap", { metadata: { name: "x" } });
    c.advance("1m");
    expect(calls).toEqual([0]);
  });

  it("map watched objects to keys with a pure mapper, and wait for the caches they only read", () => {
    const seen: string[] = [];
    const c = Cluster.create({ ...small });
    c.create("Secret", { metadata: { name: "s" } });
    c.create("Pod", {
      metadata: { name: "p" },
      spec: { nodeName: "node-1", containers: [{ name: "c", image: "nginx" }] },
    });
    c.advance("1s");
    // added to a running process: its Pod informer has synced long ago, its Secret informer is new
    c.addController((mgr) => {
      // read, never watched: an informer of its own (one namespace), new in this process
      const secrets = mgr.informers.lister("Secret", { namespace: "default" });
      return {
        name: "pods-of-nodes",
        watches: [{ kind: "Pod", map: (pod) => [pod.spec?.nodeName ?? "unscheduled"] }],
        reconciler: {
          reconcile: (key) => {
            seen.push(`${mgr.now() - START} ${key} secrets=${secrets.list().length}`);
            return ReconcileResult.done();
          },
        },
      };
    });
    c.advance("1s");
    expect(seen).toEqual([`${1000 + CACHE_SYNC_RETRY} node-1 secrets=1`]);
  });

  it("refuse wiring that can never trigger", () => {
    const c = Cluster.create({ ...small, controllers: false });
    expect(() =>
      c.addController(() => ({
        name: "idle",
        reconciler: { reconcile: () => ReconcileResult.done() },
      })),
    ).toThrow(/no watches configured/);
  });

  it("log with pino: each reconcile's logger carries controller, key, reconcileId and the sim time", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    const c = Cluster.create({
      ...small,
      controllers: false,
      logger: pino({ level: "info", base: null }, sink),
      customControllers: [
        () => ({
          name: "hello",
          for: "ConfigMap",
          reconciler: {
            reconcile: (_key, ctx) => {
              ctx.logger.info("hello from a custom controller");
              return ReconcileResult.done();
            },
          },
        }),
      ],
    });
    c.create("ConfigMap", { metadata: { name: "x" } });
    c.advance("1s");
    const hello = lines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === "hello from a custom controller");
    expect(hello).toMatchObject({
      component: "kube-controller-manager",
      controller: "hello",
      key: "default/x",
      reconcileId: 1,
    });
  });

  it("are deterministic: the same seed and inputs give the same trace", () => {
    const run = () => {
      const c = Cluster.create({
        ...small,
        seed: 7,
        customControllers: [replicasMirror({ setups: 0, reconciles: [] })],
      });
      c.create("Deployment", web("web", { replicas: 2 }));
      c.advance("5s");
      c.faults.restartController();
      c.patch("Deployment", "web", { spec: { replicas: 1 } });
      c.advance("30s");
      return c.trace.hash();
    };
    expect(run()).toBe(run());
  });
});
