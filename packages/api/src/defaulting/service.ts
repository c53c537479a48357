/**
 * Service defaults. Mirrors kubernetes/pkg/apis/core/v1/defaults.go
 * (SetDefaults_Service) and the declarative `+default="TCP"` on ServicePort.
 *
 * Guarantees:
 * - spec.sessionAffinity "None"; with None, sessionAffinityConfig is removed;
 *   with ClientIP, sessionAffinityConfig.clientIP.timeoutSeconds 10800 when unset;
 * - spec.type "ClusterIP";
 * - ports[].protocol "TCP"; ports[].targetPort = port when it is 0, "" or absent;
 * - spec.externalTrafficPolicy "Cluster" for externally-accessible services
 *   (NodePort, LoadBalancer, or ClusterIP with externalIPs);
 * - spec.internalTrafficPolicy "Cluster" for ClusterIP, NodePort and LoadBalancer;
 * - LoadBalancer: allocateLoadBalancerNodePorts true, and status ingress
 *   entries with an ip get ipMode "VIP".
 *
 * Not defaulting (the service registry does these at allocation, so the
 * apiserver must): clusterIP/clusterIPs allocation, ipFamilyPolicy
 * "SingleStack", ipFamilies ["IPv4"], nodePort and healthCheckNodePort
 * allocation; and `normalizeClusterIPs` below, which the registry's
 * PrepareForCreate/PrepareForUpdate run before validation.
 */
import type { Obj } from "./draft.js";
import { ensureObj, isObj, objAt, objectsAt, setIfEmpty } from "./draft.js";

/** v1.DefaultClientIPServiceAffinitySeconds: 3 hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** pkg/api/v1/service.ExternallyAccessible. */
export function externallyAccessible(spec: Obj): boolean {
  const type = spec["type"];
  const externalIPs = spec["externalIPs"];
  return (
    type === "LoadBalancer" ||
    type === "NodePort" ||
    (type === "ClusterIP" && Array.isArray(externalIPs) && externalIPs.length > 0)
  );
}

export function setDefaultsService(svc: Obj): void {
  const spec = ensureObj(svc, "spec");
  if (spec === undefined) return;
  setIfEmpty(spec, "sessionAffinity", "None");
  if (spec["sessionAffinity"] === "None") delete spec["sessionAffinityConfig"];
  if (spec["sessionAffinity"] === "ClientIP") {
    const config = objAt(spec, "sessionAffinityConfig");
    const clientIP = config === undefined ? undefined : objAt(config, "clientIP");
    if (clientIP === undefined || typeof clientIP["timeoutSeconds"] !== "number") {
      spec["sessionAffinityConfig"] = {
        clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS },
      };
    }
  }
  setIfEmpty(spec, "type", "ClusterIP");
  for (const port of objectsAt(spec, "ports")) {
    setIfEmpty(port, "protocol", "TCP");
    const target = port["targetPort"];
    if (target === undefined || target === null || target === 0 || target === "") {
      port["targetPort"] = port["port"];
    }
  }
  if (externallyAccessible(spec)) setIfEmpty(spec, "externalTrafficPolicy", "Cluster");
  const type = spec["type"];
  if (
    (spec["internalTrafficPolicy"] === undefined || spec["internalTrafficPolicy"] === null) &&
    (type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP")
  ) {
    spec["internalTrafficPolicy"] = "Cluster";
  }
  if (type === "LoadBalancer") {
    if (spec["allocateLoadBalancerNodePorts"] === undefined) {
      spec["allocateLoadBalancerNodePorts"] = true;
    }
    const status = objAt(svc, "status");
    const lb = status === undefined ? undefined : objAt(status, "loadBalancer");
    for (const ing of lb === undefined ? [] : objectsAt(lb, "ingress")) {
      if (typeof ing["ip"] === "string" && ing["ip"] !== "" && ing["ipMode"] === undefined) {
        ing["ipMode"] = "VIP";
      }
    }
  }
}

function sameClusterIPs(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? a : [];
  const y = Array.isArray(b) ? b : [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * The registry's normalizeClusterIPs (pkg/registry/core/service/strategy.go):
 * keeps spec.clusterIP and spec.clusterIPs in step for clients that only set
 * one of them. Mutates `svc` (an immer draft or a fresh copy); `old` is the
 * stored Service on update, undefined on create.
 *
 * - create: clusterIP set and clusterIPs empty → clusterIPs = [clusterIP];
 * - update, an old client dropped clusterIPs but kept clusterIP → restore them;
 * - update, clusterIP cleared while clusterIPs unchanged → clear clusterIPs;
 * - update, clusterIP changed while clusterIPs unchanged → clusterIPs = [clusterIP]
 *   (so validation then says `spec.clusterIPs[0]: ... may not change once set`).
 */
export function normalizeClusterIPs(svc: Obj, old: Obj | undefined): void {
  const spec = objAt(svc, "spec");
  if (spec === undefined) return;
  const clusterIP = typeof spec["clusterIP"] === "string" ? spec["clusterIP"] : "";
  const ips = Array.isArray(spec["clusterIPs"]) ? (spec["clusterIPs"] as unknown[]) : [];
  if (old === undefined) {
    if (clusterIP !== "" && ips.length === 0) spec["clusterIPs"] = [clusterIP];
    return;
  }
  const oldSpec = isObj(old["spec"]) ? old["spec"] : {};
  const oldClusterIP = typeof oldSpec["clusterIP"] === "string" ? oldSpec["clusterIP"] : "";
  const oldIPs = Array.isArray(oldSpec["clusterIPs"]) ? (oldSpec["clusterIPs"] as unknown[]) : [];
  if (oldIPs.length > 0 && ips.length === 0 && oldClusterIP === clusterIP) {
    spec["clusterIPs"] = [...oldIPs];
  }
  if (oldClusterIP !== clusterIP) {
    if (oldClusterIP !== "" && clusterIP === "" && sameClusterIPs(oldIPs, spec["clusterIPs"])) {
      delete spec["clusterIPs"];
    }
    if (clusterIP !== "" && sameClusterIPs(oldIPs, spec["clusterIPs"])) {
      spec["clusterIPs"] = [clusterIP];
    }
  }
}
