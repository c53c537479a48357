/**
 * The Service registry's allocators (pkg/registry/core/service/storage/alloc.go,
 * Allocators): what a Service create or update allocates and releases, as a
 * Transaction the write commits or reverts. kubesim's cluster is single-stack
 * IPv4 with one service CIDR (kube-apiserver's `--service-cluster-ip-range`,
 * default here 10.96.0.0/12) and one NodePort range (`--service-node-port-range`,
 * 30000-32767).
 *
 * Create (allocateCreate):
 * - initIPFamilyFields: ipFamilyPolicy defaults to SingleStack (RequireDualStack
 *   for a headless service without selector), the clusterIP fields are
 *   pre-validated (ValidateServiceClusterIPsRelatedFields), ipFamilies are
 *   inferred from clusterIPs, else [IPv4]; IPv6 and dual-stack are refused as
 *   "not configured on this cluster";
 * - ClusterIPs: none for ExternalName or headless (`None`); a requested IP is
 *   allocated or refused (422 on spec.clusterIPs), else one is drawn (500
 *   `failed to allocate a serviceIP: range is full` when none is left);
 * - NodePorts for NodePort and LoadBalancer (unless allocateLoadBalancerNodePorts
 *   is false, which still honours requested ones): ports with the same port
 *   number share one nodePort (TCP and UDP of port 53), a requested one is
 *   allocated or refused (422 on spec.ports[i].nodePort);
 * - healthCheckNodePort for LoadBalancer with externalTrafficPolicy Local
 *   (500 `failed to allocate requested HealthCheck NodePort ...`).
 *
 * Update (allocateUpdate): ExternalName -> other types allocate clusterIPs,
 * the reverse releases them (on commit); NodePort/LoadBalancer -> ClusterIP or
 * ExternalName release the nodePorts; ports added to a NodePort/LoadBalancer
 * service get one, ports removed give theirs back; the health-check port
 * follows externalTrafficPolicy. Releases are deferred to the commit; a
 * refused update keeps what the service had and gives back what it took.
 *
 * Dual-stack upgrades and downgrades (cases C and D of updateClusterIPs) cannot
 * arise on a single-stack cluster and are not modelled.
 */
import { current, isDraft } from "immer";
import { ApiError, fieldError, internalError, validateCreate, type FieldError } from "@kubesim/api";
import type { Rng } from "@kubesim/sim";
import {
  ClusterIPAllocator,
  isAllocError,
  NodePortAllocator,
  type AllocError,
} from "./allocators.js";
import { serviceInvalid } from "./errors.js";
import { PortAllocationOperation } from "./port-operation.js";
import {
  CLUSTER_IP_NONE,
  familyOf,
  hasSelector,
  int,
  needsHealthCheck,
  nodePortsOf,
  portsOf,
  sameStrings,
  shouldAllocateNodePorts,
  specOf,
  str,
  strings,
  svcType,
  SERVICE_TYPE_CLUSTER_IP,
  SERVICE_TYPE_EXTERNAL_NAME,
  SERVICE_TYPE_LOAD_BALANCER,
  SERVICE_TYPE_NODE_PORT,
  type Obj,
} from "./spec.js";
import { MetaTransaction, NO_TRANSACTION, type Transaction } from "./transaction.js";

const IPV4 = "IPv4";
/** The families this cluster serves (one service CIDR, IPv4). */
const CONFIGURED_FAMILIES: ReadonlySet<string> = new Set([IPV4]);

const SINGLE_STACK = "SingleStack";
const PREFER_DUAL_STACK = "PreferDualStack";
const REQUIRE_DUAL_STACK = "RequireDualStack";

/** The fields ValidateServiceClusterIPsRelatedFields reports on. */
function isClusterIPsRelated(e: FieldError): boolean {
  const f = e.field;
  if (e.detail.startsWith("may not be set to 'None' for")) return false; // ValidateService's own check
  return (
    f === "spec.clusterIPs" ||
    f.startsWith("spec.clusterIPs[") ||
    f.startsWith("spec.ipFamilies") ||
    f === "spec.ipFamilyPolicy"
  );
}

const policyOf = (spec: Obj): string | undefined => {
  const p = spec["ipFamilyPolicy"];
  return typeof p === "string" ? p : undefined;
};

