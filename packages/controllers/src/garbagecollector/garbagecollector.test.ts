/**
 * The garbage collector on the real in-memory apiserver, given/when/then:
 * given owners and dependents (ownerReferences set by hand), when objects are
 * deleted with each propagation policy and the collector runs on the sim
 * loop, then these API actions and this final state.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { ConfigMap, Pod } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { describe, expect, it } from "vitest";
import { isNotFound, type DeleteOptions, type KindName, type KubeObject } from "@kubesim/api";
import { ApiServer } from "@kubesim/apiserver";
import { Client, EventBroadcaster, SharedInformerFactory } from "@kubesim/runtime";
import { describeAction, recordActions, writes } from "@kubesim/runtime/testing";
import { Loop, Rng } from "@kubesim/sim";
import { ReplicaSetController } from "../replicaset/controller.js";
import { GarbageCollector, GarbageCollectorComponent } from "./garbagecollector.js";

const NS = "default";

function world(o: { watchLatency?: string } = {}) {
  const loop = new Loop();
  const api = new ApiServer({
    loop,
    rng: new Rng(3),
    ...(o.watchLatency === undefined ? {} : { watchLatency: o.watchLatency }),
  });
  const deletes: { what: string; options: DeleteOptions | undefined }[] = [];
  const inner = new Client(api, {
    interceptors: {
      delete: (next, kind, ns, name, options) => {
        deletes.push({ what: `${kind} ${name}`, options });
        return next.delete(kind, ns, name, options);
      },
    },
  });
  const recorded = recordActions(inner);
  const informers = new SharedInformerFactory({ client: recorded.client, loop });
  const broadcaster = new EventBroadcaster({ client: api, loop });
  const gc = new GarbageCollector({
    client: recorded.client,
    informers,
    loop,
    recorder: broadcaster.newRecorder({ component: GarbageCollectorComponent }),
  });
  return {
    loop,
    api,
    gc,
    informers,
    broadcaster,
    deletes,
    actions: recorded.actions,
    clear: () => {
      recorded.clear();
      deletes.length = 0;
    },
    writes: (): string[] => writes(recorded.actions).map(describeAction),
    startGC: () => {
      gc.start();
      loop.settle();
    },
    exists: (kind: KindName, name: string, ns: string | undefined = NS): boolean => {
      try {
        api.get(kind, ns, name);
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
    names: (kind: KindName, ns = NS): string[] =>
      api.list(kind, { namespace: ns }).items.map((x) => x.metadata?.name ?? ""),
  };
}

type World = ReturnType<typeof world>;

const ownerRef = (
  owner: KubeObject,
  o: { controller?: boolean; block?: boolean } = {},
): OwnerReference => ({
  apiVersion: owner.apiVersion ?? "",
  kind: owner.kind ?? "",
  name: owner.metadata?.name ?? "",
  uid: owner.metadata?.uid ?? "",
  ...(o.controller === undefined ? {} : { controller: o.controller }),
  ...(o.block === undefined ? {} : { blockOwnerDeletion: o.block }),
});

const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "c", image: "nginx:1.25" }] },
};

/** Deployment web -> ReplicaSet web-7d9c6b5f4 -> 3 pods, references set by hand (controller + blockOwnerDeletion). */
function deploymentTree(w: World, o: { podsOnNode?: boolean } = {}) {
  const d: Deployment = w.api.create("Deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: NS },
    spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
  });
  const rs: ReplicaSet = w.api.create("ReplicaSet", {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: "web-7d9c6b5f4",
      namespace: NS,
      ownerReferences: [ownerRef(d, { controller: true, block: true })],
    },
    spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
  });
  const pods: Pod[] = [];
  for (const suffix of ["aaaaa", "bbbbb", "ccccc"]) {
    pods.push(
      w.api.create("Pod", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: `web-7d9c6b5f4-${suffix}`,
          namespace: NS,
          labels: { app: "web" },
          ownerReferences: [ownerRef(rs, { controller: true, block: true })],
        },
        spec: {
          ...(o.podsOnNode === true ? { nodeName: "node-1" } : {}),
          containers: [{ name: "c", image: "nginx:1.25" }],
        },
      }),
    );
  }
  return { d, rs, pods };
}

function configMap(
  w: World,
  name: string,
  owners: OwnerReference[] = [],
  o: { finalizers?: string[]; ns?: string } = {},
): ConfigMap {
  return w.api.create("ConfigMap", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name,
      namespace: o.ns ?? NS,
      ...(owners.length === 0 ? {} : { ownerReferences: owners }),
      ...(o.finalizers === undefined ? {} : { finalizers: o.finalizers }),
    },
  });
}

