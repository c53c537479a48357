/**
 * The graph's reference helpers (graph_builder.go referencesDiffs,
 * partitionDependents, getAlternateOwnerIdentity, referenceLessThan),
 * node.blockingDependents, the absent-owner LRU (uid_cache.go) and the
 * patch bodies (GenerateDeleteOwnerRefStrategicMergeBytes,
 * unblockOwnerReferencesStrategicMergePatch, objectForFinalizersPatch).
 */
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { describe, expect, it } from "vitest";
import {
  GraphNode,
  getAlternateOwnerIdentity,
  identityString,
  partitionDependents,
  referenceLessThan,
  referencesDiffs,
  type ObjectIdentity,
} from "./graph.js";
import {
  deleteOwnerRefPatch,
  removeFinalizerPatch,
  unblockOwnerReferencesPatch,
} from "./patches.js";
import { ReferenceCache } from "./reference-cache.js";

const id = (o: Partial<ObjectIdentity> & { uid: string }): ObjectIdentity => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  name: `n-${o.uid}`,
  namespace: "default",
  ...o,
});

const refTo = (i: ObjectIdentity, extra: Partial<OwnerReference> = {}): OwnerReference => ({
  apiVersion: i.apiVersion,
  kind: i.kind,
  name: i.name,
  uid: i.uid,
  ...extra,
});

const dependent = (uid: string, owners: OwnerReference[], namespace = "default"): GraphNode =>
  new GraphNode({ identity: id({ uid, namespace }), owners });

describe("referencesDiffs", () => {
  it("matches references by uid", () => {
    const a = refTo(id({ uid: "a" }));
    const b = refTo(id({ uid: "b" }), { blockOwnerDeletion: true });
    const c = refTo(id({ uid: "c" }));
    const b2 = { ...b, blockOwnerDeletion: false };
    const d = refTo(id({ uid: "d" }));
    expect(referencesDiffs([a, b, c], [b2, c, d])).toEqual({
      added: [d],
      removed: [a],
      changed: [{ oldRef: b, newRef: b2 }],
    });
  });
});

describe("partitionDependents", () => {
  const owner = id({ uid: "o", name: "owner" });
  it("splits dependents by whether their reference matches every coordinate and the namespace", () => {
    const good = dependent("d1", [refTo(owner)]);
    const wrongKind = dependent("d2", [{ ...refTo(owner), kind: "Secret" }]);
    const otherNs = dependent("d3", [refTo(owner)], "elsewhere");
    const both = dependent("d4", [refTo(owner), { ...refTo(owner), name: "alias" }]);
    const { matching, nonmatching } = partitionDependents([good, wrongKind, otherNs, both], owner);
    expect(matching).toEqual([good, both]);
    expect(nonmatching).toEqual([wrongKind, otherNs, both]);
  });
});

describe("getAlternateOwnerIdentity", () => {
  it("gives the first identity after the absent one, else the first one", () => {
    const absent = id({ uid: "o", kind: "ConfigMap", name: "b" });
    const deps = [
      dependent("d1", [refTo({ ...absent, name: "a" })]),
      dependent("d2", [refTo({ ...absent, name: "c" })]),
      dependent("d3", [refTo(absent)]),
    ];
    expect(getAlternateOwnerIdentity(deps, absent)?.name).toBe("c");
    expect(getAlternateOwnerIdentity(deps.slice(0, 1), absent)?.name).toBe("a");
    expect(getAlternateOwnerIdentity(deps.slice(2), absent)).toBeUndefined();
  });

  it("clears the namespace of the same kind when the absent owner is cluster-scoped", () => {
    const absent = id({ uid: "n", kind: "Node", name: "n1", namespace: "" });
    const deps = [dependent("d1", [refTo({ ...absent, name: "n2" })], "kube-node-lease")];
    expect(getAlternateOwnerIdentity(deps, absent)).toEqual({ ...absent, name: "n2" });
  });
});

