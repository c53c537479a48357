/**
 * Which pods belong in a Service's endpoints, and which Services a pod event
 * concerns. Mirrors kubernetes/kubernetes
 * staging/src/k8s.io/endpointslice/util/controller_utils.go
 * (`ShouldPodBeInEndpoints`, `ShouldSetHostname`, `podEndpointsChanged`,
 * `GetPodUpdateProjectionKey`, `GetServicesToUpdate`, `getServicesForPod`,
 * `determineNeededServiceUpdates`, `IsPodReady`), shared by the Endpoints
 * and the EndpointSlice controllers.
 */
import type { Pod, Service } from "kubernetes-types/core/v1";
import type { Lister } from "@kubesim/runtime";
import { listByLabelSet, servicesSelectingLabels } from "./label-index.js";

export { selectorMatches } from "./label-index.js";

/** IsPodReady: the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
}

/** isPodTerminal: phase Succeeded or Failed. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** The pod is being deleted (metadata.deletionTimestamp is set). */
export function isPodTerminating(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp != null;
}

/**
 * ShouldPodBeInEndpoints: not terminal, has an IP, and not terminating unless
 * `includeTerminating`.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if ((pod.status?.podIP ?? "") === "" && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && isPodTerminating(pod)) return false;
  return true;
}

/** ShouldSetHostname: the pod names a hostname and its subdomain is the service. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    (pod.spec?.hostname ?? "") !== "" &&
    (pod.spec?.subdomain ?? "") === (svc.metadata?.name ?? "") &&
    (svc.metadata?.namespace ?? "") === (pod.metadata?.namespace ?? "")
  );
}

/**
 * The pods of the service's namespace that its (non-nil) selector matches, in
 * key order (podLister.Pods(ns).List(labels.Set(selector).AsSelectorPreValidated())).
 * The lister must carry `PodLabelIndex` (label-index.ts): the pods come from
 * the smallest bucket of the selector's pairs, not from the whole namespace.
 */
export function podsForService(podLister: Lister<Pod>, service: Service): Pod[] {
  const selector = service.spec?.selector;
  if (selector == null) return [];
  return listByLabelSet(podLister, service.metadata?.namespace ?? "", selector);
}

const sameLabels = (
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean => {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => (b ?? {})[k] === (a ?? {})[k]);
};

const podIPList = (pod: Pod): string[] => (pod.status?.podIPs ?? []).map((p) => p.ip ?? "");

/**
 * podEndpointsChanged: [podChanged, labelsChanged]. The pod changed when its
 * deletionTimestamp, readiness or IPs did; its labels changed when the
 * labels, hostname or subdomain did.
 */
export function podEndpointsChanged(oldPod: Pod, newPod: Pod): [boolean, boolean] {
  const labelsChanged =
    !sameLabels(newPod.metadata?.labels, oldPod.metadata?.labels) ||
    (newPod.spec?.hostname ?? "") !== (oldPod.spec?.hostname ?? "") ||
    (newPod.spec?.subdomain ?? "") !== (oldPod.spec?.subdomain ?? "");
  if ((newPod.metadata?.deletionTimestamp ?? null) !== (oldPod.metadata?.deletionTimestamp ?? null))
    return [true, labelsChanged];
  if (isPodReady(oldPod) !== isPodReady(newPod)) return [true, labelsChanged];
  const a = podIPList(oldPod);
  const b = podIPList(newPod);
  if (a.length !== b.length || a.some((ip, i) => ip !== b[i])) return [true, labelsChanged];
  return [false, labelsChanged];
}

/**
 * getServicesForPod: keys of the namespace's services whose non-nil selector
 * matches, in key order. The lister must carry `ServiceSelectorIndex`
 * (label-index.ts): only services whose selector could match are looked at.
 */
export function getServicesForPod(
  serviceLister: Lister<Service>,
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
): Set<string> {
  return new Set(servicesSelectingLabels(serviceLister, namespace, labels));
}

/** GetPodServiceMemberships: the services a pod (added or deleted) belongs to. */
export function getPodServiceMemberships(serviceLister: Lister<Service>, pod: Pod): Set<string> {
  return getServicesForPod(serviceLister, pod.metadata?.namespace ?? "", pod.metadata?.labels);
}

/**
 * GetServicesToUpdateOnPodChange: nothing for a resync (same
 * resourceVersion) or an irrelevant change; the current services when only
 * the pod changed; with new labels, the union (pod changed too) or the
 * symmetric difference (labels only) of the old and new services.
 */
export function getServicesToUpdateOnPodChange(
  serviceLister: Lister<Service>,
  oldPod: Pod,
  newPod: Pod,
): Set<string> {
  if (newPod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return new Set();
  const [podChanged, labelsChanged] = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const namespace = newPod.metadata?.namespace ?? "";
  const services = getServicesForPod(serviceLister, namespace, newPod.metadata?.labels);
  if (!labelsChanged) return services;
  const oldServices = getServicesForPod(serviceLister, namespace, oldPod.metadata?.labels);
  if (podChanged) return new Set([...services, ...oldServices]);
  const out = new Set<string>();
  for (const k of services) if (!oldServices.has(k)) out.add(k);
  for (const k of oldServices) if (!services.has(k)) out.add(k);
  return out;
}
