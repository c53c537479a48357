/**
 * The runtime against the real in-memory apiserver: informers, controllers and
 * the event recorder, as the components of later issues will use them.
 */
import type { KindName, WatchHandle } from "@kubesim/api";
import { ApiServer } from "@kubesim/apiserver";
import { Loop, Rng, Trace, rfc3339 } from "@kubesim/sim";
import fc from "fast-check";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { SharedInformerFactory } from "./cache/factory.js";
import { SharedIndexInformer } from "./cache/informer.js";
import { metaNamespaceKey, unwrapTombstone } from "./cache/keys.js";
import { Client } from "./client/client.js";
import { defineController } from "./controller/controller.js";
import { controllerOwnerKeys } from "./controller/handlers.js";
import { EventBroadcaster } from "./record/recorder.js";
import { ReconcileResult, reconcilerFunc } from "./reconcile/reconcile.js";
import { describeAction, recordActions, writes } from "./testing/actions.js";

const T0 = 1_704_067_200_000;

function server(options: { watchWindow?: number } = {}) {
  const loop = new Loop();
  const trace = new Trace(loop);
  const api = new ApiServer({ loop, rng: new Rng(7), trace, ...options });
  return { loop, trace, api };
}

/** A client whose open watches a test can drop, as a broken connection would. */
function droppable(api: ApiServer) {
  const handles: WatchHandle[] = [];
  const client = new Client(api, {
    interceptors: {
      watch: (next, kind, o, handler) => {
        const h = next.watch(kind, o, handler);
        handles.push(h);
        return h;
      },
    },
  });
  return {
    client,
    dropAll: () => {
      for (const h of handles.splice(0)) h.stop();
    },
  };
}

const deployment = (name: string): Deployment => ({
  metadata: { name, namespace: "default" },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
    },
  },
});

