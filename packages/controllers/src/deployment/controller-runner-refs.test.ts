/**
 * ControllerRef bookkeeping: ClaimObject's decision table, the adopt/release patches, the live
 * re-read before adoption, and the Deployment's pods and ReplicaSets as upstream gathers them.
 */
import { ApiServer } from "@kubesim/apiserver";
import { labelSelectorAsSelector, type ApiClient } from "@kubesim/api";
import {
  CONTROLLER_UID_INDEX,
  Client,
  SharedInformerFactory,
  controllerUidIndexFunc,
} from "@kubesim/runtime";
import { describeAction, recordActions } from "@kubesim/runtime/testing";
import { Loop, Rng } from "@kubesim/sim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  adoptReplicaSetPatch,
  aggregate,
  claimDecision,
  claimReplicaSets,
  deploymentSelector,
  getDeploymentsForReplicaSet,
  getPodMapForDeployment,
  goTime,
  listReplicaSetsFromClient,
  releaseReplicaSetPatch,
  type ClaimDecision,
} from "./controller-runner-refs.js";

const D_UID = "uid-web";
const deployment = (extra: Partial<Deployment["metadata"]> = {}): Deployment => ({
  metadata: { name: "web", namespace: "default", uid: D_UID, ...extra },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } } },
  },
});

const ref = (uid: string, kind = "Deployment", name = "web") => ({
  apiVersion: "apps/v1",
  kind,
  name,
  uid,
  controller: true,
  blockOwnerDeletion: true,
});

function replicaSet(
  name: string,
  labels: Record<string, string>,
  meta: Partial<NonNullable<ReplicaSet["metadata"]>> = {},
): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default", uid: `uid-${name}`, labels, ...meta },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "web", image: "nginx:1.0" }] },
      },
    },
  };
}

describe("claimDecision (ClaimObject)", () => {
  const selector = labelSelectorAsSelector({ matchLabels: { app: "web" } });
  const deleting = deployment({ deletionTimestamp: "2024-01-01T00:00:00Z" });
  const cases: Array<[string, Deployment, ReplicaSet, ClaimDecision]> = [
    [
      "ours, matching",
      deployment(),
      replicaSet("a", { app: "web" }, { ownerReferences: [ref(D_UID)] }),
      "claim",
    ],
    [
      "ours, matching, while we are being deleted",
      deleting,
      replicaSet("a", { app: "web" }, { ownerReferences: [ref(D_UID)] }),
      "claim",
    ],
    [
      "ours, no longer matching",
      deployment(),
      replicaSet("a", { app: "db" }, { ownerReferences: [ref(D_UID)] }),
      "release",
    ],
    [
      "ours, no longer matching, while we are being deleted",
      deleting,
      replicaSet("a", { app: "db" }, { ownerReferences: [ref(D_UID)] }),
      "ignore",
    ],
    [
      "another controller's, matching",
      deployment(),
      replicaSet("a", { app: "web" }, { ownerReferences: [ref("uid-other")] }),
      "ignore",
    ],
    ["an orphan, matching", deployment(), replicaSet("a", { app: "web" }), "adopt"],
    [
      "an orphan with a non-controller owner, matching",
      deployment(),
      replicaSet(
        "a",
        { app: "web" },
        { ownerReferences: [{ ...ref("uid-x"), controller: false }] },
      ),
      "adopt",
    ],
    ["an orphan, not matching", deployment(), replicaSet("a", { app: "db" }), "ignore"],
    ["an orphan, while we are being deleted", deleting, replicaSet("a", { app: "web" }), "ignore"],
    [
      "an orphan being deleted",
      deployment(),
      replicaSet("a", { app: "web" }, { deletionTimestamp: "2024-01-01T00:00:00Z" }),
      "ignore",
    ],
    [
      "an orphan in another namespace",
      deployment(),
      replicaSet("a", { app: "web" }, { namespace: "other" }),
      "ignore",
    ],
  ];
  it.each(cases)("%s → %s", (_name, d, rs, expected) => {
    expect(claimDecision(d, selector, rs)).toBe(expected);
  });
});

describe("patches", () => {
  it("adoption sets the controllerRef and carries the RS's UID (strategic merge)", () => {
    expect(adoptReplicaSetPatch(deployment(), replicaSet("a", {}))).toEqual({
      metadata: { ownerReferences: [ref(D_UID)], uid: "uid-a" },
    });
  });
  it("release deletes the ownerReference by the Deployment's UID", () => {
    expect(releaseReplicaSetPatch(deployment(), replicaSet("a", {}))).toEqual({
      metadata: { ownerReferences: [{ $patch: "delete", uid: D_UID }], uid: "uid-a" },
    });
  });
});

