import { Loop } from "@kubesim/sim";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { Client } from "../client/client.js";
import { FakeApiClient } from "../testing/fake-api-client.js";
import { SharedInformerFactory } from "./factory.js";
import { CONTROLLER_UID_INDEX, controllerUidIndexFunc } from "./indexer.js";
import { SharedIndexInformer, type ResourceEventHandler } from "./informer.js";
import {
  isDeletedFinalStateUnknown,
  metaNamespaceKey,
  type DeletedFinalStateUnknown,
} from "./keys.js";

const cm = (name: string, data: Record<string, string> = {}, ns = "default"): ConfigMap => ({
  metadata: { name, namespace: ns },
  data,
});

type Seen = string[];
function recorder(seen: Seen): ResourceEventHandler<ConfigMap> {
  const k = (o: ConfigMap) => `${metaNamespaceKey(o)}@${o.metadata?.resourceVersion}`;
  return {
    onAdd: (o, initial) => seen.push(`add ${k(o)}${initial ? " (initial)" : ""}`),
    onUpdate: (a, b) => seen.push(`update ${k(a)} -> ${k(b)}${a === b ? " (resync)" : ""}`),
    onDelete: (o: ConfigMap | DeletedFinalStateUnknown<ConfigMap>) =>
      seen.push(isDeletedFinalStateUnknown(o) ? `delete tombstone ${o.key}` : `delete ${k(o)}`),
  };
}

function setup(opts: { resyncPeriod?: number } = {}) {
  const loop = new Loop();
  const client = new FakeApiClient({ loop });
  const informer = new SharedIndexInformer({ client, loop, kind: "ConfigMap", ...opts });
  const seen: Seen = [];
  informer.addEventHandler(recorder(seen));
  return { loop, client, informer, seen };
}

