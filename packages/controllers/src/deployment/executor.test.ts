/**
 * The executor: each planned action becomes one client call on a real apiserver, and the answer
 * goes back to the plan as NOTES.md specifies (given objects, when an action runs, then this write
 * and this WriteResult).
 */
import { ApiServer } from "@kubesim/apiserver";
import {
  InvariantError,
  isAlreadyExists,
  isConflict,
  isNotFound,
  type ApiClient,
} from "@kubesim/api";
import {
  Client,
  EventBroadcaster,
  objectKey,
  type EventRecorder,
  type Lister,
} from "@kubesim/runtime";
import { describeAction, recordActions, writes } from "@kubesim/runtime/testing";
import { Loop, Rng } from "@kubesim/sim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { syncDeployment } from "./controller.js";
import { webDeployment } from "./controller-runner.harness.js";
import { DEPLOYMENT_CONTROLLER_COMPONENT } from "./events.js";
import { executeAction, executePlan, type ExecutorContext } from "./executor.js";
import type { DeploymentAction, Plan, WriteResult } from "./plan.js";

/** A Lister over a plain map (the executor only reads `get`). */
function mapLister(items: readonly ReplicaSet[]): Lister<ReplicaSet> {
  const byKey = new Map(
    items.map((rs) => [objectKey(rs.metadata?.namespace, rs.metadata?.name ?? ""), rs]),
  );
  const all = () => [...byKey.values()];
  return {
    get: (key) => byKey.get(key),
    list: () => all(),
    byIndex: () => [],
    indexKeys: () => [],
    keys: () => [...byKey.keys()],
    get size() {
      return byKey.size;
    },
  };
}

function world(cache: readonly ReplicaSet[] = [], client?: (api: ApiServer) => ApiClient) {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(3) });
  const recorded = recordActions(client === undefined ? api : client(api));
  const recorder: EventRecorder = new EventBroadcaster({ client: api, loop }).newRecorder({
    component: DEPLOYMENT_CONTROLLER_COMPONENT,
  });
  const d = api.create("Deployment", webDeployment("nginx:1.0", 2));
  const ctx: ExecutorContext = {
    client: recorded.client,
    recorder,
    deployment: d,
    replicaSets: mapLister(cache),
  };
  return { loop, api, recorded, ctx, d };
}

const rs = (name: string, d: Deployment, replicas = 1): ReplicaSet => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: {
    name,
    namespace: "default",
    labels: { app: "web", "pod-template-hash": "abc" },
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: d.metadata?.uid ?? "",
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web", "pod-template-hash": "abc" } },
    template: {
      metadata: { labels: { app: "web", "pod-template-hash": "abc" } },
      spec: { containers: [{ name: "web", image: "nginx:1.0" }] },
    },
  },
});

const ok = (r: WriteResult) => (r.ok ? r.object : undefined);
const err = (r: WriteResult) => (r.ok ? undefined : r.error);

