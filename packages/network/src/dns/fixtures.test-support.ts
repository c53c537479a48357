/** Test builders: Services, EndpointSlices and the view of a small cluster. Test support only. */
import type { Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { ClusterDnsView } from "./types.js";

export function clusterIPService(name: string, namespace: string, ip: string): Service {
  return {
    metadata: { name, namespace },
    spec: {
      type: "ClusterIP",
      clusterIP: ip,
      clusterIPs: [ip],
      ports: [{ name: "http", port: 80, protocol: "TCP" }],
    },
  };
}

export function slice(
  service: string,
  namespace: string,
  endpoints: readonly { ip: string; ready?: boolean; hostname?: string }[],
): EndpointSlice {
  return {
    metadata: {
      name: `${service}-abcde`,
      namespace,
      labels: { "kubernetes.io/service-name": service },
    },
    addressType: "IPv4",
    ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true },
      ...(e.hostname === undefined ? {} : { hostname: e.hostname }),
    })),
  };
}

export const view: ClusterDnsView = {
  namespaces: ["default", "kube-system", "other"],
  services: [
    clusterIPService("kubernetes", "default", "10.96.0.1"),
    clusterIPService("my-api", "default", "10.96.143.27"),
    {
      metadata: { name: "db", namespace: "default" },
      spec: { clusterIP: "None", ports: [{ name: "pg", port: 5432 }] },
    },
    {
      metadata: { name: "ext", namespace: "default" },
      spec: { type: "ExternalName", externalName: "db.example.com" },
    },
    {
      metadata: { name: "alias", namespace: "default" },
      spec: { type: "ExternalName", externalName: "my-api.default.svc.cluster.local" },
    },
  ],
  endpointSlices: [
    slice("my-api", "default", [{ ip: "10.244.1.5" }]),
    slice("db", "default", [
      { ip: "10.244.1.7", hostname: "db-0" },
      { ip: "10.244.2.3", hostname: "db-1" },
      { ip: "10.244.2.9", ready: false, hostname: "db-2" },
    ]),
  ],
};
