/**
 * The ReplicaSet controller on the real in-memory apiserver, given/when/then:
 * given objects in the apiserver, when the controller runs on the sim loop,
 * then these API actions, pods, statuses and Events. There is no kubelet or
 * scheduler: the tests mark pods Running/Ready through the status subresource.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { ApiError, forbidden, type KindName } from "@kubesim/api";
import { ApiServer } from "@kubesim/apiserver";
import {
  Client,
  EventBroadcaster,
  SharedInformerFactory,
  type Interceptors,
} from "@kubesim/runtime";
import { describeAction, recordActions, writes, type Action } from "@kubesim/runtime/testing";
import { Loop, Rng, rfc3339 } from "@kubesim/sim";
import { ReplicaSetController } from "./controller.js";
import { PodDeletionCostAnnotation } from "./ranking.js";

const NS = "default";

interface WorldOptions {
  readonly watchLatency?: string | number;
  readonly burstReplicas?: number;
  readonly interceptors?: Interceptors;
}

/** An apiserver, a recorded client and a ReplicaSet controller (not started). */
function world(o: WorldOptions = {}) {
  const loop = new Loop();
  const api = new ApiServer({
    loop,
    rng: new Rng(7),
    ...(o.watchLatency === undefined ? {} : { watchLatency: o.watchLatency }),
  });
  const inner =
    o.interceptors === undefined ? api : new Client(api, { interceptors: o.interceptors });
  const recorded = recordActions(inner);
  const informers = new SharedInformerFactory({ client: recorded.client, loop });
  const recorder = new EventBroadcaster({ client: api, loop }).newRecorder({
    component: "replicaset-controller",
  });
  const rsc = new ReplicaSetController({
    client: recorded.client,
    informers,
    loop,
    recorder,
    ...(o.burstReplicas === undefined ? {} : { burstReplicas: o.burstReplicas }),
  });
  const w = {
    loop,
    api,
    rsc,
    actions: recorded.actions,
    clear: () => recorded.clear(),
    /** Writes since the last clear, as "verb Kind ns/name [status]". */
    writes: (kind?: KindName): string[] =>
      writes(recorded.actions)
        .filter((a: Action) => kind === undefined || a.kind === kind)
        .map(describeAction),
    rs: (name = "web"): ReplicaSet => api.get("ReplicaSet", NS, name),
    pods: (): Pod[] => [...api.list("Pod", { namespace: NS }).items],
    activePods: (): Pod[] =>
      [...api.list("Pod", { namespace: NS }).items].filter(
        (p) => p.metadata?.deletionTimestamp == null,
      ),
    events: (): Event[] => [...api.list("Event", { namespace: NS }).items],
    messages: (reason?: string): string[] =>
      [...api.list("Event", { namespace: NS }).items]
        .filter((e) => reason === undefined || e.reason === reason)
        .sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""))
        .map((e) => `${e.type} ${e.reason} ${e.message}`),
    scale: (replicas: number, name = "web") => {
      const cur = api.get("ReplicaSet", NS, name);
      api.update("ReplicaSet", { ...cur, spec: { ...cur.spec!, replicas } });
    },
    /** Marks a pod Running and Ready now (what a kubelet would report). */
    markReady: (name: string) => {
      api.patch(
        "Pod",
        NS,
        name,
        "merge",
        {
          status: {
            phase: "Running",
            conditions: [
              { type: "Ready", status: "True", lastTransitionTime: rfc3339(loop.now()) },
            ],
          },
        },
        { subresource: "status" },
      );
    },
    markRunning: (name: string) => {
      api.patch(
        "Pod",
        NS,
        name,
        "merge",
        { status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }] } },
        { subresource: "status" },
      );
    },
  };
  return w;
}

type World = ReturnType<typeof world>;

function newRS(
  name: string,
  replicas: number,
  o: {
    minReadySeconds?: number;
    templateLabels?: Record<string, string>;
    selector?: Record<string, string>;
  } = {},
): ReplicaSet {
  const selector = o.selector ?? { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: o.templateLabels ?? selector },
        spec: { containers: [{ name: "c", image: "nginx:1.25" }] },
      },
    },
  };
}

