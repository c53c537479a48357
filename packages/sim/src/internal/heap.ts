/**
 * A binary min-heap of tasks ordered by (time, seq): the sim loop's queue.
 * `seq` is unique and increasing, so the order is total and ties at one instant
 * run in the order they were scheduled.
 */
export interface HeapTask {
  readonly time: number;
  readonly seq: number;
}

const before = (a: HeapTask, b: HeapTask): boolean =>
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
    a.push(task);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
