/**
 * The assembly: every component on one sim loop, with one seed and one trace.
 * This is the only place components are wired together (DESIGN.md): the API
 * server, kube-controller-manager, kube-scheduler, one kubelet per node, the
 * pod network, kube-proxy, CoreDNS and ingress-nginx. Each process reaches
 * the API server over its own connection (connection.ts), where faults act.
 *
 * The front door for people and tests: `apply`, typed get/list/watch/
 * create/update/patch/delete, virtual time (`advance`, `runUntil`,
 * `settle`), `faults`, `events`, `trace`, `http` and `traffic`.
 * No global state: clusters are independent, many to a process.
 */
import { readFileSync } from "node:fs";
import {
  kindInfo,
  type DeleteOptions,
  type DeleteResult,
  type KindName,
  type KindTypes,
  type KubeObject,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  type UpdateOptions,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
  type WriteOptions,
} from "@kubesim/api";
import { APISERVER_SECURE_PORT, ApiServer, DEFAULT_ADVERTISE_ADDRESS } from "@kubesim/apiserver";
import { Loop, Rng, Trace, parseDuration, type Millis } from "@kubesim/sim";
import type { Event } from "kubernetes-types/core/v1";
import { pino, type Logger } from "pino";
import { applyManifests, type ApplyOptions, type ApplyOutcome } from "./apply/index.js";
import {
  startControllerManager,
  type ControllerManager,
  type LoadBalancerOptions,
} from "./controller-manager.js";
import type { CustomController } from "./custom-controllers.js";
import { startSchedulerProcess, type SchedulerProcess } from "./scheduler.js";
import { ImageCatalogue, type Kubelet } from "@kubesim/kubelet";
import type { ControllerExpectations, DeploymentSyncHook } from "@kubesim/controllers";
import type { WatcherStepHook } from "@kubesim/runtime";
import {
  PodNetwork,
  TrafficGenerator,
  type ClientRequest,
  type ClientResult,
  type RequestOrigin,
  type TrafficGeneratorOptions,
} from "@kubesim/network";
import { ApiConnections, type ApiConnection } from "./connection.js";
import { startClusterNetwork, type ClusterNetwork } from "./cluster-network.js";
import { EventOrder, type EventFilter } from "./events.js";
import { Faults, type ControlPlaneProcess } from "./faults.js";
import { NodePool, type NodeOptions } from "./nodes.js";
import { WaitTimeoutError, waiterFor, type RunUntilOptions, type WaitTarget } from "./wait.js";

export interface ClusterOptions {
  /** The seed of every random stream (default 1). */
  readonly seed?: number | string;
  /** Virtual time at start (default 2024-01-01T00:00:00Z). */
  readonly epoch?: Millis;
  /** A pino logger; silent when omitted. */
  readonly logger?: Logger;
  /** Keep trace entries in memory (default true); the hash is kept either way. */
  readonly retainTrace?: boolean;
  /**
   * Keep, on every retained trace entry, its details: the object each write
   * left and the loop task that recorded it (default false; hashes do not
   * change). What @kubesim/testing's `checkTrace` rebuilds the cluster's
   * states from; it keeps every version of every object in memory.
   */
  readonly traceObjects?: boolean;
  /** Run kube-controller-manager's controllers (default true). */
  readonly controllers?: boolean;
  /** Run kube-scheduler (default true). */
  readonly scheduler?: boolean;
  /** Nodes to start with, each run by its own kubelet: a count, or one entry per node (default 3). */
  readonly nodes?: number | readonly NodeOptions[];
  /** How images behave in the fake runtime: a catalogue, its YAML text, or its object form. */
  readonly imageCatalogue?: ImageCatalogue | string | object;
  /** The same as `imageCatalogue` (the shorter name; `imageCatalogue` wins when both are given). */
  readonly images?: ImageCatalogue | string | object;
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
  /**
   * Wraps the Deployment controller's pure plan, in this process and every restarted one: for
   * property tests of deliberately broken variants (@kubesim/testing). The real plan when omitted.
   */
  readonly deploymentSyncHook?: DeploymentSyncHook;
  /**
   * Your own controllers (custom-controllers.ts), run in kube-controller-manager on the runtime
   * the built-in ones use, and set up again in every restarted process. With `controllers: false`
   * the process runs only these.
   */
  readonly customControllers?: readonly CustomController[];
  /**
   * Makes the ReplicaSet controller's expectations, once for this process and once for every
   * restarted one (each starts with empty ones): for property tests of deliberately broken
   * variants, such as one that forgets them. A fresh ControllerExpectations when omitted.
   */
  readonly replicaSetExpectations?: () => ControllerExpectations;
  /**
   * Wraps the list/watch machine (stepWatcher) of every informer of kube-controller-manager, in
   * this process and every restarted one: for property tests of deliberately broken reflectors.
   * The real machine when omitted.
   */
  readonly controllerManagerWatcherHook?: WatcherStepHook;
}

