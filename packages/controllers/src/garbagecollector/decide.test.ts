/**
 * The garbage collector's pure decisions, as tables: given the owners' state
 * and the dependent, which action (garbagecollector.go attemptToDeleteItem,
 * classifyReferences, processDeletingDependentsItem; graph_builder.go
 * deletionStartsWithFinalizer, addUnblockedOwnersToDeleteQueue).
 */
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { describe, expect, it } from "vitest";
import {
  classifyReferences,
  decideAttemptToDelete,
  decideDeletingDependents,
  startsWaitingForDependentsDeleted,
  startsWaitingForDependentsOrphaned,
  unblockedOwnerUids,
  type AttemptToDeleteAction,
  type MetaView,
  type OwnerState,
} from "./decide.js";

const ref = (uid: string, block?: boolean): OwnerReference => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  name: `owner-${uid}`,
  uid,
  ...(block === undefined ? {} : { blockOwnerDeletion: block }),
});

const T = "2024-01-01T00:00:00Z";
const absent: OwnerState = { type: "absent" };
const live: OwnerState = { type: "present", meta: {} };
const waiting: OwnerState = {
  type: "present",
  meta: { deletionTimestamp: T, finalizers: ["foregroundDeletion"] },
};
const orphaning: OwnerState = {
  type: "present",
  meta: { deletionTimestamp: T, finalizers: ["orphan"] },
};
const foregroundNotDeleting: OwnerState = {
  type: "present",
  meta: { finalizers: ["foregroundDeletion"] },
};

describe("classifyReferences", () => {
  it("sorts each owner into dangling, waiting for its dependents' deletion, or solid", () => {
    const c = classifyReferences([
      [ref("a"), absent],
      [ref("b"), live],
      [ref("c"), waiting],
      [ref("d"), orphaning], // being deleted, but not waiting for dependents: solid
      [ref("e"), foregroundNotDeleting], // a finalizer without a deletion: solid
    ]);
    expect(c.dangling.map((r) => r.uid)).toEqual(["a"]);
    expect(c.waitingForDependentsDeletion.map((r) => r.uid)).toEqual(["c"]);
    expect(c.solid.map((r) => r.uid)).toEqual(["b", "d", "e"]);
  });
});

describe("decideAttemptToDelete", () => {
  const notDeleting = { deletingDependents: false };
  const deleting = { deletingDependents: true };
  const cases: {
    name: string;
    owners: [OwnerReference, OwnerState][];
    meta?: MetaView;
    dependents?: { deletingDependents: boolean }[];
    want: AttemptToDeleteAction;
  }[] = [
    { name: "no owners", owners: [], want: { type: "none", reason: "noOwners" } },
    {
      name: "a solid owner only",
      owners: [[ref("a"), live]],
      want: { type: "none", reason: "solidOwners" },
    },
    {
      name: "solid and dangling: the dangling reference is removed",
      owners: [
        [ref("a"), live],
        [ref("b"), absent],
      ],
      want: { type: "removeOwnerReferences", ownerUids: ["b"] },
    },
    {
      name: "solid and waiting: the waiting reference is removed (or the owner would wait forever)",
      owners: [
        [ref("a"), waiting],
        [ref("b"), live],
      ],
      want: { type: "removeOwnerReferences", ownerUids: ["a"] },
    },
    {
      name: "solid, waiting and dangling: dangling first, then waiting",
      owners: [
        [ref("w"), waiting],
        [ref("s"), live],
        [ref("d"), absent],
      ],
      want: { type: "removeOwnerReferences", ownerUids: ["d", "w"] },
    },
    {
      name: "every owner gone: Background",
      owners: [
        [ref("a"), absent],
        [ref("b"), absent],
      ],
      want: { type: "delete", policy: "Background", unblockFirst: false },
    },
    {
      name: "every owner gone, the object has the orphan finalizer: Orphan",
      owners: [[ref("a"), absent]],
      meta: { finalizers: ["orphan"] },
      want: { type: "delete", policy: "Orphan", unblockFirst: false },
    },
    {
      name: "every owner gone, the object has foregroundDeletion: Foreground",
      owners: [[ref("a"), absent]],
      meta: { finalizers: ["foregroundDeletion"] },
      want: { type: "delete", policy: "Foreground", unblockFirst: false },
    },
    {
      name: "both finalizers: orphan wins",
      owners: [[ref("a"), absent]],
      meta: { finalizers: ["foregroundDeletion", "orphan"] },
      want: { type: "delete", policy: "Orphan", unblockFirst: false },
    },
    {
      name: "its owner waits, it has no dependents: Background",
      owners: [[ref("a"), waiting]],
      want: { type: "delete", policy: "Background", unblockFirst: false },
    },
    {
      name: "its owner waits, it has dependents: Foreground",
      owners: [[ref("a"), waiting]],
      dependents: [notDeleting],
      want: { type: "delete", policy: "Foreground", unblockFirst: false },
    },
    {
      name: "its owner waits and a dependent also deletes its dependents: unblock first (cycle)",
      owners: [[ref("a"), waiting]],
      dependents: [notDeleting, deleting],
      want: { type: "delete", policy: "Foreground", unblockFirst: true },
    },
    {
      name: "waiting and dangling owners, with dependents: Foreground",
      owners: [
        [ref("a"), absent],
        [ref("b"), waiting],
      ],
      dependents: [notDeleting],
      want: { type: "delete", policy: "Foreground", unblockFirst: false },
    },
  ];
  it.each(cases)("$name", ({ owners, meta, dependents, want }) => {
    expect(
      decideAttemptToDelete({
        ownerReferences: owners.map(([r]) => r),
        meta,
        classified: classifyReferences(owners),
        dependents: dependents ?? [],
      }),
    ).toEqual(want);
  });
});

