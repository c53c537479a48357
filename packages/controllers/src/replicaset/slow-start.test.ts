import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BurstReplicas, slowStartBatch, slowStartBatchSizes } from "./slow-start.js";

describe("slowStartBatchSizes", () => {
  it.each([
    [0, []],
    [1, [1]],
    [3, [1, 2]],
    [10, [1, 2, 4, 3]],
    [500, [1, 2, 4, 8, 16, 32, 64, 128, 245]],
  ])("%i pods -> %j", (count, sizes) => expect(slowStartBatchSizes(count)).toEqual(sizes));
  it("honours a larger initial batch", () => {
    expect(slowStartBatchSizes(10, 3)).toEqual([3, 6, 1]);
  });
  it("has the burst limit of 500", () => expect(BurstReplicas).toBe(500));
});

describe("slowStartBatch", () => {
  it("finishes the failing batch, then stops (quota admits 5 of 10)", () => {
    const calls: number[] = [];
    const r = slowStartBatch(10, 1, (i) => {
      calls.push(i);
      return i >= 5 ? `exceeded quota (${i})` : undefined;
    });
    expect(r).toEqual({
      successes: 5,
      error: "exceeded quota (5)",
      callCount: 7,
      batches: [1, 2, 4],
    });
    expect(calls).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("successes + skipped = count, calls follow the batches (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 700 }),
        (count, limit) => {
          const r = slowStartBatch(count, 1, (i) => (i >= limit ? "boom" : undefined));
          const sizes = slowStartBatchSizes(count);
          expect(r.batches).toEqual(sizes.slice(0, r.batches.length));
          expect(r.callCount).toBe(r.batches.reduce((a, b) => a + b, 0));
          expect(r.successes).toBe(Math.min(count, limit, r.callCount));
          expect(r.error === undefined).toBe(limit >= count);
          // Once a batch fails, nothing after it is attempted.
          expect(r.callCount).toBeLessThanOrEqual(count);
        },
      ),
      { numRuns: 200 },
    );
  });
});
