/**
 * The zone tainter's queue and token bucket (rate_limited_queue_test.go's
 * guarantees, on explicit virtual time).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RateLimitedTimedQueue, TokenBucket } from "./rate-limited-queue.js";

describe("TokenBucket", () => {
  it("starts full (burst 1), then one token per 1/qps", () => {
    const b = new TokenBucket(0.1, 1);
    expect(b.tryAccept(0)).toBe(true);
    expect(b.tryAccept(0)).toBe(false);
    expect(b.tryAccept(9_999)).toBe(false);
    expect(b.nextTokenAt(9_999)).toBe(10_000);
    expect(b.tryAccept(10_000)).toBe(true);
  });
  it("qps 0 never accepts", () => {
    const b = new TokenBucket(0, 1);
    expect(b.tryAccept(0)).toBe(false);
    expect(b.nextTokenAt(0)).toBeUndefined();
  });
  it("property: at most burst + t*qps accepts in [0, t]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 60 }),
        fc.constantFrom(0.1, 0.5, 1, 2),
        (times, qps) => {
          const b = new TokenBucket(qps, 1);
          const sorted = [...times].sort((x, y) => x - y);
          let n = 0;
          for (const t of sorted) if (b.tryAccept(t)) n++;
          const last = sorted.at(-1) ?? 0;
          expect(n).toBeLessThanOrEqual(1 + Math.floor((last * qps) / 1000) + 1e-9);
        },
      ),
    );
  });
});

describe("RateLimitedTimedQueue", () => {
  it("one entry per name; a processed name stays known until removed", () => {
    const q = new RateLimitedTimedQueue(1, 1);
    expect(q.add("a", "u", 0)).toBe(true);
    expect(q.add("a", "u", 0)).toBe(false);
    const seen: string[] = [];
    q.tryProcess(0, (v) => {
      seen.push(v.value);
      return { ok: true };
    });
    expect(seen).toEqual(["a"]);
    expect(q.length).toBe(0);
    expect(q.add("a", "u", 1)).toBe(false);
    expect(q.remove("a")).toBe(true);
    expect(q.add("a", "u", 1)).toBe(true);
  });

  it("takes one entry per token; a refused one waits wait + 1 ms", () => {
    const q = new RateLimitedTimedQueue(1, 1);
    q.add("a", "", 0);
    q.add("b", "", 0);
    const seen: string[] = [];
    const fn = (v: { value: string }) => {
      seen.push(v.value);
      return v.value === "a" && seen.length === 1
        ? { ok: false as const, wait: 50 }
        : { ok: true as const };
    };
    q.tryProcess(0, fn);
    expect(seen).toEqual(["a"]);
    expect(q.values()).toEqual(["b", "a"]);
    q.tryProcess(1000, fn);
    expect(seen).toEqual(["a", "b"]);
    q.tryProcess(2000, fn);
    expect(seen).toEqual(["a", "b", "a"]);
    expect(q.length).toBe(0);
  });

  it("swapLimiter installs a full bucket at the new rate; the same rate changes nothing", () => {
    const q = new RateLimitedTimedQueue(0.1, 1);
    q.add("a", "", 0);
    q.add("b", "", 0);
    const ok = () => ({ ok: true as const });
    q.tryProcess(0, ok);
    expect(q.values()).toEqual(["b"]);
    q.swapLimiter(0.1, 1);
    q.tryProcess(1, ok);
    expect(q.values()).toEqual(["b"]);
    q.swapLimiter(0, 1);
    expect(q.nextAttemptAt(20_000)).toBeUndefined();
    q.swapLimiter(0.5, 1);
    q.tryProcess(2, ok);
    expect(q.values()).toEqual([]);
  });
});
