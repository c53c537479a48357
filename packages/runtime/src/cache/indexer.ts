/**
 * The informer's local cache: a store of objects by key, with secondary
 * indices. Mirrors client-go tools/cache (store.go, index.go,
 * thread_safe_store.go) and the reader/writer split of kube-rs
 * `reflector::store` (`Writer` and `Store`).
 *
 * Three kinds of strings, as client-go's index.go names them:
 * - the **key** of an object: "default/web" (see keys.ts);
 * - an **index name**: "namespace", "controllerUID";
 * - an **indexed value**: what an index function returns for an object, e.g.
 *   "default" for the namespace index. One object may have several values.
 *
 * Guarantees:
 * - One writer. Only the informer holds the `Indexer` and writes to it;
 *   everyone else gets a `Lister`, typed read-only.
 * - Frozen values. The store holds the frozen objects the server returned;
 *   readers get those objects, never copies, and cannot mutate them. Derive
 *   changes with immer. (This replaces upstream's "deep-copy, otherwise we are
 *   mutating our cache".)
 * - Deterministic order. `list`, `byIndex` and `keys` return in key order.
 * - Indices are kept up to date on every write, so `byIndex` costs what it
 *   returns; key order is kept by sorted-keys.ts, which re-sorts only what
 *   changed since the last read. An update whose index values are unchanged
 *   (the same values in the same order) leaves the buckets untouched.
 * - Aggregates (`addAggregator`) are kept up to date on every write too, so a
 *   summary of a bucket costs nothing to read.
 */
import { InvariantError } from "@kubesim/api";
import type { MetaObject } from "./keys.js";
import { metaNamespaceKey } from "./keys.js";
import { SortedKeys, byKey } from "./sorted-keys.js";

/** Returns the indexed values of an object (cache.IndexFunc). */
export type IndexFunc<T> = (obj: T) => readonly string[];

/** Index name -> index function (cache.Indexers). */
export type Indexers<T> = Readonly<Record<string, IndexFunc<T>>>;

/** cache.NamespaceIndex */
export const NAMESPACE_INDEX = "namespace";
/** pkg/controller.ControllerUIDIndex: objects by the uid of their controller owner. */
export const CONTROLLER_UID_INDEX = "controllerUID";

/**
 * Index values are read-only, so one frozen array can serve every object with
 * the same value: index functions run on every cache write (twice on an
 * update), and these spare each call an allocation.
 */
const namespaceValues = new Map<string, readonly string[]>();
const NO_VALUES: readonly string[] = Object.freeze([]);

/** cache.MetaNamespaceIndexFunc: an object's namespace. */
export function namespaceIndexFunc(obj: MetaObject): readonly string[] {
  const ns = obj.metadata?.namespace ?? "";
  let values = namespaceValues.get(ns);
  if (values === undefined) namespaceValues.set(ns, (values = Object.freeze([ns])));
  return values;
}

/** controllerUidIndexFunc's answer per frozen ownerReferences list (shared by the versions of an object). */
const controllerUidValues = new WeakMap<object, readonly string[]>();

/** The uid of the owner reference with `controller: true`, if any. */
export function controllerUidIndexFunc(obj: MetaObject): readonly string[] {
  const refs = obj.metadata?.ownerReferences;
  if (refs === undefined) return NO_VALUES;
  const frozen = Object.isFrozen(refs);
  if (frozen) {
    const known = controllerUidValues.get(refs);
    if (known !== undefined) return known;
  }
  const ref = refs.find((r) => r.controller === true);
  const values: readonly string[] = ref === undefined ? NO_VALUES : Object.freeze([ref.uid]);
  if (frozen) controllerUidValues.set(refs, values);
  return values;
}

/** Read-only view of the cache, handed to controllers (client-go Lister, kube-rs `Store`). */
export interface Lister<T> {
  /** The object with this key ("default/web"), or undefined. May be stale: the cache is eventually consistent. */
  get(key: string): T | undefined;
  /** Every object, or those in one namespace, in key order. */
  list(options?: {
    readonly namespace?: string;
    readonly filter?: (obj: T) => boolean;
  }): readonly T[];
  /** Objects whose index function returned `value` for `indexName`, in key order. */
  byIndex(indexName: string, value: string): readonly T[];
  /** Keys whose objects are indexed under `value`, in key order. */
  indexKeys(indexName: string, value: string): readonly string[];
  /** Every key, in key order. */
  keys(): readonly string[];
  readonly size: number;
}