describe("decideDeletingDependents", () => {
  it("removes the finalizer when no dependent blocks", () => {
    expect(decideDeletingDependents([])).toEqual({ type: "removeFinalizer" });
  });
  it("otherwise attempts the blocking dependents that are not themselves deleting dependents", () => {
    const a = { name: "a", deletingDependents: true };
    const b = { name: "b", deletingDependents: false };
    expect(decideDeletingDependents([a, b])).toEqual({ type: "wait", attempt: [b] });
  });
});

describe("deletion transitions", () => {
  const fg: MetaView = { deletionTimestamp: T, finalizers: ["foregroundDeletion"] };
  const orphan: MetaView = { deletionTimestamp: T, finalizers: ["orphan"] };
  const plain: MetaView = {};
  const finalizerOnly: MetaView = { finalizers: ["foregroundDeletion"] };
  const deletedNoFinalizer: MetaView = { deletionTimestamp: T };
  it.each([
    // old, old seen, new, starts foreground, starts orphan
    [undefined, false, fg, true, false],
    [undefined, false, orphan, false, true],
    [plain, true, fg, true, false],
    [finalizerOnly, true, fg, true, false],
    [deletedNoFinalizer, true, fg, true, false],
    [fg, true, fg, false, false],
    [orphan, true, orphan, false, false],
    [plain, true, deletedNoFinalizer, false, false],
    [plain, true, finalizerOnly, false, false],
    [fg, true, orphan, false, true],
  ] as const)("%j (seen %s) -> %j: foreground %s, orphan %s", (old, seen, next, f, o) => {
    expect(startsWaitingForDependentsDeleted(old, next, seen)).toBe(f);
    expect(startsWaitingForDependentsOrphaned(old, next, seen)).toBe(o);
  });
});

describe("unblockedOwnerUids", () => {
  it("owners of removed blocking references and of references that stopped blocking", () => {
    expect(
      unblockedOwnerUids(
        [ref("a", true), ref("b", false), ref("c")],
        [
          { oldRef: ref("d", true), newRef: ref("d", false) },
          { oldRef: ref("e", true), newRef: ref("e") },
          { oldRef: ref("f", false), newRef: ref("f", true) },
          { oldRef: ref("g", true), newRef: { ...ref("g", true), controller: true } },
        ],
      ),
    ).toEqual(["a", "d", "e"]);
  });
});