/** isMatchingPreferDualStackClusterIPFields: an update that leaves a PreferDualStack service's IP fields alone. */
function isMatchingPreferDualStack(spec: Obj, old: Obj | undefined): boolean {
  if (old === undefined) return false;
  const policy = policyOf(spec);
  if (policy === undefined) return false;
  if (svcType(old) !== svcType(spec)) return false;
  const t = svcType(spec);
  if (
    t !== SERVICE_TYPE_CLUSTER_IP &&
    t !== SERVICE_TYPE_NODE_PORT &&
    t !== SERVICE_TYPE_LOAD_BALANCER
  )
    return false;
  if (policy !== PREFER_DUAL_STACK) return false;
  const oldPolicy = policyOf(old);
  if (oldPolicy !== undefined && oldPolicy !== PREFER_DUAL_STACK) return false;
  return (
    sameStrings(strings(old, "clusterIPs"), strings(spec, "clusterIPs")) &&
    sameStrings(strings(old, "ipFamilies"), strings(spec, "ipFamilies"))
  );
}

export interface AllocationsSnapshot {
  readonly clusterIPs: readonly string[];
  readonly nodePorts: readonly number[];
}

export class ServiceAllocators {
  readonly ips: ClusterIPAllocator;
  readonly ports: NodePortAllocator;

  constructor(options: {
    readonly cidr: string;
    readonly nodePorts: { readonly base: number; readonly size: number };
    readonly ipRng: Rng;
    readonly portRng: Rng;
  }) {
    this.ips = new ClusterIPAllocator(options.cidr, options.ipRng);
    this.ports = new NodePortAllocator(
      options.nodePorts.base,
      options.nodePorts.size,
      options.portRng,
    );
  }

  /** Every allocated ClusterIP and NodePort (health-check ports included). */
  snapshot(): AllocationsSnapshot {
    return { clusterIPs: this.ips.allocated(), nodePorts: this.ports.allocated() };
  }

  /** allocateCreate: `svc` is a mutable draft of the Service being created. */
  allocateCreate(svc: Obj, dryRun: boolean): Transaction {
    const spec = specOf(svc);
    if (spec === undefined) return NO_TRANSACTION;
    const name = str(svc["metadata"] as Obj | undefined, "name");
    const result = new MetaTransaction();
    try {
      this.initIPFamilyFields(name, svc, spec, undefined);
      result.add(this.txnAllocClusterIPs(name, spec, dryRun));
      result.add(this.txnAllocNodePorts(name, spec, dryRun));
    } catch (e) {
      result.revert();
      throw e;
    }
    return result;
  }

  /** allocateUpdate: `svc` is a mutable draft of the new Service, `old` the stored one. */
  allocateUpdate(svc: Obj, old: Obj, dryRun: boolean): Transaction {
    const spec = specOf(svc);
    const oldSpec = specOf(old) ?? {};
    if (spec === undefined) return NO_TRANSACTION;
    const name = str(svc["metadata"] as Obj | undefined, "name");
    const result = new MetaTransaction();
    try {
      this.initIPFamilyFields(name, svc, spec, oldSpec);
      result.add(this.txnUpdateClusterIPs(name, spec, oldSpec, dryRun));
      result.add(this.txnUpdateNodePorts(name, spec, oldSpec, dryRun));
    } catch (e) {
      result.revert();
      throw e;
    }
    return result;
  }

  /** releaseAllocatedResources: the Service is gone. */
  releaseAllocatedResources(svc: Obj): void {
    const spec = specOf(svc);
    if (spec === undefined) return;
    if (svcType(spec) !== SERVICE_TYPE_EXTERNAL_NAME) {
      const ips = strings(spec, "clusterIPs");
      if (!(ips.length > 0 && ips[0] === CLUSTER_IP_NONE)) {
        for (const ip of ips) if (familyOf(ip) === IPV4) this.ips.release(ip);
      }
    }
    for (const p of ownedNodePorts(spec)) this.ports.release(p);
    if (needsHealthCheck(spec)) {
      const hc = int(spec, "healthCheckNodePort");
      if (hc > 0) this.ports.release(hc);
    }
  }

