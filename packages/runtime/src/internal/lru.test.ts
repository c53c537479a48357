import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Lru } from "./lru.js";

/** The plain model: every touch moves the key to the end of the Map. */
class ModelLru<K, V> {
  readonly map = new Map<K, V>();
  constructor(readonly maxEntries: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }
  add(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as K);
  }
}

describe("Lru (groupcache/lru)", () => {
  it("evicts the least recently used entry; a get counts as a use", () => {
    const lru = new Lru<string, number>(2);
    lru.add("a", 1);
    lru.add("b", 2);
    expect(lru.get("a")).toBe(1);
    lru.add("c", 3); // evicts b, the least recently used
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
    lru.add("c", 4); // the newest, updated in place
    lru.add("d", 5); // evicts a
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("c")).toBe(4);
    expect(lru.size).toBe(2);
  });

  it("behaves as the plain model on any sequence (property)", () => {
    const op = fc.record({
      add: fc.boolean(),
      key: fc.constantFrom("a", "b", "c", "d", "e"),
      value: fc.integer({ min: 0, max: 9 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(op, { maxLength: 50 }), (max, ops) => {
        const lru = new Lru<string, number>(max);
        const model = new ModelLru<string, number>(max);
        for (const o of ops) {
          if (o.add) {
            lru.add(o.key, o.value);
            model.add(o.key, o.value);
          } else {
            expect(lru.get(o.key)).toBe(model.get(o.key));
          }
          expect(lru.size).toBe(model.map.size);
        }
        // the same recency order: new keys push the old ones out in the same order
        for (let i = 0; i < max; i++) {
          lru.add(`new${i}`, -1);
          model.add(`new${i}`, -1);
          for (const k of ["a", "b", "c", "d", "e"]) expect(lru.get(k)).toBe(model.get(k));
        }
      }),
      { numRuns: 300 },
    );
  });
});
