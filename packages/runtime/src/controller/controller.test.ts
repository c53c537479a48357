import { InvariantError } from "@kubesim/api";
import { Loop } from "@kubesim/sim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { SharedInformerFactory } from "../cache/factory.js";
import { Client } from "../client/client.js";
import { splitKey } from "../cache/keys.js";
import { silentLogger } from "../log.js";
import {
  ReconcileResult,
  TerminalError,
  reconcilerFunc,
  type ReconcileContext,
} from "../reconcile/reconcile.js";
import { describeAction, recordActions, writes } from "../testing/actions.js";
import { FakeApiClient } from "../testing/fake-api-client.js";
import { ItemFastSlowRateLimiter } from "../workqueue/rate-limiters.js";
import { defineController, type ControllerDefinition } from "./controller.js";
import { controllerOwnerKeys } from "./handlers.js";

const T0 = 1_704_067_200_000;
const deployment = (name: string, ns = "default"): Deployment => ({
  metadata: { name, namespace: ns },
  spec: { selector: { matchLabels: { app: name } }, template: {} },
});
const replicaSet = (
  name: string,
  owner?: { kind: string; name: string; controller: boolean },
): ReplicaSet => ({
  metadata: {
    name,
    namespace: "default",
    ...(owner === undefined
      ? {}
      : {
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              kind: owner.kind,
              name: owner.name,
              uid: "u",
              controller: owner.controller,
            },
          ],
        }),
  },
  spec: { selector: {} },
});

type Calls = { key: string; at: number; id: number }[];

function harness(
  reconcile: (key: string, ctx: ReconcileContext) => ReconcileResult,
  extra: Partial<ControllerDefinition> = {},
) {
  const loop = new Loop();
  const fake = new FakeApiClient({ loop });
  const informers = new SharedInformerFactory({ client: fake, loop });
  const calls: Calls = [];
  const controller = defineController({
    name: "test",
    loop,
    informers,
    for: "Deployment",
    reconciler: reconcilerFunc((key, ctx) => {
      calls.push({ key, at: loop.now() - T0, id: ctx.reconcileId });
      return reconcile(key, ctx);
    }),
    ...extra,
  });
  return { loop, fake, informers, controller, calls };
}

