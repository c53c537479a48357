/**
 * ApiServer: kube-apiserver and etcd semantics, in memory, on the sim loop.
 * Implements the `ApiClient` contract every component uses. Each verb is a
 * thin entry point over internal/: create.ts, update.ts, patching.ts,
 * delete.ts, namespace-controller.ts, subresources.ts, eviction.ts, paging.ts,
 * watch.ts.
 *
 *   const loop = new Loop();
 *   const api = new ApiServer({ loop, rng: new Rng(1) });
 *   api.create("ConfigMap", { metadata: { name: "cfg" }, data: { a: "1" } });
 *   api.watch("ConfigMap", { resourceVersion: "0" }, (ev) => seen.push(ev));
 *   loop.settle();   // the watcher gets ADDED cfg, as a loop task
 *
 * Guarantees (each tested): one revision counter across kinds; a refused
 * request changes nothing; watchers are called only from loop tasks; every
 * committed write is in the trace, and the same seed and inputs give the same
 * trace hash.
 *
 * Warnings (fieldValidation=Warn, the `Warning:` headers of kube-apiserver)
 * of the latest write are in `lastWarnings`.
 *
 * Services get their ClusterIP and NodePorts here, as kube-apiserver's
 * Service registry allocates them (internal/service-alloc/); with
 * `bootstrapKubernetesService` the server also creates the `kubernetes`
 * Service, Endpoints and EndpointSlice at start (internal/kubernetes-service.ts).
 */
import {
  apiVersionOf,
  badRequest,
  isNotFound,
  kindInfo,
  type ApiClient,
  type DeleteOptions,
  type DeleteResult,
  type KindName,
  type KindTypes,
  type KubeObject,
  type ListOptions,
  type ObjectList,
  type PatchOptions,
  type PatchType,
  type UpdateOptions,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
  type WriteOptions,
} from "@kubesim/api";
import { parseDuration, type Loop, type Rng, type Trace } from "@kubesim/sim";
import type { Binding } from "kubernetes-types/core/v1";
import type { Scale } from "kubernetes-types/autoscaling/v1";
import type { Eviction } from "kubernetes-types/policy/v1";
import type { ApiServerLogger, ServerContext } from "./internal/context.js";
import { createObject } from "./internal/create.js";
import { deleteObject } from "./internal/delete.js";
import { evictPod } from "./internal/eviction.js";
import { GraceTimers } from "./internal/grace.js";
import { KubernetesServiceController } from "./internal/kubernetes-service.js";
import { StrictFields } from "./internal/memo.js";
import { k8sSchema } from "./internal/schema/index.js";
import { requestNamespace, resolveKind } from "./internal/keys.js";
import { NamespaceController } from "./internal/namespace-controller.js";
import { SYSTEM_NAMESPACES } from "./internal/namespaces.js";
import { listPage, parseResourceVersion } from "./internal/paging.js";
import { patchObject } from "./internal/patching.js";
import { parseSelection } from "./internal/selection.js";
import type { AllocationsSnapshot } from "./internal/service-alloc/alloc.js";
import { DEFAULT_SERVICE_CIDR } from "./internal/service-alloc/allocators.js";
import { ServiceRegistry } from "./internal/service-alloc/rest.js";
import { Storage } from "./internal/storage.js";
import { bindPod, getOwner, scaleKind, scaleOf, updateScale } from "./internal/subresources.js";
import { updateObject } from "./internal/update.js";
import { WatchHub, type WatchStart } from "./internal/watch.js";

export type { ApiServerLogger } from "./internal/context.js";
export type { AllocationsSnapshot } from "./internal/service-alloc/alloc.js";