describe("executeAction", () => {
  it("createReplicaSet: a POST; the created object comes back", () => {
    const { recorded, ctx, d } = world();
    const r = executeAction({ type: "createReplicaSet", rs: rs("web-abc", d) }, ctx);
    expect(writes(recorded.actions).map(describeAction)).toEqual([
      "create ReplicaSet default/web-abc",
    ]);
    expect(ok(r)).toMatchObject({
      metadata: { name: "web-abc", resourceVersion: expect.any(String) },
    });
  });

  it("createReplicaSet meeting AlreadyExists: the error, plus the RS of that name from the cache", () => {
    const w = world();
    const cached = w.api.create("ReplicaSet", rs("web-abc", w.d));
    const ctx = { ...w.ctx, replicaSets: mapLister([cached]) };
    const d = w.d;
    const r = executeAction({ type: "createReplicaSet", rs: rs("web-abc", d) }, ctx);
    expect(r.ok).toBe(false);
    expect(isAlreadyExists(err(r))).toBe(true);
    expect(r.ok === false && r.existing).toBe(cached);
  });

  it("createReplicaSet meeting AlreadyExists with a cold cache: the error alone", () => {
    const { api, ctx, d } = world();
    api.create("ReplicaSet", rs("web-abc", d));
    const r = executeAction({ type: "createReplicaSet", rs: rs("web-abc", d) }, ctx);
    expect(r).toEqual({ ok: false, error: expect.anything() });
    expect(isAlreadyExists(err(r))).toBe(true);
  });

  it("scaleReplicaSet and updateReplicaSet: a PUT; the API's object (new resourceVersion) comes back", () => {
    const { api, recorded, ctx, d } = world();
    const stored = api.create("ReplicaSet", rs("web-abc", d, 1));
    const scaled = executeAction(
      {
        type: "scaleReplicaSet",
        rs: { ...stored, spec: { ...stored.spec!, replicas: 3 } },
        from: 1,
        to: 3,
        reason: "reconcileNewReplicaSet",
        detail: "",
      },
      ctx,
    ) as { ok: true; object: ReplicaSet };
    expect(scaled.object.spec?.replicas).toBe(3);
    expect(scaled.object.metadata?.resourceVersion).not.toBe(stored.metadata?.resourceVersion);
    const annotated = executeAction(
      {
        type: "updateReplicaSet",
        rs: {
          ...scaled.object,
          metadata: { ...scaled.object.metadata, annotations: { a: "b" } },
        },
        reason: "syncRevision",
      },
      ctx,
    );
    expect((ok(annotated) as ReplicaSet).metadata?.annotations).toEqual({ a: "b" });
    // A write from a stale copy is a Conflict, for the plan to return.
    const stale = executeAction(
      { type: "updateReplicaSet", rs: stored, reason: "syncRevision" },
      ctx,
    );
    expect(isConflict(err(stale))).toBe(true);
    expect(writes(recorded.actions).map(describeAction)).toEqual([
      "update ReplicaSet default/web-abc",
      "update ReplicaSet default/web-abc",
      "update ReplicaSet default/web-abc",
    ]);
  });

  it("deleteReplicaSet: a DELETE; NotFound is handed to the plan (which ignores it)", () => {
    const { api, recorded, ctx, d } = world();
    const stored = api.create("ReplicaSet", rs("web-abc", d, 0));
    const action: DeploymentAction = {
      type: "deleteReplicaSet",
      rs: stored,
      reason: "cleanupDeployment",
    };
    expect(executeAction(action, ctx)).toEqual({ ok: true });
    expect(isNotFound(err(executeAction(action, ctx)))).toBe(true);
    expect(writes(recorded.actions).map(describeAction)).toEqual([
      "delete ReplicaSet default/web-abc",
      "delete ReplicaSet default/web-abc",
    ]);
  });

  it("updateStatus: a PUT of the status subresource; a second one from the same copy conflicts", () => {
    const { api, recorded, ctx, d } = world();
    const withStatus = (observedGeneration: number): Deployment => ({
      ...d,
      status: { observedGeneration },
    });
    expect(
      executeAction(
        { type: "updateStatus", deployment: withStatus(1), reason: "syncRolloutStatus" },
        ctx,
      ),
    ).toEqual({ ok: true });
    const second = executeAction(
      { type: "updateStatus", deployment: withStatus(2), reason: "syncRolloutStatus" },
      ctx,
    );
    expect(isConflict(err(second))).toBe(true);
    expect(api.get("Deployment", "default", "web").status?.observedGeneration).toBe(1);
    expect(writes(recorded.actions).map(describeAction)).toEqual([
      "update Deployment default/web status",
      "update Deployment default/web status",
    ]);
  });

  it("updateDeployment: a PUT of the Deployment", () => {
    const { api, recorded, ctx, d } = world();
    const r = executeAction(
      {
        type: "updateDeployment",
        deployment: { ...d, metadata: { ...d.metadata, annotations: { x: "y" } } },
        reason: "clearRollbackTo",
      },
      ctx,
    );
    expect(r).toEqual({ ok: true });
    expect(api.get("Deployment", "default", "web").metadata?.annotations).toEqual({ x: "y" });
    expect(writes(recorded.actions).map(describeAction)).toEqual(["update Deployment default/web"]);
  });

  it("recordEvent: an Event about the synced Deployment, from deployment-controller", () => {
    const { api, ctx, d } = world();
    const bare: Deployment = { metadata: d.metadata!, spec: d.spec! }; // no kind, no apiVersion
    const r = executeAction(
      {
        type: "recordEvent",
        event: {
          type: "Normal",
          reason: "ScalingReplicaSet",
          message: "Scaled up replica set web-abc from 0 to 100%",
        },
      },
      { ...ctx, deployment: bare },
    );
    expect(r).toEqual({ ok: true });
    const [event, ...rest] = api.list("Event", { namespace: "default" }).items;
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: "Normal",
      reason: "ScalingReplicaSet",
      // The message is not a format string: a "%" stays as it is.
      message: "Scaled up replica set web-abc from 0 to 100%",
      source: { component: "deployment-controller" },
      involvedObject: {
        kind: "Deployment",
        apiVersion: "apps/v1",
        name: "web",
        uid: d.metadata?.uid,
      },
    });
  });

  it("any client error becomes the plan's error; an InvariantError (a bug) propagates", () => {
    const plain = world(
      [],
      (api) =>
        new Client(api, {
          interceptors: {
            update: () => {
              throw new Error("connection reset");
            },
          },
        }),
    );
    const r = executeAction(
      { type: "updateStatus", deployment: plain.d, reason: "syncRolloutStatus" },
      plain.ctx,
    );
    expect((err(r) as Error).message).toBe("connection reset");

    const bug = world(
      [],
      (api) =>
        new Client(api, {
          interceptors: {
            update: () => {
              throw new InvariantError("broken");
            },
          },
        }),
    );
    expect(() =>
      executeAction(
        { type: "updateStatus", deployment: bug.d, reason: "syncRolloutStatus" },
        bug.ctx,
      ),
    ).toThrow(InvariantError);
  });
});