describe("garbage collector: background deletion", () => {
  it("deleting a Deployment deletes its ReplicaSet, which deletes its pods", () => {
    const w = world();
    const { rs, pods } = deploymentTree(w);
    w.startGC();
    expect(w.writes()).toEqual([]); // every owner exists: nothing to do
    w.api.delete("Deployment", NS, "web");
    w.loop.settle();
    expect(w.writes()).toEqual([
      "delete ReplicaSet default/web-7d9c6b5f4",
      "delete Pod default/web-7d9c6b5f4-aaaaa",
      "delete Pod default/web-7d9c6b5f4-bbbbb",
      "delete Pod default/web-7d9c6b5f4-ccccc",
    ]);
    // The owner was verified gone with a live GET (by name, compared by uid) before acting.
    const gets = w.actions.filter((a) => a.verb === "get").map(describeAction);
    expect(gets).toContain("get Deployment default/web");
    // Deletes carry the uid and resourceVersion read as preconditions, Background propagation.
    expect(w.deletes[0]).toEqual({
      what: "ReplicaSet web-7d9c6b5f4",
      options: {
        preconditions: { uid: rs.metadata?.uid, resourceVersion: rs.metadata?.resourceVersion },
        propagationPolicy: "Background",
      },
    });
    expect(w.deletes[1]?.options?.preconditions?.uid).toBe(pods[0]?.metadata?.uid);
    expect(w.names("ReplicaSet")).toEqual([]);
    expect(w.names("Pod")).toEqual([]);
  });

  it("scheduled pods are deleted gracefully and leave when their grace period ends", () => {
    const w = world();
    deploymentTree(w, { podsOnNode: true });
    w.startGC();
    w.api.delete("ReplicaSet", NS, "web-7d9c6b5f4");
    w.loop.settle();
    const pods = w.api.list("Pod", { namespace: NS }).items;
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata?.deletionTimestamp !== undefined)).toBe(true);
    w.loop.advance("30s");
    expect(w.names("Pod")).toEqual([]);
  });

  it("an owner re-created under the same name (another uid) does not save the old dependents", () => {
    const w = world();
    const owner = configMap(w, "owner");
    configMap(w, "dep", [ownerRef(owner)]);
    w.startGC();
    w.gc.stop(); // the delete and the re-create happen while the collector is down
    w.api.delete("ConfigMap", NS, "owner");
    configMap(w, "owner");
    const w2 = new GarbageCollector({
      client: w.api,
      informers: new SharedInformerFactory({ client: w.api, loop: w.loop }),
      loop: w.loop,
    });
    w2.start();
    w.loop.settle();
    expect(w.names("ConfigMap")).toEqual(["owner"]);
  });

  it("removes only the dangling reference of a dependent that still has a live owner", () => {
    const w = world();
    const a = configMap(w, "a");
    const b = configMap(w, "b");
    configMap(w, "dep", [ownerRef(a), ownerRef(b)]);
    w.startGC();
    w.clear();
    w.api.delete("ConfigMap", NS, "a");
    w.loop.settle();
    expect(w.writes()).toEqual(["patch ConfigMap default/dep"]);
    const patch = w.actions.find((x) => x.verb === "patch");
    expect(patch?.patchType).toBe("strategic");
    expect(w.api.get("ConfigMap", NS, "dep").metadata?.ownerReferences).toEqual([ownerRef(b)]);
  });
});

describe("garbage collector: dependents whose owner is gone after a fault", () => {
  it("given a ReplicaSet deleted while the collector was down, when it starts, then the orphaned pods are collected", () => {
    const w = world();
    deploymentTree(w);
    // No collector yet: deleting the ReplicaSet leaves its pods behind.
    w.api.delete("ReplicaSet", NS, "web-7d9c6b5f4");
    w.loop.advance("1m");
    expect(w.names("Pod")).toHaveLength(3);
    w.startGC();
    // The pods' owner is a virtual node; a GET says NotFound; the pods go.
    expect(w.writes()).toEqual([
      "delete Pod default/web-7d9c6b5f4-aaaaa",
      "delete Pod default/web-7d9c6b5f4-bbbbb",
      "delete Pod default/web-7d9c6b5f4-ccccc",
    ]);
    expect(w.actions.filter((a) => a.verb === "get").map(describeAction)).toEqual([
      "get ReplicaSet default/web-7d9c6b5f4",
      "get Pod default/web-7d9c6b5f4-aaaaa",
      "get Pod default/web-7d9c6b5f4-bbbbb",
      "get Pod default/web-7d9c6b5f4-ccccc",
    ]);
    expect(w.names("Pod")).toEqual([]);
    // The Deployment and its other dependents are untouched.
    expect(w.exists("Deployment", "web")).toBe(true);
  });

  it("dependents listed before their owner (a virtual owner node) are kept once the owner is seen", () => {
    const w = world({ watchLatency: "1s" });
    deploymentTree(w);
    w.gc.start();
    // Pods are listed before ReplicaSets: the ReplicaSet is first a virtual node, then observed.
    w.loop.advance("10s");
    expect(w.writes()).toEqual([]);
    expect(w.names("Pod")).toHaveLength(3);
    expect(w.gc.graph.uidToNode.all().every((n) => n.isObserved())).toBe(true);
  });
});

