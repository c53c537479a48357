/**
 * Readers for a Service's spec as the allocation code sees it: a request body
 * that validation has not looked at yet, so every field is read defensively
 * (a wrong type reads as absent and is left for validation to report). Also
 * the type predicates of pkg/registry/core/service (needsClusterIP,
 * needsNodePort, needsHCNodePort) and pkg/api/service (NeedsHealthCheck).
 */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const SERVICE_TYPE_CLUSTER_IP = "ClusterIP";
export const SERVICE_TYPE_NODE_PORT = "NodePort";
export const SERVICE_TYPE_LOAD_BALANCER = "LoadBalancer";
export const SERVICE_TYPE_EXTERNAL_NAME = "ExternalName";
export const CLUSTER_IP_NONE = "None";

export const specOf = (svc: Obj | undefined): Obj | undefined =>
  svc !== undefined && isObj(svc["spec"]) ? svc["spec"] : undefined;

export const str = (o: Obj | undefined, key: string): string => {
  const v = o?.[key];
  return typeof v === "string" ? v : "";
};

/** The field as an array of strings (what validation will accept), or [] when absent. */
export const strings = (o: Obj | undefined, key: string): string[] => {
  const v = o?.[key];
  return Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : "")) : [];
};

export const portsOf = (spec: Obj | undefined): Obj[] => {
  const v = spec?.["ports"];
  return Array.isArray(v) ? v.filter(isObj) : [];
};

/** An int32 field: the number, or 0 when unset or not an integer. */
export const int = (o: Obj | undefined, key: string): number => {
  const v = o?.[key];
  return typeof v === "number" && Number.isInteger(v) ? v : 0;
};

export const svcType = (spec: Obj | undefined): string => str(spec, "type");

export const needsClusterIP = (spec: Obj | undefined): boolean =>
  svcType(spec) !== SERVICE_TYPE_EXTERNAL_NAME;

export const needsNodePort = (spec: Obj | undefined): boolean => {
  const t = svcType(spec);
  return t === SERVICE_TYPE_NODE_PORT || t === SERVICE_TYPE_LOAD_BALANCER;
};

/** needsHCNodePort / apiservice.NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local. */
export const needsHealthCheck = (spec: Obj | undefined): boolean =>
  svcType(spec) === SERVICE_TYPE_LOAD_BALANCER && str(spec, "externalTrafficPolicy") === "Local";

/** shouldAllocateNodePorts: NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export const shouldAllocateNodePorts = (spec: Obj | undefined): boolean => {
  const t = svcType(spec);
  if (t === SERVICE_TYPE_NODE_PORT) return true;
  if (t === SERVICE_TYPE_LOAD_BALANCER) return spec?.["allocateLoadBalancerNodePorts"] !== false;
  return false;
};

export const hasSelector = (spec: Obj | undefined): boolean => {
  const s = spec?.["selector"];
  return isObj(s) && Object.keys(s).length > 0;
};

/** The nodePorts of the ports that have one (collectServiceNodePorts). */
export const nodePortsOf = (spec: Obj | undefined): number[] =>
  portsOf(spec)
    .map((p) => int(p, "nodePort"))
    .filter((n) => n !== 0);

export const sameStrings = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** "IPv4", "IPv6" or "unknown" (alloc.go familyOf). */
export function familyOf(ip: string): string {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return "IPv4";
  if (ip.includes(":")) return "IPv6";
  return "unknown";
}

/** ServiceSpec's fields in the Go struct's order (what kube-apiserver encodes). */
const SPEC_ORDER = [
  "ports",
  "selector",
  "clusterIP",
  "clusterIPs",
  "type",
  "externalIPs",
  "sessionAffinity",
  "loadBalancerIP",
  "loadBalancerSourceRanges",
  "externalName",
  "externalTrafficPolicy",
  "healthCheckNodePort",
  "publishNotReadyAddresses",
  "sessionAffinityConfig",
  "ipFamilies",
  "ipFamilyPolicy",
  "allocateLoadBalancerNodePorts",
  "loadBalancerClass",
  "internalTrafficPolicy",
  "trafficDistribution",
];
const PORT_ORDER = ["name", "protocol", "appProtocol", "port", "targetPort", "nodePort"];

function ordered(o: Obj, order: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (k in o) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

/** A plain (unfrozen) copy of the spec with its fields, and its ports' fields, in Go order. */
export function orderedSpec(spec: Obj): Obj {
  const out = ordered(spec, SPEC_ORDER);
  const ports = out["ports"];
  if (Array.isArray(ports))
    out["ports"] = ports.map((p) => (isObj(p) ? ordered(p, PORT_ORDER) : p));
  return out;
}
