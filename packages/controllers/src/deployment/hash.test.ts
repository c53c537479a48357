import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalTemplateText,
  collisionCountBytes,
  computeHash,
  fnv1a32,
  safeEncodeString,
} from "./hash.js";
import { podTemplate } from "./testdata/fixtures.js";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("FNV-1a 32 (hash/fnv)", () => {
  it("matches the published test values", () => {
    expect(fnv1a32(bytes(""))).toBe(0x811c9dc5);
    expect(fnv1a32(bytes("a"))).toBe(0xe40c292c);
    expect(fnv1a32(bytes("foobar"))).toBe(0xbf9cf968);
  });
  it("continues a running hash like hash.Hash32.Write", () => {
    expect(fnv1a32(bytes("bar"), fnv1a32(bytes("foo")))).toBe(fnv1a32(bytes("foobar")));
  });
});

describe("rand.SafeEncodeString", () => {
  it("maps the decimal digits 0-9 to 4 5 6 7 8 9 b c d f", () => {
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
  });
  it("turns the FNV sum 3965274026 into the real-world hash 7fb96c846b", () => {
    expect(safeEncodeString("3965274026")).toBe("7fb96c846b");
  });
});

describe("ComputeHash (controller_utils.go)", () => {
  it("appends collisionCount as uint32 little-endian plus 4 zero bytes", () => {
    expect([...collisionCountBytes(1)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect([...collisionCountBytes(0x01020304)]).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect([...collisionCountBytes(2_147_483_647)]).toEqual([255, 255, 255, 127, 0, 0, 0, 0]);
  });

  // TestComputeHash: a different collisionCount gives a different hash.
  it.each([
    { name: "simple", collisionCount: 1, other: 2 },
    { name: "using math.MaxInt32", collisionCount: undefined, other: 2_147_483_647 },
  ])("TestComputeHash: $name", ({ collisionCount, other }) => {
    expect(computeHash({}, collisionCount)).not.toBe(computeHash({}, other));
  });

  it("is the FNV of the canonical text, then of the collision bytes, in SafeEncodeString form", () => {
    const t = podTemplate("nginx");
    const h = fnv1a32(bytes(canonicalTemplateText(t)));
    expect(computeHash(t)).toBe(safeEncodeString(String(h)));
    expect(computeHash(t, 3)).toBe(safeEncodeString(String(fnv1a32(collisionCountBytes(3), h))));
    expect(computeHash(t, 0)).not.toBe(computeHash(t));
  });

  it("ignores key order and empty values, so semantically equal templates hash alike", () => {
    const a = {
      metadata: { labels: { a: "1", b: "2" } },
      spec: { containers: [{ name: "c", image: "i" }] },
    };
    const b = {
      spec: { containers: [{ image: "i", name: "c" }], volumes: [] },
      metadata: { annotations: {}, labels: { b: "2", a: "1" } },
    };
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).not.toBe(
      computeHash({ ...a, metadata: { labels: { a: "1", b: "3" } } }),
    );
  });

  // TestPodTemplateSpecHashFnv (deployment/util/hash_test.go): 1000 image versions, no collision.
  it("gives 1000 template versions 1000 different hashes", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const t = podTemplate(`registry/test/cats:v0.${i}.0`, "cats");
      seen.add(computeHash({ ...t, metadata: { labels: { app: "cats" } } }));
    }
    expect(seen.size).toBe(1000);
  });

  it("always has the shape of a real pod-template-hash: 1-10 of 4-9, b, c, d, f; a uint32 in disguise", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
        fc.option(fc.nat({ max: 2_147_483_647 }), { nil: undefined }),
        (labels, collisionCount) => {
          const hash = computeHash({ metadata: { labels } }, collisionCount);
          expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
          const decimal = [...hash].map((c) => "456789bcdf".indexOf(c)).join("");
          expect(Number(decimal)).toBeLessThanOrEqual(0xffffffff);
          expect(computeHash({ metadata: { labels } }, collisionCount)).toBe(hash);
        },
      ),
      { numRuns: 200 },
    );
  });
});
