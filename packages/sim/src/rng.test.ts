import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "./rng.js";

const draws = (r: Rng, n = 20): number[] => Array.from({ length: n }, () => r.int(1000));

describe("Rng", () => {
  it("gives the same draws for the same seed", () => {
    expect(draws(new Rng(42))).toEqual(draws(new Rng(42)));
    expect(draws(new Rng("seed"))).toEqual(draws(new Rng("seed")));
    expect(draws(new Rng(42))).not.toEqual(draws(new Rng(43)));
  });

  it("child streams depend on the parent's seed and their name only", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draws(b, 100); // drawing from the parent does not move its children
    expect(draws(a.stream("scheduler"))).toEqual(draws(b.stream("scheduler")));
    expect(draws(a.stream("scheduler"))).not.toEqual(draws(a.stream("kubelet")));
    expect(a.stream("x").stream("y").path).toBe("root/x/y");
  });

  it("adding a stream does not change another stream's draws", () => {
    const r1 = new Rng(1);
    const s1 = draws(r1.stream("node-1"));
    const r2 = new Rng(1);
    draws(r2.stream("node-0"));
    expect(draws(r2.stream("node-1"))).toEqual(s1);
  });

  it("int stays in range and refuses a bad bound", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1_000_000 }), (seed, max) => {
        const v = new Rng(seed).int(max);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(max);
        expect(Number.isInteger(v)).toBe(true);
      }),
    );
    expect(() => new Rng(1).int(0)).toThrow(RangeError);
  });

  it("float is in [0, 1)", () => {
    const r = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });

  it("shuffle is a permutation; uuid has the v4 shape", () => {
    const r = new Rng(9);
    const items = Array.from({ length: 30 }, (_, i) => i);
    expect(r.shuffle(items).sort((a, b) => a - b)).toEqual(items);
    expect(r.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("int is roughly uniform", () => {
    const r = new Rng(11);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[r.int(4)]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});

describe("Rng.uuid", () => {
  /** The template literal uuid() used to be: the same draws, in the same order. */
  const uuidReference = (r: Rng): string => {
    const variant = "89ab"[r.int(4)]!;
    return `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${variant}${r.hex(3)}-${r.hex(12)}`;
  };

  it("property: the same UUIDs as the template formulation, from the same seed", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 5 }), (seed, n) => {
        const a = new Rng(seed);
        const b = new Rng(seed);
        for (let i = 0; i < n; i++) expect(a.uuid()).toBe(uuidReference(b));
        expect(a.int(1_000_000)).toBe(b.int(1_000_000)); // and the stream is left in the same place
      }),
    );
  });

  it("is shaped as a version-4 UUID", () => {
    expect(new Rng(3).uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