export interface ApiServerOptions {
  readonly loop: Loop;
  /** Root of the apiserver's randomness: uids from `rng.stream("apiserver")`, generated names from `rng.stream("apiserver-names")`. */
  readonly rng: Rng;
  /** Every committed write is recorded as `write` { verb, kind, namespace, name, resourceVersion }. */
  readonly trace?: Trace;
  /** Events kept per kind for watch resumption and paged lists (default 10,000). */
  readonly watchWindow?: number;
  /** Delay between a commit and its delivery to watchers (default 0: the next loop task). */
  readonly watchLatency?: string | number;
  /** Period of BOOKMARK events for watches that allow them (default "1m"; 0 disables). */
  readonly bookmarkInterval?: string | number;
  readonly logger?: ApiServerLogger;
  /** `--service-cluster-ip-range`: where ClusterIPs come from (default "10.96.0.0/12", IPv4 only). */
  readonly serviceClusterIPRange?: string;
  /** `--service-node-port-range` (default "30000-32767"). */
  readonly serviceNodePortRange?: string;
  /**
   * Create the `default/kubernetes` Service (the range's first address, port
   * https 443 -> 6443), its Endpoints and its EndpointSlice at start, and
   * restore them after an outside change, as kube-apiserver's kubernetesservice
   * controller does (default false: the store starts with the namespaces only).
   */
  readonly bootstrapKubernetesService?: boolean;
  /** `--advertise-address`: the `kubernetes` Endpoints' address (default "172.18.0.1"). */
  readonly advertiseAddress?: string;
}

export const DEFAULT_WATCH_WINDOW = 10_000;
export const DEFAULT_SERVICE_NODE_PORT_RANGE = "30000-32767";
export const DEFAULT_ADVERTISE_ADDRESS = "172.18.0.1";
/** The apiserver's secure port, the `kubernetes` Service's targetPort. */
export const APISERVER_SECURE_PORT = 6443;

const ENDPOINTS_INFO = kindInfo("Endpoints")!;

export class ApiServer implements ApiClient {
  private readonly ctx: ServerContext;
  private readonly namespaces: NamespaceController;
  private readonly grace: GraceTimers;

  constructor(options: ApiServerOptions) {
    const { loop, rng } = options;
    const storage = new Storage(options.watchWindow ?? DEFAULT_WATCH_WINDOW, options.trace);
    const hub = new WatchHub({
      loop,
      latency: Math.max(0, parseDuration(options.watchLatency ?? 0)),
      bookmarkInterval: Math.max(0, parseDuration(options.bookmarkInterval ?? "1m")),
      currentRevision: () => storage.resourceVersion,
    });
    storage.onCommit(hub.onCommit);
    this.grace = new GraceTimers(loop, (kind, ns, name, uid) =>
      this.expireGrace(kind, ns, name, uid),
    );
    storage.onCommit((_store, entry) => {
      if (entry.next === undefined && entry.old?.metadata?.uid !== undefined)
        this.grace.cancel(entry.old.metadata.uid);
    });
    this.ctx = {
      loop,
      storage,
      hub,
      uidRng: rng.stream("apiserver"),
      nameRng: rng.stream("apiserver-names"),
      logger: options.logger,
      strict: new StrictFields(k8sSchema),
      warnings: [],
      scheduleGraceExpiry: (kind, ns, name, uid, at) =>
        this.grace.schedule(kind, ns, name, uid, at),
      services: new ServiceRegistry(storage, {
        serviceClusterIPRange: options.serviceClusterIPRange ?? DEFAULT_SERVICE_CIDR,
        serviceNodePortRange: options.serviceNodePortRange ?? DEFAULT_SERVICE_NODE_PORT_RANGE,
        ipRng: rng.stream("apiserver-service-ips"),
        portRng: rng.stream("apiserver-node-ports"),
      }),
      afterDelete: (kind, obj) => this.afterDelete(kind, obj),
    };
    this.namespaces = new NamespaceController(this.ctx);
    // Created by kube-apiserver's system namespaces controller (manager "kube-apiserver").
    for (const name of SYSTEM_NAMESPACES)
      this.create("Namespace", { metadata: { name } }, { userAgent: "kube-apiserver" });
    if (options.bootstrapKubernetesService === true) {
      new KubernetesServiceController(
        this,
        storage,
        loop,
        {
          publicIP: options.advertiseAddress ?? DEFAULT_ADVERTISE_ADDRESS,
          serviceIP: this.ctx.services.kubernetesServiceIP,
          servicePort: 443,
          publicServicePort: APISERVER_SECURE_PORT,
        },
        options.logger,
      ).start();
    }
  }

