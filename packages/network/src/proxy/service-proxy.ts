/**
 * kube-proxy in iptables mode, as one component for every node
 * (pkg/proxy/iptables/proxier.go syncProxyRules, pkg/proxy/topology.go
 * CategorizeEndpoints, pkg/proxy/servicechangetracker.go,
 * pkg/proxy/endpointschangetracker.go). From its informers over Services,
 * EndpointSlices and Nodes it keeps the table the rules encode:
 *
 *   (clusterIP, port, protocol)             -> service port   "ClusterIP"
 *   (any node's IP, nodePort, protocol)     -> service port   "NodePort"
 *   (status.loadBalancer.ingress ip, port)  -> service port   "LoadBalancer"
 *   (spec.externalIPs ip, port)             -> service port   "ExternalIP"
 *
 * and, per service port, its endpoints. The table is updated on informer
 * events, so a connection costs a map lookup and one draw (O(1) in the size
 * of the cluster; the usable endpoint lists are kept between changes).
 *
 * A connection is decided as the rules decide it:
 * - no usable endpoint anywhere (none ready, none serving-terminating):
 *   REJECT, the client sees "connection refused";
 * - the traffic policy in force is Local and the node has no usable local
 *   endpoint: DROP, the client sees nothing (a timeout);
 * - otherwise one endpoint, drawn by the chain's 1/(n-i) rules on the seeded
 *   stream, or kept by ClientIP affinity.
 * Which policy: internalTrafficPolicy for a ClusterIP; externalTrafficPolicy
 * for node ports, load-balancer and external IPs reached from outside the
 * cluster; a pod reaching an external destination is short-circuited to the
 * cluster-wide endpoints ("pod traffic for ... external destinations").
 * From outside, a load-balancer (or external) IP lands on one node: with
 * Local, one of the nodes that has local endpoints (the cloud LB's health
 * check on healthCheckNodePort), else any node.
 */
