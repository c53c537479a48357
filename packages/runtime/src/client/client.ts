/**
 * The typed client every component talks through. Mirrors client-go's typed
 * clientsets (`clientset.AppsV1().Deployments("default").Get("web")`) and
 * controller-runtime's pkg/client/interceptor (`interceptor.Funcs`: one
 * optional hook per verb, for fault injection in tests).
 *
 * It is thin on purpose: every call goes to the underlying `ApiClient` (in a
 * cluster, the in-memory apiserver), unless an interceptor for that verb is
 * set, in which case the interceptor gets the underlying client and the
 * arguments, and decides: call through, change the arguments, or throw.
 *
 *   const client = new Client(apiserver, {
 *     interceptors: {
 *       update: (next, kind, obj, opts) => {
 *         if (kind === "Deployment") throw conflict(...);   // every Deployment update conflicts
 *         return next.update(kind, obj, opts);
 *       },
 *     },
 *   });
 *   client.resource("Deployment").namespace("default").get("web");
 */
import {
  badRequest,
  type ApiClient,
  type DeleteOptions,
  type DeleteResult,
  type KindName,
  type KindTypes,
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
import type { Scale } from "kubernetes-types/autoscaling/v1";
import type { Binding } from "kubernetes-types/core/v1";
import type { Eviction } from "kubernetes-types/policy/v1";

/**
 * One optional hook per verb (controller-runtime interceptor.Funcs). Each
 * receives the underlying client as `next`, then the verb's own arguments.
 */
export interface Interceptors {
  create?<K extends KindName>(
    next: ApiClient,
    kind: K,
    obj: KindTypes[K],
    options?: WriteOptions,
  ): KindTypes[K];
  get?<K extends KindName>(
    next: ApiClient,
    kind: K,
    namespace: string | undefined,
    name: string,
  ): KindTypes[K];
  list?<K extends KindName>(
    next: ApiClient,
    kind: K,
    options?: ListOptions,
  ): ObjectList<KindTypes[K]>;
  update?<K extends KindName>(
    next: ApiClient,
    kind: K,
    obj: KindTypes[K],
    options?: UpdateOptions,
  ): KindTypes[K];
  patch?<K extends KindName>(
    next: ApiClient,
    kind: K,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): KindTypes[K];
  delete?<K extends KindName>(
    next: ApiClient,
    kind: K,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): DeleteResult<KindTypes[K]>;
  deleteCollection?<K extends KindName>(
    next: ApiClient,
    kind: K,
    options?: ListOptions & DeleteOptions,
  ): ObjectList<KindTypes[K]>;
  watch?<K extends KindName>(
    next: ApiClient,
    kind: K,
    options: WatchOptions,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle;
  getScale?(
    next: ApiClient,
    kind: "Deployment" | "ReplicaSet",
    namespace: string,
    name: string,
  ): Scale;
  updateScale?(
    next: ApiClient,
    kind: "Deployment" | "ReplicaSet",
    namespace: string,
    name: string,
    scale: Scale,
    options?: WriteOptions,
  ): Scale;
  bind?(next: ApiClient, namespace: string, binding: Binding, options?: WriteOptions): void;
  evict?(next: ApiClient, namespace: string, eviction: Eviction, options?: WriteOptions): void;
}

export interface ClientOptions {
  readonly interceptors?: Interceptors;
}

/** An ApiClient that routes each verb through its interceptor, if any. */
export class Client implements ApiClient {
  /** The client calls go to when no interceptor takes them. */
  readonly next: ApiClient;
  private readonly hooks: Interceptors;

  constructor(next: ApiClient, options: ClientOptions = {}) {
    this.next = next;
    this.hooks = options.interceptors ?? {};
  }

  /** A new client over the same underlying client, with other interceptors. */
  withInterceptors(interceptors: Interceptors): Client {
    return new Client(this, { interceptors });
  }

  /** The typed, namespaced view of one kind: `client.resource("Pod").namespace("default")`. */
  resource<K extends KindName>(kind: K): ResourceClient<K> {
    return new ResourceClient(this, kind, undefined);
  }

  create<K extends KindName>(kind: K, obj: KindTypes[K], options?: WriteOptions): KindTypes[K] {
    const h = this.hooks.create;
    return h === undefined
      ? this.next.create(kind, obj, options)
      : h(this.next, kind, obj, options);
  }

  get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindTypes[K] {
    const h = this.hooks.get;
    return h === undefined
      ? this.next.get(kind, namespace, name)
      : h(this.next, kind, namespace, name);
  }

  list<K extends KindName>(kind: K, options?: ListOptions): ObjectList<KindTypes[K]> {
    const h = this.hooks.list;
    return h === undefined ? this.next.list(kind, options) : h(this.next, kind, options);
  }

  update<K extends KindName>(kind: K, obj: KindTypes[K], options?: UpdateOptions): KindTypes[K] {
    const h = this.hooks.update;
    return h === undefined
      ? this.next.update(kind, obj, options)
      : h(this.next, kind, obj, options);
  }

  patch<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): KindTypes[K] {
    const h = this.hooks.patch;
    return h === undefined
      ? this.next.patch(kind, namespace, name, type, patch, options)
      : h(this.next, kind, namespace, name, type, patch, options);
  }

  delete<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): DeleteResult<KindTypes[K]> {
    const h = this.hooks.delete;
    return h === undefined
      ? this.next.delete(kind, namespace, name, options)
      : h(this.next, kind, namespace, name, options);
  }

  deleteCollection<K extends KindName>(
    kind: K,
    options?: ListOptions & DeleteOptions,
  ): ObjectList<KindTypes[K]> {
    const h = this.hooks.deleteCollection;
    return h === undefined
      ? this.next.deleteCollection(kind, options)
      : h(this.next, kind, options);
  }

  watch<K extends KindName>(
    kind: K,
    options: WatchOptions,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle {
    const h = this.hooks.watch;
    return h === undefined
      ? this.next.watch(kind, options, handler)
      : h(this.next, kind, options, handler);
  }

  getScale(kind: "Deployment" | "ReplicaSet", namespace: string, name: string): Scale {
    const h = this.hooks.getScale;
    return h === undefined
      ? this.next.getScale(kind, namespace, name)
      : h(this.next, kind, namespace, name);
  }

  updateScale(
    kind: "Deployment" | "ReplicaSet",
    namespace: string,
    name: string,
    scale: Scale,
    options?: WriteOptions,
  ): Scale {
    const h = this.hooks.updateScale;
    return h === undefined
      ? this.next.updateScale(kind, namespace, name, scale, options)
      : h(this.next, kind, namespace, name, scale, options);
  }

  bind(namespace: string, binding: Binding, options?: WriteOptions): void {
    const h = this.hooks.bind;
    if (h === undefined) this.next.bind(namespace, binding, options);
    else h(this.next, namespace, binding, options);
  }

  evict(namespace: string, eviction: Eviction, options?: WriteOptions): void {
    const h = this.hooks.evict;
    if (h === undefined) this.next.evict(namespace, eviction, options);
    else h(this.next, namespace, eviction, options);
  }
}

/**
 * One kind, optionally bound to a namespace, as client-go's typed clients are
 * (`Pods("default")`). Writes check that the object's namespace agrees with
 * the client's, as kube-apiserver does.
 */
export class ResourceClient<K extends KindName> {
  constructor(
    private readonly client: ApiClient,
    readonly kind: K,
    /** undefined: all namespaces for list/watch, the object's own for writes. */
    readonly ns: string | undefined,
  ) {}

  /** The same resource, bound to one namespace. */
  namespace(namespace: string): ResourceClient<K> {
    return new ResourceClient(this.client, this.kind, namespace);
  }

  get(name: string): KindTypes[K] {
    return this.client.get(this.kind, this.ns, name);
  }

  list(options: Omit<ListOptions, "namespace"> = {}): ObjectList<KindTypes[K]> {
    return this.client.list(this.kind, this.withNamespace(options));
  }

  create(obj: KindTypes[K], options?: WriteOptions): KindTypes[K] {
    return this.client.create(this.kind, this.inNamespace(obj), options);
  }

  update(obj: KindTypes[K], options?: WriteOptions): KindTypes[K] {
    return this.client.update(this.kind, this.inNamespace(obj), options);
  }

  /** PUT .../status: only status changes (client-go UpdateStatus). */
  updateStatus(obj: KindTypes[K], options?: WriteOptions): KindTypes[K] {
    return this.client.update(this.kind, this.inNamespace(obj), {
      ...options,
      subresource: "status",
    });
  }

  patch(name: string, type: PatchType, patch: unknown, options?: PatchOptions): KindTypes[K] {
    return this.client.patch(this.kind, this.ns, name, type, patch, options);
  }

  delete(name: string, options?: DeleteOptions): DeleteResult<KindTypes[K]> {
    return this.client.delete(this.kind, this.ns, name, options);
  }

  deleteCollection(
    options: Omit<ListOptions, "namespace"> & DeleteOptions = {},
  ): ObjectList<KindTypes[K]> {
    return this.client.deleteCollection(this.kind, this.withNamespace(options));
  }

  watch(
    options: Omit<WatchOptions, "namespace">,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle {
    return this.client.watch(this.kind, this.withNamespace(options), handler);
  }

  private withNamespace<O extends object>(options: O): O & { namespace?: string } {
    return this.ns === undefined ? options : { ...options, namespace: this.ns };
  }

  /** Fills in the client's namespace; refuses an object from another one (kube-apiserver's 400). */
  private inNamespace(obj: KindTypes[K]): KindTypes[K] {
    if (this.ns === undefined) return obj;
    const own = obj.metadata?.namespace;
    if (own === undefined || own === "")
      return { ...obj, metadata: { ...obj.metadata, namespace: this.ns } };
    if (own !== this.ns) {
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    }
    return obj;
  }
}