  /**
   * Every ClusterIP and NodePort (health-check ports included) allocated to
   * a stored Service: the state of kube-apiserver's allocators (its
   * RangeAllocation objects), for inspection.
   */
  serviceAllocations(): AllocationsSnapshot {
    return this.ctx.services.snapshot();
  }

  /** The Service registry's afterDelete: the Endpoints of a removed Service go too. */
  private afterDelete(kind: string, obj: KubeObject): void {
    if (kind !== "Service") return;
    const namespace = obj.metadata?.namespace ?? "";
    const name = obj.metadata?.name ?? "";
    try {
      deleteObject(this.ctx, ENDPOINTS_INFO, namespace, name, {});
    } catch (e) {
      if (isNotFound(e)) return;
      this.ctx.logger?.debug(
        { namespace, name, err: (e as Error).message },
        "delete service endpoints failed",
      );
    }
  }

  /** The latest committed revision (etcd's), as a string like every resourceVersion. */
  get resourceVersion(): string {
    return String(this.ctx.storage.resourceVersion);
  }

  /** Warnings of the latest write (e.g. unknown fields under fieldValidation=Warn). */
  get lastWarnings(): readonly string[] {
    return this.ctx.warnings;
  }

  /** Number of open watches. */
  get watchCount(): number {
    return this.ctx.hub.size;
  }

  private beginWrite(): void {
    this.ctx.warnings = [];
  }

  create<K extends KindName>(kind: K, obj: KindTypes[K], options: WriteOptions = {}): KindTypes[K] {
    this.beginWrite();
    return createObject(this.ctx, resolveKind(kind), obj, options) as KindTypes[K];
  }

  get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindTypes[K] {
    const info = resolveKind(kind);
    if (typeof name !== "string" || name === "") throw badRequest("resource name may not be empty");
    return getOwner(this.ctx, info, requestNamespace(info, namespace), name) as KindTypes[K];
  }

  list<K extends KindName>(kind: K, options: ListOptions = {}): ObjectList<KindTypes[K]> {
    const info = resolveKind(kind);
    const store = this.ctx.storage.store(info);
    const page = listPage(
      store,
      parseSelection(info, options),
      options,
      this.ctx.storage.resourceVersion,
    );
    const metadata = {
      resourceVersion: page.resourceVersion,
      ...(page.continue === undefined ? {} : { continue: page.continue }),
      ...(page.remainingItemCount === undefined
        ? {}
        : { remainingItemCount: page.remainingItemCount }),
    };
    return Object.freeze({
      apiVersion: apiVersionOf(info),
      kind: `${info.kind}List`,
      metadata: Object.freeze(metadata),
      items: Object.freeze(page.items) as readonly KindTypes[K][],
    });
  }

  update<K extends KindName>(
    kind: K,
    obj: KindTypes[K],
    options: UpdateOptions = {},
  ): KindTypes[K] {
    this.beginWrite();
    return updateObject(this.ctx, resolveKind(kind), obj, options) as KindTypes[K];
  }

