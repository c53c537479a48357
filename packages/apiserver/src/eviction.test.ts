/**
 * The eviction subresource (POST pods/{name}/eviction), as
 * pkg/registry/core/pod/storage/eviction.go serves it when no
 * PodDisruptionBudget covers the pod: the DisruptionTarget condition, then
 * a delete with the eviction's deleteOptions.
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { Eviction } from "kubernetes-types/policy/v1";
import { describe, expect, it } from "vitest";
import { isApiError, type ApiError } from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import { canIgnorePDB, updatePodCondition } from "./internal/eviction.js";
import { harness, pod, recorder, snapshot, type Harness } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

const eviction = (name: string, extra: Partial<Eviction> = {}): Eviction => ({
  apiVersion: "policy/v1",
  kind: "Eviction",
  metadata: { name, namespace: "default" },
  ...extra,
});

/** A pod bound to node-1 in `phase`. */
function boundPod(h: Harness, name: string, phase = "Running"): Pod {
  h.api.create("Pod", pod(name));
  h.api.bind("default", {
    metadata: { name },
    target: { apiVersion: "v1", kind: "Node", name: "node-1" },
  });
  const cur = h.api.get("Pod", "default", name);
  return h.api.update(
    "Pod",
    { ...cur, status: { ...cur.status, phase } },
    { subresource: "status" },
  );
}

const disruption = (p: Pod) => p.status?.conditions?.find((c) => c.type === "DisruptionTarget");

