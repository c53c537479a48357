/**
 * The addresses ingress-nginx writes into status.loadBalancer.ingress of the
 * Ingresses it serves. Mirrors kubernetes/ingress-nginx
 * internal/ingress/status/status.go: runningAddresses
 * (--publish-status-address: each comma-separated entry, an IP as `ip`,
 * anything else as `hostname`; --publish-service: statusAddressFromService),
 * standardizeLoadBalancerIngresses and lessLoadBalancerIngress (sorted by
 * hostname, then IP), and ingressSliceEqual (a write only when IP or hostname
 * differ). Only `ip` and `hostname` are copied: a Service entry's ipMode and
 * ports do not reach the Ingress.
 */
import type { Service } from "kubernetes-types/core/v1";
import type { Ingress, IngressLoadBalancerIngress } from "kubernetes-types/networking/v1";

export type RunningAddresses =
  | { readonly ok: true; readonly addresses: readonly IngressLoadBalancerIngress[] }
  | { readonly ok: false; readonly error: string };

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** net.ParseIP(s) != nil, near enough: a dotted quad, or anything with a colon and only hex digits. */
export function isIP(s: string): boolean {
  return ipv4.test(s) || (s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s));
}

/** nameOrIPToLoadBalancerIngress. */
export function nameOrIP(s: string): IngressLoadBalancerIngress {
  return isIP(s) ? { ip: s } : { hostname: s };
}

/** --publish-status-address: entries split on `,\s*`. */
export function addressesFromFlag(flag: string): IngressLoadBalancerIngress[] {
  return flag.split(/,\s*/).map(nameOrIP);
}

/** statusAddressFromService: what a --publish-service Service says about where the controller is. */
export function statusAddressFromService(
  key: string,
  service: Service | undefined,
): RunningAddresses {
  const slash = key.indexOf("/");
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash === -1 || name === "")
    return { ok: false, error: `invalid format (namespace/name) found in '${key}'` };
  if (service === undefined) return { ok: false, error: `services "${name}" not found` };
  const spec = service.spec ?? {};
  switch (spec.type ?? "ClusterIP") {
    case "ExternalName":
      return { ok: true, addresses: [{ hostname: spec.externalName ?? "" }] };
    case "ClusterIP":
      return { ok: true, addresses: [{ ip: spec.clusterIP ?? "" }] };
    case "NodePort":
      if (spec.externalIPs === undefined)
        return { ok: true, addresses: [{ ip: spec.clusterIP ?? "" }] };
      return { ok: true, addresses: spec.externalIPs.map((ip) => ({ ip })) };
    case "LoadBalancer": {
      const addrs: IngressLoadBalancerIngress[] = (service.status?.loadBalancer?.ingress ?? []).map(
        (lb) => ({
          ...(lb.hostname !== undefined && lb.hostname !== "" ? { hostname: lb.hostname } : {}),
          ...(lb.ip !== undefined && lb.ip !== "" ? { ip: lb.ip } : {}),
        }),
      );
      for (const ip of spec.externalIPs ?? [])
        if (!addrs.some((a) => a.ip === ip || a.hostname === ip)) addrs.push({ ip });
      return { ok: true, addresses: addrs };
    }
    default:
      return { ok: false, error: `unable to extract IP address/es from service ${key}` };
  }
}

/** lessLoadBalancerIngress: hostname, then IP (both as Go compares strings). */
export function sortLoadBalancerIngresses(
  addrs: readonly IngressLoadBalancerIngress[],
): IngressLoadBalancerIngress[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...addrs].sort(
    (a, b) => cmp(a.hostname ?? "", b.hostname ?? "") || cmp(a.ip ?? "", b.ip ?? ""),
  );
}

/** ingressSliceEqual over two sorted lists. */
export function loadBalancerIngressesEqual(
  lhs: readonly IngressLoadBalancerIngress[],
  rhs: readonly IngressLoadBalancerIngress[],
): boolean {
  if (lhs.length !== rhs.length) return false;
  return lhs.every(
    (l, i) =>
      (l.ip ?? "") === (rhs[i]?.ip ?? "") && (l.hostname ?? "") === (rhs[i]?.hostname ?? ""),
  );
}

/** Whether the Ingress's status already says `sorted` (updateStatus's skip). */
export function statusIsCurrent(
  ingress: Ingress,
  sorted: readonly IngressLoadBalancerIngress[],
): boolean {
  const current = sortLoadBalancerIngresses(ingress.status?.loadBalancer?.ingress ?? []);
  return loadBalancerIngressesEqual(current, sorted);
}

/** The IPs among the addresses, in order, without duplicates: where the controller answers. */
export function addressIPs(addrs: readonly IngressLoadBalancerIngress[]): string[] {
  const out: string[] = [];
  for (const a of addrs)
    if (a.ip !== undefined && a.ip !== "" && !out.includes(a.ip)) out.push(a.ip);
  return out;
}
