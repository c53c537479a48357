import { describe, expect, it } from "vitest";
import { produce } from "immer";
import { isApiError, isNotFound, type ApiError } from "@kubesim/api";
import { configMap, deployment, harness, pod, snapshot } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("namespaces", () => {
  it('a write into a missing namespace is 404 namespaces "foo" not found, and changes nothing', () => {
    const h = harness();
    const before = snapshot(h);
    const err = caught(() => h.api.create("ConfigMap", configMap("c", {}, "foo")));
    expect(err.httpCode).toBe(404);
    expect(err.message).toBe('namespaces "foo" not found');
    expect(caught(() => h.api.update("ConfigMap", configMap("c", {}, "foo"))).message).toBe(
      'namespaces "foo" not found',
    );
    expect(snapshot(h)).toEqual(before);
  });

  it("deleting a namespace: Terminating, creates refused with 403, content deleted, then the namespace", () => {
    const h = harness();
    h.api.create("Namespace", { metadata: { name: "team" } });
    h.api.create("ConfigMap", configMap("c", {}, "team"));
    h.api.create("Deployment", deployment("web", 1, "team"));
    h.api.create("ConfigMap", configMap("keep"));
    const res = h.api.delete("Namespace", undefined, "team");
    expect(res.deleted).toBe(false);
    expect(res.object.status?.phase).toBe("Terminating");
    expect(res.object.metadata?.deletionTimestamp).toBeDefined();
    const err = caught(() => h.api.create("ConfigMap", configMap("late", {}, "team")));
    expect(err.httpCode).toBe(403);
    expect(err.message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    );
    expect(err.status.details?.causes).toEqual([
      {
        reason: "NamespaceTerminating",
        message: "namespace team is being terminated",
        field: "metadata.namespace",
      },
    ]);
    // A second delete changes nothing while it terminates.
    const rv = h.api.resourceVersion;
    expect(h.api.delete("Namespace", undefined, "team").deleted).toBe(false);
    expect(h.api.resourceVersion).toBe(rv);
    h.loop.settle();
    expect(h.api.list("ConfigMap", { namespace: "team" }).items).toEqual([]);
    expect(h.api.list("Deployment", { namespace: "team" }).items).toEqual([]);
    expect(isNotFound(caught(() => h.api.get("Namespace", undefined, "team")))).toBe(true);
    expect(h.api.get("ConfigMap", "default", "keep")).toBeDefined();
  });

  it("waits for gracefully deleted pods before removing the namespace", () => {
    const h = harness();
    h.api.create("Namespace", { metadata: { name: "team" } });
    h.api.create("Pod", pod("p", {}, "team"));
    h.api.bind("team", { metadata: { name: "p" }, target: { name: "node-1" } });
    h.api.delete("Namespace", undefined, "team");
    h.loop.settle();
    expect(h.api.get("Pod", "team", "p").metadata?.deletionTimestamp).toBeDefined();
    expect(h.api.get("Namespace", undefined, "team").status?.phase).toBe("Terminating");
    h.loop.advance("30s");
    expect(isNotFound(caught(() => h.api.get("Namespace", undefined, "team")))).toBe(true);
  });

  it("updates inside a terminating namespace are still allowed (finalizers can be removed)", () => {
    const h = harness();
    h.api.create("Namespace", { metadata: { name: "team" } });
    h.api.create("ConfigMap", {
      ...configMap("c", {}, "team"),
      metadata: { name: "c", namespace: "team", finalizers: ["example.com/x"] },
    });
    h.api.delete("Namespace", undefined, "team");
    h.loop.settle();
    const held = h.api.get("ConfigMap", "team", "c");
    expect(held.metadata?.deletionTimestamp).toBeDefined();
    h.api.update(
      "ConfigMap",
      produce(held, (x) => void (x.metadata!.finalizers = [])),
    );
    h.loop.settle();
    expect(isNotFound(caught(() => h.api.get("Namespace", undefined, "team")))).toBe(true);
  });

  it("default, kube-system and kube-public may not be deleted", () => {
    const h = harness();
    const before = snapshot(h);
    for (const ns of ["default", "kube-system", "kube-public"]) {
      const err = caught(() => h.api.delete("Namespace", undefined, ns));
      expect(err.httpCode).toBe(403);
      expect(err.message).toBe(
        `namespaces "${ns}" is forbidden: this namespace may not be deleted`,
      );
    }
    expect(snapshot(h)).toEqual(before);
  });

  it("a namespace's spec finalizers cannot be changed by an update", () => {
    const h = harness();
    const ns = h.api.create("Namespace", { metadata: { name: "team" } });
    const out = h.api.update(
      "Namespace",
      produce(ns, (x) => void (x.spec = { finalizers: [] })),
    );
    expect(out.spec).toEqual({ finalizers: ["kubernetes"] });
  });
});
