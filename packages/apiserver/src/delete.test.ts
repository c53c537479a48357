import { describe, expect, it } from "vitest";
import { produce } from "immer";
import { isApiError, isNotFound, type ApiError } from "@kubesim/api";
import { configMap, deployment, harness, pod, recorder, snapshot } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

/** A pod bound to node-1, so that it is deleted gracefully. */
function boundPod(h: ReturnType<typeof harness>, name: string): void {
  h.api.create("Pod", pod(name));
  h.api.bind("default", { metadata: { name }, target: { kind: "Node", name: "node-1" } });
}

describe("delete", () => {
  it("removes an object at once and returns its last state", () => {
    const h = harness();
    const cm = h.api.create("ConfigMap", configMap("c"));
    const res = h.api.delete("ConfigMap", "default", "c");
    expect(res.deleted).toBe(true);
    expect(res.object).toEqual(cm);
    expect(isNotFound(caught(() => h.api.get("ConfigMap", "default", "c")))).toBe(true);
    expect(caught(() => h.api.delete("ConfigMap", "default", "c")).message).toBe(
      'configmaps "c" not found',
    );
  });

  it("preconditions: a uid or resourceVersion mismatch is 409 with BeforeDelete's wording", () => {
    const h = harness();
    const d = h.api.create("Deployment", deployment("web"));
    const before = snapshot(h);
    expect(
      caught(() => h.api.delete("Deployment", "default", "web", { preconditions: { uid: "x" } }))
        .message,
    ).toBe(
      `Operation cannot be fulfilled on Deployment.apps "web": the UID in the precondition (x) does not match the UID in record (${d.metadata!.uid}). The object might have been deleted and then recreated`,
    );
    expect(
      caught(() =>
        h.api.delete("Deployment", "default", "web", { preconditions: { resourceVersion: "1" } }),
      ).message,
    ).toBe(
      `Operation cannot be fulfilled on Deployment.apps "web": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${d.metadata!.resourceVersion}). The object might have been modified`,
    );
    expect(snapshot(h)).toEqual(before);
    expect(
      h.api.delete("Deployment", "default", "web", { preconditions: { uid: d.metadata!.uid! } })
        .deleted,
    ).toBe(true);
  });

  it("bad delete options are 422 DeleteOptions naming the field", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("c"));
    const before = snapshot(h);
    const err = caught(() =>
      h.api.delete("ConfigMap", "default", "c", { propagationPolicy: "Sideways" as never }),
    );
    expect(err.message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
    expect(
      caught(() => h.api.delete("ConfigMap", "default", "c", { gracePeriodSeconds: 1.5 })).status
        .details?.causes?.[0]?.field,
    ).toBe("gracePeriodSeconds");
    expect(snapshot(h)).toEqual(before);
  });

  it("an unscheduled pod goes at once; a bound pod gets deletionTimestamp and stays for its grace period", () => {
    const h = harness();
    h.api.create("Pod", pod("pending"));
    expect(h.api.delete("Pod", "default", "pending").deleted).toBe(true);
    boundPod(h, "p");
    const gen = h.api.get("Pod", "default", "p").metadata!.generation!;
    const res = h.api.delete("Pod", "default", "p");
    expect(res.deleted).toBe(false);
    expect(res.object.metadata).toMatchObject({
      deletionTimestamp: "2024-01-01T00:00:30Z",
      deletionGracePeriodSeconds: 30,
      generation: gen + 1,
    });
    expect(h.api.get("Pod", "default", "p").metadata?.deletionTimestamp).toBe(
      "2024-01-01T00:00:30Z",
    );
  });

  it("a second delete may only shorten the grace period; 0 writes once more, then removes", () => {
    const h = harness();
    boundPod(h, "p");
    h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 60 });
    const rv = h.api.resourceVersion;
    expect(h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 90 }).deleted).toBe(false);
    expect(h.api.delete("Pod", "default", "p").deleted).toBe(false);
    expect(h.api.resourceVersion).toBe(rv);
    const shorter = h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 10 });
    expect(shorter.object.metadata).toMatchObject({
      deletionTimestamp: "2024-01-01T00:00:10Z",
      deletionGracePeriodSeconds: 10,
    });
    const rec = recorder();
    h.api.watch("Pod", { resourceVersion: h.api.resourceVersion }, rec.handler);
    const now = h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 0 });
    expect(now.deleted).toBe(true);
    h.loop.settle();
    expect(rec.events.map((e) => e.type)).toEqual(["MODIFIED", "DELETED"]);
    expect(rec.events[0]!.object).toMatchObject({ metadata: { deletionGracePeriodSeconds: 0 } });
  });

  it("the pod is removed when its grace period runs out (on the loop)", () => {
    const h = harness();
    boundPod(h, "p");
    h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 5 });
    h.loop.advance("4s");
    expect(h.api.get("Pod", "default", "p")).toBeDefined();
    h.loop.advance("1s");
    expect(isNotFound(caught(() => h.api.get("Pod", "default", "p")))).toBe(true);
  });

  it("grace expiry never touches a recreated pod of the same name", () => {
    const h = harness();
    boundPod(h, "p");
    h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 5 });
    h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 0 });
    const again = h.api.create("Pod", pod("p"));
    h.loop.advance("10s");
    expect(h.api.get("Pod", "default", "p").metadata?.uid).toBe(again.metadata?.uid);
  });

  it("finalizers hold an object: deletionTimestamp and grace 0 until the last one is removed", () => {
    const h = harness();
    h.api.create("ConfigMap", {
      ...configMap("c"),
      metadata: { name: "c", finalizers: ["example.com/x"] },
    });
    h.loop.advance("3s");
    const res = h.api.delete("ConfigMap", "default", "c");
    expect(res.deleted).toBe(false);
    expect(res.object.metadata).toMatchObject({
      deletionTimestamp: "2024-01-01T00:00:03Z",
      deletionGracePeriodSeconds: 0,
    });
    const rv = h.api.resourceVersion;
    h.loop.advance("3s");
    expect(h.api.delete("ConfigMap", "default", "c").object.metadata?.deletionTimestamp).toBe(
      "2024-01-01T00:00:03Z",
    );
    expect(h.api.resourceVersion).toBe(rv);
    h.api.update(
      "ConfigMap",
      produce(res.object, (x) => void (x.metadata!.finalizers = [])),
    );
    expect(isNotFound(caught(() => h.api.get("ConfigMap", "default", "c")))).toBe(true);
  });

  it("a pod with a finalizer outlives its grace period until the finalizer goes", () => {
    const h = harness();
    h.api.create("Pod", {
      ...pod("p"),
      metadata: { name: "p", namespace: "default", finalizers: ["example.com/x"] },
    });
    h.api.bind("default", { metadata: { name: "p" }, target: { name: "node-1" } });
    h.api.delete("Pod", "default", "p", { gracePeriodSeconds: 2 });
    h.loop.advance("5s");
    const held = h.api.get("Pod", "default", "p");
    expect(held.metadata?.deletionGracePeriodSeconds).toBe(0);
    h.api.update(
      "Pod",
      produce(held, (x) => void (x.metadata!.finalizers = [])),
    );
    expect(isNotFound(caught(() => h.api.get("Pod", "default", "p")))).toBe(true);
  });

  it("propagationPolicy: Foreground adds foregroundDeletion, Orphan adds orphan, Background neither", () => {
    const h = harness();
    for (const n of ["fg", "or", "bg"]) h.api.create("Deployment", deployment(n));
    const fg = h.api.delete("Deployment", "default", "fg", { propagationPolicy: "Foreground" });
    expect(fg.deleted).toBe(false);
    expect(Object.isFrozen(fg.object.metadata?.finalizers)).toBe(true);
    expect(fg.object.metadata?.finalizers).toEqual(["foregroundDeletion"]);
    expect(fg.object.metadata?.deletionTimestamp).toBeDefined();
    const or = h.api.delete("Deployment", "default", "or", { propagationPolicy: "Orphan" });
    expect(or.object.metadata?.finalizers).toEqual(["orphan"]);
    expect(
      h.api.delete("Deployment", "default", "bg", { propagationPolicy: "Background" }).deleted,
    ).toBe(true);
    // A later Background delete removes a GC finalizer again (deletionFinalizersForGarbageCollection).
    const again = h.api.delete("Deployment", "default", "or", { propagationPolicy: "Background" });
    expect(again.deleted).toBe(true);
  });

  it("deleteCollection deletes what the selectors match and returns it", () => {
    const h = harness();
    for (let i = 0; i < 5; i++)
      h.api.create("ConfigMap", {
        ...configMap(`c${i}`),
        metadata: { name: `c${i}`, labels: { tier: i < 3 ? "a" : "b" } },
      });
    const gone = h.api.deleteCollection("ConfigMap", {
      namespace: "default",
      labelSelector: "tier=a",
    });
    expect(gone.items.map((c) => c.metadata?.name)).toEqual(["c0", "c1", "c2"]);
    expect(h.api.list("ConfigMap").items.map((c) => c.metadata?.name)).toEqual(["c3", "c4"]);
  });

  it("dryRun delete changes nothing", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("c"));
    boundPod(h, "p");
    const before = snapshot(h);
    expect(h.api.delete("ConfigMap", "default", "c", { dryRun: true }).deleted).toBe(true);
    expect(
      h.api.delete("Pod", "default", "p", { dryRun: true }).object.metadata?.deletionTimestamp,
    ).toBeDefined();
    expect(snapshot(h)).toEqual(before);
  });
});