import type { Node, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import {
  metaNamespaceKey,
  unwrapTombstone,
  type HandlerRegistration,
  type SharedIndexInformer,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop, Rng } from "@kubesim/sim";
import { ClientIPAffinity, pickIptables, usableEndpoints } from "./endpoint-selection.js";
import {
  LabelServiceName,
  endpointsByServicePort,
  portKey,
  type ServiceEndpoint,
} from "./endpoint-slice-cache.js";
import { servicePorts, type ServicePortInfo, type ServicePortName } from "./service-port.js";

/** service.kubernetes.io/service-proxy-name: services left to another proxy. */
export const LabelServiceProxyName = "service.kubernetes.io/service-proxy-name";

/** How the connection reached the service. */
export type ServiceVia = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalIP";

/** Who connects: a pod (on its node) or a client outside the cluster. */
export interface ProxyClient {
  /** The source IP: the pod's IP, or the external client's. */
  readonly ip: string;
  /** The pod's node; absent for a client outside the cluster. */
  readonly node?: string;
}

/** The service port a destination matched. */
export interface ServiceRoute {
  readonly service: ServicePortName;
  readonly via: ServiceVia;
  /** The destination as dialled. */
  readonly address: { readonly ip: string; readonly port: number };
  /** The service port (spec.ports[].port). */
  readonly servicePort: number;
}

export type ProxyDecision =
  /** No rule matches: the packet goes on unchanged. */
  | { readonly kind: "no-rule" }
  | {
      readonly kind: "endpoint";
      readonly route: ServiceRoute;
      readonly endpoint: ServiceEndpoint;
      /** The node whose rules chose the endpoint. */
      readonly node: string | undefined;
      /** The source address the endpoint sees (the node's, when traffic is masqueraded). */
      readonly sourceIP: string;
    }
  /** "<svc> has no endpoints": REJECT (connection refused). */
  | { readonly kind: "reject"; readonly route: ServiceRoute }
  /** "<svc> has no local endpoints": DROP (no answer). */
  | { readonly kind: "drop"; readonly route: ServiceRoute; readonly node: string | undefined };

export interface ServiceProxyOptions {
  /** kube-proxy's informer factory; it uses the Service, EndpointSlice and Node informers. */
  readonly informers: SharedInformerFactory;
  /** The clock ClientIP affinity measures inactivity on. */
  readonly loop: Loop;
  /** The stream the iptables `-m statistic` draws (and LB node choices) come from. */
  readonly rng: Rng;
}

interface PortEntry {
  readonly info: ServicePortInfo;
  endpoints: readonly ServiceEndpoint[];
  readonly affinity: ClientIPAffinity | undefined;
  /** Memo of usableEndpoints(endpoints); undefined when stale. */
  cluster: readonly ServiceEndpoint[] | undefined;
  /** Memo per node of the local usable endpoints. */
  readonly local: Map<string, readonly ServiceEndpoint[]>;
  /** Memo: nodes with usable local endpoints, sorted. */
  localNodes: readonly string[] | undefined;
  /** Memo: any ready or serving-terminating endpoint. */
  hasAny: boolean | undefined;
}

interface VipTarget {
  readonly entry: PortEntry;
  readonly via: Exclude<ServiceVia, "NodePort">;
}

const addrKey = (ip: string, port: number, protocol: string) => `${ip}:${port}/${protocol}`;

export class ServiceProxy {
  private readonly loop: Loop;
  private readonly rng: Rng;
  private readonly serviceInformer: SharedIndexInformer<"Service">;
  private readonly sliceInformer: SharedIndexInformer<"EndpointSlice">;
  private readonly nodeInformer: SharedIndexInformer<"Node">;
  private registrations: HandlerRegistration[] = [];
  private started = false;

  private readonly entries = new Map<string, readonly PortEntry[]>();
  private readonly slices = new Map<string, Map<string, EndpointSlice>>();
  private readonly vips = new Map<string, VipTarget[]>();
  private readonly nodePorts = new Map<string, PortEntry[]>();
  private readonly nodeByIP = new Map<string, string>();
  private readonly nodeIPs = new Map<string, readonly string[]>();
  private nodeNames: readonly string[] = [];

  constructor(options: ServiceProxyOptions) {
    this.loop = options.loop;
    this.rng = options.rng;
    this.serviceInformer = options.informers.informerFor("Service");
    this.sliceInformer = options.informers.informerFor("EndpointSlice");
    this.nodeInformer = options.informers.informerFor("Node");
  }

  /** Registers the handlers and starts the informers (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.registrations = [
      this.nodeInformer.addEventHandler({
        onAdd: (n) => this.setNode(n),
        onUpdate: (_o, n) => this.setNode(n),
        onDelete: (n) => this.removeNode(unwrapTombstone(n).metadata?.name ?? ""),
      }),
      this.serviceInformer.addEventHandler({
        onAdd: (s) => this.setService(s),
        onUpdate: (_o, s) => this.setService(s),
        onDelete: (s) => this.removeService(metaNamespaceKey(unwrapTombstone(s))),
      }),
      this.sliceInformer.addEventHandler({
        onAdd: (s) => this.setSlice(s),
        onUpdate: (_o, s) => this.setSlice(s),
        onDelete: (s) => this.removeSlice(unwrapTombstone(s)),
      }),
    ];
    this.nodeInformer.run();
    this.serviceInformer.run();
    this.sliceInformer.run();
  }

  /** True once every informer's initial list has reached the table. */
  hasSynced(): boolean {
    return this.started && this.registrations.every((r) => r.hasSynced());
  }

  /** The node that owns `ip` (an InternalIP or ExternalIP of its status), if any. */
  nodeForIP(ip: string): string | undefined {
    return this.nodeByIP.get(ip);
  }

  /** The node's first address (InternalIP preferred). */
  nodeAddress(node: string): string | undefined {
    return this.nodeIPs.get(node)?.[0];
  }

  /** The service port a destination matches, without choosing an endpoint. */
  lookup(ip: string, port: number, protocol = "TCP"): ServiceRoute | undefined {
    const vip = this.vips.get(addrKey(ip, port, protocol))?.[0];
    if (vip !== undefined) return route(vip.entry, vip.via, ip, port);
    if (!this.nodeByIP.has(ip)) return undefined;
    const np = this.nodePorts.get(`${port}/${protocol}`)?.[0];
    return np === undefined ? undefined : route(np, "NodePort", ip, port);
  }

  /** The endpoints of a service, per port name, ordered as the chain orders them. */
  endpoints(namespace: string, name: string): ReadonlyMap<string, readonly ServiceEndpoint[]> {
    const out = new Map<string, readonly ServiceEndpoint[]>();
    for (const e of this.entries.get(`${namespace}/${name}`) ?? [])
      out.set(e.info.port, e.endpoints);
    return out;
  }

  /** A new connection from `client` to ip:port: what the node's rules do with it. */
  connect(client: ProxyClient, ip: string, port: number, protocol = "TCP"): ProxyDecision {
    const fromPod = client.node !== undefined;
    let entry: PortEntry | undefined;
    let via: ServiceVia;
    let node: string | undefined;
    const vip = this.vips.get(addrKey(ip, port, protocol))?.[0];
    if (vip !== undefined && (fromPod || vip.via !== "ClusterIP")) {
      entry = vip.entry;
      via = vip.via;
    } else {
      node = this.nodeByIP.get(ip);
      if (node === undefined) return { kind: "no-rule" };
      entry = this.nodePorts.get(`${port}/${protocol}`)?.[0];
      via = "NodePort";
    }
    if (entry === undefined) return { kind: "no-rule" };
    const r = route(entry, via, ip, port);
    if (!this.hasAny(entry)) return { kind: "reject", route: r };

    let pool: readonly ServiceEndpoint[];
    let sourceIP = client.ip;
    if (fromPod) {
      node = client.node;
      pool =
        via === "ClusterIP" && entry.info.internalPolicyLocal
          ? this.local(entry, client.node!)
          : this.cluster(entry);
    } else {
      const local = entry.info.externalPolicyLocal;
      if (via !== "NodePort") node = this.landingNode(entry, local);
      if (local) pool = node === undefined ? [] : this.local(entry, node);
      else {
        pool = this.cluster(entry);
        sourceIP = (node === undefined ? undefined : this.nodeAddress(node)) ?? client.ip;
      }
    }
    if (pool.length === 0) return { kind: "drop", route: r, node };
    const now = this.loop.now();
    const endpoint =
      entry.affinity === undefined
        ? pickIptables(pool, this.rng)
        : entry.affinity.pick(`${node ?? ""}|${client.ip}`, pool, now, this.rng);
    return { kind: "endpoint", route: r, endpoint: endpoint!, node, sourceIP };
  }

  // ---- endpoint lists, kept between changes ----

  private hasAny(e: PortEntry): boolean {
    e.hasAny ??= e.endpoints.some((x) => x.ready || (x.serving && x.terminating));
    return e.hasAny;
  }

  private cluster(e: PortEntry): readonly ServiceEndpoint[] {
    e.cluster ??= usableEndpoints(e.endpoints);
    return e.cluster;
  }

  private local(e: PortEntry, node: string): readonly ServiceEndpoint[] {
    let list = e.local.get(node);
    if (list === undefined) {
      list = usableEndpoints(e.endpoints, { localOnly: true, node });
      e.local.set(node, list);
    }
    return list;
  }

  /** The node a load balancer (or the route to an external IP) delivers to. */
  private landingNode(e: PortEntry, local: boolean): string | undefined {
    let candidates: readonly string[];
    if (local) {
      if (e.localNodes === undefined) {
        const nodes = new Set<string>();
        for (const x of e.endpoints) if (x.nodeName !== undefined) nodes.add(x.nodeName);
        e.localNodes = [...nodes].sort().filter((n) => this.local(e, n).length > 0);
      }
      candidates = e.localNodes;
    } else candidates = this.nodeNames;
    if (candidates.length === 0) return undefined;
    return candidates[candidates.length === 1 ? 0 : this.rng.int(candidates.length)];
  }

  // ---- informer events ----

  private setNode(n: Node): void {
    const name = n.metadata?.name ?? "";
    this.removeNode(name);
    const addrs = n.status?.addresses ?? [];
    const ips = [
      ...addrs.filter((a) => a.type === "InternalIP"),
      ...addrs.filter((a) => a.type === "ExternalIP"),
    ].map((a) => a.address);
    this.nodeIPs.set(name, ips);
    for (const ip of ips) this.nodeByIP.set(ip, name);
    this.nodeNames = [...this.nodeIPs.keys()].sort();
  }

  private removeNode(name: string): void {
    const old = this.nodeIPs.get(name);
    if (old === undefined) return;
    for (const ip of old) if (this.nodeByIP.get(ip) === name) this.nodeByIP.delete(ip);
    this.nodeIPs.delete(name);
    this.nodeNames = [...this.nodeIPs.keys()].sort();
  }

  private setService(svc: Service): void {
    const key = metaNamespaceKey(svc);
    const previous = this.entries.get(key) ?? [];
    this.unindex(previous);
    const infos =
      svc.metadata?.labels?.[LabelServiceProxyName] === undefined ? servicePorts(svc) : [];
    if (infos.length === 0) {
      this.entries.delete(key);
      return;
    }
    const byPort = endpointsByServicePort([...(this.slices.get(key)?.values() ?? [])]);
    const entries = infos.map((info): PortEntry => {
      const old = previous.find(
        (p) => p.info.port === info.port && p.info.protocol === info.protocol,
      );
      const affinity =
        info.stickyMaxAgeSeconds === undefined
          ? undefined
          : old?.affinity !== undefined && old.affinity.timeoutSeconds === info.stickyMaxAgeSeconds
            ? old.affinity
            : new ClientIPAffinity(info.stickyMaxAgeSeconds);
      return {
        info,
        endpoints: byPort.get(portKey(info.port, info.protocol)) ?? [],
        affinity,
        cluster: undefined,
        local: new Map(),
        localNodes: undefined,
        hasAny: undefined,
      };
    });
    this.entries.set(key, entries);
    this.index(entries);
  }

  private removeService(key: string): void {
    this.unindex(this.entries.get(key) ?? []);
    this.entries.delete(key);
  }

  private setSlice(slice: EndpointSlice): void {
    const svc = slice.metadata?.labels?.[LabelServiceName];
    if (svc === undefined || svc === "") return;
    const key = `${slice.metadata?.namespace ?? "default"}/${svc}`;
    let m = this.slices.get(key);
    if (m === undefined) {
      m = new Map();
      this.slices.set(key, m);
    }
    m.set(slice.metadata?.name ?? "", slice);
    this.refreshEndpoints(key);
  }

  private removeSlice(slice: EndpointSlice): void {
    const svc = slice.metadata?.labels?.[LabelServiceName];
    if (svc === undefined || svc === "") return;
    const key = `${slice.metadata?.namespace ?? "default"}/${svc}`;
    const m = this.slices.get(key);
    if (m === undefined) return;
    m.delete(slice.metadata?.name ?? "");
    if (m.size === 0) this.slices.delete(key);
    this.refreshEndpoints(key);
  }

  private refreshEndpoints(key: string): void {
    const entries = this.entries.get(key);
    if (entries === undefined) return;
    const byPort = endpointsByServicePort([...(this.slices.get(key)?.values() ?? [])]);
    for (const e of entries) {
      e.endpoints = byPort.get(portKey(e.info.port, e.info.protocol)) ?? [];
      e.cluster = undefined;
      e.local.clear();
      e.localNodes = undefined;
      e.hasAny = undefined;
    }
  }

  private index(entries: readonly PortEntry[]): void {
    for (const entry of entries) {
      const { info } = entry;
      const add = (ip: string, via: VipTarget["via"]) => {
        const k = addrKey(ip, info.servicePort, info.protocol);
        const list = this.vips.get(k);
        if (list === undefined) this.vips.set(k, [{ entry, via }]);
        else list.push({ entry, via });
      };
      for (const ip of info.clusterIPs) add(ip, "ClusterIP");
      for (const ip of info.externalIPs) add(ip, "ExternalIP");
      for (const ip of info.loadBalancerIPs) add(ip, "LoadBalancer");
      if (info.nodePort > 0) {
        const k = `${info.nodePort}/${info.protocol}`;
        const list = this.nodePorts.get(k);
        if (list === undefined) this.nodePorts.set(k, [entry]);
        else list.push(entry);
      }
    }
  }

  private unindex(entries: readonly PortEntry[]): void {
    for (const entry of entries) {
      const { info } = entry;
      const drop = (ip: string) => {
        const k = addrKey(ip, info.servicePort, info.protocol);
        const list = this.vips.get(k)?.filter((t) => t.entry !== entry);
        if (list === undefined || list.length === 0) this.vips.delete(k);
        else this.vips.set(k, list);
      };
      for (const ip of [...info.clusterIPs, ...info.externalIPs, ...info.loadBalancerIPs]) drop(ip);
      if (info.nodePort > 0) {
        const k = `${info.nodePort}/${info.protocol}`;
        const list = this.nodePorts.get(k)?.filter((x) => x !== entry);
        if (list === undefined || list.length === 0) this.nodePorts.delete(k);
        else this.nodePorts.set(k, list);
      }
    }
  }
}

function route(entry: PortEntry, via: ServiceVia, ip: string, port: number): ServiceRoute {
  const { namespace, name, port: portName, protocol } = entry.info;
  return {
    service: { namespace, name, port: portName, protocol },
    via,
    address: { ip, port },
    servicePort: entry.info.servicePort,
  };
}
