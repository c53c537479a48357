import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kindInfo, type KindInfo, type KubeObject } from "@kubesim/api";
import { storeKey } from "./keys.js";
import { Storage } from "./storage.js";

type Op = readonly ["put" | "delete", string, string, number];

/** Objects of `info` written through Storage.commit, checked against a Map model after every write. */
function replay(info: KindInfo, ops: readonly Op[]): void {
  const storage = new Storage(1000, undefined);
  const store = storage.store(info);
  const model = new Map<string, KubeObject>();
  for (const [verb, ns, name, v] of ops) {
    const namespace = info.namespaced ? ns : "";
    const key = storeKey(info, namespace, name);
    const old = model.get(key);
    if (verb === "delete") {
      if (old === undefined) continue;
      storage.commit(store, key, old, undefined);
      model.delete(key);
    } else {
      const next = Object.freeze({
        metadata: Object.freeze({
          name,
          ...(info.namespaced ? { namespace } : {}),
          resourceVersion: String(storage.nextResourceVersion),
          labels: Object.freeze({ v: String(v) }),
        }),
      }) as KubeObject;
      storage.commit(store, key, old, next);
      model.set(key, next);
    }
    expect(store.size).toBe(model.size);
    for (const [k, o] of model) {
      expect(store.get(k)).toBe(o);
      expect(store.lookup(namespace === "" ? "" : o.metadata!.namespace!, o.metadata!.name!)).toBe(
        o,
      );
    }
    expect(store.get(key)).toBe(model.get(key));
    expect(store.lookup(namespace, name)).toBe(model.get(key));
    expect(store.sortedKeys()).toEqual([...model.keys()].sort());
  }
}

const ops = fc.array(
  fc.tuple(
    fc.constantFrom<"put" | "delete">("put", "put", "delete"),
    fc.constantFrom("a", "b", "a-b"),
    fc.constantFrom("x", "y", "x.y", "z-1"),
    fc.nat(3),
  ),
  { maxLength: 40 },
);

describe("KindStore", () => {
  it("finds the same objects by key and by namespace and name, through creates, updates and deletes (property)", () => {
    fc.assert(
      fc.property(ops, (o) => replay(kindInfo("Pod")!, o)),
      { numRuns: 60 },
    );
  });

  it("does the same for cluster-scoped kinds, whose key is the name", () => {
    fc.assert(
      fc.property(ops, (o) => replay(kindInfo("Node")!, o)),
      { numRuns: 30 },
    );
  });

  it("an object whose metadata disagrees with its key is still stored under the key", () => {
    const info = kindInfo("ConfigMap")!;
    const storage = new Storage(10, undefined);
    const store = storage.store(info);
    const odd = Object.freeze({
      metadata: Object.freeze({ name: "other", namespace: "elsewhere", resourceVersion: "1" }),
    }) as KubeObject;
    storage.commit(store, "default/c", undefined, odd);
    expect(store.get("default/c")).toBe(odd);
    expect(store.lookup("default", "c")).toBe(odd);
    expect(store.lookup("elsewhere", "other")).toBeUndefined();
    const next = Object.freeze({
      metadata: Object.freeze({ name: "c", namespace: "default", resourceVersion: "2" }),
    }) as KubeObject;
    storage.commit(store, "default/c", odd, next);
    expect(store.lookup("default", "c")).toBe(next);
    storage.commit(store, "default/c", next, undefined);
    expect(store.size).toBe(0);
    expect(store.lookup("default", "c")).toBeUndefined();
  });
});

describe("selectable fields shared between the changes of one object", () => {
  it("the fields a watcher computed for a change's new object come back as the next change's old fields", () => {
    const info = kindInfo("Pod")!;
    const storage = new Storage(100, undefined);
    const store = storage.store(info);
    const version = (rv: number, phase: string): KubeObject =>
      Object.freeze({
        metadata: Object.freeze({ name: "p", namespace: "default", resourceVersion: String(rv) }),
        status: Object.freeze({ phase }),
      }) as KubeObject;
    const fields = { "status.phase": "Pending" } as never;
    // a listener standing for a watcher with a field selector: it fills nextFields
    const seenOld: unknown[] = [];
    storage.onCommit((_s, entry) => {
      seenOld.push(entry.oldFields);
      if (entry.next !== undefined) entry.nextFields ??= fields;
    });
    const v1 = version(1, "Pending");
    const e1 = storage.commit(store, "default/p", undefined, v1);
    const v2 = version(2, "Running");
    storage.commit(store, "default/p", v1, v2);
    storage.commit(store, "default/p", v2, undefined);
    // a new object under the same key starts with nothing known
    storage.commit(store, "default/p", undefined, version(4, "Pending"));
    // computed once for v1, reused when v1 is the old object; likewise for v2
    expect(seenOld).toEqual([undefined, fields, fields, undefined]);
    // the log does not keep them once the change is committed
    expect(e1.nextFields).toBeUndefined();
    expect(e1.oldFields).toBeUndefined();
  });
});
