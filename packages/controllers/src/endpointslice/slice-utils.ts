/**
 * Building blocks of the EndpointSlice reconciler. Mirrors kubernetes/kubernetes
 * staging/src/k8s.io/endpointslice/utils.go (`podToEndpoint`,
 * `getEndpointPorts`, `getEndpointAddresses`, `newEndpointSlice`,
 * `getEndpointSlicePrefix`, `ownedBy`, `getSliceToFill`,
 * `setEndpointSliceLabels`, `isReservedLabelKey`, `getAddressTypesForService`,
 * `isServiceIPSet`).
 */
import type { Node, Pod, Service } from "kubernetes-types/core/v1";
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1";
import { findPort } from "./find-port.js";
import { isPodReady, isPodTerminating, shouldSetHostname } from "./pod-util.js";

/** discovery.LabelServiceName. */
export const LabelServiceName = "kubernetes.io/service-name";
/** discovery.LabelManagedBy. */
export const LabelManagedBy = "endpointslice.kubernetes.io/managed-by";
/** v1.IsHeadlessService. */
export const IsHeadlessService = "service.kubernetes.io/headless";
/** v1.LabelTopologyZone. */
export const LabelTopologyZone = "topology.kubernetes.io/zone";
/** The EndpointSlice controller's name, its managed-by label value. */
export const EndpointSliceControllerName = "endpointslice-controller.k8s.io";
/** --max-endpoints-per-slice's default. */
export const DefaultMaxEndpointsPerSlice = 100;

export type AddressType = "IPv4" | "IPv6";

/** The pod's IPs (status.podIPs, else status.podIP). */
export function podIPs(pod: Pod): string[] {
  const list = (pod.status?.podIPs ?? []).map((p) => p.ip ?? "").filter((ip) => ip !== "");
  if (list.length > 0) return list;
  const ip = pod.status?.podIP ?? "";
  return ip === "" ? [] : [ip];
}

export const isIPv6 = (ip: string): boolean => ip.includes(":");

/** getEndpointAddresses: the pod's IPs of the address type. */
export function getEndpointAddresses(pod: Pod, addressType: AddressType): string[] {
  return podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === "IPv6"));
}

/**
 * podToEndpoint: serving = Ready, terminating = deletionTimestamp set,
 * ready = publishNotReadyAddresses || (serving && !terminating); nodeName,
 * zone (node label), hostname (when the pod's subdomain is the service).
 */
export function podToEndpoint(
  pod: Pod,
  node: Node | undefined,
  service: Service,
  addressType: AddressType,
): Endpoint {
  const serving = isPodReady(pod);
  const terminating = isPodTerminating(pod);
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const nodeName = pod.spec?.nodeName ?? "";
  const zone = node?.metadata?.labels?.[LabelTopologyZone] ?? "";
  return {
    addresses: getEndpointAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(pod, service) ? { hostname: pod.spec?.hostname ?? "" } : {}),
    targetRef: {
      kind: "Pod",
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      uid: pod.metadata?.uid ?? "",
    },
    ...(nodeName === "" ? {} : { nodeName }),
    ...(zone === "" ? {} : { zone }),
  };
}

/**
 * getEndpointPorts: one port per service port found on the pod (FindPort);
 * none for a headless service without ports.
 */
export function getEndpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const ports = service.spec?.ports ?? [];
  if (ports.length === 0 && service.spec?.clusterIP === "None") return [];
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({
      name: sp.name ?? "",
      port,
      protocol: sp.protocol ?? "TCP",
      ...(sp.appProtocol === undefined ? {} : { appProtocol: sp.appProtocol }),
    });
  }
  return out;
}

/** isServiceIPSet: clusterIP neither "" nor "None". */
export function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? "";
  return ip !== "" && ip !== "None";
}

/**
 * getAddressTypesForService: from spec.ipFamilies; without them, the family
 * of the clusterIP. kubesim is single-stack: a service without either gets
 * IPv4 (upstream assumes both families in that upgrade case).
 */
export function getAddressTypesForService(service: Service): AddressType[] {
  const out: AddressType[] = [];
  for (const f of service.spec?.ipFamilies ?? []) {
    if (f === "IPv4" && !out.includes("IPv4")) out.push("IPv4");
    if (f === "IPv6" && !out.includes("IPv6")) out.push("IPv6");
  }
  if (out.length > 0) return out;
  if (isServiceIPSet(service)) return [isIPv6(service.spec?.clusterIP ?? "") ? "IPv6" : "IPv4"];
  return ["IPv4"];
}

/** isReservedLabelKey. */
export function isReservedLabelKey(key: string): boolean {
  return key === LabelServiceName || key === LabelManagedBy || key === IsHeadlessService;
}

/**
 * setEndpointSliceLabels: the service's labels (reserved keys skipped), the
 * headless label when the service has no cluster IP, the service-name and
 * managed-by labels; and whether the non-reserved labels differ from the
 * slice's.
 */
export function setEndpointSliceLabels(
  slice: EndpointSlice | undefined,
  service: Service,
  controllerName: string,
): { labels: Record<string, string>; changed: boolean } {
  const epLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice?.metadata?.labels ?? {}))
    if (!isReservedLabelKey(k)) epLabels[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata?.labels ?? {}))
    if (!isReservedLabelKey(k)) labels[k] = v;
  const ka = Object.keys(epLabels);
  const changed =
    ka.length !== Object.keys(labels).length || ka.some((k) => labels[k] !== epLabels[k]);
  if (!isServiceIPSet(service)) labels[IsHeadlessService] = "";
  labels[LabelServiceName] = service.metadata?.name ?? "";
  labels[LabelManagedBy] = controllerName;
  return { labels, changed };
}

/** getEndpointSlicePrefix: "<service>-" (the service name alone if that is no valid prefix). */
export function getEndpointSlicePrefix(serviceName: string): string {
  // NameIsDNSSubdomain with prefix=true only checks the length after the suffix is added.
  return serviceName.length + 1 > 253 - 5 ? serviceName : `${serviceName}-`;
}

/** newEndpointSlice: an unnamed slice (generateName) owned by the service. */
export function newEndpointSlice(
  service: Service,
  ports: readonly EndpointPort[],
  addressType: AddressType,
  controllerName: string,
): EndpointSlice {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      generateName: getEndpointSlicePrefix(service.metadata?.name ?? ""),
      namespace: service.metadata?.namespace ?? "",
      labels: setEndpointSliceLabels(undefined, service, controllerName).labels,
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Service",
          name: service.metadata?.name ?? "",
          uid: service.metadata?.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports: [...ports],
  };
}

/** ownedBy: an ownerReference to this service (uid, kind Service, apiVersion v1). */
export function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some(
    (o) => o.uid === service.metadata?.uid && o.kind === "Service" && o.apiVersion === "v1",
  );
}

/** getSliceToFill: the slice closest to full after adding `numEndpoints`, if any fits. */
export function getSliceToFill<S extends { readonly endpoints: readonly unknown[] }>(
  slices: readonly S[],
  numEndpoints: number,
  maxEndpoints: number,
): S | undefined {
  let closestDiff = maxEndpoints;
  let closest: S | undefined;
  for (const s of slices) {
    const diff = maxEndpoints - (numEndpoints + s.endpoints.length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = s;
      if (diff === 0) return closest;
    }
  }
  return closest;
}
