/**
 * The endpoints of one service, per service port, from its EndpointSlices
 * (pkg/proxy/endpointslicecache.go endpointInfoByServicePort / addEndpoints):
 * a slice port is matched to the service port of the same name and protocol,
 * so a named targetPort resolved differently per pod gives each slice its own
 * port number; only IPv4 slices; only the first address of an endpoint;
 * conditions default to ready, serving, not terminating when unset (the
 * EndpointSlice API contract); an endpoint listed twice (moving between
 * slices, or an IP reused by a new pod while the old one terminates) keeps
 * the non-terminating copy.
 */
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { ProxyEndpoint } from "./endpoint-selection.js";

/** kubernetes.io/service-name: the label that ties a slice to its service. */
export const LabelServiceName = "kubernetes.io/service-name";

/** An endpoint as kube-proxy keeps it, plus the pod it points at (for teaching). */
export interface ServiceEndpoint extends ProxyEndpoint {
  readonly targetRef?: { readonly namespace: string; readonly name: string };
}

/** The key of a service port in the cache: "<port name>/<protocol>". */
export function portKey(portName: string, protocol: string): string {
  return `${portName}/${protocol}`;
}

/**
 * The endpoints of each port of a service, from the service's slices (any
 * order: they are taken in name order). Endpoints come back ordered by
 * "ip:port", as the iptables chain orders them.
 */
export function endpointsByServicePort(
  slices: readonly EndpointSlice[],
): Map<string, ServiceEndpoint[]> {
  const sets = new Map<string, Map<string, ServiceEndpoint>>();
  const ordered = [...slices].sort((a, b) => {
    const x = a.metadata?.name ?? "";
    const y = b.metadata?.name ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const slice of ordered) {
    if (slice.addressType !== "IPv4") continue;
    const namespace = slice.metadata?.namespace ?? "default";
    for (const p of slice.ports ?? []) {
      if (p.port === undefined) continue;
      const key = portKey(p.name ?? "", p.protocol ?? "TCP");
      let set = sets.get(key);
      if (set === undefined) {
        set = new Map();
        sets.set(key, set);
      }
      for (const e of slice.endpoints ?? []) {
        const ip = e.addresses[0];
        if (ip === undefined) continue;
        const c = e.conditions ?? {};
        const terminating = c.terminating === true;
        const endpoint: ServiceEndpoint = {
          ip,
          port: p.port,
          ready: c.ready !== false,
          serving: c.serving !== false,
          terminating,
          ...(e.nodeName === undefined ? {} : { nodeName: e.nodeName }),
          ...(e.targetRef?.name === undefined
            ? {}
            : {
                targetRef: {
                  namespace: e.targetRef.namespace ?? namespace,
                  name: e.targetRef.name,
                },
              }),
        };
        const id = `${ip}:${p.port}`;
        if (!set.has(id) || !terminating) set.set(id, endpoint);
      }
    }
  }
  const out = new Map<string, ServiceEndpoint[]>();
  for (const [key, set] of sets) {
    const list = [...set.values()].sort((a, b) => {
      const x = `${a.ip}:${a.port}`;
      const y = `${b.ip}:${b.port}`;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    out.set(key, list);
  }
  return out;
}