/** Where a namespaced request goes when it names no namespace (kubectl's default context). */
const DEFAULT_NAMESPACE = "default";

/** Options of the front door's single-object calls: the namespace ("default" unless given). */
export interface InNamespace {
  readonly namespace?: string;
}

export class Cluster {
  readonly loop: Loop;
  readonly rng: Rng;
  /** Every write, Event and fault, stamped with virtual time; `trace.hash()` proves determinism. */
  readonly trace: Trace;
  readonly apiserver: ApiServer;
  readonly logger: Logger;
  /** The pod network every kubelet attaches its pods to. */
  readonly network: PodNetwork;
  /** The machines: add, stop, start, remove, cordon. */
  readonly nodes: NodePool;
  /** kube-proxy, CoreDNS, ingress-nginx and the data plane that ties them to the pod network. */
  readonly services: ClusterNetwork;
  /** Faults, each acting as the real one would, through the real components. */
  readonly faults: Faults;
  /** Every process's connection to the API server. */
  readonly connections: ApiConnections;
  /** The connection of the person (or test) at the keyboard: kubectl's. */
  readonly client: ApiConnection;

  private readonly options: ClusterOptions;
  private controllerManager: { process: ControllerManager; link: ApiConnection } | undefined;
  private scheduler: { process: SchedulerProcess; link: ApiConnection } | undefined;
  private readonly eventOrder: EventOrder;
  private readonly customControllers: CustomController[];

  private constructor(options: ClusterOptions) {
    this.options = options;
    this.loop = new Loop(options.epoch === undefined ? {} : { epoch: options.epoch });
    this.rng = new Rng(options.seed ?? 1);
    const loop = this.loop;
    this.trace = new Trace(loop, {
      retain: options.retainTrace ?? true,
      details: options.traceObjects ?? false,
      task: () => loop.currentTask,
    });
    this.eventOrder = new EventOrder(this.trace);
    this.logger = options.logger ?? silentRoot(this.loop);
    const apiserver = new ApiServer({
      loop: this.loop,
      rng: this.rng.stream("apiserver"),
      trace: this.trace,
      logger: this.logger.child({ component: "apiserver" }),
      bootstrapKubernetesService: true,
    });
    this.apiserver = apiserver;
    this.connections = new ApiConnections({
      client: apiserver,
      loop: this.loop,
      address: `${DEFAULT_ADVERTISE_ADDRESS}:${APISERVER_SECURE_PORT}`,
      resourceVersion: () => apiserver.resourceVersion,
      rng: this.rng.stream("watch-jitter"),
    });
    this.client = this.connections.connect("kubectl");
    this.customControllers = [...(options.customControllers ?? [])];
    if ((options.controllers ?? true) || this.customControllers.length > 0)
      this.startControllerManager();
    this.network = new PodNetwork();
    this.services = startClusterNetwork({
      client: this.client,
      connect: (process) => this.connections.connect(process),
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
      client: this.client,
      connections: this.connections,
      loop: this.loop,
      rng: this.rng,
      network: this.network,
      trace: this.trace,
      logger: this.logger,
      lazyProbes: options.lazyProbes ?? true,
      podServices: { http: dataplane.client, ...(dns === undefined ? {} : { dns }) },
      catalogue: catalogueOf(
        options.imageCatalogueFile === undefined
          ? (options.imageCatalogue ?? options.images)
          : readFileSync(options.imageCatalogueFile, "utf8"),
      ),
    });
    const nodes = options.nodes ?? 3;
    if (typeof nodes === "number") for (let i = 0; i < nodes; i++) this.nodes.add();
    else for (const n of nodes) this.nodes.add(n);
    if (options.scheduler ?? true) this.startScheduler();
    this.faults = new Faults({
      loop: this.loop,
      trace: this.trace,
      client: this.client,
      connections: this.connections,
      nodes: this.nodes,
      restart: (process) => this.restart(process),
    });
  }

