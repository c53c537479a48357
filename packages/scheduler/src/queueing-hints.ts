/**
 * The default profile's `EventsToRegister` and QueueingHint functions for the
 * plugins kubesim models, with SchedulerQueueingHints enabled (the default
 * since v1.32). Mirrors, in kubernetes/kubernetes pkg/scheduler/framework/plugins:
 *
 * | plugin            | events                                   | hint (Queue when ...)                                                      |
 * | ----------------- | ---------------------------------------- | -------------------------------------------------------------------------- |
 * | NodeUnschedulable | Node Add, UpdateNodeTaint                | a node is added schedulable, or goes unschedulable -> schedulable          |
 * |                   | Pod UpdatePodToleration                  | the pod itself now tolerates node.kubernetes.io/unschedulable:NoSchedule   |
 * | NodeName          | Node Add                                 | the added node is the one spec.nodeName names                              |
 * | TaintToleration   | Node Add, UpdateNodeTaint                | the node's taints went from untolerated to tolerated                       |
 * |                   | Pod UpdatePodToleration                  | the updated pod is the pod itself                                          |
 * | NodeAffinity      | Node Add, UpdateNodeLabel                | the node now matches the pod's required affinity (and did not before)      |
 * | NodePorts         | Pod Delete                               | the deleted pod was on a node (or nominated) and used a conflicting port   |
 * |                   | Node Add                                 | always (no hint function)                                                  |
 * | NodeResourcesFit  | Pod Delete, UpdatePodScaleDown           | an assigned pod was deleted; the pod itself, or a shared request, shrank   |
 * |                   | Node Add, UpdateNodeAllocatable          | the pod fits the node's allocatable, and (update) a requested one grew     |
 * | SchedulingGates   | Pod UpdatePodSchedulingGatesEliminated   | the updated pod is the pod itself (its PreEnqueue gate)                    |
 *
 * Worked example: a pod rejected with "Insufficient cpu" (NodeResourcesFit)
 * is not requeued when a node gets a new label (no registration for
 * UpdateNodeLabel), nor when a 1-cpu node is added for its 2-cpu request
 * (the hint says QueueSkip), but is requeued when a 4-cpu node is added.
 *
 * kubesim deviations: node taints are read as the scheduler sees them
 * (own taints plus condition taints, see taints.ts); the pod's requests are
 * its spec requests (InPlacePodVerticalScaling's status resources are not
 * modelled).
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { ClusterEvent } from "./events.js";
import { ActionType } from "./events.js";
import { fitsRequest } from "./filter.js";
import { matchesRequiredNodeAffinity, requiredNodeAffinity } from "./node-affinity.js";
import { NodeInfo } from "./node-info.js";
import { HostPortInfo, fitsPorts, getHostPorts } from "./ports.js";
import { nodeAllocatable, podRequests } from "./resources.js";
import {
  TaintNodeUnschedulable,
  doNotScheduleTaint,
  effectiveTaints,
  findMatchingUntoleratedTaint,
  tolerationsTolerateTaint,
} from "./taints.js";

/** fwk.QueueingHint. */
export type QueueingHint = "Queue" | "QueueSkip";

/**
 * fwk.QueueingHintFn(pod, oldObj, newObj): `pod` was rejected by the plugin;
 * `oldObj` is undefined for an add, `newObj` undefined for a delete.
 */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

/** fwk.ClusterEventWithHint; no hint means Queue. */
export interface ClusterEventWithHint {
  readonly event: ClusterEvent;
  readonly hint?: QueueingHintFn;
}

export interface QueueingHintOptions {
  /** Read node taints with the condition taints (as the filters do); default true. */
  readonly conditionTaints?: boolean;
}

const uid = (p: Pod | undefined): string => p?.metadata?.uid ?? "";
const asNode = (o: unknown): Node | undefined => o as Node | undefined;
const asPod = (o: unknown): Pod | undefined => o as Pod | undefined;
const unschedulableTaint = { key: TaintNodeUnschedulable, effect: "NoSchedule" } as const;

