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
  /**
   * The most recently used key, which is the Map's last entry: touching it
   * again needs no move. The correlator reads then writes the same key (get,
   * then add), so this halves its Map operations.
   */
  private newest: K | undefined;
  private hasNewest = false;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    if (!this.hasNewest || this.newest !== key) {
      this.map.delete(key);
      this.map.set(key, v);
      this.newest = key;
      this.hasNewest = true;
    }
    return v;
  }

  add(key: K, value: V): void {
    if (this.hasNewest && this.newest === key && this.map.has(key)) {
      this.map.set(key, value); // already last: set keeps its place
      return;
    }
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    this.hasNewest = true;
    if (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
  }
}