describe("executePlan", () => {
  it("feeds each result back and returns the plan's value", () => {
    const { ctx, d } = world();
    const seen: WriteResult[] = [];
    function* plan(): Plan<string> {
      seen.push(yield { type: "createReplicaSet", rs: rs("web-abc", d) });
      seen.push(yield { type: "createReplicaSet", rs: rs("web-abc", d) });
      return "done";
    }
    expect(executePlan(plan(), ctx)).toBe("done");
    expect(seen.map((r) => r.ok)).toEqual([true, false]);
    expect(isAlreadyExists(err(seen[1]!))).toBe(true);
  });

  it("the first sync of a new Deployment: create, NewReplicaSetCreated, then a Conflict (Go discards UpdateStatus's answer)", () => {
    const { api, recorded, ctx, d } = world();
    const outcome = executePlan(syncDeployment({ deployment: d, replicaSets: [], now: 0 }), ctx);
    expect(isConflict(outcome.error)).toBe(true);
    const [created] = api.list("ReplicaSet", { namespace: "default" }).items;
    expect(writes(recorded.actions).map(describeAction)).toEqual([
      `create ReplicaSet default/${created?.metadata?.name}`,
      "update Deployment default/web status",
      "update Deployment default/web status",
    ]);
    expect(api.get("Deployment", "default", "web").status?.conditions).toEqual([
      expect.objectContaining({ type: "Progressing", reason: "NewReplicaSetCreated" }),
    ]);
    expect(api.list("Event", { namespace: "default" }).items.map((e) => e.message)).toEqual([
      `Scaled up replica set ${created?.metadata?.name} from 0 to 2`,
    ]);
  });
});