/** NodeResourcesFit.isSchedulableAfterPodEvent. */
function fitAfterPodEvent(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  const original = asPod(oldObj);
  const modified = asPod(newObj);
  if (modified === undefined) {
    const assigned = (original?.spec?.nodeName ?? "") !== "";
    const nominated = (original?.status?.nominatedNodeName ?? "") !== "";
    return assigned || nominated ? "Queue" : "QueueSkip";
  }
  // isSchedulableAfterPodScaleDown
  if (uid(modified) === uid(pod)) return "Queue";
  if ((modified.spec?.nodeName ?? "") === "" || original === undefined) return "QueueSkip";
  const want = podRequests(pod).requests;
  const before = podRequests(original).requests;
  const after = podRequests(modified).requests;
  if (want.milliCPU > 0 && before.milliCPU > after.milliCPU) return "Queue";
  if (want.memory > 0 && before.memory > after.memory) return "Queue";
  if (want.ephemeralStorage > 0 && before.ephemeralStorage > after.ephemeralStorage) return "Queue";
  for (const [name, v] of want.scalar) {
    if (v !== 0 && (before.scalar.get(name) ?? 0) > (after.scalar.get(name) ?? 0)) return "Queue";
  }
  return "QueueSkip";
}

/** NodeResourcesFit.isSchedulableAfterNodeChange (isFit + haveAnyRequestedResourcesIncreased). */
function fitAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  const original = asNode(oldObj);
  const modified = asNode(newObj);
  if (modified === undefined) return "QueueSkip";
  const req = podRequests(pod).requests;
  if (fitsRequest(req, new NodeInfo(modified, { conditionTaints: false })).length > 0)
    return "QueueSkip";
  if (original === undefined) return "Queue";
  const a = nodeAllocatable(original);
  const b = nodeAllocatable(modified);
  if (b.allowedPodNumber > a.allowedPodNumber) return "Queue";
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar.size === 0)
    return "QueueSkip";
  if (
    (req.milliCPU > 0 && b.milliCPU > a.milliCPU) ||
    (req.memory > 0 && b.memory > a.memory) ||
    (req.ephemeralStorage > 0 && b.ephemeralStorage > a.ephemeralStorage)
  )
    return "Queue";
  for (const [name, v] of req.scalar) {
    if (v !== 0 && (b.scalar.get(name) ?? 0) > (a.scalar.get(name) ?? 0)) return "Queue";
  }
  return "QueueSkip";
}

/** NodePorts.isSchedulableAfterPodDeleted. */
function portsAfterPodDeleted(pod: Pod, oldObj: unknown): QueueingHint {
  const deleted = asPod(oldObj);
  if (deleted === undefined) return "Queue";
  if ((deleted.spec?.nodeName ?? "") === "" && (deleted.status?.nominatedNodeName ?? "") === "")
    return "QueueSkip";
  const ports = getHostPorts(deleted);
  if (ports.length === 0) return "QueueSkip";
  const inUse = new HostPortInfo();
  for (const p of ports) inUse.add(p.hostIP, p.protocol, p.hostPort ?? 0);
  return fitsPorts(getHostPorts(pod), inUse) ? "QueueSkip" : "Queue";
}