function newPod(
  name: string,
  labels: Record<string, string>,
  o: { nodeName?: string; annotations?: Record<string, string>; ownerUid?: string } = {},
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: NS,
      labels,
      ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
      ...(o.ownerUid === undefined
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "ReplicaSet",
                name: "other",
                uid: o.ownerUid,
                controller: true,
              },
            ],
          }),
    },
    spec: {
      ...(o.nodeName === undefined ? {} : { nodeName: o.nodeName }),
      containers: [{ name: "c", image: "nginx:1.25" }],
    },
  };
}

/** Starts the controller and runs everything due now. */
function start(w: World): void {
  w.rsc.start();
  w.loop.settle();
}

const ownerUids = (p: Pod): string[] => (p.metadata?.ownerReferences ?? []).map((r) => r.uid);

/** A quota on pod creations: refuses any create beyond `allowed()` successful ones. */
function podQuota(allowed: () => number): Interceptors & { calls: number } {
  let created = 0;
  const q: Interceptors & { calls: number } = {
    calls: 0,
    create: (next, kind, obj, o) => {
      if (kind !== "Pod") return next.create(kind, obj, o);
      q.calls++;
      if (created >= allowed()) {
        throw forbidden(
          { group: "", resource: "pods" },
          `${obj.metadata?.generateName ?? ""}q${q.calls}`,
          `exceeded quota: pods, requested: pods=1, used: pods=${created}, limited: pods=${allowed()}`,
        );
      }
      created++;
      return next.create(kind, obj, o);
    },
  };
  return q;
}