describe("SharedIndexInformer", () => {
  it("given objects, lists them on the first loop task, then watches for changes", () => {
    const { loop, client, informer, seen } = setup();
    client.create("ConfigMap", cm("a"));
    informer.run();
    expect(informer.hasSynced()).toBe(false); // the list is a loop task, not part of run()
    loop.settle();
    expect(informer.hasSynced()).toBe(true);
    expect(seen).toEqual(["add default/a@2 (initial)"]);

    const b = client.create("ConfigMap", cm("b"));
    expect(seen).toHaveLength(1); // watch events arrive as later loop tasks, never inside the write
    loop.settle();
    client.update("ConfigMap", { ...b, data: { x: "1" } });
    client.delete("ConfigMap", "default", "a");
    loop.settle();
    expect(seen).toEqual([
      "add default/a@2 (initial)",
      "add default/b@3",
      "update default/b@3 -> default/b@4",
      "delete default/a@5",
    ]);
    expect(informer.lister.keys()).toEqual(["default/b"]);
    expect(informer.lastSyncResourceVersion()).toBe("5");
    expect(client.calls.list).toBe(1);
  });

  it("holds only frozen objects", () => {
    const { loop, client, informer } = setup();
    client.create("ConfigMap", cm("a", { k: "v" }));
    informer.run();
    loop.settle();
    const got = informer.lister.get("default/a")!;
    expect(Object.isFrozen(got)).toBe(true);
    expect(Object.isFrozen(got.data)).toBe(true);
  });

  it("relists after a 410 ERROR event, with the reflector's 800 ms back-off, and reconciles the difference", () => {
    const { loop, client, informer, seen } = setup();
    client.create("ConfigMap", cm("keep"));
    client.create("ConfigMap", cm("gone"));
    const mod = client.create("ConfigMap", cm("mod"));
    informer.run();
    loop.settle();
    seen.length = 0;

    client.failWatches(); // 410 Expired: the watch ends
    loop.settle();
    // while the informer is not watching, the world changes
    client.delete("ConfigMap", "default", "gone");
    client.update("ConfigMap", { ...mod, data: { v: "2" } });
    client.create("ConfigMap", cm("new"));
    loop.advance(799);
    expect(seen).toEqual([]);
    expect(client.calls.list).toBe(1);
    loop.advance(1);
    expect(client.calls.list).toBe(2);
    expect(seen).toEqual([
      "update default/mod@4 -> default/mod@6",
      "add default/new@7",
      "delete tombstone default/gone",
    ]);
    expect(informer.lister.keys()).toEqual(["default/keep", "default/mod", "default/new"]);
  });

  it("re-watches a silently dropped watch from the last resourceVersion at the watch timeout, without relisting", () => {
    const { loop, client, informer, seen } = setup();
    informer.run();
    loop.settle();
    client.dropWatches();
    client.create("ConfigMap", cm("a"));
    loop.advance("4m");
    expect(seen).toEqual([]); // not noticed yet
    loop.advance("1m"); // 5 min: the watch times out and is re-opened from rv 0 -> replays rv 1
    loop.settle();
    expect(seen).toEqual(["add default/a@2"]);
    expect(client.calls.list).toBe(1);
    expect(client.calls.watch).toBe(2);
  });

  it("relists when the re-watch after a drop is too old (410), noticing deletions as tombstones", () => {
    const { loop, client, informer, seen } = setup();
    client.create("ConfigMap", cm("a"));
    informer.run();
    loop.settle();
    seen.length = 0;
    client.dropWatches();
    client.delete("ConfigMap", "default", "a");
    client.compact();
    loop.advance("5m"); // re-watch from rv 1 -> 410 -> back-off 800ms -> relist
    loop.advance(800);
    expect(seen).toEqual(["delete tombstone default/a"]);
    expect(client.calls.list).toBe(2);
  });

  it("backs off 800 ms, 1.6 s, 3.2 s ... on failing lists, and resets after 2 quiet minutes", () => {
    const loop = new Loop();
    const fake = new FakeApiClient({ loop });
    let failing = true;
    const listTimes: number[] = [];
    const client = new Client(fake, {
      interceptors: {
        list: (next, kind, options) => {
          listTimes.push(loop.now() - 1_704_067_200_000);
          if (failing) throw new Error("connection refused");
          return next.list(kind, options);
        },
      },
    });
    const informer = new SharedIndexInformer({ client, loop, kind: "ConfigMap" });
    informer.run();
    loop.advance(800 + 1600 + 3200);
    expect(listTimes).toEqual([0, 800, 2400, 5600]);
    failing = false;
    loop.advance(6400);
    expect(informer.hasSynced()).toBe(true);
    expect(listTimes).toEqual([0, 800, 2400, 5600, 12000]);
    // the back-off grows while failures come within 2 minutes of each other ...
    fake.failWatches();
    loop.advance(12800);
    expect(listTimes.at(-1)).toBe(12000 + 12800);
    // ... and starts again at 800 ms after 2 quiet minutes
    loop.advance("3m");
    const before = loop.now() - 1_704_067_200_000;
    fake.failWatches();
    loop.advance(800);
    expect(listTimes.at(-1)).toBe(before + 800);
  });

  it("resyncs every period, delivering each cached object as an update with old === new", () => {
    const { loop, client, informer, seen } = setup({ resyncPeriod: 30_000 });
    client.create("ConfigMap", cm("a"));
    informer.run();
    loop.settle();
    loop.advance("29s");
    expect(seen).toEqual(["add default/a@2 (initial)"]);
    loop.advance("1s");
    expect(seen).toEqual([
      "add default/a@2 (initial)",
      "update default/a@2 -> default/a@2 (resync)",
    ]);
    loop.advance("30s");
    expect(seen.filter((s) => s.endsWith("(resync)"))).toHaveLength(2);
  });

  it("resyncs each handler at its own period; a handler asking for less than the check period gets it", () => {
    const loop = new Loop();
    const client = new FakeApiClient({ loop });
    const informer = new SharedIndexInformer({
      client,
      loop,
      kind: "ConfigMap",
      resyncPeriod: 60_000,
    });
    const fast: Seen = [];
    const slow: Seen = [];
    informer.addEventHandler(recorder(fast), { resyncPeriod: 20_000 });
    informer.addEventHandler(recorder(slow));
    client.create("ConfigMap", cm("a"));
    informer.run();
    loop.settle();
    loop.advance("60s");
    expect(fast.filter((s) => s.endsWith("(resync)"))).toHaveLength(3);
    expect(slow.filter((s) => s.endsWith("(resync)"))).toHaveLength(1);
  });

  it("replays the cache to a handler added late, as initial adds; its registration is synced at once", () => {
    const { loop, client, informer } = setup();
    client.create("ConfigMap", cm("b"));
    client.create("ConfigMap", cm("a"));
    informer.run();
    loop.settle();
    const late: Seen = [];
    const reg = informer.addEventHandler(recorder(late));
    expect(late).toEqual(["add default/a@3 (initial)", "add default/b@2 (initial)"]);
    expect(reg.hasSynced()).toBe(true);
    reg.remove();
    client.create("ConfigMap", cm("c"));
    loop.settle();
    expect(late).toHaveLength(2);
  });

  it("ignores events of an old watch after it was replaced", () => {
    const { loop, client, informer, seen } = setup();
    informer.run();
    loop.settle();
    client.create("ConfigMap", cm("a"));
    // the event task is queued; the informer's watch is then closed by a stop
    informer.stop();
    loop.settle();
    expect(seen).toEqual([]);
    expect(informer.watcherState).toEqual({ phase: "Stopped" });
    expect(client.openWatches()).toBe(0);
  });

  it("watches one namespace and a label selection only", () => {
    const loop = new Loop();
    const client = new FakeApiClient({ loop });
    const informer = new SharedIndexInformer({
      client,
      loop,
      kind: "ConfigMap",
      namespace: "prod",
      labelSelector: "app=web",
    });
    client.create("ConfigMap", {
      metadata: { name: "a", namespace: "prod", labels: { app: "web" } },
    });
    client.create("ConfigMap", {
      metadata: { name: "b", namespace: "dev", labels: { app: "web" } },
    });
    const c = client.create("ConfigMap", {
      metadata: { name: "c", namespace: "prod", labels: { app: "db" } },
    });
    informer.run();
    loop.settle();
    expect(informer.lister.keys()).toEqual(["prod/a"]);
    client.update("ConfigMap", { ...c, metadata: { ...c.metadata, labels: { app: "web" } } });
    loop.settle();
    expect(informer.lister.keys()).toEqual(["prod/a", "prod/c"]);
  });

  it("keeps custom indices (controller owner uid)", () => {
    const loop = new Loop();
    const client = new FakeApiClient({ loop });
    const informer = new SharedIndexInformer({
      client,
      loop,
      kind: "ConfigMap",
      indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
    });
    const owned = (name: string, uid: string): ConfigMap => ({
      metadata: {
        name,
        namespace: "default",
        ownerReferences: [
          { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid, controller: true },
        ],
      },
    });
    client.create("ConfigMap", owned("x", "u1"));
    client.create("ConfigMap", owned("y", "u2"));
    client.create("ConfigMap", owned("z", "u1"));
    informer.run();
    loop.settle();
    expect(informer.lister.indexKeys(CONTROLLER_UID_INDEX, "u1")).toEqual([
      "default/x",
      "default/z",
    ]);
    expect(informer.lister.byIndex("namespace", "default")).toHaveLength(3);
  });
});

describe("SharedInformerFactory", () => {
  it("shares one informer per kind and selection, and reports sync", () => {
    const loop = new Loop();
    const client = new FakeApiClient({ loop });
    const factory = new SharedInformerFactory({ client, loop });
    const a = factory.informerFor("Pod");
    expect(factory.informerFor("Pod")).toBe(a);
    const b = factory.informerFor("Pod", { namespace: "kube-system" });
    expect(b).not.toBe(a);
    factory.informerFor("ConfigMap", {
      indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
    });
    factory.informerFor("ConfigMap", {
      indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
    });
    factory.start();
    expect(factory.hasSynced()).toBe(false);
    expect(loop.runUntil(() => factory.hasSynced())).toBe(true);
    expect(factory.syncStatus()).toEqual({
      ConfigMap: true,
      Pod: true,
      "Pod?namespace=kube-system": true,
    });
    expect(client.calls.list).toBe(3);
    factory.shutdown();
    expect(client.openWatches()).toBe(0);
  });
});
