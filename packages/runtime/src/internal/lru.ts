/**
 * A bounded least-recently-used map, as github.com/golang/groupcache/lru,
 * which client-go's event correlator uses (4096 entries per cache). `get`
 * marks an entry recently used; `add` evicts the least recently used entry
 * when full. Built on Map's insertion order.
 *
 * @internal
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  add(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
  }
}
