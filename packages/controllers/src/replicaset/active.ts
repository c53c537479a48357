/**
 * Mirrors kubernetes/kubernetes pkg/controller/controller_utils.go (`IsPodActive`,
 * `FilterActivePods`, `PodKey`) and pkg/api/v1/pod/util.go (`IsPodReady`,
 * `GetPodReadyCondition`, `IsPodAvailable`).
 *
 * Guarantees:
 * - A pod is *active* while it is neither Succeeded nor Failed and carries no
 *   deletionTimestamp. Only active pods count towards a ReplicaSet's replicas.
 * - A pod is *ready* when its `Ready` condition has status "True".
 * - A pod is *available* when it is ready and either `minReadySeconds` is 0 or
 *   it has been ready for at least `minReadySeconds`:
 *   `readySince + minReadySeconds <= now`. Kubernetes compared with a strict
 *   `<` up to v1.33; PR #132122 (v1.34) made it `<=`, which kubesim follows
 *   (workloads.md §5.5). Example: ready at 10:00:00, minReadySeconds 5 ->
 *   available at exactly 10:00:05.
 * - Pure: `now` is passed in (milliseconds since the epoch), never read.
 */
import type { Pod, PodCondition } from "kubernetes-types/core/v1";
import { parseTime } from "@kubesim/sim";
import type { Millis } from "@kubesim/sim";

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    phase !== "Succeeded" &&
    phase !== "Failed" &&
    (pod.metadata?.deletionTimestamp === undefined || pod.metadata.deletionTimestamp === null)
  );
}

/** controller.FilterActivePods: keeps the active pods, in their order. */
export function filterActivePods(pods: readonly Pod[]): Pod[] {
  return pods.filter(isPodActive);
}

/** controller.PodKey: "namespace/name", the key deletion expectations remember. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** podutil.GetPodReadyCondition: the `Ready` condition, if the pod has one. */
export function getPodReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

/** podutil.IsPodReady: the `Ready` condition is "True". */
export function isPodReady(pod: Pod): boolean {
  return getPodReadyCondition(pod)?.status === "True";
}

/**
 * The instant the pod became ready (Ready.lastTransitionTime), or undefined
 * when it is not ready or the time is unset (Go's zero time).
 */
export function podReadySince(pod: Pod): Millis | undefined {
  const c = getPodReadyCondition(pod);
  if (c?.status !== "True") return undefined;
  return parseTime(c.lastTransitionTime);
}

/**
 * podutil.IsPodAvailable(pod, minReadySeconds, now). A ready pod without a
 * lastTransitionTime is available only when minReadySeconds is 0, as upstream.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Millis): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}
