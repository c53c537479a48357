/**
 * Pure key mappers: which reconcile keys a change to an object should
 * trigger. Mirrors controller-runtime pkg/handler (eventhandler.go,
 * enqueue.go, enqueue_owner.go, enqueue_mapped.go) and kube-rs
 * `trigger_self` / `trigger_owners`.
 *
 * - `keyForObject`: the object's own key (EnqueueRequestForObject, used by `for`).
 * - `controllerOwnerKeys(ownerKind)`: the key of the object's *controller*
 *   owner of that kind (EnqueueRequestForOwner with OnlyControllerOwner, used by
 *   `owns`). A ReplicaSet owned by Deployment "web" maps to "default/web".
 * - any `(obj) => keys` function for `watches` (EnqueueRequestsFromMapFunc).
 *
 * On an update, controller-runtime maps both the old and the new object, so
 * a Pod moving from one owner to another requeues both owners; the controller
 * does the same with these mappers.
 */
import { kindInfo, parseApiVersion, type KindName } from "@kubesim/api";
import type { MetaObject } from "../cache/keys.js";
import { metaNamespaceKey, objectKey } from "../cache/keys.js";

/** Maps one object to the keys to reconcile. Must be pure. */
export type KeyMapper<T> = (obj: T) => readonly string[];

/** The object's own key. */
export function keyForObject(obj: MetaObject): readonly string[] {
  return [metaNamespaceKey(obj)];
}

/**
 * Maps an object to the key of its controller owner of `ownerKind` (the owner
 * reference with `controller: true` whose apiVersion group and kind match).
 * The owner is looked up in the object's namespace, or cluster-wide when the
 * owner kind is cluster-scoped.
 */
export function controllerOwnerKeys(ownerKind: KindName): KeyMapper<MetaObject> {
  const info = kindInfo(ownerKind);
  if (info === undefined) throw new TypeError(`unknown kind ${ownerKind}`);
  return (obj) => {
    const refs = obj.metadata?.ownerReferences ?? [];
    for (const ref of refs) {
      if (ref.controller !== true) continue;
      if (ref.kind !== info.kind || parseApiVersion(ref.apiVersion).group !== info.group) continue;
      return [objectKey(info.namespaced ? (obj.metadata?.namespace ?? "") : "", ref.name)];
    }
    return [];
  };
}
