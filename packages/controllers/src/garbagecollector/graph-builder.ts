/**
 * Mirrors kubernetes/kubernetes pkg/controller/garbagecollector/graph_builder.go
 * (`GraphBuilder`: the monitors, `processGraphChanges`, `insertNode`,
 * `removeNode`, `addDependentToOwners`, `removeDependentFromOwners`,
 * `processTransitions`, `addUnblockedOwnersToDeleteQueue`,
 * `enqueueVirtualDeleteEvent`, `reportInvalidNamespaceOwnerRef`).
 *
 * It watches every kind in scope through the shared informers and keeps the
 * owner graph (graph.ts) up to date, one change at a time and in commit order.
 * It decides nothing about deletion; it only feeds two queues:
 * - attemptToDelete: objects that may have become garbage (their owner went
 *   away, or was never there), owners waiting for their dependents, and
 *   virtual owners to verify against the API server;
 * - attemptToOrphan: owners being deleted with the `orphan` finalizer.
 *
 * Guarantees:
 * - a dependent whose owner was never observed creates a *virtual* owner
 *   node, queued for verification: this is how dependents whose owner
 *   vanished while nobody watched (a fault, a restart) are collected;
 * - an observed delete queues every dependent, and every owner waiting for
 *   its dependents; if it had dependents, its identity is remembered as
 *   absent so that they are collected without another lookup;
 * - an owner that starts a foreground deletion is marked deletingDependents
 *   and queued with all its dependents; one that starts an orphaning deletion
 *   is queued for orphaning.
 *
 * Graph changes are processed by a loop task, never inside the informer
 * delivery that produced them, as upstream processes them on their own
 * goroutine.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { apiVersionOf, kindInfo, kinds, type KindName, type KubeObject } from "@kubesim/api";
import {
  RateLimitingWorkQueue,
  unwrapTombstone,
  type EventRecorder,
  type HandlerRegistration,
  type Logger,
  type SharedIndexInformer,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop } from "@kubesim/sim";
import {
  beingDeleted,
  hasDeleteDependentsFinalizer,
  startsWaitingForDependentsDeleted,
  startsWaitingForDependentsOrphaned,
  unblockedOwnerUids,
  type MetaView,
} from "./decide.js";
import {
  GraphNode,
  UidToNode,
  getAlternateOwnerIdentity,
  identityString,
  ownerIdentity,
  ownerReferenceMatchesCoordinates,
  partitionDependents,
  referencesDiffs,
  sameIdentity,
  type ObjectIdentity,
} from "./graph.js";
import { ReferenceCache } from "./reference-cache.js";

/**
 * The kinds the collector watches by default: every kind in scope except
 * Events, which upstream ignores (they are never owners nor owned).
 */
export const DefaultGarbageCollectorKinds: readonly KindName[] = kinds
  .map((k) => k.kind as KindName)
  .filter((k) => k !== "Event");

type EventType = "add" | "update" | "delete";

/** One change to the graph (graph_builder.go `event`). */
export interface GraphChange {
  readonly eventType: EventType;
  /** A delete the collector inferred from a NotFound, not one an informer saw. */
  readonly virtual: boolean;
  readonly identity: ObjectIdentity;
  /** The object (absent for virtual deletes). */
  readonly obj?: KubeObject;
  /** The previous object of an update. */
  readonly oldObj?: KubeObject;
}

export interface GraphBuilderOptions {
  readonly loop: Loop;
  readonly informers: SharedInformerFactory;
  readonly kinds?: readonly KindName[];
  /** Records OwnerRefInvalidNamespace warnings; optional. */
  readonly recorder?: EventRecorder;
  readonly logger: Logger;
}

