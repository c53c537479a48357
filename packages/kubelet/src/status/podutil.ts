/**
 * Small pod helpers the kubelet's status code leans on. Mirrors
 * pkg/api/v1/pod/util.go (IsRestartableInitContainer, GetContainerStatus) and
 * pkg/kubelet/container/helpers.go (HasAnyRegularContainerStarted).
 */
import type { Container, ContainerStatus, PodSpec } from "kubernetes-types/core/v1";

/** A sidecar: an init container with `restartPolicy: Always`. */
export function isRestartableInitContainer(container: Container | undefined): boolean {
  return container?.restartPolicy === "Always";
}

/** The first status with this container name, as podutil.GetContainerStatus. */
export function getContainerStatus(
  statuses: readonly ContainerStatus[],
  name: string,
): ContainerStatus | undefined {
  return statuses.find((s) => s.name === name);
}

/**
 * True when a regular (non-init) container's status is running or terminated:
 * the pod has been initialized before, even if sidecars restart now.
 */
export function hasAnyRegularContainerStarted(
  spec: PodSpec,
  statuses: readonly ContainerStatus[],
): boolean {
  const regular = new Set(spec.containers.map((c) => c.name));
  return statuses.some(
    (s) => regular.has(s.name) && (s.state?.running != null || s.state?.terminated != null),
  );
}