describe("Controller: wiring (controller-runtime builder)", () => {
  it("given a Deployment, when the controller starts, then its key is reconciled once the caches have synced", () => {
    const { loop, fake, controller, calls } = harness(() => ReconcileResult.done());
    fake.create("Deployment", deployment("web"));
    controller.start();
    expect(calls).toEqual([]); // the list has not run yet
    loop.settle();
    expect(controller.hasSynced()).toBe(true);
    expect(calls.map((c) => c.key)).toEqual(["default/web"]);
  });

  it("waits for every informer it uses before handing out keys", () => {
    const loop = new Loop();
    const fake = new FakeApiClient({ loop });
    let podsListable = false;
    const client = new Client(fake, {
      interceptors: {
        list: (next, kind, o) => {
          if (kind === "Pod" && !podsListable) throw new Error("pods unavailable");
          return next.list(kind, o);
        },
      },
    });
    const informers = new SharedInformerFactory({ client, loop });
    const seen: string[] = [];
    const c = defineController({
      name: "d",
      loop,
      informers,
      for: "Deployment",
      watches: [{ kind: "Pod", map: () => [] }],
      reconciler: reconcilerFunc((key) => {
        seen.push(key);
        return ReconcileResult.done();
      }),
    });
    fake.create("Deployment", deployment("web"));
    c.start();
    loop.advance("1s");
    expect(seen).toEqual([]);
    podsListable = true;
    loop.advance("2s"); // the pod informer's back-off (1.6 s) ends, it lists, syncs
    expect(seen).toEqual(["default/web"]);
  });

  it("a controller started after a shared informer synced still waits for its other informers", () => {
    const loop = new Loop();
    const fake = new FakeApiClient({ loop });
    const informers = new SharedInformerFactory({ client: fake, loop });
    fake.create("Deployment", deployment("web"));
    informers.informerFor("Deployment").run();
    loop.settle(); // Deployments synced, ReplicaSets not yet listed
    const seen: { key: string; rsSynced: boolean }[] = [];
    const c = defineController({
      loop,
      informers,
      for: "Deployment",
      owns: ["ReplicaSet"],
      reconciler: reconcilerFunc((key) => {
        seen.push({ key, rsSynced: informers.informerFor("ReplicaSet").hasSynced() });
        return ReconcileResult.done();
      }),
    });
    c.start(); // the Deployment handler is given the cache at once: the key is queued
    expect(c.queue.len()).toBe(1);
    loop.settle();
    expect(seen).toEqual([{ key: "default/web", rsSynced: true }]);
  });

  it("owns: a change to a ReplicaSet requeues its controller owner only", () => {
    const { loop, fake, controller, calls } = harness(() => ReconcileResult.done(), {
      owns: ["ReplicaSet"],
    });
    controller.start();
    loop.settle();
    fake.create(
      "ReplicaSet",
      replicaSet("web-1", { kind: "Deployment", name: "web", controller: true }),
    );
    fake.create(
      "ReplicaSet",
      replicaSet("web-2", { kind: "Deployment", name: "other", controller: false }),
    );
    fake.create(
      "ReplicaSet",
      replicaSet("web-3", { kind: "StatefulSet", name: "db", controller: true }),
    );
    fake.create("ReplicaSet", replicaSet("orphan"));
    loop.settle();
    expect(calls.map((c) => c.key)).toEqual(["default/web"]);
  });

  it("watches with a pure mapper: old and new objects of an update are both mapped", () => {
    const podToOwner = (p: Pod) => [`default/${p.metadata?.labels?.owner ?? ""}`];
    const { loop, fake, controller, calls } = harness(() => ReconcileResult.done(), {
      watches: [{ kind: "Pod", map: podToOwner }],
    });
    controller.start();
    loop.settle();
    const pod = fake.create("Pod", {
      metadata: { name: "p", namespace: "default", labels: { owner: "a" } },
    });
    loop.settle();
    fake.update("Pod", { ...pod, metadata: { ...pod.metadata, labels: { owner: "b" } } });
    loop.settle();
    expect(calls.map((c) => c.key)).toEqual(["default/a", "default/a", "default/b"]);
  });

  it("watches with a raw handler gets the queue (client-go style handlers)", () => {
    const { loop, fake, controller, calls } = harness(() => ReconcileResult.done(), {
      watches: [
        { kind: "Pod", handler: (q) => ({ onDelete: () => q.addAfter("default/late", 1000) }) },
      ],
    });
    controller.start();
    loop.settle();
    fake.create("Pod", { metadata: { name: "p", namespace: "default" } });
    loop.settle();
    fake.delete("Pod", "default", "p");
    loop.advance("1s");
    expect(calls).toEqual([{ key: "default/late", at: 1000, id: 1 }]);
  });

  it("refuses wiring that can never work, saying what to add", () => {
    const loop = new Loop();
    const informers = new SharedInformerFactory({ client: new FakeApiClient({ loop }), loop });
    const reconciler = reconcilerFunc(() => ReconcileResult.done());
    expect(() => defineController({ name: "x", loop, informers, reconciler })).toThrow(
      'controller "x": there are no watches configured, controller will never get triggered. Use for, owns or watches to set them up',
    );
    expect(() =>
      defineController({ name: "x", loop, informers, reconciler, owns: ["Pod"] }),
    ).toThrow("owns can only be used together with for");
    expect(() =>
      defineController({ loop, informers, reconciler, watches: [{ kind: "Pod", map: () => [] }] }),
    ).toThrow("a name is required when for is not set");
    expect(() => defineController({ loop, informers, reconciler, for: "Pod", workers: 0 })).toThrow(
      InvariantError,
    );
    expect(defineController({ loop, informers, reconciler, for: "Deployment" }).name).toBe(
      "deployment",
    );
  });
});