describe("garbage collector: foreground deletion", () => {
  it("deletes the dependents first, then removes the foregroundDeletion finalizer so the owner goes", () => {
    const w = world();
    const { d, rs } = deploymentTree(w);
    w.startGC();
    w.clear();
    w.api.delete("Deployment", NS, "web", { propagationPolicy: "Foreground" });
    // At once: the Deployment waits with its finalizer.
    const waiting = w.api.get("Deployment", NS, "web");
    expect(waiting.metadata?.finalizers).toEqual(["foregroundDeletion"]);
    expect(waiting.metadata?.deletionTimestamp).toBeDefined();
    w.loop.settle();
    expect(w.exists("Deployment", "web")).toBe(false);
    expect(w.names("ReplicaSet")).toEqual([]);
    expect(w.names("Pod")).toEqual([]);
    // The ReplicaSet has dependents: deleted in the foreground too; pods in the background.
    // The Deployment's own attempt runs before the ReplicaSet's deletion is
    // observed, so it queues the ReplicaSet again, which is deleted a second
    // time (a no-op for the apiserver); upstream's workers race the same way.
    expect(w.deletes.map((x) => `${x.what} ${x.options?.propagationPolicy}`)).toEqual([
      "ReplicaSet web-7d9c6b5f4 Foreground",
      "ReplicaSet web-7d9c6b5f4 Foreground",
      "Pod web-7d9c6b5f4-aaaaa Background",
      "Pod web-7d9c6b5f4-bbbbb Background",
      "Pod web-7d9c6b5f4-ccccc Background",
    ]);
    // Finalizers removed by merge patches: the ReplicaSet's, then the Deployment's.
    const patches = w.actions.filter((a) => a.verb === "patch");
    expect(patches.map(describeAction)).toEqual([
      "patch ReplicaSet default/web-7d9c6b5f4",
      "patch Deployment default/web",
    ]);
    expect(patches[1]?.patchType).toBe("merge");
    expect(patches[1]?.body).toEqual({
      metadata: { resourceVersion: expect.any(String), finalizers: null },
    });
    expect(d.metadata?.uid).not.toBe(rs.metadata?.uid);
  });

  it("only dependents with blockOwnerDeletion hold the owner back", () => {
    const w = world();
    const owner = configMap(w, "owner");
    // Both dependents carry a finalizer of their own, so they linger after their delete.
    configMap(w, "blocking", [ownerRef(owner, { block: true })], { finalizers: ["test/hold"] });
    configMap(w, "free", [ownerRef(owner, { block: false })], { finalizers: ["test/hold"] });
    w.startGC();
    w.api.delete("ConfigMap", NS, "owner", { propagationPolicy: "Foreground" });
    w.loop.advance("1m");
    // Both dependents were asked to go; the blocking one keeps the owner waiting.
    expect(w.api.get("ConfigMap", NS, "blocking").metadata?.deletionTimestamp).toBeDefined();
    expect(w.api.get("ConfigMap", NS, "free").metadata?.deletionTimestamp).toBeDefined();
    expect(w.api.get("ConfigMap", NS, "owner").metadata?.finalizers).toEqual([
      "foregroundDeletion",
    ]);
    // Release the blocking dependent: it goes, then the owner.
    const blocking = w.api.get("ConfigMap", NS, "blocking");
    w.api.update("ConfigMap", { ...blocking, metadata: { ...blocking.metadata, finalizers: [] } });
    w.loop.settle();
    expect(w.exists("ConfigMap", "blocking")).toBe(false);
    expect(w.exists("ConfigMap", "owner")).toBe(false);
    expect(w.exists("ConfigMap", "free")).toBe(true); // still held by its own finalizer
  });

  it("a dependent that stops blocking lets the waiting owner finish", () => {
    const w = world();
    const owner = configMap(w, "owner");
    configMap(w, "blocking", [ownerRef(owner, { block: true })], { finalizers: ["test/hold"] });
    w.startGC();
    w.api.delete("ConfigMap", NS, "owner", { propagationPolicy: "Foreground" });
    w.loop.advance("1m");
    expect(w.exists("ConfigMap", "owner")).toBe(true);
    const dep = w.api.get("ConfigMap", NS, "blocking");
    w.api.update("ConfigMap", {
      ...dep,
      metadata: { ...dep.metadata, ownerReferences: [ownerRef(owner, { block: false })] },
    });
    w.loop.settle();
    expect(w.exists("ConfigMap", "owner")).toBe(false);
  });

  it("with the ReplicaSet controller running, a foreground-deleted ReplicaSet is not refilled", () => {
    const w = world();
    w.api.create("ReplicaSet", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web", namespace: NS },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template },
    });
    const rsc = new ReplicaSetController({
      client: w.api,
      informers: w.informers,
      loop: w.loop,
      recorder: w.broadcaster.newRecorder({ component: "replicaset-controller" }),
    });
    rsc.start();
    w.startGC();
    expect(w.names("Pod")).toHaveLength(3);
    w.api.delete("ReplicaSet", NS, "web", { propagationPolicy: "Foreground" });
    w.loop.advance("1m");
    expect(w.names("ReplicaSet")).toEqual([]);
    expect(w.names("Pod")).toEqual([]);
  });
});