  /** initIPFamilyFields: ipFamilyPolicy and ipFamilies, checked against this cluster. */
  private initIPFamilyFields(name: string, svc: Obj, spec: Obj, old: Obj | undefined): void {
    if (svcType(spec) === SERVICE_TYPE_EXTERNAL_NAME) return;
    if (isMatchingPreferDualStack(spec, old)) return;
    if (policyOf(spec) === undefined) {
      const oldPolicy = old === undefined ? undefined : policyOf(old);
      if (oldPolicy !== undefined) spec["ipFamilyPolicy"] = oldPolicy;
      else if (str(spec, "clusterIP") === CLUSTER_IP_NONE && !hasSelector(spec))
        spec["ipFamilyPolicy"] = REQUIRE_DUAL_STACK;
      else spec["ipFamilyPolicy"] = SINGLE_STACK;
    }
    const policy = policyOf(spec)!;

    // Loose pre-validation of the clusterIP fields.
    const snapshot = isDraft(svc) ? (current(svc) as Obj) : svc;
    const loose = validateCreate(snapshot as never).filter(isClusterIPsRelated);
    if (loose.length > 0) throw serviceInvalid(name, loose);

    const el: FieldError[] = [];
    if (old !== undefined) {
      const ips = strings(spec, "clusterIPs");
      const fams = strings(spec, "ipFamilies");
      if (policy === SINGLE_STACK) {
        if (sameStrings(strings(old, "clusterIPs"), ips) && ips.length > 1)
          spec["clusterIPs"] = ips.slice(0, 1);
        if (sameStrings(strings(old, "ipFamilies"), fams) && fams.length > 1)
          spec["ipFamilies"] = fams.slice(0, 1);
      } else {
        if (ips.length > 0 && ips.length < strings(old, "clusterIPs").length) {
          el.push(
            fieldError.invalid(
              "spec.ipFamilyPolicy",
              policy,
              "must be 'SingleStack' to release the secondary cluster IP",
            ),
          );
        }
        if (fams.length > 0 && fams.length < strings(old, "ipFamilies").length) {
          el.push(
            fieldError.invalid(
              "spec.ipFamilyPolicy",
              policy,
              "must be 'SingleStack' to release the secondary IP family",
            ),
          );
        }
      }
    }
    if (policy === SINGLE_STACK) {
      if (strings(spec, "clusterIPs").length === 2) {
        el.push(
          fieldError.invalid(
            "spec.ipFamilyPolicy",
            policy,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
          ),
        );
      }
      if (strings(spec, "ipFamilies").length === 2) {
        el.push(
          fieldError.invalid(
            "spec.ipFamilyPolicy",
            policy,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
          ),
        );
      }
    }
    // Infer ipFamilies from clusterIPs.
    const ips = strings(spec, "clusterIPs");
    const families = strings(spec, "ipFamilies");
    for (let i = 0; i < ips.length; i++) {
      const ip = ips[i]!;
      if (ip === CLUSTER_IP_NONE) break;
      const fam = familyOf(ip);
      if (i >= families.length) {
        if (!CONFIGURED_FAMILIES.has(fam)) {
          el.push(
            fieldError.invalid(
              `spec.clusterIPs[${i}]`,
              ips,
              `${fam} is not configured on this cluster`,
            ),
          );
        } else families.push(fam);
      }
    }
    if (families.length !== strings(spec, "ipFamilies").length) spec["ipFamilies"] = families;
    if (el.length > 0) throw serviceInvalid(name, el);

    // Headless without selector: allowed any families (defaults to dual).
    if (str(spec, "clusterIP") === CLUSTER_IP_NONE && !hasSelector(spec)) {
      const before = families.length;
      if (families.length === 0) families.push(IPV4);
      if (families.length < 2 && policy !== SINGLE_STACK)
        families.push(families[0] === IPV4 ? "IPv6" : IPV4);
      if (families.length !== before) spec["ipFamilies"] = families;
      return;
    }
    if (policy === REQUIRE_DUAL_STACK) {
      el.push(
        fieldError.invalid(
          "spec.ipFamilyPolicy",
          policy,
          "this cluster is not configured for dual-stack services",
        ),
      );
    }
    families.forEach((f, i) => {
      if (!CONFIGURED_FAMILIES.has(f))
        el.push(fieldError.invalid(`spec.ipFamilies[${i}]`, f, "not configured on this cluster"));
    });
    if (el.length > 0) throw serviceInvalid(name, el);
    if (families.length === 0) spec["ipFamilies"] = [IPV4];
    // A second family would be appended for dual-stack policies on a dual-stack cluster.
  }

