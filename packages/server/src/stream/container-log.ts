/**
 * A container's log as the kubelet serves it to the API server
 * (pkg/kubelet/server/server.go getContainerLogs over
 * pkg/kubelet/kuberuntime/logs ReadLogs), read from the node's kubelet in
 * the cluster. The kubelet's refusals become the BadRequest Status the API
 * server relays (pkg/registry/generic/rest/streamer.go with
 * GenericHttpResponseChecker): `container "api" in pod "web" is waiting to
 * start: ContainerCreating`, `previous terminated container "api" in pod
 * "web" not found`.
 *
 * Runs on the sim loop (inside the pacer's run).
 */
import { badRequest, isApiError, type ApiClient } from "@kubesim/api";
import type { ContainerStatus } from "kubernetes-types/core/v1";
import { PodNotRunningError, type Cluster } from "kubesim";
import { kubeletOf, type PodTarget } from "./pod-target.js";

export interface ReadOptions {
  readonly previous?: boolean;
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  /** Only lines at or after this virtual time. */
  readonly since?: number;
}

export interface ContainerLog {
  /** The log text, one line each; throws the Status the API server answers. */
  read(options: ReadOptions): string;
  /** The container's status now: undefined before it has one, null once its pod is gone or replaced. */
  status(): ContainerStatus | undefined | null;
}

export function containerLog(cluster: Cluster, client: ApiClient, t: PodTarget): ContainerLog {
  const uid = t.pod.metadata?.uid;
  const status = (): ContainerStatus | undefined | null => {
    let pod;
    try {
      pod = client.get("Pod", t.namespace, t.name);
    } catch (e) {
      if (isApiError(e)) return null;
      throw e;
    }
    if (pod.metadata?.uid !== uid) return null;
    return [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.initContainerStatuses ?? []),
    ].find((c) => c.name === t.container);
  };
  return {
    status,
    read(options) {
      try {
        return kubeletOf(cluster, t.node).logs(t.namespace, t.name, t.container, {
          ...(options.previous === true ? { previous: true } : {}),
          ...(options.tailLines === undefined ? {} : { tailLines: options.tailLines }),
          ...(options.timestamps === true ? { timestamps: true } : {}),
          ...(options.since === undefined ? {} : { since: options.since }),
        });
      } catch (e) {
        if (isApiError(e)) throw e;
        const message = e instanceof Error ? e.message : String(e);
        // A pod bound to the node that its kubelet has not started yet: its containers wait.
        if (e instanceof PodNotRunningError) {
          const s = status();
          const reason =
            (s === null ? undefined : s?.state?.waiting?.reason) ?? "ContainerCreating";
          throw badRequest(
            `container ${JSON.stringify(t.container)} in pod ${JSON.stringify(t.name)} is waiting to start: ${reason}`,
          );
        }
        throw badRequest(message);
      }
    },
  };
}

/** The first `limit` bytes (the kubelet's LimitBytes cuts the byte stream, mid-character if need be). */
export function limitBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text, "utf8");
  return bytes.length <= limit ? text : bytes.subarray(0, limit).toString("utf8");
}