describe("referenceLessThan and identityString", () => {
  it("orders by kind, apiVersion, namespace, name, uid", () => {
    expect(referenceLessThan(id({ uid: "1", kind: "A" }), id({ uid: "0", kind: "B" }))).toBe(true);
    expect(referenceLessThan(id({ uid: "1", name: "a" }), id({ uid: "0", name: "a" }))).toBe(false);
    expect(referenceLessThan(id({ uid: "0", name: "a" }), id({ uid: "1", name: "a" }))).toBe(true);
    expect(identityString(id({ uid: "u1", name: "cm" }))).toBe(
      "[v1/ConfigMap, namespace: default, name: cm, uid: u1]",
    );
  });
});

describe("GraphNode.blockingDependents", () => {
  it("are the dependents whose reference to it has blockOwnerDeletion true", () => {
    const owner = new GraphNode({ identity: id({ uid: "o" }) });
    const blocking = dependent("d1", [refTo(owner.identity, { blockOwnerDeletion: true })]);
    const notBlocking = dependent("d2", [refTo(owner.identity, { blockOwnerDeletion: false })]);
    const blocksOther = dependent("d3", [
      refTo(owner.identity),
      refTo(id({ uid: "x" }), { blockOwnerDeletion: true }),
    ]);
    for (const d of [blocking, notBlocking, blocksOther]) owner.addDependent(d);
    expect(owner.blockingDependents()).toEqual([blocking]);
  });
});

describe("GraphNode dependents", () => {
  it("are kept in the order added, and a node without any holds no set of its own", () => {
    const owner = new GraphNode({ identity: id({ uid: "o" }) });
    const other = new GraphNode({ identity: id({ uid: "p" }) });
    expect(owner.dependents.size).toBe(0);
    expect(owner.dependents).toBe(other.dependents); // one shared empty set
    const d1 = dependent("d1", [refTo(owner.identity)]);
    const d2 = dependent("d2", [refTo(owner.identity)]);
    owner.addDependent(d1);
    owner.addDependent(d2);
    owner.addDependent(d1);
    expect(owner.getDependents()).toEqual([d1, d2]);
    expect(other.dependents.size).toBe(0);
    owner.removeDependent(d1);
    other.removeDependent(d1);
    expect(owner.getDependents()).toEqual([d2]);
    const copy = owner.clone();
    copy.addDependent(d1);
    expect(owner.getDependents()).toEqual([d2]); // the clone has its own set
    expect(copy.getDependents()).toEqual([d2, d1]);
  });
});

describe("ReferenceCache", () => {
  it("remembers exact identities and evicts the least recently used", () => {
    const c = new ReferenceCache(2);
    const a = id({ uid: "a" });
    const b = id({ uid: "b" });
    c.add(a);
    c.add(b);
    expect(c.has(a)).toBe(true); // a is now the most recent
    c.add(id({ uid: "c" }));
    expect(c.has(b)).toBe(false);
    expect(c.has(a)).toBe(true);
    expect(c.has({ ...a, namespace: "other" })).toBe(false);
  });
});

describe("patches", () => {
  it("removes owner references by uid, guarded by the dependent's uid", () => {
    expect(deleteOwnerRefPatch("p1", ["r1", "r2"])).toEqual({
      metadata: {
        ownerReferences: [
          { $patch: "delete", uid: "r1" },
          { $patch: "delete", uid: "r2" },
        ],
        uid: "p1",
      },
    });
  });

  it("unblocks only the references that block", () => {
    const blocking = refTo(id({ uid: "a" }), { controller: true, blockOwnerDeletion: true });
    const free = refTo(id({ uid: "b" }));
    expect(unblockOwnerReferencesPatch("p1", [blocking, free])).toEqual({
      metadata: { ownerReferences: [{ ...blocking, blockOwnerDeletion: false }], uid: "p1" },
    });
  });

  it("removes a finalizer with the resourceVersion read; an empty list becomes null", () => {
    expect(removeFinalizerPatch("42", ["a", "orphan", "b"], "orphan")).toEqual({
      patch: { metadata: { resourceVersion: "42", finalizers: ["a", "b"] } },
      found: true,
    });
    expect(removeFinalizerPatch("7", ["orphan"], "orphan")).toEqual({
      patch: { metadata: { resourceVersion: "7", finalizers: null } },
      found: true,
    });
    expect(removeFinalizerPatch("7", ["x"], "orphan").found).toBe(false);
  });
});
