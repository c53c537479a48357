/**
 * kubectl's own Deployment helpers (kubectl rollout undo and history use them;
 * so do the testing package's operator actions). Mirrors kubectl pkg/util/deployment/deployment.go
 * (Revision, GetAllReplicaSets, EqualIgnoreHash, FindNewReplicaSet): the
 * ReplicaSets a Deployment controls, split into the new one (same template)
 * and all the others, sorted by creation time.
 */
import { labelSelectorAsSelector, semanticEqual, type ApiClient } from "@kubesim/api";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
export const DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
export const HASH_LABEL = "pod-template-hash";

/** Revision: the revision annotation as an int64; 0 when absent, an Error when unparseable. */
export function revision(obj: {
  metadata?: { annotations?: Record<string, string> };
}): number | Error {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  if (!/^[+-]?\d+$/.test(v)) return new Error(`strconv.ParseInt: parsing "${v}": invalid syntax`);
  return Number(v);
}

/** The template without the pod-template-hash label. */
export function withoutHashLabel(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  return { ...t, metadata: { ...t?.metadata, labels } };
}

/** EqualIgnoreHash: semantic equality of two templates, pod-template-hash aside. */
export function equalIgnoreHash(
  a: PodTemplateSpec | undefined,
  b: PodTemplateSpec | undefined,
): boolean {
  return semanticEqual(withoutHashLabel(a), withoutHashLabel(b));
}

function creationOrder(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata?.creationTimestamp ?? "";
  const tb = b.metadata?.creationTimestamp ?? "";
  if (ta !== tb) return Date.parse(ta) - Date.parse(tb);
  const na = a.metadata?.name ?? "";
  const nb = b.metadata?.name ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * GetAllReplicaSets: the ReplicaSets the Deployment controls (listed by its
 * selector, kept when their controller reference is the Deployment), sorted by
 * creation time; the new one (the oldest with the Deployment's template) apart.
 */
export function getAllReplicaSets(
  client: ApiClient,
  d: Deployment,
): { readonly allOld: readonly ReplicaSet[]; readonly newRS: ReplicaSet | undefined } {
  const selector = labelSelectorAsSelector(d.spec?.selector).toString();
  const uid = d.metadata?.uid;
  const owned = client
    .list("ReplicaSet", {
      namespace: d.metadata?.namespace ?? "",
      ...(selector === "" ? {} : { labelSelector: selector }),
    })
    .items.filter((rs) =>
      (rs.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid),
    )
    .sort(creationOrder);
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  return { allOld: owned.filter((rs) => rs !== newRS), newRS };
}
