// The decision: which IPs a Service's ConfigMap lists. Pure functions, no client.
import type { ConfigMap, Pod, Service } from "kubernetes-types/core/v1";

/** The ConfigMap of Service `web` is `web-ready-ips`. */
export const configMapName = (service: string): string => `${service}-ready-ips`;

/** A Service selects a pod when every label of its selector matches (no selector: none). */
export function selects(service: Service, pod: Pod): boolean {
  const selector = Object.entries(service.spec?.selector ?? {});
  if (selector.length === 0) return false;
  if (pod.metadata?.namespace !== service.metadata?.namespace) return false;
  return selector.every(([k, v]) => pod.metadata?.labels?.[k] === v);
}

/** Ready, not terminating, and with an IP: what the Endpoints controller serves. */
export function isReady(pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp != null || !pod.status?.podIP) return false;
  const ready = pod.status.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "True";
}

/** The IPs of the Service's ready pods, sorted, one per line. */
export function readyIps(service: Service, pods: readonly Pod[]): string {
  const ips = pods.filter((p) => selects(service, p) && isReady(p)).map((p) => p.status!.podIP!);
  return [...new Set(ips)].sort().join("\n");
}

/** What to write: nothing, a new ConfigMap owned by the Service, or new data. */
export type Plan =
  | { readonly action: "none" }
  | { readonly action: "create"; readonly configMap: ConfigMap }
  | { readonly action: "update"; readonly configMap: ConfigMap };

export function plan(service: Service, current: ConfigMap | undefined, ips: string): Plan {
  if (current === undefined) {
    const { name, namespace, uid } = service.metadata!;
    return {
      action: "create",
      configMap: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: configMapName(name!),
          namespace: namespace!,
          // owned by the Service: the garbage collector deletes it with the Service
          ownerReferences: [
            { apiVersion: "v1", kind: "Service", name: name!, uid: uid!, controller: true },
          ],
        },
        data: { ips },
      },
    };
  }
  if (current.data?.["ips"] === ips && Object.keys(current.data).length === 1)
    return { action: "none" };
  return { action: "update", configMap: { ...current, data: { ips } } };
}
