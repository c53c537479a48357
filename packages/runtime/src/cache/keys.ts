/**
 * Object keys and tombstones. Mirrors client-go tools/cache/store.go
 * (`MetaNamespaceKeyFunc`, `SplitMetaNamespaceKey`) and
 * tools/cache/controller.go (`DeletedFinalStateUnknown`,
 * `DeletionHandlingMetaNamespaceKeyFunc`).
 *
 * The key of a namespaced object is "namespace/name" ("default/web"); of a
 * cluster-scoped object, just "name" ("node-1"). Keys are what workqueues
 * carry and what reconcilers receive.
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1";

/** Anything with object metadata. */
export interface MetaObject {
  readonly metadata?: ObjectMeta;
}

/**
 * What an informer delivers to `onDelete` when it learned of a deletion only by
 * relisting (the watch missed the DELETED event): the last state it knew, which
 * may be stale. Handlers must unwrap it, as the Deployment controller's
 * `deleteReplicaSet` does.
 */
export interface DeletedFinalStateUnknown<T> {
  readonly key: string;
  readonly obj: T;
  readonly tombstone: true;
}

export function deletedFinalStateUnknown<T>(key: string, obj: T): DeletedFinalStateUnknown<T> {
  return Object.freeze({ key, obj, tombstone: true as const });
}

export function isDeletedFinalStateUnknown<T>(
  x: T | DeletedFinalStateUnknown<T>,
): x is DeletedFinalStateUnknown<T> {
  return typeof x === "object" && x !== null && (x as { tombstone?: unknown }).tombstone === true;
}

/** The object inside a tombstone, or the object itself. */
export function unwrapTombstone<T>(x: T | DeletedFinalStateUnknown<T>): T {
  return isDeletedFinalStateUnknown(x) ? x.obj : x;
}

/** "namespace/name", or "name" for cluster-scoped objects (cache.MetaNamespaceKeyFunc). */
export function metaNamespaceKey(obj: MetaObject): string {
  const ns = obj.metadata?.namespace ?? "";
  const name = obj.metadata?.name ?? "";
  // join() makes one flat string: keys go into maps, sets and queues, where `+`'s tree of pieces would be walked on every lookup.
  return ns === "" ? name : [ns, "/", name].join("");
}

/** The key of an object or of a tombstone (cache.DeletionHandlingMetaNamespaceKeyFunc). */
export function deletionHandlingKey(
  obj: MetaObject | DeletedFinalStateUnknown<MetaObject>,
): string {
  return isDeletedFinalStateUnknown(obj) ? obj.key : metaNamespaceKey(obj);
}

/** Builds a key from parts: `objectKey("default", "web") === "default/web"`. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === "" ? name : [namespace, "/", name].join("");
}

/**
 * Splits a key into namespace and name (cache.SplitMetaNamespaceKey).
 * "default/web" -> { namespace: "default", name: "web" }; "node-1" -> { namespace: "", name: "node-1" }.
 * Throws on a key with more than one "/", as upstream returns an error.
 */
export function splitKey(key: string): { namespace: string; name: string } {
  const parts = key.split("/");
  if (parts.length === 1) return { namespace: "", name: parts[0]! };
  if (parts.length === 2) return { namespace: parts[0]!, name: parts[1]! };
  throw new TypeError(`unexpected key format: "${key}"`);
}
