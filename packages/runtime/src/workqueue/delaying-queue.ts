/**
 * A work queue with delayed adds on the sim clock. Mirrors client-go
 * util/workqueue/delaying_queue.go.
 *
 * - `addAfter(item, d)` adds the item once `d` of virtual time has passed; a
 *   delay of 0 or less adds it at once.
 * - One pending entry per item, and the **earlier deadline wins**: an item
 *   waiting to be added at t+10s that is `addAfter`-ed again for t+1s is added
 *   at t+1s, while one for t+60s changes nothing (delaying_queue.go `insert`).
 * - A delayed item is added with `add`, so the queue's guarantees (stingy, one
 *   worker per item, re-add while processing) hold for it too. As upstream, a
 *   plain `add` does not cancel a pending delayed add of the same item.
 * - `shutDown()` drops every pending delayed add.
 */
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import { WorkQueue, type Queue } from "./queue.js";

/** client-go workqueue.TypedDelayingInterface. */
export interface DelayingQueue<T> extends Queue<T> {
  addAfter(item: T, delay: Millis): void;
}

interface Waiting {
  readonly readyAt: Millis;
  readonly handle: TaskHandle;
}

export class DelayingWorkQueue<T = string> extends WorkQueue<T> implements DelayingQueue<T> {
  protected readonly loop: Loop;
  private readonly waiting = new Map<T, Waiting>();

  constructor(loop: Loop) {
    super();
    this.loop = loop;
  }

  addAfter(item: T, delay: Millis): void {
    if (this.shuttingDown()) return;
    if (delay <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.loop.now() + delay;
    const existing = this.waiting.get(item);
    if (existing !== undefined) {
      if (existing.readyAt <= readyAt) return; // the earlier deadline wins
      this.loop.cancel(existing.handle);
    }
    const handle = this.loop.at(
      readyAt,
      () => {
        this.waiting.delete(item);
        this.add(item);
      },
      "workqueue.addAfter",
    );
    this.waiting.set(item, { readyAt, handle });
  }

  /** Items waiting for their delay to pass (for tests and introspection). */
  waitingLen(): number {
    return this.waiting.size;
  }

  override shutDown(): void {
    super.shutDown();
    for (const w of this.waiting.values()) this.loop.cancel(w.handle);
    this.waiting.clear();
  }
}