  /** A new cluster: every component started on a fresh virtual clock. */
  static create(options: ClusterOptions = {}): Cluster {
    return new Cluster(options);
  }

  // ---- control-plane processes ---------------------------------------

  private startControllerManager(): void {
    const link = this.connections.connect("kube-controller-manager");
    const process = startControllerManager({
      client: link,
      loop: this.loop,
      trace: this.trace,
      logger: this.logger.child({ component: "kube-controller-manager" }),
      ...(this.options.loadBalancers === undefined
        ? {}
        : { loadBalancers: this.options.loadBalancers }),
      ...(this.options.deploymentSyncHook === undefined
        ? {}
        : { deploymentSyncHook: this.options.deploymentSyncHook }),
      builtIn: this.options.controllers ?? true,
      custom: [...this.customControllers],
      ...(this.options.replicaSetExpectations === undefined
        ? {}
        : { replicaSetExpectations: this.options.replicaSetExpectations() }),
      ...(this.options.controllerManagerWatcherHook === undefined
        ? {}
        : { watcherStepHook: this.options.controllerManagerWatcherHook }),
    });
    this.controllerManager = { process, link };
  }

  /**
   * Adds a controller of yours to kube-controller-manager (started if the cluster runs none) and
   * starts it now; every restarted process sets it up again. See custom-controllers.ts.
   */
  addController(controller: CustomController): void {
    this.customControllers.push(controller);
    if (this.controllerManager === undefined) this.startControllerManager();
    else this.controllerManager.process.addController(controller);
  }

  private startScheduler(): void {
    const link = this.connections.connect("kube-scheduler");
    const process = startSchedulerProcess({
      client: link,
      loop: this.loop,
      trace: this.trace,
      rng: this.rng.stream("scheduler"),
      logger: this.logger.child({ component: "kube-scheduler" }),
    });
    this.scheduler = { process, link };
  }

  /** The process exits (its connection closes) and a new one starts with empty caches. */
  private restart(process: ControlPlaneProcess): void {
    const running = process === "kube-scheduler" ? this.scheduler : this.controllerManager;
    if (running === undefined) throw new Error(`${process} is not running in this cluster`);
    running.process.stop();
    running.link.close();
    if (process === "kube-scheduler") this.startScheduler();
    else this.startControllerManager();
  }

  // ---- objects: kubectl apply and typed calls -------------------------

  /**
   * `kubectl apply`: multi-document YAML, or objects. Each document is created
   * or patched from its last-applied configuration; invalid ones are reported
   * in `failed` and the others still apply.
   */
  apply(input: string | readonly object[], options: ApplyOptions = {}): ApplyOutcome {
    return applyManifests(this.client, input, options);
  }

  /** Creates an object (`kubectl create -f`); its namespace is "default" unless it names one. */
  create<K extends KindName>(kind: K, obj: KindTypes[K], options?: WriteOptions): KindTypes[K] {
    return this.client.create(kind, obj, options);
  }

  /** Reads one object: `get("Deployment", "web")`; throws ApiError NotFound when absent. */
  get<K extends KindName>(kind: K, name: string, options: InNamespace = {}): KindTypes[K] {
    return this.client.get(kind, namespaceFor(kind, options.namespace), name);
  }

  /** Lists objects of a kind; every namespace unless `namespace` is given. */
  list<K extends KindName>(kind: K, options: ListOptions = {}): readonly KindTypes[K][] {
    return this.client.list(kind, options).items;
  }

  /**
   * Watches a kind (every namespace unless given); events arrive as loop
   * tasks while virtual time runs. Stop it with the returned handle.
   */
  watch<K extends KindName>(
    kind: K,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
    options: WatchOptions = {},
  ): WatchHandle {
    return this.client.watch(kind, options, handler);
  }

