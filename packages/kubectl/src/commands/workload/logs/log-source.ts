/**
 * One log stream: a container of a pod, read as `GET pods/NAME/log` reads it.
 * The API server's part (pkg/registry/core/pod/strategy.go LogLocation: a pod
 * not yet on a node has an empty log) is done here; the kubelet's part
 * (the container's log, or `container "api" in pod "x" is waiting to start:
 * ContainerCreating`, `previous terminated container "api" in pod "x" not
 * found`) comes from the pod's kubelet, its refusals turned into the
 * BadRequest Status the API server relays.
 */
import { badRequest } from "@kubesim/api";
import type { Pod } from "kubernetes-types/core/v1";
import { PodNotRunningError, type Cluster, type Millis } from "kubesim";

/** PodLogOptions as kubectl sends them (times resolved on the sim clock). */
export interface PodLogOptions {
  readonly previous?: boolean;
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  /** Only lines at or after this virtual time (sinceSeconds / sinceTime). */
  readonly since?: Millis;
  readonly limitBytes?: number;
}

export interface LogSource {
  readonly pod: Pod;
  readonly container: string;
  /** `spec.containers{api}`: the object reference's field path (for --prefix). */
  readonly fieldPath: string;
}

/** The `[pod/NAME/CONTAINER] ` that --prefix puts before each line. */
export function logPrefix(s: LogSource): string {
  return `[pod/${s.pod.metadata?.name ?? ""}/${s.container}] `;
}

/** GET …/pods/NAME/log: the text, or an ApiError as the server would answer. */
export function readLog(cluster: Cluster, s: LogSource, options: PodLogOptions): string {
  const namespace = s.pod.metadata?.namespace ?? "";
  const name = s.pod.metadata?.name ?? "";
  const node = s.pod.spec?.nodeName ?? "";
  if (node === "") return "";
  let text: string;
  try {
    text = cluster.kubelet(node).logs(namespace, name, s.container, {
      ...(options.previous === true ? { previous: true } : {}),
      ...(options.tailLines === undefined ? {} : { tailLines: options.tailLines }),
      ...(options.timestamps === true ? { timestamps: true } : {}),
      ...(options.since === undefined ? {} : { since: options.since }),
    });
  } catch (e) {
    throw badRequest(kubeletMessage(cluster, s, e));
  }
  if (options.limitBytes !== undefined) text = truncateBytes(text, options.limitBytes);
  return text;
}

/**
 * The kubelet's words. A pod bound to the node that its kubelet has not
 * started yet has containers that are waiting to start.
 */
function kubeletMessage(cluster: Cluster, s: LogSource, e: unknown): string {
  if (!(e instanceof PodNotRunningError)) return (e as Error).message;
  const ns = s.pod.metadata?.namespace ?? "";
  const name = s.pod.metadata?.name ?? "";
  let reason = "ContainerCreating";
  try {
    const pod = cluster.apiserver.get("Pod", ns, name);
    const statuses = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.initContainerStatuses ?? []),
    ];
    reason = statuses.find((c) => c.name === s.container)?.state?.waiting?.reason ?? reason;
  } catch {
    // gone: keep the default reason
  }
  return `container ${JSON.stringify(s.container)} in pod ${JSON.stringify(name)} is waiting to start: ${reason}`;
}

/** The first `limit` bytes of the UTF-8 text (the kubelet's LimitBytes). */
export function truncateBytes(text: string, limit: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= limit) return text;
  return new TextDecoder().decode(bytes.slice(0, limit));
}
