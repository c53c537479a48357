/**
 * Taint matching comes from @kubesim/api's scheduling helpers
 * (pkg/apis/core/v1/helper `ToleratesTaint`, `TolerationsTolerateTaint`,
 * `FindMatchingUntoleratedTaint`, shared with the kubelet and the taint
 * eviction controller). Here:
 * pkg/scheduler/framework/plugins/helper (`DoNotScheduleTaintsFilterFunc`) and,
 * as a stand-in, the taints pkg/controller/nodelifecycle adds from node
 * conditions (TaintNodesByCondition).
 *
 * Guarantees:
 * - A toleration tolerates a taint when its effect is empty or equal, its key
 *   is empty or equal, and its operator is Exists, or Equal (the default) with
 *   an equal value. `{operator: Exists}` tolerates everything.
 * - The filter considers NoSchedule and NoExecute taints, in the node's order,
 *   and reports the first one no toleration tolerates.
 * - `conditionTaints(node)`: the NoSchedule taints the node lifecycle
 *   controller keeps in step with the node's conditions
 *   (Ready False -> node.kubernetes.io/not-ready, Ready Unknown ->
 *   node.kubernetes.io/unreachable, MemoryPressure/DiskPressure/PIDPressure
 *   True -> memory-/disk-/pid-pressure, NetworkUnavailable True ->
 *   network-unavailable) and `spec.unschedulable` -> node.kubernetes.io/unschedulable.
 *   A node without conditions gets none (the scheduler itself never reads conditions).
 */
import { scheduling } from "@kubesim/api";
import type { Node, Taint } from "kubernetes-types/core/v1";

export const {
  TaintNodeNotReady,
  TaintNodeUnreachable,
  TaintNodeUnschedulable,
  TaintNodeMemoryPressure,
  TaintNodeDiskPressure,
  TaintNodePIDPressure,
  TaintNodeNetworkUnavailable,
  toleratesTaint,
  tolerationsTolerateTaint,
  findMatchingUntoleratedTaint,
} = scheduling;

/** DoNotScheduleTaintsFilterFunc: NoSchedule and NoExecute taints. */
export const doNotScheduleTaint = (t: Taint): boolean =>
  t.effect === "NoSchedule" || t.effect === "NoExecute";

const pressure: ReadonlyArray<readonly [string, string]> = [
  ["MemoryPressure", TaintNodeMemoryPressure],
  ["DiskPressure", TaintNodeDiskPressure],
  ["PIDPressure", TaintNodePIDPressure],
  ["NetworkUnavailable", TaintNodeNetworkUnavailable],
];

/** The NoSchedule taints TaintNodesByCondition would put on this node. */
export function conditionTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    if (c.type === "Ready") {
      if (c.status === "False") out.push({ key: TaintNodeNotReady, effect: "NoSchedule" });
      else if (c.status === "Unknown")
        out.push({ key: TaintNodeUnreachable, effect: "NoSchedule" });
      continue;
    }
    const key = pressure.find(([type]) => type === c.type)?.[1];
    if (key !== undefined && c.status === "True") out.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable === true)
    out.push({ key: TaintNodeUnschedulable, effect: "NoSchedule" });
  return out;
}

/**
 * The taints the scheduler sees: the node's own, then the condition taints it
 * lacks (same key and effect counts as present).
 */
export function effectiveTaints(node: Node, withConditionTaints: boolean): Taint[] {
  const own = node.spec?.taints ?? [];
  if (!withConditionTaints) return [...own];
  const extra = conditionTaints(node).filter(
    (t) => !own.some((o) => o.key === t.key && o.effect === t.effect),
  );
  return [...own, ...extra];
}
