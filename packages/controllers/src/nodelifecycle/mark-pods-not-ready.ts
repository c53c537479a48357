/**
 * A pod on a node that stopped being Ready, decided: the per-pod step of
 * `MarkPodsNotReady` in kubernetes/kubernetes pkg/controller/util/node/controller_utils.go,
 * with `UpdatePodCondition` of pkg/api/v1/pod/util.go.
 *
 * Only the pod's Ready condition changes, to False, keeping its reason and
 * message; lastTransitionTime becomes now when the status changes. A pod with
 * no Ready condition, or already not Ready, needs no write. ContainersReady
 * and the phase are left alone, so the pod stays Running, but endpoints drop
 * it (the node controller records Warning NodeNotReady "Node is not ready" on it).
 */
import type { Pod, PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { rfc3339, type Millis } from "@kubesim/sim";

export const NodeNotReadyEventReason = "NodeNotReady";
export const NodeNotReadyEventMessage = "Node is not ready";

/** The pod's status with Ready=False, or undefined when nothing changes. */
export function podNotReadyStatus(pod: Pod, now: Millis): PodStatus | undefined {
  const conditions = pod.status?.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === "Ready");
  if (i < 0) return undefined;
  const old = conditions[i]!;
  if (old.status === "False") return undefined;
  const cond: PodCondition = { ...old, status: "False", lastTransitionTime: rfc3339(now) };
  return { ...pod.status, conditions: conditions.map((c, j) => (j === i ? cond : c)) };
}
