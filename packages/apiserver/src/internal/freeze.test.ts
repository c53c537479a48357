import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { produce } from "immer";
import { canonicalJson } from "@kubesim/sim";
import { adopt, deepEqual, semanticEqual, withResourceVersion } from "./freeze.js";

describe("adopt", () => {
  it("returns a deep-frozen equal copy and never freezes the caller's object", () => {
    const input = { a: { b: [1, { c: 2 }] }, u: undefined };
    const out = adopt(input);
    expect(out).toEqual({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(out.a.b[1])).toBe(true);
    expect(Object.isFrozen(input.a)).toBe(false);
  });

  it("shares frozen subtrees, so an immer update of a stored object costs only its changed path", () => {
    const stored = adopt({ spec: { big: { x: 1 } }, metadata: { name: "a" } });
    const next = produce(stored, (d) => void (d.metadata.name = "b"));
    expect(adopt(next)).toBe(next);
    const mixed = { ...next, extra: { y: 1 } };
    const out = adopt(mixed);
    expect(out.spec).toBe(stored.spec);
  });
});

describe("deepEqual / semanticEqual", () => {
  it("deepEqual is structural equality of JSON values (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        expect(deepEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(deepEqual(a, JSON.parse(JSON.stringify(a)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("semanticEqual treats absent, null, [] and {} alike, as Go's Semantic.DeepEqual does after decoding", () => {
    expect(semanticEqual({ a: [], b: 1 }, { b: 1 })).toBe(true);
    expect(semanticEqual({ a: { c: null } }, {})).toBe(true);
    expect(semanticEqual({ a: [1] }, { a: [] })).toBe(false);
    expect(semanticEqual({ a: 0 }, {})).toBe(false);
  });
});

describe("withResourceVersion (a DELETED event's object)", () => {
  it("is the stored object at another resourceVersion: frozen, same key order, the rest shared", () => {
    const stored = Object.freeze({
      apiVersion: "v1",
      kind: "Pod",
      metadata: Object.freeze({ name: "p", resourceVersion: "5", uid: "u" }),
      spec: Object.freeze({ nodeName: "n" }),
    });
    const t = withResourceVersion(stored, "9");
    expect(t).toEqual({ ...stored, metadata: { name: "p", resourceVersion: "9", uid: "u" } });
    expect(Object.keys(t)).toEqual(Object.keys(stored));
    expect(Object.keys(t.metadata)).toEqual(["name", "resourceVersion", "uid"]);
    expect(t.spec).toBe(stored.spec);
    expect(Object.isFrozen(t) && Object.isFrozen(t.metadata)).toBe(true);
    expect(stored.metadata.resourceVersion).toBe("5");
    // what immer's produce gave, for any metadata
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (meta) => {
        const o = Object.freeze({ kind: "X", metadata: Object.freeze(meta) });
        const viaImmer = produce(o, (d) => {
          d.metadata = { ...d.metadata, resourceVersion: "7" };
        });
        expect(canonicalJson(withResourceVersion(o, "7"))).toBe(canonicalJson(viaImmer));
        expect(Object.keys(withResourceVersion(o, "7").metadata)).toEqual(
          Object.keys(viaImmer.metadata),
        );
      }),
    );
  });
});
