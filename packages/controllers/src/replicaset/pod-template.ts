/**
 * Mirrors kubernetes/kubernetes pkg/controller/controller_utils.go
 * (`GetPodFromTemplate`, `getPodsPrefix`, the label check of
 * `RealPodControl.createPods`) and k8s.io/apimachinery meta/v1
 * (`NewControllerRef`).
 *
 * Guarantees:
 * - The pod copies the template's labels, annotations and finalizers and its
 *   spec, carries `generateName: "<rs>-"` (or the bare name when "<rs>-" is not
 *   a valid generateName prefix) and exactly one ownerReference: the
 *   controllerRef `{apiVersion: apps/v1, kind: ReplicaSet, name, uid,
 *   controller: true, blockOwnerDeletion: true}`.
 * - Upstream deep-copies because Go objects are mutable. A frozen part of the
 *   template (a cached ReplicaSet's are all frozen) cannot change, so it is
 *   shared instead of copied, and the pod itself is returned frozen: the API
 *   server then keeps those parts as they are, and every pod of a ReplicaSet
 *   shares its template's spec, labels and controllerRef rather than holding
 *   copies. Parts that are not frozen are copied, as upstream copies.
 * - A template without labels is refused with upstream's error text
 *   "unable to create pods, no labels" (no API call, no event).
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { nameIsDNSSubdomain } from "@kubesim/api";

/** The error createPods returns for a label-less template. */
export const NoLabelsError = "unable to create pods, no labels";

/** metav1.NewControllerRef(rs, apps/v1 ReplicaSet). */
export function newControllerRef(rs: ReplicaSet): OwnerReference {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    name: rs.metadata?.name ?? "",
    uid: rs.metadata?.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** getPodsPrefix: "<name>-" when valid as a generateName, else the bare name. */
export function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : controllerName;
}

/** The outcome of building a pod: the pod, or upstream's refusal. */
export type PodFromTemplate =
  { readonly ok: true; readonly pod: Pod } | { readonly ok: false; readonly error: string };

/**
 * GetPodFromTemplate(rs.spec.template, rs, controllerRef), plus the label
 * check createPods performs before calling the API.
 */
export function getPodFromTemplate(rs: ReplicaSet): PodFromTemplate {
  const template = rs.spec?.template;
  const labels = template?.metadata?.labels ?? {};
  if (Object.keys(labels).length === 0) return { ok: false, error: NoLabelsError };
  const annotations = template?.metadata?.annotations;
  const finalizers = template?.metadata?.finalizers;
  const spec = template?.spec ?? { containers: [] };
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: Object.freeze({
      namespace: rs.metadata?.namespace ?? "",
      generateName: podsPrefix(rs.metadata?.name ?? ""),
      labels: shareOr(labels, () => ({ ...labels })),
      ...(annotations !== undefined
        ? { annotations: shareOr(annotations, () => ({ ...annotations })) }
        : {}),
      ...(finalizers !== undefined
        ? { finalizers: shareOr(finalizers, () => [...finalizers]) }
        : {}),
      ownerReferences: Object.freeze([Object.freeze(newControllerRef(rs))]) as OwnerReference[],
    }),
    spec: shareOr(spec, () => structuredClone(spec)),
  };
  return { ok: true, pod: Object.freeze(pod) };
}

/** `part` itself when frozen (nothing can change it), else a frozen copy (see the module comment). */
function shareOr<T extends object>(part: T, copy: () => T): T {
  return Object.isFrozen(part) ? part : deepFreeze(copy());
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}
