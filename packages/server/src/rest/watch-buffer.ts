/**
 * The bounded buffer of one watcher on its way to the socket, and the close
 * of a watcher that does not keep up. Mirrors kube-apiserver's cacheWatcher
 * (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go) and its
 * dispatcher (cacher.go dispatchEvent, time_budget.go):
 *
 * - `result`: events written to the response whose bytes have not yet been
 *   handed to the socket (their write callbacks have not run), at most
 *   `size` of them, as the watcher's result channel and the handler's write
 *   hold them in Kubernetes;
 * - `input`: events waiting for room in `result`. Up to `size` of them fit
 *   (the input channel, chanSize); an event that finds the input full is
 *   Kubernetes' blocking `add`, which waits for room for at most the
 *   dispatch timeout (time_budget.go's maxBudget, 100 ms). A watcher still
 *   blocked when the wait runs out is closed: "Forcing pods watcher close due
 *   to unresponsiveness", and the client (a reflector) watches again from
 *   the last resourceVersion it saw.
 *
 * kubesim's sim loop cannot stand still while a watcher drains, as
 * kube-apiserver's dispatcher does, so events that arrive while a watcher is
 * blocked are kept in `input` (the sim hands a whole catch-up burst over at
 * once), and the wait is judged on progress: it runs out only when not one
 * event of the watcher reached the socket during it. For the same reason the
 * wait is not drawn from a shared budget refilled at 50 ms a second (a
 * dispatcher that waits holds every watcher up; here it holds none).
 *
 * Wall time comes from the pacer's WallClock (the one clock the server may
 * read). The wait starts once the server is back in its event loop, so the
 * time it spends running the sim is not charged to the watcher, and it is
 * checked on several turns of the loop, so a server too busy to write
 * (a catch-up, a thousand other sockets) does not pass for a watcher that
 * does not read.
 */
import type { ServerResponse } from "node:http";

/** cacher's maxWatchChanSizeWithoutIndex: the channel size of a watch without an index. */
export const DEFAULT_WATCH_CHANNEL_SIZE = 100;
/** time_budget.go maxBudget: the longest a dispatcher waits for a blocked watcher. */
export const DEFAULT_WATCH_DISPATCH_TIMEOUT_MS = 100;
/** The checks a wait is made of (see `wait`). */
const WAIT_TICKS = 4;

/** The wall clock of the pacer (WallClock's now and setTimer). */
export interface WatchWallClock {
  now(): number;
  setTimer(ms: number, run: () => void): () => void;
}

export interface WatchBufferOptions {
  /** Events in each of `input` and `result` (chanSize). */
  readonly size: number;
  /** How long a blocked watcher may go without progress (wall ms). */
  readonly timeoutMs: number;
  readonly wall: WatchWallClock;
}

/** What the buffer held when it gave up on the watcher. */
export interface Unresponsive {
  /** len(c.input): events waiting. */
  readonly input: number;
  /** len(c.result): events written and not yet flushed. */
  readonly result: number;
  /** Bytes the response holds that the socket has not taken. */
  readonly unflushedBytes: number;
}

export class WatchBuffer {
  private readonly input: string[] = [];
  private head = 0;
  private inResult = 0;
  private progress = 0;
  private stopped = false;
  private finishing = false;
  private cancelWait: (() => void) | undefined;
  private readonly flushed = (): void => {
    this.inResult--;
    this.progress++;
    this.pump();
  };

  constructor(
    private readonly res: ServerResponse,
    private readonly options: WatchBufferOptions,
    private readonly onUnresponsive: (state: Unresponsive) => void,
  ) {}

  /** Events waiting for room (len(c.input)). */
  get queued(): number {
    return this.input.length - this.head;
  }

  /** Events written and not yet flushed to the socket (len(c.result)). */
  get unflushed(): number {
    return this.inResult;
  }

  /** Whether an event arriving now would find the input full. */
  get full(): boolean {
    return this.queued >= this.options.size;
  }

  /** Queues one line (a watch event); the dispatcher's `add`. */
  add(line: string): void {
    if (this.stopped || this.finishing) return;
    if (this.queued === 0 && this.inResult < this.options.size) {
      this.write(line);
      return;
    }
    this.input.push(line);
    if (this.queued > this.options.size) this.startWait();
  }

  /** Ends the response once everything queued has been written (after an ERROR event). */
  finish(): void {
    if (this.stopped) return;
    this.finishing = true;
    this.pump();
  }

  /** Drops what is queued and stops waiting; the caller ends the response. */
  stop(): void {
    this.stopped = true;
    this.input.length = 0;
    this.head = 0;
    this.cancelWait?.();
    this.cancelWait = undefined;
  }

  private write(line: string): void {
    this.inResult++;
    this.res.write(line, this.flushed);
  }

  private pump(): void {
    if (this.stopped || this.res.destroyed) return;
    while (this.inResult < this.options.size && this.head < this.input.length) {
      const line = this.input[this.head]!;
      this.input[this.head++] = "";
      this.write(line);
    }
    if (this.head === this.input.length) {
      this.input.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.input.length) {
      this.input.splice(0, this.head);
      this.head = 0;
    }
    if (this.queued <= this.options.size) {
      this.cancelWait?.();
      this.cancelWait = undefined;
    }
    if (this.finishing && this.queued === 0) {
      this.stopped = true;
      if (!this.res.writableEnded && !this.res.destroyed) this.res.end();
    }
  }

  /** The dispatcher starts waiting once it is back in its event loop (a 0 ms timer). */
  private startWait(): void {
    if (this.cancelWait !== undefined || this.stopped) return;
    this.cancelWait = this.options.wall.setTimer(0, () => this.wait(this.progress, 0));
  }

  /**
   * One of WAIT_TICKS checks a timeout apart: the wait runs out after
   * WAIT_TICKS checks in a row without progress. Each check runs on a later
   * turn of the event loop than the one before, so the watcher had that many
   * chances to read even when the server itself was slow to get round to it.
   */
  private wait(mark: number, ticks: number): void {
    this.cancelWait = undefined;
    if (this.stopped || this.queued <= this.options.size) return;
    if (this.progress !== mark) {
      mark = this.progress;
      ticks = 0;
    } else if (ticks >= WAIT_TICKS) {
      const state: Unresponsive = {
        input: this.queued,
        result: this.inResult,
        unflushedBytes: this.res.writableLength,
      };
      this.stop();
      this.onUnresponsive(state);
      return;
    }
    const tick = Math.max(1, Math.ceil(this.options.timeoutMs / WAIT_TICKS));
    this.cancelWait = this.options.wall.setTimer(tick, () => this.wait(mark, ticks + 1));
  }
}
