/**
 * The informer event handlers: which Deployment keys each ReplicaSet, Deployment and Pod event
 * wakes (deployment_controller.go's add/update/delete handlers), given the objects in the caches.
 */
import { ApiServer } from "@kubesim/apiserver";
import {
  CONTROLLER_UID_INDEX,
  SharedInformerFactory,
  controllerUidIndexFunc,
  deletedFinalStateUnknown,
  metaNamespaceKey,
} from "@kubesim/runtime";
import { Loop, Rng } from "@kubesim/sim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  deploymentEventHandler,
  getDeploymentForPod,
  podEventHandler,
  replicaSetEventHandler,
  resolveControllerRef,
  type HandlerContext,
} from "./controller-runner-handlers.js";

const ref = (kind: string, name: string, uid: string) => ({
  apiVersion: kind === "Pod" ? "v1" : "apps/v1",
  kind,
  name,
  uid,
  controller: true,
  blockOwnerDeletion: true,
});

function cluster() {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(9) });
  const informers = new SharedInformerFactory({ client: api, loop });
  const pods = informers.informerFor("Pod", {
    indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
  });
  informers.informerFor("Deployment");
  informers.informerFor("ReplicaSet");
  informers.start();
  const keys: string[] = [];
  const ctx: HandlerContext = {
    deployments: informers.lister("Deployment"),
    replicaSets: informers.lister("ReplicaSet"),
    pods: pods.lister,
    client: api,
    enqueue: (d) => keys.push(metaNamespaceKey(d)),
  };
  const settle = () => {
    loop.runUntil(() => informers.hasSynced());
    loop.settle();
  };
  const deployment = (name: string, labels: Record<string, string>, recreate = false) =>
    api.create("Deployment", {
      metadata: { name, namespace: "default" },
      spec: {
        selector: { matchLabels: labels },
        ...(recreate ? { strategy: { type: "Recreate" } } : {}),
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "c", image: "nginx:1.0" }] },
        },
      },
    });
  const replicaSet = (name: string, labels: Record<string, string>, owner?: Deployment) =>
    api.create("ReplicaSet", {
      metadata: {
        name,
        namespace: "default",
        labels,
        ...(owner === undefined
          ? {}
          : {
              ownerReferences: [
                ref("Deployment", owner.metadata?.name ?? "", owner.metadata?.uid ?? ""),
              ],
            }),
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "c", image: "nginx:1.0" }] },
        },
      },
    });
  const pod = (name: string, rs: ReplicaSet) =>
    api.create("Pod", {
      metadata: {
        name,
        namespace: "default",
        labels: rs.spec?.template?.metadata?.labels ?? {},
        ownerReferences: [ref("ReplicaSet", rs.metadata?.name ?? "", rs.metadata?.uid ?? "")],
      },
      spec: { containers: [{ name: "c", image: "nginx:1.0" }] },
    });
  return { api, ctx, keys, settle, deployment, replicaSet, pod };
}

const withMeta = <T extends { metadata?: object }>(obj: T, meta: object): T => ({
  ...obj,
  metadata: { ...obj.metadata, ...meta },
});

describe("Deployment events", () => {
  it("add, update and delete (also as a tombstone) enqueue the Deployment", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const h = deploymentEventHandler(c.ctx);
    h.onAdd?.(web, false);
    h.onUpdate?.(web, withMeta(web, { name: "web-renamed" }));
    h.onDelete?.(web);
    h.onDelete?.(deletedFinalStateUnknown("default/web", web));
    expect(c.keys).toEqual(["default/web", "default/web-renamed", "default/web", "default/web"]);
  });
});