export class GraphBuilder {
  readonly uidToNode = new UidToNode();
  /** Owners verified absent (uid_cache.go). */
  readonly absentOwnerCache = new ReferenceCache();
  readonly attemptToDelete: RateLimitingWorkQueue<GraphNode>;
  readonly attemptToOrphan: RateLimitingWorkQueue<GraphNode>;
  private readonly loop: Loop;
  private readonly log: Logger;
  private readonly recorder: EventRecorder | undefined;
  private readonly monitors: { kind: KindName; informer: SharedIndexInformer<KindName> }[] = [];
  private registrations: HandlerRegistration[] = [];
  private graphChanges: GraphChange[] = [];
  private drainScheduled = false;
  private stopped = false;

  constructor(options: GraphBuilderOptions) {
    this.loop = options.loop;
    this.log = options.logger;
    this.recorder = options.recorder;
    this.attemptToDelete = new RateLimitingWorkQueue<GraphNode>(options.loop);
    this.attemptToOrphan = new RateLimitingWorkQueue<GraphNode>(options.loop);
    for (const kind of options.kinds ?? DefaultGarbageCollectorKinds) {
      const informer = options.informers.informerFor(kind) as SharedIndexInformer<KindName>;
      this.monitors.push({ kind, informer });
    }
  }

  /** Starts the monitors (registering a handler per kind) and the informers. */
  start(): void {
    for (const { kind, informer } of this.monitors) {
      const info = kindInfo(kind);
      const apiVersion = info === undefined ? "v1" : apiVersionOf(info);
      const identityOf = (obj: KubeObject): ObjectIdentity => ({
        apiVersion,
        kind,
        name: obj.metadata?.name ?? "",
        uid: obj.metadata?.uid ?? "",
        namespace: obj.metadata?.namespace ?? "",
      });
      this.registrations.push(
        informer.addEventHandler({
          onAdd: (obj) =>
            this.enqueueChange({
              eventType: "add",
              virtual: false,
              identity: identityOf(obj),
              obj,
            }),
          onUpdate: (oldObj, obj) =>
            this.enqueueChange({
              eventType: "update",
              virtual: false,
              identity: identityOf(obj),
              obj,
              oldObj,
            }),
          onDelete: (tomb) => {
            const obj = unwrapTombstone(tomb);
            this.enqueueChange({
              eventType: "delete",
              virtual: false,
              identity: identityOf(obj),
              obj,
            });
          },
        }),
      );
    }
    for (const { informer } of this.monitors) informer.run();
  }

  /** Stops feeding the graph and the queues. */
  stop(): void {
    this.stopped = true;
    for (const r of this.registrations) r.remove();
    this.registrations = [];
    this.attemptToDelete.shutDown();
    this.attemptToOrphan.shutDown();
  }

  /** True when every monitor has delivered its initial list (IsSynced). */
  hasSynced(): boolean {
    return (
      this.registrations.length === this.monitors.length &&
      this.registrations.every((r) => r.hasSynced())
    );
  }

  /** Called by each monitor; `cb` runs once all are synced. */
  onSynced(cb: () => void): void {
    for (const { informer } of this.monitors) informer.onSynced(cb);
  }

  /** enqueueVirtualDeleteEvent: the API server says this identity does not exist. */
  enqueueVirtualDeleteEvent(identity: ObjectIdentity): void {
    this.enqueueChange({ eventType: "delete", virtual: true, identity });
  }

  private enqueueChange(change: GraphChange): void {
    if (this.stopped) return;
    this.graphChanges.push(change);
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.loop.after(0, () => this.drain(), "garbagecollector.graphChanges");
  }

  private drain(): void {
    this.drainScheduled = false;
    // Changes queued while draining (none today: handlers run in other tasks) wait for the next task.
    const changes = this.graphChanges;
    this.graphChanges = [];
    for (const c of changes) {
      if (this.stopped) return;
      this.processGraphChange(c);
    }
  }

  /** Changes waiting to be applied to the graph. */
  pendingChanges(): number {
    return this.graphChanges.length;
  }

