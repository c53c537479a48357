/**
 * The kubelet's pod condition generators, one per condition type, without
 * timestamps. Mirrors pkg/kubelet/status/generate.go (GenerateContainersReadyCondition,
 * GeneratePodReadyCondition, GeneratePodInitializedCondition,
 * GeneratePodReadyToStartContainersCondition). Timestamps and ordering are
 * conditions.ts's job.
 *
 * `statuses` is the init container statuses followed by the regular ones, or
 * `undefined` where the Go code sees a nil slice (no status known at all).
 */
import type { ContainerStatus, PodCondition, PodSpec } from "kubernetes-types/core/v1";
import {
  getContainerStatus,
  hasAnyRegularContainerStarted,
  isRestartableInitContainer,
} from "./podutil.js";

/** All container statuses are unknown. */
export const UnknownContainerStatuses = "UnknownContainerStatuses";
/** All related containers have succeeded. */
export const PodCompleted = "PodCompleted";
/** The pod has failed, and so have its containers. */
export const PodFailed = "PodFailed";
/** One or more containers are not ready. */
export const ContainersNotReady = "ContainersNotReady";
/** One or more init containers have not succeeded. */
export const ContainersNotInitialized = "ContainersNotInitialized";
/** One or more pod readiness gates are not ready. */
export const ReadinessGatesNotReady = "ReadinessGatesNotReady";

/** Go's fmt %s of a []string: `[a b]`. */
function goList(names: readonly string[]): string {
  return `[${names.join(" ")}]`;
}

function condition(
  type: string,
  status: "True" | "False",
  reason?: string,
  message?: string,
): PodCondition {
  return {
    type,
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(message === undefined ? {} : { message }),
  };
}

/** ContainersReady is False with PodCompleted / PodFailed once the phase is terminal. */
export function generateContainersReadyConditionForTerminalPhase(phase: string): PodCondition {
  if (phase === "Failed") return condition("ContainersReady", "False", PodFailed);
  if (phase === "Succeeded") return condition("ContainersReady", "False", PodCompleted);
  return condition("ContainersReady", "False");
}

/** Ready is False with PodCompleted / PodFailed once the phase is terminal. */
export function generatePodReadyConditionForTerminalPhase(phase: string): PodCondition {
  if (phase === "Failed") return condition("Ready", "False", PodFailed);
  if (phase === "Succeeded") return condition("Ready", "False", PodCompleted);
  return condition("Ready", "False");
}

/**
 * ContainersReady is True when every regular container and every sidecar is
 * ready. Messages: `containers with unknown status: [a]`, `containers with
 * unready status: [b c]`, joined by ", ".
 */
export function generateContainersReadyCondition(
  spec: PodSpec,
  statuses: readonly ContainerStatus[] | undefined,
  phase: string,
): PodCondition {
  if (statuses === undefined) {
    return condition("ContainersReady", "False", UnknownContainerStatuses);
  }
  const unknownContainers: string[] = [];
  const unreadyContainers: string[] = [];
  const tally = (name: string): void => {
    const status = getContainerStatus(statuses, name);
    if (status === undefined) unknownContainers.push(name);
    else if (status.ready !== true) unreadyContainers.push(name);
  };
  for (const c of spec.initContainers ?? []) {
    if (isRestartableInitContainer(c)) tally(c.name);
  }
  for (const c of spec.containers) tally(c.name);

  // all containers known and the pod succeeded: PodCompleted
  if (phase === "Succeeded" && unknownContainers.length === 0) {
    return generateContainersReadyConditionForTerminalPhase(phase);
  }
  // a failed pod's containers may still be terminating: explicitly not ready
  if (phase === "Failed") return generateContainersReadyConditionForTerminalPhase(phase);

  const messages: string[] = [];
  if (unknownContainers.length > 0) {
    messages.push(`containers with unknown status: ${goList(unknownContainers)}`);
  }
  if (unreadyContainers.length > 0) {
    messages.push(`containers with unready status: ${goList(unreadyContainers)}`);
  }
  if (messages.length > 0) {
    return condition("ContainersReady", "False", ContainersNotReady, messages.join(", "));
  }
  return condition("ContainersReady", "True");
}

/**
 * Ready is True when ContainersReady is True and every readiness gate's
 * condition (looked up in `conditions`) is True; otherwise it copies
 * ContainersReady's status, reason and message, or reports the gates.
 */
export function generatePodReadyCondition(
  spec: PodSpec,
  conditions: readonly PodCondition[],
  statuses: readonly ContainerStatus[] | undefined,
  phase: string,
): PodCondition {
  const containersReady = generateContainersReadyCondition(spec, statuses, phase);
  if (containersReady.status !== "True") {
    // ContainersReady is never Unknown here, so "not True" is False
    return condition("Ready", "False", containersReady.reason, containersReady.message);
  }
  const messages: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (c === undefined) {
      messages.push(
        `corresponding condition of pod readiness gate ${JSON.stringify(gate.conditionType)} does not exist.`,
      );
    } else if (c.status !== "True") {
      messages.push(
        `the status of pod readiness gate ${JSON.stringify(gate.conditionType)} is not "True", but ${c.status}`,
      );
    }
  }
  if (messages.length > 0) {
    return condition("Ready", "False", ReadinessGatesNotReady, messages.join(", "));
  }
  return condition("Ready", "True");
}

/** A regular init container is done when ready (exited 0); a sidecar when started. */
function isInitContainerInitialized(restartable: boolean, status: ContainerStatus): boolean {
  return restartable ? status.started === true : status.ready === true;
}

/**
 * Initialized is True when every init container is done, or when any regular
 * container has already started (the pod was initialized before, and its
 * sidecars are restarting). Messages: `containers with unknown status: [..]`,
 * `containers with incomplete status: [..]`.
 */
export function generatePodInitializedCondition(
  spec: PodSpec,
  statuses: readonly ContainerStatus[] | undefined,
  phase: string,
): PodCondition {
  const initContainers = spec.initContainers ?? [];
  if (statuses === undefined && initContainers.length > 0) {
    return condition("Initialized", "False", UnknownContainerStatuses);
  }
  const known = statuses ?? [];
  const unknownContainers: string[] = [];
  const incompleteContainers: string[] = [];
  for (const c of initContainers) {
    const status = getContainerStatus(known, c.name);
    if (status === undefined) unknownContainers.push(c.name);
    else if (!isInitContainerInitialized(isRestartableInitContainer(c), status)) {
      incompleteContainers.push(c.name);
    }
  }

  // all init containers known and the pod succeeded: PodCompleted
  if (phase === "Succeeded" && unknownContainers.length === 0) {
    return condition("Initialized", "True", PodCompleted);
  }
  // a regular container has started: the pod has been initialized before
  if (hasAnyRegularContainerStarted(spec, known)) return condition("Initialized", "True");

  const messages: string[] = [];
  if (unknownContainers.length > 0) {
    messages.push(`containers with unknown status: ${goList(unknownContainers)}`);
  }
  if (incompleteContainers.length > 0) {
    messages.push(`containers with incomplete status: ${goList(incompleteContainers)}`);
  }
  if (messages.length > 0) {
    return condition("Initialized", "False", ContainersNotInitialized, messages.join(", "));
  }
  return condition("Initialized", "True");
}

/**
 * PodReadyToStartContainers is True once the sandbox exists with networking
 * configured (no new sandbox needed), False before that or while it must be
 * recreated.
 */
export function generatePodReadyToStartContainersCondition(sandboxReady: boolean): PodCondition {
  return condition("PodReadyToStartContainers", sandboxReady ? "True" : "False");
}
