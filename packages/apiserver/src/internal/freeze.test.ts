import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { produce } from "immer";
import { canonicalJson } from "@kubesim/sim";
import { adopt, deepEqual, semanticEqual } from "./freeze.js";

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
