/**
 * The Endpoints object a service should have, as pure functions. Mirrors the
 * deciding half of kubernetes/kubernetes
 * pkg/controller/endpoint/endpoints_controller.go (`syncService` from the
 * pod list to the object to write, `podToEndpointAddressForService`,
 * `addEndpointSubset`, `endpointPortFromServicePort`,
 * `capacityAnnotationSetCorrectly`, `truncateEndpoints`, `addressSubset`).
 *
 * - Pods in: not terminal, with an IP of the service's family, not
 *   terminating unless publishNotReadyAddresses.
 * - Each (pod, service port found on the pod) gives one address
 *   {ip, nodeName, targetRef} (+ hostname); it is ready when
 *   publishNotReadyAddresses or the pod is Ready, else not ready.
 *   A headless service without ports lists the addresses without ports.
 * - The subsets are repacked (repack.ts). Nothing is written when the
 *   subsets (targetRef resourceVersions ignored), the labels (headless label
 *   aside) and the over-capacity annotation are already right.
 * - Labels: the service's, plus `service.kubernetes.io/headless: ""` without
 *   a cluster IP. Annotations: last-change-trigger-time (set or removed);
 *   over 1000 addresses, truncated with `endpoints.kubernetes.io/over-capacity:
 *   truncated`.
 */
import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  Endpoints,
  Pod,
  Service,
  ServicePort,
} from "kubernetes-types/core/v1";
import { findPort } from "../endpointslice/find-port.js";
import {
  isPodReady,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from "../endpointslice/pod-util.js";
import { IsHeadlessService, isIPv6, isServiceIPSet, podIPs } from "../endpointslice/slice-utils.js";
import {
  EndpointsLastChangeTriggerTime,
  formatTriggerTime,
} from "../endpointslice/trigger-time-tracker.js";
import { repackSubsets, subsetsEqual } from "./repack.js";

/** maxCapacity: addresses an Endpoints object holds at most. */
export const EndpointsMaxCapacity = 1000;
/** v1.EndpointsOverCapacity. */
export const EndpointsOverCapacity = "endpoints.kubernetes.io/over-capacity";
/** The over-capacity annotation's value. */
export const Truncated = "truncated";

/**
 * podToEndpointAddressForService: the pod's IP of the service's family
 * (spec.ipFamilies[0]; else that of the cluster IP; headless: the pod IP's),
 * or undefined when the pod has none.
 */
export function podToEndpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  const ips = podIPs(pod);
  let v6: boolean;
  const family = svc.spec?.ipFamilies?.[0];
  if (family !== undefined) v6 = family === "IPv6";
  else if (isServiceIPSet(svc)) v6 = isIPv6(svc.spec?.clusterIP ?? "");
  else v6 = isIPv6(pod.status?.podIP ?? "");
  const ip = ips.find((i) => isIPv6(i) === v6);
  if (ip === undefined) return undefined;
  return {
    ip,
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec?.hostname ?? "" } : {}),
    nodeName: pod.spec?.nodeName ?? "",
    targetRef: {
      kind: "Pod",
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      uid: pod.metadata?.uid ?? "",
    },
  };
}

/** endpointPortFromServicePort (an empty name is omitted, as Go's `json:"name,omitempty"` does). */
export function endpointPortFromServicePort(sp: ServicePort, port: number): EndpointPort {
  return {
    ...(sp.name === undefined || sp.name === "" ? {} : { name: sp.name }),
    port,
    protocol: sp.protocol ?? "TCP",
    ...(sp.appProtocol === undefined ? {} : { appProtocol: sp.appProtocol }),
  };
}

export interface ComputedSubsets {
  readonly subsets: EndpointSubset[];
  readonly readyEps: number;
  readonly notReadyEps: number;
}

/** The repacked subsets of a service for its matching pods. */
export function computeSubsets(service: Service, pods: readonly Pod[]): ComputedSubsets {
  const publish = service.spec?.publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  let readyEps = 0;
  let notReadyEps = 0;
  const add = (pod: Pod, epa: EndpointAddress, epp: EndpointPort | undefined) => {
    const ports = epp === undefined ? {} : { ports: [epp] };
    if (publish || isPodReady(pod)) {
      subsets.push({ addresses: [epa], ...ports });
      readyEps++;
    } else {
      subsets.push({ notReadyAddresses: [epa], ...ports });
      notReadyEps++;
    }
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publish)) continue;
    const epa = podToEndpointAddress(service, pod);
    if (epa === undefined) continue;
    const ports = service.spec?.ports ?? [];
    if (ports.length === 0) {
      if (service.spec?.clusterIP === "None") add(pod, epa, undefined);
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      add(pod, epa, endpointPortFromServicePort(sp, port));
    }
  }
  return { subsets: repackSubsets(subsets), readyEps, notReadyEps };
}

