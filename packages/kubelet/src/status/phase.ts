/**
 * The pod phase the kubelet computes from its container statuses. Mirrors
 * getPhase in pkg/kubelet/kubelet_pods.go (newest kubelets: the pending counter
 * is split into regular init containers and sidecars not yet started), with the
 * ContainerRestartRules feature gate off (its default), so the pod's
 * restartPolicy decides.
 *
 * Worked examples (restartPolicy Always, one container):
 *   running                              -> Running
 *   waiting (ContainerCreating)          -> Pending   (waiting, never ran)
 *   waiting + lastState.terminated       -> Running   (CrashLoopBackOff: "stopped", restarting)
 *   terminated exit 0, podIsTerminal     -> Succeeded
 */
import type { ContainerStatus, PodSpec } from "kubernetes-types/core/v1";
import { getContainerStatus, isRestartableInitContainer } from "./podutil.js";

/** The phases getPhase produces (`Unknown` is never computed by the kubelet). */
export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

/**
 * getPhase returns the phase of a pod given its container statuses.
 *
 * - `info` holds the init container statuses and the regular ones together (as
 *   generateAPIPodStatus passes them); statuses are looked up by name.
 * - `podIsTerminal`: the kubelet decided the pod will not run again (deleted,
 *   evicted, or all done); then all-stopped containers give Succeeded/Failed
 *   whatever the restartPolicy. (Upstream excludes static pods; kubesim has none.)
 * - `podHasInitialized`: the runtime has an active regular container
 *   (kubecontainer.HasAnyActiveRegularContainerStarted); sidecars that are not
 *   started yet keep the pod Pending only while this is false.
 *
 * A missing `spec.restartPolicy` is read as `Always`, the API default.
 */
export function getPhase(
  spec: PodSpec,
  info: readonly ContainerStatus[],
  podIsTerminal: boolean,
  podHasInitialized: boolean,
): PodPhase {
  const restartPolicy = spec.restartPolicy ?? "Always";
  const initContainers = spec.initContainers ?? [];
  let pendingRestartableInitContainers = 0;
  let pendingRegularInitContainers = 0;
  let failedInitialization = 0;

  // regular init containers
  for (const container of initContainers) {
    if (isRestartableInitContainer(container)) continue;
    const status = getContainerStatus(info, container.name);
    if (status === undefined) {
      pendingRegularInitContainers++;
      continue;
    }
    const state = status.state;
    if (state?.running != null) {
      pendingRegularInitContainers++;
    } else if (state?.terminated != null) {
      if ((state.terminated.exitCode ?? 0) !== 0) failedInitialization++;
    } else if (state?.waiting != null) {
      const last = status.lastState?.terminated;
      if (last != null) {
        if ((last.exitCode ?? 0) !== 0) failedInitialization++;
      } else {
        pendingRegularInitContainers++;
      }
    } else {
      pendingRegularInitContainers++;
    }
  }

  // counters for sidecars and regular containers
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  // sidecar (restartable) init containers
  for (const container of initContainers) {
    if (!isRestartableInitContainer(container)) continue;
    const status = getContainerStatus(info, container.name);
    if (status === undefined) {
      unknown++;
      continue;
    }
    const state = status.state;
    if (state?.running != null) {
      if (status.started !== true) pendingRestartableInitContainers++;
      running++;
    } else if (state?.terminated != null) {
      // terminated sidecars do not count towards the phase
    } else if (state?.waiting != null) {
      if (status.lastState?.terminated == null) {
        pendingRestartableInitContainers++;
        waiting++;
      }
      // else: a restarting sidecar does not count towards the phase
    } else {
      pendingRestartableInitContainers++;
      unknown++;
    }
  }

  for (const container of spec.containers) {
    const status = getContainerStatus(info, container.name);
    if (status === undefined) {
      unknown++;
      continue;
    }
    const state = status.state;
    if (state?.running != null) {
      running++;
    } else if (state?.terminated != null) {
      stopped++;
      if ((state.terminated.exitCode ?? 0) === 0) succeeded++;
    } else if (state?.waiting != null) {
      if (status.lastState?.terminated != null) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  if (failedInitialization > 0 && restartPolicy === "Never") return "Failed";

  if (
    pendingRegularInitContainers > 0 ||
    // once the pod has initialized, restarting sidecars do not send it back to Pending
    (pendingRestartableInitContainers > 0 && !podHasInitialized) ||
    waiting > 0
  ) {
    // one or more containers has not been started
    return "Pending";
  }
  if (running > 0 && unknown === 0) {
    // all containers have been started, and at least one is running
    return "Running";
  }
  if (running === 0 && stopped > 0 && unknown === 0) {
    // the pod is terminal, so its containers won't be restarted whatever the policy
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    // all containers are in the process of restarting
    if (restartPolicy === "Always") return "Running";
    // all terminated in success, and all sidecars stopped
    if (stopped === succeeded) return "Succeeded";
    // all terminated, at least one in failure, none restarting
    if (restartPolicy === "Never") return "Failed";
    // OnFailure: at least one failed and is restarting
    return "Running";
  }
  return "Pending";
}
