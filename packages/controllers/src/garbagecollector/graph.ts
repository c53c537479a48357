/**
 * The dependency graph of the garbage collector. Mirrors kubernetes/kubernetes
 * pkg/controller/garbagecollector/graph.go (`objectReference`, `node`,
 * `concurrentUIDToNode`) and the reference helpers of graph_builder.go
 * (`ownerReferenceCoordinates`, `ownerReferenceMatchesCoordinates`,
 * `referenceLessThan`, `partitionDependents`, `getAlternateOwnerIdentity`,
 * `referencesDiffs`).
 *
 * Every object the collector watches is a node, keyed by UID, that knows its
 * owners (its ownerReferences) and its dependents (the nodes whose
 * ownerReferences name it). An owner that is referenced but not (yet) seen is
 * a *virtual* node: the collector asks the API server whether it exists and,
 * if not, removes it, which makes its dependents garbage.
 *
 *   Deployment web (uid d1)  <-owner-  ReplicaSet web-7d9c (uid r1)  <-owner-  Pod web-7d9c-x2x4z
 *   node d1 { dependents: {r1} }  node r1 { owners: [d1], dependents: {p1} }  node p1 { owners: [r1] }
 */
import type { OwnerReference } from "kubernetes-types/meta/v1";

/**
 * objectReference: an owner reference's coordinates (apiVersion, kind, name,
 * uid) plus the namespace ("" for cluster-scoped objects).
 */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
}

/** objectReference.String(): `[apps/v1/ReplicaSet, namespace: default, name: web-7d9c, uid: r1]`. */
export function identityString(i: ObjectIdentity): string {
  return `[${i.apiVersion}/${i.kind}, namespace: ${i.namespace}, name: ${i.name}, uid: ${i.uid}]`;
}

/** A stable string key for an identity (Go compares the struct). */
export function identityKey(i: ObjectIdentity): string {
  return JSON.stringify([i.apiVersion, i.kind, i.namespace, i.name, i.uid]);
}

export const sameIdentity = (a: ObjectIdentity, b: ObjectIdentity): boolean =>
  a.apiVersion === b.apiVersion &&
  a.kind === b.kind &&
  a.name === b.name &&
  a.uid === b.uid &&
  a.namespace === b.namespace;

/** The identity an owner reference names, seen from a dependent in `namespace`. */
export function ownerIdentity(ref: OwnerReference, namespace: string): ObjectIdentity {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    uid: ref.uid,
    namespace,
  };
}

/** ownerReferenceMatchesCoordinates: same uid, name, kind and apiVersion. */
export function ownerReferenceMatchesCoordinates(
  a: Pick<OwnerReference, "uid" | "name" | "kind" | "apiVersion">,
  b: Pick<OwnerReference, "uid" | "name" | "kind" | "apiVersion">,
): boolean {
  return a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion;
}

/** referenceLessThan: kind, apiVersion, namespace, name, uid. */
export function referenceLessThan(a: ObjectIdentity, b: ObjectIdentity): boolean {
  if (a.kind !== b.kind) return a.kind < b.kind;
  if (a.apiVersion !== b.apiVersion) return a.apiVersion < b.apiVersion;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace;
  if (a.name !== b.name) return a.name < b.name;
  return a.uid < b.uid;
}

/** One object in the graph (node). */
/** The dependents of a node that has none (most nodes: pods): never written. */
const NO_DEPENDENTS: ReadonlySet<GraphNode> = new Set<GraphNode>();

export class GraphNode {
  identity: ObjectIdentity;
  /**
   * Nodes whose ownerReferences name this one; made on the first one (most
   * nodes, pods among them, never get one, and an empty set is some hundred
   * bytes per node).
   */
  #dependents: Set<GraphNode> | undefined;
  /** This object's ownerReferences, as last observed. */
  owners: readonly OwnerReference[];
  /** Being deleted with the foregroundDeletion finalizer: waiting for its dependents. */
  deletingDependents: boolean;
  /** Has a deletionTimestamp. */
  beingDeleted: boolean;
  /** Known only from references so far, not from an informer. */
  virtual: boolean;

  constructor(init: {
    identity: ObjectIdentity;
    owners?: readonly OwnerReference[];
    deletingDependents?: boolean;
    beingDeleted?: boolean;
    virtual?: boolean;
    dependents?: Iterable<GraphNode>;
  }) {
    this.identity = init.identity;
    this.owners = init.owners ?? [];
    this.deletingDependents = init.deletingDependents ?? false;
    this.beingDeleted = init.beingDeleted ?? false;
    this.virtual = init.virtual ?? false;
    if (init.dependents !== undefined) {
      const deps = new Set(init.dependents);
      if (deps.size > 0) this.#dependents = deps;
    }
  }

  /** Nodes whose ownerReferences name this one (read-only: see addDependent, removeDependent). */
  get dependents(): ReadonlySet<GraphNode> {
    return this.#dependents ?? NO_DEPENDENTS;
  }

