/**
 * Rate limiters for retries. Mirrors client-go
 * util/workqueue/default_rate_limiters.go, on virtual time (milliseconds).
 *
 * A `RateLimiter` answers "how long should this item wait before its next
 * try?" (`when`), counts the tries (`numRequeues`), and forgets an item once
 * it succeeds (`forget`). `when` is stateful: every call counts as a failure.
 *
 *   const rl = defaultControllerRateLimiter();
 *   rl.when("default/web", now)  //    5 ms  (first failure)
 *   rl.when("default/web", now)  //   10 ms
 *   rl.when("default/web", now)  //   20 ms, then 40, 80, ... capped at 1000 s
 *   rl.forget("default/web")     //   the next failure waits 5 ms again
 *
 * The default controller limiter is the larger of that per-item exponential
 * back-off and an overall token bucket (10 qps, burst 100) shared by all
 * items, so that a storm of failures cannot retry faster than 10 per second
 * once the first 100 have gone.
 */
import type { Millis } from "@kubesim/sim";
import { TokenBucket } from "../internal/token-bucket.js";

/** client-go workqueue.TypedRateLimiter, with the clock passed in. */
export interface RateLimiter<T = string> {
  /** How long `item` should wait before it is added again; counts as one failure. */
  when(item: T, now: Millis): Millis;
  /** Stop tracking `item` (it succeeded, or we gave up on it). */
  forget(item: T): void;
  /** How many times `item` has been requeued through this limiter. */
  numRequeues(item: T): number;
}

/**
 * Per-item exponential back-off: `base * 2^failures`, capped at `max`
 * (client-go ItemExponentialFailureRateLimiter).
 *   base 5 ms, max 1000 s: 5, 10, 20, 40, ... ms; the 19th failure waits
 *   5 * 2^18 = 1310.72 s, over the cap, so 1000 s.
 */
export class ItemExponentialFailureRateLimiter<T = string> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    readonly baseDelay: Millis,
    readonly maxDelay: Millis,
  ) {}

  when(item: T): Millis {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelay * 2 ** exp;
    // 2^exp overflows to Infinity for large exp; the cap covers that too
    return !Number.isFinite(backoff) || backoff > this.maxDelay ? this.maxDelay : backoff;
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }
}

/**
 * `fastDelay` for the first `maxFastAttempts` failures of an item, then
 * `slowDelay` (client-go ItemFastSlowRateLimiter).
 */
export class ItemFastSlowRateLimiter<T = string> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    readonly fastDelay: Millis,
    readonly slowDelay: Millis,
    readonly maxFastAttempts: number,
  ) {}

  when(item: T): Millis {
    const n = (this.failures.get(item) ?? 0) + 1;
    this.failures.set(item, n);
    return n <= this.maxFastAttempts ? this.fastDelay : this.slowDelay;
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }
}

/**
 * One token bucket shared by all items (client-go BucketRateLimiter over
 * rate.Limiter). It does not track items: `numRequeues` is always 0.
 */
export class BucketRateLimiter<T = string> implements RateLimiter<T> {
  private readonly bucket: TokenBucket;

  constructor(qps: number, burst: number) {
    this.bucket = new TokenBucket(qps, burst);
  }

  when(_item: T, now: Millis): Millis {
    return this.bucket.reserve(now);
  }

  numRequeues(_item: T): number {
    return 0;
  }

  forget(_item: T): void {}
}

/** The worst (longest) answer of several limiters (client-go MaxOfRateLimiter). */
export class MaxOfRateLimiter<T = string> implements RateLimiter<T> {
  readonly limiters: readonly RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T, now: Millis): Millis {
    let ret = 0;
    for (const l of this.limiters) ret = Math.max(ret, l.when(item, now));
    return ret;
  }

  numRequeues(item: T): number {
    let ret = 0;
    for (const l of this.limiters) ret = Math.max(ret, l.numRequeues(item));
    return ret;
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }
}

/**
 * client-go DefaultControllerRateLimiter (the typed default used by
 * kube-controller-manager and controller-runtime): per-item exponential
 * 5 ms .. 1000 s, combined (max) with an overall bucket of 10 qps, burst 100.
 */
export function defaultControllerRateLimiter<T = string>(): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialFailureRateLimiter<T>(5, 1000_000),
    new BucketRateLimiter<T>(10, 100),
  );
}

/** client-go DefaultItemBasedRateLimiter: per-item exponential 1 ms .. 1000 s. */
export function defaultItemBasedRateLimiter<T = string>(): RateLimiter<T> {
  return new ItemExponentialFailureRateLimiter<T>(1, 1000_000);
}
