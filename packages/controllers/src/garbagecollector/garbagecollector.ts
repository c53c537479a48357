/**
 * The garbage collector: the acting part of kubernetes/kubernetes
 * pkg/controller/garbagecollector/garbagecollector.go (`attemptToDeleteWorker`,
 * `attemptToDeleteItem`, `isDangling`, `processDeletingDependentsItem`,
 * `attemptToOrphanWorker`, `orphanDependents`) and operations.go
 * (`getObject`, `deleteObject`, `patchObject`, `removeFinalizer`).
 *
 * The graph builder (graph-builder.ts) keeps the owner graph and queues
 * nodes; the decisions are pure (decide.ts); this module looks the world up
 * live and writes:
 * - **Background**: an object whose every owner is gone is deleted (each
 *   owner is verified with a live GET by name and compared by UID, never
 *   trusted from the cache; absent owners are remembered). References to
 *   gone owners of an object that still has a live owner are patched away.
 * - **Foreground**: an owner being deleted with `foregroundDeletion` has its
 *   dependents deleted (with Foreground propagation when they have
 *   dependents of their own); once no dependent with blockOwnerDeletion is
 *   left, the finalizer is removed and the owner goes.
 * - **Orphan**: an owner being deleted with `orphan` has its reference
 *   removed from every dependent, then the finalizer is removed.
 * Dependents of an owner that vanished while nobody watched are found at
 * start-up through virtual nodes and collected the same way.
 *
 * Every delete carries the object's UID and resourceVersion as
 * preconditions; a conflict caused by anything but a change of its owner
 * references is retried with the UID alone, as upstream.
 */
import type { ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1";
import {
  isConflict,
  isNotFound,
  kindFor,
  type ApiClient,
  type KindInfo,
  type KindName,
  type KubeObject,
  type PropagationPolicy,
} from "@kubesim/api";
import {
  silentLogger,
  type EventRecorder,
  type Logger,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop } from "@kubesim/sim";
import {
  FinalizerDeleteDependents,
  FinalizerOrphanDependents,
  classifyReferences,
  decideAttemptToDelete,
  decideDeletingDependents,
  type OwnerState,
} from "./decide.js";
import { GraphBuilder } from "./graph-builder.js";
import { identityString, ownerIdentity, type GraphNode, type ObjectIdentity } from "./graph.js";
import {
  deleteOwnerRefPatch,
  removeFinalizerPatch,
  unblockOwnerReferencesPatch,
} from "./patches.js";
import { QueueWorkers, type WorkQueueItemAction } from "./workers.js";

/** kube-controller-manager's default --concurrent-gc-syncs. */
export const ConcurrentGCSyncs = 20;

/** retry.DefaultBackoff.Steps: attempts of removeFinalizer on conflicts. */
export const UpdateMaxRetries = 4;

/** The component name of the collector's Events. */
export const GarbageCollectorComponent = "garbage-collector-controller";

/** Outcomes of attemptToDeleteItem that are not errors and need no retry. */
type Sentinel = "enqueuedVirtualDeleteEvent" | "namespacedOwnerOfClusterScopedObject";

/** restMappingError's message: the reference names a kind the server does not serve. */
function restMappingError(kind: string, apiVersion: string): Error {
  const vk = `${apiVersion}/${kind}`;
  return new Error(
    `unable to get REST mapping for ${vk}.  If ${vk} is an invalid resource, then you should manually remove ownerReferences that refer ${vk} objects.`,
  );
}

const sameOwners = (
  a: readonly OwnerReference[] | undefined,
  b: readonly OwnerReference[] | undefined,
): boolean => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export interface GarbageCollectorOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** Records OwnerRefInvalidNamespace warnings (component "garbage-collector-controller"). */
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  /** Concurrent workers per queue (default 20). */
  readonly workers?: number;
  /** Kinds to watch (default: every kind in scope but Event). */
  readonly kinds?: readonly KindName[];
}

