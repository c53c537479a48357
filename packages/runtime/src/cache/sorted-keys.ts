/**
 * A set of cache keys that can hand out its members in key order without
 * sorting them all again on every read. Backs the Indexer (indexer.ts), whose
 * `keys`, `list` and `byIndex` promise key order (client-go's thread_safe_store
 * returns map order; kubesim sorts for determinism, so this only makes the
 * sorting cheap, it changes no result).
 *
 * How: the members (a Set), plus the last sorted array and the keys added
 * since. A read after changes filters the removed keys out of the sorted
 * array, sorts only the added keys and merges the two: O(n + a log a) for n
 * members and a additions, instead of O(n log n); a read without changes
 * returns the same array. Each rebuild makes a new array, so an array once
 * handed out never changes (callers may iterate it while deleting).
 *
 * Example: members {a, c}; add b, remove a; read -> sorted [a, c] filtered to
 * [c], pending [b], merged [b, c]. A set that is never read while keys come
 * and go keeps at most about twice its size in pending keys.
 */

/** Byte-wise string order, as Go compares strings (and as sort.Strings orders keys). */
export const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const EMPTY: readonly string[] = Object.freeze([]);

export class SortedKeys {
  private readonly members = new Set<string>();
  /** Sorted and duplicate-free as of the last read; may hold keys removed since. */
  private sorted: readonly string[] = EMPTY;
  /** Keys added since the last read, unsorted. */
  private added: string[] = [];
  /** Whether a key was removed since the last read. */
  private removed = false;
  /** Entries of `sorted` before this index are known to be removed (see `first`). */
  private start = 0;

  get size(): number {
    return this.members.size;
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  add(key: string): void {
    if (this.members.has(key)) return;
    this.members.add(key);
    this.added.push(key);
    // Never read while keys come and go (no one lists this bucket): forget the
    // order rather than let the additions pile up; the next read sorts afresh.
    if (this.added.length > 2 * this.members.size + 1024) {
      this.sorted = EMPTY;
      this.start = 0;
      this.added = [...this.members];
      this.removed = false;
    }
  }

  delete(key: string): boolean {
    if (!this.members.delete(key)) return false;
    this.removed = true;
    return true;
  }

  /** The members in key order. The array is shared: never mutate it. */
  ordered(): readonly string[] {
    if (this.added.length === 0 && !this.removed) return this.sorted;
    const members = this.members;
    // A key removed and added again sits in both lists; the merge drops the copy.
    const base = this.removed ? this.sorted.filter((k) => members.has(k)) : this.sorted;
    const extra = this.added.filter((k) => members.has(k)).sort(byKey);
    this.sorted = extra.length === 0 ? base : merge(base, extra);
    this.start = 0;
    this.added = [];
    this.removed = false;
    return this.sorted;
  }

  /**
   * The first `n` members in key order. When keys were only removed since the
   * last read, this skips them instead of rebuilding the order: a ReplicaSet
   * scaled down loses its first pods, sync after sync, and asks for the next
   * few each time. Example: sorted [a, b, c, d], a and b removed: first(1)
   * skips a and b for good and returns [c].
   */
  first(n: number): string[] {
    if (this.added.length > 0) return this.ordered().slice(0, n);
    const members = this.members;
    const sorted = this.sorted;
    let i = this.start;
    // A removed key never comes back into `sorted` (added again, it waits in `added`).
    while (i < sorted.length && !members.has(sorted[i]!)) i++;
    this.start = i;
    const out: string[] = [];
    let skipped = 0;
    for (; i < sorted.length && out.length < n; i++) {
      const k = sorted[i]!;
      if (members.has(k)) out.push(k);
      else skipped++;
    }
    // Removals in the middle are skipped on every read: compact once they add up.
    if (skipped > 32) this.ordered();
    return out;
  }

  /** The members in insertion order (cheap, no sorting). */
  values(): IterableIterator<string> {
    return this.members.values();
  }
}

/** Merges two sorted arrays into a new one, dropping equal neighbours. */
function merge(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let last: string | undefined;
  while (i < a.length || j < b.length) {
    let next: string;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) next = a[i++]!;
    else next = b[j++]!;
    if (next !== last) out.push(next);
    last = next;
  }
  return out;
}