describe("ReplicaSet events", () => {
  it("addReplicaSet: the owner, if the controllerRef resolves (kind and UID)", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const owned = c.replicaSet("web-1", { app: "web" }, web);
    c.settle();
    const h = replicaSetEventHandler(c.ctx);
    h.onAdd?.(owned, false);
    const stale = withMeta(owned, {
      ownerReferences: [ref("Deployment", "web", "uid-of-an-older-web")],
    });
    h.onAdd?.(stale, false);
    const notOurs = withMeta(owned, {
      ownerReferences: [ref("StatefulSet", "web", web.metadata?.uid ?? "")],
    });
    h.onAdd?.(notOurs, false);
    expect(c.keys).toEqual(["default/web"]);
  });

  it("addReplicaSet of an orphan: every Deployment whose selector matches; none without labels", () => {
    const c = cluster();
    c.deployment("web", { app: "web" });
    c.deployment("web-too", { app: "web" });
    c.deployment("db", { app: "db" });
    const orphan = c.replicaSet("x", { app: "web" });
    c.settle();
    const h = replicaSetEventHandler(c.ctx);
    h.onAdd?.(orphan, false);
    h.onAdd?.(withMeta(orphan, { labels: undefined }), false);
    expect(c.keys).toEqual(["default/web", "default/web-too"]);
  });

  it("addReplicaSet of an RS pending deletion counts as its deletion (orphans wake nobody)", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const owned = c.replicaSet("web-1", { app: "web" }, web);
    const orphan = c.replicaSet("x", { app: "web" });
    c.settle();
    const h = replicaSetEventHandler(c.ctx);
    h.onAdd?.(withMeta(orphan, { deletionTimestamp: "2024-01-01T00:00:00Z" }), false);
    h.onAdd?.(withMeta(owned, { deletionTimestamp: "2024-01-01T00:00:00Z" }), false);
    expect(c.keys).toEqual(["default/web"]);
  });

  it("updateReplicaSet: nothing for a resync (same resourceVersion); the owner otherwise", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const owned = c.replicaSet("web-1", { app: "web" }, web);
    c.settle();
    const h = replicaSetEventHandler(c.ctx);
    h.onUpdate?.(owned, owned);
    expect(c.keys).toEqual([]);
    h.onUpdate?.(owned, withMeta(owned, { resourceVersion: "999" }));
    expect(c.keys).toEqual(["default/web"]);
  });

  it("updateReplicaSet with a changed controllerRef: the old owner, then the new one", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const api2 = c.deployment("api", { app: "api" });
    const owned = c.replicaSet("web-1", { app: "web" }, web);
    c.settle();
    const h = replicaSetEventHandler(c.ctx);
    const moved = withMeta(owned, {
      resourceVersion: "999",
      ownerReferences: [ref("Deployment", "api", api2.metadata?.uid ?? "")],
    });
    h.onUpdate?.(owned, moved);
    expect(c.keys).toEqual(["default/web", "default/api"]);
  });

  it("updateReplicaSet of an orphan: matching Deployments when its labels or controllerRef changed", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    c.deployment("db", { app: "db" });
    const owned = c.replicaSet("web-1", { app: "web" }, web);
    const orphan = c.replicaSet("x", { app: "db" });
    c.settle();
    const h = replicaSetEventHandler(c.ctx);
    const bump = (rs: ReplicaSet, meta: object) =>
      withMeta(rs, { resourceVersion: "999", ...meta });
    h.onUpdate?.(orphan, bump(orphan, { annotations: { a: "b" } })); // nothing relevant changed
    expect(c.keys).toEqual([]);
    h.onUpdate?.(orphan, bump(orphan, { labels: { app: "web" } })); // now matches web
    expect(c.keys).toEqual(["default/web"]);
    c.keys.length = 0;
    h.onUpdate?.(owned, bump(owned, { ownerReferences: [] })); // released: web, then web again
    expect(c.keys).toEqual(["default/web", "default/web"]);
  });

  it("deleteReplicaSet: the owner (also from a tombstone); orphans wake nobody", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const owned = c.replicaSet("web-1", { app: "web" }, web);
    const orphan = c.replicaSet("x", { app: "web" });
    c.settle();
    const h = replicaSetEventHandler(c.ctx);
    h.onDelete?.(orphan);
    h.onDelete?.(deletedFinalStateUnknown("default/web-1", owned));
    expect(c.keys).toEqual(["default/web"]);
  });
});

describe("Pod events", () => {
  it("getDeploymentForPod follows pod → ReplicaSet → Deployment, checking UIDs", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const rs = c.replicaSet("web-1", { app: "web" }, web);
    const p = c.pod("p", rs);
    c.settle();
    expect(getDeploymentForPod(c.ctx, p)?.metadata?.uid).toBe(web.metadata?.uid);
    const wrongRS = withMeta(p, { ownerReferences: [ref("ReplicaSet", "web-1", "older")] });
    expect(getDeploymentForPod(c.ctx, wrongRS)).toBeUndefined();
    const noOwner: Pod = withMeta(p, { ownerReferences: undefined });
    expect(getDeploymentForPod(c.ctx, noOwner)).toBeUndefined();
    expect(
      resolveControllerRef(c.ctx.deployments, "default", ref("Deployment", "nope", "u")),
    ).toBeUndefined();
  });

  it("deletePod wakes a Recreate Deployment once its last pod is gone", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" }, true);
    const rs = c.replicaSet("web-1", { app: "web" }, web);
    const p1 = c.pod("p1", rs);
    const p2 = c.pod("p2", rs);
    c.settle();
    const h = podEventHandler(c.ctx);
    c.api.delete("Pod", "default", "p1");
    c.settle();
    h.onDelete?.(p1);
    expect(c.keys).toEqual([]); // p2 is still there
    c.api.delete("Pod", "default", "p2");
    c.settle();
    h.onDelete?.(deletedFinalStateUnknown("default/p2", p2));
    expect(c.keys).toEqual(["default/web"]);
  });

  it("deletePod ignores RollingUpdate Deployments", () => {
    const c = cluster();
    const web = c.deployment("web", { app: "web" });
    const rs = c.replicaSet("web-1", { app: "web" }, web);
    const p1 = c.pod("p1", rs);
    c.settle();
    c.api.delete("Pod", "default", "p1");
    c.settle();
    podEventHandler(c.ctx).onDelete?.(p1);
    expect(c.keys).toEqual([]);
  });
});
