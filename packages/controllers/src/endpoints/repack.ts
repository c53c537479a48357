/**
 * The canonical layout of Endpoints subsets. Mirrors kubernetes/kubernetes
 * pkg/api/v1/endpoints/util.go (`RepackSubsets`, `mapAddressByPort`,
 * `SortSubsets`, `LessEndpointAddress`).
 *
 * Every (address, port) pair is expanded, addresses are de-duplicated by
 * IP + targetRef uid, and an address is not ready on a port if any subset
 * listed it not ready there ("not ready always trumps ready"). Addresses that
 * serve exactly the same ports (with the same readiness) share a subset.
 * Subsets without ports (headless services without ports) are kept, under a
 * sentinel port, and come out without ports.
 *
 * Order: addresses by IP (byte-wise) then uid, as upstream. Upstream orders
 * ports and subsets by the MD5 of their Go dump, which has no meaning; here
 * they are ordered by a canonical text of their content, also stable.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset } from "kubernetes-types/core/v1";

const cmpBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** LessEndpointAddress: by IP, then by targetRef uid (no targetRef first). */
export function compareEndpointAddress(a: EndpointAddress, b: EndpointAddress): number {
  const c = cmpBytes(a.ip, b.ip);
  if (c !== 0) return c;
  if (b.targetRef === undefined) return a.targetRef === undefined ? 0 : 1;
  if (a.targetRef === undefined) return -1;
  return cmpBytes(a.targetRef.uid ?? "", b.targetRef.uid ?? "");
}

const portText = (p: EndpointPort): string =>
  JSON.stringify([p.name ?? "", p.port, p.protocol ?? "", p.appProtocol ?? null]);

const addressKey = (a: EndpointAddress): string => JSON.stringify([a.ip, a.targetRef?.uid ?? ""]);

/** The sentinel standing for "no ports". */
const NoPort: EndpointPort = { port: -1 };

/** RepackSubsets: a new, canonical list of subsets. */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  const ports = new Map<string, EndpointPort>();
  // port text -> address key -> ready
  const portToAddrs = new Map<string, Map<string, boolean>>();
  const map = (addr: EndpointAddress, port: EndpointPort, ready: boolean) => {
    const ak = addressKey(addr);
    if (!allAddrs.has(ak)) allAddrs.set(ak, addr);
    const pk = portText(port);
    ports.set(pk, port);
    let set = portToAddrs.get(pk);
    if (set === undefined) portToAddrs.set(pk, (set = new Map()));
    const was = set.get(ak);
    if (was === undefined || was) set.set(ak, ready);
  };
  for (const ss of subsets) {
    const ps = ss.ports ?? [];
    for (const port of ps.length === 0 ? [NoPort] : ps) {
      for (const a of ss.addresses ?? []) map(a, port, true);
      for (const a of ss.notReadyAddresses ?? []) map(a, port, false);
    }
  }
  // Group ports by their identical address sets.
  const groups = new Map<string, { addrs: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const [pk, addrs] of portToAddrs) {
    const key = JSON.stringify([...addrs].sort((x, y) => cmpBytes(x[0], y[0])));
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { addrs, ports: [] }));
    g.ports.push(ports.get(pk)!);
  }
  const final: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [ak, r] of g.addrs) (r ? ready : notReady).push(allAddrs.get(ak)!);
    const ps = g.ports.length === 1 && g.ports[0]!.port === -1 ? [] : g.ports;
    final.push({
      ...(ready.length === 0 ? {} : { addresses: ready }),
      ...(notReady.length === 0 ? {} : { notReadyAddresses: notReady }),
      ...(ps.length === 0 ? {} : { ports: ps }),
    });
  }
  return sortSubsets(final);
}

/** SortSubsets: addresses by IP and uid, ports and subsets in a stable order. */
export function sortSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const sorted = subsets.map((ss) => ({
    ...ss,
    ...(ss.addresses === undefined
      ? {}
      : { addresses: [...ss.addresses].sort(compareEndpointAddress) }),
    ...(ss.notReadyAddresses === undefined
      ? {}
      : { notReadyAddresses: [...ss.notReadyAddresses].sort(compareEndpointAddress) }),
    ...(ss.ports === undefined
      ? {}
      : { ports: [...ss.ports].sort((a, b) => cmpBytes(portText(a), portText(b))) }),
  }));
  const text = (ss: EndpointSubset) => JSON.stringify(canonicalSubset(ss));
  return sorted
    .map((ss) => [text(ss), ss] as const)
    .sort((a, b) => cmpBytes(a[0], b[0]))
    .map(([, ss]) => ss);
}

/** A subset with fields in a fixed order and empties dropped (nil and empty are equal, as Semantic.DeepEqual has it). */
export function canonicalSubset(ss: EndpointSubset): unknown {
  const addr = (a: EndpointAddress) => [
    a.ip,
    a.hostname ?? "",
    a.nodeName ?? null,
    a.targetRef === undefined
      ? null
      : [
          a.targetRef.kind ?? "",
          a.targetRef.namespace ?? "",
          a.targetRef.name ?? "",
          a.targetRef.uid ?? "",
          a.targetRef.apiVersion ?? "",
          a.targetRef.fieldPath ?? "",
        ],
  ];
  return [
    (ss.ports ?? []).map(portText),
    (ss.addresses ?? []).map(addr),
    (ss.notReadyAddresses ?? []).map(addr),
  ];
}

/**
 * endpointSubsetsEqualIgnoreResourceVersion: equal subsets, the targetRefs'
 * resourceVersion ignored.
 */
export function subsetsEqual(
  a: readonly EndpointSubset[] | undefined,
  b: readonly EndpointSubset[] | undefined,
): boolean {
  return (
    JSON.stringify((a ?? []).map(canonicalSubset)) ===
    JSON.stringify((b ?? []).map(canonicalSubset))
  );
}