  /** processGraphChanges, for one change. */
  processGraphChange(event: GraphChange): void {
    const uid = event.identity.uid;
    let existing = this.uidToNode.read(uid);
    if (existing !== undefined && !event.virtual && !existing.isObserved()) {
      // The first informer event for a node known only from references.
      const observed = event.identity;
      if (!sameIdentity(observed, existing.identity)) {
        // Dependents that named it differently may have a bad reference:
        // attemptToDelete verifies them (a no-op while their owners are solid).
        const { nonmatching } = partitionDependents(existing.getDependents(), observed);
        for (const dep of nonmatching) {
          if (observed.namespace !== "" && dep.identity.namespace !== observed.namespace) {
            this.reportInvalidNamespaceOwnerRef(dep, observed.uid);
          }
          this.attemptToDelete.add(dep);
        }
        existing = existing.clone();
        existing.identity = observed;
        this.uidToNode.write(existing);
      }
      existing.markObserved();
    }

    const meta = event.obj?.metadata;
    switch (event.eventType) {
      case "add":
      case "update": {
        const owners = (meta?.ownerReferences ?? []) as readonly OwnerReference[];
        if (existing === undefined) {
          const n = new GraphNode({
            identity: event.identity,
            owners,
            deletingDependents: beingDeleted(meta) && hasDeleteDependentsFinalizer(meta),
            beingDeleted: beingDeleted(meta),
          });
          this.insertNode(n);
          // An add may carry a deletion already (a relist, or a missed update).
          this.processTransitions(event.oldObj?.metadata, event.oldObj !== undefined, meta, n);
          return;
        }
        if (existing.owners !== owners) {
          const { added, removed, changed } = referencesDiffs(existing.owners, owners);
          if (added.length > 0 || removed.length > 0 || changed.length > 0) {
            // Owners this dependent stopped blocking may be able to finish now.
            for (const ownerUid of unblockedOwnerUids(removed, changed)) {
              const owner = this.uidToNode.read(ownerUid);
              if (owner !== undefined) this.attemptToDelete.add(owner);
            }
            existing.owners = owners;
            this.addDependentToOwners(existing, added);
            this.removeDependentFromOwners(existing, removed);
          }
        }
        if (beingDeleted(meta)) existing.markBeingDeleted();
        this.processTransitions(event.oldObj?.metadata, event.oldObj !== undefined, meta, existing);
        return;
      }
      case "delete": {
        if (existing === undefined) return; // never seen: nothing to do
        let removeExistingNode = true;
        if (event.virtual) {
          const deleted = event.identity;
          if (existing.virtual) {
            // A virtual node: the dependents may disagree on its coordinates.
            const { matching, nonmatching } = partitionDependents(
              existing.getDependents(),
              deleted,
            );
            if (nonmatching.length > 0) {
              removeExistingNode = false;
              if (matching.length > 0) {
                this.absentOwnerCache.add(deleted);
                for (const dep of matching) this.attemptToDelete.add(dep);
              }
              if (sameIdentity(existing.identity, deleted)) {
                // Try the other identity the remaining dependents use.
                const replacement = getAlternateOwnerIdentity(nonmatching, deleted);
                if (replacement !== undefined) {
                  const r = existing.clone();
                  r.identity = replacement;
                  this.uidToNode.write(r);
                  this.attemptToDelete.addRateLimited(r);
                }
              }
            }
          } else if (!sameIdentity(existing.identity, deleted)) {
            // A real node is never removed by a virtual delete of other coordinates.
            removeExistingNode = false;
            const { matching } = partitionDependents(existing.getDependents(), deleted);
            if (matching.length > 0) {
              this.absentOwnerCache.add(deleted);
              for (const dep of matching) this.attemptToDelete.add(dep);
            }
          }
        }
        if (!removeExistingNode) return;
        this.removeNode(existing);
        const dependents = existing.getDependents();
        if (dependents.length > 0) this.absentOwnerCache.add(event.identity);
        for (const dep of dependents) this.attemptToDelete.add(dep);
        for (const owner of existing.owners) {
          const ownerNode = this.uidToNode.read(owner.uid);
          // An owner waiting for its dependents checks whether this was the last.
          if (ownerNode?.deletingDependents === true) this.attemptToDelete.add(ownerNode);
        }
        return;
      }
    }
  }

