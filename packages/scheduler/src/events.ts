/**
 * Mirrors kubernetes/kubernetes staging/src/k8s.io/kube-scheduler/framework/types.go
 * (`ActionType`, `EventResource`, `ClusterEvent`, `ClusterEvent.Match`) and
 * pkg/scheduler/framework/events.go (`PodSchedulingPropertiesChange`,
 * `NodeSchedulingPropertiesChange`, the special events and labels): the
 * vocabulary the scheduling queue uses to decide which cluster changes may
 * make an unschedulable pod schedulable.
 *
 * Guarantees:
 * - An action type is a bit set; `Update` is every update bit, `All` every bit.
 *   A registered event matches an incoming one when the resources match
 *   ("Pod" matches "AssignedPod" and "UnschedulablePod", "*" matches all) and
 *   the action bits intersect; a registered wildcard matches everything.
 * - A node update yields one event per changed scheduling property, in
 *   upstream's order: spec.unschedulable becoming false (UpdateNodeTaint),
 *   allocatable (semantic quantity equality: "1" equals "1000m"), labels,
 *   taints, condition statuses (lastHeartbeatTime alone changes nothing),
 *   annotations. Example: a node whose Ready condition goes False -> True
 *   yields [UpdateNodeCondition]; with condition taints (kubesim's stand-in
 *   for the node lifecycle controller) also [UpdateNodeTaint] before it.
 * - A pod update yields its specific events (labels, requests scaled down,
 *   scheduling gates removed, tolerations added) or, when none applies, the
 *   general Update of AssignedPod / UnschedulablePod.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";

type ResourceList = Readonly<Record<string, string>>;
import { tryParseQuantity } from "@kubesim/api";
import { podRequests } from "./resources.js";
import { effectiveTaints } from "./taints.js";

/** fwk.ActionType bits. */
export const ActionType = Object.freeze({
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  /** A change of the node's taints or of spec.unschedulable. */
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  /** Some resource request of the pod got smaller. */
  UpdatePodScaleDown: 1 << 8,
  /** The pod got a toleration (they can only be added). */
  UpdatePodToleration: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  UpdatePodGeneratedResourceClaim: 1 << 11,
  All: (1 << 12) - 1,
  Update: (1 << 12) - 1 - (1 << 0) - (1 << 1),
  None: 0,
});

const actionNames: ReadonlyArray<readonly [number, string]> = [
  [ActionType.All, "All"],
  [ActionType.Update, "Update"],
  ...Object.entries(ActionType)
    .filter(([k]) => k !== "All" && k !== "Update" && k !== "None")
    .map(([k, v]) => [v, k] as const),
];

/** ActionType.String(). */
export function actionTypeString(a: number): string {
  return actionNames.find(([v]) => v === a)?.[1] ?? "";
}

/** fwk.EventResource, with the scheduler's internal AssignedPod / UnschedulablePod. */
export type EventResource = "Pod" | "AssignedPod" | "UnschedulablePod" | "Node" | "*";

/** fwk.ClusterEvent. */
export interface ClusterEvent {
  readonly resource: EventResource;
  readonly actionType: number;
  /** CustomLabel: replaces the generated label ("UnschedulableTimeout"). */
  readonly customLabel?: string;
}

/** ClusterEvent.Label(): "NodeAdd", "AssignedPodDelete", "UnschedulablePodUpdate". */
export function eventLabel(e: ClusterEvent): string {
  return e.customLabel ?? `${e.resource}${actionTypeString(e.actionType)}`;
}

export function isWildCard(e: ClusterEvent): boolean {
  return e.resource === "*" && e.actionType === ActionType.All;
}

function resourceMatches(registered: EventResource, incoming: EventResource): boolean {
  return (
    registered === "*" ||
    registered === incoming ||
    (registered === "Pod" && (incoming === "AssignedPod" || incoming === "UnschedulablePod"))
  );
}

/** ClusterEvent.Match: does the registered event `registered` cover `incoming`? */
export function matchClusterEvent(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  return (
    isWildCard(registered) ||
    (resourceMatches(registered.resource, incoming.resource) &&
      (registered.actionType & incoming.actionType) !== 0)
  );
}

// Special event labels (framework/events.go).
export const ScheduleAttemptFailure = "ScheduleAttemptFailure";
export const BackoffComplete = "BackoffComplete";
export const PopFromBackoffQ = "PopFromBackoffQ";
export const ForceActivate = "ForceActivate";
export const UnschedulableTimeout = "UnschedulableTimeout";

