/**
 * What kube-proxy keeps of a Service: one ServicePort per spec.ports entry,
 * with the addresses it answers on (pkg/proxy/serviceport.go
 * newBaseServiceInfo, pkg/proxy/servicechangetracker.go serviceToServiceMap,
 * pkg/proxy/util ShouldSkipService). Headless and ExternalName services get
 * no rules at all; load-balancer IPs come from status.loadBalancer.ingress
 * (`ipMode: Proxy` entries are left to the load balancer, as upstream does).
 */
import type { Service } from "kubernetes-types/core/v1";

/** sessionAffinityConfig.clientIP.timeoutSeconds default (v1.DefaultClientIPServiceAffinitySeconds). */
export const DefaultClientIPServiceAffinitySeconds = 10_800;

/** ServicePortName: namespace/name:port-name, plus the protocol. */
export interface ServicePortName {
  readonly namespace: string;
  readonly name: string;
  /** The service port's name ("" when unnamed). */
  readonly port: string;
  readonly protocol: string;
}

/** One port of a service as kube-proxy programs it. */
export interface ServicePortInfo extends ServicePortName {
  /** The ClusterIPs (IPv4 only in the simulator). */
  readonly clusterIPs: readonly string[];
  readonly servicePort: number;
  /** 0 when the service has no node port for this port. */
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  /** Seconds of ClientIP affinity; undefined for sessionAffinity None. */
  readonly stickyMaxAgeSeconds: number | undefined;
  /** internalTrafficPolicy: Local. */
  readonly internalPolicyLocal: boolean;
  /** externalTrafficPolicy: Local on an externally accessible service. */
  readonly externalPolicyLocal: boolean;
}

/** "default/my-api:http" as kube-proxy prints a ServicePortName. */
export function formatServicePortName(p: ServicePortName): string {
  return p.port === "" ? `${p.namespace}/${p.name}` : `${p.namespace}/${p.name}:${p.port}`;
}

/** ShouldSkipService: no ClusterIP (headless or not yet allocated), or ExternalName. */
export function shouldSkipService(svc: Service): boolean {
  const spec = svc.spec ?? {};
  if (spec.type === "ExternalName") return true;
  const ip = spec.clusterIP ?? "";
  return ip === "" || ip === "None";
}

const isIPv4 = (s: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

/** The service's ports as kube-proxy sees them; [] for a skipped service. */
export function servicePorts(svc: Service): ServicePortInfo[] {
  if (shouldSkipService(svc)) return [];
  const spec = svc.spec ?? {};
  const namespace = svc.metadata?.namespace ?? "default";
  const name = svc.metadata?.name ?? "";
  const clusterIPs = (spec.clusterIPs ?? [spec.clusterIP ?? ""]).filter(isIPv4);
  const externalIPs = (spec.externalIPs ?? []).filter(isIPv4);
  const loadBalancerIPs = (svc.status?.loadBalancer?.ingress ?? [])
    .filter((i) => i.ip !== undefined && isIPv4(i.ip) && (i.ipMode ?? "VIP") === "VIP")
    .map((i) => i.ip!);
  const sticky =
    spec.sessionAffinity === "ClientIP"
      ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ??
        DefaultClientIPServiceAffinitySeconds)
      : undefined;
  const type = spec.type ?? "ClusterIP";
  // apiservice.ExternallyAccessible
  const externallyAccessible =
    type === "LoadBalancer" ||
    type === "NodePort" ||
    (type === "ClusterIP" && externalIPs.length > 0);
  return (spec.ports ?? []).map((p) => ({
    namespace,
    name,
    port: p.name ?? "",
    protocol: p.protocol ?? "TCP",
    clusterIPs,
    servicePort: p.port,
    nodePort: p.nodePort ?? 0,
    externalIPs,
    loadBalancerIPs,
    stickyMaxAgeSeconds: sticky,
    internalPolicyLocal: spec.internalTrafficPolicy === "Local",
    externalPolicyLocal: externallyAccessible && spec.externalTrafficPolicy === "Local",
  }));
}
