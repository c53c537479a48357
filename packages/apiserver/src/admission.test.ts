import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isApiError, kinds, type ApiError, type KindName } from "@kubesim/api";
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

describe("admission: field validation", () => {
  it("Strict (the default) refuses unknown fields with the strict decoding error, in document order", () => {
    const h = harness();
    const before = snapshot(h);
    const body = {
      ...deployment("web"),
      spec: { ...deployment("web").spec!, replicaz: 3 },
      extra: true,
    };
    const err = caught(() => h.api.create("Deployment", body as never));
    expect(err.httpCode).toBe(400);
    expect(err.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz", unknown field "extra"',
    );
    expect(snapshot(h)).toEqual(before);
  });

  it("Warn stores without the unknown fields and reports them in lastWarnings; Ignore drops them silently", () => {
    const h = harness();
    const body = { ...configMap("c", { a: "1" }), dataa: { b: "2" } };
    const out = h.api.create("ConfigMap", body as never, { fieldValidation: "Warn" });
    expect(h.api.lastWarnings).toEqual(['unknown field "dataa"']);
    expect(out).not.toHaveProperty("dataa");
    const quiet = h.api.create("ConfigMap", { ...body, metadata: { name: "d" } } as never, {
      fieldValidation: "Ignore",
    });
    expect(h.api.lastWarnings).toEqual([]);
    expect(quiet).not.toHaveProperty("dataa");
    expect(
      caught(() => h.api.create("ConfigMap", configMap("e"), { fieldValidation: "Loud" as never }))
        .httpCode,
    ).toBe(400);
  });

  it("unknown fields in metadata and nested lists are found too", () => {
    const h = harness();
    const p = pod("p");
    (p.spec!.containers[0] as unknown as Record<string, unknown>)["imagePolicy"] = "x";
    (p.metadata as Record<string, unknown>)["nmae"] = "typo";
    expect(caught(() => h.api.create("Pod", p)).message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.nmae", unknown field "spec.containers[0].imagePolicy"',
    );
  });
});

