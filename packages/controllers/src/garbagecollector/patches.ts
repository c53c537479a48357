/**
 * The patches the garbage collector sends. Mirrors kubernetes/kubernetes
 * pkg/controller/controller_utils.go (`GenerateDeleteOwnerRefStrategicMergeBytes`)
 * and pkg/controller/garbagecollector/patch.go
 * (`unblockOwnerReferencesStrategicMergePatch`, `objectForFinalizersPatch`).
 *
 * Each dependent patch carries the dependent's own UID, so it fails (409)
 * rather than touch an object that was deleted and re-created meanwhile.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1";

/**
 * Removes the owner references with these UIDs (strategic merge, by uid):
 * `{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"r1"}],"uid":"p1"}}`.
 * A reference that is already gone is no error.
 */
export function deleteOwnerRefPatch(dependentUid: string, ownerUids: readonly string[]): object {
  return {
    metadata: {
      ownerReferences: ownerUids.map((uid) => ({ $patch: "delete", uid })),
      uid: dependentUid,
    },
  };
}

/**
 * Sets blockOwnerDeletion to false on every reference that has it true, so
 * that a dependent in a cycle of foreground deletions blocks nobody:
 * `{"metadata":{"ownerReferences":[{..., "blockOwnerDeletion":false}],"uid":"p1"}}`.
 */
export function unblockOwnerReferencesPatch(
  dependentUid: string,
  owners: readonly OwnerReference[],
): object {
  return {
    metadata: {
      ownerReferences: owners
        .filter((o) => o.blockOwnerDeletion === true)
        .map((o) => ({ ...o, blockOwnerDeletion: false })),
      uid: dependentUid,
    },
  };
}

/**
 * The JSON merge patch removeFinalizer sends: the remaining finalizers with
 * the resourceVersion they were read at (409 if the object changed since).
 * Go marshals an empty list as `null`, which removes the field:
 * `{"metadata":{"resourceVersion":"42","finalizers":null}}`.
 */
export function removeFinalizerPatch(
  resourceVersion: string,
  finalizers: readonly string[],
  target: string,
): { readonly patch: object; readonly found: boolean } {
  const remaining = finalizers.filter((f) => f !== target);
  return {
    patch: {
      metadata: { resourceVersion, finalizers: remaining.length === 0 ? null : remaining },
    },
    found: remaining.length !== finalizers.length,
  };
}
