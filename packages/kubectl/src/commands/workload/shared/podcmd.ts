/**
 * Which container of a pod a command means. Mirrors kubectl
 * pkg/cmd/util/podcmd/podcmd.go: a named container (spec, init or ephemeral),
 * else the `kubectl.kubernetes.io/default-container` annotation's, else the
 * first, announced on stderr as `Defaulted container "api" out of: api, sidecar`
 * when the pod has more than one.
 */
import type { Container, Pod } from "kubernetes-types/core/v1";
import { KubectlError } from "../../../cli/errors.js";

export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

/** The container and its field path (`spec.containers{api}`), or undefined. */
export function findContainerByName(
  pod: Pod,
  name: string,
): { container: Container; fieldPath: string } | undefined {
  const c = pod.spec?.containers.find((x) => x.name === name);
  if (c !== undefined) return { container: c, fieldPath: `spec.containers{${name}}` };
  const i = pod.spec?.initContainers?.find((x) => x.name === name);
  if (i !== undefined) return { container: i, fieldPath: `spec.initContainers{${name}}` };
  const e = pod.spec?.ephemeralContainers?.find((x) => x.name === name);
  if (e !== undefined)
    return { container: e as Container, fieldPath: `spec.ephemeralContainers{${name}}` };
  return undefined;
}

/** AllContainerNames: `api, sidecar, debug (ephem), setup (init)`. */
export function allContainerNames(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(", ");
}

/** Whether picking the first container deserves the "Defaulted container" line. */
export function hasSeveralContainers(pod: Pod): boolean {
  return (
    (pod.spec?.containers.length ?? 0) > 1 ||
    (pod.spec?.initContainers?.length ?? 0) > 0 ||
    (pod.spec?.ephemeralContainers?.length ?? 0) > 0
  );
}

/**
 * FindOrDefaultContainerByName. `warn` receives the "Defaulted container"
 * line (unless quiet).
 */
export function findOrDefaultContainer(
  pod: Pod,
  name: string,
  quiet: boolean,
  warn: (text: string) => void,
): Container {
  const podName = pod.metadata?.name ?? "";
  if (name !== "") {
    const found = findContainerByName(pod, name);
    if (found === undefined)
      throw new KubectlError(`container ${name} not found in pod ${podName}`);
    return found.container;
  }
  const containers = pod.spec?.containers ?? [];
  const first = containers[0];
  if (first === undefined)
    throw new KubectlError(
      `pod ${pod.metadata?.namespace ?? ""}/${podName} does not have any containers`,
    );
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION] ?? "";
  if (annotated !== "") {
    const found = findContainerByName(pod, annotated);
    if (found !== undefined) return found.container;
  }
  if (!quiet && hasSeveralContainers(pod))
    warn(`Defaulted container ${JSON.stringify(first.name)} out of: ${allContainerNames(pod)}\n`);
  return first;
}
