/**
 * How the status manager compares and merges pod statuses
 * (pkg/kubelet/status/status_manager.go isPodStatusByKubeletEqual and
 * mergePodStatus): the kubelet owns a pod's status except the conditions of
 * types it does not own (readiness gates, DisruptionTarget, ...) and the
 * fields other components set (qosClass by admission, nominatedNodeName by
 * the scheduler), which a write keeps as the API server has them.
 */
import { semanticEqual } from "@kubesim/api";
import type { PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { podConditionByKubelet } from "./conditions.js";

/**
 * True when `status` says nothing new over `old` as far as the kubelet is
 * concerned: its own conditions have the same status, reason and message
 * (transition and probe times aside), and every other field is equal;
 * conditions the kubelet does not own are not compared.
 */
export function isPodStatusByKubeletEqual(
  old: PodStatus | undefined,
  status: PodStatus | undefined,
): boolean {
  if (old === undefined || status === undefined) return old === status;
  const oldConditions = old.conditions ?? [];
  for (const c of status.conditions ?? []) {
    if (!podConditionByKubelet(c.type)) continue;
    const o = oldConditions.find((x) => x.type === c.type);
    if (o === undefined || o.status !== c.status || o.reason !== c.reason) return false;
    if (o.message !== c.message) return false;
  }
  const { conditions: _a, ...oldRest } = old;
  const { conditions: _b, ...rest } = status;
  return semanticEqual(oldRest, rest);
}

/**
 * The status to write over the API server's `current`: the kubelet's
 * `status` with the conditions it does not own first, as `current` has them,
 * then its own (status_manager.go's mergePodStatus builds the list in this
 * order), and the fields others own kept from `current`.
 */
export function mergePodStatus(current: PodStatus | undefined, status: PodStatus): PodStatus {
  const mine = (status.conditions ?? []).filter((c) => podConditionByKubelet(c.type));
  const others = (current?.conditions ?? []).filter(
    (c: PodCondition) => !podConditionByKubelet(c.type),
  );
  const merged: PodStatus = { ...status, conditions: [...others, ...mine] };
  if (current?.nominatedNodeName !== undefined)
    merged.nominatedNodeName = current.nominatedNodeName;
  if (current?.qosClass !== undefined) merged.qosClass = current.qosClass;
  return merged;
}