  addDependent(n: GraphNode): void {
    (this.#dependents ??= new Set()).add(n);
  }

  removeDependent(n: GraphNode): void {
    this.#dependents?.delete(n);
  }

  isObserved(): boolean {
    return !this.virtual;
  }

  markObserved(): void {
    this.virtual = false;
  }

  markBeingDeleted(): void {
    this.beingDeleted = true;
  }

  markDeletingDependents(): void {
    this.deletingDependents = true;
  }

  /** A copy with its own dependents set (node.clone). */
  clone(): GraphNode {
    return new GraphNode({
      identity: this.identity,
      owners: this.owners,
      deletingDependents: this.deletingDependents,
      beingDeleted: this.beingDeleted,
      virtual: this.virtual,
      dependents: this.dependents,
    });
  }

  /**
   * The dependents, in the order they were added. Go iterates a map here (a
   * random order); the insertion order is deterministic, since the graph is
   * built from watch events in commit order.
   */
  getDependents(): GraphNode[] {
    return [...this.dependents];
  }

  /**
   * blockingDependents: the dependents whose reference to this node has
   * blockOwnerDeletion: true. Only they hold a foreground deletion back.
   */
  blockingDependents(): GraphNode[] {
    return this.getDependents().filter((dep) =>
      dep.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion === true),
    );
  }
}

/** concurrentUIDToNode (the sim runs one task at a time: no lock). */
export class UidToNode {
  private readonly nodes = new Map<string, GraphNode>();

  read(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  write(n: GraphNode): void {
    this.nodes.set(n.identity.uid, n);
  }

  delete(uid: string): void {
    this.nodes.delete(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Every node, in UID order (for tests and debugging). */
  all(): GraphNode[] {
    return [...this.nodes.keys()].sort().map((k) => this.nodes.get(k)!);
  }
}

/**
 * partitionDependents: the dependents whose reference to `owner.uid` matches
 * all of the owner's coordinates (and namespace), and those with a reference
 * of that uid that does not. A dependent can be in both.
 */
export function partitionDependents(
  dependents: readonly GraphNode[],
  owner: ObjectIdentity,
): { matching: GraphNode[]; nonmatching: GraphNode[] } {
  const ownerIsNamespaced = owner.namespace !== "";
  const matching: GraphNode[] = [];
  const nonmatching: GraphNode[] = [];
  for (const dep of dependents) {
    let foundMatch = false;
    let foundMismatch = false;
    if (ownerIsNamespaced && owner.namespace !== dep.identity.namespace) {
      // A namespaced owner can only own objects of its own namespace.
      foundMismatch = true;
    } else {
      for (const ref of dep.owners) {
        if (ref.uid !== owner.uid) continue;
        if (ownerReferenceMatchesCoordinates(ref, owner)) foundMatch = true;
        else foundMismatch = true;
      }
    }
    if (foundMatch) matching.push(dep);
    if (foundMismatch) nonmatching.push(dep);
  }
  return { matching, nonmatching };
}

/**
 * getAlternateOwnerIdentity: another identity the dependents use for the uid
 * of a verified-absent owner: the first one after it in referenceLessThan
 * order, else the first one found. Undefined when there is none.
 */
export function getAlternateOwnerIdentity(
  deps: readonly GraphNode[],
  verifiedAbsent: ObjectIdentity,
): ObjectIdentity | undefined {
  const absentIsClusterScoped = verifiedAbsent.namespace === "";
  const seen = new Set<string>([identityKey(verifiedAbsent)]);
  let first: ObjectIdentity | undefined;
  let firstFollowing: ObjectIdentity | undefined;
  for (const dep of deps) {
    for (const ref of dep.owners) {
      if (ref.uid !== verifiedAbsent.uid) continue;
      if (
        ownerReferenceMatchesCoordinates(ref, verifiedAbsent) &&
        (absentIsClusterScoped || verifiedAbsent.namespace === dep.identity.namespace)
      ) {
        continue; // exactly the absent identity
      }
      let alt = ownerIdentity(ref, dep.identity.namespace);
      if (
        absentIsClusterScoped &&
        alt.apiVersion === verifiedAbsent.apiVersion &&
        alt.kind === verifiedAbsent.kind
      ) {
        // That apiVersion/kind is known to be cluster-scoped.
        alt = { ...alt, namespace: "" };
      }
      const key = identityKey(alt);
      if (seen.has(key)) continue;
      seen.add(key);
      first ??= alt;
      if (
        referenceLessThan(verifiedAbsent, alt) &&
        (firstFollowing === undefined || referenceLessThan(alt, firstFollowing))
      ) {
        firstFollowing = alt;
      }
    }
  }
  return firstFollowing ?? first;
}

/** An ownerReference whose fields (controller, blockOwnerDeletion, ...) changed. */
export interface OwnerRefPair {
  readonly oldRef: OwnerReference;
  readonly newRef: OwnerReference;
}

const sameRef = (a: OwnerReference, b: OwnerReference): boolean =>
  a === b ||
  (a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    a.controller === b.controller &&
    a.blockOwnerDeletion === b.blockOwnerDeletion);

/** referencesDiffs: owner references added, removed and changed (matched by uid). */
export function referencesDiffs(
  old: readonly OwnerReference[],
  next: readonly OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: OwnerRefPair[] } {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const newByUid = new Map(next.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const removed: OwnerReference[] = [];
  const changed: OwnerRefPair[] = [];
  for (const r of next) {
    const o = oldByUid.get(r.uid);
    if (o === undefined) added.push(r);
    else if (!sameRef(o, r)) changed.push({ oldRef: o, newRef: r });
  }
  for (const r of old) if (!newByUid.has(r.uid)) removed.push(r);
  return { added, removed, changed };
}
