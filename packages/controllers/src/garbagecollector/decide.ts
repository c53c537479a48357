/**
 * The garbage collector's decisions, as pure functions. Mirrors the deciding
 * half of kubernetes/kubernetes pkg/controller/garbagecollector/garbagecollector.go
 * (`attemptToDeleteItem`, `classifyReferences`, `processDeletingDependentsItem`)
 * and graph_builder.go (`deletionStartsWithFinalizer`,
 * `startsWaitingForDependentsDeleted`, `startsWaitingForDependentsOrphaned`,
 * `addUnblockedOwnersToDeleteQueue`).
 *
 * Given what the API server says about each owner of an object, an owner is
 * - *dangling*: not found, or found with another UID (it was re-created);
 * - *waiting for its dependents' deletion*: being deleted with the
 *   `foregroundDeletion` finalizer;
 * - *solid*: anything else.
 *
 * And the object (a dependent) is then:
 *
 * | owners                                          | action                                       |
 * | ----------------------------------------------- | -------------------------------------------- |
 * | none                                            | nothing                                      |
 * | some solid, none dangling or waiting            | nothing                                      |
 * | some solid, some dangling or waiting            | patch those references away                  |
 * | none solid, some waiting, object has dependents | delete Foreground (first unblock its refs if a dependent is itself deleting dependents) |
 * | otherwise (all dangling, or waiting, no deps)   | delete, honouring its own orphan / foregroundDeletion finalizer, else Background |
 *
 * An object already being deleted is left alone, unless it is itself waiting
 * for its dependents: then its `foregroundDeletion` finalizer is removed once
 * no dependent with blockOwnerDeletion is left.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1";
import type { PropagationPolicy } from "@kubesim/api";

/** metav1.FinalizerOrphanDependents. */
export const FinalizerOrphanDependents = "orphan";
/** metav1.FinalizerDeleteDependents. */
export const FinalizerDeleteDependents = "foregroundDeletion";

/** The metadata the decisions read. */
export interface MetaView {
  readonly deletionTimestamp?: string | null;
  readonly finalizers?: readonly string[];
}

export const beingDeleted = (m: MetaView | undefined): boolean =>
  m?.deletionTimestamp !== undefined && m.deletionTimestamp !== null;

export const hasFinalizer = (m: MetaView | undefined, f: string): boolean =>
  m?.finalizers?.includes(f) === true;

/** hasDeleteDependentsFinalizer. */
export const hasDeleteDependentsFinalizer = (m: MetaView | undefined): boolean =>
  hasFinalizer(m, FinalizerDeleteDependents);

/** hasOrphanFinalizer. */
export const hasOrphanFinalizer = (m: MetaView | undefined): boolean =>
  hasFinalizer(m, FinalizerOrphanDependents);

/**
 * deletionStartsWithFinalizer: the new object is being deleted with
 * `finalizer`, and the old one (undefined: not seen before) was not.
 */
export function deletionStartsWithFinalizer(
  oldMeta: MetaView | undefined,
  newMeta: MetaView | undefined,
  finalizer: string,
  oldSeen: boolean,
): boolean {
  if (!beingDeleted(newMeta) || !hasFinalizer(newMeta, finalizer)) return false;
  if (!oldSeen) return true;
  return !beingDeleted(oldMeta) || !hasFinalizer(oldMeta, finalizer);
}

/** The owner just started a foreground deletion: its dependents go first. */
export const startsWaitingForDependentsDeleted = (
  oldMeta: MetaView | undefined,
  newMeta: MetaView | undefined,
  oldSeen: boolean,
): boolean => deletionStartsWithFinalizer(oldMeta, newMeta, FinalizerDeleteDependents, oldSeen);

/** The owner just started an orphaning deletion: its dependents lose the reference. */
export const startsWaitingForDependentsOrphaned = (
  oldMeta: MetaView | undefined,
  newMeta: MetaView | undefined,
  oldSeen: boolean,
): boolean => deletionStartsWithFinalizer(oldMeta, newMeta, FinalizerOrphanDependents, oldSeen);

/** What a live GET says about one owner reference (isDangling). */
export type OwnerState =
  { readonly type: "absent" } | { readonly type: "present"; readonly meta: MetaView | undefined };

export interface ClassifiedReferences {
  readonly solid: readonly OwnerReference[];
  readonly dangling: readonly OwnerReference[];
  readonly waitingForDependentsDeletion: readonly OwnerReference[];
}

