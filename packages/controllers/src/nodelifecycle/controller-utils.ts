/**
 * The writes the node lifecycle controller makes, through the ApiClient only:
 * kubernetes/kubernetes pkg/controller/util/node/controller_utils.go
 * (`SwapNodeControllerTaint`, `MarkPodsNotReady`, `RecordNodeEvent`,
 * `RecordNodeStatusChange`, `AddOrUpdateLabelsOnNode`) and
 * pkg/controller/controller_utils.go (`AddOrUpdateTaintOnNode`,
 * `RemoveTaintOffNode`, `PatchNodeTaints`, `AddOrUpdateLabelsOnNode`).
 *
 * Taints are written as upstream's PatchNodeTaints writes them: a strategic
 * merge patch carrying the node's resourceVersion and the whole new
 * `spec.taints` list (the list has no merge key, so it is replaced), read
 * fresh from the API first and retried on conflict.
 */
import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import { isConflict, isNotFound, type ApiClient } from "@kubesim/api";
import type { EventRecorder } from "@kubesim/runtime";
import { rfc3339, type Millis } from "@kubesim/sim";
import { UpdateTaintRetries } from "./config.js";
import {
  NodeNotReadyEventMessage,
  NodeNotReadyEventReason,
  podNotReadyStatus,
} from "./mark-pods-not-ready.js";
import { swapTaints, taintExists, taintsOf } from "./taints.js";

/** RetryOnConflict with UpdateTaintBackoff's 5 steps (no sleeping on the sim loop: each try reads afresh). */
function retryOnConflict(fn: () => void): void {
  for (let i = 1; ; i++) {
    try {
      fn();
      return;
    } catch (err) {
      if (!isConflict(err) || i >= UpdateTaintRetries) throw err;
    }
  }
}

/** PatchNodeTaints: the whole taint list, with the resourceVersion it was computed from. */
function patchNodeTaints(client: ApiClient, old: Node, taints: readonly Taint[]): void {
  client.patch("Node", undefined, old.metadata?.name ?? "", "strategic", {
    metadata: { resourceVersion: old.metadata?.resourceVersion },
    spec: { taints: taints.length === 0 ? null : taints },
  });
}

/**
 * AddOrUpdateTaintOnNode + RemoveTaintOffNode in one read-modify-write per
 * try. `node`, when given, short-cuts the removal when none of `remove` is on
 * it and nothing is to be added (upstream's check against the cached node).
 */
export function swapNodeTaintsOnNode(
  client: ApiClient,
  nodeName: string,
  add: readonly Taint[],
  remove: readonly Taint[],
  node?: Node,
): void {
  if (add.length === 0 && remove.length === 0) return;
  if (
    add.length === 0 &&
    node !== undefined &&
    !remove.some((t) => taintExists(taintsOf(node), t))
  ) {
    return;
  }
  retryOnConflict(() => {
    const fresh = client.get("Node", undefined, nodeName);
    const next = swapTaints(fresh.spec?.taints, add, remove);
    if (next === undefined) return;
    patchNodeTaints(client, fresh, next);
  });
}

/**
 * SwapNodeControllerTaint: adds `add` with timeAdded = now, then removes
 * `remove`. Returns false (after logging through `onError`) when a write failed.
 */
export function swapNodeControllerTaint(
  client: ApiClient,
  now: Millis,
  add: readonly Taint[],
  remove: readonly Taint[],
  node: Node,
  onError: (err: unknown) => void = () => {},
): boolean {
  const stamped = add.map((t) => ({ ...t, timeAdded: rfc3339(now) }));
  const name = node.metadata?.name ?? "";
  try {
    swapNodeTaintsOnNode(client, name, stamped, []);
  } catch (err) {
    onError(err);
    return false;
  }
  try {
    swapNodeTaintsOnNode(client, name, [], remove, node);
  } catch (err) {
    onError(err);
    return false;
  }
  return true;
}

/** RemoveTaintOffNode(node, taints...): no API call when the cached node has none of them. */
export function removeTaintOffNode(
  client: ApiClient,
  node: Node,
  ...taints: readonly Taint[]
): void {
  swapNodeTaintsOnNode(client, node.metadata?.name ?? "", [], taints, node);
}

/** AddOrUpdateLabelsOnNode: a strategic merge patch of the labels, read fresh, retried on conflict. */
export function addOrUpdateLabelsOnNode(
  client: ApiClient,
  nodeName: string,
  labels: Readonly<Record<string, string>>,
): void {
  if (Object.keys(labels).length === 0) return;
  retryOnConflict(() => {
    const fresh = client.get("Node", undefined, nodeName);
    client.patch("Node", undefined, nodeName, "strategic", {
      metadata: { resourceVersion: fresh.metadata?.resourceVersion, labels },
    });
  });
}

/** The reference node events are recorded against (namespace "", so omitted; no resourceVersion). */
export function nodeReference(name: string, uid: string | undefined) {
  return { apiVersion: "v1", kind: "Node", name, ...(uid === undefined ? {} : { uid }) };
}

/** RecordNodeEvent: `Node <name> event: <event>`. */
export function recordNodeEvent(
  recorder: EventRecorder,
  nodeName: string,
  nodeUid: string | undefined,
  type: "Normal" | "Warning",
  reason: string,
  event: string,
): void {
  recorder.eventf(
    nodeReference(nodeName, nodeUid),
    type,
    reason,
    "Node %s event: %s",
    nodeName,
    event,
  );
}

/** RecordNodeStatusChange: Normal `<status>` `Node <name> status is now: <status>`. */
export function recordNodeStatusChange(
  recorder: EventRecorder,
  node: Node,
  newStatus: string,
): void {
  const name = node.metadata?.name ?? "";
  recorder.eventf(
    nodeReference(name, node.metadata?.uid),
    "Normal",
    newStatus,
    "Node %s status is now: %s",
    name,
    newStatus,
  );
}

/**
 * MarkPodsNotReady: Ready=False on each of `pods` bound to `nodeName` (status
 * update from the cached pod), then Warning NodeNotReady on the pod. A pod
 * gone meanwhile is skipped. Returns the errors (upstream aggregates them).
 */
export function markPodsNotReady(
  client: ApiClient,
  recorder: EventRecorder,
  pods: readonly Pod[],
  nodeName: string,
  now: Millis,
): Error[] {
  const errs: Error[] = [];
  for (const pod of pods) {
    if ((pod.spec?.nodeName ?? "") !== nodeName) continue;
    const status = podNotReadyStatus(pod, now);
    if (status === undefined) continue;
    try {
      client.update("Pod", { ...pod, status }, { subresource: "status" });
    } catch (err) {
      if (isNotFound(err)) continue;
      errs.push(err as Error);
    }
    recorder.event(pod, "Warning", NodeNotReadyEventReason, NodeNotReadyEventMessage);
  }
  return errs;
}
