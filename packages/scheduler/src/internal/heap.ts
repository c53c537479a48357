/**
 * A binary heap whose items are also addressable by key. Mirrors
 * kubernetes/kubernetes pkg/scheduler/backend/heap (`Heap`: `AddOrUpdate`,
 * `Delete`, `Get`, `Peek`, `Pop`), the structure behind activeQ and backoffQ.
 *
 * Guarantees: `pop` returns an item no other item is `less` than; every
 * operation is O(log n) except `list` (O(n log n), sorted by `less`, so
 * callers see a deterministic order). `less` must be a strict total order for
 * pops to be deterministic (callers end it with a unique sequence number).
 */
interface Entry<T> {
  readonly key: string;
  item: T;
}

export class KeyedHeap<T> {
  // Each item is stored with its key, computed once, so that moving it costs no key computation.
  readonly #entries: Entry<T>[] = [];
  readonly #index = new Map<string, number>();
  readonly #key: (item: T) => string;
  readonly #less: (a: T, b: T) => boolean;

  constructor(key: (item: T) => string, less: (a: T, b: T) => boolean) {
    this.#key = key;
    this.#less = less;
  }

  get size(): number {
    return this.#entries.length;
  }

  has(key: string): boolean {
    return this.#index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.#index.get(key);
    return i === undefined ? undefined : this.#entries[i]?.item;
  }

  peek(): T | undefined {
    return this.#entries[0]?.item;
  }

  /** Inserts the item, or replaces the one with the same key and restores the order. */
  addOrUpdate(item: T): void {
    const key = this.#key(item);
    const i = this.#index.get(key);
    if (i !== undefined) {
      this.#entries[i]!.item = item;
      this.#fix(i);
      return;
    }
    this.#entries.push({ key, item });
    this.#index.set(key, this.#entries.length - 1);
    this.#up(this.#entries.length - 1);
  }

  /** Removes the item with this key; false when absent. */
  delete(key: string): boolean {
    const i = this.#index.get(key);
    if (i === undefined) return false;
    this.#removeAt(i);
    return true;
  }

  pop(): T | undefined {
    if (this.#entries.length === 0) return undefined;
    const top = this.#entries[0]!.item;
    this.#removeAt(0);
    return top;
  }

  /** Every item, in `less` order. */
  list(): T[] {
    return this.#entries
      .map((e) => e.item)
      .sort((a, b) => (this.#less(a, b) ? -1 : this.#less(b, a) ? 1 : 0));
  }

  #removeAt(i: number): void {
    const a = this.#entries;
    this.#index.delete(a[i]!.key);
    const last = a.pop()!;
    if (i < a.length) {
      a[i] = last;
      this.#index.set(last.key, i);
      this.#fix(i);
    }
  }

  #fix(i: number): void {
    if (!this.#down(i)) this.#up(i);
  }

  #up(j0: number): void {
    const a = this.#entries;
    const moving = a[j0]!;
    let j = j0;
    while (j > 0) {
      const p = (j - 1) >> 1;
      const parent = a[p]!;
      if (!this.#less(moving.item, parent.item)) break;
      a[j] = parent;
      this.#index.set(parent.key, j);
      j = p;
    }
    if (j !== j0) {
      a[j] = moving;
      this.#index.set(moving.key, j);
    }
  }

  /** Sifts down; true when the item moved. */
  #down(i0: number): boolean {
    const a = this.#entries;
    const moving = a[i0]!;
    let i = i0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      let m = l;
      const r = l + 1;
      if (r < a.length && this.#less(a[r]!.item, a[l]!.item)) m = r;
      const child = a[m]!;
      if (!this.#less(child.item, moving.item)) break;
      a[i] = child;
      this.#index.set(child.key, i);
      i = m;
    }
    if (i === i0) return false;
    a[i] = moving;
    this.#index.set(moving.key, i);
    return true;
  }
}