  /** Replaces an object (`kubectl replace`); optimistic concurrency on its resourceVersion. */
  update<K extends KindName>(kind: K, obj: KindTypes[K], options?: UpdateOptions): KindTypes[K] {
    return this.client.update(kind, obj, options);
  }

  /** Patches an object (`kubectl patch`; a strategic merge patch unless `type` says otherwise). */
  patch<K extends KindName>(
    kind: K,
    name: string,
    patch: unknown,
    options: PatchOptions & InNamespace & { readonly type?: PatchType } = {},
  ): KindTypes[K] {
    const { namespace, type, ...rest } = options;
    return this.client.patch(
      kind,
      namespaceFor(kind, namespace),
      name,
      type ?? "strategic",
      patch,
      rest,
    );
  }

  /** Deletes an object (`kubectl delete`): gracefully for pods, with the given propagation. */
  delete<K extends KindName>(
    kind: K,
    name: string,
    options: DeleteOptions & InNamespace = {},
  ): DeleteResult<KindTypes[K]> {
    const { namespace, ...rest } = options;
    return this.client.delete(kind, namespaceFor(kind, namespace), name, rest);
  }

  /**
   * The cluster's Events in the order they happened, optionally only those
   * about one object (`events(deployment)`) or matching a filter
   * (`events({ kind: "Pod", reason: "BackOff" })`).
   */
  events(about?: KubeObject | EventFilter): Event[] {
    return this.eventOrder.list(this.client, about);
  }

  // ---- virtual time ---------------------------------------------------

  /** Virtual time now, in ms since the Unix epoch. */
  now(): Millis {
    return this.loop.now();
  }

  /** Lets `d` of virtual time pass ("30s", or ms), running everything due in it. */
  advance(d: string | Millis): void {
    this.loop.advance(d);
  }

  /** Runs everything due at the current instant, including what that schedules for now. */
  settle(): void {
    this.loop.settle();
  }

  /**
   * Runs virtual time until `target` holds: a predicate, or an object state
   * (`{ deployment: "web", condition: "Available" }`, `{ rollout: "web" }`,
   * `{ pod, phase }`, `{ pod, ready }`, `{ node, status }`, `{ deleted, name }`),
   * checked after every task. Returns the virtual time it took. Throws
   * WaitTimeoutError, naming the target and what it last saw, after
   * `timeout` (default 10m); RolloutFailedError when a rollout exceeds its
   * progress deadline.
   */
  runUntil(target: WaitTarget, options: RunUntilOptions = {}): Millis {
    const waiter = waiterFor(this.client, target);
    const timeout = parseDuration(options.timeout ?? "10m");
    const start = this.loop.now();
    if (this.loop.runUntil(() => waiter.check(), { timeout })) return this.loop.now() - start;
    throw new WaitTimeoutError(waiter.description, timeout, waiter.lastSeen());
  }

  // ---- traffic --------------------------------------------------------

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

/** The namespace a request addresses: none for cluster-scoped kinds, "default" when not given. */
function namespaceFor(kind: KindName, namespace: string | undefined): string | undefined {
  if (kindInfo(kind)?.namespaced === false) return undefined;
  return namespace ?? DEFAULT_NAMESPACE;
}

/**
 * The root logger when none is given: pino at level "silent", with the sim
 * clock's timestamp, whose children are itself. A child of a silent logger
 * would only carry bindings that are never written, and every component,
 * informer and reconcile asks for one (about 50 at creation, one per
 * reconcile after). Pass a logger to see logs, with their bindings.
 */
function silentRoot(loop: Loop): Logger {
  const root = pino({
    level: "silent",
    base: null,
    timestamp: () => `,"simTime":${loop.now()}`,
  });
  root.child = (() => root) as unknown as Logger["child"];
  return root;
}

function catalogueOf(c: ClusterOptions["imageCatalogue"]): ImageCatalogue {
  if (c === undefined) return ImageCatalogue.empty();
  if (c instanceof ImageCatalogue) return c;
  if (typeof c === "string") return ImageCatalogue.parse(c);
  return ImageCatalogue.fromObject(c);
}