/** classifyReferences, over the owner states already looked up (in reference order). */
export function classifyReferences(
  refs: readonly (readonly [OwnerReference, OwnerState])[],
): ClassifiedReferences {
  const solid: OwnerReference[] = [];
  const dangling: OwnerReference[] = [];
  const waitingForDependentsDeletion: OwnerReference[] = [];
  for (const [ref, state] of refs) {
    if (state.type === "absent") dangling.push(ref);
    else if (beingDeleted(state.meta) && hasDeleteDependentsFinalizer(state.meta)) {
      waitingForDependentsDeletion.push(ref);
    } else solid.push(ref);
  }
  return { solid, dangling, waitingForDependentsDeletion };
}

/** What attemptToDeleteItem does with an object whose owners are classified. */
export type AttemptToDeleteAction =
  | { readonly type: "none"; readonly reason: "noOwners" | "solidOwners" }
  /** Patch away these owner references (dangling first, then waiting ones). */
  | { readonly type: "removeOwnerReferences"; readonly ownerUids: readonly string[] }
  | {
      readonly type: "delete";
      readonly policy: PropagationPolicy;
      /** Set blockOwnerDeletion false on its references first (cycle breaking). */
      readonly unblockFirst: boolean;
    };

export interface AttemptToDeleteInput {
  /** The live object's ownerReferences. */
  readonly ownerReferences: readonly OwnerReference[];
  /** The live object's metadata (its finalizers choose the policy). */
  readonly meta: MetaView | undefined;
  readonly classified: ClassifiedReferences;
  /** Its dependents in the graph: only whether each is deleting its own dependents matters. */
  readonly dependents: readonly { readonly deletingDependents: boolean }[];
}

/** attemptToDeleteItem's decision, after the object's own state was checked. */
export function decideAttemptToDelete(input: AttemptToDeleteInput): AttemptToDeleteAction {
  if (input.ownerReferences.length === 0) return { type: "none", reason: "noOwners" };
  const { solid, dangling, waitingForDependentsDeletion: waiting } = input.classified;
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0)
      return { type: "none", reason: "solidOwners" };
    // A waiting owner would otherwise stay stuck with its finalizer forever.
    return {
      type: "removeOwnerReferences",
      ownerUids: [...dangling.map((r) => r.uid), ...waiting.map((r) => r.uid)],
    };
  }
  if (waiting.length > 0 && input.dependents.length > 0) {
    // Its owner waits for it, and it has dependents of its own: delete it in
    // the foreground too. If one of its dependents is also waiting, there may
    // be a cycle: stop blocking before deleting (upstream's detection has
    // false positives, which only makes the deletion less strict).
    return {
      type: "delete",
      policy: "Foreground",
      unblockFirst: input.dependents.some((d) => d.deletingDependents),
    };
  }
  // No solid owner: garbage. Its own finalizer, if any, says how to go.
  const policy: PropagationPolicy = hasOrphanFinalizer(input.meta)
    ? "Orphan"
    : hasDeleteDependentsFinalizer(input.meta)
      ? "Foreground"
      : "Background";
  return { type: "delete", policy, unblockFirst: false };
}

/** processDeletingDependentsItem's decision for an owner waiting for its dependents. */
export type DeletingDependentsAction<T> =
  | { readonly type: "removeFinalizer" }
  /** Still blocked: these blocking dependents get (another) attempt to delete them. */
  | { readonly type: "wait"; readonly attempt: readonly T[] };

export function decideDeletingDependents<T extends { readonly deletingDependents: boolean }>(
  blockingDependents: readonly T[],
): DeletingDependentsAction<T> {
  if (blockingDependents.length === 0) return { type: "removeFinalizer" };
  return { type: "wait", attempt: blockingDependents.filter((d) => !d.deletingDependents) };
}

/**
 * addUnblockedOwnersToDeleteQueue: the UIDs of owners that a dependent's
 * reference stopped blocking (the reference was removed while it had
 * blockOwnerDeletion, or blockOwnerDeletion went from true to false/unset);
 * an owner waiting for its dependents must then look again.
 */
export function unblockedOwnerUids(
  removed: readonly OwnerReference[],
  changed: readonly { readonly oldRef: OwnerReference; readonly newRef: OwnerReference }[],
): string[] {
  const out: string[] = [];
  for (const r of removed) if (r.blockOwnerDeletion === true) out.push(r.uid);
  for (const c of changed) {
    if (c.oldRef.blockOwnerDeletion === true && c.newRef.blockOwnerDeletion !== true) {
      out.push(c.newRef.uid);
    }
  }
  return out;
}
