/**
 * Workers over a rate-limited work queue of graph nodes, on the sim loop.
 * Mirrors the worker loops of kubernetes/kubernetes
 * pkg/controller/garbagecollector/garbagecollector.go
 * (`runAttemptToDeleteWorker` / `processAttemptToDeleteWorker`,
 * `runAttemptToOrphanWorker` / `processAttemptToOrphanWorker`):
 * take an item, process it, then `forget` it or `addRateLimited` it again.
 *
 * Each worker is a loop task that processes one item and reschedules itself
 * while items are ready; at most `workers` tasks are pending at once (the
 * loop runs one task at a time, so an item is never processed twice at
 * once). Nothing runs before `ready()` holds (the caches have synced).
 */
import type { RateLimitingWorkQueue } from "@kubesim/runtime";
import type { Loop } from "@kubesim/sim";

/** workQueueItemAction. */
export type WorkQueueItemAction = "forget" | "requeue";

export class QueueWorkers<T> {
  private pending = 0;
  private stopped = false;

  constructor(
    private readonly loop: Loop,
    private readonly queue: RateLimitingWorkQueue<T>,
    private readonly workers: number,
    private readonly process: (item: T) => WorkQueueItemAction,
    private readonly ready: () => boolean,
    private readonly label: string,
  ) {
    queue.onReady(() => this.kick());
  }

  stop(): void {
    this.stopped = true;
  }

  /** Schedules worker tasks for ready items. */
  kick(): void {
    if (this.stopped || !this.ready()) return;
    while (this.pending < this.workers && this.pending < this.queue.len()) {
      this.pending++;
      this.loop.after(0, () => this.work(), this.label);
    }
  }

  private work(): void {
    this.pending--;
    if (this.stopped || !this.ready()) return;
    const item = this.queue.get();
    if (item === undefined) return;
    try {
      if (this.process(item) === "forget") this.queue.forget(item);
      else this.queue.addRateLimited(item);
    } finally {
      this.queue.done(item);
    }
    this.kick();
  }
}