describe("ReplicaSet controller: creating pods", () => {
  it("given a new ReplicaSet of 3, when it syncs, then 3 pods with its controllerRef, status and Events", () => {
    const w = world();
    const rs = w.api.create("ReplicaSet", newRS("web", 3));
    start(w);

    // The first sync creates 3 pods and observes generation 1; the pods' add
    // events then make it count them.
    expect(w.writes()).toEqual([
      "create Pod default/web-",
      "create Pod default/web-",
      "create Pod default/web-",
      "update ReplicaSet default/web status",
      "update ReplicaSet default/web status",
    ]);
    const pods = w.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata?.generateName).toBe("web-");
      expect(p.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata?.labels).toEqual({ app: "web" });
      expect(p.metadata?.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "web",
          uid: rs.metadata?.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(p.spec?.containers[0]?.image).toBe("nginx:1.25");
    }
    expect(w.rs().status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 0,
      availableReplicas: 0,
      observedGeneration: 1,
    });
    expect(w.messages().sort()).toEqual(
      pods.map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata?.name}`).sort(),
    );
    const ev = w.events()[0];
    expect(ev?.source).toEqual({ component: "replicaset-controller" });
    expect(ev?.involvedObject).toMatchObject({
      kind: "ReplicaSet",
      name: "web",
      uid: rs.metadata?.uid,
    });
  });

  it.each([
    // refused call -> calls made in the first sync (slow start 1, 2, 4, 8: a failing batch is finished, no next batch)
    [1, 1, 0],
    [2, 3, 2],
    [3, 3, 2],
    [4, 7, 6],
    [7, 7, 6],
    [8, 15, 14],
    [16, 20, 19],
  ])(
    "slow start: when create call %i of 20 is refused, then the first sync makes %i calls and %i pods",
    (refused, calls, created) => {
      let n = 0;
      const w = world({
        watchLatency: "1s", // keep the pods' events out of the first sync
        interceptors: {
          create: (next, kind, obj, o) => {
            if (kind === "Pod" && ++n === refused) {
              throw forbidden({ group: "", resource: "pods" }, "web-x", "exceeded quota: q");
            }
            return next.create(kind, obj, o);
          },
        },
      });
      w.api.create("ReplicaSet", newRS("web", 20));
      start(w);
      expect(w.writes("Pod")).toHaveLength(calls);
      expect(w.pods()).toHaveLength(created);
      // The pods never created are no longer expected.
      expect(w.rsc.expectations.getExpectations("default/web")?.add).toBe(created);
    },
  );

  it("with all creates succeeding, one sync makes at most burstReplicas pods, in batches 1, 2, 4, ...", () => {
    const w = world({ watchLatency: "1s", burstReplicas: 10 });
    w.api.create("ReplicaSet", newRS("web", 25));
    start(w);
    expect(w.writes("Pod")).toHaveLength(10);
    expect(w.rsc.expectations.getExpectations("default/web")?.add).toBe(10);
    // No second round before the first 10 are seen...
    w.loop.advance(999);
    expect(w.pods()).toHaveLength(10);
    // ...then 10 more, then the last 5.
    w.loop.advance(1);
    expect(w.pods()).toHaveLength(20);
    w.loop.advance("1s");
    expect(w.pods()).toHaveLength(25);
    w.loop.advance("10s");
    expect(w.pods()).toHaveLength(25);
    expect(w.rs().status?.replicas).toBe(25);
  });
});

describe("ReplicaSet controller: expectations while the cache lags", () => {
  it("given watch events 2 s late, when it syncs again before seeing its pods, then it creates nothing more", () => {
    const w = world({ watchLatency: "2s" });
    w.api.create("ReplicaSet", newRS("web", 3));
    start(w); // informers list at once: the ReplicaSet is seen and synced at t0
    expect(w.pods()).toHaveLength(3);
    expect(w.rsc.expectations.getExpectations("default/web")).toMatchObject({ add: 3, del: 0 });

    // Force syncs while the cache still shows no pod (their events arrive at t0 + 2 s).
    for (let i = 0; i < 3; i++) {
      w.loop.advance(500);
      w.rsc.controller.queue.add("default/web");
      w.loop.settle();
    }
    expect(w.writes("Pod").filter((a) => a.startsWith("create"))).toHaveLength(3);
    w.loop.advance("5s");
    expect(w.pods()).toHaveLength(3);
    expect(w.rsc.expectations.getExpectations("default/web")).toMatchObject({ add: 0 });
    expect(w.rs().status?.replicas).toBe(3);
  });

  it("given a scale-down with late events, when it syncs again before seeing the deletions, then it deletes nothing more", () => {
    const w = world({ watchLatency: "2s" });
    w.api.create("ReplicaSet", newRS("web", 4));
    w.rsc.start();
    w.loop.advance("10s");
    expect(w.pods()).toHaveLength(4);
    w.clear();
    w.scale(1);
    w.loop.advance("2s"); // the scale is seen: 3 deletions
    expect(w.writes("Pod")).toHaveLength(3);
    expect(w.rsc.expectations.getExpectations("default/web")).toMatchObject({ add: 0, del: 3 });
    for (let i = 0; i < 3; i++) {
      w.rsc.controller.queue.add("default/web");
      w.loop.advance(500);
    }
    expect(w.writes("Pod")).toHaveLength(3);
    w.loop.advance("10s");
    expect(w.pods()).toHaveLength(1);
    expect(w.rsc.expectations.getDeleteKeys("default/web")).toEqual([]);
  });

  it("forgets the expectations of a deleted ReplicaSet", () => {
    const w = world({ watchLatency: "2s" });
    w.api.create("ReplicaSet", newRS("web", 2));
    w.rsc.start();
    w.loop.advance("2s");
    expect(w.rsc.expectations.getExpectations("default/web")).toBeDefined();
    w.api.delete("ReplicaSet", NS, "web");
    w.loop.advance("2s");
    expect(w.rsc.expectations.getExpectations("default/web")).toBeUndefined();
  });
});

describe("ReplicaSet controller: scaling down", () => {
  /** Five orphans in known states, adopted by a ReplicaSet of 5. */
  function fivePods(w: World): void {
    w.api.create("Pod", newPod("a-unscheduled", { app: "web" }));
    w.api.create("Pod", newPod("b-notready", { app: "web" }, { nodeName: "n1" }));
    w.api.create(
      "Pod",
      newPod(
        "c-cost10",
        { app: "web" },
        { nodeName: "n1", annotations: { [PodDeletionCostAnnotation]: "10" } },
      ),
    );
    w.api.create("Pod", newPod("d-cost0", { app: "web" }, { nodeName: "n2" }));
    w.api.create(
      "Pod",
      newPod(
        "e-costminus5",
        { app: "web" },
        { nodeName: "n1", annotations: { [PodDeletionCostAnnotation]: "-5" } },
      ),
    );
    w.markRunning("b-notready");
    w.markReady("c-cost10");
    w.markReady("d-cost0");
    w.markReady("e-costminus5");
    w.api.create("ReplicaSet", newRS("web", 5));
  }

  it("given 5 adopted pods, when scaled to 1, then victims go unscheduled, not ready, then by deletion cost", () => {
    const w = world();
    fivePods(w);
    start(w);
    expect(w.writes("Pod")).toEqual([
      "patch Pod default/a-unscheduled",
      "patch Pod default/b-notready",
      "patch Pod default/c-cost10",
      "patch Pod default/d-cost0",
      "patch Pod default/e-costminus5",
    ]);
    w.loop.advance("1s");
    w.clear();
    w.scale(1);
    w.loop.settle();
    expect(w.writes("Pod")).toEqual([
      "delete Pod default/a-unscheduled",
      "delete Pod default/b-notready",
      "delete Pod default/e-costminus5",
      "delete Pod default/d-cost0",
    ]);
    expect(w.activePods().map((p) => p.metadata?.name)).toEqual(["c-cost10"]);
    expect(w.messages("SuccessfulDelete")).toEqual(
      expect.arrayContaining([
        "Normal SuccessfulDelete Deleted pod: a-unscheduled",
        "Normal SuccessfulDelete Deleted pod: b-notready",
        "Normal SuccessfulDelete Deleted pod: e-costminus5",
        "Normal SuccessfulDelete Deleted pod: d-cost0",
      ]),
    );
    // Scheduled pods terminate gracefully: still there, but no longer counted.
    expect(w.rs().status?.replicas).toBe(1);
  });

  it("between otherwise equal pods, the one on the node crowded with related pods goes first (rank)", () => {
    const w = world();
    // Two ReplicaSets of one controller (a Deployment's old and new ones).
    const owner = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web",
      uid: "deploy-uid",
      controller: true,
      blockOwnerDeletion: true,
    };
    for (const [name, node] of [
      ["a1", "n2"],
      ["a2", "n1"],
      ["b1", "n1"],
      ["b2", "n1"],
    ] as const) {
      w.api.create("Pod", newPod(name, { app: name[0] ?? "" }, { nodeName: node }));
      w.markRunning(name);
    }
    for (const [name, replicas] of [
      ["a", 2],
      ["b", 2],
    ] as const) {
      const rs = newRS(name, replicas);
      w.api.create("ReplicaSet", { ...rs, metadata: { ...rs.metadata, ownerReferences: [owner] } });
    }
    start(w);
    w.clear();
    w.scale(1, "a");
    w.loop.settle();
    // Node n1 holds 3 related pods, n2 one: a2 (rank 3) goes before a1 (rank 1),
    // although a1 comes first otherwise (equal in every other respect).
    expect(w.writes("Pod")).toEqual(["delete Pod default/a2"]);
  });
});

describe("ReplicaSet controller: adoption and release", () => {
  it("adopts a matching orphan (and counts it), ignores pods of another controller, and releases a pod that stops matching", () => {
    const w = world();
    w.api.create("Pod", newPod("orphan", { app: "web" }));
    w.api.create("Pod", newPod("foreign", { app: "web" }, { ownerUid: "someone-else" }));
    const rs = w.api.create("ReplicaSet", newRS("web", 2));
    start(w);

    // Adopted before anything else: a live read of the ReplicaSet, then the patch.
    const adopt = w.actions.find((a) => a.verb === "patch");
    expect(adopt?.name).toBe("orphan");
    expect(adopt?.patchType).toBe("strategic");
    expect(adopt?.body).toEqual({
      metadata: {
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            kind: "ReplicaSet",
            name: "web",
            uid: rs.metadata?.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        uid: w.api.get("Pod", NS, "orphan").metadata?.uid,
      },
    });
    expect(w.actions.filter((a) => a.verb === "get").map(describeAction)).toEqual([
      "get ReplicaSet default/web",
    ]);
    expect(ownerUids(w.api.get("Pod", NS, "orphan"))).toEqual([rs.metadata?.uid]);
    expect(ownerUids(w.api.get("Pod", NS, "foreign"))).toEqual(["someone-else"]);
    // The orphan counts: only one pod is created.
    expect(w.writes("Pod").filter((a) => a.startsWith("create"))).toHaveLength(1);
    expect(w.activePods()).toHaveLength(3);
    expect(w.rs().status?.replicas).toBe(2);
    expect(w.writes().some((a) => a.includes("foreign"))).toBe(false);

    // Relabel the adopted pod: it is released and replaced.
    w.clear();
    const orphan = w.api.get("Pod", NS, "orphan");
    w.api.update("Pod", { ...orphan, metadata: { ...orphan.metadata, labels: { app: "other" } } });
    w.loop.settle();
    const release = w.actions.find((a) => a.verb === "patch");
    expect(release?.body).toEqual({
      metadata: {
        ownerReferences: [{ $patch: "delete", uid: rs.metadata?.uid }],
        uid: orphan.metadata?.uid,
      },
    });
    expect(w.api.get("Pod", NS, "orphan").metadata?.ownerReferences ?? []).toEqual([]);
    expect(w.writes("Pod").filter((a) => a.startsWith("create"))).toHaveLength(1);
    expect(
      w.activePods().filter((p) => ownerUids(p).includes(rs.metadata?.uid ?? "")),
    ).toHaveLength(2);
  });

  it("does not adopt when the ReplicaSet is being deleted", () => {
    const w = world();
    w.api.create("ReplicaSet", newRS("web", 1));
    start(w);
    // Hold the ReplicaSet with a finalizer and delete it: it keeps a deletionTimestamp.
    const cur = w.rs();
    w.api.update("ReplicaSet", {
      ...cur,
      metadata: { ...cur.metadata, finalizers: ["test/hold"] },
    });
    w.api.delete("ReplicaSet", NS, "web");
    w.loop.settle();
    w.clear();
    w.api.create("Pod", newPod("late-orphan", { app: "web" }));
    w.loop.settle();
    expect(w.writes("Pod")).toEqual([]);
    expect(w.api.get("Pod", NS, "late-orphan").metadata?.ownerReferences).toBeUndefined();
  });
});

describe("ReplicaSet controller: status", () => {
  it("counts fullyLabeledReplicas against the template labels", () => {
    const w = world();
    w.api.create("Pod", newPod("partial", { app: "web" }));
    w.api.create(
      "ReplicaSet",
      newRS("web", 2, { selector: { app: "web" }, templateLabels: { app: "web", tier: "fe" } }),
    );
    start(w);
    expect(w.rs().status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 });
  });

  it("makes pods available minReadySeconds after they became ready, and requeues to see it", () => {
    const w = world();
    w.api.create("ReplicaSet", newRS("web", 2, { minReadySeconds: 10 }));
    start(w);
    w.loop.advance("5s");
    for (const p of w.pods()) w.markReady(p.metadata?.name ?? "");
    w.loop.settle();
    expect(w.rs().status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 0 });
    w.loop.advance(9_999);
    expect(w.rs().status?.availableReplicas).toBe(0);
    w.loop.advance(1);
    // Ready at t, available at exactly t + minReadySeconds (PR #132122).
    expect(w.rs().status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it("observes every new generation", () => {
    const w = world();
    w.api.create("ReplicaSet", newRS("web", 1));
    start(w);
    w.scale(2);
    w.loop.settle();
    expect(w.rs().metadata?.generation).toBe(2);
    expect(w.rs().status).toMatchObject({ observedGeneration: 2, replicas: 2 });
  });

  it("sets ReplicaFailure on refused creates, with FailedCreate Events, and clears it when creates succeed", () => {
    let allowed = 5;
    const quota = podQuota(() => allowed);
    const w = world({ interceptors: quota });
    w.api.create("ReplicaSet", newRS("web", 10));
    start(w);
    // The first sync: slow start 1 + 2 + 4 calls, the quota admits 5.
    expect(w.writes().slice(0, 8)).toEqual([
      ...Array<string>(7).fill("create Pod default/web-"),
      "update ReplicaSet default/web status",
    ]);
    const status = w.rs().status;
    const failure = status?.conditions?.find((c) => c.type === "ReplicaFailure");
    expect(failure).toEqual({
      type: "ReplicaFailure",
      status: "True",
      reason: "FailedCreate",
      message:
        'pods "web-q6" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=5, limited: pods=5',
      lastTransitionTime: rfc3339(w.loop.now()),
    });
    expect(w.messages("FailedCreate").slice(0, 2)).toEqual([
      'Warning FailedCreate Error creating: pods "web-q6" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=5, limited: pods=5',
      'Warning FailedCreate Error creating: pods "web-q7" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=5, limited: pods=5',
    ]);
    expect(w.messages("SuccessfulCreate")).toHaveLength(5);

    // Retries keep failing; the condition keeps its first transition time.
    // (With a lagging cache it would flap: a sync that waits for its
    // expectations does not manage replicas, and clears the condition, as upstream.)
    w.loop.advance("10s");
    const later = w.rs().status?.conditions?.find((c) => c.type === "ReplicaFailure");
    expect(later?.lastTransitionTime).toBe(failure?.lastTransitionTime);
    expect(w.pods()).toHaveLength(5);

    allowed = 100;
    w.loop.advance("20m"); // the retry back-off has grown; it is capped at 1000 s
    expect(w.pods()).toHaveLength(10);
    expect(w.rs().status?.conditions).toBeUndefined();
    expect(w.rs().status?.replicas).toBe(10);
  });

  it("retries the status write once after a conflict, with the freshly read ReplicaSet", () => {
    let conflicts = 1;
    const w = world({
      interceptors: {
        update: (next, kind, obj, o) => {
          if (kind === "ReplicaSet" && o?.subresource === "status" && conflicts-- > 0) {
            return next.update(
              kind,
              { ...obj, metadata: { ...obj.metadata, resourceVersion: "1" } },
              o,
            );
          }
          return next.update(kind, obj, o);
        },
      },
    });
    w.api.create("ReplicaSet", newRS("web", 1));
    start(w);
    expect(w.writes("ReplicaSet").slice(0, 2)).toEqual([
      "update ReplicaSet default/web status",
      "update ReplicaSet default/web status",
    ]);
    expect(w.actions.filter((a) => a.verb === "get").map(describeAction)).toContain(
      "get ReplicaSet default/web",
    );
    expect(w.rs().status?.observedGeneration).toBe(1);
  });
});

describe("ReplicaSet controller: a terminating namespace", () => {
  it("counts refused creates as successes: no FailedCreate, no ReplicaFailure, and no retry until the expectations expire", () => {
    let attempts = 0;
    const w = world({
      interceptors: {
        create: (next, kind, obj, o) => {
          if (kind !== "Pod") return next.create(kind, obj, o);
          attempts++;
          throw new ApiError(
            "Forbidden",
            `pods "web-x" is forbidden: unable to create new content in namespace ${NS} because it is being terminated`,
            {
              name: "web-x",
              kind: "pods",
              causes: [
                {
                  reason: "NamespaceTerminating",
                  message: `namespace ${NS} is being terminated`,
                  field: "metadata.namespace",
                },
              ],
            },
          );
        },
      },
    });
    w.api.create("ReplicaSet", newRS("web", 3));
    start(w);
    // Every call "succeeded": slow start went on to the end.
    expect(attempts).toBe(3);
    expect(w.messages("FailedCreate")).toEqual([]);
    expect(w.rs().status?.conditions).toBeUndefined();
    // The 3 pods are expected, and never come: nothing happens for 5 minutes.
    expect(w.rsc.expectations.getExpectations("default/web")?.add).toBe(3);
    w.loop.advance(5 * 60_000);
    w.rsc.controller.queue.add("default/web");
    w.loop.settle();
    expect(attempts).toBe(3);
    w.loop.advance(1);
    w.rsc.controller.queue.add("default/web");
    w.loop.settle();
    expect(attempts).toBe(6);
  });
});

describe("ReplicaSet controller: deletes that fail", () => {
  it("records FailedDelete, sets ReplicaFailure FailedDelete, and retries", () => {
    let refuse = true;
    const w = world({
      interceptors: {
        delete: (next, kind, ns, name, o) => {
          if (kind === "Pod" && refuse) {
            throw forbidden({ group: "", resource: "pods" }, name, "deletes are paused");
          }
          return next.delete(kind, ns, name, o);
        },
      },
    });
    w.api.create("ReplicaSet", newRS("web", 2));
    start(w);
    w.scale(1);
    w.loop.settle();
    const cond = w.rs().status?.conditions?.[0];
    expect(cond?.reason).toBe("FailedDelete");
    expect(cond?.message).toMatch(
      /^unable to delete pods: pods "web-[a-z0-9]{5}" is forbidden: deletes are paused$/,
    );
    expect(w.messages("FailedDelete")[0]).toMatch(
      /^Warning FailedDelete Error deleting: pods "web-[a-z0-9]{5}" is forbidden: deletes are paused$/,
    );
    refuse = false;
    w.loop.advance("1m");
    expect(w.pods()).toHaveLength(1);
    expect(w.rs().status?.conditions).toBeUndefined();
  });
});
