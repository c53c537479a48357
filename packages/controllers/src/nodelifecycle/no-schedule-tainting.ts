/**
 * The NoSchedule "condition" taints, decided: `doNoScheduleTaintingPass` of
 * kubernetes/kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * (the TaintNodesByCondition behaviour, always on since v1.17).
 *
 *   Ready False                 -> node.kubernetes.io/not-ready:NoSchedule
 *   Ready Unknown               -> node.kubernetes.io/unreachable:NoSchedule
 *   MemoryPressure True         -> node.kubernetes.io/memory-pressure:NoSchedule
 *   DiskPressure True           -> node.kubernetes.io/disk-pressure:NoSchedule
 *   PIDPressure True            -> node.kubernetes.io/pid-pressure:NoSchedule
 *   NetworkUnavailable True     -> node.kubernetes.io/network-unavailable:NoSchedule
 *   spec.unschedulable          -> node.kubernetes.io/unschedulable:NoSchedule
 *
 * Only NoSchedule taints with those keys are the pass's own: anything else on
 * the node (a user's taint, the NoExecute ones) is never added or removed here.
 * The pass runs on every node add and update, in any zone state.
 */
import type { Node, Taint } from "kubernetes-types/core/v1";
import {
  TaintNodeUnschedulable,
  nodeConditionToTaintKeyStatusMap,
  taintKeyToNodeConditionMap,
  taintSetDiff,
  taintsOf,
} from "./taints.js";

/** The NoSchedule taints the node's conditions and spec.unschedulable call for, in condition order. */
export function conditionTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = nodeConditionToTaintKeyStatusMap[c.type]?.[c.status];
    if (key !== undefined) out.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable === true)
    out.push({ key: TaintNodeUnschedulable, effect: "NoSchedule" });
  return out;
}

/** The node's taints the pass owns: NoSchedule ones with a condition key or the unschedulable key. */
export function ownedNoScheduleTaints(node: Node): Taint[] {
  return taintsOf(node).filter(
    (t) =>
      t.effect === "NoSchedule" &&
      (t.key === TaintNodeUnschedulable || taintKeyToNodeConditionMap[t.key] !== undefined),
  );
}

/** doNoScheduleTaintingPass, decided: the taints to add and remove (both empty: nothing to do). */
export function noScheduleTaintChanges(node: Node): {
  readonly add: Taint[];
  readonly remove: Taint[];
} {
  return taintSetDiff(conditionTaints(node), ownedNoScheduleTaints(node));
}
