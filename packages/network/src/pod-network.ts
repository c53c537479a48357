/**
 * The pod network: one flat IP space in which every pod IP leads to the
 * endpoint its node's kubelet attached there (CNI ADD), until it is detached
 * (CNI DEL). Node agents allocate addresses from their node's podCIDR here.
 * kube-proxy routing, DNS and ingress build on it (the network issue).
 */
import { HostLocalIpam } from "./ipam.js";
import type { Dial, HttpRequest, PodEndpoint } from "./http.js";

export class PodNetwork {
  private readonly ipams = new Map<string, HostLocalIpam>();
  private readonly endpoints = new Map<string, PodEndpoint>();
  private changes = 0;

  /** Bumped on every change of the IP table, so callers can cache a route between changes. */
  get version(): number {
    return this.changes;
  }

  /** CNI ADD: an address from the node's podCIDR, wired to `endpoint`. */
  attach(node: string, podCIDR: string, endpoint: PodEndpoint): string {
    let ipam = this.ipams.get(node);
    if (ipam === undefined || ipam.cidr !== podCIDR) {
      ipam = new HostLocalIpam(podCIDR);
      this.ipams.set(node, ipam);
    }
    const ip = ipam.allocate();
    this.endpoints.set(ip, endpoint);
    this.changes++;
    return ip;
  }

  /** CNI DEL: the address stops answering and goes back to the node's pool. */
  detach(node: string, ip: string): void {
    this.endpoints.delete(ip);
    this.changes++;
    this.ipams.get(node)?.release(ip);
  }

  /** A node and all its addresses leave the network (the node was removed). */
  removeNode(node: string): void {
    this.ipams.delete(node);
    this.changes++;
  }

  /** Whether `ip` leads to `endpoint` now. */
  routes(ip: string, endpoint: PodEndpoint): boolean {
    return this.endpoints.get(ip) === endpoint;
  }

  connect(ip: string, port: number): Dial {
    const ep = this.endpoints.get(ip);
    return ep === undefined ? { kind: "unreachable" } : ep.connect(port);
  }

  http(ip: string, port: number, request: HttpRequest): Dial {
    const ep = this.endpoints.get(ip);
    return ep === undefined ? { kind: "unreachable" } : ep.http(port, request);
  }
}
