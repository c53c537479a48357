/**
 * The client contract: what any component may ask of the API server. It mirrors
 * client-go's typed clients (Create, Get, List, Update, UpdateStatus, Patch,
 * Delete, DeleteCollection, Watch, the scale, binding and eviction subresources), made
 * synchronous because the API server is in memory and runs on the sim loop.
 *
 * The in-memory apiserver implements it; the runtime's typed client, informers
 * and controllers use only this interface (DESIGN.md: components meet only at
 * the apiserver). Failures are thrown as `ApiError`.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Scale } from "kubernetes-types/autoscaling/v1";
import type { Lease } from "kubernetes-types/coordination/v1";
import type {
  Binding,
  ConfigMap,
  Endpoints,
  Event,
  Namespace,
  Node,
  Pod,
  Secret,
  Service,
} from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { ListMeta, Status } from "kubernetes-types/meta/v1";
import type { Ingress, IngressClass } from "kubernetes-types/networking/v1";
import type { Eviction } from "kubernetes-types/policy/v1";

/** Object type of each kind in scope, keyed by kind name. */
export interface KindTypes {
  Namespace: Namespace;
  Pod: Pod;
  Node: Node;
  Service: Service;
  Endpoints: Endpoints;
  ConfigMap: ConfigMap;
  Secret: Secret;
  Event: Event;
  Lease: Lease;
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  EndpointSlice: EndpointSlice;
  Ingress: Ingress;
  IngressClass: IngressClass;
}

export type KindName = keyof KindTypes;
export type KubeObject = KindTypes[KindName];

/** `{ kind: "DeploymentList", apiVersion: "apps/v1", metadata, items }`. */
export interface ObjectList<T> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ListMeta;
  readonly items: readonly T[];
}

export interface ListOptions {
  /** One namespace; omitted or "" means all namespaces (ignored for cluster-scoped kinds). */
  readonly namespace?: string;
  /** kubectl string form: "app=web,tier!=db". */
  readonly labelSelector?: string;
  /** "status.phase=Running,spec.nodeName=node-1". */
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: "NotOlderThan" | "Exact";
}

export interface WatchOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Start after this version; omitted or "0" starts with ADDED events for what exists now. */
  readonly resourceVersion?: string;
  readonly allowWatchBookmarks?: boolean;
  /** Send the current state as ADDED events first, then a bookmark (the watch-list feature). */
  readonly sendInitialEvents?: boolean;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export type WatchEvent<T> =
  | { readonly type: WatchEventType; readonly object: T }
  | { readonly type: "ERROR"; readonly object: Status };

export interface WatchHandle {
  /** Stops delivery; no event is delivered after stop() returns. */
  stop(): void;
  readonly stopped: boolean;
}

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface WriteOptions {
  readonly dryRun?: boolean;
  /** kubectl sends Strict by default; the apiserver default here is Strict as well. */
  readonly fieldValidation?: FieldValidation;
  /**
   * The manager of the fields this write sets (metadata.managedFields). When
   * absent, the manager is the first token of `userAgent`, as kube-apiserver
   * names it (managerOrUserAgent).
   */
  readonly fieldManager?: string;
  /** The client's User-Agent ("kubectl/v1.31.0 (linux/amd64) …", "kube-controller-manager/…"). */
  readonly userAgent?: string;
}

export interface UpdateOptions extends WriteOptions {
  /** Write the status subresource: only status changes, generation stays. */
  readonly subresource?: "status";
}

/** JSON patch, JSON merge patch, strategic merge patch, or server-side apply. */
export type PatchType = "json" | "merge" | "strategic" | "apply";

/** Content types that select each patch type over HTTP. */
export const patchContentTypes: Readonly<Record<PatchType, string>> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

export interface PatchOptions extends WriteOptions {
  readonly subresource?: "status";
  /** Apply only: take the fields other managers own instead of failing with a conflict. */
  readonly force?: boolean;
}

export type PropagationPolicy = "Foreground" | "Background" | "Orphan";

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: PropagationPolicy;
  readonly dryRun?: boolean;
}

/** What a delete did: removed at once, or marked (deletionTimestamp, finalizers pending). */
export interface DeleteResult<T> {
  readonly object: T;
  /** True when the object is gone from the store; false when it only got a deletionTimestamp. */
  readonly deleted: boolean;
}

export interface ApiClient {
  create<K extends KindName>(kind: K, obj: KindTypes[K], options?: WriteOptions): KindTypes[K];
  get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindTypes[K];
  list<K extends KindName>(kind: K, options?: ListOptions): ObjectList<KindTypes[K]>;
  update<K extends KindName>(kind: K, obj: KindTypes[K], options?: UpdateOptions): KindTypes[K];
  patch<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): KindTypes[K];
  delete<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): DeleteResult<KindTypes[K]>;
  deleteCollection<K extends KindName>(
    kind: K,
    options?: ListOptions & DeleteOptions,
  ): ObjectList<KindTypes[K]>;
  /**
   * Watches a kind. Events are delivered as tasks on the sim loop, in commit
   * order, never inside the write that caused them.
   */
  watch<K extends KindName>(
    kind: K,
    options: WatchOptions,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle;
  getScale(kind: "Deployment" | "ReplicaSet", namespace: string, name: string): Scale;
  updateScale(
    kind: "Deployment" | "ReplicaSet",
    namespace: string,
    name: string,
    scale: Scale,
    options?: WriteOptions,
  ): Scale;
  /** POST pods/{name}/binding: sets spec.nodeName once. */
  bind(namespace: string, binding: Binding, options?: WriteOptions): void;
  /**
   * POST pods/{name}/eviction (policy/v1 Eviction; the pod is
   * `eviction.metadata.name`): marks the pod DisruptionTarget=True and deletes
   * it with `eviction.deleteOptions`, as client-go's `EvictV1` asks.
   */
  evict(namespace: string, eviction: Eviction, options?: WriteOptions): void;
}
