/**
 * The EndpointSlice reconciler's decisions, as a pure function: the slices a
 * service should have, given its pods and the slices it has. Mirrors
 * kubernetes/kubernetes staging/src/k8s.io/endpointslice/reconciler.go
 * (`Reconcile`, `reconcileByAddressType`, `reconcileByPortMapping`, the
 * placeholder slice, and the create-to-update swap of `finalize`).
 *
 * Per address type, endpoints are grouped by their resolved port set; each
 * group is reconciled against the owned slices with the same ports:
 *  1. existing slices keep the endpoints still desired (updated in place when
 *     they changed), drop the others, and are deleted when left empty; a
 *     slice whose service labels changed is updated;
 *  2. the remaining endpoints fill the slices already being updated, fullest
 *     first;
 *  3. what is left goes into the unchanged slice closest to full that can
 *     take all of it (only when fewer than maxEndpointsPerSlice remain), else
 *     into new slices of up to maxEndpointsPerSlice.
 * Slices of port sets no longer desired, of other address types, or not owned
 * by the service (an old service of the same name) are deleted. A service
 * with no endpoints keeps exactly one placeholder slice with no endpoints and
 * no ports. Finally each create takes over a slice about to be deleted (same
 * address type, owned), becoming an update of it, so names stay stable.
 *
 * Deterministic where upstream iterates Go maps: port sets in the order their
 * first pod appears, slices in the order given, endpoints in pod order.
 */
import type { Node, Pod, Service } from "kubernetes-types/core/v1";
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1";
import { EndpointSet, endpointsEqualBeyondHash, portMapKey } from "./endpoint-set.js";
import { shouldPodBeInEndpoints } from "./pod-util.js";
import {
  getAddressTypesForService,
  getEndpointPorts,
  getSliceToFill,
  newEndpointSlice,
  ownedBy,
  podToEndpoint,
  setEndpointSliceLabels,
  type AddressType,
} from "./slice-utils.js";

export interface ReconcileInput {
  readonly service: Service;
  /** The pods the service's selector matches (any order; kept as given). */
  readonly pods: readonly Pod[];
  /** The slices managed by this controller for this service, not being deleted. */
  readonly existingSlices: readonly EndpointSlice[];
  /** A node by name from the cache; undefined when it does not exist. */
  readonly getNode: (name: string) => Node | undefined;
  readonly maxEndpointsPerSlice: number;
  readonly controllerName: string;
}

export interface ReconcilePlan {
  /** New slices (generateName, no name). */
  readonly create: EndpointSlice[];
  /** Full replacements of existing slices (same name and resourceVersion). */
  readonly update: EndpointSlice[];
  readonly delete: EndpointSlice[];
  /** Pods skipped for a missing node: the sync fails after writing, so it is retried. */
  readonly errors: string[];
}

interface Working {
  /** The slice as it is in the cache; undefined for a new one. */
  readonly original: EndpointSlice | undefined;
  readonly slice: EndpointSlice;
  endpoints: Endpoint[];
  labels: Record<string, string>;
}

const build = (w: Working): EndpointSlice => ({
  ...w.slice,
  metadata: { ...w.slice.metadata, labels: w.labels },
  endpoints: w.endpoints,
});

/** The whole plan for one service (Reconcile). */
export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const supported = getAddressTypesForService(input.service);
  const plan: ReconcilePlan = { create: [], update: [], delete: [], errors: [] };
  const byType = new Map<AddressType, EndpointSlice[]>();
  const wrongType: EndpointSlice[] = [];
  for (const s of input.existingSlices) {
    const t = s.addressType as AddressType;
    if (!supported.includes(t)) {
      wrongType.push(s);
      continue;
    }
    const list = byType.get(t) ?? [];
    list.push(s);
    byType.set(t, list);
  }
  for (const t of supported) {
    const r = reconcileByAddressType(input, byType.get(t) ?? [], t);
    plan.create.push(...r.create);
    plan.update.push(...r.update);
    plan.delete.push(...r.delete);
    plan.errors.push(...r.errors);
  }
  plan.delete.push(...wrongType);
  return plan;
}

function reconcileByAddressType(
  input: ReconcileInput,
  existingSlices: readonly EndpointSlice[],
  addressType: AddressType,
): ReconcilePlan {
  const { service } = input;
  const errors: string[] = [];
  let toCreate: EndpointSlice[] = [];
  let toUpdate: EndpointSlice[] = [];
  let toDelete: EndpointSlice[] = [];

  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const s of existingSlices) {
    if (ownedBy(s, service)) {
      const k = portMapKey(s.ports);
      existingByPorts.set(k, [...(existingByPorts.get(k) ?? []), s]);
    } else {
      toDelete.push(s);
    }
  }

  const desiredPorts = new Map<string, EndpointPort[]>();
  const desired = new Map<string, EndpointSet>();
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = getEndpointPorts(service, pod);
    const k = portMapKey(ports);
    if (!desired.has(k)) {
      desired.set(k, new EndpointSet());
      desiredPorts.set(k, ports);
    }
    const nodeName = pod.spec?.nodeName ?? "";
    const node = input.getNode(nodeName);
    if (node === undefined && !publishNotReady) {
      errors.push(
        `skipping Pod ${pod.metadata?.name ?? ""} for Service ${service.metadata?.namespace ?? ""}/${service.metadata?.name ?? ""}: Node ${nodeName} Not Found`,
      );
      continue;
    }
    const ep = podToEndpoint(pod, node, service, addressType);
    if (ep.addresses.length > 0) desired.get(k)!.insert(ep);
  }

  for (const [k, set] of desired) {
    const r = reconcileByPortMapping(
      input,
      existingByPorts.get(k) ?? [],
      set,
      desiredPorts.get(k) ?? [],
      addressType,
    );
    toCreate.push(...r.create);
    toUpdate.push(...r.update);
    toDelete.push(...r.delete);
  }
  for (const [k, slices] of existingByPorts) if (!desired.has(k)) toDelete.push(...slices);

  // A service without endpoints keeps one placeholder slice.
  if (existingSlices.length === toDelete.length && toCreate.length < 1) {
    const placeholder = newEndpointSlice(service, [], addressType, input.controllerName);
    const only = toDelete.length === 1 ? toDelete[0] : undefined;
    if (only !== undefined && isSamePlaceholder(only, placeholder)) toDelete = [];
    else toCreate.push(placeholder);
  }

  // finalize: creates take over slices that would be deleted.
  for (let i = 0; i < toDelete.length;) {
    if (toCreate.length === 0) break;
    const del = toDelete[i]!;
    const create = toCreate[toCreate.length - 1]!;
    if (del.addressType === create.addressType && ownedBy(del, service)) {
      const { generateName: _g, ...meta } = create.metadata ?? {};
      const name = del.metadata?.name ?? "";
      toUpdate = [...toUpdate, { ...create, metadata: { ...meta, name } }];
      toCreate = toCreate.slice(0, -1);
      toDelete = [...toDelete.slice(0, i), ...toDelete.slice(i + 1)];
    } else {
      i++;
    }
  }
  return { create: toCreate, update: toUpdate, delete: toDelete, errors };
}