export const EventAssignedPodAdd: ClusterEvent = {
  resource: "AssignedPod",
  actionType: ActionType.Add,
};
export const EventAssignedPodUpdate: ClusterEvent = {
  resource: "AssignedPod",
  actionType: ActionType.Update,
};
export const EventAssignedPodDelete: ClusterEvent = {
  resource: "AssignedPod",
  actionType: ActionType.Delete,
};
export const EventUnscheduledPodAdd: ClusterEvent = {
  resource: "UnschedulablePod",
  actionType: ActionType.Add,
};
export const EventUnscheduledPodUpdate: ClusterEvent = {
  resource: "UnschedulablePod",
  actionType: ActionType.Update,
};
export const EventUnscheduledPodDelete: ClusterEvent = {
  resource: "UnschedulablePod",
  actionType: ActionType.Delete,
};
export const EventNodeAdd: ClusterEvent = { resource: "Node", actionType: ActionType.Add };
export const EventNodeDelete: ClusterEvent = { resource: "Node", actionType: ActionType.Delete };
/** Pods left in the unschedulable pool for too long (a wildcard: every pod qualifies). */
export const EventUnschedulableTimeout: ClusterEvent = {
  resource: "*",
  actionType: ActionType.All,
  customLabel: UnschedulableTimeout,
};
export const EventForceActivate: ClusterEvent = {
  resource: "*",
  actionType: ActionType.All,
  customLabel: ForceActivate,
};

/** equality.Semantic.DeepEqual for plain JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Semantic.DeepEqual of two string maps: a missing map equals an empty one. */
function mapEqual(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  return jsonEqual(a ?? {}, b ?? {});
}

/** ResourceList equality with Quantity.Cmp, as Semantic.DeepEqual's quantity equality. */
function resourceListEqual(a: ResourceList | undefined, b: ResourceList | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  for (const k of ka) {
    const x = a?.[k];
    const y = b?.[k];
    if (y === undefined || x === undefined) return false;
    const qx = tryParseQuantity(String(x));
    const qy = tryParseQuantity(String(y));
    if (qx === undefined || qy === undefined ? String(x) !== String(y) : !qx.equal(qy))
      return false;
  }
  return true;
}

/** How node events are read. */
export interface NodeEventOptions {
  /** Compare the taints the scheduler sees (own + condition taints); default true. */
  readonly conditionTaints?: boolean;
}

/**
 * NodeSchedulingPropertiesChange(newNode, oldNode): the node update events,
 * in upstream's extractor order.
 */
export function nodeSchedulingPropertiesChange(
  newNode: Node,
  oldNode: Node,
  options: NodeEventOptions = {},
): ClusterEvent[] {
  const withConditions = options.conditionTaints ?? true;
  const out: number[] = [];
  // extractNodeSpecUnschedulableChange: only becoming schedulable matters.
  if ((newNode.spec?.unschedulable ?? false) !== (oldNode.spec?.unschedulable ?? false)) {
    if (newNode.spec?.unschedulable !== true) out.push(ActionType.UpdateNodeTaint);
  }
  if (!resourceListEqual(oldNode.status?.allocatable, newNode.status?.allocatable))
    out.push(ActionType.UpdateNodeAllocatable);
  if (!mapEqual(newNode.metadata?.labels, oldNode.metadata?.labels))
    out.push(ActionType.UpdateNodeLabel);
  if (
    !jsonEqual(effectiveTaints(newNode, withConditions), effectiveTaints(oldNode, withConditions))
  )
    out.push(ActionType.UpdateNodeTaint);
  const strip = (n: Node): Record<string, string> =>
    Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status]));
  if (!jsonEqual(strip(oldNode), strip(newNode))) out.push(ActionType.UpdateNodeCondition);
  if (!mapEqual(oldNode.metadata?.annotations, newNode.metadata?.annotations))
    out.push(ActionType.UpdateNodeAnnotation);
  return out.map((actionType) => ({ resource: "Node", actionType }));
}

/** extractPodScaleDown: some request of the old pod is gone or smaller in the new one. */
function podScaledDown(newPod: Pod, oldPod: Pod): boolean {
  const n = podRequests(newPod).requests;
  const o = podRequests(oldPod).requests;
  if (o.milliCPU > n.milliCPU || o.memory > n.memory || o.ephemeralStorage > n.ephemeralStorage)
    return true;
  for (const [name, v] of o.scalar) {
    const w = n.scalar.get(name);
    if (w === undefined || v > w) return true;
  }
  return false;
}

/**
 * PodSchedulingPropertiesChange(newPod, oldPod): labels, scale down,
 * scheduling gates eliminated, tolerations; the general Update when none.
 */
export function podSchedulingPropertiesChange(newPod: Pod, oldPod: Pod): ClusterEvent[] {
  const resource: EventResource =
    (newPod.spec?.nodeName ?? "") === "" ? "UnschedulablePod" : "AssignedPod";
  const out: number[] = [];
  if (!mapEqual(newPod.metadata?.labels, oldPod.metadata?.labels))
    out.push(ActionType.UpdatePodLabel);
  if (podScaledDown(newPod, oldPod)) out.push(ActionType.UpdatePodScaleDown);
  if (
    (newPod.spec?.schedulingGates?.length ?? 0) === 0 &&
    (oldPod.spec?.schedulingGates?.length ?? 0) !== 0
  )
    out.push(ActionType.UpdatePodSchedulingGatesEliminated);
  if ((newPod.spec?.tolerations?.length ?? 0) !== (oldPod.spec?.tolerations?.length ?? 0))
    out.push(ActionType.UpdatePodToleration);
  if (out.length === 0) out.push(ActionType.Update);
  return out.map((actionType) => ({ resource, actionType }));
}
