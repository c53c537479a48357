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
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      namespace: rs.metadata?.namespace ?? "",
      generateName: podsPrefix(rs.metadata?.name ?? ""),
      labels: { ...labels },
      ...(annotations !== undefined ? { annotations: { ...annotations } } : {}),
      ...(finalizers !== undefined ? { finalizers: [...finalizers] } : {}),
      ownerReferences: [newControllerRef(rs)],
    },
    spec: structuredClone(template?.spec ?? { containers: [] }),
  };
  return { ok: true, pod };
}
