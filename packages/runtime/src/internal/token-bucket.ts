/**
 * A token bucket on virtual time. Mirrors golang.org/x/time/rate `Limiter`
 * (reserve and allow), which client-go uses twice: the workqueue's
 * `BucketRateLimiter` (util/workqueue/default_rate_limiters.go) and the event
 * recorder's spam filter (util/flowcontrol `TokenBucketPassiveRateLimiter`).
 *
 * The bucket starts full (`burst` tokens) and refills at `qps` tokens per
 * second up to `burst`. `reserve` always takes a token, going into debt when
 * the bucket is empty, and says how long the caller must wait for that debt to
 * be repaid; `tryAccept` only takes a token when one is there.
 *
 *   10 qps, burst 100: the first 100 reservations at t=0 wait 0 ms; the 101st
 *   waits 100 ms, the 102nd 200 ms (each token takes 1000/10 ms to refill).
 */
import type { Millis } from "@kubesim/sim";

export class TokenBucket {
  private tokens: number;
  private last: Millis | undefined;

  constructor(
    /** Refill rate in tokens per second. */
    readonly qps: number,
    /** Capacity, and the starting fill. */
    readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Tokens available at `now` (negative while in debt). */
  available(now: Millis): number {
    if (this.last === undefined) return this.tokens;
    const elapsed = Math.max(0, now - this.last);
    return Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
  }

  /** rate.Limiter.Reserve().Delay(): takes a token now; returns the wait in ms (0 when one was there). */
  reserve(now: Millis): Millis {
    const tokens = this.available(now) - 1;
    this.tokens = tokens;
    this.last = now;
    if (tokens >= 0) return 0;
    // ceil: virtual time is whole milliseconds, and waiting a fraction less would be too early
    return Math.ceil((-tokens * 1000) / this.qps);
  }

  /** rate.Limiter.Allow(): takes a token only if one is available. */
  tryAccept(now: Millis): boolean {
    if (this.qps <= 0) return false; // fakeNeverRateLimiter: a bucket that never fills
    const tokens = this.available(now);
    this.last = now;
    if (tokens >= 1) {
      this.tokens = tokens - 1;
      return true;
    }
    this.tokens = tokens;
    return false;
  }

  /** When the next token will be there (`now` if one is); undefined for a bucket that never fills. */
  nextTokenAt(now: Millis): Millis | undefined {
    if (this.qps <= 0) return undefined;
    const tokens = this.available(now);
    if (tokens >= 1) return now;
    return now + Math.ceil(((1 - tokens) * 1000) / this.qps);
  }
}
