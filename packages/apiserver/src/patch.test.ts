import { describe, expect, it } from "vitest";
import { isApiError, type ApiError } from "@kubesim/api";
import { configMap, deployment, harness, snapshot } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("patch", () => {
  it("JSON merge patch (kubectl scale's body), then admission as an update", () => {
    const h = harness();
    h.api.create("Deployment", deployment("web"));
    const out = h.api.patch("Deployment", "default", "web", "merge", { spec: { replicas: 5 } });
    expect(out.spec?.replicas).toBe(5);
    expect(out.metadata?.generation).toBe(2);
    const cm = h.api.create("ConfigMap", configMap("c", { a: "1", b: "2" }));
    expect(
      h.api.patch("ConfigMap", "default", "c", "merge", { data: { a: null, c: "3" } }).data,
    ).toEqual({ b: "2", c: "3" });
    expect(cm.data).toEqual({ a: "1", b: "2" });
  });

  it("JSON patch (RFC 6902)", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("c", { a: "1" }));
    const out = h.api.patch("ConfigMap", "default", "c", "json", [
      { op: "add", path: "/data/b", value: "2" },
      { op: "remove", path: "/data/a" },
    ]);
    expect(out.data).toEqual({ b: "2" });
  });

  it("strategic merge patch: kubectl set image's body merges containers by name", () => {
    const h = harness();
    const d = deployment("web");
    d.spec!.template.spec!.containers.push({ name: "sidecar", image: "envoy:1" });
    h.api.create("Deployment", d);
    const out = h.api.patch("Deployment", "default", "web", "strategic", {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "main" }, { name: "sidecar" }],
            containers: [{ image: "nginx:1.26", name: "main" }],
          },
        },
      },
    });
    expect(out.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual([
      "main=nginx:1.26",
      "sidecar=envoy:1",
    ]);
  });

  it("a patch carrying a stale resourceVersion is 409", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("c"));
    expect(
      caught(() =>
        h.api.patch("ConfigMap", "default", "c", "merge", {
          metadata: { resourceVersion: "1" },
          data: { x: "y" },
        }),
      ).httpCode,
    ).toBe(409);
  });

  it("bad patches are refused naming the problem, and change nothing", () => {
    const h = harness();
    h.api.create("Deployment", deployment("web"));
    const before = snapshot(h);
    expect(caught(() => h.api.patch("Deployment", "default", "nope", "merge", {})).httpCode).toBe(
      404,
    );
    expect(
      caught(() => h.api.patch("Deployment", "default", "web", "bogus" as never, {})).httpCode,
    ).toBe(415);
    expect(
      caught(() => h.api.patch("Deployment", "default", "web", "json", { op: "add" })).httpCode,
    ).toBe(400);
    expect(
      caught(() =>
        h.api.patch("Deployment", "default", "web", "json", [
          { op: "test", path: "/spec/replicas", value: 9 },
        ]),
      ).httpCode,
    ).toBeGreaterThanOrEqual(400);
    expect(
      caught(() =>
        h.api.patch("Deployment", "default", "web", "merge", { metadata: { name: "other" } }),
      ).message,
    ).toBe("the name of the object (other) does not match the name on the URL (web)");
    const invalid = caught(() =>
      h.api.patch("Deployment", "default", "web", "merge", { spec: { replicas: -2 } }),
    );
    expect(invalid.status.details?.causes?.[0]?.field).toBe("spec.replicas");
    const unknown = caught(() =>
      h.api.patch("Deployment", "default", "web", "merge", { spec: { replicaz: 2 } }),
    );
    expect(unknown.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"',
    );
    expect(snapshot(h)).toEqual(before);
  });

  it("a patch that changes metadata.uid is 422 field is immutable (no uid precondition, unlike PUT's 409)", () => {
    const h = harness();
    const c = h.api.create("ConfigMap", configMap("c"));
    const before = snapshot(h);
    const err = caught(() =>
      h.api.patch("ConfigMap", "default", "c", "merge", { metadata: { uid: "other-uid" } }),
    );
    expect(err.httpCode).toBe(422);
    expect(err.message).toBe(
      'ConfigMap "c" is invalid: metadata.uid: Invalid value: "other-uid": field is immutable',
    );
    expect(snapshot(h)).toEqual(before);
    // PUT with the same body is the storage precondition's 409.
    const put = caught(() =>
      h.api.update("ConfigMap", { ...c, metadata: { ...c.metadata, uid: "other-uid" } }),
    );
    expect(put.httpCode).toBe(409);
  });

  it("empty metadata collections and nulls are not stored (ObjectMeta's omitempty fields)", () => {
    const h = harness();
    const owner = {
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "owner",
      uid: "11111111-1111-1111-1111-111111111111",
    };
    const created = h.api.create("ConfigMap", {
      ...configMap("c"),
      metadata: {
        name: "c",
        labels: {},
        annotations: {},
        finalizers: [],
        ownerReferences: [{ ...owner, blockOwnerDeletion: null as unknown as boolean }],
      },
    });
    expect(Object.keys(created.metadata ?? {})).not.toContain("labels");
    expect(Object.keys(created.metadata ?? {})).not.toContain("annotations");
    expect(Object.keys(created.metadata ?? {})).not.toContain("finalizers");
    expect(created.metadata?.ownerReferences).toEqual([owner]);

    // strategic merge `$patch: delete` of the last owner reference leaves no `ownerReferences: []`.
    const out = h.api.patch("ConfigMap", "default", "c", "strategic", {
      metadata: { ownerReferences: [{ $patch: "delete", uid: owner.uid }], labels: { a: "1" } },
    });
    expect(Object.keys(out.metadata ?? {})).not.toContain("ownerReferences");
    expect(out.metadata?.labels).toEqual({ a: "1" });

    // A merge patch removing the last label, and a JSON patch writing null: neither stores a key.
    const noLabels = h.api.patch("ConfigMap", "default", "c", "merge", {
      metadata: { labels: { a: null } },
    });
    expect(Object.keys(noLabels.metadata ?? {})).not.toContain("labels");
    const nulled = h.api.patch("ConfigMap", "default", "c", "json", [
      { op: "add", path: "/metadata/annotations", value: null },
      { op: "add", path: "/metadata/finalizers", value: [] },
    ]);
    expect(nulled).toBe(noLabels); // nothing changed, nothing written
    expect(h.api.get("ConfigMap", "default", "c").metadata).toEqual(noLabels.metadata);

    // PUT alike.
    const put = h.api.update("ConfigMap", {
      ...noLabels,
      metadata: { ...noLabels.metadata, annotations: {}, finalizers: [] },
    });
    expect(put).toBe(noLabels);
  });

  it("a patch that changes nothing writes nothing", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("c", { a: "1" }));
    const before = snapshot(h);
    h.api.patch("ConfigMap", "default", "c", "merge", { data: { a: "1" } });
    expect(snapshot(h)).toEqual(before);
  });

  it("the status subresource can be patched", () => {
    const h = harness();
    h.api.create("Deployment", deployment("web"));
    const out = h.api.patch(
      "Deployment",
      "default",
      "web",
      "merge",
      { status: { readyReplicas: 1 }, spec: { replicas: 9 } },
      { subresource: "status" },
    );
    expect(out.status).toEqual({ readyReplicas: 1 });
    expect(out.spec?.replicas).toBe(1);
  });
});
