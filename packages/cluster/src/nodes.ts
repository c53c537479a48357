/**
 * The cluster's machines: each Node is run by its own Kubelet on the shared
 * loop, with its own random stream (adding a node does not change another
 * node's draws). Nodes get a podCIDR from 10.244.0.0/16, an InternalIP from
 * 172.18.0.0/16 and a zone in turn. Faults (stop, start), cordon, drain and
 * removal act as an operator or a power cut would: through the API, or by
 * stopping the kubelet.
 */
import { ApiError, type ApiClient } from "@kubesim/api";
import { Kubelet, type NodeShape } from "@kubesim/kubelet";
import type { ImageCatalogue, PodServices } from "@kubesim/kubelet";
import type { PodNetwork } from "@kubesim/network";
import type { Logger } from "@kubesim/runtime";
import type { Loop, Rng, Trace } from "@kubesim/sim";
import type { ApiConnection, ApiConnections } from "./connection.js";

export interface NodeOptions {
  /** Default node-<n>. */
  readonly name?: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly zone?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export const DEFAULT_ZONES = ["zone-a", "zone-b", "zone-c"] as const;
export const DEFAULT_REGION = "region-1";

export interface NodePoolDeps {
  /** The operator's client (cordon, drain, remove). */
  readonly client: ApiClient;
  /** When given, each kubelet talks to the API server over its own connection ("kubelet/<node>"). */
  readonly connections?: ApiConnections;
  readonly loop: Loop;
  readonly rng: Rng;
  readonly network: PodNetwork;
  readonly trace: Trace;
  readonly logger: Logger;
  readonly catalogue: ImageCatalogue;
  readonly lazyProbes: boolean;
  /** The cluster DNS and data plane as pods reach them (exec's nslookup, curl, ...). */
  readonly podServices?: PodServices;
}

export class NodePool {
  private readonly kubelets = new Map<string, Kubelet>();
  private readonly links = new Map<string, ApiConnection>();
  private added = 0;

  constructor(private readonly deps: NodePoolDeps) {}

  names(): string[] {
    return [...this.kubelets.keys()];
  }

  kubelet(name: string): Kubelet {
    const k = this.kubelets.get(name);
    if (k === undefined) throw new Error(`node "${name}" not found`);
    return k;
  }

  /** Adds a node and starts its kubelet, which registers the Node object. */
  add(options: NodeOptions = {}): string {
    const n = ++this.added;
    const name = options.name ?? `node-${n}`;
    if (this.kubelets.has(name)) throw new Error(`node "${name}" already exists`);
    const shape: NodeShape = {
      name,
      podCIDR: `10.244.${n - 1}.0/24`,
      internalIP: `172.18.${Math.floor((n + 1) / 256)}.${(n + 1) % 256}`,
      zone: options.zone ?? DEFAULT_ZONES[(n - 1) % DEFAULT_ZONES.length]!,
      region: DEFAULT_REGION,
      cpu: options.cpu ?? "4",
      memory: options.memory ?? "16Gi",
      pods: options.pods ?? "110",
      ...(options.labels === undefined ? {} : { labels: options.labels }),
    };
    const { loop, rng, network, trace, logger, catalogue, lazyProbes, connections } = this.deps;
    let client = this.deps.client;
    if (connections !== undefined) {
      const link = connections.connect(`kubelet/${name}`);
      this.links.set(name, link);
      client = link;
    }
    const kubelet = new Kubelet({
      client,
      loop,
      rng: rng.stream(`node/${name}`),
      network,
      node: shape,
      catalogue,
      lazyProbes,
      trace,
      logger: logger.child({ component: "kubelet", node: name }),
      ...(this.deps.podServices === undefined ? {} : { podServices: this.deps.podServices }),
    });
    this.kubelets.set(name, kubelet);
    kubelet.start();
    return name;
  }

  /** Power off: the kubelet stops heartbeating and its containers are gone. */
  stop(name: string): void {
    this.kubelet(name).stop();
  }

  /** Power on: the kubelet starts again and re-runs the pods still bound to it. */
  start(name: string): void {
    const k = this.kubelet(name);
    if (!k.isRunning && this.links.get(name)?.partitioned === true)
      throw new Error(
        `node "${name}" is partitioned from the API server: heal the partition before starting it`,
      );
    k.start();
  }

  /**
   * The node's link to the API server: while partitioned its kubelet's
   * requests fail and its watches go quiet (see connection.ts); its pods keep
   * running and serving. Throws when the pool has no connections of its own.
   */
  connection(name: string): ApiConnection {
    this.kubelet(name);
    const link = this.links.get(name);
    if (link === undefined) throw new Error(`node "${name}" shares its API client: no link to cut`);
    return link;
  }

  /** Removes the node: its kubelet stops and the Node object is deleted. */
  remove(name: string): void {
    const k = this.kubelet(name);
    k.stop();
    this.kubelets.delete(name);
    this.links.get(name)?.close();
    this.links.delete(name);
    this.deps.network.removeNode(name);
    try {
      this.deps.client.delete("Node", undefined, name);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status.reason !== "NotFound") throw e;
    }
  }

  /**
   * kubectl drain: cordon the node, then evict its pods through the eviction
   * API (DaemonSet and mirror pods are left, as with --ignore-daemonsets; pods
   * no controller owns need `force`, as kubectl says). Returns the pods evicted;
   * they terminate as the kubelet stops them.
   */
  drain(name: string, options: { force?: boolean; gracePeriodSeconds?: number } = {}): string[] {
    const { client } = this.deps;
    this.setUnschedulable(name, true);
    const pods = client
      .list("Pod", { fieldSelector: `spec.nodeName=${name}` })
      .items.filter((p) => p.metadata?.deletionTimestamp == null);
    const owner = (p: (typeof pods)[number]) =>
      p.metadata?.ownerReferences?.find((o) => o.controller === true);
    const isMirror = (p: (typeof pods)[number]) =>
      p.metadata?.annotations?.["kubernetes.io/config.mirror"] !== undefined;
    const unmanaged = pods.filter((p) => owner(p) === undefined && !isMirror(p));
    if (unmanaged.length > 0 && options.force !== true) {
      const list = unmanaged
        .map((p) => `${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`)
        .join(", ");
      throw new Error(
        `cannot delete Pods that declare no controller (use --force to override): ${list}`,
      );
    }
    const evicted: string[] = [];
    for (const p of pods) {
      if (owner(p)?.kind === "DaemonSet" || isMirror(p)) continue;
      const ns = p.metadata?.namespace ?? "default";
      const podName = p.metadata?.name ?? "";
      client.evict(ns, {
        apiVersion: "policy/v1",
        kind: "Eviction",
        metadata: { name: podName, namespace: ns },
        ...(options.gracePeriodSeconds === undefined
          ? {}
          : { deleteOptions: { gracePeriodSeconds: options.gracePeriodSeconds } }),
      });
      evicted.push(`${ns}/${podName}`);
    }
    return evicted;
  }

  /** kubectl cordon / uncordon: spec.unschedulable. */
  setUnschedulable(name: string, unschedulable: boolean): void {
    const { client } = this.deps;
    const node = client.get("Node", undefined, name);
    if ((node.spec?.unschedulable ?? false) === unschedulable) return;
    const spec = { ...node.spec };
    if (unschedulable) spec.unschedulable = true;
    else delete spec.unschedulable;
    client.update("Node", { ...node, spec });
  }
}