describe("garbage collector: orphan deletion", () => {
  it("removes the owner's reference from every dependent, then the orphan finalizer", () => {
    const w = world();
    const { rs, pods } = deploymentTree(w);
    w.startGC();
    w.clear();
    w.api.delete("ReplicaSet", NS, "web-7d9c6b5f4", { propagationPolicy: "Orphan" });
    w.loop.settle();
    expect(w.writes()).toEqual([
      "patch Pod default/web-7d9c6b5f4-aaaaa",
      "patch Pod default/web-7d9c6b5f4-bbbbb",
      "patch Pod default/web-7d9c6b5f4-ccccc",
      "patch ReplicaSet default/web-7d9c6b5f4",
    ]);
    expect(w.actions.find((a) => a.verb === "patch")?.body).toEqual({
      metadata: {
        ownerReferences: [{ $patch: "delete", uid: rs.metadata?.uid }],
        uid: pods[0]?.metadata?.uid,
      },
    });
    expect(w.exists("ReplicaSet", "web-7d9c6b5f4")).toBe(false);
    const left = w.api.list("Pod", { namespace: NS }).items;
    expect(left).toHaveLength(3);
    for (const p of left) expect(p.metadata?.ownerReferences ?? []).toEqual([]);
    // Nothing more happens: the pods have no owner, so they are not garbage.
    w.clear();
    w.loop.advance("10m");
    expect(w.writes()).toEqual([]);
  });

  it("an owner deleted with Orphan while the collector is down is finalized when it starts", () => {
    const w = world();
    const owner = configMap(w, "owner");
    configMap(w, "dep", [ownerRef(owner)]);
    w.api.delete("ConfigMap", NS, "owner", { propagationPolicy: "Orphan" });
    w.loop.advance("1m");
    expect(w.api.get("ConfigMap", NS, "owner").metadata?.finalizers).toEqual(["orphan"]);
    w.startGC();
    expect(w.exists("ConfigMap", "owner")).toBe(false);
    expect(w.api.get("ConfigMap", NS, "dep").metadata?.ownerReferences ?? []).toEqual([]);
  });
});

describe("garbage collector: references across scopes", () => {
  it("a cluster-scoped owner (a Node) collects its namespaced dependents (its Lease)", () => {
    const w = world();
    const node = w.api.create("Node", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "node-1" },
    });
    w.api.create("Lease", {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "node-1", namespace: "kube-node-lease", ownerReferences: [ownerRef(node)] },
      spec: {},
    });
    w.startGC();
    w.api.delete("Node", undefined, "node-1");
    w.loop.settle();
    expect(w.exists("Lease", "node-1", "kube-node-lease")).toBe(false);
  });

  it("a reference to an owner in another namespace is reported and treated as dangling", () => {
    const w = world();
    w.api.create("Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } });
    const owner = configMap(w, "owner", [], { ns: "other" });
    configMap(w, "dep", [ownerRef(owner)]); // in "default", pointing at other/owner's uid
    w.startGC();
    w.loop.settle();
    expect(w.exists("ConfigMap", "dep")).toBe(false);
    expect(w.exists("ConfigMap", "owner", "other")).toBe(true);
    const events = w.api.list("Event", { namespace: NS }).items;
    expect(events.map((e) => `${e.type} ${e.reason} ${e.message}`)).toEqual([
      `Warning OwnerRefInvalidNamespace ownerRef [v1/ConfigMap, namespace: default, name: owner, uid: ${owner.metadata?.uid}] does not exist in namespace "default"`,
    ]);
    expect(events[0]?.involvedObject).toMatchObject({ kind: "ConfigMap", name: "dep" });
  });
});
