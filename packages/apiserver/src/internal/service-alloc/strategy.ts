/**
 * The Service strategy's update preparation (pkg/registry/core/service/
 * strategy.go, dropTypeDependentFields) and the storage's patchAllocatedValues
 * (pkg/registry/core/service/storage/storage.go). Both work on a mutable draft
 * of the new spec against the stored spec.
 *
 * patchAllocatedValues lets a client resubmit its original YAML: a clusterIP,
 * nodePort (matched by port name) or healthCheckNodePort the client left empty
 * keeps the allocated value.
 *
 * dropTypeDependentFields wipes what a type change makes meaningless, but only
 * values the client did not change (a changed one is left for validation to
 * refuse): clusterIP/clusterIPs/ipFamilies/ipFamilyPolicy when going to
 * ExternalName; nodePorts when leaving NodePort/LoadBalancer (unless a new one
 * was added); healthCheckNodePort when no longer LoadBalancer+Local;
 * allocateLoadBalancerNodePorts and loadBalancerClass when leaving
 * LoadBalancer; externalTrafficPolicy when leaving NodePort/LoadBalancer. The
 * load-balancer status is cleared for any type but LoadBalancer
 * (`serviceStatusForUpdate`).
 */
import {
  int,
  isObj,
  needsClusterIP,
  needsHealthCheck,
  needsNodePort,
  nodePortsOf,
  portsOf,
  sameStrings,
  str,
  strings,
  svcType,
  SERVICE_TYPE_EXTERNAL_NAME,
  SERVICE_TYPE_LOAD_BALANCER,
  type Obj,
} from "./spec.js";

/** patchAllocatedValues(after, before). */
export function patchAllocatedValues(spec: Obj, old: Obj): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (str(spec, "clusterIP") === "" && str(old, "clusterIP") !== "")
      spec["clusterIP"] = old["clusterIP"];
    if (strings(spec, "clusterIPs").length === 0 && strings(old, "clusterIPs").length > 0)
      spec["clusterIPs"] = old["clusterIPs"];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const newUsed = new Set(nodePortsOf(spec));
    const used = new Set(nodePortsOf(old).filter((p) => newUsed.has(p)));
    const byName = new Map<string, number>();
    for (const p of portsOf(old)) byName.set(str(p, "name"), int(p, "nodePort"));
    for (const p of portsOf(spec)) {
      if (int(p, "nodePort") !== 0) continue;
      const oldVal = byName.get(str(p, "name")) ?? 0;
      if (oldVal !== 0 && !used.has(oldVal)) p["nodePort"] = oldVal;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec)) {
    if (int(spec, "healthCheckNodePort") === 0 && int(old, "healthCheckNodePort") !== 0)
      spec["healthCheckNodePort"] = old["healthCheckNodePort"];
  }
}

const sameJSON = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** dropTypeDependentFields(newSvc, oldSvc), on the specs. */
export function dropTypeDependentFields(spec: Obj, old: Obj): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (
      str(old, "clusterIP") === str(spec, "clusterIP") &&
      sameStrings(strings(old, "clusterIPs"), strings(spec, "clusterIPs"))
    ) {
      delete spec["clusterIP"];
      delete spec["clusterIPs"];
    }
    if (sameJSON(old["ipFamilies"] ?? null, spec["ipFamilies"] ?? null)) delete spec["ipFamilies"];
    if (str(old, "ipFamilyPolicy") === str(spec, "ipFamilyPolicy")) delete spec["ipFamilyPolicy"];
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const oldPorts = new Set(nodePortsOf(old));
    if (nodePortsOf(spec).every((p) => oldPorts.has(p))) {
      for (const p of portsOf(spec)) delete p["nodePort"];
    }
  }
  if (
    needsHealthCheck(old) &&
    !needsHealthCheck(spec) &&
    int(old, "healthCheckNodePort") === int(spec, "healthCheckNodePort")
  ) {
    delete spec["healthCheckNodePort"];
  }
  const wasLB = svcType(old) === SERVICE_TYPE_LOAD_BALANCER;
  const isLB = svcType(spec) === SERVICE_TYPE_LOAD_BALANCER;
  if (wasLB && !isLB) {
    const a = old["allocateLoadBalancerNodePorts"];
    const b = spec["allocateLoadBalancerNodePorts"];
    if (typeof a === "boolean" && typeof b === "boolean" && a === b)
      delete spec["allocateLoadBalancerNodePorts"];
    if ((old["loadBalancerClass"] ?? null) === (spec["loadBalancerClass"] ?? null))
      delete spec["loadBalancerClass"];
  }
  if (
    needsNodePort(old) &&
    !needsNodePort(spec) &&
    str(old, "externalTrafficPolicy") === str(spec, "externalTrafficPolicy")
  ) {
    delete spec["externalTrafficPolicy"];
  }
  // defaultOnReadInternalTrafficPolicy: ExternalName carries none (dropped here at write).
  if (svcType(spec) === SERVICE_TYPE_EXTERNAL_NAME) delete spec["internalTrafficPolicy"];
}

/**
 * The status a main-resource update stores: the stored one (PrepareForUpdate),
 * with status.loadBalancer cleared when the service is not a LoadBalancer.
 * Returns `stored` itself when nothing changes.
 */
export function serviceStatusForUpdate(spec: unknown, stored: unknown): unknown {
  const s = isObj(spec) ? spec : {};
  if (svcType(s) === SERVICE_TYPE_LOAD_BALANCER) return stored;
  const st = isObj(stored) ? stored : {};
  const lb = st["loadBalancer"];
  if (isObj(lb) && Object.keys(lb).length === 0) return stored;
  return Object.freeze({ ...st, loadBalancer: Object.freeze({}) });
}
