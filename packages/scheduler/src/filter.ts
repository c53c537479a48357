/**
 * The default profile's filter plugins, in the order kube-scheduler runs them
 * (pkg/scheduler/apis/config/v1/default_plugins.go); the first rejection ends
 * a node's evaluation, as in the framework's RunFilterPlugins:
 *
 * 1. NodeUnschedulable (plugins/nodeunschedulable): spec.unschedulable and no
 *    toleration of node.kubernetes.io/unschedulable:NoSchedule ->
 *    "node(s) were unschedulable" (unresolvable).
 * 2. NodeName (plugins/nodename): spec.nodeName set to another node ->
 *    "node(s) didn't match the requested node name" (unresolvable).
 * 3. TaintToleration (plugins/tainttoleration): an untolerated NoSchedule or
 *    NoExecute taint -> "node(s) had untolerated taint(s)" (unresolvable).
 *    Since kubernetes#134740 (late 2025, cherry-picked to v1.34) the message
 *    no longer names the taint; before, it read "... taint {key: value}".
 * 4. NodeAffinity (plugins/nodeaffinity): nodeSelector and required node
 *    affinity -> "node(s) didn't match Pod's node affinity/selector"
 *    (unresolvable). Its PreFilter narrows the nodes when every required term
 *    names nodes (matchFields metadata.name In); the others get
 *    "node(s) didn't satisfy plugin(s) [NodeAffinity]".
 * 5. NodePorts (plugins/nodeports): a host port in use ->
 *    "node(s) didn't have free ports for the requested pod ports".
 * 6. NodeResourcesFit (plugins/noderesources/fit.go): "Too many pods",
 *    "Insufficient cpu", "Insufficient memory", "Insufficient
 *    ephemeral-storage", "Insufficient <scalar>", every one that applies;
 *    unresolvable when the request exceeds the node's whole allocatable.
 */
import type { ContainerPort, Pod, Toleration } from "kubernetes-types/core/v1";
import type { RequiredNodeAffinity } from "./node-affinity.js";
import {
  matchesRequiredNodeAffinity,
  preFilterNodeNames,
  requiredNodeAffinity,
} from "./node-affinity.js";
import type { NodeInfo } from "./node-info.js";
import { fitsPorts, getHostPorts } from "./ports.js";
import type { Resource } from "./resources.js";
import { podRequests } from "./resources.js";
import type { Status } from "./status.js";
import { unresolvable, unschedulable } from "./status.js";
import {
  TaintNodeUnschedulable,
  doNotScheduleTaint,
  findMatchingUntoleratedTaint,
  tolerationsTolerateTaint,
} from "./taints.js";

export const ErrReasonUnschedulable = "node(s) were unschedulable";
export const ErrReasonNodeName = "node(s) didn't match the requested node name";
export const ErrReasonUntoleratedTaint = "node(s) had untolerated taint(s)";
export const ErrReasonNodeAffinity = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonNodeAffinityConflict = "pod affinity terms conflict";
export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";
export const ErrReasonTooManyPods = "Too many pods";

/** What PreFilter computes once per pod and every Filter reads. */
export interface PodFilterState {
  readonly pod: Pod;
  readonly tolerations: readonly Toleration[];
  readonly requests: Resource;
  readonly hostPorts: readonly ContainerPort[];
  readonly affinity: RequiredNodeAffinity;
  /** NodeAffinity's PreFilterResult: undefined = all nodes. */
  readonly nodeNames: ReadonlySet<string> | undefined;
}

/** RunPreFilterPlugins: parse the pod once. */
export function preFilter(pod: Pod): PodFilterState {
  return {
    pod,
    tolerations: pod.spec?.tolerations ?? [],
    requests: podRequests(pod).requests,
    hostPorts: getHostPorts(pod),
    affinity: requiredNodeAffinity(pod),
    nodeNames: preFilterNodeNames(pod),
  };
}

/** NodeUnschedulable.Filter. */
export function filterNodeUnschedulable(s: PodFilterState, n: NodeInfo): Status | undefined {
  if (n.node.spec?.unschedulable !== true) return undefined;
  const tolerated = tolerationsTolerateTaint(s.tolerations, {
    key: TaintNodeUnschedulable,
    effect: "NoSchedule",
  });
  return tolerated ? undefined : unresolvable("NodeUnschedulable", ErrReasonUnschedulable);
}

/** NodeName.Filter. */
export function filterNodeName(s: PodFilterState, n: NodeInfo): Status | undefined {
  const want = s.pod.spec?.nodeName ?? "";
  return want === "" || want === n.name ? undefined : unresolvable("NodeName", ErrReasonNodeName);
}

