/**
 * Pod requests and node allocatable as the scheduler counts them
 * (component-helpers resource.PodRequests, framework.Resource): shared with
 * the kubelet's admission, so they live in @kubesim/api's scheduling helpers.
 *
 * `podRequests` adds one memo on top of @kubesim/api's (which is per pod
 * spec): PodRequests reads only spec.containers, spec.initContainers and
 * spec.overhead, and those lists are shared, by reference, between every pod
 * a ReplicaSet makes from its template and between the versions of one pod
 * whose spec object changes for other reasons (the scheduler's assumed copy
 * with nodeName set, the bound pod the API server returns). Keyed by those
 * lists, a ReplicaSet's pods are parsed once, not three times each.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { scheduling } from "@kubesim/api";

export type Resource = scheduling.Resource;
export type PodRequests = scheduling.PodRequests;
export const {
  DefaultMilliCPURequest,
  DefaultMemoryRequest,
  DefaultMaxPods,
  emptyResource,
  cloneResource,
  isScalarResourceName,
  nodeAllocatable,
} = scheduling;

interface Memo {
  readonly initContainers: unknown;
  readonly overhead: unknown;
  readonly requests: PodRequests;
}

/** spec.containers -> the requests of pods with those containers (and the remembered other inputs). */
const byContainers = new WeakMap<object, Memo>();

/** resource.PodRequests of `pod` (see the module comment for the memo). */
export function podRequests(pod: Pod): PodRequests {
  const spec = pod.spec;
  const containers = spec?.containers;
  // Only frozen specs (the informers' objects; their lists are frozen too) can be keyed by identity.
  if (spec === undefined || containers === undefined || !Object.isFrozen(spec))
    return scheduling.podRequests(pod);
  const memo = byContainers.get(containers);
  if (
    memo !== undefined &&
    memo.initContainers === spec.initContainers &&
    memo.overhead === spec.overhead
  ) {
    return memo.requests;
  }
  const requests = scheduling.podRequests(pod);
  byContainers.set(containers, {
    initContainers: spec.initContainers,
    overhead: spec.overhead,
    requests,
  });
  return requests;
}
