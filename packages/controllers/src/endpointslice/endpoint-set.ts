/**
 * Endpoints keyed by identity, and port sets keyed by content. Mirrors
 * kubernetes/kubernetes staging/src/k8s.io/endpointslice/util/endpointset.go
 * (`EndpointSet`, `hashEndpoint`) and controller_utils.go (`NewPortMapKey`,
 * `EndpointsEqualBeyondHash`).
 *
 * An endpoint's identity is its sorted addresses, hostname and the
 * namespace/name of its targetRef (upstream hashes these with FNV-128a; a
 * canonical string keys the same equality). The set keeps insertion order,
 * so "PopAny" is deterministic here (upstream: Go map order).
 */
import type { Endpoint, EndpointPort } from "kubernetes-types/discovery/v1";

/** hashEndpoint: the identity of an endpoint. */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([
    [...ep.addresses].sort(),
    ep.hostname ?? "",
    ep.targetRef?.namespace ?? "",
    ep.targetRef?.name ?? "",
  ]);
}

const portKey = (p: EndpointPort): string =>
  JSON.stringify([p.name ?? null, p.port ?? null, p.protocol ?? null, p.appProtocol ?? null]);

/** NewPortMapKey: equal for the same set of ports in any order. */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  return JSON.stringify((ports ?? []).map(portKey).sort());
}

/** EndpointSet: desired endpoints by identity, in insertion order. */
export class EndpointSet {
  private readonly items = new Map<string, Endpoint>();

  insert(ep: Endpoint): void {
    this.items.set(endpointKey(ep), ep);
  }

  /** The desired version of the endpoint with this identity. */
  get(ep: Endpoint): Endpoint | undefined {
    return this.items.get(endpointKey(ep));
  }

  delete(ep: Endpoint): void {
    this.items.delete(endpointKey(ep));
  }

  /** PopAny: the oldest inserted endpoint, removed. */
  popAny(): Endpoint | undefined {
    for (const [k, v] of this.items) {
      this.items.delete(k);
      return v;
    }
    return undefined;
  }

  get size(): number {
    return this.items.size;
  }
}

const strChanged = (a: string | undefined, b: string | undefined): boolean =>
  (a === undefined) !== (b === undefined) || (a !== undefined && a !== b);
const boolChanged = (a: boolean | undefined, b: boolean | undefined): boolean =>
  (a === undefined) !== (b === undefined) || (a !== undefined && a !== b);

/**
 * EndpointsEqualBeyondHash: nodeName, zone, the three conditions and the
 * targetRef (its resourceVersion ignored) are equal.
 */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  if (strChanged(a.nodeName, b.nodeName)) return false;
  if (strChanged(a.zone, b.zone)) return false;
  if (boolChanged(a.conditions?.ready, b.conditions?.ready)) return false;
  if (boolChanged(a.conditions?.serving, b.conditions?.serving)) return false;
  if (boolChanged(a.conditions?.terminating, b.conditions?.terminating)) return false;
  const ra = a.targetRef;
  const rb = b.targetRef;
  if ((ra === undefined) !== (rb === undefined)) return false;
  if (ra !== undefined && rb !== undefined) {
    const fields = ["kind", "namespace", "name", "uid", "apiVersion", "fieldPath"] as const;
    if (fields.some((f) => (ra[f] ?? "") !== (rb[f] ?? ""))) return false;
  }
  return true;
}