describe("informer on the apiserver", () => {
  it("lists, then watches; its cache holds the server's frozen objects", () => {
    const { loop, api } = server();
    api.create("ConfigMap", { metadata: { name: "a", namespace: "default" }, data: { k: "1" } });
    const informer = new SharedIndexInformer({ client: api, loop, kind: "ConfigMap" });
    informer.run();
    loop.settle();
    const a = informer.lister.get("default/a")!;
    expect(a).toBe(api.get("ConfigMap", "default", "a"));
    expect(Object.isFrozen(a)).toBe(true);
    api.create("ConfigMap", { metadata: { name: "b", namespace: "default" } });
    api.delete("ConfigMap", "default", "a");
    loop.settle();
    expect(informer.lister.keys()).toEqual(["default/b"]);
    // bookmarks move the resume point without touching the cache
    loop.advance("1m");
    expect(informer.lastSyncResourceVersion()).toBe(api.resourceVersion);
  });

  it("relists after its watch is dropped and the resume point has left the watch window (410)", () => {
    const { loop, api } = server({ watchWindow: 3 });
    const { client, dropAll } = droppable(api);
    api.create("ConfigMap", { metadata: { name: "gone", namespace: "default" } });
    const informer = new SharedIndexInformer({ client, loop, kind: "ConfigMap" });
    const deletes: string[] = [];
    informer.addEventHandler({
      onDelete: (o) => deletes.push(metaNamespaceKey(unwrapTombstone(o))),
    });
    informer.run();
    loop.settle();
    dropAll();
    api.delete("ConfigMap", "default", "gone");
    for (let i = 0; i < 5; i++)
      api.create("ConfigMap", { metadata: { name: `n${i}`, namespace: "default" } });
    loop.advance("5m"); // watch timeout: re-watch from an expired version -> 410 -> back-off
    loop.advance("1s"); // relist
    expect(informer.lister.keys()).toEqual(api.list("ConfigMap").items.map(metaNamespaceKey));
    expect(deletes).toEqual(["default/gone"]);
  });

  it("property: cache == server after any interleaving of writes, watch drops and 410s", () => {
    type Op =
      | { op: "put"; name: string; v: number }
      | { op: "del"; name: string }
      | { op: "drop" }
      | { op: "advance"; ms: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          op: fc.constant("put" as const),
          name: fc.constantFrom("a", "b", "c", "d"),
          v: fc.nat(3),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant("del" as const),
          name: fc.constantFrom("a", "b", "c", "d"),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ op: "drop" as const }) },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant("advance" as const),
          ms: fc.oneof(fc.nat(3000), fc.nat(400_000)),
        }),
      },
    );
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 30 }),
        fc.constantFrom("", "app=web"),
        (ops, labelSelector) => {
          const { loop, api } = server({ watchWindow: 4 });
          const { client, dropAll } = droppable(api);
          const informer = new SharedIndexInformer({
            client,
            loop,
            kind: "ConfigMap",
            namespace: "default",
            labelSelector,
          });
          const view = new Map<string, string>();
          informer.addEventHandler({
            onAdd: (o) => view.set(metaNamespaceKey(o), o.metadata!.resourceVersion!),
            onUpdate: (_, o) => view.set(metaNamespaceKey(o), o.metadata!.resourceVersion!),
            onDelete: (o) => view.delete(metaNamespaceKey(unwrapTombstone(o))),
          });
          informer.run();
          for (const o of ops) {
            if (o.op === "put") {
              const body: ConfigMap = {
                metadata: {
                  name: o.name,
                  namespace: "default",
                  labels: { app: o.v % 2 === 0 ? "web" : "db" },
                },
                data: { v: String(o.v) },
              };
              try {
                const cur = api.get("ConfigMap", "default", o.name);
                api.update("ConfigMap", {
                  ...body,
                  metadata: { ...body.metadata, resourceVersion: cur.metadata!.resourceVersion! },
                });
              } catch {
                api.create("ConfigMap", body);
              }
            } else if (o.op === "del") {
              try {
                api.delete("ConfigMap", "default", o.name);
              } catch {
                /* absent */
              }
            } else if (o.op === "drop") dropAll();
            else loop.advance(o.ms);
          }
          loop.advance("6m");
          const want = new Map(
            api
              .list("ConfigMap", { namespace: "default", labelSelector })
              .items.map((o) => [metaNamespaceKey(o), o.metadata!.resourceVersion!]),
          );
          const got = new Map(
            informer.lister.list().map((o) => [metaNamespaceKey(o), o.metadata!.resourceVersion!]),
          );
          expect(got).toEqual(want);
          expect(view).toEqual(want);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("controller on the apiserver (given/when/then)", () => {
  it("given a Deployment, when reconciled, then one ReplicaSet is created and owned; a child change requeues the owner", () => {
    // given
    const { loop, api } = server();
    const { client, actions, clear } = recordActions(api);
    const informers = new SharedInformerFactory({ client, loop });
    const deployments = informers.lister("Deployment");
    const replicaSets = informers.lister("ReplicaSet");
    const reconciled: string[] = [];
    const c = defineController({
      loop,
      informers,
      for: "Deployment",
      owns: ["ReplicaSet"],
      reconciler: reconcilerFunc((key) => {
        reconciled.push(key);
        const d = deployments.get(key);
        if (d === undefined) return ReconcileResult.done();
        const owned = replicaSets
          .list({ namespace: d.metadata!.namespace! })
          .filter((rs) => controllerOwnerKeys("Deployment")(rs)[0] === key);
        if (owned.length > 0) return ReconcileResult.done();
        const rs: ReplicaSet = {
          metadata: {
            name: `${d.metadata!.name!}-1`,
            namespace: d.metadata!.namespace!,
            labels: { app: d.metadata!.name! },
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "Deployment",
                name: d.metadata!.name!,
                uid: d.metadata!.uid!,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: { replicas: 1, selector: d.spec!.selector, template: d.spec!.template! },
        };
        client.resource("ReplicaSet").namespace(d.metadata!.namespace!).create(rs);
        return ReconcileResult.done();
      }),
    });
    api.create("Deployment", deployment("web"));
    c.start();
    clear();
    // when
    loop.settle();
    // then
    expect(writes(actions).map(describeAction)).toEqual(["create ReplicaSet default/web-1"]);
    // the ReplicaSet's ADDED event requeued its owner, which found it and did nothing more
    expect(reconciled).toEqual(["default/web", "default/web"]);
    expect(api.list("ReplicaSet").items).toHaveLength(1);
  });
});

describe("event recorder on the apiserver", () => {
  const setup = () => {
    const { loop, api, trace } = server();
    const { client, actions } = recordActions(api);
    const recorder = new EventBroadcaster({ client, loop }).newRecorder({
      component: "deployment-controller",
    });
    const d = api.create("Deployment", deployment("web"));
    actions.length = 0;
    return { loop, api, trace, recorder, actions, d };
  };

  it("writes a valid core/v1 Event and counts repeats with a strategic merge patch", () => {
    const { loop, api, recorder, actions, d, trace } = setup();
    recorder.eventf(
      d,
      "Normal",
      "ScalingReplicaSet",
      "Scaled up replica set %s from %d to %d",
      "web-1",
      0,
      1,
    );
    loop.advance("10s");
    recorder.eventf(
      d,
      "Normal",
      "ScalingReplicaSet",
      "Scaled up replica set %s from %d to %d",
      "web-1",
      0,
      1,
    );
    expect(writes(actions).map((a) => `${a.verb} ${a.patchType ?? ""}`.trim())).toEqual([
      "create",
      "patch strategic",
    ]);
    const events = api.list("Event").items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      involvedObject: {
        kind: "Deployment",
        apiVersion: "apps/v1",
        name: "web",
        namespace: "default",
        uid: d.metadata!.uid,
      },
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set web-1 from 0 to 1",
      source: { component: "deployment-controller" },
      type: "Normal",
      count: 2,
      firstTimestamp: rfc3339(T0),
      lastTimestamp: rfc3339(T0 + 10_000),
      reportingComponent: "deployment-controller",
      reportingInstance: "",
    });
    const kinds = trace.entries().map((e) => (e.data as { kind?: KindName }).kind);
    expect(kinds.filter((k) => k === "Event")).toHaveLength(2);
  });

  it("aggregates similar events on the server", () => {
    const { loop, api, recorder, d } = setup();
    for (let i = 0; i < 12; i++) {
      recorder.event(d, "Warning", "FailedCreate", `pods "web-${i}" is forbidden: exceeded quota`);
      loop.advance("1s");
    }
    const combined = api
      .list("Event")
      .items.filter((e) => e.message!.startsWith("(combined from similar events): "));
    expect(combined).toHaveLength(1);
    expect(combined[0]!.count).toBe(3);
  });
});
