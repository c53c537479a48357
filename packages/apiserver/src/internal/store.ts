/**
 * The objects of one kind: what etcd holds under `/registry/<resource>/`, plus
 * the indices and the event log the watch cache keeps beside it
 * (k8s.io/apiserver/pkg/storage/cacher: watchCache.store and its cyclic buffer).
 *
 * Guarantees:
 * - objects are frozen and stored by reference; nothing here copies one;
 * - `apply` is the only mutation: map, indices and log change together, and a
 *   write costs O(changed labels/owners) whatever the store's size;
 * - `get(key)` and `lookup(namespace, name)` find the same objects; the second
 *   is the request path's (see `byName`);
 * - `sortedKeys()` returns keys in etcd's key order. The sorted array is cached
 *   and dropped only when a key is added or removed (an update keeps it), so a
 *   full list pays the sort once per change of membership, never a write.
 */
import type { KindInfo, KubeObject } from "@kubesim/api";
import { EventLog, type LogEntry, type SelectableFields } from "./event-log.js";
import { KindIndices } from "./indices.js";

/**
 * One stored object and its key. A slot is found by key (the flat map) or by
 * namespace and name (the nested map); an update replaces `obj` in place, so it
 * touches neither map.
 */
interface Slot {
  readonly key: string;
  obj: KubeObject;
  /** `obj`'s selectable fields, when a watcher's field selector computed them (see LogEntry). */
  fields: SelectableFields | undefined;
}

/** A read-only view of a slot. */
export interface StoredEntry {
  readonly key: string;
  readonly obj: KubeObject;
}

export class KindStore {
  readonly info: KindInfo;
  readonly indices = new KindIndices();
  readonly log: EventLog;
  /** Store key -> slot: lists, paging, and anything that holds a key. */
  private readonly objects = new Map<string, Slot>();
  /**
   * Namespace ("" for cluster-scoped kinds) -> name -> the same slots. Requests
   * name an object by namespace and name, and these strings are usually the
   * stored object's own (a body derived from it shares them) or the caller's
   * own (a name it looks up again and again), whose hash V8 has already
   * computed; a key built by concatenation is a new string that must be
   * flattened and hashed on every lookup, which at 100,000 objects costs
   * several times the lookup itself.
   */
  private readonly byName = new Map<string, Map<string, Slot>>();
  private sorted: string[] | undefined;

  constructor(info: KindInfo, watchWindow: number) {
    this.info = info;
    this.log = new EventLog(watchWindow);
  }

  get size(): number {
    return this.objects.size;
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key)?.obj;
  }

  /** The object stored under `storeKey(info, namespace, name)` (namespace "" for cluster-scoped kinds). */
  lookup(namespace: string, name: string): KubeObject | undefined {
    return this.find(namespace, name)?.obj;
  }

  /**
   * The stored object and its key, as of now (the entry changes with the next
   * write: read it at once). Committing a change with this `key` rather than a
   * new `storeKey(...)` string spares every later step (the slot, the label
   * index, watchers) comparing two equal strings character by character.
   */
  find(namespace: string, name: string): StoredEntry | undefined {
    return this.byName.get(this.info.namespaced ? namespace : "")?.get(name);
  }

  has(key: string): boolean {
    return this.objects.has(key);
  }

  /**
   * Records a committed change: the store, its indices and its log move
   * together. Returns the slot now holding `entry.next` (undefined for a
   * delete), for `noteFields` once the watchers have seen the change.
   */
  apply(entry: LogEntry): StoredEntry | undefined {
    const { key, old, next } = entry;
    let slot: Slot | undefined;
    if (old === undefined) {
      if (next !== undefined) slot = this.insert(key, next);
    } else {
      slot = this.slotOf(key, old);
      if (slot === undefined) {
        // Not stored (a caller's bug upstream of here): behave as a plain map would.
        if (next !== undefined) slot = this.insert(key, next);
      } else {
        if (slot.obj === old) entry.oldFields ??= slot.fields;
        slot.fields = undefined;
        if (next === undefined) {
          this.remove(slot);
          slot = undefined;
        } else {
          slot.obj = next;
        }
      }
    }
    this.indices.update(key, old, next);
    this.log.append(entry);
    return slot;
  }

  /** Keeps the fields the watchers computed for `entry.next` with its slot (see `apply`). */
  noteFields(stored: StoredEntry, entry: LogEntry): void {
    const slot = stored as Slot;
    if (slot.obj === entry.next) slot.fields = entry.nextFields;
  }

  /**
   * The slot of `key`, whose stored object is `stored`: found through the
   * object's own namespace and name (cheap, see `byName`), checked against the
   * key, and by the key itself when they disagree.
   */
  private slotOf(key: string, stored: KubeObject): Slot | undefined {
    const m = stored.metadata;
    const ns = this.info.namespaced ? m?.namespace : "";
    const name = m?.name;
    if (ns !== undefined && name !== undefined) {
      const slot = this.byName.get(ns)?.get(name);
      if (slot !== undefined && slot.key === key) return slot;
    }
    return this.objects.get(key);
  }

  private insert(key: string, obj: KubeObject): Slot {
    const existing = this.objects.get(key);
    if (existing !== undefined) {
      existing.obj = obj;
      existing.fields = undefined;
      return existing;
    }
    const slot: Slot = { key, obj, fields: undefined };
    this.objects.set(key, slot);
    let [ns, name] = this.splitKey(key);
    // Key the nested map by the object's own strings when they are the key's
    // (always, in practice): requests derived from the object then find it by
    // reference equality.
    const m = obj.metadata;
    if (m?.name === name) name = m.name;
    if (this.info.namespaced && m?.namespace === ns) ns = m.namespace;
    let names = this.byName.get(ns);
    if (names === undefined) this.byName.set(ns, (names = new Map()));
    names.set(name, slot);
    this.sorted = undefined;
    return slot;
  }

  private remove(slot: Slot): void {
    this.objects.delete(slot.key);
    const [ns, name] = this.splitKey(slot.key);
    const names = this.byName.get(ns);
    if (names !== undefined) {
      names.delete(name);
      if (names.size === 0) this.byName.delete(ns);
    }
    this.sorted = undefined;
  }

  /** [namespace, name] of a store key (keys.ts: "ns/name", or "name" for cluster-scoped kinds). */
  private splitKey(key: string): [string, string] {
    if (!this.info.namespaced) return ["", key];
    const i = key.indexOf("/");
    return i < 0 ? ["", key] : [key.slice(0, i), key.slice(i + 1)];
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