/**
 * An incremental summary of the objects in each bucket of one index, kept up
 * to date by the Indexer on every write (kubesim's addition; client-go has no
 * counterpart). It lets a controller read a fact about, say, all the pods of
 * one ReplicaSet in time that does not grow with their number, where reading
 * them all would cost O(pods) on every sync.
 *
 * `add` is called when an object enters a bucket (created, or changed so that
 * it indexes under that value, or changed in place: then `remove` of the old
 * object comes first); `remove` gets the object exactly as it was added, so a
 * summary that derives the same facts from the same object stays exact. A
 * bucket's summary is created on its first object and dropped when it empties.
 * The functions must not throw and must not read the cache.
 *
 * Example: counting ready pods per controller UID is
 * `{ create: () => ({ ready: 0 }), add: (s, _k, p) => void (s.ready += isReady(p) ? 1 : 0),
 *    remove: (s, _k, p) => void (s.ready -= isReady(p) ? 1 : 0) }`.
 */
export interface IndexAggregator<T, S> {
  /** A new summary for a bucket about to receive its first object. */
  create(value: string): S;
  add(summary: S, key: string, obj: T): void;
  remove(summary: S, key: string, obj: T): void;
}

/** Read access to the summaries of one aggregator. */
export interface IndexAggregate<S> {
  /** The summary of the bucket `value`; undefined when no object indexes under it. */
  get(value: string): S | undefined;
}

interface Aggregation<T> {
  readonly aggregator: IndexAggregator<T, unknown>;
  readonly summaries: Map<string, unknown>;
  /** Objects per bucket, so that a summary is dropped when its bucket empties. */
  readonly sizes: Map<string, number>;
  readonly reader: IndexAggregate<unknown>;
}

/** The writable cache; only its informer writes to it. */
export class Indexer<T extends MetaObject> implements Lister<T> {
  private readonly items = new Map<string, T>();
  private readonly allKeys = new SortedKeys();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name -> indexed value -> keys */
  private readonly indices = new Map<string, Map<string, SortedKeys>>();
  /** index name -> its aggregations */
  private readonly aggregations = new Map<string, Aggregation<T>[]>();

  constructor(indexers: Indexers<T> = {}) {
    this.addIndexers(indexers);
  }

  get size(): number {
    return this.items.size;
  }