  /** allocClusterIPs: fills spec.clusterIPs (and clusterIP); returns what was allocated. */
  private allocClusterIPs(name: string, spec: Obj, dryRun: boolean): string[] {
    if (svcType(spec) === SERVICE_TYPE_EXTERNAL_NAME) return [];
    const ips = strings(spec, "clusterIPs");
    if (ips.length > 0 && ips[0] === CLUSTER_IP_NONE) return [];
    const families = strings(spec, "ipFamilies");
    for (let i = ips.length; i < families.length; i++) ips.push(""); // markers
    const allocated: string[] = [];
    families.forEach((fam, i) => {
      if (fam !== IPV4) return; // pre-validated: only configured families get here
      const want = ips[i]!;
      let got: AllocError | string;
      if (want === "") {
        got = dryRun ? this.ips.dryRunNext() : this.ips.allocateNext();
        if (isAllocError(got)) throw internalError(`failed to allocate a serviceIP: ${got.error}`);
      } else {
        got = dryRun ? this.ips.dryRunAllocate(want) : this.ips.allocate(want);
        if (isAllocError(got)) {
          throw serviceInvalid(name, [
            fieldError.invalid(
              "spec.clusterIPs",
              ips,
              `failed to allocate IP ${want}: ${got.error}`,
            ),
          ]);
        }
      }
      allocated.push(got);
      ips[i] = got;
      if (i === 0) spec["clusterIP"] = got;
    });
    spec["clusterIPs"] = ips;
    return dryRun ? [] : allocated;
  }

  private ipTransaction(allocated: readonly string[], released: readonly string[]): Transaction {
    return {
      commit: () => {
        for (const ip of released) this.ips.release(ip);
      },
      revert: () => {
        for (const ip of allocated) this.ips.release(ip);
      },
    };
  }

  private txnAllocClusterIPs(name: string, spec: Obj, dryRun: boolean): Transaction {
    return this.ipTransaction(this.allocClusterIPs(name, spec, dryRun), []);
  }

  /** updateClusterIPs: type changes to and from ExternalName. */
  private txnUpdateClusterIPs(name: string, spec: Obj, old: Obj, dryRun: boolean): Transaction {
    if (isMatchingPreferDualStack(spec, old)) return NO_TRANSACTION;
    const oldType = svcType(old);
    const newType = svcType(spec);
    // Case A: from ExternalName: allocate.
    if (oldType === SERVICE_TYPE_EXTERNAL_NAME && newType !== SERVICE_TYPE_EXTERNAL_NAME) {
      return this.ipTransaction(this.allocClusterIPs(name, spec, dryRun), []);
    }
    const oldIPs = strings(old, "clusterIPs");
    if (oldIPs.length > 0 && oldIPs[0] === CLUSTER_IP_NONE) return NO_TRANSACTION;
    // Case B: to ExternalName: release (on commit).
    if (oldType !== SERVICE_TYPE_EXTERNAL_NAME && newType === SERVICE_TYPE_EXTERNAL_NAME) {
      const released = strings(old, "ipFamilies")
        .map((_, i) => oldIPs[i])
        .filter((ip): ip is string => ip !== undefined && ip !== "");
      return dryRun ? NO_TRANSACTION : this.ipTransaction([], released);
    }
    return NO_TRANSACTION;
  }

  private txnAllocNodePorts(name: string, spec: Obj, dryRun: boolean): Transaction {
    const op = new PortAllocationOperation(this.ports, dryRun);
    try {
      const t = svcType(spec);
      if (t === SERVICE_TYPE_NODE_PORT || t === SERVICE_TYPE_LOAD_BALANCER)
        initNodePorts(name, spec, op);
      if (needsHealthCheck(spec)) allocHealthCheckNodePort(spec, op);
    } catch (e) {
      op.revert();
      throw e;
    }
    return op;
  }

  private txnUpdateNodePorts(name: string, spec: Obj, old: Obj, dryRun: boolean): Transaction {
    const op = new PortAllocationOperation(this.ports, dryRun);
    try {
      const oldType = svcType(old);
      const newType = svcType(spec);
      const oldNeeds = oldType === SERVICE_TYPE_NODE_PORT || oldType === SERVICE_TYPE_LOAD_BALANCER;
      const newNeeds = newType === SERVICE_TYPE_NODE_PORT || newType === SERVICE_TYPE_LOAD_BALANCER;
      if (
        oldNeeds &&
        (newType === SERVICE_TYPE_EXTERNAL_NAME || newType === SERVICE_TYPE_CLUSTER_IP)
      ) {
        for (const p of ownedNodePorts(old)) op.releaseDeferred(p);
      }
      if (newNeeds) updateNodePorts(name, spec, old, op);
      // updateHealthCheckNodePort
      const needed = needsHealthCheck(old);
      const needs = needsHealthCheck(spec);
      if (!needed && needs) allocHealthCheckNodePort(spec, op);
      else if (needed && !needs) op.releaseDeferred(int(old, "healthCheckNodePort"));
    } catch (e) {
      op.revert();
      throw e;
    }
    return op;
  }
}

