/**
 * The event log of one kind: a bounded ring of committed changes, each an
 * (old, new) pair of references to frozen objects and the resourceVersion that
 * made it. It plays the part of the watch cache's cyclic buffer
 * (k8s.io/apiserver/pkg/storage/cacher/watch_cache.go) and of etcd's history
 * before compaction:
 *
 * - a watch from resourceVersion R replays every entry with rv > R, in commit
 *   order, then continues live;
 * - once the ring is full the oldest entry is evicted; a watch from an R older
 *   than the evicted history gets 410 Expired, worded as the watch cache words
 *   it: `too old resource version: R (oldest-1)`;
 * - a paged list reads the state as of its first page's resourceVersion by
 *   undoing the entries after it (`valuesAt`), as etcd serves a continue token
 *   from its MVCC history.
 *
 * The log never copies objects: entries hold the references the store held.
 */
import { resourceExpired, type ApiError, type fieldsOf, type KubeObject } from "@kubesim/api";

/** One committed change. `old` is undefined for a create, `next` for a delete. */
export interface LogEntry {
  readonly rv: number;
  readonly key: string;
  readonly old: KubeObject | undefined;
  readonly next: KubeObject | undefined;
  /**
   * What a DELETED event carries: the object's last state with the
   * resourceVersion of the delete (etcd's prevKV at the delete revision).
   * Set for deletes; for a selector "stops matching" DELETED it is made lazily.
   */
  tombstone: KubeObject | undefined;
  /**
   * The selectable fields (fieldsOf) of `old` and `next`, computed when a
   * watcher's field selector first needs them, so that every watcher of the
   * change shares them; `oldFields` is handed over from the store when the
   * previous change had computed them for the same object. Set only while
   * the change is being committed (Storage.commit clears them after).
   */
  oldFields?: SelectableFields | undefined;
  nextFields?: SelectableFields | undefined;
}

/** What a field selector matches against (fieldsOf). */
export type SelectableFields = ReturnType<typeof fieldsOf>;

export class EventLog {
  private readonly capacity: number;
  private readonly ring: (LogEntry | undefined)[];
  /** Absolute index of the oldest retained entry; `end` is one past the newest. */
  private start = 0;
  private end = 0;
  /** rv of the newest evicted entry (0 while nothing was evicted). */
  private evictedRv = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`watch window must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.ring = [];
  }

  get size(): number {
    return this.end - this.start;
  }

  append(entry: LogEntry): void {
    if (this.size === this.capacity) {
      const slot = this.start % this.capacity;
      this.evictedRv = this.ring[slot]!.rv;
      this.ring[slot] = undefined;
      this.start++;
    }
    // The ring grows by push until it holds `capacity` entries, then wraps.
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.end % this.capacity] = entry;
    this.end++;
  }

  private at(i: number): LogEntry {
    return this.ring[i % this.capacity]!;
  }

  /** True when every change after `rv` is still retained. */
  covers(rv: number): boolean {
    return rv >= this.evictedRv;
  }

  /** The 410 a watch or paged list from `rv` gets when the log no longer covers it. */
  expiredError(rv: number): ApiError {
    const oldest = this.size > 0 ? this.at(this.start).rv : this.evictedRv + 1;
    return resourceExpired(`too old resource version: ${rv} (${oldest - 1})`);
  }

  /** Absolute index of the first entry with rv > `rv`. */
  private firstAfter(rv: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).rv > rv) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The entries committed after `rv`, oldest first. Check `covers(rv)` first. */
  since(rv: number): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = this.firstAfter(rv); i < this.end; i++) out.push(this.at(i));
    return out;
  }

  /** True when an entry was committed after `rv`. */
  changedSince(rv: number): boolean {
    return this.size > 0 && this.at(this.end - 1).rv > rv;
  }

  /**
   * For each key changed after `rv`: its value at `rv` (undefined when it did
   * not exist then). Keys unchanged since `rv` are absent: their current value
   * is their value at `rv`. Cost: the number of entries after `rv`.
   */
  valuesAt(rv: number): Map<string, KubeObject | undefined> {
    const out = new Map<string, KubeObject | undefined>();
    for (let i = this.firstAfter(rv); i < this.end; i++) {
      const e = this.at(i);
      if (!out.has(e.key)) out.set(e.key, e.old);
    }
    return out;
  }
}
