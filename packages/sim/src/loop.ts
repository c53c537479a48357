/**
 * The sim event loop: one queue of tasks ordered by (virtual time, sequence
 * number), kept as a heap of later tasks beside a plain FIFO of the tasks
 * scheduled for the current instant (most are: watch deliveries, queue
 * hand-offs), which then cost O(1) instead of a heap's O(log n). Nothing runs
 * concurrently; a task runs to completion, then the next.
 * Time jumps straight to the next task, so hours of virtual time cost only the
 * work done in them.
 *
 *   const loop = new Loop();
 *   loop.after("5s", () => log.push(loop.now()));
 *   loop.advance("10s");          // runs the task at epoch+5000, ends at epoch+10000
 */
import { DEFAULT_EPOCH, type Clock } from "./clock.js";
import { parseDuration, type Millis } from "./duration.js";
import { TaskFifo, TaskHeap, before } from "./internal/heap.js";

/** `atFirst` tasks order before every other task of their instant: their seq is offset by this. */
const FIRST_LANE = 2 ** 52;

/** A scheduled task; pass it to `cancel`. */
export interface TaskHandle {
  readonly time: Millis;
  readonly seq: number;
  readonly label: string;
}

interface Task extends TaskHandle {
  readonly run: () => void;
  cancelled: boolean;
  done: boolean;
}

/** Thrown when a task asks the loop to run tasks from inside a task. */
export class ReentrancyError extends Error {
  readonly code = "ReentrancyError" as const;
  constructor(what: string) {
    super(`sim loop: ${what} called from inside a running task`);
    this.name = "ReentrancyError";
  }
}

export interface LoopOptions {
  /** Virtual time at start; DEFAULT_EPOCH when omitted. */
  readonly epoch?: Millis;
}

export interface RunUntilOptions {
  /** How much virtual time may pass before giving up ("10m"). Default: 1h. */
  readonly timeout?: string | Millis;
}

export class Loop implements Clock {
  private time: Millis;
  private seq = 0;
  private live = 0;
  private ran = 0;
  private running = false;
  /** Tasks for later instants. */
  private readonly queue = new TaskHeap<Task>();
  /**
   * Tasks scheduled for the instant the clock showed when they were
   * scheduled, in (time, seq) order (see TaskFifo). Together with `queue`
   * this is one queue ordered by (time, seq): the next task is the earlier
   * of the two heads.
   */
  private readonly current = new TaskFifo<Task>();

  constructor(options: LoopOptions = {}) {
    this.time = options.epoch ?? DEFAULT_EPOCH;
  }

  now(): Millis {
    return this.time;
  }

  /** Tasks run since the loop was made (a measure of work, for benchmarks). */
  get tasksRun(): number {
    return this.ran;
  }

  /** The number of the task running now (its `tasksRun`), or undefined between tasks. */
  get currentTask(): number | undefined {
    return this.running ? this.ran : undefined;
  }

  /** Number of scheduled, uncancelled tasks. */
  get pending(): number {
    return this.live;
  }

  /** Schedules `run` at absolute virtual time `t` (clamped to now: the past is gone). */
  at(t: Millis, run: () => void, label = ""): TaskHandle {
    const task: Task = {
      time: Math.max(t, this.time),
      seq: this.seq++,
      label,
      run,
      cancelled: false,
      done: false,
    };
    const tail = this.current.tail();
    if (task.time === this.time && (tail === undefined || tail.time === task.time))
      this.current.push(task);
    else this.queue.push(task);
    this.live++;
    return task;
  }

