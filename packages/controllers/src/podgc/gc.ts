/**
 * Pod garbage collection, decided: the pure parts of kubernetes/kubernetes
 * pkg/controller/podgc/gc_controller.go (`isPodTerminated`,
 * `isPodTerminating`, `gcTerminated`'s choice, `gcTerminating`'s filter,
 * `gcOrphaned`'s candidates, `gcUnscheduledTerminating`'s filter,
 * `byEvictionAndCreationTimestamp`, `markFailedAndDeletePodWithCondition`'s
 * status), with `PodIsEvicted` of pkg/kubelet/eviction and `IsNodeReady` of
 * pkg/util/node.
 *
 * - terminated pods (phase neither Pending, Running nor Unknown) beyond the
 *   threshold (12500) are deleted: evicted ones first, then oldest first,
 *   then by name;
 * - terminating pods on a node that is not Ready and carries the
 *   node.kubernetes.io/out-of-service taint are deleted;
 * - pods bound to a node that is not in the cache are candidates for the
 *   orphan check (the node is quarantined for 40 s, then looked up live);
 * - terminating pods never bound to a node are deleted.
 * Every deletion first marks a pod that is not terminal `Failed` (with, for
 * orphans, DisruptionTarget=True DeletionByPodGC "PodGC: node no longer
 * exists"), then deletes it with grace 0.
 */
import type { Node, Pod, PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { parseTime, rfc3339, type Millis } from "@kubesim/sim";

export const TaintNodeOutOfService = "node.kubernetes.io/out-of-service";
export const DeletionByPodGC = "DeletionByPodGC";
export const DeletionByPodGCMessage = "PodGC: node no longer exists";

/** isPodTerminated: any phase but Pending, Running and Unknown (an empty phase counts). */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase ?? "";
  return phase !== "Pending" && phase !== "Running" && phase !== "Unknown";
}

/** isPodTerminating: a deletionTimestamp is set. */
export function isPodTerminating(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp != null;
}

/** eviction.PodIsEvicted: Failed with reason Evicted. */
export function podIsEvicted(pod: Pod): boolean {
  return pod.status?.phase === "Failed" && pod.status?.reason === "Evicted";
}

/** nodeutil.IsNodeReady: the Ready condition is True. */
export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

const created = (p: Pod): Millis => {
  const t = p.metadata?.creationTimestamp;
  return t === undefined ? 0 : (parseTime(t) ?? 0);
};

/** byEvictionAndCreationTimestamp.Less. */
export function byEvictionAndCreationTimestamp(a: Pod, b: Pod): number {
  const ea = podIsEvicted(a);
  const eb = podIsEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ca = created(a);
  const cb = created(b);
  if (ca === cb) {
    const na = a.metadata?.name ?? "";
    const nb = b.metadata?.name ?? "";
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return ca - cb;
}

/** gcTerminated's choice: the terminated pods beyond `threshold`, in deletion order. */
export function terminatedPodsToDelete(pods: readonly Pod[], threshold: number): Pod[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminated);
  const deleteCount = terminated.length - threshold;
  if (deleteCount <= 0) return [];
  return [...terminated].sort(byEvictionAndCreationTimestamp).slice(0, deleteCount);
}

/**
 * gcTerminating's choice: terminating pods on a not-Ready node with the
 * out-of-service taint (pods whose node is not in the cache are skipped).
 */
export function terminatingPodsToDelete(
  pods: readonly Pod[],
  getNode: (name: string) => Node | undefined,
): Pod[] {
  const out = pods.filter((pod) => {
    if (!isPodTerminating(pod)) return false;
    const node = getNode(pod.spec?.nodeName ?? "");
    if (node === undefined) return false;
    return (
      !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === TaintNodeOutOfService)
    );
  });
  return out.sort(byEvictionAndCreationTimestamp);
}

/** gcOrphaned's quarantine candidates: the missing nodes pods are bound to, in pod order. */
export function missingNodes(pods: readonly Pod[], existing: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const pod of pods) {
    const n = pod.spec?.nodeName ?? "";
    if (n === "" || existing.has(n) || seen.has(n)) continue;
    seen.add(n);
    out.push(n);
  }
  return out;
}

/** gcUnscheduledTerminating's choice: terminating pods never bound to a node. */
export function unscheduledTerminatingPods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => isPodTerminating(p) && (p.spec?.nodeName ?? "") === "");
}

/** The orphan's condition (DisruptionTarget=True DeletionByPodGC). */
export function orphanCondition(): PodCondition {
  return {
    type: "DisruptionTarget",
    status: "True",
    reason: DeletionByPodGC,
    message: DeletionByPodGCMessage,
  };
}

/**
 * markFailedAndDeletePodWithCondition's status: phase Failed plus the
 * condition (UpdatePodCondition: lastTransitionTime now unless the status
 * stays), or undefined for a pod already Succeeded or Failed (left as is).
 */
export function failedStatus(
  pod: Pod,
  condition: PodCondition | undefined,
  now: Millis,
): PodStatus | undefined {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return undefined;
  const status: PodStatus = { ...pod.status, phase: "Failed" };
  if (condition === undefined) return status;
  const conditions = pod.status?.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === condition.type);
  const old = i < 0 ? undefined : conditions[i]!;
  const next: PodCondition = {
    ...condition,
    lastTransitionTime:
      old !== undefined && old.status === condition.status && old.lastTransitionTime !== undefined
        ? old.lastTransitionTime
        : rfc3339(now),
  };
  status.conditions =
    i < 0 ? [...conditions, next] : conditions.map((c, j) => (j === i ? next : c));
  return status;
}
