/**
 * The upstreams ingress-nginx builds for its locations: one per Ingress
 * service backend, named `<namespace>-<service>-<port>`, holding the ready
 * endpoints of the Service port the backend names. Mirrors
 * kubernetes/ingress-nginx internal/ingress/controller/controller.go
 * (upstreamName, serviceEndpoints: the Service port is the one whose number,
 * targetPort or name equals the backend's port) and
 * internal/ingress/controller/endpointslices.go (getEndpointsFromSlices: the
 * Service's EndpointSlices, TCP ports matched by name or, for an unnamed
 * Service port, the slice's only port; endpoints whose ready condition is
 * false are left out; duplicates of "ip:port" dropped).
 *
 * ExternalName Services are not resolved (ingress-nginx resolves them with
 * DNS from Lua): they get no endpoints, so their locations answer 503.
 */
import type { ObjectReference, Service, ServicePort } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { ServiceBackendPort } from "kubernetes-types/networking/v1";
import type { ServiceBackendRef } from "../ingress/types.js";

/** One upstream server (ingress.Endpoint). */
export interface UpstreamEndpoint {
  readonly address: string;
  readonly port: number;
  /** The pod behind the address, from the slice's targetRef. */
  readonly targetRef?: ObjectReference;
  readonly nodeName?: string;
}

/** One upstream (ingress.Backend): a Service port and its endpoints. */
export interface Upstream {
  readonly name: string;
  readonly service: ServiceBackendRef;
  /** The Service port the backend resolved to; undefined when the Service or port is missing. */
  readonly servicePort: ServicePort | undefined;
  readonly endpoints: readonly UpstreamEndpoint[];
  /** Why there are no endpoints, in the controller's log words. */
  readonly warning?: string;
}

/** upstreamName: `<namespace>-<service>-<port number or name>`. */
export function upstreamName(ref: ServiceBackendRef): string {
  const p = ref.port;
  if (p.number !== undefined && p.number > 0) return `${ref.namespace}-${ref.name}-${p.number}`;
  if (p.name !== undefined && p.name !== "") return `${ref.namespace}-${ref.name}-${p.name}`;
  return `${ref.namespace}-INVALID`;
}

/** The backend port as the controller compares it (IngressServiceBackend port.String()). */
export function backendPortString(port: ServiceBackendPort): string {
  if (port.name !== undefined && port.name !== "") return port.name;
  return String(port.number ?? 0);
}

/** intstr.IntOrString.String(). */
function targetPortString(sp: ServicePort): string {
  const t = sp.targetPort;
  if (t === undefined) return String(sp.port);
  return typeof t === "number" ? String(t) : t;
}

/** getEndpointsFromSlices for one Service port, TCP. */
export function endpointsFromSlices(
  port: ServicePort,
  slices: readonly EndpointSlice[],
): UpstreamEndpoint[] {
  const out: UpstreamEndpoint[] = [];
  const seen = new Set<string>();
  const numericTarget = typeof port.targetPort === "number" ? port.targetPort : undefined;
  const portName = port.name ?? "";
  for (const eps of slices) {
    const ports: number[] = [];
    const slicePorts = eps.ports ?? [];
    if (slicePorts.length === 0 && (numericTarget !== undefined || port.targetPort === undefined)) {
      ports.push(numericTarget ?? port.port);
    } else {
      for (const ep of slicePorts) {
        if ((ep.protocol ?? "TCP") !== "TCP") continue;
        let target = 0;
        if (portName === "") target = ep.port ?? 0;
        else if (portName === (ep.name ?? "")) target = ep.port ?? 0;
        if (target === 0 && numericTarget !== undefined) target = numericTarget;
        if (target === 0) continue;
        ports.push(target);
      }
    }
    for (const ep of eps.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const p of ports)
        for (const address of ep.addresses) {
          const hostPort = `${address}:${p}`;
          if (seen.has(hostPort)) continue;
          seen.add(hostPort);
          out.push({
            address,
            port: p,
            ...(ep.targetRef === undefined ? {} : { targetRef: ep.targetRef }),
            ...(ep.nodeName === undefined ? {} : { nodeName: ep.nodeName }),
          });
        }
    }
  }
  return out;
}

/** serviceEndpoints plus the upstream around it. `slices` are the Service's EndpointSlices. */
export function buildUpstream(
  ref: ServiceBackendRef,
  service: Service | undefined,
  slices: readonly EndpointSlice[],
): Upstream {
  const name = upstreamName(ref);
  const svcKey = `${ref.namespace}/${ref.name}`;
  if (service === undefined)
    return {
      name,
      service: ref,
      servicePort: undefined,
      endpoints: [],
      warning: `Error obtaining Endpoints for Service "${svcKey}": no object matching key "${svcKey}" in local store`,
    };
  if (service.spec?.type === "ExternalName")
    return {
      name,
      service: ref,
      servicePort: undefined,
      endpoints: [],
      warning: `Service "${svcKey}" of type ExternalName is not resolved by kubesim's ingress controller`,
    };
  const backendPort = backendPortString(ref.port);
  const sp = (service.spec?.ports ?? []).find(
    (p) =>
      String(p.port) === backendPort ||
      targetPortString(p) === backendPort ||
      (p.name ?? "") === backendPort,
  );
  if (sp === undefined)
    return {
      name,
      service: ref,
      servicePort: undefined,
      endpoints: [],
      warning: `Service "${svcKey}" does not have any active Endpoint.`,
    };
  const endpoints = endpointsFromSlices(sp, slices);
  return {
    name,
    service: ref,
    servicePort: sp,
    endpoints,
    ...(endpoints.length === 0
      ? { warning: `Service "${svcKey}" does not have any active Endpoint.` }
      : {}),
  };
}
