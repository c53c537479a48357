import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { KindIndices } from "./indices.js";
import { kindInfo } from "@kubesim/api";
import { harness, pod } from "./fixtures.js";
import { Storage } from "./storage.js";
import { candidateKeys, parseSelection } from "./selection.js";
import type { KubeObject } from "@kubesim/api";

const podInfo = kindInfo("Pod")!;

/** A storage holding `n` pods; one in ten labelled app=rare, one in five on node-1. */
function filled(n: number): Storage {
  const storage = new Storage(100, undefined);
  const store = storage.store(podInfo);
  for (let i = 0; i < n; i++) {
    const p = pod(
      `p${i}`,
      i % 10 === 0 ? { app: "rare" } : { app: "common" },
      i % 2 === 0 ? "a" : "b",
    );
    const obj = {
      ...p,
      spec: { ...p.spec!, nodeName: i % 5 === 0 ? "node-1" : "" },
      metadata: {
        ...p.metadata,
        resourceVersion: String(storage.nextResourceVersion),
        ownerReferences: i < 3 ? [{ uid: "owner-1" }] : [],
      },
    } as KubeObject;
    storage.commit(store, `${i % 2 === 0 ? "a" : "b"}/p${i}`, undefined, obj);
  }
  return storage;
}

describe("index selection", () => {
  it("walks only the smallest index set that the selection's equality terms name", () => {
    const store = filled(1000).store(podInfo);
    const keys = (o: Parameters<typeof parseSelection>[1]): readonly string[] =>
      candidateKeys(store, parseSelection(podInfo, o));
    expect(keys({ labelSelector: "app=rare" }).length).toBe(100);
    expect(keys({ labelSelector: "app=rare", namespace: "a" }).length).toBe(100); // label set (100) < namespace set (500)
    expect(keys({ fieldSelector: "spec.nodeName=node-1" }).length).toBe(200);
    expect(keys({ fieldSelector: "metadata.name=p7", namespace: "b" })).toEqual(["b/p7"]);
    expect(keys({ labelSelector: "app!=rare" }).length).toBe(1000); // no equality term: the whole kind
    const sorted = keys({ labelSelector: "app=rare" });
    expect([...sorted].sort()).toEqual(sorted);
  });

  it("indices follow every write (label change, namespace of deletes, owner uid)", () => {
    const storage = filled(10);
    const store = storage.store(podInfo);
    expect([...store.indices.owner("owner-1")].sort()).toEqual(["a/p0", "a/p2", "b/p1"]);
    const old = store.get("a/p0")!;
    const next = {
      ...old,
      metadata: {
        ...old.metadata,
        labels: { app: "moved" },
        resourceVersion: String(storage.nextResourceVersion),
        ownerReferences: [],
      },
    } as KubeObject;
    storage.commit(store, "a/p0", old, next);
    expect(store.indices.label("app", "rare").has("a/p0")).toBe(false);
    expect(store.indices.label("app", "moved").has("a/p0")).toBe(true);
    expect(store.indices.owner("owner-1").has("a/p0")).toBe(false);
    storage.commit(store, "a/p0", next, undefined);
    expect(store.indices.label("app", "moved").size).toBe(0);
    expect(store.indices.namespace("a").has("a/p0")).toBe(false);
    expect(store.indices.nodeName("node-1").has("a/p0")).toBe(false);
  });

  it("the owner-uid index answers ApiServer.dependents", () => {
    const { api } = harness();
    const owner = api.create("ConfigMap", { metadata: { name: "owner" } });
    const ref = { apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata!.uid! };
    api.create("Pod", {
      ...pod("b"),
      metadata: { name: "b", namespace: "default", ownerReferences: [ref] },
    });
    api.create("Pod", {
      ...pod("a"),
      metadata: { name: "a", namespace: "default", ownerReferences: [ref] },
    });
    api.create("Pod", pod("c"));
    expect(api.dependents("Pod", owner.metadata!.uid!).map((p) => p.metadata?.name)).toEqual([
      "a",
      "b",
    ]);
  });
});

describe("KindIndices", () => {
  it("label, namespace and owner indices always equal a scan of the objects (property)", () => {
    const labels = fc.dictionary(
      fc.constantFrom("app", "tier", "hash"),
      fc.constantFrom("a", "b", "c"),
      { maxKeys: 3 },
    );
    const op = fc.record({
      key: fc.constantFrom("ns1/a", "ns1/b", "ns2/a", "ns2/c"),
      labels: fc.option(labels, { nil: undefined }),
      owner: fc.constantFrom("u1", "u2"),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const idx = new KindIndices();
        const objects = new Map<string, KubeObject>();
        for (const { key, labels: l, owner } of ops) {
          const old = objects.get(key);
          const [namespace, name] = key.split("/") as [string, string];
          const next =
            l === undefined
              ? undefined
              : ({
                  kind: "ConfigMap",
                  metadata: { name, namespace, labels: l, ownerReferences: [{ uid: owner }] },
                } as KubeObject);
          if (old === undefined && next === undefined) continue;
          idx.update(key, old, next);
          if (next === undefined) objects.delete(key);
          else objects.set(key, next);
        }
        const scan = (pred: (o: KubeObject) => boolean): string[] =>
          [...objects]
            .filter(([, o]) => pred(o))
            .map(([k]) => k)
            .sort();
        for (const k of ["app", "tier", "hash"]) {
          for (const v of ["a", "b", "c"]) {
            expect([...idx.label(k, v)].sort()).toEqual(scan((o) => o.metadata?.labels?.[k] === v));
          }
        }
        for (const ns of ["ns1", "ns2"])
          expect([...idx.namespace(ns)].sort()).toEqual(scan((o) => o.metadata?.namespace === ns));
        for (const u of ["u1", "u2"]) {
          expect([...idx.owner(u)].sort()).toEqual(
            scan((o) => o.metadata?.ownerReferences?.[0]?.uid === u),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});
