/**
 * The ReplicaSet controller's event handlers, one event at a time: which keys
 * they enqueue and how they move the expectations (replica_set.go addPod,
 * updatePod, deletePod, updateRS, deleteRS; replica_set_test.go
 * TestDeletePod*, TestUpdatePods, TestPodControllerLookup).
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { deletedFinalStateUnknown, type Lister, type RateLimitingQueue } from "@kubesim/runtime";
import {
  getPodReplicaSets,
  podEventHandler,
  replicaSetEventHandler,
  replicaSetSelector,
  resolveControllerRef,
} from "./controller-handlers.js";
import { OrphanPodIndexKey, podControllerUidIndexFunc } from "./controller.js";
import { ControllerExpectations } from "./expectations.js";

function lister(rss: readonly ReplicaSet[]): Lister<ReplicaSet> {
  const key = (r: ReplicaSet) => `${r.metadata?.namespace}/${r.metadata?.name}`;
  return {
    get: (k) => rss.find((r) => key(r) === k),
    list: (o = {}) =>
      rss.filter(
        (r) =>
          (o.namespace === undefined || r.metadata?.namespace === o.namespace) &&
          (o.filter === undefined || o.filter(r)),
      ),
    byIndex: () => [],
    indexKeys: () => [],
    keys: () => rss.map(key),
    size: rss.length,
  };
}

function recordingQueue() {
  const added: string[] = [];
  const after: [string, number][] = [];
  const queue = {
    add: (k: string) => added.push(k),
    addAfter: (k: string, d: number) => after.push([k, d]),
  } as unknown as RateLimitingQueue<string>;
  return { queue, added, after };
}

const rs = (
  name: string,
  o: {
    ns?: string;
    uid?: string;
    selector?: Record<string, string> | null;
    minReadySeconds?: number;
  } = {},
): ReplicaSet => ({
  metadata: { name, namespace: o.ns ?? "default", uid: o.uid ?? `uid-${name}` },
  spec: {
    ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
    selector: o.selector === null ? {} : { matchLabels: o.selector ?? { app: name } },
    template: { metadata: { labels: o.selector ?? { app: name } } },
  },
});

const pod = (
  name: string,
  o: {
    labels?: Record<string, string>;
    owner?: ReplicaSet;
    rv?: string;
    deleting?: boolean;
    ready?: boolean;
    ns?: string;
  } = {},
): Pod => ({
  metadata: {
    name,
    namespace: o.ns ?? "default",
    resourceVersion: o.rv ?? "1",
    labels: o.labels ?? { app: "web" },
    ...(o.deleting === true ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}),
    ...(o.owner === undefined
      ? {}
      : {
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              kind: "ReplicaSet",
              name: o.owner.metadata?.name ?? "",
              uid: o.owner.metadata?.uid ?? "",
              controller: true,
            },
          ],
        }),
  },
  ...(o.ready === true
    ? { status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } }
    : {}),
});

function setup(rss: readonly ReplicaSet[]) {
  const expectations = new ControllerExpectations();
  const ctx = { rsLister: lister(rss), expectations };
  const q = recordingQueue();
  return {
    ...q,
    expectations,
    pods: podEventHandler(ctx, q.queue),
    rss: replicaSetEventHandler(ctx, q.queue),
  };
}

describe("resolveControllerRef and getPodReplicaSets", () => {
  const web = rs("web");
  it("resolves only a ReplicaSet of that name and uid", () => {
    const l = lister([web]);
    const ref = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: "uid-web" };
    expect(resolveControllerRef(l, "default", ref)).toBe(web);
    expect(resolveControllerRef(l, "default", { ...ref, uid: "other" })).toBeUndefined();
    expect(resolveControllerRef(l, "default", { ...ref, kind: "Deployment" })).toBeUndefined();
    expect(resolveControllerRef(l, "other-ns", ref)).toBeUndefined();
  });

  it("matches by selector in the pod's namespace; empty selectors and label-less pods match nothing", () => {
    const all = rs("all", { selector: null });
    const other = rs("web2", { ns: "other", selector: { app: "web" } });
    const l = lister([web, all, other]);
    expect(getPodReplicaSets(l, pod("p")).map((r) => r.metadata?.name)).toEqual(["web"]);
    expect(getPodReplicaSets(l, pod("p", { labels: {} }))).toEqual([]);
    expect(getPodReplicaSets(l, pod("p", { ns: "other" })).map((r) => r.metadata?.name)).toEqual([
      "web2",
    ]);
  });
});

describe("pod handlers", () => {
  const web = rs("web");

  it("addPod with a controllerRef: one creation observed, the owner enqueued", () => {
    const s = setup([web]);
    s.expectations.expectCreations("default/web", 2, 0);
    s.pods.onAdd?.(pod("p", { owner: web }), false);
    expect(s.added).toEqual(["default/web"]);
    expect(s.expectations.getExpectations("default/web")?.add).toBe(1);
  });

  it("addPod of an orphan enqueues the matching ReplicaSets without touching expectations", () => {
    const s = setup([web, rs("api")]);
    s.expectations.expectCreations("default/web", 2, 0);
    s.pods.onAdd?.(pod("p"), false);
    expect(s.added).toEqual(["default/web"]);
    expect(s.expectations.getExpectations("default/web")?.add).toBe(2);
  });

  it("addPod of a pod already being deleted counts as its deletion, not a creation", () => {
    const s = setup([web]);
    s.expectations.expectDeletions("default/web", ["default/p"], 0);
    s.pods.onAdd?.(pod("p", { owner: web, deleting: true }), false);
    expect(s.expectations.getExpectations("default/web")).toMatchObject({ add: 0, del: 0 });
    expect(s.added).toEqual(["default/web"]);
  });

  it("addPod whose controller is unknown (or another uid) does nothing", () => {
    const s = setup([web]);
    s.pods.onAdd?.(pod("p", { owner: rs("web", { uid: "stale" }) }), false);
    expect(s.added).toEqual([]);
  });

  it("updatePod with the same resourceVersion (a resync) does nothing", () => {
    const s = setup([web]);
    const p = pod("p", { owner: web });
    s.pods.onUpdate?.(p, { ...p });
    expect(s.added).toEqual([]);
  });

  it("updatePod that sets a deletionTimestamp lowers the deletion expectation once", () => {
    const s = setup([web]);
    s.expectations.expectDeletions("default/web", ["default/p", "default/q"], 0);
    const p = pod("p", { owner: web });
    const deleting = pod("p", { owner: web, rv: "2", deleting: true });
    s.pods.onUpdate?.(p, deleting);
    s.pods.onDelete?.(deleting);
    expect(s.expectations.getExpectations("default/web")?.del).toBe(1);
    expect(s.added).toEqual(["default/web", "default/web"]);
  });

  it("updatePod whose controllerRef changed enqueues the old and the new controller", () => {
    const api = rs("api", { selector: { app: "web" } });
    const s = setup([web, api]);
    s.pods.onUpdate?.(pod("p", { owner: web }), pod("p", { owner: api, rv: "2" }));
    expect(s.added).toEqual(["default/web", "default/api"]);
  });

  it("updatePod that becomes Ready enqueues again after minReadySeconds + 1 s", () => {
    const slow = rs("web", { minReadySeconds: 10 });
    const s = setup([slow]);
    s.pods.onUpdate?.(pod("p", { owner: slow }), pod("p", { owner: slow, rv: "2", ready: true }));
    expect(s.added).toEqual(["default/web"]);
    expect(s.after).toEqual([["default/web", 11_000]]);
  });

  it("updatePod of an orphan whose labels changed enqueues the ReplicaSets it now matches", () => {
    const api = rs("api");
    const s = setup([web, api]);
    s.pods.onUpdate?.(
      pod("p", { labels: { app: "web" } }),
      pod("p", { labels: { app: "api" }, rv: "2" }),
    );
    expect(s.added).toEqual(["default/api"]);
  });

  it("deletePod from a tombstone lowers the deletion expectation of its controller", () => {
    const s = setup([web]);
    s.expectations.expectDeletions("default/web", ["default/p"], 0);
    s.pods.onDelete?.(deletedFinalStateUnknown("default/p", pod("p", { owner: web })));
    expect(s.expectations.getExpectations("default/web")?.del).toBe(0);
    expect(s.added).toEqual(["default/web"]);
  });
});

describe("ReplicaSet handlers", () => {
  it("updateRS with a new uid (deleted and re-created) forgets the old expectations", () => {
    const old = rs("web", { uid: "u1" });
    const s = setup([]);
    s.expectations.expectCreations("default/web", 3, 0);
    s.rss.onUpdate?.(old, rs("web", { uid: "u2" }));
    expect(s.expectations.getExpectations("default/web")).toBeUndefined();
    expect(s.added).toEqual(["default/web", "default/web"]);
  });

  it("deleteRS forgets the expectations and enqueues the key", () => {
    const s = setup([]);
    s.expectations.expectCreations("default/web", 3, 0);
    s.rss.onDelete?.(rs("web"));
    expect(s.expectations.getExpectations("default/web")).toBeUndefined();
    expect(s.added).toEqual(["default/web"]);
  });
});

describe("memos keyed by frozen parts shared across versions", () => {
  const frozen = <T>(v: T): T => {
    if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) frozen(x);
    }
    return v;
  };

  it("replicaSetSelector converts a selector once for all the versions that share it", () => {
    const v1 = frozen({
      metadata: { name: "rs", namespace: "default" },
      spec: { selector: { matchLabels: { app: "web" } }, template: {} },
    } as ReplicaSet);
    const v2 = frozen({ ...v1, status: { replicas: 3 } } as ReplicaSet);
    expect(replicaSetSelector(v2)).toBe(replicaSetSelector(v1));
    expect(replicaSetSelector(v1)!.matches({ app: "web" })).toBe(true);
    expect(replicaSetSelector(v1)!.matches({ app: "db" })).toBe(false);
    const other = frozen({
      ...v1,
      spec: { ...v1.spec!, selector: { matchLabels: { app: "db" } } },
    } as ReplicaSet);
    expect(replicaSetSelector(other)!.matches({ app: "db" })).toBe(true);
  });

  it("podControllerUidIndexFunc answers from the owner list, shared between pods that share it", () => {
    const refs = frozen([
      { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u1", controller: true },
    ]);
    const a = { metadata: { name: "a", ownerReferences: refs } } as Pod;
    const b = { metadata: { name: "b", ownerReferences: refs } } as Pod;
    expect(podControllerUidIndexFunc(a)).toEqual(["u1"]);
    expect(podControllerUidIndexFunc(b)).toBe(podControllerUidIndexFunc(a));
    expect(podControllerUidIndexFunc({ metadata: { name: "o" } } as Pod)).toEqual([
      OrphanPodIndexKey,
    ]);
  });
});
