/**
 * The assembly: every component on one sim loop, with one seed and one trace.
 * This is the only place components are wired together (DESIGN.md). For now it
 * holds the API server, kube-controller-manager's controllers and the
 * scheduler; kubelets and network join it as their issues land.
 */
import { readFileSync } from "node:fs";
import { ApiServer } from "@kubesim/apiserver";
import { Loop, Rng, Trace, type Millis } from "@kubesim/sim";
import { pino, type Logger } from "pino";
import { startControllerManager, type LoadBalancerOptions } from "./controller-manager.js";
import { startSchedulerProcess } from "./scheduler.js";
import { ImageCatalogue, type Kubelet } from "@kubesim/kubelet";
import {
  PodNetwork,
  TrafficGenerator,
  type ClientRequest,
  type ClientResult,
  type RequestOrigin,
  type TrafficGeneratorOptions,
} from "@kubesim/network";
import { startClusterNetwork, type ClusterNetwork } from "./cluster-network.js";
import { NodePool, type NodeOptions } from "./nodes.js";

export interface ClusterOptions {
  /** The seed of every random stream (default 1). */
  readonly seed?: number | string;
  /** Virtual time at start (default 2024-01-01T00:00:00Z). */
  readonly epoch?: Millis;
  /** A pino logger; silent when omitted. */
  readonly logger?: Logger;
  /** Keep trace entries in memory (default true); the hash is kept either way. */
  readonly retainTrace?: boolean;
  /** Run kube-controller-manager's controllers (default true). */
  readonly controllers?: boolean;
  /** Run kube-scheduler (default true). */
  readonly scheduler?: boolean;
  /** Nodes to start with, each run by its own kubelet: a count, or one entry per node (default 3). */
  readonly nodes?: number | readonly NodeOptions[];
  /** How images behave in the fake runtime: a catalogue, its YAML text, or its object form. */
  readonly imageCatalogue?: ImageCatalogue | string | object;
  /** A YAML file holding the image catalogue (read once, at creation); wins over `imageCatalogue`. */
  readonly imageCatalogueFile?: string;
  /** Kubelets' probe workers sleep through ticks whose answer is known (default true; same results). */
  readonly lazyProbes?: boolean;
  /** Run cluster DNS: CoreDNS behind kube-system/kube-dns at 10.96.0.10 (default true). */
  readonly dns?: boolean;
  /**
   * Load balancers for Services of type LoadBalancer from a simulated cloud
   * (default on: IPs from 172.18.255.200-250 after 3 s); false turns them off.
   */
  readonly loadBalancers?: false | LoadBalancerOptions;
  /** Run the ingress-nginx controller with its default IngressClass `nginx` (default true). */
  readonly ingress?: boolean;
}

export class Cluster {
  readonly loop: Loop;
  readonly rng: Rng;
  readonly trace: Trace;
  readonly apiserver: ApiServer;
  readonly logger: Logger;
  /** The pod network every kubelet attaches its pods to. */
  readonly network: PodNetwork;
  /** The machines: add, stop, start, remove, cordon. */
  readonly nodes: NodePool;
  /** kube-proxy, CoreDNS, ingress-nginx and the data plane that ties them to the pod network. */
  readonly services: ClusterNetwork;

  private constructor(options: ClusterOptions) {
    this.loop = new Loop(options.epoch === undefined ? {} : { epoch: options.epoch });
    this.rng = new Rng(options.seed ?? 1);
    this.trace = new Trace(this.loop, { retain: options.retainTrace ?? true });
    const loop = this.loop;
    this.logger =
      options.logger ??
      pino({
        level: "silent",
        base: null,
        timestamp: () => `,"simTime":${loop.now()}`,
      });
    this.apiserver = new ApiServer({
      loop: this.loop,
      rng: this.rng.stream("apiserver"),
      trace: this.trace,
      logger: this.logger.child({ component: "apiserver" }),
      bootstrapKubernetesService: true,
    });
    if (options.controllers ?? true) {
      startControllerManager({
        client: this.apiserver,
        loop: this.loop,
        trace: this.trace,
        logger: this.logger.child({ component: "kube-controller-manager" }),
        ...(options.loadBalancers === undefined ? {} : { loadBalancers: options.loadBalancers }),
      });
    }
    this.network = new PodNetwork();
    this.services = startClusterNetwork({
      client: this.apiserver,
      loop: this.loop,
      rng: this.rng,
      trace: this.trace,
      logger: this.logger,
      network: this.network,
      dns: options.dns ?? true,
      ingress: options.ingress ?? true,
    });
    const { dns, dataplane } = this.services;
    this.nodes = new NodePool({
      client: this.apiserver,
      loop: this.loop,
      rng: this.rng,
      network: this.network,
      trace: this.trace,
      logger: this.logger,
      lazyProbes: options.lazyProbes ?? true,
      podServices: { http: dataplane.client, ...(dns === undefined ? {} : { dns }) },
      catalogue: catalogueOf(
        options.imageCatalogueFile === undefined
          ? options.imageCatalogue
          : readFileSync(options.imageCatalogueFile, "utf8"),
      ),
    });
    const nodes = options.nodes ?? 3;
    if (typeof nodes === "number") for (let i = 0; i < nodes; i++) this.nodes.add();
    else for (const n of nodes) this.nodes.add(n);
    if (options.scheduler ?? true) {
      startSchedulerProcess({
        client: this.apiserver,
        loop: this.loop,
        trace: this.trace,
        rng: this.rng.stream("scheduler"),
        logger: this.logger.child({ component: "kube-scheduler" }),
      });
    }
  }

  static create(options: ClusterOptions = {}): Cluster {
    return new Cluster(options);
  }

  /**
   * One HTTP request from outside the cluster (a laptop): to a node IP and
   * NodePort, a load balancer's IP, or a host an Ingress names (resolved to
   * the ingress's address, as after an /etc/hosts entry).
   */
  http(url: string, options: Omit<ClientRequest, "url" | "from"> = {}): ClientResult {
    return this.services.dataplane.request({ ...options, url, from: { kind: "external" } });
  }

  /**
   * Where requests from a running pod start, for traffic from a client pod.
   * Throws when the pod is not running on any node yet.
   */
  podOrigin(namespace: string, name: string): RequestOrigin {
    const pod = this.apiserver.get("Pod", namespace, name);
    const node = pod.spec?.nodeName;
    if (node === undefined) throw new Error(`pod ${namespace}/${name} is not scheduled yet`);
    return this.kubelet(node).requestOrigin(namespace, name);
  }

  /**
   * A traffic generator on the cluster's clock: `rate` requests per second to
   * `url`, from outside (default) or from a pod (`podOrigin`). Call start().
   */
  traffic(
    options: Omit<TrafficGeneratorOptions, "loop" | "client" | "from"> & {
      readonly from?: RequestOrigin;
    },
  ): TrafficGenerator {
    return new TrafficGenerator({
      ...options,
      loop: this.loop,
      client: this.services.dataplane.client,
      from: options.from ?? { kind: "external" },
    });
  }

  /** The kubelet of a node (logs, exec, usage). */
  kubelet(node: string): Kubelet {
    return this.nodes.kubelet(node);
  }
}

function catalogueOf(c: ClusterOptions["imageCatalogue"]): ImageCatalogue {
  if (c === undefined) return ImageCatalogue.empty();
  if (c instanceof ImageCatalogue) return c;
  if (typeof c === "string") return ImageCatalogue.parse(c);
  return ImageCatalogue.fromObject(c);
}
