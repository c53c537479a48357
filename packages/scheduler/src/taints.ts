/**
 * Mirrors kubernetes/kubernetes pkg/apis/core/v1/helper (`ToleratesTaint`,
 * `TolerationsTolerateTaint`, `FindMatchingUntoleratedTaint`),
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
import type { Node, Taint, Toleration } from "kubernetes-types/core/v1";

export const TaintNodeNotReady = "node.kubernetes.io/not-ready";
export const TaintNodeUnreachable = "node.kubernetes.io/unreachable";
export const TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";
export const TaintNodeMemoryPressure = "node.kubernetes.io/memory-pressure";
export const TaintNodeDiskPressure = "node.kubernetes.io/disk-pressure";
export const TaintNodePIDPressure = "node.kubernetes.io/pid-pressure";
export const TaintNodeNetworkUnavailable = "node.kubernetes.io/network-unavailable";

/** Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if ((t.effect ?? "") !== "" && t.effect !== taint.effect) return false;
  if ((t.key ?? "") !== "" && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** TolerationsTolerateTaint: some toleration tolerates the taint. */
export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** DoNotScheduleTaintsFilterFunc: NoSchedule and NoExecute taints. */
export const doNotScheduleTaint = (t: Taint): boolean =>
  t.effect === "NoSchedule" || t.effect === "NoExecute";

/** FindMatchingUntoleratedTaint(taints, tolerations, filter): the first untolerated taint. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean,
): Taint | undefined {
  // A plain loop: this runs for every node of every scheduling cycle, and most nodes have no taints.
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (filter(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

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