/** TaintToleration.Filter. */
export function filterTaintToleration(s: PodFilterState, n: NodeInfo): Status | undefined {
  const taint = findMatchingUntoleratedTaint(n.taints, s.tolerations, doNotScheduleTaint);
  return taint === undefined
    ? undefined
    : unresolvable("TaintToleration", ErrReasonUntoleratedTaint);
}

/** NodeAffinity.Filter. */
export function filterNodeAffinity(s: PodFilterState, n: NodeInfo): Status | undefined {
  return matchesRequiredNodeAffinity(s.affinity, n.node)
    ? undefined
    : unresolvable("NodeAffinity", ErrReasonNodeAffinity);
}

/** NodePorts.Filter. */
export function filterNodePorts(s: PodFilterState, n: NodeInfo): Status | undefined {
  if (s.hostPorts.length === 0) return undefined;
  return fitsPorts(s.hostPorts, n.usedPorts)
    ? undefined
    : unschedulable("NodePorts", ErrReasonNodePorts);
}

/** noderesources.InsufficientResource. */
export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
  /** The request exceeds the node's whole allocatable: preemption cannot help. */
  readonly unresolvable: boolean;
}

/** True when the request fits (the common case, checked without allocating). */
function fitsQuickly(req: Resource, n: NodeInfo): boolean {
  const alloc = n.allocatable;
  const used = n.requested;
  if (n.pods.length + 1 > alloc.allowedPodNumber) return false;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) return false;
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) return false;
  if (
    req.ephemeralStorage > 0 &&
    req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage
  )
    return false;
  for (const [name, want] of req.scalar) {
    if (want === 0) continue;
    if (want > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) return false;
  }
  return true;
}

/** fitsRequest(podRequest, nodeInfo): every resource the node lacks. */
export function fitsRequest(req: Resource, n: NodeInfo): InsufficientResource[] {
  if (fitsQuickly(req, n)) return [];
  const out: InsufficientResource[] = [];
  const alloc = n.allocatable;
  const used = n.requested;
  if (n.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({
      resourceName: "pods",
      reason: ErrReasonTooManyPods,
      requested: 1,
      used: n.pods.length,
      capacity: alloc.allowedPodNumber,
      unresolvable: false,
    });
  }
  if (
    req.milliCPU === 0 &&
    req.memory === 0 &&
    req.ephemeralStorage === 0 &&
    req.scalar.size === 0
  ) {
    return out;
  }
  const check = (name: string, want: number, have: number, usedNow: number): void => {
    if (want > 0 && want > have - usedNow) {
      out.push({
        resourceName: name,
        reason: `Insufficient ${name}`,
        requested: want,
        used: usedNow,
        capacity: have,
        unresolvable: want > have,
      });
    }
  };
  check("cpu", req.milliCPU, alloc.milliCPU, used.milliCPU);
  check("memory", req.memory, alloc.memory, used.memory);
  check("ephemeral-storage", req.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
  for (const [name, want] of req.scalar) {
    if (want === 0) continue;
    const have = alloc.scalar.get(name) ?? 0;
    const usedNow = used.scalar.get(name) ?? 0;
    if (want > have - usedNow) {
      out.push({
        resourceName: name,
        reason: `Insufficient ${name}`,
        requested: want,
        used: usedNow,
        capacity: have,
        unresolvable: want > have,
      });
    }
  }
  return out;
}

/** NodeResourcesFit.Filter. */
export function filterNodeResourcesFit(s: PodFilterState, n: NodeInfo): Status | undefined {
  if (fitsQuickly(s.requests, n)) return undefined;
  const insufficient = fitsRequest(s.requests, n);
  if (insufficient.length === 0) return undefined;
  const reasons = insufficient.map((r) => r.reason);
  return insufficient.some((r) => r.unresolvable)
    ? unresolvable("NodeResourcesFit", ...reasons)
    : unschedulable("NodeResourcesFit", ...reasons);
}

/** The filter plugins in the default profile's order. */
export const filterPlugins: ReadonlyArray<
  readonly [string, (s: PodFilterState, n: NodeInfo) => Status | undefined]
> = [
  ["NodeUnschedulable", filterNodeUnschedulable],
  ["NodeName", filterNodeName],
  ["TaintToleration", filterTaintToleration],
  ["NodeAffinity", filterNodeAffinity],
  ["NodePorts", filterNodePorts],
  ["NodeResourcesFit", filterNodeResourcesFit],
];

/** RunFilterPlugins: the first rejection, or undefined when the node fits. */
export function runFilterPlugins(s: PodFilterState, n: NodeInfo): Status | undefined {
  for (let i = 0; i < filterPlugins.length; i++) {
    const status = filterPlugins[i]![1](s, n);
    if (status !== undefined) return status;
  }
  return undefined;
}
