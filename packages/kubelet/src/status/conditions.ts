/**
 * The pod conditions the kubelet writes, in its order, with lastTransitionTime
 * kept while a condition's status is unchanged. Mirrors the condition block of
 * generateAPIPodStatus (pkg/kubelet/kubelet_pods.go) together with
 * updateLastTransitionTime and mergePodStatus (pkg/kubelet/status/status_manager.go).
 *
 * Result order, as a real pod shows it: the conditions the kubelet does not own
 * (readiness-gate conditions, DisruptionTarget, ...) kept from `previous` in
 * their order, then PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled.
 */
import type { ContainerStatus, PodCondition, PodSpec } from "kubernetes-types/core/v1";
import { InvariantError } from "@kubesim/api";
import {
  generateContainersReadyCondition,
  generatePodInitializedCondition,
  generatePodReadyCondition,
  generatePodReadyToStartContainersCondition,
} from "./generate.js";

/**
 * Condition types owned by the kubelet (pkg/kubelet/types/pod_status.go,
 * PodConditionsByKubelet plus PodReadyToStartContainers, on by default). Any
 * other type is preserved from the previous status.
 */
export const podConditionsByKubelet: readonly string[] = [
  "PodScheduled",
  "Ready",
  "Initialized",
  "ContainersReady",
  "PodResizeInProgress",
  "PodResizePending",
  "PodReadyToStartContainers",
];

/** Whether the kubelet owns (and rewrites) conditions of this type. */
export function podConditionByKubelet(type: string): boolean {
  return podConditionsByKubelet.includes(type);
}

/** What the kubelet knows when it generates a pod's conditions. */
export interface PodConditionsInput {
  readonly spec: PodSpec;
  readonly initContainerStatuses: readonly ContainerStatus[];
  readonly containerStatuses: readonly ContainerStatus[];
  /** The phase just computed (getPhase, after terminal phases were kept). */
  readonly phase: string;
  /** The sandbox exists with networking configured (PodReadyToStartContainers). */
  readonly sandboxReady: boolean;
  /** The pod's current conditions (the kubelet's last status, or the API's). */
  readonly previous: readonly PodCondition[];
  /** The sim's time, RFC 3339 with second precision: "2024-01-01T00:00:05Z". */
  readonly now: string;
}

const rfc3339Seconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Sets lastTransitionTime: kept from the previous condition of the same type
 * when the status is unchanged, otherwise `now` (updateLastTransitionTime).
 * lastProbeTime stays unset (null on the wire).
 */
function withTransitionTime(
  c: PodCondition,
  previous: readonly PodCondition[],
  now: string,
): PodCondition {
  const old = previous.find((p) => p.type === c.type);
  if (old !== undefined && old.status === c.status) {
    return old.lastTransitionTime === undefined
      ? c
      : { ...c, lastTransitionTime: old.lastTransitionTime };
  }
  return { ...c, lastTransitionTime: now };
}

/**
 * The pod's conditions after a kubelet status sync.
 *
 * PodScheduled is always True (the pod is bound to this node); its
 * lastTransitionTime is the scheduler's when that was already True. A terminal
 * phase yields Ready/ContainersReady False with PodCompleted or PodFailed (the
 * generators do it, so mergePodStatus's extra guard never has to fire here).
 */
export function generatePodConditions(input: PodConditionsInput): PodCondition[] {
  const { spec, phase, previous, now } = input;
  if (!rfc3339Seconds.test(now)) {
    throw new InvariantError(
      `generatePodConditions: now must be RFC 3339 with second precision (like "2024-01-01T00:00:00Z"), got ${JSON.stringify(now)}`,
    );
  }
  // Go's append of two empty slices is nil: no status is known at all
  const all = [...input.initContainerStatuses, ...input.containerStatuses];
  const statuses = all.length === 0 ? undefined : all;

  const preserved = previous.filter((c) => !podConditionByKubelet(c.type));
  const readyToStart = generatePodReadyToStartContainersCondition(input.sandboxReady);
  const initialized = generatePodInitializedCondition(spec, statuses, phase);
  // readiness gates are looked up among the conditions assembled so far
  const ready = generatePodReadyCondition(
    spec,
    [...preserved, readyToStart, initialized],
    statuses,
    phase,
  );
  const containersReady = generateContainersReadyCondition(spec, statuses, phase);
  const scheduled: PodCondition = { type: "PodScheduled", status: "True" };

  const owned = [readyToStart, initialized, ready, containersReady, scheduled].map((c) =>
    withTransitionTime(c, previous, now),
  );
  return [...preserved, ...owned];
}