  /**
   * Schedules `run` at `t`, ahead of every task scheduled with `at`/`after`
   * for the same instant (among themselves, in the order scheduled). For a
   * component's own periodic ticks (the kubelet's probe workers), so that
   * what runs at one instant does not depend on when other tasks for that
   * instant happened to be scheduled. With `rank` (from `reserveRank`, one
   * per ticking thing), first-lane tasks of one instant run in rank order,
   * whenever they were scheduled; without, in the order scheduled.
   */
  atFirst(t: Millis, run: () => void, label = "", rank?: number): TaskHandle {
    const task: Task = {
      time: Math.max(t, this.time),
      seq: (rank ?? this.seq++) - FIRST_LANE,
      label,
      run,
      cancelled: false,
      done: false,
    };
    // Never the now-queue: its seq is not the latest, so only the heap can order it.
    this.queue.push(task);
    this.live++;
    return task;
  }

  /** A rank for `atFirst`: unique, and increasing in the order reserved. */
  reserveRank(): number {
    return this.seq++;
  }

  /** Schedules `run` after a delay: `after("30s", f)` or `after(30_000, f)`. */
  after(delay: string | Millis, run: () => void, label = ""): TaskHandle {
    return this.at(this.time + Math.max(0, parseDuration(delay)), run, label);
  }

  /** Cancels a scheduled task; returns false when it already ran or was cancelled. */
  cancel(handle: TaskHandle): boolean {
    const task = handle as Task;
    if (task.cancelled || task.done) return false;
    task.cancelled = true;
    this.live--;
    return true;
  }

  /** Virtual time of the next task, or undefined when the queue is empty. */
  nextTime(): Millis | undefined {
    this.dropCancelled();
    return this.peek()?.time;
  }

  /** Runs the next task, moving time to it. Returns false when nothing is scheduled. */
  step(): boolean {
    if (this.running) throw new ReentrancyError("step");
    this.dropCancelled();
    const task = this.peek();
    if (task === undefined) return false;
    this.pop(task);
    this.runTask(task);
    return true;
  }

  /** Runs every task due within `d`, then leaves the clock at now + d. */
  advance(d: string | Millis): void {
    if (this.running) throw new ReentrancyError("advance");
    const end = this.time + Math.max(0, parseDuration(d));
    this.runThrough(end, () => false);
    this.time = end;
  }

  /** Runs every task due at the current instant, including those they schedule for now. */
  settle(): void {
    if (this.running) throw new ReentrancyError("settle");
    this.runThrough(this.time, () => false);
  }

  /**
   * Runs tasks until `predicate` holds (checked before the first task and after
   * each one) or `timeout` of virtual time passes. Returns whether it came true.
   * On timeout the clock is left at start + timeout.
   */
  runUntil(predicate: () => boolean, options: RunUntilOptions = {}): boolean {
    if (this.running) throw new ReentrancyError("runUntil");
    if (predicate()) return true;
    const end = this.time + parseDuration(options.timeout ?? "1h");
    if (this.runThrough(end, predicate)) return true;
    this.time = end;
    return false;
  }

  /** Runs tasks due at or before `end`; stops early (returning true) once `stop` holds. */
  private runThrough(end: Millis, stop: () => boolean): boolean {
    for (;;) {
      this.dropCancelled();
      const next = this.peek();
      if (next === undefined || next.time > end) return false;
      this.pop(next);
      this.runTask(next);
      if (stop()) return true;
    }
  }

  private runTask(task: Task): void {
    this.time = task.time;
    this.ran++;
    task.done = true;
    this.live--;
    this.running = true;
    try {
      task.run();
    } finally {
      this.running = false;
    }
  }

  /** The next task (cancelled ones included): the earlier head of the two queues. */
  private peek(): Task | undefined {
    const a = this.current.peek();
    const b = this.queue.peek();
    if (a === undefined) return b;
    return b !== undefined && before(b, a) ? b : a;
  }

  /** Removes `task`, which `peek()` just returned. */
  private pop(task: Task): void {
    if (task === this.current.peek()) this.current.shift();
    else this.queue.pop();
  }

  private dropCancelled(): void {
    for (let t = this.current.peek(); t !== undefined && t.cancelled; t = this.current.peek()) {
      this.current.shift();
    }
    for (let t = this.queue.peek(); t !== undefined && t.cancelled; t = this.queue.peek()) {
      this.queue.pop();
    }
  }
}
