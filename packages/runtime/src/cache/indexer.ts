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
 *   returns (plus a sort).
 */
import { InvariantError } from "@kubesim/api";
import type { MetaObject } from "./keys.js";
import { metaNamespaceKey } from "./keys.js";

/** Returns the indexed values of an object (cache.IndexFunc). */
export type IndexFunc<T> = (obj: T) => readonly string[];

/** Index name -> index function (cache.Indexers). */
export type Indexers<T> = Readonly<Record<string, IndexFunc<T>>>;

/** cache.NamespaceIndex */
export const NAMESPACE_INDEX = "namespace";
/** pkg/controller.ControllerUIDIndex: objects by the uid of their controller owner. */
export const CONTROLLER_UID_INDEX = "controllerUID";

/** cache.MetaNamespaceIndexFunc: an object's namespace. */
export function namespaceIndexFunc(obj: MetaObject): readonly string[] {
  return [obj.metadata?.namespace ?? ""];
}

/** The uid of the owner reference with `controller: true`, if any. */
export function controllerUidIndexFunc(obj: MetaObject): readonly string[] {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref === undefined ? [] : [ref.uid];
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

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The writable cache; only its informer writes to it. */
export class Indexer<T extends MetaObject> implements Lister<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name -> indexed value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

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
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) this.indexInto(index, fn(obj), key);
    }
  }

  /** Adds or replaces the object under its key. */
  upsert(obj: T): void {
    const key = metaNamespaceKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.reindex(key, old, obj);
  }

  /** Removes the object with this key; returns what was there. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (old === undefined) return undefined;
    this.items.delete(key);
    this.reindex(key, old, undefined);
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): readonly string[] {
    return [...this.items.keys()].sort(byKey);
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
    return [...(index.get(value) ?? [])].sort(byKey);
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
      if (old !== undefined) {
        for (const v of fn(old)) {
          const set = index.get(v);
          if (set === undefined) continue;
          set.delete(key);
          if (set.size === 0) index.delete(v);
        }
      }
      if (obj !== undefined) this.indexInto(index, fn(obj), key);
    }
  }

  private indexInto(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
    for (const v of values) {
      let set = index.get(v);
      if (set === undefined) {
        set = new Set();
        index.set(v, set);
      }
      set.add(key);
    }
  }
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
