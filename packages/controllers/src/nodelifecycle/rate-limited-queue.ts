/**
 * The per-zone NoExecute tainter's queue: kubernetes/kubernetes
 * pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go
 * (`UniqueQueue`, `RateLimitedTimedQueue`: `Add`, `Remove`, `Try`,
 * `SwapLimiter`) over client-go's flowcontrol token bucket
 * (golang.org/x/time/rate: starts full, refills at `qps`, holds `burst`).
 *
 * Guarantees:
 * - one entry per node name; after an entry was processed successfully its
 *   name stays "known", so `add` refuses it until `remove` forgets it
 *   (markNodeAsReachable, or markNodeForTainting when the taint is missing);
 * - `tryProcess` takes entries in processAt order (then insertion order),
 *   each only when the bucket has a token; a refused entry (`ok: false`) is
 *   put back with processAt = now + wait + 1 ns (here: + wait + 1 ms);
 * - `swapLimiter(qps)` installs a new, full bucket; qps <= 0 never accepts.
 *
 * Time is passed in (virtual milliseconds): the queue owns no timer.
 */
import { TokenBucket } from "@kubesim/runtime";
import type { Millis } from "@kubesim/sim";

/** flowcontrol.NewTokenBucketRateLimiter / fakeNeverRateLimiter (qps <= 0), on explicit time. */
export { TokenBucket };

/** scheduler.TimedValue. */
export interface TimedValue {
  readonly value: string;
  readonly uid: string;
  readonly addedAt: Millis;
  readonly processAt: Millis;
}

/** What the action decided: done (forget the entry) or retry after `wait`. */
export type TryResult = { readonly ok: true } | { readonly ok: false; readonly wait: Millis };

export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  private readonly set = new Set<string>();
  private seq = 0;
  private readonly order = new Map<string, number>();
  private limiter: TokenBucket;

  constructor(qps: number, burst: number) {
    this.limiter = new TokenBucket(qps, burst);
  }

  get qps(): number {
    return this.limiter.qps;
  }

  /** Entries waiting to be processed. */
  get length(): number {
    return this.queue.length;
  }

  /** Names waiting, in processing order. */
  values(): string[] {
    return this.sorted().map((v) => v.value);
  }

  /** Add: queues `value` unless it is already known. Returns whether it was added. */
  add(value: string, uid: string, now: Millis): boolean {
    if (this.set.has(value)) return false;
    this.set.add(value);
    this.queue.push({ value, uid, addedAt: now, processAt: now });
    this.order.set(value, this.seq++);
    return true;
  }

  /** Remove: forgets `value` (it may be added again). Returns whether it was known. */
  remove(value: string): boolean {
    if (!this.set.has(value)) return false;
    this.set.delete(value);
    this.queue = this.queue.filter((v) => v.value !== value);
    return true;
  }

  /** Clear: forgets everything. */
  clear(): void {
    this.queue = [];
    this.set.clear();
  }

  /** SwapLimiter: a new full bucket at `qps` (no change when it is the same rate). */
  swapLimiter(qps: number, burst: number): void {
    if (this.limiter.qps === qps) return;
    this.limiter = new TokenBucket(qps, burst);
  }

  /** Try: processes due entries while the bucket allows. */
  tryProcess(now: Millis, fn: (v: TimedValue) => TryResult): void {
    for (let head = this.head(); head !== undefined; head = this.head()) {
      if (!this.limiter.tryAccept(now)) return;
      if (now < head.processAt) return;
      const r = fn(head);
      if (!r.ok) {
        this.replace({ ...head, processAt: now + r.wait + 1 });
      } else {
        // RemoveFromQueue: the name stays known.
        this.queue = this.queue.filter((v) => v.value !== head.value);
      }
    }
  }

  /**
   * The earliest time a `tryProcess` could change anything: when the bucket
   * next holds a token (a token is taken even when the head is not due yet,
   * as upstream's Try does); undefined when empty or when it never fills.
   */
  nextAttemptAt(now: Millis): Millis | undefined {
    if (this.queue.length === 0) return undefined;
    return this.limiter.nextTokenAt(now);
  }

  private replace(v: TimedValue): void {
    this.queue = this.queue.map((x) => (x.value === v.value ? v : x));
  }

  private head(): TimedValue | undefined {
    return this.sorted()[0];
  }

  private sorted(): TimedValue[] {
    return [...this.queue].sort(
      (a, b) =>
        a.processAt - b.processAt ||
        (this.order.get(a.value) ?? 0) - (this.order.get(b.value) ?? 0),
    );
  }
}
