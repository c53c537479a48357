/**
 * A delaying work queue that retries with a rate limiter. Mirrors client-go
 * util/workqueue/rate_limiting_queue.go.
 *
 * `addRateLimited(item)` is `addAfter(item, limiter.when(item))`: each call
 * counts as one more failure of the item, so the wait grows (5 ms, 10 ms,
 * 20 ms, ... with the default limiter) until `forget(item)` resets it. The
 * controller calls `forget` when a reconcile succeeds, as client-go's
 * examples/workqueue does in `handleErr`.
 */
import type { Loop } from "@kubesim/sim";
import { DelayingWorkQueue, type DelayingQueue } from "./delaying-queue.js";
import { defaultControllerRateLimiter, type RateLimiter } from "./rate-limiters.js";

/** client-go workqueue.TypedRateLimitingInterface. */
export interface RateLimitingQueue<T> extends DelayingQueue<T> {
  /** Adds `item` after the rate limiter says it is ok. */
  addRateLimited(item: T): void;
  /** Resets the item's failure count; it does not remove the item from the queue. */
  forget(item: T): void;
  /** How many times the item was requeued through `addRateLimited`. */
  numRequeues(item: T): number;
}

export interface RateLimitingQueueOptions<T> {
  /** Default: defaultControllerRateLimiter(). */
  readonly rateLimiter?: RateLimiter<T>;
}

export class RateLimitingWorkQueue<T = string>
  extends DelayingWorkQueue<T>
  implements RateLimitingQueue<T>
{
  readonly rateLimiter: RateLimiter<T>;

  constructor(loop: Loop, options: RateLimitingQueueOptions<T> = {}) {
    super(loop);
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<T>();
  }

  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item, this.loop.now()));
  }

  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