/**
 * The nodePorts a stored Service holds: those of a NodePort or LoadBalancer
 * service. Upstream counts the nodePort fields of any type
 * (collectServiceNodePorts), but only those two types ever allocate them, and
 * validation lets an ExternalName service carry nodePorts it never allocated;
 * counting those would release, or keep without allocating, ports that may
 * belong to another service (upstream leaves that to its repair loop).
 */
function ownedNodePorts(spec: Obj): number[] {
  const t = svcType(spec);
  return t === SERVICE_TYPE_NODE_PORT || t === SERVICE_TYPE_LOAD_BALANCER ? nodePortsOf(spec) : [];
}

/** findRequestedNodePort: the nodePort another port with this port number asks for, or 0. */
function findRequestedNodePort(port: number, ports: readonly Obj[]): number {
  for (const p of ports)
    if (int(p, "port") === port && int(p, "nodePort") !== 0) return int(p, "nodePort");
  return 0;
}

function nodePortInvalid(name: string, i: number, port: number, err: AllocError) {
  return serviceInvalid(name, [fieldError.invalid(`spec.ports[${i}].nodePort`, port, err.error)]);
}

/** initNodePorts (create). */
function initNodePorts(name: string, spec: Obj, op: PortAllocationOperation): void {
  const ports = portsOf(spec);
  const byPort = new Map<number, number>();
  const allocate = shouldAllocateNodePorts(spec);
  ports.forEach((sp, i) => {
    const nodePort = int(sp, "nodePort");
    if (nodePort === 0 && !allocate) return; // respect requests only
    const port = int(sp, "port");
    const allocated = byPort.get(port) ?? 0;
    if (allocated === 0) {
      const np = findRequestedNodePort(port, ports);
      if (np !== 0) {
        const r = op.allocate(np);
        if (isAllocError(r)) throw nodePortInvalid(name, i, np, r);
        sp["nodePort"] = np;
        byPort.set(port, np);
      } else {
        const r = op.allocateNext();
        if (isAllocError(r)) throw internalError(`failed to allocate a nodePort: ${r.error}`);
        sp["nodePort"] = r;
        byPort.set(port, r);
      }
    } else if (nodePort !== allocated) {
      if (nodePort === 0) sp["nodePort"] = allocated;
      else {
        const r = op.allocate(nodePort);
        if (isAllocError(r)) throw nodePortInvalid(name, i, nodePort, r);
      }
    }
  });
}

/** updateNodePorts (update to NodePort or LoadBalancer). */
function updateNodePorts(name: string, spec: Obj, old: Obj, op: PortAllocationOperation): void {
  const oldNumbers = ownedNodePorts(old);
  const seen: string[] = [];
  const taken = new Set<number>();
  const allocate = shouldAllocateNodePorts(spec);
  portsOf(spec).forEach((sp, i) => {
    let nodePort = int(sp, "nodePort");
    if (nodePort === 0 && !allocate) return;
    if (nodePort !== 0) {
      if (!oldNumbers.includes(nodePort) && !taken.has(nodePort)) {
        const r = op.allocate(nodePort);
        if (isAllocError(r)) throw nodePortInvalid(name, i, nodePort, r);
        taken.add(nodePort);
      }
    } else {
      const r = op.allocateNext();
      if (isAllocError(r)) throw internalError(`failed to allocate a nodePort: ${r.error}`);
      sp["nodePort"] = r;
      nodePort = r;
    }
    const key = `{${str(sp, "protocol")} ${nodePort}}`;
    if (seen.includes(key)) {
      // A plain error upstream: 500 with the bare message.
      throw new ApiError("InternalError", `duplicate nodePort: ${key}`);
    }
    seen.push(key);
  });
  const newNumbers = nodePortsOf(spec);
  for (const p of oldNumbers) if (!newNumbers.includes(p)) op.releaseDeferred(p);
}

/** allocHealthCheckNodePort: the requested one, or any. */
function allocHealthCheckNodePort(spec: Obj, op: PortAllocationOperation): void {
  const hc = int(spec, "healthCheckNodePort");
  if (hc !== 0) {
    const r = op.allocate(hc);
    if (isAllocError(r))
      throw internalError(`failed to allocate requested HealthCheck NodePort ${hc}: ${r.error}`);
    return;
  }
  const r = op.allocateNext();
  if (isAllocError(r))
    throw internalError(`failed to allocate a HealthCheck NodePort 0: ${r.error}`);
  spec["healthCheckNodePort"] = r;
}