export class GarbageCollector {
  readonly graph: GraphBuilder;
  private readonly client: ApiClient;
  private readonly log: Logger;
  private readonly deleteWorkers: QueueWorkers<GraphNode>;
  private readonly orphanWorkers: QueueWorkers<GraphNode>;
  private started = false;

  constructor(options: GarbageCollectorOptions) {
    this.client = options.client;
    this.log = options.logger ?? silentLogger();
    this.graph = new GraphBuilder({
      loop: options.loop,
      informers: options.informers,
      logger: this.log,
      ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
      ...(options.recorder === undefined ? {} : { recorder: options.recorder }),
    });
    const workers = options.workers ?? ConcurrentGCSyncs;
    // Workers wait for the graph to have seen every monitor's initial list.
    const ready = () => this.started && this.graph.hasSynced();
    this.deleteWorkers = new QueueWorkers(
      options.loop,
      this.graph.attemptToDelete,
      workers,
      (n) => this.attemptToDeleteWorker(n),
      ready,
      "garbagecollector.attemptToDelete",
    );
    this.orphanWorkers = new QueueWorkers(
      options.loop,
      this.graph.attemptToOrphan,
      workers,
      (n) => this.attemptToOrphanWorker(n),
      ready,
      "garbagecollector.attemptToOrphan",
    );
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.graph.start();
    this.graph.onSynced(() => {
      this.deleteWorkers.kick();
      this.orphanWorkers.kick();
    });
  }

  stop(): void {
    this.deleteWorkers.stop();
    this.orphanWorkers.stop();
    this.graph.stop();
  }

  hasSynced(): boolean {
    return this.graph.hasSynced();
  }

  /** attemptToDeleteWorker: one node from the attemptToDelete queue. */
  attemptToDeleteWorker(n: GraphNode): WorkQueueItemAction {
    if (!n.isObserved()) {
      const inGraph = this.graph.uidToNode.read(n.identity.uid);
      // Requeued virtual node whose object was deleted, or observed, meanwhile.
      if (inGraph === undefined || inGraph.isObserved()) return "forget";
    }
    let outcome: Sentinel | undefined;
    try {
      outcome = this.attemptToDeleteItem(n);
    } catch (err) {
      this.log.error({ err, item: identityString(n.identity) }, "error syncing item");
      return "requeue";
    }
    if (outcome !== undefined) return "forget";
    // Not seen by an informer yet: look again, or a virtual node for an
    // object added and removed while a watch was down could stay forever.
    if (!n.isObserved()) return "requeue";
    return "forget";
  }

  /**
   * attemptToDeleteItem: looks the object up live and deletes it if and only
   * if its UID matches, it is not waiting for its own dependents, and none of
   * its owners is solid. Throws on errors (the node is retried).
   */
  attemptToDeleteItem(item: GraphNode): Sentinel | undefined {
    // Being deleted is a one-way trip; its dependents are handled when it is gone.
    if (item.beingDeleted && !item.deletingDependents) return undefined;
    const latest = this.getObject(item.identity);
    if (latest === "namespacedOwnerOfClusterScopedObject") return latest;
    if (latest === undefined || latest.metadata?.uid !== item.identity.uid) {
      // Absent (or replaced): a virtual delete removes the node and frees its dependents.
      this.graph.enqueueVirtualDeleteEvent(item.identity);
      return "enqueuedVirtualDeleteEvent";
    }
    if (item.deletingDependents) {
      this.processDeletingDependentsItem(item);
      return undefined;
    }
    const ownerReferences = (latest.metadata?.ownerReferences ?? []) as readonly OwnerReference[];
    if (ownerReferences.length === 0) return undefined;

    const states: (readonly [OwnerReference, OwnerState])[] = [];
    for (const ref of ownerReferences) {
      const state = this.isDangling(ref, item);
      if (state === "namespacedOwnerOfClusterScopedObject") return state;
      states.push([ref, state]);
    }
    const action = decideAttemptToDelete({
      ownerReferences,
      meta: latest.metadata,
      classified: classifyReferences(states),
      dependents: item.getDependents(),
    });
    switch (action.type) {
      case "none":
        return undefined;
      case "removeOwnerReferences":
        this.patchObject(item.identity, deleteOwnerRefPatch(item.identity.uid, action.ownerUids));
        return undefined;
      case "delete":
        if (action.unblockFirst) {
          this.patchObject(
            item.identity,
            unblockOwnerReferencesPatch(item.identity.uid, item.owners),
          );
        }
        this.deleteObject(
          item.identity,
          latest.metadata?.resourceVersion ?? "",
          ownerReferences,
          action.policy,
        );
        return undefined;
    }
  }