const countAddresses = (subsets: readonly EndpointSubset[]): number =>
  subsets.reduce((n, s) => n + (s.addresses ?? []).length + (s.notReadyAddresses ?? []).length, 0);

/** capacityAnnotationSetCorrectly. */
export function capacityAnnotationSetCorrectly(
  annotations: Readonly<Record<string, string>> | undefined,
  subsets: readonly EndpointSubset[] | undefined,
): boolean {
  if (countAddresses(subsets ?? []) > EndpointsMaxCapacity) return false;
  return annotations?.[EndpointsOverCapacity] === undefined;
}

/**
 * truncateEndpoints: over capacity, keep ready addresses first, each subset
 * keeping its share (rounded up) of the room left. Undefined when nothing
 * needs truncating.
 */
export function truncateSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] | undefined {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += (s.addresses ?? []).length;
    totalNotReady += (s.notReadyAddresses ?? []).length;
  }
  if (totalReady + totalNotReady <= EndpointsMaxCapacity) return undefined;
  let truncateReady = false;
  let max = EndpointsMaxCapacity - totalReady;
  let numTotal = totalNotReady;
  if (totalReady > EndpointsMaxCapacity) {
    truncateReady = true;
    max = EndpointsMaxCapacity;
    numTotal = totalReady;
  }
  let canBeAdded = max;
  return subsets.map((s) => {
    const inSubset = truncateReady
      ? (s.addresses ?? []).length
      : (s.notReadyAddresses ?? []).length;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      const addresses = (s.addresses ?? []).slice(0, Math.max(0, toBeAdded));
      canBeAdded -= addresses.length;
      const { notReadyAddresses: _n, ...rest } = s;
      return { ...rest, addresses, notReadyAddresses: [] };
    }
    const notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, Math.max(0, toBeAdded));
    canBeAdded -= notReadyAddresses.length;
    return { ...s, notReadyAddresses };
  });
}

export interface EndpointsPlanInput {
  readonly service: Service;
  readonly subsets: readonly EndpointSubset[];
  /** The Endpoints in the cache, if any. */
  readonly current: Endpoints | undefined;
  /** The last-change trigger time; undefined removes the annotation. */
  readonly triggerTime: number | undefined;
}

export type EndpointsPlan =
  | { readonly action: "none" }
  | { readonly action: "create" | "update"; readonly endpoints: Endpoints };

const sameLabels = (
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean => {
  const ka = Object.keys(a ?? {});
  return (
    ka.length === Object.keys(b ?? {}).length && ka.every((k) => (b ?? {})[k] === (a ?? {})[k])
  );
};

/** The write syncService makes, if any. */
export function planEndpoints(input: EndpointsPlanInput): EndpointsPlan {
  const { service, subsets, current } = input;
  const create = current === undefined || (current.metadata?.resourceVersion ?? "") === "";
  if (!create) {
    const compareLabels = { ...(current.metadata?.labels ?? {}) };
    delete compareLabels[IsHeadlessService];
    if (
      subsetsEqual(current.subsets, subsets) &&
      sameLabels(compareLabels, service.metadata?.labels) &&
      capacityAnnotationSetCorrectly(current.metadata?.annotations, current.subsets)
    )
      return { action: "none" };
  }
  const annotations: Record<string, string> = { ...(current?.metadata?.annotations ?? {}) };
  if (input.triggerTime !== undefined)
    annotations[EndpointsLastChangeTriggerTime] = formatTriggerTime(input.triggerTime);
  else delete annotations[EndpointsLastChangeTriggerTime];
  const truncated = truncateSubsets(subsets);
  if (truncated !== undefined) annotations[EndpointsOverCapacity] = Truncated;
  else delete annotations[EndpointsOverCapacity];
  const labels: Record<string, string> = { ...(service.metadata?.labels ?? {}) };
  if (!isServiceIPSet(service)) labels[IsHeadlessService] = "";
  else delete labels[IsHeadlessService];
  const finalSubsets = truncated ?? subsets;
  const base: Endpoints = current ?? {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: service.metadata?.name ?? "", namespace: service.metadata?.namespace ?? "" },
  };
  const { subsets: _old, ...rest } = base;
  const endpoints: Endpoints = {
    ...rest,
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      ...base.metadata,
      labels,
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
    },
    ...(finalSubsets.length === 0 ? {} : { subsets: [...finalSubsets] }),
  };
  if (Object.keys(annotations).length === 0 && endpoints.metadata?.annotations !== undefined) {
    const { annotations: _a, ...m } = endpoints.metadata;
    return { action: create ? "create" : "update", endpoints: { ...endpoints, metadata: m } };
  }
  return { action: create ? "create" : "update", endpoints };
}
