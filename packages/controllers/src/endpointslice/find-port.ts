/**
 * FindPort: the container port a service port targets on one pod. Mirrors
 * kubernetes/kubernetes staging/src/k8s.io/endpointslice/utils.go
 * (`FindPort`, the same as pkg/api/v1/pod `FindPort`).
 *
 * A numeric targetPort is used as is (the container need not declare it). A
 * named one is the first port with that name and the service port's protocol,
 * among the regular containers in order, then the sidecars (init containers
 * with restartPolicy Always). No match: undefined (upstream's error
 * "no suitable port for manifest: <uid>"), and the service port is skipped
 * for that pod.
 */
import type { Container, Pod, ServicePort } from "kubernetes-types/core/v1";

function findNamed(
  containers: readonly Container[],
  name: string,
  protocol: string,
): number | undefined {
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if ((p.name ?? "") === name && (p.protocol ?? "TCP") === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** The port number, or undefined when a named targetPort is not found on the pod. */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort;
  if (typeof target === "number") return target;
  if (target === undefined) return svcPort.port; // the apiserver defaults targetPort to port
  const protocol = svcPort.protocol ?? "TCP";
  const regular = findNamed(pod.spec?.containers ?? [], target, protocol);
  if (regular !== undefined) return regular;
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always");
  return findNamed(sidecars, target, protocol);
}

/** Upstream's error text for a port that could not be found. */
export function noSuitablePortMessage(pod: Pod): string {
  return `no suitable port for manifest: ${pod.metadata?.uid ?? ""}`;
}
