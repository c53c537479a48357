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

  it("orders like a byte-wise sort (property)", () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant("add" as const), key: fc.string({ maxLength: 3 }) }),
      fc.record({ op: fc.constant("delete" as const), key: fc.string({ maxLength: 3 }) }),
      fc.record({ op: fc.constant("read" as const), key: fc.constant("") }),
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