/** Each entry point with inputs it must refuse. */
const badRequests: readonly [string, (h: ReturnType<typeof harness>) => unknown][] = [
  ["create: bad name", (h) => h.api.create("ConfigMap", configMap("Bad_Name"))],
  [
    "create: invalid object",
    (h) =>
      h.api.create("Deployment", {
        ...deployment("d"),
        spec: { ...deployment("d").spec!, replicas: -5 },
      }),
  ],
  ["create: unknown kind", (h) => h.api.create("Widget" as KindName, {} as never)],
  [
    "create: unknown field",
    (h) => h.api.create("ConfigMap", { ...configMap("c"), bogus: 1 } as never),
  ],
  ["create: not an object", (h) => h.api.create("ConfigMap", 42 as never)],
  ["create: missing namespace", (h) => h.api.create("ConfigMap", configMap("c", {}, "nowhere"))],
  ["create: exists", (h) => h.api.create("ConfigMap", configMap("existing"))],
  [
    "update: stale",
    (h) =>
      h.api.update("ConfigMap", {
        ...configMap("existing"),
        metadata: { name: "existing", resourceVersion: "1" },
      }),
  ],
  ["update: missing", (h) => h.api.update("Deployment", deployment("ghost"))],
  [
    "update: bad resourceVersion",
    (h) =>
      h.api.update("ConfigMap", {
        ...configMap("existing"),
        metadata: { name: "existing", resourceVersion: "x1" },
      }),
  ],
  [
    "update: bad subresource",
    (h) => h.api.update("ConfigMap", configMap("existing"), { subresource: "scale" as never }),
  ],
  ["patch: bad type", (h) => h.api.patch("ConfigMap", "default", "existing", "yaml" as never, {})],
  [
    "patch: bad json patch",
    (h) =>
      h.api.patch("ConfigMap", "default", "existing", "json", [{ op: "explode", path: "/data" }]),
  ],
  [
    "patch: makes it invalid",
    (h) => h.api.patch("ConfigMap", "default", "existing", "merge", { data: { "bad key!": "x" } }),
  ],
  [
    "patch: renames",
    (h) =>
      h.api.patch("ConfigMap", "default", "existing", "merge", { metadata: { name: "other" } }),
  ],
  ["delete: missing", (h) => h.api.delete("ConfigMap", "default", "ghost")],
  [
    "delete: bad policy",
    (h) => h.api.delete("ConfigMap", "default", "existing", { propagationPolicy: "Now" as never }),
  ],
  [
    "delete: precondition",
    (h) => h.api.delete("ConfigMap", "default", "existing", { preconditions: { uid: "nope" } }),
  ],
  ["delete: immortal namespace", (h) => h.api.delete("Namespace", undefined, "default")],
  ["list: bad label selector", (h) => h.api.list("Pod", { labelSelector: "a=(b" })],
  ["list: bad field selector", (h) => h.api.list("Pod", { fieldSelector: "nope" })],
  ["list: bad continue", (h) => h.api.list("Pod", { continue: "garbage!" })],
  ["list: bad resourceVersion", (h) => h.api.list("Pod", { resourceVersion: "ten" })],
  [
    "deleteCollection: bad selector",
    (h) => h.api.deleteCollection("ConfigMap", { labelSelector: "!!" }),
  ],
  ["watch: bad selector", (h) => h.api.watch("Pod", { labelSelector: "a in (" }, () => undefined)],
  [
    "watch: bad resourceVersion",
    (h) => h.api.watch("Pod", { resourceVersion: "1.5" }, () => undefined),
  ],
  [
    "scale: negative",
    (h) =>
      h.api.updateScale("Deployment", "default", "d", {
        metadata: { name: "d" },
        spec: { replicas: -1 },
      }),
  ],
  ["scale: wrong kind", (h) => h.api.getScale("ConfigMap" as never, "default", "existing")],
  ["bind: no target", (h) => h.api.bind("default", { metadata: { name: "p" }, target: {} })],
  [
    "bind: missing pod",
    (h) => h.api.bind("default", { metadata: { name: "ghost" }, target: { name: "n" } }),
  ],
  ["get: empty name", (h) => h.api.get("Pod", "default", "")],
];

describe("bad input at every entry point", () => {
  it("is an ApiError with a Status, and leaves the store, counters, trace and watchers unchanged (property)", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...badRequests], { minLength: 1 }),
        fc.boolean(),
        (cases, withWatch) => {
          const h = harness();
          h.api.create("ConfigMap", configMap("existing"));
          h.api.create("Deployment", deployment("d"));
          h.api.create("Pod", pod("p"));
          const rec = recorder();
          if (withWatch)
            h.api.watch("ConfigMap", { resourceVersion: h.api.resourceVersion }, rec.handler);
          const before = snapshot(h);
          for (const [name, run] of cases) {
            const err = caught(() => run(h));
            expect(err.status.kind, name).toBe("Status");
            expect(err.status.code, name).toBeGreaterThanOrEqual(400);
            expect(err.message.length, name).toBeGreaterThan(0);
          }
          expect(snapshot(h)).toEqual(before);
          h.loop.settle();
          expect(rec.events).toEqual([]);
          expect(h.api.watchCount).toBe(withWatch ? 1 : 0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("every kind in scope refuses a nameless object with one cause naming metadata.name", () => {
    const h = harness();
    for (const k of kinds) {
      const err = caught(() => h.api.create(k.kind as KindName, { metadata: {} } as never));
      expect(
        err.status.details?.causes?.filter((c) => c.field === "metadata.name"),
        k.kind,
      ).toEqual([
        {
          reason: "FieldValueRequired",
          field: "metadata.name",
          message: "Required value: name or generateName is required",
        },
      ]);
    }
  });
});
