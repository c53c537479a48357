/**
 * The work queue. Mirrors client-go util/workqueue (doc.go, queue.go), made
 * synchronous for the sim loop: `get()` does not block, it returns undefined
 * when nothing is ready.
 *
 * Guarantees (client-go doc.go), each checked by a fast-check property in
 * queue.test.ts:
 *
 * - **Fair.** Items are handed out in the order in which they were first
 *   added (FIFO). Adding an item that is already waiting does not move it.
 * - **Stingy.** An item added many times before it is processed is processed
 *   once: `add("a"); add("a"); get()` gives "a", and a second `get()` gives
 *   nothing.
 * - **One worker per item.** An item is never handed out while it is being
 *   processed (between `get()` and `done()`), so two workers never work on the
 *   same key at once.
 * - **Re-add while processing.** An item added while it is being processed is
 *   remembered (marked dirty) and queued again when `done()` is called, so a
 *   change that arrives mid-reconcile is never lost:
 *   `get() -> "a"; add("a"); get() -> undefined; done("a"); get() -> "a"`.
 * - **Shutdown.** After `shutDown()`, `add` is ignored; items already queued
 *   are still handed out (client-go drains them), then `get()` gives nothing.
 *
 * How: three collections, as in queue.go. `queue` holds the order; `dirty` is
 * every item that needs processing; `processing` is every item handed out and
 * not yet done. Invariant: every element of `queue` is in `dirty` and not in
 * `processing`.
 */

/** Called when an item becomes ready to hand out (the controller starts a worker). */
export type ReadyListener = () => void;

/** client-go workqueue.TypedInterface, without blocking. */
export interface Queue<T> {
  add(item: T): void;
  /** Items waiting to be handed out. For information only: never gate add/get on it (client-go). */
  len(): number;
  /** The next item, or undefined when none is ready. The caller must call `done(item)` afterwards. */
  get(): T | undefined;
  /** Marks an item processed; if it was re-added meanwhile it is queued again. */
  done(item: T): void;
  shutDown(): void;
  shuttingDown(): boolean;
  /** Registers a listener called whenever an item is queued; returns an unsubscribe function. */
  onReady(listener: ReadyListener): () => void;
}

export class WorkQueue<T = string> implements Queue<T> {
  // FIFO as an array with a moving head: O(1) amortised push and shift.
  private items: T[] = [];
  private head = 0;
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private shutdown = false;
  private readonly listeners: ReadyListener[] = [];

  add(item: T): void {
    if (this.shutdown) return;
    if (this.dirty.has(item)) return; // stingy: already waiting (or waiting to be re-queued)
    this.dirty.add(item);
    if (this.processing.has(item)) return; // one worker per item: queued again by done()
    this.push(item);
  }

  len(): number {
    return this.items.length - this.head;
  }

  get(): T | undefined {
    if (this.len() === 0) return undefined;
    const item = this.items[this.head] as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.processing.add(item);
    this.dirty.delete(item);
    return item;
  }

  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) this.push(item);
  }

  shutDown(): void {
    this.shutdown = true;
  }

  shuttingDown(): boolean {
    return this.shutdown;
  }

  /** True while `item` is handed out and not yet done. */
  isProcessing(item: T): boolean {
    return this.processing.has(item);
  }

  onReady(listener: ReadyListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private push(item: T): void {
    this.items.push(item);
    for (const l of this.listeners.slice()) l();
  }
}
