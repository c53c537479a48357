/**
 * ControllerRef bookkeeping of the Deployment controller. Mirrors
 * pkg/controller/controller_ref_manager.go (`BaseControllerRefManager.ClaimObject`,
 * `ReplicaSetControllerRefManager.ClaimReplicaSets`, `AdoptReplicaSet`, `ReleaseReplicaSet`,
 * `RecheckDeletionTimestamp`, `ownerRefControllerPatch`,
 * `GenerateDeleteOwnerRefStrategicMergeBytes`) as deployment_controller.go uses it
 * (`getReplicaSetsForDeployment`, `getPodMapForDeployment`, `resolveControllerRef`), and
 * util/deployment_util.go `GetDeploymentsForReplicaSet` and `ListReplicaSets`.
 *
 * ClaimObject's decision for each ReplicaSet of the Deployment's namespace:
 *
 * | controllerRef            | selector matches | decision                                              |
 * | ------------------------ | ---------------- | ----------------------------------------------------- |
 * | this Deployment (by UID) | yes              | claim (even while the Deployment is being deleted)    |
 * | this Deployment          | no               | release, unless the Deployment is being deleted (then ignore) |
 * | another controller       | any              | ignore                                                |
 * | none (orphan)            | yes              | adopt, unless the Deployment or the RS is being deleted or the namespaces differ |
 * | none                     | no               | ignore                                                |
 *
 * Adoption first re-reads the Deployment from the API server (once per claim, whatever the number
 * of orphans): a Deployment deleted or replaced since the cache saw it must not adopt (#42639).
 * Patches are strategic-merge bodies, byte-for-byte upstream's shape; both carry the dependent's
 * UID, so a ReplicaSet deleted and recreated under the same name is not touched.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { LabelSelector, OwnerReference } from "kubernetes-types/meta/v1";
import {
  isInvalid,
  isInvariantError,
  isNotFound,
  labelSelectorAsSelector,
  type ApiClient,
  type Selector,
} from "@kubesim/api";
import { CONTROLLER_UID_INDEX, type Lister } from "@kubesim/runtime";
import type { PodMap } from "./recreate.js";
import { newControllerRef } from "./sync.js";

/** What ClaimObject does with one object. */
export type ClaimDecision = "claim" | "release" | "adopt" | "ignore";

/** metav1.GetControllerOf: the ownerReference with controller: true, if any. */
export function getControllerOf(obj: {
  readonly metadata?: { readonly ownerReferences?: readonly OwnerReference[] };
}): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

const beingDeleted = (obj: { readonly metadata?: { readonly deletionTimestamp?: string } }) =>
  obj.metadata?.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null;

/** BaseControllerRefManager.ClaimObject's decision for `rs` (see the table above). */
export function claimDecision(d: Deployment, selector: Selector, rs: ReplicaSet): ClaimDecision {
  const ref = getControllerOf(rs);
  const match = selector.matches(rs.metadata?.labels);
  if (ref !== undefined) {
    if (ref.uid !== d.metadata?.uid) return "ignore";
    if (match) return "claim";
    return beingDeleted(d) ? "ignore" : "release";
  }
  if (beingDeleted(d) || !match || beingDeleted(rs)) return "ignore";
  const ns = d.metadata?.namespace ?? "";
  if (ns !== "" && ns !== (rs.metadata?.namespace ?? "")) return "ignore";
  return "adopt";
}

/**
 * ownerRefControllerPatch for a ReplicaSet adopted by `d`:
 * `{"metadata":{"ownerReferences":[{apiVersion:"apps/v1",kind:"Deployment",name,uid,controller:true,blockOwnerDeletion:true}],"uid":"<rs uid>"}}`.
 */
export function adoptReplicaSetPatch(d: Deployment, rs: ReplicaSet): object {
  return { metadata: { ownerReferences: [newControllerRef(d)], uid: rs.metadata?.uid ?? "" } };
}

/**
 * GenerateDeleteOwnerRefStrategicMergeBytes for a ReplicaSet released by `d`:
 * `{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"<deployment uid>"}],"uid":"<rs uid>"}}`.
 */