  patch<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: PatchOptions = {},
  ): KindTypes[K] {
    this.beginWrite();
    const info = resolveKind(kind);
    if (typeof name !== "string" || name === "") throw badRequest("resource name may not be empty");
    return patchObject(this.ctx, info, namespace, name, type, patch, options) as KindTypes[K];
  }

  delete<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): DeleteResult<KindTypes[K]> {
    this.beginWrite();
    const info = resolveKind(kind);
    if (typeof name !== "string" || name === "") throw badRequest("resource name may not be empty");
    if (info.kind === "Namespace")
      return this.namespaces.delete(name, options) as DeleteResult<KindTypes[K]>;
    return deleteObject(
      this.ctx,
      info,
      requestNamespace(info, namespace),
      name,
      options,
    ) as DeleteResult<KindTypes[K]>;
  }

  /**
   * DELETE on the collection: lists what matches (all pages unless `limit` is
   * given), deletes each (an object gone meanwhile is skipped) and returns
   * the list as it was, as the generic store's DeleteCollection does.
   */
  deleteCollection<K extends KindName>(
    kind: K,
    options: ListOptions & DeleteOptions = {},
  ): ObjectList<KindTypes[K]> {
    const info = resolveKind(kind);
    const first = this.list(kind, options);
    const items: KindTypes[K][] = [...first.items];
    let cont = first.metadata.continue;
    if (options.limit === undefined) {
      while (cont !== undefined) {
        const { resourceVersion: _rv, resourceVersionMatch: _m, ...rest } = options;
        const page = this.list(kind, { ...rest, continue: cont });
        items.push(...page.items);
        cont = page.metadata.continue;
      }
    }
    const del: DeleteOptions = {
      ...(options.gracePeriodSeconds === undefined
        ? {}
        : { gracePeriodSeconds: options.gracePeriodSeconds }),
      ...(options.preconditions === undefined ? {} : { preconditions: options.preconditions }),
      ...(options.propagationPolicy === undefined
        ? {}
        : { propagationPolicy: options.propagationPolicy }),
      ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
    };
    for (const item of items) {
      try {
        this.delete(kind, item.metadata?.namespace, item.metadata?.name ?? "", del);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return Object.freeze({
      apiVersion: apiVersionOf(info),
      kind: `${info.kind}List`,
      metadata: first.metadata,
      items: Object.freeze(items),
    });
  }

  watch<K extends KindName>(
    kind: K,
    options: WatchOptions,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle {
    const info = resolveKind(kind);
    const opts = options ?? {};
    const sel = parseSelection(info, opts);
    const store = this.ctx.storage.store(info);
    const rv = parseResourceVersion(opts.resourceVersion);
    const bookmarks = opts.allowWatchBookmarks === true;
    let start: WatchStart;
    if (opts.sendInitialEvents === true) {
      start = { kind: "now", initialEvents: true, endBookmark: bookmarks };
    } else if (rv === undefined || rv === 0) {
      start = { kind: "now", initialEvents: opts.sendInitialEvents !== false, endBookmark: false };
    } else if (!store.log.covers(rv)) {
      start = { kind: "expired", error: store.log.expiredError(rv) };
    } else {
      start = { kind: "since", fromRv: rv };
    }
    return this.ctx.hub.start(
      store,
      sel,
      start,
      bookmarks,
      handler as (e: WatchEvent<KubeObject>) => void,
    );
  }

  getScale(kind: "Deployment" | "ReplicaSet", namespace: string, name: string): Scale {
    return scaleOf(getOwner(this.ctx, scaleKind(kind), namespace, name));
  }

  updateScale(
    kind: "Deployment" | "ReplicaSet",
    namespace: string,
    name: string,
    scale: Scale,
    options: WriteOptions = {},
  ): Scale {
    this.beginWrite();
    return updateScale(this.ctx, scaleKind(kind), namespace, name, scale, options);
  }

  bind(namespace: string, binding: Binding, options: WriteOptions = {}): void {
    this.beginWrite();
    bindPod(this.ctx, namespace, binding, options);
  }

  /**
   * POST pods/{name}/eviction: the DisruptionTarget condition, then a delete
   * with `eviction.deleteOptions` (no PodDisruptionBudget can refuse it).
   */
  evict(namespace: string, eviction: Eviction, options: WriteOptions = {}): void {
    this.beginWrite();
    evictPod(this.ctx, namespace, eviction, options);
  }

  /** Objects of `kind` with an ownerReference to `ownerUid` (the owner-uid index), in key order. */
  dependents<K extends KindName>(kind: K, ownerUid: string): KindTypes[K][] {
    const store = this.ctx.storage.store(resolveKind(kind));
    return [...store.indices.owner(ownerUid)]
      .sort()
      .map((k) => store.get(k))
      .filter((o): o is KubeObject => o !== undefined) as KindTypes[K][];
  }

  /** The grace period of a deleted pod ran out: remove it (its finalizers still hold it). */
  private expireGrace(kind: string, namespace: string, name: string, uid: string): void {
    try {
      this.delete(kind as KindName, namespace, name, {
        gracePeriodSeconds: 0,
        preconditions: { uid },
      });
    } catch (e) {
      if (isNotFound(e)) return;
      this.ctx.logger?.debug(
        { kind, namespace, name, err: (e as Error).message },
        "grace expiry: delete failed",
      );
    }
  }
}
