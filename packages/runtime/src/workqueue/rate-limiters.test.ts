import { Loop } from "@kubesim/sim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from "./rate-limiters.js";
import { RateLimitingWorkQueue } from "./rate-limiting-queue.js";

const T0 = 1_704_067_200_000;

describe("rate limiters (client-go default_rate_limiters_test.go)", () => {
  it("TestItemExponentialFailureRateLimiter: 1ms base, 1s cap", () => {
    const l = new ItemExponentialFailureRateLimiter(1, 1000);
    expect([1, 2, 3, 4, 5].map(() => l.when("one"))).toEqual([1, 2, 4, 8, 16]);
    expect(l.numRequeues("one")).toBe(5);
    expect([l.when("two"), l.when("two")]).toEqual([1, 2]);
    expect(l.numRequeues("two")).toBe(2);
    l.forget("one");
    expect(l.numRequeues("one")).toBe(0);
    expect(l.when("one")).toBe(1);
  });

  it("TestItemExponentialFailureRateLimiterOverFlow: the cap holds for huge exponents", () => {
    const l = new ItemExponentialFailureRateLimiter(1, 1000_000);
    for (let i = 0; i < 5; i++) l.when("one");
    expect(l.when("one")).toBe(32);
    for (let i = 0; i < 1000; i++) l.when("overflow1");
    expect(l.when("overflow1")).toBe(1000_000);
  });

  it("TestItemFastSlowRateLimiter", () => {
    const l = new ItemFastSlowRateLimiter(5, 10_000, 3);
    expect([1, 2, 3, 4, 5].map(() => l.when("one"))).toEqual([5, 5, 5, 10_000, 10_000]);
    expect(l.numRequeues("one")).toBe(5);
    l.forget("one");
    expect(l.when("one")).toBe(5);
  });

  it("TestMaxOfRateLimiter: the longest answer wins; forget resets all", () => {
    const l = new MaxOfRateLimiter(
      new ItemFastSlowRateLimiter(5, 3000, 3),
      new ItemExponentialFailureRateLimiter(1, 1000),
    );
    expect([1, 2, 3, 4, 5].map(() => l.when("one", T0))).toEqual([5, 5, 5, 3000, 3000]);
    expect(l.numRequeues("one")).toBe(5);
    l.forget("one");
    expect(l.numRequeues("one")).toBe(0);
  });

  it("bucket: burst at once, then 1000/qps ms per token, refilling over time", () => {
    const l = new BucketRateLimiter(10, 100);
    for (let i = 0; i < 100; i++) expect(l.when(`k${i}`, T0)).toBe(0);
    expect(l.when("x", T0)).toBe(100);
    expect(l.when("y", T0)).toBe(200);
    expect(l.numRequeues("x")).toBe(0);
    // 1 s later 10 tokens have come back, but 2 were owed: 8 free, then waits again
    for (let i = 0; i < 8; i++) expect(l.when(`z${i}`, T0 + 1000)).toBe(0);
    expect(l.when("w", T0 + 1000)).toBe(100);
  });

  it("default controller limiter: per-item 5ms*2^n up to 1000s, max with the bucket", () => {
    const l = defaultControllerRateLimiter();
    expect([1, 2, 3, 4].map(() => l.when("a", T0))).toEqual([5, 10, 20, 40]);
    for (let i = 0; i < 30; i++) l.when("a", T0);
    expect(l.when("a", T0 + 10_000_000)).toBe(1000_000);
    // after 100 requeues at one instant the bucket dominates for a fresh item
    const m = defaultControllerRateLimiter();
    for (let i = 0; i < 100; i++) m.when(`k${i}`, T0);
    expect(m.when("fresh", T0)).toBe(100);
  });

  it("property: the nth failure waits min(base * 2^(n-1), max)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 40 }),
        (base, max, n) => {
          const l = new ItemExponentialFailureRateLimiter(base, max);
          let last = 0;
          for (let i = 1; i <= n; i++) last = l.when("k");
          expect(last).toBe(Math.min(base * 2 ** (n - 1), max));
          expect(l.numRequeues("k")).toBe(n);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("RateLimitingWorkQueue", () => {
  it("addRateLimited backs off per item on the sim clock; forget resets", () => {
    const loop = new Loop();
    const q = new RateLimitingWorkQueue(loop);
    const seen: number[] = [];
    q.onReady(() => seen.push(loop.now() - T0));
    q.addRateLimited("a"); // 5 ms
    loop.advance(5);
    q.done(q.get()!);
    q.addRateLimited("a"); // 10 ms
    loop.advance(10);
    q.done(q.get()!);
    q.addRateLimited("a"); // 20 ms
    loop.advance(20);
    q.done(q.get()!);
    expect(seen).toEqual([5, 15, 35]);
    expect(q.numRequeues("a")).toBe(3);
    q.forget("a");
    expect(q.numRequeues("a")).toBe(0);
    q.addRateLimited("a");
    loop.advance(5);
    expect(seen).toEqual([5, 15, 35, 40]);
  });
});
