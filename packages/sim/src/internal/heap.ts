/**
 * A binary min-heap of tasks ordered by (time, seq): the sim loop's queue of
 * future tasks. `seq` is unique and increasing, so the order is total and ties
 * at one instant run in the order they were scheduled.
 *
 * Sifting moves a hole rather than swapping pairs, so a push or pop writes
 * each level once and allocates nothing.
 */
export interface HeapTask {
  readonly time: number;
  readonly seq: number;
}

/** True when `a` runs before `b`. */
export const before = (a: HeapTask, b: HeapTask): boolean =>
  a.time < b.time || (a.time === b.time && a.seq < b.seq);

export class TaskHeap<T extends HeapTask> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(task: T): void {
    const a = this.items;
    let i = a.length;
    a.push(task);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p]!;
      if (!before(task, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = task;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    const n = a.length;
    if (n > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        let child = a[l]!;
        if (r < n && before(a[r]!, child)) {
          m = r;
          child = a[r]!;
        }
        if (!before(child, last)) break;
        a[i] = child;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * The tasks due at one instant, in the order they were scheduled: a plain
 * queue. Most tasks a simulation schedules are for "now" (watch deliveries,
 * workqueue hand-offs, zero delays), so the loop keeps them here at O(1)
 * each, beside the heap that holds the future.
 */
export class TaskFifo<T extends HeapTask> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  /** The last task queued (undefined when empty). */
  tail(): T | undefined {
    return this.size > 0 ? this.items[this.items.length - 1] : undefined;
  }

  push(task: T): void {
    this.items.push(task);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const task = this.items[this.head]!;
    this.items[this.head] = undefined as unknown as T; // let it be collected
    this.head++;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return task;
  }
}
