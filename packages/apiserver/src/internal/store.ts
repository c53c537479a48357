/**
 * The objects of one kind: what etcd holds under `/registry/<resource>/`, plus
 * the indices and the event log the watch cache keeps beside it
 * (k8s.io/apiserver/pkg/storage/cacher: watchCache.store and its cyclic buffer).
 *
 * Guarantees:
 * - objects are frozen and stored by reference; nothing here copies one;
 * - `apply` is the only mutation: map, indices and log change together, and a
 *   write costs O(changed labels/owners) whatever the store's size;
 * - `sortedKeys()` returns keys in etcd's key order. The sorted array is cached
 *   and dropped only when a key is added or removed (an update keeps it), so a
 *   full list pays the sort once per change of membership, never a write.
 */
import type { KindInfo, KubeObject } from "@kubesim/api";
import { EventLog, type LogEntry } from "./event-log.js";
import { KindIndices } from "./indices.js";

export class KindStore {
  readonly info: KindInfo;
  readonly indices = new KindIndices();
  readonly log: EventLog;
  private readonly objects = new Map<string, KubeObject>();
  private sorted: string[] | undefined;

  constructor(info: KindInfo, watchWindow: number) {
    this.info = info;
    this.log = new EventLog(watchWindow);
  }

  get size(): number {
    return this.objects.size;
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  has(key: string): boolean {
    return this.objects.has(key);
  }

  /** Records a committed change: the store, its indices and its log move together. */
  apply(entry: LogEntry): void {
    const { key, old, next } = entry;
    if (next === undefined) {
      this.objects.delete(key);
      this.sorted = undefined;
    } else {
      if (old === undefined) this.sorted = undefined;
      this.objects.set(key, next);
    }
    this.indices.update(key, old, next);
    this.log.append(entry);
  }

  /** Every key, in etcd key order (cached; rebuilt after a create or delete). */
  sortedKeys(): readonly string[] {
    if (this.sorted === undefined) this.sorted = [...this.objects.keys()].sort(compareKeys);
    return this.sorted;
  }
}

/** Byte order of ASCII keys, as etcd ranges them. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
