/**
 * The cloud behind the load-balancer controller: k8s.io/cloud-provider's
 * `LoadBalancer` interface (cloud.go: GetLoadBalancer, GetLoadBalancerName,
 * EnsureLoadBalancer, UpdateLoadBalancer, EnsureLoadBalancerDeleted) and a
 * simulated implementation of it.
 *
 * The simulated cloud keeps one balancer per Service UID, named as
 * `cloudprovider.DefaultLoadBalancerName` names it ("a" + the UID without
 * dashes, at most 32 characters), each with an external IP from an IPPool and
 * the nodes it sends traffic to. Creating a balancer takes
 * `provisioningDelay` of virtual time (default 3 s: long enough to see
 * `EXTERNAL-IP <pending>`, short next to a real cloud's 30 s to minutes);
 * changing or deleting one takes none. The delay is reported, not waited
 * for: `ensureLoadBalancer` answers at once with the status and how long the
 * call takes, and the controller carries on after that much time, as a
 * worker blocked in the cloud call would.
 *
 * Synchronous and deterministic: no clock of its own, no randomness.
 */
import type { LoadBalancerStatus, Node, Service } from "kubernetes-types/core/v1";
import type { Millis } from "@kubesim/sim";
import { IPPool } from "./ip-pool.js";

/** The default time to create a balancer in the simulated cloud. */
export const DefaultProvisioningDelay: Millis = 3000;

/** What `ensureLoadBalancer` answers: the status to write, and how long the call took. */
export interface EnsureResult {
  readonly status: LoadBalancerStatus;
  /** Virtual time the call takes; the controller goes on after it. 0: at once. */
  readonly took: Millis;
}

/** cloudprovider.LoadBalancer, synchronous; failures are thrown as Errors. */
export interface LoadBalancerCloud {
  /** The cloud's name for its provider (cloudprovider.Interface.ProviderName). */
  readonly providerName: string;
  getLoadBalancer(
    clusterName: string,
    service: Service,
  ): { status: LoadBalancerStatus; exists: boolean };
  getLoadBalancerName(clusterName: string, service: Service): string;
  ensureLoadBalancer(clusterName: string, service: Service, nodes: readonly Node[]): EnsureResult;
  updateLoadBalancer(clusterName: string, service: Service, nodes: readonly Node[]): void;
  ensureLoadBalancerDeleted(clusterName: string, service: Service): void;
}

/** cloudprovider.DefaultLoadBalancerName. */
export function defaultLoadBalancerName(service: Service): string {
  return `a${service.metadata?.uid ?? ""}`.replaceAll("-", "").slice(0, 32);
}

/** One balancer in the simulated cloud. */
export interface SimulatedLoadBalancer {
  readonly name: string;
  /** "namespace/name" of the Service it was made for. */
  readonly service: string;
  readonly ip: string;
  /** The ports it listens on: "80/TCP". */
  readonly ports: readonly string[];
  /** The names of the nodes it sends traffic to. */
  readonly nodes: readonly string[];
}

export interface SimulatedCloudOptions {
  /** Ranges or CIDRs, comma-separated or as a list (default 172.18.255.200-172.18.255.250). */
  readonly loadBalancerIPPool?: string | readonly string[];
  /** Time to create a balancer (default 3 s). */
  readonly provisioningDelay?: Millis;
}

const serviceKey = (s: Service): string =>
  `${s.metadata?.namespace ?? ""}/${s.metadata?.name ?? ""}`;
const portsOf = (s: Service): string[] =>
  (s.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`);
const nodeNames = (nodes: readonly Node[]): string[] =>
  nodes.map((n) => n.metadata?.name ?? "").sort();

export class SimulatedCloud implements LoadBalancerCloud {
  readonly providerName = "kubesim";
  readonly pool: IPPool;
  readonly provisioningDelay: Millis;
  private readonly balancers = new Map<string, SimulatedLoadBalancer>();

  constructor(options: SimulatedCloudOptions = {}) {
    this.pool = new IPPool(options.loadBalancerIPPool);
    const delay = options.provisioningDelay ?? DefaultProvisioningDelay;
    if (!Number.isFinite(delay) || delay < 0)
      throw new Error(`provisioningDelay must be a duration of 0 or more, got ${delay}`);
    this.provisioningDelay = delay;
  }

  /** Every balancer, by name. */
  loadBalancers(): SimulatedLoadBalancer[] {
    return [...this.balancers.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  getLoadBalancerName(_clusterName: string, service: Service): string {
    return defaultLoadBalancerName(service);
  }

  getLoadBalancer(
    clusterName: string,
    service: Service,
  ): { status: LoadBalancerStatus; exists: boolean } {
    const lb = this.balancers.get(this.getLoadBalancerName(clusterName, service));
    return lb === undefined
      ? { status: {}, exists: false }
      : { status: statusOf(lb), exists: true };
  }

  /**
   * Creates the balancer (taking `provisioningDelay`) or brings an existing
   * one in line with the service (at once): its IP follows
   * spec.loadBalancerIP when set, its ports and nodes follow the arguments.
   * Throws IPPoolError when no address can be given.
   */
  ensureLoadBalancer(clusterName: string, service: Service, nodes: readonly Node[]): EnsureResult {
    const name = this.getLoadBalancerName(clusterName, service);
    const existing = this.balancers.get(name);
    const ip = this.pool.allocate(name, service.spec?.loadBalancerIP ?? "");
    const lb: SimulatedLoadBalancer = {
      name,
      service: serviceKey(service),
      ip,
      ports: portsOf(service),
      nodes: nodeNames(nodes),
    };
    this.balancers.set(name, lb);
    return { status: statusOf(lb), took: existing === undefined ? this.provisioningDelay : 0 };
  }

  updateLoadBalancer(clusterName: string, service: Service, nodes: readonly Node[]): void {
    const name = this.getLoadBalancerName(clusterName, service);
    const lb = this.balancers.get(name);
    if (lb === undefined) throw new Error(`load balancer ${name} not found`);
    this.balancers.set(name, { ...lb, nodes: nodeNames(nodes) });
  }

  ensureLoadBalancerDeleted(clusterName: string, service: Service): void {
    const name = this.getLoadBalancerName(clusterName, service);
    this.balancers.delete(name);
    this.pool.release(name);
  }
}

function statusOf(lb: SimulatedLoadBalancer): LoadBalancerStatus {
  return { ingress: [{ ip: lb.ip, ipMode: "VIP" }] };
}
