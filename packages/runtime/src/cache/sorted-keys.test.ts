import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SortedKeys, byKey } from "./sorted-keys.js";

describe("SortedKeys", () => {
  it("hands out its members in key order, re-sorting only what changed", () => {
    const s = new SortedKeys();
    s.add("b");
    s.add("a");
    s.add("c");
    const first = s.ordered();
    expect(first).toEqual(["a", "b", "c"]);
    // no change: the same array
    expect(s.ordered()).toBe(first);
    s.delete("a");
    s.add("ab");
    expect(s.ordered()).toEqual(["ab", "b", "c"]);
    // an array once handed out never changes
    expect(first).toEqual(["a", "b", "c"]);
  });

  it("a key removed and added again appears once", () => {
    const s = new SortedKeys();
    s.add("x");
    s.add("y");
    expect(s.ordered()).toEqual(["x", "y"]);
    s.delete("x");
    s.add("x");
    expect(s.ordered()).toEqual(["x", "y"]);
    expect(s.size).toBe(2);
    expect(s.has("x")).toBe(true);
    expect(s.delete("z")).toBe(false);
  });

  it("first(n) skips the removed front keys without rebuilding the order", () => {
    const s = new SortedKeys();
    for (const k of ["d", "a", "c", "b"]) s.add(k);
    const order = s.ordered();
    s.delete("a");
    s.delete("b");
    expect(s.first(1)).toEqual(["c"]);
    expect(s.first(5)).toEqual(["c", "d"]);
    // no rebuild happened: the last order handed out is still the cached one
    expect((s as unknown as { sorted: readonly string[] }).sorted).toBe(order);
    s.add("a");
    expect(s.first(2)).toEqual(["a", "c"]);
  });

  it("a set never read while keys come and go stays correct (and bounded)", () => {
    const s = new SortedKeys();
    for (let i = 0; i < 5000; i++) {
      s.add(`k${i}`);
      if (i >= 3) s.delete(`k${i - 3}`);
    }
    // 5,000 additions, yet the pending list stays near the set's size
    expect((s as unknown as { added: string[] }).added.length).toBeLessThanOrEqual(2 * 3 + 1024);
    expect(s.ordered()).toEqual(["k4997", "k4998", "k4999"]);
  });

  it("orders like a byte-wise sort (property)", () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant("add" as const), key: fc.string({ maxLength: 3 }) }),
      fc.record({ op: fc.constant("delete" as const), key: fc.string({ maxLength: 3 }) }),
      fc.record({ op: fc.constant("read" as const), key: fc.constant("") }),
      fc.record({ op: fc.constant("first" as const), key: fc.constantFrom("0", "1", "2", "5") }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new SortedKeys();
        const model = new Set<string>();
        const handedOut: Array<{ arr: readonly string[]; copy: string[] }> = [];
        for (const o of ops) {
          if (o.op === "add") {
            s.add(o.key);
            model.add(o.key);
          } else if (o.op === "delete") {
            expect(s.delete(o.key)).toBe(model.delete(o.key));
          } else if (o.op === "first") {
            const n = Number(o.key);
            expect(s.first(n)).toEqual([...model].sort(byKey).slice(0, n));
          } else {
            const arr = s.ordered();
            handedOut.push({ arr, copy: [...arr] });
            expect(arr).toEqual([...model].sort(byKey));
          }
          expect(s.size).toBe(model.size);
        }
        expect(s.ordered()).toEqual([...model].sort(byKey));
        for (const h of handedOut) expect(h.arr).toEqual(h.copy);
      }),
      { numRuns: 200 },
    );
  });
});
