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
export class KeyedHeap<T> {
  readonly #items: T[] = [];
  readonly #index = new Map<string, number>();
  readonly #key: (item: T) => string;
  readonly #less: (a: T, b: T) => boolean;

  constructor(key: (item: T) => string, less: (a: T, b: T) => boolean) {
    this.#key = key;
    this.#less = less;
  }

  get size(): number {
    return this.#items.length;
  }

  has(key: string): boolean {
    return this.#index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.#index.get(key);
    return i === undefined ? undefined : this.#items[i];
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  /** Inserts the item, or replaces the one with the same key and restores the order. */
  addOrUpdate(item: T): void {
    const key = this.#key(item);
    const i = this.#index.get(key);
    if (i !== undefined) {
      this.#items[i] = item;
      this.#fix(i);
      return;
    }
    this.#items.push(item);
    this.#index.set(key, this.#items.length - 1);
    this.#up(this.#items.length - 1);
  }

  /** Removes the item with this key; false when absent. */
  delete(key: string): boolean {
    const i = this.#index.get(key);
    if (i === undefined) return false;
    this.#removeAt(i);
    return true;
  }

  pop(): T | undefined {
    if (this.#items.length === 0) return undefined;
    const top = this.#items[0]!;
    this.#removeAt(0);
    return top;
  }

  /** Every item, in `less` order. */
  list(): T[] {
    return [...this.#items].sort((a, b) => (this.#less(a, b) ? -1 : this.#less(b, a) ? 1 : 0));
  }

  #removeAt(i: number): void {
    const a = this.#items;
    const removed = a[i]!;
    this.#index.delete(this.#key(removed));
    const last = a.pop()!;
    if (i < a.length) {
      a[i] = last;
      this.#index.set(this.#key(last), i);
      this.#fix(i);
    }
  }

  #fix(i: number): void {
    if (!this.#down(i)) this.#up(i);
  }

  #swap(i: number, j: number): void {
    const a = this.#items;
    [a[i], a[j]] = [a[j]!, a[i]!];
    this.#index.set(this.#key(a[i]!), i);
    this.#index.set(this.#key(a[j]!), j);
  }

  #up(j: number): void {
    const a = this.#items;
    while (j > 0) {
      const p = (j - 1) >> 1;
      if (!this.#less(a[j]!, a[p]!)) break;
      this.#swap(j, p);
      j = p;
    }
  }

  /** Sifts down; true when the item moved. */
  #down(i0: number): boolean {
    const a = this.#items;
    let i = i0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      let m = l;
      const r = l + 1;
      if (r < a.length && this.#less(a[r]!, a[l]!)) m = r;
      if (!this.#less(a[m]!, a[i]!)) break;
      this.#swap(i, m);
      i = m;
    }
    return i > i0;
  }
}