describe("helpers", () => {
  it("goTime prints a metav1.Time as Go's %v does", () => {
    expect(goTime("2024-01-01T00:00:00Z")).toBe("2024-01-01 00:00:00 +0000 UTC");
    expect(goTime("2024-03-05T17:04:09Z")).toBe("2024-03-05 17:04:09 +0000 UTC");
  });
  it("aggregate: nothing, the error itself, or [a, b]", () => {
    const a = new Error("a");
    expect(aggregate([])).toBeUndefined();
    expect(aggregate([a])).toBe(a);
    expect((aggregate([a, new Error("b")]) as Error).message).toBe("[a, b]");
  });
  it("deploymentSelector: an invalid selector is the sync's error, in upstream's words", () => {
    const d = deployment();
    const bad: Deployment = {
      ...d,
      spec: { ...d.spec!, selector: { matchExpressions: [{ key: "a", operator: "Foo" }] } },
    };
    const r = deploymentSelector(bad);
    expect("error" in r && r.error.message).toBe(
      'deployment default/web has invalid label selector: "Foo" is not a valid label selector operator',
    );
  });
});

/** A real apiserver with the objects created, and synced caches. */
function cluster() {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(5) });
  const informers = new SharedInformerFactory({ client: api, loop });
  const pods = informers.informerFor("Pod", {
    indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
  });
  const deployments = informers.informerFor("Deployment");
  informers.start();
  const settle = () => {
    loop.runUntil(() => informers.hasSynced());
    loop.settle();
  };
  const d = api.create("Deployment", {
    metadata: { name: "web", namespace: "default" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image: "nginx:1.0" }] },
      },
    },
  });
  /** Created through the API, which assigns the UID. */
  const create = (rs: ReplicaSet): ReplicaSet => {
    const { uid: _uid, ...metadata } = rs.metadata ?? {};
    return api.create("ReplicaSet", { ...rs, metadata });
  };
  const owned = (name: string, uid = d.metadata?.uid ?? "") =>
    create(
      replicaSet(name, { app: "web", "pod-template-hash": name }, { ownerReferences: [ref(uid)] }),
    );
  const orphan = (
    name: string,
    labels: Record<string, string> = { app: "web", "pod-template-hash": name },
  ) => create(replicaSet(name, labels));
  const pod = (name: string, rs: ReplicaSet, labels = { app: "web" }, namespace = "default"): Pod =>
    api.create("Pod", {
      metadata: {
        name,
        namespace,
        labels,
        ownerReferences: [{ ...ref(rs.metadata?.uid ?? "", "ReplicaSet", rs.metadata?.name) }],
      },
      spec: { containers: [{ name: "web", image: "nginx:1.0" }] },
    });
  return {
    loop,
    api,
    d,
    pods: pods.lister,
    deployments: deployments.lister,
    settle,
    owned,
    orphan,
    pod,
  };
}

