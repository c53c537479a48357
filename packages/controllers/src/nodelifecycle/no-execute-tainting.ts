/**
 * The NoExecute taints of taint-based eviction, decided:
 * `processTaintBaseEviction` and the action of `doNoExecuteTaintingPass` in
 * kubernetes/kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go.
 *
 * Per monitor pass, from the Ready condition the node showed *before* this
 * pass changed it (so a node that just went Unknown is queued one pass later):
 *
 *   False:   tainted unreachable:NoExecute -> swap to not-ready:NoExecute at once
 *            else                          -> queue it for tainting (rate limited)
 *   Unknown: tainted not-ready:NoExecute   -> swap to unreachable:NoExecute at once
 *            else                          -> queue it for tainting
 *   True:    remove both NoExecute taints and forget the queue entry
 *
 * When the zone's tainter takes the node (doNoExecuteTaintingPass), it reads
 * the Ready condition again: False adds not-ready and removes unreachable,
 * Unknown the reverse, anything else drops the entry (ready again).
 */
import type { NodeCondition, Taint, Node } from "kubernetes-types/core/v1";
import {
  NotReadyTaintTemplate,
  UnreachableTaintTemplate,
  taintExists,
  taintsOf,
} from "./taints.js";

export type TaintBasedEvictionAction =
  /** SwapNodeControllerTaint right away (the opposite NoExecute taint is on the node). */
  | { readonly type: "swap"; readonly add: Taint; readonly remove: Taint }
  /** markNodeForTainting(node, status). */
  | { readonly type: "markForTainting"; readonly status: "False" | "Unknown" }
  /** markNodeAsReachable(node). */
  | { readonly type: "markReachable" }
  | { readonly type: "none" };

/** processTaintBaseEviction, decided. */
export function taintBasedEvictionAction(
  node: Node,
  observedReadyCondition: NodeCondition,
): TaintBasedEvictionAction {
  const taints = taintsOf(node);
  switch (observedReadyCondition.status) {
    case "False":
      if (taintExists(taints, UnreachableTaintTemplate))
        return { type: "swap", add: NotReadyTaintTemplate, remove: UnreachableTaintTemplate };
      return { type: "markForTainting", status: "False" };
    case "Unknown":
      if (taintExists(taints, NotReadyTaintTemplate))
        return { type: "swap", add: UnreachableTaintTemplate, remove: NotReadyTaintTemplate };
      return { type: "markForTainting", status: "Unknown" };
    case "True":
      return { type: "markReachable" };
    default:
      return { type: "none" };
  }
}

/**
 * markNodeForTainting's first step: should the queue forget the node before
 * adding it again? Yes when the taint its status calls for is not on the node
 * (so a node tainted earlier and untainted meanwhile is queued afresh).
 */
export function shouldRequeueForTainting(node: Node, status: "False" | "Unknown"): boolean {
  const template = status === "False" ? NotReadyTaintTemplate : UnreachableTaintTemplate;
  return !taintExists(taintsOf(node), template);
}

/** doNoExecuteTaintingPass's action for one node: the swap to make, or undefined when Ready again. */
export function noExecuteTaintSwap(
  ready: NodeCondition,
): { readonly add: Taint; readonly remove: Taint } | undefined {
  switch (ready.status) {
    case "False":
      return { add: NotReadyTaintTemplate, remove: UnreachableTaintTemplate };
    case "Unknown":
      return { add: UnreachableTaintTemplate, remove: NotReadyTaintTemplate };
    default:
      return undefined;
  }
}
