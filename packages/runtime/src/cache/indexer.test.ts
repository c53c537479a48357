import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import {
  CONTROLLER_UID_INDEX,
  Indexer,
  NAMESPACE_INDEX,
  controllerUidIndexFunc,
  namespaceIndexFunc,
  readOnly,
} from "./indexer.js";
import {
  deletionHandlingKey,
  deletedFinalStateUnknown,
  metaNamespaceKey,
  objectKey,
  splitKey,
} from "./keys.js";

const pod = (ns: string, name: string, owner?: string): Pod => ({
  metadata: {
    namespace: ns,
    name,
    ...(owner === undefined
      ? {}
      : {
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: owner, controller: true },
          ],
        }),
  },
});

describe("keys (cache.MetaNamespaceKeyFunc, SplitMetaNamespaceKey)", () => {
  it("namespace/name for namespaced, name for cluster-scoped objects", () => {
    expect(metaNamespaceKey(pod("default", "web"))).toBe("default/web");
    expect(metaNamespaceKey({ metadata: { name: "node-1" } })).toBe("node-1");
    expect(objectKey("", "node-1")).toBe("node-1");
    expect(splitKey("default/web")).toEqual({ namespace: "default", name: "web" });
    expect(splitKey("node-1")).toEqual({ namespace: "", name: "node-1" });
    expect(() => splitKey("a/b/c")).toThrow('unexpected key format: "a/b/c"');
  });

  it("the key of a tombstone is its recorded key", () => {
    expect(deletionHandlingKey(deletedFinalStateUnknown("ns/x", pod("ns", "y")))).toBe("ns/x");
  });
});

describe("Indexer", () => {
  const make = () =>
    new Indexer<Pod>({
      [NAMESPACE_INDEX]: namespaceIndexFunc,
      [CONTROLLER_UID_INDEX]: controllerUidIndexFunc,
    });

  it("lists in key order and by namespace", () => {
    const ix = make();
    ix.upsert(pod("b", "2"));
    ix.upsert(pod("a", "9"));
    ix.upsert(pod("b", "1"));
    expect(ix.keys()).toEqual(["a/9", "b/1", "b/2"]);
    expect(ix.list({ namespace: "b" }).map(metaNamespaceKey)).toEqual(["b/1", "b/2"]);
    expect(ix.list({ filter: (p) => p.metadata?.name === "9" }).map(metaNamespaceKey)).toEqual([
      "a/9",
    ]);
  });

  it("keeps indices up to date on update and delete", () => {
    const ix = make();
    ix.upsert(pod("ns", "p1", "uid-a"));
    ix.upsert(pod("ns", "p2", "uid-a"));
    expect(ix.indexKeys(CONTROLLER_UID_INDEX, "uid-a")).toEqual(["ns/p1", "ns/p2"]);
    ix.upsert(pod("ns", "p1", "uid-b")); // adopted by another controller
    expect(ix.indexKeys(CONTROLLER_UID_INDEX, "uid-a")).toEqual(["ns/p2"]);
    expect(ix.byIndex(CONTROLLER_UID_INDEX, "uid-b").map(metaNamespaceKey)).toEqual(["ns/p1"]);
    ix.delete("ns/p2");
    expect(ix.indexKeys(CONTROLLER_UID_INDEX, "uid-a")).toEqual([]);
    expect(ix.indexValues(CONTROLLER_UID_INDEX)).toEqual(["uid-b"]);
  });

  it("indexes existing objects when an indexer is added later; a clashing name is a bug", () => {
    const ix = new Indexer<Pod>();
    ix.upsert(pod("ns", "p1", "u"));
    ix.addIndexers({ [CONTROLLER_UID_INDEX]: controllerUidIndexFunc });
    expect(ix.indexKeys(CONTROLLER_UID_INDEX, "u")).toEqual(["ns/p1"]);
    ix.addIndexers({ [CONTROLLER_UID_INDEX]: controllerUidIndexFunc }); // same function: fine
    expect(() => ix.addIndexers({ [CONTROLLER_UID_INDEX]: () => [] })).toThrow(
      "indexer conflict: controllerUID",
    );
    expect(() => ix.byIndex("nope", "x")).toThrow("Index with name nope does not exist");
  });

  it("readOnly exposes no writer", () => {
    const ix = make();
    ix.upsert(pod("ns", "a"));
    const lister = readOnly(ix);
    expect(lister.get("ns/a")?.metadata?.name).toBe("a");
    expect(lister.size).toBe(1);
    expect((lister as unknown as { upsert?: unknown }).upsert).toBeUndefined();
  });
});

describe("Indexer: shared index values and keyed upserts", () => {
  it("upsertKeyed stores under the given key and returns what was there", () => {
    const idx = new Indexer<Pod>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
    const a1 = pod("ns", "a");
    const a2 = pod("ns", "a", "u");
    expect(idx.upsertKeyed(metaNamespaceKey(a1), a1)).toBeUndefined();
    expect(idx.upsertKeyed(metaNamespaceKey(a2), a2)).toBe(a1);
    expect(idx.get("ns/a")).toBe(a2);
    expect(idx.keys()).toEqual(["ns/a"]);
    expect(idx.byIndex(NAMESPACE_INDEX, "ns")).toEqual([a2]);
  });

  it("the built-in index functions answer with shared frozen arrays, computed once per owner list", () => {
    expect(namespaceIndexFunc(pod("a", "x"))).toBe(namespaceIndexFunc(pod("a", "y")));
    expect(namespaceIndexFunc(pod("a", "x"))).toEqual(["a"]);
    expect(Object.isFrozen(namespaceIndexFunc(pod("b", "x")))).toBe(true);
    const owned = Object.freeze(pod("ns", "x", "u1")) as Pod;
    Object.freeze(owned.metadata!.ownerReferences);
    const sharing: Pod = { metadata: { ...owned.metadata!, name: "y" } };
    expect(controllerUidIndexFunc(owned)).toEqual(["u1"]);
    expect(controllerUidIndexFunc(sharing)).toBe(controllerUidIndexFunc(owned));
    expect(controllerUidIndexFunc(pod("ns", "z"))).toEqual([]);
    // a list that is not frozen could change: computed every time
    const mutable = pod("ns", "m", "u2");
    expect(controllerUidIndexFunc(mutable)).toEqual(["u2"]);
    mutable.metadata!.ownerReferences![0]!.uid = "u3";
    expect(controllerUidIndexFunc(mutable)).toEqual(["u3"]);
  });
});
