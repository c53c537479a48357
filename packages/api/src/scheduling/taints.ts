/**
 * Taints and tolerations, as k8s.io/component-helpers/scheduling/corev1 and
 * pkg/apis/core/v1/helper match them (`ToleratesTaint`,
 * `TolerationsTolerateTaint`, `FindMatchingUntoleratedTaint`), and the taint
 * keys the node lifecycle controller uses. Shared by the scheduler, the taint
 * eviction controller and the kubelet's admission.
 *
 * A toleration tolerates a taint when its effect is empty or equal, its key
 * is empty or equal, and its operator is Exists, or Equal (the default) with
 * an equal value. `{operator: Exists}` tolerates everything.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1";

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
