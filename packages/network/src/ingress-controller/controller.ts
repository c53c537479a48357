/**
 * The ingress-nginx controller as a process on the sim loop: its store (the
 * informers and the Ingresses it serves), its syncs (nginx reloads and the
 * backends handed to Lua), its status sync, and nginx itself answering HTTP
 * at the published address (the data plane's `Frontend`). Mirrors
 * kubernetes/ingress-nginx:
 * - internal/ingress/controller/store/store.go: informers for IngressClass,
 *   Service, EndpointSlice and Secret first; the Ingress informer starts once
 *   Service, Secret and IngressClass have synced, one second later. An
 *   Ingress enters the store when its class is the controller's
 *   (GetIngressClass; see ../ingress/ingress-class.ts), with the Event
 *   Normal `Sync` "Scheduled for sync" (component nginx-ingress-controller)
 *   on add, when it starts to qualify, and on every change while it does;
 *   it leaves the store when deleted or when it stops qualifying.
 * - internal/ingress/controller/nginx.go and controller.go syncIngress: every
 *   store event queues a sync; syncs are rate limited (--sync-rate-limit 0.3
 *   per second, burst 1); a sync reloads nginx with the new servers and
 *   locations and posts the backends to Lua (after one second on the first
 *   sync); Lua takes the posted backends on its next one-second tick
 *   (balancer.lua BACKENDS_SYNC_INTERVAL).
 * - internal/ingress/status/status.go: once the store has synced and then
 *   every 60 s, the addresses of --publish-service (default
 *   ingress-nginx/ingress-nginx-controller) are written to
 *   status.loadBalancer.ingress of every served Ingress whose status differs
 *   (a GET, then an update of the status subresource). On shutdown
 *   (--update-status-on-shutdown, default true) they are cleared, unless
 *   there is more than one address. Ingresses the controller stops serving
 *   keep the status they had, as with ingress-nginx.
 *
 * Deviations: the controller runs as a process of the simulator, not as
 * pods, so its Service has no endpoints and no controller pod or Lease exists
 * (it leads at once; no leader election, no RELOAD events on a pod); it
 * answers HTTP itself on the Service's load-balancer addresses, ports 80 and
 * 443. There is no configmap: the settings it would hold are options.
 */