export function releaseReplicaSetPatch(d: Deployment, rs: ReplicaSet): object {
  return {
    metadata: {
      ownerReferences: [{ $patch: "delete", uid: d.metadata?.uid ?? "" }],
      uid: rs.metadata?.uid ?? "",
    },
  };
}

/** Go's %v of a metav1.Time: "2024-01-01T00:00:00Z" prints as "2024-01-01 00:00:00 +0000 UTC". */
export function goTime(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/.exec(rfc3339);
  return m === null ? rfc3339 : `${m[1]} ${m[2]} +0000 UTC`;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * getReplicaSetsForDeployment's canAdoptFunc: RecheckDeletionTimestamp over a live GET of the
 * Deployment, refusing when it is gone, replaced (another UID) or being deleted. Returns the
 * error text to refuse with, or undefined to allow.
 */
export function recheckDeletionTimestamp(client: ApiClient, d: Deployment): string | undefined {
  const ns = d.metadata?.namespace ?? "";
  const name = d.metadata?.name ?? "";
  let fresh: Deployment;
  try {
    fresh = client.get("Deployment", ns, name);
    if (fresh.metadata?.uid !== d.metadata?.uid) {
      throw new Error(
        `original Deployment ${ns}/${name} is gone: got uid ${fresh.metadata?.uid ?? ""}, wanted ${d.metadata?.uid ?? ""}`,
      );
    }
  } catch (error) {
    if (isInvariantError(error)) throw error;
    return `can't recheck DeletionTimestamp: ${errorText(error)}`;
  }
  const ts = fresh.metadata?.deletionTimestamp;
  if (ts !== undefined && ts !== null) {
    return `${fresh.metadata?.namespace ?? ""}/${fresh.metadata?.name ?? ""} has just been deleted at ${goTime(ts)}`;
  }
  return undefined;
}

/** utilerrors.NewAggregate: no error, the one error, or "[e1, e2]" over all of them. */
export function aggregate(errors: readonly unknown[]): unknown {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new AggregateError(errors, `[${errors.map(errorText).join(", ")}]`);
}

/** What the claim did: the ReplicaSets the Deployment controls now, and the patch errors. */
export interface ClaimResult {
  /** Claimed and adopted ReplicaSets, as cached (adopted ones without the new ownerReference). */
  readonly claimed: readonly ReplicaSet[];
  /** The aggregate of the failed adoptions and releases, if any (the sync returns it). */
  readonly error?: unknown;
}

/**
 * ClaimReplicaSets over `rsList` (every ReplicaSet of the Deployment's namespace, in cache order):
 * claims, adopts and releases in list order, patching through `client`. A NotFound answer to a
 * patch means the RS is gone (not claimed, no error); a release answered with Invalid (no such
 * ownerReference, or the RS was replaced) is ignored too. Other errors are collected, and the RS
 * is then not claimed.
 */
export function claimReplicaSets(
  client: ApiClient,
  d: Deployment,
  selector: Selector,
  rsList: readonly ReplicaSet[],
): ClaimResult {
  const claimed: ReplicaSet[] = [];
  const errors: unknown[] = [];
  // CanAdopt runs at most once per claim (sync.Once), and its answer holds for every orphan.
  let canAdopt: { readonly refusal: string | undefined } | undefined;
  const patch = (rs: ReplicaSet, body: object): unknown => {
    try {
      client.patch(
        "ReplicaSet",
        rs.metadata?.namespace,
        rs.metadata?.name ?? "",
        "strategic",
        body,
      );
      return undefined;
    } catch (error) {
      if (isInvariantError(error)) throw error;
      return error;
    }
  };
  for (const rs of rsList) {
    switch (claimDecision(d, selector, rs)) {
      case "claim":
        claimed.push(rs);
        break;
      case "ignore":
        break;
      case "release": {
        const error = patch(rs, releaseReplicaSetPatch(d, rs));
        if (error !== undefined && !isNotFound(error) && !isInvalid(error)) errors.push(error);
        break;
      }
      case "adopt": {
        canAdopt ??= { refusal: recheckDeletionTimestamp(client, d) };
        const error =
          canAdopt.refusal !== undefined
            ? new Error(
                `can't adopt ReplicaSet ${rs.metadata?.namespace ?? ""}/${rs.metadata?.name ?? ""} (${rs.metadata?.uid ?? ""}): ${canAdopt.refusal}`,
              )
            : patch(rs, adoptReplicaSetPatch(d, rs));
        if (error === undefined) claimed.push(rs);
        else if (!isNotFound(error)) errors.push(error);
        break;
      }
    }
  }
  const error = aggregate(errors);
  return error === undefined ? { claimed } : { claimed, error };
}

/**
 * The Deployment's label selector (metav1.LabelSelectorAsSelector), or the error
 * `deployment <ns>/<name> has invalid label selector: <err>`.
 */
export function deploymentSelector(
  d: Deployment,
): { readonly selector: Selector } | { readonly error: Error } {
  // A cached Deployment's selector is frozen and kept across its versions: convert it once.
  const raw = d.spec?.selector;
  const known = raw !== undefined && Object.isFrozen(raw) ? selectorMemo.get(raw) : undefined;
  if (known !== undefined) return known;
  try {
    const result = { selector: labelSelectorAsSelector(raw) };
    if (raw !== undefined && Object.isFrozen(raw)) selectorMemo.set(raw, result);
    return result;
  } catch (error) {
    if (isInvariantError(error)) throw error;
    return {
      error: new Error(
        `deployment ${d.metadata?.namespace ?? ""}/${d.metadata?.name ?? ""} has invalid label selector: ${errorText(error)}`,
      ),
    };
  }
}

/** deploymentSelector's conversions of frozen selectors (errors are not remembered). */
const selectorMemo = new WeakMap<LabelSelector, { readonly selector: Selector }>();

/**
 * getPodMapForDeployment: the Deployment's pods (its namespace, its selector) grouped by the UID of
 * their controlling ReplicaSet, for every RS of `rsList` (an RS without pods maps to []). Inactive
 * pods count: Recreate must see that no old pod is left at all. `pods` must carry the
 * CONTROLLER_UID_INDEX, so this costs the Deployment's pods, not the namespace's.
 */
export function getPodMapForDeployment(
  d: Deployment,
  selector: Selector,
  rsList: readonly ReplicaSet[],
  pods: Lister<Pod>,
): PodMap {
  const ns = d.metadata?.namespace ?? "";
  const podMap = new Map<string, Pod[]>();
  for (const rs of rsList) {
    const uid = rs.metadata?.uid ?? "";
    if (podMap.has(uid)) continue;
    podMap.set(
      uid,
      pods
        .byIndex(CONTROLLER_UID_INDEX, uid)
        .filter(
          (p) => (p.metadata?.namespace ?? "") === ns && selector.matches(p.metadata?.labels),
        ),
    );
  }
  return podMap;
}

/**
 * util.GetDeploymentsForReplicaSet: the Deployments of the RS's namespace whose (valid, non-empty)
 * selector matches its labels; none for an RS without labels. More than one is a user error that
 * ControllerRefs keep harmless.
 */
export function getDeploymentsForReplicaSet(
  deployments: Lister<Deployment>,
  rs: ReplicaSet,
): readonly Deployment[] {
  const labels = rs.metadata?.labels;
  if (labels === undefined || Object.keys(labels).length === 0) return [];
  return deployments.list({ namespace: rs.metadata?.namespace ?? "" }).filter((d) => {
    const converted = deploymentSelector(d);
    if ("error" in converted) return false; // an invalid selector matches nothing
    const selector = converted.selector;
    // A nil or empty selector must match nothing here, not everything.
    return !selector.isEmpty() && selector.matches(labels);
  });
}

/**
 * util.ListReplicaSets over the API (RsListFromClient): a live LIST of the namespace's
 * ReplicaSets by the Deployment's selector, keeping those the Deployment controls.
 */
export function listReplicaSetsFromClient(
  client: ApiClient,
  d: Deployment,
  selector: Selector,
): readonly ReplicaSet[] {
  const list = client.list("ReplicaSet", {
    namespace: d.metadata?.namespace ?? "",
    labelSelector: selector.toString(),
  });
  return list.items.filter((rs) => getControllerOf(rs)?.uid === d.metadata?.uid);
}