describe("claimReplicaSets", () => {
  it("re-reads the Deployment once for any number of orphans, then adopts each", () => {
    const c = cluster();
    const a = c.orphan("web-a");
    const b = c.orphan("web-b");
    const { client, actions } = recordActions(c.api);
    const sel = labelSelectorAsSelector(c.d.spec?.selector);
    const r = claimReplicaSets(client, c.d, sel, [a, b]);
    expect(r).toEqual({ claimed: [a, b] });
    expect(actions.map(describeAction)).toEqual([
      "get Deployment default/web",
      "patch ReplicaSet default/web-a",
      "patch ReplicaSet default/web-b",
    ]);
    for (const name of ["web-a", "web-b"]) {
      expect(c.api.get("ReplicaSet", "default", name).metadata?.ownerReferences).toEqual([
        ref(c.d.metadata?.uid ?? ""),
      ]);
    }
  });

  it("a refused adoption fails every orphan with the same error, aggregated; owned ones stay claimed", () => {
    const c = cluster();
    const own = c.owned("web-own");
    const a = c.orphan("web-a");
    const b = c.orphan("web-b");
    const gone: ApiClient = new Client(c.api, {
      interceptors: {
        get: (next, kind, ns, name) => {
          const obj = next.get(kind, ns, name) as Deployment;
          return { ...obj, metadata: { ...obj.metadata, uid: "new" } } as never;
        },
      },
    });
    const sel = labelSelectorAsSelector(c.d.spec?.selector);
    const r = claimReplicaSets(gone, c.d, sel, [own, a, b]);
    expect(r.claimed).toEqual([own]);
    const why = `can't recheck DeletionTimestamp: original Deployment default/web is gone: got uid new, wanted ${c.d.metadata?.uid}`;
    expect((r.error as Error).message).toBe(
      `[can't adopt ReplicaSet default/web-a (${a.metadata?.uid}): ${why}, can't adopt ReplicaSet default/web-b (${b.metadata?.uid}): ${why}]`,
    );
  });

  it("a ReplicaSet gone before its patch is neither claimed nor an error", () => {
    const c = cluster();
    const a = c.orphan("web-a");
    const mine = c.owned("web-mine");
    c.api.delete("ReplicaSet", "default", "web-a");
    c.api.delete("ReplicaSet", "default", "web-mine");
    const stale = { ...mine, metadata: { ...mine.metadata, labels: { app: "db" } } };
    const r = claimReplicaSets(c.api, c.d, labelSelectorAsSelector(c.d.spec?.selector), [a, stale]);
    expect(r).toEqual({ claimed: [] });
  });

  it("releases an owned ReplicaSet that stopped matching", () => {
    const c = cluster();
    const mine = c.owned("web-mine");
    const relabelled = c.api.update("ReplicaSet", {
      ...mine,
      metadata: { ...mine.metadata, labels: { app: "db" } },
    });
    const r = claimReplicaSets(c.api, c.d, labelSelectorAsSelector(c.d.spec?.selector), [
      relabelled,
    ]);
    expect(r).toEqual({ claimed: [] });
    expect(c.api.get("ReplicaSet", "default", "web-mine").metadata?.ownerReferences ?? []).toEqual(
      [],
    );
  });
});

describe("getPodMapForDeployment", () => {
  it("groups the Deployment's pods by controlling RS UID; every RS has an entry", () => {
    const c = cluster();
    const v1 = c.owned("web-v1");
    const v2 = c.owned("web-v2");
    const other = c.orphan("db-1", { app: "db" });
    c.pod("p1", v1);
    c.pod("p2", v1);
    c.pod("p3", v1, { app: "db" }); // does not match the Deployment's selector
    c.pod("p4", other);
    c.settle();
    const map = getPodMapForDeployment(
      c.d,
      labelSelectorAsSelector(c.d.spec?.selector),
      [v1, v2],
      c.pods,
    );
    expect([...map.keys()]).toEqual([v1.metadata?.uid, v2.metadata?.uid]);
    expect(map.get(v1.metadata?.uid ?? "")?.map((p) => p.metadata?.name)).toEqual(["p1", "p2"]);
    expect(map.get(v2.metadata?.uid ?? "")).toEqual([]);
  });
});

describe("getDeploymentsForReplicaSet", () => {
  it("matches Deployments of the RS's namespace by its labels; empty and invalid selectors match nothing", () => {
    const c = cluster();
    const spec = c.d.spec!;
    c.api.create("Deployment", {
      metadata: { name: "web2", namespace: "default" },
      spec: { ...spec, selector: { matchExpressions: [{ key: "app", operator: "Exists" }] } },
    });
    c.api.create("Deployment", {
      metadata: { name: "db", namespace: "default" },
      spec: {
        ...spec,
        selector: { matchLabels: { app: "db" } },
        template: { ...spec.template, metadata: { labels: { app: "db" } } },
      },
    });
    c.settle();
    const names = (rs: ReplicaSet) =>
      getDeploymentsForReplicaSet(c.deployments, rs).map((d) => d.metadata?.name);
    expect(names(replicaSet("x", { app: "web" }))).toEqual(["web", "web2"]);
    expect(names(replicaSet("x", { app: "db" }))).toEqual(["db", "web2"]);
    expect(names(replicaSet("x", {}))).toEqual([]);
    expect(names(replicaSet("x", { app: "web" }, { namespace: "kube-system" }))).toEqual([]);
  });
});

describe("listReplicaSetsFromClient", () => {
  it("lists by the Deployment's selector through the API and keeps those it controls", () => {
    const c = cluster();
    const mine = c.owned("web-v1");
    c.owned("web-x", "someone-else");
    c.orphan("web-o");
    const { client, actions } = recordActions(c.api);
    const got = listReplicaSetsFromClient(client, c.d, labelSelectorAsSelector(c.d.spec?.selector));
    expect(got.map((rs) => rs.metadata?.name)).toEqual([mine.metadata?.name]);
    expect(actions.map(describeAction)).toEqual(["list ReplicaSet default"]);
  });
});