describe("eviction subresource", () => {
  it("a running pod gets DisruptionTarget=True EvictionByEvictionAPI, then a graceful delete (its own grace)", () => {
    const h = harness();
    boundPod(h, "web");
    h.loop.advance("3s");
    const rec = recorder();
    h.api.watch("Pod", { resourceVersion: h.api.resourceVersion }, rec.handler);
    h.api.evict("default", eviction("web"));
    const p = h.api.get("Pod", "default", "web");
    expect(disruption(p)).toEqual({
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: rfc3339(h.loop.now()),
      reason: "EvictionByEvictionAPI",
      message: "Eviction API: evicting",
    });
    expect(p.metadata?.deletionTimestamp).toBe(rfc3339(h.loop.now() + 30_000));
    expect(p.metadata?.deletionGracePeriodSeconds).toBe(30);
    h.loop.settle();
    // Two writes: the status update, then the graceful-deletion mark.
    expect(rec.events.map((e) => e.type)).toEqual(["MODIFIED", "MODIFIED"]);
  });

  it("deleteOptions.gracePeriodSeconds is honoured; 0 removes the pod at once", () => {
    const h = harness();
    boundPod(h, "a");
    h.api.evict("default", eviction("a", { deleteOptions: { gracePeriodSeconds: 5 } }));
    expect(h.api.get("Pod", "default", "a").metadata?.deletionGracePeriodSeconds).toBe(5);
    boundPod(h, "b");
    h.api.evict("default", eviction("b", { deleteOptions: { gracePeriodSeconds: 0 } }));
    expect(caught(() => h.api.get("Pod", "default", "b")).reason).toBe("NotFound");
  });

  it("a missing pod is 404 and nothing changes", () => {
    const h = harness();
    const before = snapshot(h);
    const err = caught(() => h.api.evict("default", eviction("nope")));
    expect(err.httpCode).toBe(404);
    expect(err.message).toBe('pods "nope" not found');
    expect(snapshot(h)).toEqual(before);
  });

  it("terminal pods (Succeeded, Failed) get the condition and are deleted at once", () => {
    for (const phase of ["Succeeded", "Failed"]) {
      const h = harness();
      boundPod(h, "done", phase);
      const rec = recorder();
      h.api.watch("Pod", { resourceVersion: h.api.resourceVersion }, rec.handler);
      h.api.evict("default", eviction("done"));
      expect(caught(() => h.api.get("Pod", "default", "done")).reason).toBe("NotFound");
      h.loop.settle();
      expect(rec.events.map((e) => e.type)).toEqual(["MODIFIED", "MODIFIED", "DELETED"]);
      const last = rec.events.at(-1)!;
      expect(disruption(last.object as Pod)?.reason).toBe("EvictionByEvictionAPI");
    }
  });

  it("a pending, never-scheduled pod is deleted at once", () => {
    const h = harness();
    h.api.create("Pod", pod("pending"));
    h.api.evict("default", eviction("pending"));
    expect(caught(() => h.api.get("Pod", "default", "pending")).reason).toBe("NotFound");
  });

  it("a pod already terminating keeps its deletion; a shorter grace shortens it; the condition is added once", () => {
    const h = harness();
    boundPod(h, "web");
    h.api.delete("Pod", "default", "web");
    const marked = h.api.get("Pod", "default", "web");
    h.loop.advance("1s");
    h.api.evict("default", eviction("web"));
    const p = h.api.get("Pod", "default", "web");
    expect(p.metadata?.deletionTimestamp).toBe(marked.metadata?.deletionTimestamp);
    expect(disruption(p)?.lastTransitionTime).toBe(rfc3339(h.loop.now()));
    const rv = p.metadata?.resourceVersion;
    // The same eviction again changes nothing: the condition is already there.
    h.loop.advance("1s");
    h.api.evict("default", eviction("web"));
    expect(h.api.get("Pod", "default", "web").metadata?.resourceVersion).toBe(rv);
    h.api.evict("default", eviction("web", { deleteOptions: { gracePeriodSeconds: 2 } }));
    expect(h.api.get("Pod", "default", "web").metadata?.deletionGracePeriodSeconds).toBe(2);
  });

  it("preconditions: a wrong uid or resourceVersion is 409 on Pod, before anything is written", () => {
    const h = harness();
    const p = boundPod(h, "web");
    const before = snapshot(h);
    const uidErr = caught(() =>
      h.api.evict(
        "default",
        eviction("web", { deleteOptions: { preconditions: { uid: "other" } } }),
      ),
    );
    expect(uidErr.httpCode).toBe(409);
    expect(uidErr.message).toBe(
      `Operation cannot be fulfilled on Pod "web": the UID in the precondition (other) does not match the UID in record (${p.metadata?.uid}). The object might have been deleted and then recreated`,
    );
    const rvErr = caught(() =>
      h.api.evict(
        "default",
        eviction("web", { deleteOptions: { preconditions: { resourceVersion: "1" } } }),
      ),
    );
    expect(rvErr.message).toBe(
      `Operation cannot be fulfilled on Pod "web": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${p.metadata?.resourceVersion}). The object might have been modified`,
    );
    expect(snapshot(h)).toEqual(before);
  });

  it("a matching resourceVersion precondition follows the pod through the condition update", () => {
    const h = harness();
    const p = boundPod(h, "web");
    h.api.evict(
      "default",
      eviction("web", {
        deleteOptions: {
          preconditions: { uid: p.metadata!.uid!, resourceVersion: p.metadata!.resourceVersion! },
        },
      }),
    );
    expect(h.api.get("Pod", "default", "web").metadata?.deletionTimestamp).toBeDefined();
  });

  it("dry run (request option or deleteOptions.dryRun) writes nothing", () => {
    const h = harness();
    boundPod(h, "web");
    const before = snapshot(h);
    h.api.evict("default", eviction("web"), { dryRun: true });
    h.api.evict("default", eviction("web", { deleteOptions: { dryRun: ["All"] } }));
    expect(snapshot(h)).toEqual(before);
    expect(
      caught(() => h.api.evict("default", eviction("web", { deleteOptions: { dryRun: ["x"] } })))
        .message,
    ).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: "x": supported values: "All"',
    );
  });

  it("refuses a body of another namespace, kind or version, and a nameless one", () => {
    const h = harness();
    boundPod(h, "web");
    expect(
      caught(() =>
        h.api.evict("default", { ...eviction("web"), metadata: { name: "web", namespace: "x" } }),
      ).message,
    ).toBe("the namespace of the provided object does not match the namespace sent on the request");
    expect(
      caught(() => h.api.evict("default", { ...eviction("web"), apiVersion: "v1" as never }))
        .httpCode,
    ).toBe(400);
    expect(
      caught(() => h.api.evict("default", { ...eviction("web"), kind: "Pod" as never })).httpCode,
    ).toBe(400);
    expect(caught(() => h.api.evict("default", { metadata: {} })).httpCode).toBe(400);
    // policy/v1beta1 is accepted too.
    h.api.evict("default", { ...eviction("web"), apiVersion: "policy/v1beta1" as never });
    expect(h.api.get("Pod", "default", "web").metadata?.deletionTimestamp).toBeDefined();
  });

  it("a terminating namespace refuses the eviction (it is a create on pods/eviction)", () => {
    const h = harness();
    h.api.create("Namespace", { metadata: { name: "team" } });
    h.api.create("Pod", {
      ...pod("p", {}, "team"),
      metadata: { name: "p", namespace: "team", finalizers: ["x/y"] },
    });
    h.api.delete("Namespace", undefined, "team");
    const err = caught(() => h.api.evict("team", { metadata: { name: "p", namespace: "team" } }));
    expect(err.httpCode).toBe(403);
  });
});

describe("eviction helpers", () => {
  it("canIgnorePDB: Pending, Succeeded, Failed and terminating pods", () => {
    const p = (phase: string, deleting = false): Pod => ({
      metadata: { name: "p", ...(deleting ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}) },
      status: { phase },
    });
    expect(
      ["Pending", "Running", "Succeeded", "Failed", "Unknown"].map((x) => canIgnorePDB(p(x))),
    ).toEqual([true, false, true, true, false]);
    expect(canIgnorePDB(p("Running", true))).toBe(true);
  });

  it("updatePodCondition keeps lastTransitionTime when the status stays, and reports no change", () => {
    const cond = { type: "DisruptionTarget", status: "True", reason: "R", message: "m" };
    const first = updatePodCondition([], cond, "t1")!;
    expect(first).toEqual([{ ...cond, lastProbeTime: null, lastTransitionTime: "t1" }]);
    expect(updatePodCondition(first, cond, "t2")).toBeUndefined();
    expect(updatePodCondition(first, { ...cond, message: "n" }, "t2")).toEqual([
      { ...cond, message: "n", lastProbeTime: null, lastTransitionTime: "t1" },
    ]);
    expect(
      updatePodCondition(first, { ...cond, status: "False" }, "t3")?.[0]?.["lastTransitionTime"],
    ).toBe("t3");
  });
});