describe("Controller: reconcileHandler outcomes", () => {
  it("an error requeues with per-key exponential back-off (5, 10, 20 ms); success forgets", () => {
    let failures = 3;
    const { loop, fake, controller, calls } = harness(() => {
      if (failures-- > 0) throw new Error("boom");
      return ReconcileResult.done();
    });
    fake.create("Deployment", deployment("web"));
    controller.start();
    loop.advance("1s");
    expect(calls.map((c) => c.at)).toEqual([0, 5, 15, 35]);
    expect(calls.map((c) => c.id)).toEqual([1, 2, 3, 4]);
    expect(controller.queue.numRequeues("default/web")).toBe(0);
  });

  it("takes its rate limiter from the queue options", () => {
    const { loop, fake, controller, calls } = harness(
      () => {
        throw new Error("always");
      },
      { queue: { rateLimiter: new ItemFastSlowRateLimiter(100, 1000, 1) } },
    );
    fake.create("Deployment", deployment("web"));
    controller.start();
    loop.advance(2100);
    expect(calls.map((c) => c.at)).toEqual([0, 100, 1100, 2100]);
  });

  it("a TerminalError is not retried", () => {
    const { loop, fake, controller, calls } = harness(() => {
      throw new TerminalError(new Error("spec is unusable"));
    });
    fake.create("Deployment", deployment("web"));
    controller.start();
    loop.advance("1h");
    expect(calls).toHaveLength(1);
    expect(controller.queue.len()).toBe(0);
  });

  it("requeueAfter looks again after the delay and resets the back-off", () => {
    let n = 0;
    const { loop, fake, controller, calls } = harness(() => {
      n++;
      if (n === 1) throw new Error("first fails");
      return n < 4 ? ReconcileResult.requeueAfter(30_000) : ReconcileResult.done();
    });
    fake.create("Deployment", deployment("web"));
    controller.start();
    loop.advance("5m");
    expect(calls.map((c) => c.at)).toEqual([0, 5, 30_005, 60_005]);
    expect(controller.queue.numRequeues("default/web")).toBe(0);
  });

  it("requeue uses the rate limiter", () => {
    let n = 0;
    const { loop, fake, controller, calls } = harness(() =>
      ++n < 3 ? ReconcileResult.requeue() : ReconcileResult.done(),
    );
    fake.create("Deployment", deployment("web"));
    controller.start();
    loop.advance("1s");
    expect(calls.map((c) => c.at)).toEqual([0, 5, 15]);
  });

  it("a reconcile returning something that is not a result is treated as an error", () => {
    let n = 0;
    const { loop, fake, controller, calls } = harness(() =>
      ++n === 1 ? (undefined as unknown as ReconcileResult) : ReconcileResult.done(),
    );
    fake.create("Deployment", deployment("web"));
    controller.start();
    loop.advance("1s");
    expect(calls.map((c) => c.at)).toEqual([0, 5]);
  });
});