import type { Secret, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type {
  Ingress,
  IngressClass,
  IngressLoadBalancerIngress,
} from "kubernetes-types/networking/v1";
import type { ApiClient } from "@kubesim/api";
import {
  TokenBucket,
  metaNamespaceKey,
  silentLogger,
  unwrapTombstone,
  type EventRecorder,
  type HandlerRegistration,
  type Lister,
  type Logger,
  type ResourceEventHandler,
  type SharedIndexInformer,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { KindName, KindTypes } from "@kubesim/api";
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import type { Frontend, FrontendAnswer, FrontendRequest } from "../dataplane/types.js";
import type { Dial, HttpRequest } from "../http.js";
import { ingressClassFor, ingressNginxController } from "../ingress/ingress-class.js";
import type { Upstream } from "./backends.js";
import { Balancers } from "./balancer.js";
import {
  buildConfiguration,
  defaultConfiguration,
  type ConfigurationDefaults,
  type RunningConfiguration,
  type StoreView,
} from "./configuration.js";
import { RequestIds } from "./request-id.js";
import { defaultProxySettings, serve, type ProxySettings } from "./serve.js";
import {
  addressIPs,
  addressesFromFlag,
  sortLoadBalancerIngresses,
  statusAddressFromService,
  statusIsCurrent,
  type RunningAddresses,
} from "./status.js";

/** The Event source component of ingress-nginx's recorder. */
export const IngressNginxComponent = "nginx-ingress-controller";
/** The deploy manifest's --publish-service. */
export const defaultPublishService = "ingress-nginx/ingress-nginx-controller";
/** EndpointSlices by "namespace/service" (label kubernetes.io/service-name). */
export const IngressNginxServiceIndex = "ingress-nginx/service";

const serviceNameLabel = "kubernetes.io/service-name";

/** Index function for IngressNginxServiceIndex. */
export function endpointSliceServiceIndexFunc(slice: EndpointSlice): readonly string[] {
  const name = slice.metadata?.labels?.[serviceNameLabel];
  if (name === undefined || name === "") return [];
  return [`${slice.metadata?.namespace ?? ""}/${name}`];
}

/** The controller's timings, as ingress-nginx has them. */
export interface IngressNginxTiming {
  /** store.go: the pause after the other caches synced before the Ingress informer starts (1 s). */
  readonly ingressInformerDelay: Millis;
  /** --sync-rate-limit: syncs per second (0.3); 0 or Infinity means no limit. */
  readonly syncRateLimit: number;
  /** nginx.go: the pause before the first backends are posted to Lua (1 s). */
  readonly initialSyncDelay: Millis;
  /** balancer.lua BACKENDS_SYNC_INTERVAL (1 s); 0 applies posted backends at once. */
  readonly backendsSyncInterval: Millis;
  /** status.go UpdateInterval (60 s). */
  readonly statusUpdateInterval: Millis;
}

export const ingressNginxTiming: IngressNginxTiming = {
  ingressInformerDelay: 1_000,
  syncRateLimit: 0.3,
  initialSyncDelay: 1_000,
  backendsSyncInterval: 1_000,
  statusUpdateInterval: 60_000,
};

export interface IngressNginxControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** The pod network the controller proxies into (PodNetwork, or anything with its `http`). */
  readonly network: { http(ip: string, port: number, request: HttpRequest): Dial };
  /** A recorder for component "nginx-ingress-controller" (IngressNginxComponent). */
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  /** --controller-class (default "k8s.io/ingress-nginx"). */
  readonly controllerClass?: string;
  /** --ingress-class: the class name, also the legacy annotation value (default "nginx"). */
  readonly ingressClass?: string;
  /** --watch-ingress-without-class (default false). */
  readonly watchIngressWithoutClass?: boolean;
  /** --ingress-class-by-name (default false). */
  readonly ingressClassByName?: boolean;
  /** --publish-service (default "ingress-nginx/ingress-nginx-controller"). */
  readonly publishService?: string;
  /** --publish-status-address: comma-separated IPs or names; wins over publishService. */
  readonly publishStatusAddress?: string;
  /** --update-status (default true). */
  readonly updateStatus?: boolean;
  /** --update-status-on-shutdown (default true). */
  readonly updateStatusOnShutdown?: boolean;
  /** --disable-sync-events (default false). */
  readonly disableSyncEvents?: boolean;
  /** Configmap settings: ssl-redirect, force-ssl-redirect, preserve-trailing-slash. */
  readonly configuration?: Partial<ConfigurationDefaults>;
  /** Configmap settings: proxy tries and timeouts, HSTS, no-tls-redirect-locations. */
  readonly proxy?: Partial<ProxySettings>;
  readonly timing?: Partial<IngressNginxTiming>;
  /** Seed of the X-Request-ID sequence (default "ingress-nginx"). */
  readonly requestIdSeed?: string;
  /** The source pods see for proxied requests (default: the first published IP). */
  readonly sourceIP?: string;
}

const emptyRunning = (): RunningConfiguration =>
  buildConfiguration([], {
    service: () => undefined,
    endpointSlices: () => [],
    secret: () => undefined,
  }).running;

/** Calls `cb` once every informer has synced. */
function whenSynced(
  informers: readonly { onSynced(cb: () => void): void }[],
  cb: () => void,
): void {
  let left = informers.length;
  if (left === 0) {
    cb();
    return;
  }
  for (const inf of informers)
    inf.onSynced(() => {
      if (--left === 0) cb();
    });
}

export class IngressNginxController implements Frontend {
  readonly ports: readonly number[] = [80, 443];
  readonly ingressClassLister: Lister<IngressClass>;
  readonly ingressLister: Lister<Ingress>;
  readonly serviceLister: Lister<Service>;
  readonly endpointSliceLister: Lister<EndpointSlice>;
  readonly secretLister: Lister<Secret>;

  private readonly options: IngressNginxControllerOptions;
  private readonly log: Logger;
  private readonly timing: IngressNginxTiming;
  private readonly proxySettings: ProxySettings;
  private readonly configDefaults: ConfigurationDefaults;
  private readonly publishService: string;
  private readonly requestIds: RequestIds;
  private readonly classOptions: {
    controller: string;
    annotationValue: string;
    watchWithoutClass: boolean;
    ingressClassByName: boolean;
  };
  private readonly informers: {
    ingressClass: SharedIndexInformer<"IngressClass">;
    ingress: SharedIndexInformer<"Ingress">;
    service: SharedIndexInformer<"Service">;
    endpointSlice: SharedIndexInformer<"EndpointSlice">;
    secret: SharedIndexInformer<"Secret">;
  };
  /** IngressWithAnnotation: the Ingresses served, by key. */
  private readonly served = new Map<string, Ingress>();
  private readonly balancers = new Balancers();
  private readonly syncLimiter: TokenBucket | undefined;
  private registrations: HandlerRegistration[] = [];
  private timers = new Set<TaskHandle>();
  private running: RunningConfiguration = emptyRunning();
  private posted: ReadonlyMap<string, Upstream> = new Map();
  private syncPending: TaskHandle | undefined;
  private tickPending: TaskHandle | undefined;
  private startedAt: Millis = 0;
  private state: "new" | "starting" | "running" | "stopped" = "new";
  private syncs = 0;
  private statusSyncs = 0;

  constructor(options: IngressNginxControllerOptions) {
    this.options = options;
    this.log = options.logger ?? silentLogger();
    this.timing = { ...ingressNginxTiming, ...options.timing };
    this.proxySettings = { ...defaultProxySettings, ...options.proxy };
    this.configDefaults = { ...defaultConfiguration, ...options.configuration };
    this.publishService = options.publishService ?? defaultPublishService;
    this.requestIds = new RequestIds(options.requestIdSeed);
    this.classOptions = {
      controller: options.controllerClass ?? ingressNginxController,
      annotationValue: options.ingressClass ?? "nginx",
      watchWithoutClass: options.watchIngressWithoutClass ?? false,
      ingressClassByName: options.ingressClassByName ?? false,
    };
    const f = options.informers;
    this.informers = {
      ingressClass: f.informerFor("IngressClass"),
      ingress: f.informerFor("Ingress"),
      service: f.informerFor("Service"),
      endpointSlice: f.informerFor("EndpointSlice", {
        indexers: { [IngressNginxServiceIndex]: endpointSliceServiceIndexFunc },
      }),
      secret: f.informerFor("Secret"),
    };
    this.ingressClassLister = this.informers.ingressClass.lister;
    this.ingressLister = this.informers.ingress.lister;
    this.serviceLister = this.informers.service.lister;
    this.endpointSliceLister = this.informers.endpointSlice.lister;
    this.secretLister = this.informers.secret.lister;
    const qps = this.timing.syncRateLimit;
    this.syncLimiter = qps > 0 && Number.isFinite(qps) ? new TokenBucket(qps, 1) : undefined;
  }

  // ---- lifecycle ----

  /** Starts the informers; the Ingress informer, syncs and status follow as in ingress-nginx. */
  start(): void {
    if (this.state !== "new") return;
    this.state = "starting";
    this.startedAt = this.options.loop.now();
    this.log.info("Starting NGINX Ingress controller");
    const { ingressClass, service, endpointSlice, secret } = this.informers;
    this.watch(secret);
    this.watch(endpointSlice);
    this.watch(ingressClass);
    this.watch(service);
    whenSynced([service, secret, ingressClass], () =>
      this.timer(this.timing.ingressInformerDelay, () => this.startIngressInformer()),
    );
  }

  /** Every event of a cache the configuration reads queues a sync (store.go's updateCh). */
  private watch<K extends KindName>(informer: SharedIndexInformer<K>): void {
    const handler: ResourceEventHandler<KindTypes[K]> = {
      onAdd: () => this.enqueueSync(),
      onUpdate: (a, b) => {
        if (a !== b) this.enqueueSync();
      },
      onDelete: () => this.enqueueSync(),
    };
    this.registrations.push(informer.addEventHandler(handler));
    informer.run();
  }

  private startIngressInformer(): void {
    if (this.state !== "starting") return;
    this.registrations.push(this.informers.ingress.addEventHandler(this.ingressHandler()));
    this.informers.ingress.run();
    this.informers.ingress.onSynced(() => this.storeSynced());
  }

  /** The store has synced: nginx starts, the initial sync runs, the status sync begins. */
  private storeSynced(): void {
    if (this.state !== "starting") return;
    this.state = "running";
    this.enqueueSync();
    if (this.options.updateStatus ?? true) {
      this.syncStatus();
      this.scheduleStatusSync();
    } else {
      this.log.warn("Update of Ingress status is disabled (flag --update-status)");
    }
  }

  /** Stops the controller; with --update-status-on-shutdown the served Ingresses' status is cleared. */
  stop(): void {
    if (this.state === "stopped") return;
    const wasRunning = this.state === "running";
    this.state = "stopped";
    for (const r of this.registrations) r.remove();
    this.registrations = [];
    for (const t of this.timers) this.options.loop.cancel(t);
    this.timers.clear();
    if (!wasRunning) return;
    if (!(this.options.updateStatus ?? true)) return;
    if (!(this.options.updateStatusOnShutdown ?? true)) {
      this.log.warn("skipping update of status of Ingress rules");
      return;
    }
    const addrs = this.runningAddresses();
    if (!addrs.ok) {
      this.log.error({ err: addrs.error }, "error obtaining running IP address");
      return;
    }
    if (addrs.addresses.length > 1) {
      this.log.info("leaving status update for next leader");
      return;
    }
    this.log.info({ address: addrs.addresses }, "removing value from ingress status");
    this.updateStatus([]);
  }

  /** True once the store has synced and nginx runs. */
  hasSynced(): boolean {
    return this.state === "running";
  }

  private timer(delay: Millis, run: () => void): TaskHandle {
    const handle: TaskHandle = this.options.loop.after(
      Math.max(0, delay),
      () => {
        this.timers.delete(handle);
        run();
      },
      "ingress-nginx",
    );
    this.timers.add(handle);
    return handle;
  }

  // ---- the store ----

  /** GetIngressClass: whether the Ingress's class is this controller's. */
  isServed(ing: Ingress): boolean {
    return ingressClassFor(ing, this.ingressClassLister.list(), this.classOptions).handled;
  }

  private syncEvent(ing: Ingress): void {
    if (this.options.disableSyncEvents === true) return;
    this.options.recorder?.event(ing, "Normal", "Sync", "Scheduled for sync");
  }

  private ingressHandler(): ResourceEventHandler<Ingress> {
    const remove = (ing: Ingress) => {
      if (!this.served.delete(metaNamespaceKey(ing))) return;
      this.enqueueSync();
    };
    return {
      onAdd: (ing) => {
        const res = ingressClassFor(ing, this.ingressClassLister.list(), this.classOptions);
        if (!res.handled) {
          this.log.info(
            { ingress: metaNamespaceKey(ing), error: res.reason },
            "Ignoring ingress because of error while validating ingress class",
          );
          return;
        }
        this.syncEvent(ing);
        this.served.set(metaNamespaceKey(ing), ing);
        this.enqueueSync();
      },
      onUpdate: (old, cur) => {
        const okOld = this.isServed(old);
        const okCur = this.isServed(cur);
        if (!okOld && okCur) {
          this.syncEvent(cur);
        } else if (okOld && !okCur) {
          this.log.info(
            { ingress: metaNamespaceKey(cur) },
            "removing ingress because of unknown ingressclass",
          );
          remove(old);
          return;
        } else if (
          okCur &&
          old !== cur &&
          old.metadata?.resourceVersion !== cur.metadata?.resourceVersion
        ) {
          this.syncEvent(cur);
        } else {
          return;
        }
        this.served.set(metaNamespaceKey(cur), cur);
        this.enqueueSync();
      },
      onDelete: (obj) => remove(unwrapTombstone(obj)),
    };
  }

  /** ListIngresses: the served Ingresses, in key order. */
  servedIngresses(): Ingress[] {
    return [...this.served.keys()].sort().map((k) => this.served.get(k)!);
  }

  private storeView(): StoreView {
    return {
      service: (key) => this.serviceLister.get(key),
      endpointSlices: (ns, name) =>
        this.endpointSliceLister.byIndex(IngressNginxServiceIndex, `${ns}/${name}`),
      secret: (key) => this.secretLister.get(key),
    };
  }

  // ---- syncs: nginx reloads and Lua backends ----

  private enqueueSync(): void {
    if (this.state !== "running" || this.syncPending !== undefined) return;
    const delay = this.syncLimiter?.reserve(this.options.loop.now()) ?? 0;
    this.syncPending = this.timer(delay, () => {
      this.syncPending = undefined;
      this.sync();
    });
  }

  /** syncIngress: build the configuration; reload nginx; post the backends to Lua. */
  private sync(): void {
    const built = buildConfiguration(this.servedIngresses(), this.storeView(), this.configDefaults);
    for (const w of built.running.table.warnings) this.log.warn(w);
    for (const u of built.upstreams.values()) if (u.warning !== undefined) this.log.warn(u.warning);
    this.running = built.running;
    const first = this.syncs++ === 0;
    if (first && this.timing.initialSyncDelay > 0)
      this.timer(this.timing.initialSyncDelay, () => this.post(built.upstreams));
    else this.post(built.upstreams);
  }

  /** configureDynamically: Lua holds the backends from its next tick on. */
  private post(upstreams: ReadonlyMap<string, Upstream>): void {
    this.posted = upstreams;
    const interval = this.timing.backendsSyncInterval;
    if (interval <= 0) {
      this.balancers.sync(upstreams);
      return;
    }
    if (this.tickPending !== undefined) return;
    const now = this.options.loop.now();
    const ticks = Math.floor((now - this.startedAt) / interval) + 1;
    this.tickPending = this.timer(this.startedAt + ticks * interval - now, () => {
      this.tickPending = undefined;
      this.balancers.sync(this.posted);
    });
  }

  /** The configuration nginx runs now. */
  runningConfiguration(): RunningConfiguration {
    return this.running;
  }

  /** The backends Lua balances over now, by upstream name. */
  activeBackend(name: string): Upstream | undefined {
    return this.balancers.backend(name);
  }

  /** How many syncs (reloads) have run. */
  get syncCount(): number {
    return this.syncs;
  }

  // ---- status ----

  /** runningAddresses: --publish-status-address, else the --publish-service Service. */
  runningAddresses(): RunningAddresses {
    const flag = this.options.publishStatusAddress;
    if (flag !== undefined && flag !== "") return { ok: true, addresses: addressesFromFlag(flag) };
    return statusAddressFromService(
      this.publishService,
      this.serviceLister.get(this.publishService),
    );
  }

  private scheduleStatusSync(): void {
    this.timer(this.timing.statusUpdateInterval, () => {
      this.syncStatus();
      this.scheduleStatusSync();
    });
  }

  /** statusSync.sync: write the running addresses to every served Ingress whose status differs. */
  syncStatus(): void {
    this.statusSyncs++;
    const addrs = this.runningAddresses();
    if (!addrs.ok) {
      this.log.error({ err: addrs.error }, "error running status sync");
      return;
    }
    this.updateStatus(sortLoadBalancerIngresses(addrs.addresses));
  }

  /** How many status syncs have run. */
  get statusSyncCount(): number {
    return this.statusSyncs;
  }

  private updateStatus(addrs: readonly IngressLoadBalancerIngress[]): void {
    for (const ing of this.servedIngresses()) {
      if (statusIsCurrent(ing, addrs)) continue;
      const ns = ing.metadata?.namespace ?? "default";
      const name = ing.metadata?.name ?? "";
      let current: Ingress;
      try {
        current = this.options.client.get("Ingress", ns, name);
      } catch (err) {
        this.log.warn(
          { err },
          `unexpected error searching Ingress ${ns}/${name}: ${(err as Error).message}`,
        );
        continue;
      }
      this.log.info(
        {
          namespace: ns,
          ingress: name,
          currentValue: current.status?.loadBalancer?.ingress ?? [],
          newValue: addrs,
        },
        "updating Ingress status",
      );
      try {
        this.options.client.update(
          "Ingress",
          {
            ...current,
            status: {
              ...current.status,
              loadBalancer: addrs.length === 0 ? {} : { ingress: addrs.map((a) => ({ ...a })) },
            },
          },
          { subresource: "status" },
        );
      } catch (err) {
        this.log.warn(`error updating ingress rule: ${(err as Error).message}`);
      }
    }
  }

  // ---- nginx answering: the Frontend ----

  /** The IPs the controller answers on: its published addresses while it runs. */
  addresses(): readonly string[] {
    if (this.state !== "running") return [];
    const addrs = this.runningAddresses();
    return addrs.ok ? addressIPs(addrs.addresses) : [];
  }

  handle(request: FrontendRequest): FrontendAnswer {
    if (this.state !== "running" || !this.ports.includes(request.port)) return { kind: "refused" };
    const addrs = this.addresses();
    const local = addrs.includes(request.host) ? request.host : (addrs[0] ?? "");
    return serve(
      {
        running: this.running,
        balancers: this.balancers,
        http: (ip, port, req) => this.options.network.http(ip, port, req),
        service: (key) => this.serviceLister.get(key),
        requestId: () => this.requestIds.next(),
        localAddress: local,
        sourceIP: this.options.sourceIP ?? (addrs[0] || "ingress-nginx"),
        controllerName: this.publishService,
        settings: this.proxySettings,
      },
      request,
    );
  }
}
