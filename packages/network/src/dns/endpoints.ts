/**
 * The endpoints CoreDNS serves for a service: EndpointSlices reduced to ready
 * addresses (coredns plugin/kubernetes/object/endpoint.go
 * endpointSliceToEndpoints: an endpoint whose ready condition is unset counts
 * as ready; a slice without ports gets the sentinel port -1), or core/v1
 * Endpoints' `addresses` when the view has no slices.
 */
import type { ClusterDnsView } from "./types.js";

export interface EndpointAddress {
  readonly ip: string;
  readonly hostname: string;
}

export interface EndpointPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

export interface EndpointSet {
  readonly addresses: readonly EndpointAddress[];
  readonly ports: readonly EndpointPort[];
}

const serviceNameLabel = "kubernetes.io/service-name";
const sentinel: readonly EndpointPort[] = [{ name: "", port: -1, protocol: "" }];

/** The ready endpoint sets of service `name` in `namespace` (both lower case). */
export function endpointSets(view: ClusterDnsView, name: string, namespace: string): EndpointSet[] {
  const sameNs = (ns: string | undefined) => (ns ?? "default").toLowerCase() === namespace;
  if (view.endpointSlices !== undefined) {
    return view.endpointSlices
      .filter(
        (s) =>
          sameNs(s.metadata?.namespace) &&
          (s.metadata?.labels?.[serviceNameLabel] ?? "").toLowerCase() === name &&
          s.addressType === "IPv4",
      )
      .map((s) => ({
        ports:
          s.ports === undefined || s.ports.length === 0
            ? sentinel
            : s.ports.map((p) => ({
                name: p.name ?? "",
                port: p.port ?? -1,
                protocol: p.protocol ?? "",
              })),
        addresses: (s.endpoints ?? [])
          .filter((e) => e.conditions?.ready !== false)
          .flatMap((e) => e.addresses.map((ip) => ({ ip, hostname: e.hostname ?? "" }))),
      }));
  }
  return (view.endpoints ?? [])
    .filter((e) => sameNs(e.metadata?.namespace) && (e.metadata?.name ?? "").toLowerCase() === name)
    .flatMap((e) => e.subsets ?? [])
    .map((s) => ({
      ports:
        s.ports === undefined || s.ports.length === 0
          ? sentinel
          : s.ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol ?? "" })),
      addresses: (s.addresses ?? []).map((a) => ({ ip: a.ip, hostname: a.hostname ?? "" })),
    }));
}

/** kubernetes.go endpointHostname (endpoint_pod_names off): the hostname, else the IP with dashes. */
export function endpointHostname(addr: EndpointAddress): string {
  if (addr.hostname !== "") return addr.hostname;
  return addr.ip.replaceAll(".", "-");
}