  private insertNode(n: GraphNode): void {
    this.uidToNode.write(n);
    this.addDependentToOwners(n, n.owners);
  }

  private removeNode(n: GraphNode): void {
    this.uidToNode.delete(n.identity.uid);
    this.removeDependentFromOwners(n, n.owners);
  }

  /**
   * addDependentToOwners: links `n` under each owner, creating (and queueing
   * for verification) a virtual node for an owner not in the graph; queues
   * `n` itself when a reference may be invalid (namespace or coordinates
   * differ from what was observed).
   */
  private addDependentToOwners(n: GraphNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const owner of owners) {
      let ownerNode = this.uidToNode.read(owner.uid);
      const found = ownerNode !== undefined;
      if (ownerNode === undefined) {
        ownerNode = new GraphNode({
          identity: ownerIdentity(owner, n.identity.namespace),
          virtual: true,
        });
        this.log.debug({ identity: identityString(ownerNode.identity) }, "add virtual item");
        this.uidToNode.write(ownerNode);
      }
      ownerNode.addDependent(n);
      if (!found) {
        // Verify against the API server; a NotFound removes the virtual node.
        this.attemptToDelete.add(ownerNode);
      } else if (!potentiallyInvalid) {
        const ownerIsNamespaced = ownerNode.identity.namespace !== "";
        if (ownerIsNamespaced && ownerNode.identity.namespace !== n.identity.namespace) {
          if (ownerNode.isObserved()) this.reportInvalidNamespaceOwnerRef(n, owner.uid);
          potentiallyInvalid = true;
        } else if (!ownerReferenceMatchesCoordinates(owner, ownerNode.identity)) {
          potentiallyInvalid = true;
        } else if (
          !ownerIsNamespaced &&
          ownerNode.identity.namespace !== n.identity.namespace &&
          !ownerNode.isObserved()
        ) {
          // A virtual owner assumed cluster-scoped: check it again.
          this.attemptToDelete.add(ownerNode);
        }
      }
    }
    if (potentiallyInvalid) this.attemptToDelete.add(n);
  }

  private removeDependentFromOwners(n: GraphNode, owners: readonly OwnerReference[]): void {
    for (const owner of owners) this.uidToNode.read(owner.uid)?.removeDependent(n);
  }

  /** processTransitions: the start of an orphaning or a foreground deletion. */
  private processTransitions(
    oldMeta: MetaView | undefined,
    oldSeen: boolean,
    newMeta: MetaView | undefined,
    n: GraphNode,
  ): void {
    if (startsWaitingForDependentsOrphaned(oldMeta, newMeta, oldSeen)) {
      this.attemptToOrphan.add(n);
      return;
    }
    if (startsWaitingForDependentsDeleted(oldMeta, newMeta, oldSeen)) {
      // A node added as virtual does not have the flag yet: always set it here.
      n.markDeletingDependents();
      for (const dep of n.getDependents()) this.attemptToDelete.add(dep);
      this.attemptToDelete.add(n);
    }
  }

  /**
   * reportInvalidNamespaceOwnerRef: a Warning on the dependent,
   * `ownerRef [v1/ConfigMap, namespace: b, name: cm, uid: u] does not exist in namespace "b"`.
   */
  private reportInvalidNamespaceOwnerRef(n: GraphNode, invalidOwnerUid: string): void {
    const ref = n.owners.find((o) => o.uid === invalidOwnerUid);
    if (ref === undefined || this.recorder === undefined) return;
    const invalid = ownerIdentity(ref, n.identity.namespace);
    this.recorder.event(
      {
        kind: n.identity.kind,
        apiVersion: n.identity.apiVersion,
        namespace: n.identity.namespace,
        name: n.identity.name,
        uid: n.identity.uid,
      },
      "Warning",
      "OwnerRefInvalidNamespace",
      `ownerRef ${identityString(invalid)} does not exist in namespace ${JSON.stringify(n.identity.namespace)}`,
    );
  }
}
