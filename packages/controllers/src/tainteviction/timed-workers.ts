/**
 * Evictions waiting for their time: kubernetes/kubernetes
 * pkg/controller/tainteviction/timed_workers.go (`TimedWorkerQueue`,
 * `createWorker`, `AddWork`, `CancelWork`, `GetWorkerUnsafe`), with timers
 * on the sim loop instead of time.AfterFunc.
 *
 * - `addWork` does nothing when the key has an entry (pending, or done);
 * - the timer is set for `fireAt - createdAt` from *now* (as upstream's
 *   createWorker); a delay <= 0 runs the work as the next loop task and keeps
 *   no worker (so nothing can cancel it);
 * - work that succeeded leaves its key behind (no second eviction of the same
 *   pod until the key is cancelled, e.g. when the pod is gone); work that
 *   failed frees its key;
 * - `cancelWork` stops a pending timer and frees the key; it returns true only
 *   when a pending timer was stopped.
 */
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";

export interface TimedWorker {
  readonly createdAt: Millis;
  readonly fireAt: Millis;
  readonly handle: TaskHandle;
}

/** The work: true when it succeeded. */
export type WorkFunc = (key: string, fireAt: Millis) => boolean;

export class TimedWorkerQueue {
  /** Per key: a pending worker, or null (running now, or done). */
  private readonly workers = new Map<string, TimedWorker | null>();

  constructor(
    private readonly loop: Loop,
    private readonly work: WorkFunc,
  ) {}

  addWork(key: string, createdAt: Millis, fireAt: Millis): void {
    if (this.workers.has(key)) return;
    const delay = fireAt - createdAt;
    const run = () => {
      const ok = this.work(key, fireAt);
      if (ok) this.workers.set(key, null);
      else this.workers.delete(key);
    };
    if (delay <= 0) {
      this.workers.set(key, null);
      this.loop.after(0, run, "taint-eviction.delete");
      return;
    }
    const handle = this.loop.after(
      delay,
      () => {
        // The timer fired: the entry is no longer cancellable.
        if (this.workers.get(key)?.handle !== handle) return;
        this.workers.set(key, null);
        run();
      },
      "taint-eviction.delete",
    );
    this.workers.set(key, { createdAt, fireAt, handle });
  }

  cancelWork(key: string): boolean {
    if (!this.workers.has(key)) return false;
    const w = this.workers.get(key);
    this.workers.delete(key);
    if (w === null || w === undefined) return false;
    this.loop.cancel(w.handle);
    return true;
  }

  /** GetWorkerUnsafe: the pending worker, if any. */
  getWorker(key: string): TimedWorker | undefined {
    return this.workers.get(key) ?? undefined;
  }

  /** Keys with an entry (pending or done), sorted: for tests. */
  keys(): string[] {
    return [...this.workers.keys()].sort();
  }
}