describe("Controller: queue guarantees in practice", () => {
  it("dedups: many changes to one object before a worker runs give one reconcile", () => {
    const { loop, fake, controller, calls } = harness(() => ReconcileResult.done());
    controller.start();
    loop.settle();
    let d = fake.create("Deployment", deployment("web"));
    for (let i = 0; i < 5; i++)
      d = fake.update("Deployment", {
        ...d,
        metadata: { ...d.metadata, labels: { i: String(i) } },
      });
    loop.settle();
    expect(calls.map((c) => c.key)).toEqual(["default/web"]);
  });

  it("a change made during a reconcile of the same key is reconciled again afterwards", () => {
    let round = 0;
    const loop = new Loop();
    const fake = new FakeApiClient({ loop });
    const informers = new SharedInformerFactory({ client: fake, loop });
    const calls: string[] = [];
    const c = defineController({
      loop,
      informers,
      for: "Deployment",
      reconciler: reconcilerFunc((key) => {
        calls.push(key);
        const { namespace, name } = splitKey(key);
        if (round++ === 0) {
          const d = fake.get("Deployment", namespace, name);
          fake.update("Deployment", {
            ...d,
            metadata: { ...d.metadata, annotations: { touched: "yes" } },
          });
          // the key is re-added while it is processing: not handed to a second worker now
          expect(c.queue.len()).toBe(0);
        }
        return ReconcileResult.done();
      }),
    });
    fake.create("Deployment", deployment("web"));
    c.start();
    loop.settle();
    expect(calls).toEqual(["default/web", "default/web"]);
  });

  it("with several workers, keys are processed FIFO and every key once", () => {
    const { loop, fake, controller, calls } = harness(() => ReconcileResult.done(), { workers: 3 });
    for (const n of ["e", "a", "d", "b", "c"]) fake.create("Deployment", deployment(n));
    controller.start();
    loop.settle();
    // the initial list is in key order; the queue keeps that order
    expect(calls.map((c) => c.key)).toEqual([
      "default/a",
      "default/b",
      "default/c",
      "default/d",
      "default/e",
    ]);
  });

  it("stop: no more reconciles", () => {
    const { loop, fake, controller, calls } = harness(() => ReconcileResult.done());
    controller.start();
    loop.settle();
    controller.stop();
    fake.create("Deployment", deployment("web"));
    loop.advance("1m");
    expect(calls).toEqual([]);
  });

  it("each reconcile gets a child logger bound to { controller, key, reconcileId }", () => {
    const bindings: Record<string, unknown>[] = [];
    const { loop, fake, controller } = harness(
      (_key, ctx) => {
        bindings.push(ctx.logger.bindings());
        return ReconcileResult.done();
      },
      { logger: silentLogger() },
    );
    fake.create("Deployment", deployment("a"));
    fake.create("Deployment", deployment("b"));
    controller.start();
    loop.settle();
    expect(bindings).toEqual([
      { controller: "test", key: "default/a", reconcileId: 1 },
      { controller: "test", key: "default/b", reconcileId: 2 },
    ]);
  });
});

describe("Controller: given/when/then with recorded API actions", () => {
  it("given a Deployment without a ReplicaSet, when reconciled, then it creates one", () => {
    // given
    const loop = new Loop();
    const fake = new FakeApiClient({ loop });
    const { client, actions, clear } = recordActions(fake);
    const informers = new SharedInformerFactory({ client, loop });
    const rsLister = informers.lister("ReplicaSet");
    const dLister = informers.lister("Deployment");
    const c = defineController({
      loop,
      informers,
      for: "Deployment",
      owns: ["ReplicaSet"],
      reconciler: reconcilerFunc((key) => {
        const d = dLister.get(key);
        if (d === undefined) return ReconcileResult.done();
        const mine = rsLister
          .list({ namespace: d.metadata!.namespace! })
          .filter((rs) => controllerOwnerKeys("Deployment")(rs)[0] === key);
        if (mine.length === 0) {
          client
            .resource("ReplicaSet")
            .namespace(d.metadata!.namespace!)
            .create(
              replicaSet(`${d.metadata!.name!}-1`, {
                kind: "Deployment",
                name: d.metadata!.name!,
                controller: true,
              }),
            );
        }
        return ReconcileResult.done();
      }),
    });
    fake.create("Deployment", deployment("web"));
    c.start();
    clear();
    // when
    loop.settle();
    // then
    expect(writes(actions).map(describeAction)).toEqual(["create ReplicaSet default/web-1"]);
    expect(actions.map(describeAction)).toEqual([
      "list Deployment",
      "watch Deployment",
      "list ReplicaSet",
      "watch ReplicaSet",
      "create ReplicaSet default/web-1",
    ]);
  });
});