/** placeholderSliceCompare: same namespace, labels, owners, address type, no endpoints or ports. */
function isSamePlaceholder(a: EndpointSlice, b: EndpointSlice): boolean {
  const la = a.metadata?.labels ?? {};
  const lb = b.metadata?.labels ?? {};
  const sameLabels =
    Object.keys(la).length === Object.keys(lb).length &&
    Object.keys(la).every((k) => la[k] === lb[k]);
  const ownerText = (s: EndpointSlice) =>
    JSON.stringify(
      (s.metadata?.ownerReferences ?? []).map((o) => [
        o.apiVersion,
        o.kind,
        o.name,
        o.uid,
        o.controller ?? null,
        o.blockOwnerDeletion ?? null,
      ]),
    );
  return (
    (a.metadata?.namespace ?? "") === (b.metadata?.namespace ?? "") &&
    sameLabels &&
    ownerText(a) === ownerText(b) &&
    a.addressType === b.addressType &&
    (a.endpoints ?? []).length === 0 &&
    (a.ports ?? []).length === 0
  );
}

function reconcileByPortMapping(
  input: ReconcileInput,
  existingSlices: readonly EndpointSlice[],
  desiredSet: EndpointSet,
  ports: readonly EndpointPort[],
  addressType: AddressType,
): { create: EndpointSlice[]; update: EndpointSlice[]; delete: EndpointSlice[] } {
  const max = input.maxEndpointsPerSlice;
  const byName = new Map<string, Working>();
  const unchanged: string[] = [];
  const toUpdate: string[] = [];
  const toDelete: EndpointSlice[] = [];

  // 1. Keep the endpoints still desired, update changed ones.
  for (const s of existingSlices) {
    const name = s.metadata?.name ?? "";
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const ep of s.endpoints ?? []) {
      const got = desiredSet.get(ep);
      if (got === undefined) continue;
      kept.push(got);
      if (!endpointsEqualBeyondHash(got, ep)) endpointUpdated = true;
      desiredSet.delete(ep);
    }
    const { labels, changed } = setEndpointSliceLabels(s, input.service, input.controllerName);
    const w: Working = { original: s, slice: s, endpoints: [...(s.endpoints ?? [])], labels };
    byName.set(name, w);
    if (endpointUpdated || (s.endpoints ?? []).length !== kept.length) {
      if (kept.length === 0) {
        toDelete.push(s);
      } else {
        w.endpoints = kept;
        toUpdate.push(name);
      }
    } else if (changed) {
      toUpdate.push(name);
    } else {
      w.labels = { ...(s.metadata?.labels ?? {}) };
      unchanged.push(name);
    }
  }

  // 2. Fill the slices being updated anyway, fullest first.
  if (desiredSet.size > 0 && toUpdate.length > 0) {
    const slices = toUpdate
      .map((n) => byName.get(n)!)
      .sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const w of slices) {
      while (desiredSet.size > 0 && w.endpoints.length < max)
        w.endpoints.push(desiredSet.popAny()!);
    }
  }

  // 3. The rest: into the unchanged slice closest to full that takes it all, or new slices.
  const create: Working[] = [];
  while (desiredSet.size > 0) {
    let fill: Working | undefined;
    if (desiredSet.size < max && unchanged.length > 0) {
      fill = getSliceToFill(
        unchanged.map((n) => byName.get(n)!),
        desiredSet.size,
        max,
      );
    }
    if (fill === undefined) {
      const slice = newEndpointSlice(input.service, ports, addressType, input.controllerName);
      fill = { original: undefined, slice, endpoints: [], labels: slice.metadata?.labels ?? {} };
    } else {
      fill.endpoints = [...fill.endpoints];
    }
    while (desiredSet.size > 0 && fill.endpoints.length < max)
      fill.endpoints.push(desiredSet.popAny()!);
    if (fill.original !== undefined) {
      const name = fill.original.metadata?.name ?? "";
      if (!toUpdate.includes(name)) toUpdate.push(name);
      const i = unchanged.indexOf(name);
      if (i >= 0) unchanged.splice(i, 1);
    } else {
      create.push(fill);
    }
  }

  return {
    create: create.map(build),
    update: toUpdate.map((n) => build(byName.get(n)!)),
    delete: toDelete,
  };
}