  /**
   * Adds index functions; existing objects are indexed at once. Adding the same
   * function under the same name again is a no-op (two controllers sharing an
   * informer may both ask for it); a different function under a taken name is
   * a bug ("indexer conflict", as client-go's AddIndexers reports).
   */
  addIndexers(indexers: Indexers<T>): void {
    for (const name of Object.keys(indexers).sort(byKey)) {
      const fn = indexers[name]!;
      const existing = this.indexers.get(name);
      if (existing === fn) continue;
      if (existing !== undefined) throw new InvariantError(`indexer conflict: ${name}`);
      this.indexers.set(name, fn);
      const index = new Map<string, SortedKeys>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) this.indexInto(index, fn(obj), key);
    }
  }

  /**
   * Keeps `aggregator`'s summary of every bucket of index `indexName` (which
   * must exist); existing objects are folded in at once. Adding the same
   * aggregator again returns the same reader.
   */
  addAggregator<S>(indexName: string, aggregator: IndexAggregator<T, S>): IndexAggregate<S> {
    const fn = this.indexers.get(indexName);
    if (fn === undefined) throw new InvariantError(`Index with name ${indexName} does not exist`);
    let list = this.aggregations.get(indexName);
    if (list === undefined) {
      list = [];
      this.aggregations.set(indexName, list);
    }
    const known = list.find((a) => a.aggregator === aggregator);
    if (known !== undefined) return known.reader as IndexAggregate<S>;
    const summaries = new Map<string, unknown>();
    const agg = aggregator as IndexAggregator<T, unknown>;
    const aggregation: Aggregation<T> = {
      aggregator: agg,
      summaries,
      sizes: new Map(),
      reader: Object.freeze({ get: (value: string) => summaries.get(value) }),
    };
    list.push(aggregation);
    for (const [key, obj] of this.items) {
      for (const v of fn(obj)) this.aggregateAdd(aggregation, v, key, obj);
    }
    return aggregation.reader as IndexAggregate<S>;
  }

  /** Adds or replaces the object under its key. */
  upsert(obj: T): void {
    this.upsertKeyed(metaNamespaceKey(obj), obj);
  }

  /** Adds or replaces `obj` under `key` (its metaNamespaceKey); returns what was there. */
  upsertKeyed(key: string, obj: T): T | undefined {
    const old = this.items.get(key);
    this.items.set(key, obj);
    if (old === undefined) this.allKeys.add(key);
    this.reindex(key, old, obj);
    return old;
  }

  /** Removes the object with this key; returns what was there. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (old === undefined) return undefined;
    this.items.delete(key);
    this.allKeys.delete(key);
    this.reindex(key, old, undefined);
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): readonly string[] {
    return this.allKeys.ordered();
  }

  list(
    options: { readonly namespace?: string; readonly filter?: (obj: T) => boolean } = {},
  ): readonly T[] {
    const keys =
      options.namespace === undefined || options.namespace === ""
        ? this.keys()
        : this.namespaceKeys(options.namespace);
    const out: T[] = [];
    for (const k of keys) {
      const obj = this.items.get(k)!;
      if (options.filter === undefined || options.filter(obj)) out.push(obj);
    }
    return out;
  }

  indexKeys(indexName: string, value: string): readonly string[] {
    const index = this.indices.get(indexName);
    if (index === undefined)
      throw new InvariantError(`Index with name ${indexName} does not exist`);
    return index.get(value)?.ordered() ?? [];
  }

  byIndex(indexName: string, value: string): readonly T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k)!);
  }

  /** The index values present for an index (cache.ListIndexFuncValues), sorted. */
  indexValues(indexName: string): readonly string[] {
    return [...(this.indices.get(indexName)?.keys() ?? [])].sort(byKey);
  }

  private namespaceKeys(namespace: string): readonly string[] {
    if (this.indexers.has(NAMESPACE_INDEX)) return this.indexKeys(NAMESPACE_INDEX, namespace);
    const prefix = `${namespace}/`;
    return this.keys().filter((k) => k.startsWith(prefix));
  }

  private reindex(key: string, old: T | undefined, obj: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      const aggregations = this.aggregations.get(name);
      if (old !== undefined && obj !== undefined) {
        // The common update: the same values before and after (a pod's
        // namespace, its controller, its labels). The key stays in its
        // buckets, whose order then need not be rebuilt; only the aggregates
        // see the change.
        const before = fn(old);
        const after = fn(obj);
        if (sameValues(before, after)) {
          if (aggregations !== undefined) {
            for (const value of after) {
              for (const a of aggregations) {
                const summary = a.summaries.get(value);
                if (summary === undefined) continue; // cannot happen: `old` is in the bucket
                a.aggregator.remove(summary, key, old);
                a.aggregator.add(summary, key, obj);
              }
            }
          }
          continue;
        }
      }
      if (old !== undefined) {
        for (const v of fn(old)) {
          if (aggregations !== undefined) {
            for (const a of aggregations) this.aggregateRemove(a, v, key, old);
          }
          const set = index.get(v);
          if (set === undefined) continue;
          set.delete(key);
          if (set.size === 0) index.delete(v);
        }
      }
      if (obj !== undefined) {
        const values = fn(obj);
        this.indexInto(index, values, key);
        if (aggregations !== undefined) {
          for (const v of values) for (const a of aggregations) this.aggregateAdd(a, v, key, obj);
        }
      }
    }
  }

  private indexInto(index: Map<string, SortedKeys>, values: readonly string[], key: string): void {
    for (const v of values) {
      let set = index.get(v);
      if (set === undefined) {
        set = new SortedKeys();
        index.set(v, set);
      }
      set.add(key);
    }
  }

  private aggregateAdd(a: Aggregation<T>, value: string, key: string, obj: T): void {
    let summary = a.summaries.get(value);
    if (summary === undefined) {
      summary = a.aggregator.create(value);
      a.summaries.set(value, summary);
    }
    a.aggregator.add(summary, key, obj);
    a.sizes.set(value, (a.sizes.get(value) ?? 0) + 1);
  }

  private aggregateRemove(a: Aggregation<T>, value: string, key: string, obj: T): void {
    const summary = a.summaries.get(value);
    if (summary === undefined) return;
    a.aggregator.remove(summary, key, obj);
    const n = (a.sizes.get(value) ?? 1) - 1;
    if (n > 0) {
      a.sizes.set(value, n);
      return;
    }
    a.sizes.delete(value);
    a.summaries.delete(value);
  }
}

/** Whether two index-value lists are equal, element by element (often the same memoized array). */
function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A read-only facade over an Indexer, so a Lister cannot be cast back to the writer. */
export function readOnly<T extends MetaObject>(indexer: Indexer<T>): Lister<T> {
  return Object.freeze({
    get: (key: string) => indexer.get(key),
    list: (options?: { readonly namespace?: string; readonly filter?: (obj: T) => boolean }) =>
      indexer.list(options),
    byIndex: (name: string, value: string) => indexer.byIndex(name, value),
    indexKeys: (name: string, value: string) => indexer.indexKeys(name, value),
    keys: () => indexer.keys(),
    get size() {
      return indexer.size;
    },
  });
}