/** The default plugins' registrations, by plugin name. */
export function defaultEventsToRegister(
  options: QueueingHintOptions = {},
): ReadonlyMap<string, readonly ClusterEventWithHint[]> {
  const withConditions = options.conditionTaints ?? true;
  const untolerated = (n: Node, pod: Pod): boolean =>
    findMatchingUntoleratedTaint(
      effectiveTaints(n, withConditions),
      pod.spec?.tolerations,
      doNotScheduleTaint,
    ) !== undefined;

  return new Map<string, readonly ClusterEventWithHint[]>([
    [
      "NodeUnschedulable",
      [
        {
          event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
          hint: (_pod, oldObj, newObj) => {
            const o = asNode(oldObj);
            const m = asNode(newObj);
            if (m === undefined) return "QueueSkip";
            const now = m.spec?.unschedulable === true;
            if (o === undefined) return now ? "QueueSkip" : "Queue";
            return o.spec?.unschedulable === true && !now ? "Queue" : "QueueSkip";
          },
        },
        {
          event: { resource: "Pod", actionType: ActionType.UpdatePodToleration },
          hint: (pod, _oldObj, newObj) => {
            const m = asPod(newObj);
            if (m === undefined || uid(m) !== uid(pod)) return "QueueSkip";
            return tolerationsTolerateTaint(m.spec?.tolerations, unschedulableTaint)
              ? "Queue"
              : "QueueSkip";
          },
        },
      ],
    ],
    [
      "NodeName",
      [
        {
          event: { resource: "Node", actionType: ActionType.Add },
          hint: (pod, _oldObj, newObj) => {
            const want = pod.spec?.nodeName ?? "";
            const name = asNode(newObj)?.metadata?.name ?? "";
            return want === "" || want === name ? "Queue" : "QueueSkip";
          },
        },
      ],
    ],
    [
      "TaintToleration",
      [
        {
          event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
          hint: (pod, oldObj, newObj) => {
            const o = asNode(oldObj);
            const m = asNode(newObj);
            if (m === undefined) return "QueueSkip";
            const was = o === undefined ? true : untolerated(o, pod);
            return was && !untolerated(m, pod) ? "Queue" : "QueueSkip";
          },
        },
        {
          event: { resource: "Pod", actionType: ActionType.UpdatePodToleration },
          hint: (pod, _oldObj, newObj) => (uid(asPod(newObj)) === uid(pod) ? "Queue" : "QueueSkip"),
        },
      ],
    ],
    [
      "NodeAffinity",
      [
        {
          event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeLabel },
          hint: (pod, oldObj, newObj) => {
            const m = asNode(newObj);
            if (m === undefined) return "QueueSkip";
            const affinity = requiredNodeAffinity(pod);
            if (!matchesRequiredNodeAffinity(affinity, m)) return "QueueSkip";
            const o = asNode(oldObj);
            if (o === undefined) return "Queue";
            return matchesRequiredNodeAffinity(affinity, o) ? "QueueSkip" : "Queue";
          },
        },
      ],
    ],
    [
      "NodePorts",
      [
        {
          event: { resource: "Pod", actionType: ActionType.Delete },
          hint: (pod, oldObj) => portsAfterPodDeleted(pod, oldObj),
        },
        { event: { resource: "Node", actionType: ActionType.Add } },
      ],
    ],
    [
      "NodeResourcesFit",
      [
        {
          event: {
            resource: "Pod",
            actionType: ActionType.Delete | ActionType.UpdatePodScaleDown,
          },
          hint: fitAfterPodEvent,
        },
        {
          event: {
            resource: "Node",
            actionType: ActionType.Add | ActionType.UpdateNodeAllocatable,
          },
          hint: fitAfterNodeChange,
        },
      ],
    ],
    [
      "SchedulingGates",
      [
        {
          event: { resource: "Pod", actionType: ActionType.UpdatePodSchedulingGatesEliminated },
          hint: (pod, _oldObj, newObj) => (uid(asPod(newObj)) === uid(pod) ? "Queue" : "QueueSkip"),
        },
      ],
    ],
  ]);
}

/** The SchedulingGates PreEnqueue plugin's name. */
export const SchedulingGatesPlugin = "SchedulingGates";

/**
 * SchedulingGates.PreEnqueue: undefined when the pod may enter activeQ, else
 * the rejection message ("waiting for scheduling gates: [example.com/gate]").
 */
export function schedulingGatesPreEnqueue(pod: Pod): string | undefined {
  const gates = pod.spec?.schedulingGates ?? [];
  if (gates.length === 0) return undefined;
  return `waiting for scheduling gates: [${gates.map((g) => g.name).join(" ")}]`;
}