  /**
   * isDangling: is the referenced owner gone? Answers from the absent-owner
   * cache, else from a live GET (NotFound or another UID: gone).
   */
  private isDangling(
    ref: OwnerReference,
    item: GraphNode,
  ): OwnerState | "namespacedOwnerOfClusterScopedObject" {
    const clusterKey = ownerIdentity(ref, "");
    if (this.graph.absentOwnerCache.has(clusterKey)) return { type: "absent" };
    const namespacedKey = ownerIdentity(ref, item.identity.namespace);
    if (this.graph.absentOwnerCache.has(namespacedKey)) return { type: "absent" };
    const info = this.apiResource(ref.apiVersion, ref.kind);
    const cacheKey = info.namespaced ? namespacedKey : clusterKey;
    if (item.identity.namespace === "" && info.namespaced) {
      // A cluster-scoped object cannot have a namespaced owner: no retry helps.
      return "namespacedOwnerOfClusterScopedObject";
    }
    let owner: KubeObject;
    try {
      owner = this.client.get(
        info.kind as KindName,
        info.namespaced ? item.identity.namespace : undefined,
        ref.name,
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.graph.absentOwnerCache.add(cacheKey);
      return { type: "absent" };
    }
    if (owner.metadata?.uid !== ref.uid) {
      this.graph.absentOwnerCache.add(cacheKey);
      return { type: "absent" };
    }
    return { type: "present", meta: owner.metadata };
  }

  /** processDeletingDependentsItem: finish a foreground deletion, or push its dependents. */
  private processDeletingDependentsItem(item: GraphNode): void {
    const action = decideDeletingDependents(item.blockingDependents());
    if (action.type === "removeFinalizer") {
      this.removeFinalizer(item, FinalizerDeleteDependents);
      return;
    }
    for (const dep of action.attempt) this.graph.attemptToDelete.add(dep);
  }

  /** attemptToOrphanWorker: remove the owner's references from its dependents, then its finalizer. */
  attemptToOrphanWorker(owner: GraphNode): WorkQueueItemAction {
    try {
      this.orphanDependents(owner.identity, owner.getDependents());
      this.removeFinalizer(owner, FinalizerOrphanDependents);
    } catch (err) {
      this.log.error({ err, owner: identityString(owner.identity) }, "orphaning failed");
      return "requeue";
    }
    return "forget";
  }

  /** orphanDependents: patch every dependent; NotFound is fine, other errors are collected. */
  private orphanDependents(owner: ObjectIdentity, dependents: readonly GraphNode[]): void {
    const errors: string[] = [];
    for (const dep of dependents) {
      try {
        // The dependent's UID in the patch is a precondition.
        this.patchObject(dep.identity, deleteOwnerRefPatch(dep.identity.uid, [owner.uid]));
      } catch (err) {
        if (!isNotFound(err)) {
          errors.push(
            `orphaning ${identityString(dep.identity)} failed, ${(err as Error).message}`,
          );
        }
      }
    }
    if (errors.length > 0) {
      const agg = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
      throw new Error(
        `failed to orphan dependents of owner ${identityString(owner)}, got errors: ${agg}`,
      );
    }
  }

  /**
   * removeFinalizer: read the object live, drop `target` from its finalizers
   * with a merge patch carrying the resourceVersion read; retried on
   * conflicts (4 attempts). A gone object or a finalizer already removed is done.
   */
  private removeFinalizer(owner: GraphNode, target: string): void {
    for (let attempt = 0; attempt < UpdateMaxRetries; attempt++) {
      let obj: KubeObject | undefined;
      try {
        const got = this.getObject(owner.identity);
        if (got === "namespacedOwnerOfClusterScopedObject") return;
        obj = got;
      } catch (err) {
        throw new Error(
          `cannot finalize owner ${identityString(owner.identity)}, because cannot get it: ${(err as Error).message}. The garbage collector will retry later`,
        );
      }
      if (obj === undefined) return;
      const meta: ObjectMeta = obj.metadata ?? {};
      const { patch, found } = removeFinalizerPatch(
        meta.resourceVersion ?? "",
        meta.finalizers ?? [],
        target,
      );
      if (!found) return;
      try {
        this.patchObject(owner.identity, patch, "merge");
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    throw new Error(
      `updateMaxRetries(${UpdateMaxRetries}) has reached. The garbage collector will retry later for owner ${identityString(owner.identity)}`,
    );
  }

  /** apiResource: the served kind for a reference, or a REST mapping error. */
  private apiResource(apiVersion: string, kind: string): KindInfo {
    const info = kindFor(apiVersion, kind);
    if (info === undefined) throw restMappingError(kind, apiVersion);
    return info;
  }

  /** getObject: the live object, undefined when NotFound. */
  private getObject(
    item: ObjectIdentity,
  ): KubeObject | undefined | "namespacedOwnerOfClusterScopedObject" {
    const info = this.apiResource(item.apiVersion, item.kind);
    if (info.namespaced && item.namespace === "") return "namespacedOwnerOfClusterScopedObject";
    try {
      return this.client.get(
        info.kind as KindName,
        info.namespaced ? item.namespace : undefined,
        item.name,
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private patchObject(
    item: ObjectIdentity,
    patch: object,
    type: "strategic" | "merge" = "strategic",
  ): void {
    const info = this.apiResource(item.apiVersion, item.kind);
    this.client.patch(
      info.kind as KindName,
      info.namespaced ? item.namespace : undefined,
      item.name,
      type,
      patch,
    );
  }

  /**
   * deleteObject with preconditions {uid, resourceVersion}. On a conflict,
   * if the object is gone that is success; if only its resourceVersion moved
   * (same owner references), delete again with the UID precondition alone.
   */
  private deleteObject(
    item: ObjectIdentity,
    resourceVersion: string,
    ownersAtResourceVersion: readonly OwnerReference[] | undefined,
    policy: PropagationPolicy,
  ): void {
    const info = this.apiResource(item.apiVersion, item.kind);
    const ns = info.namespaced ? item.namespace : undefined;
    try {
      this.client.delete(info.kind as KindName, ns, item.name, {
        preconditions: {
          uid: item.uid,
          ...(resourceVersion === "" ? {} : { resourceVersion }),
        },
        propagationPolicy: policy,
      });
    } catch (err) {
      if (isConflict(err) && resourceVersion !== "") {
        let live: KubeObject;
        try {
          live = this.client.get(info.kind as KindName, ns, item.name);
        } catch (liveErr) {
          if (isNotFound(liveErr)) return;
          throw err;
        }
        if (
          live.metadata?.uid === item.uid &&
          live.metadata.resourceVersion !== resourceVersion &&
          sameOwners(live.metadata.ownerReferences, ownersAtResourceVersion)
        ) {
          this.deleteObject(item, "", undefined, policy);
          return;
        }
      }
      throw err;
    }
  }
}

/** Creates the garbage collector and starts it (its informers start with it). */
export function startGarbageCollector(options: GarbageCollectorOptions): GarbageCollector {
  const gc = new GarbageCollector(options);
  gc.start();
  return gc;
}
