import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { orderedMeta, updateMeta } from "./metadata.js";

type Obj = Record<string, unknown>;

/** BeforeUpdate's metadata written step by step, as the module comment states it. */
function reference(next: Obj, old: Obj, namespaced: boolean, resourceVersion: string): Obj {
  const m: Obj = { ...next, resourceVersion };
  if (!namespaced) delete m["namespace"];
  if (old["generation"] === undefined) delete m["generation"];
  else m["generation"] = old["generation"];
  if (m["uid"] === undefined || m["uid"] === "") m["uid"] = old["uid"];
  if (old["creationTimestamp"] !== undefined) m["creationTimestamp"] = old["creationTimestamp"];
  if (old["deletionTimestamp"] !== undefined) m["deletionTimestamp"] = old["deletionTimestamp"];
  if (
    old["deletionGracePeriodSeconds"] !== undefined &&
    m["deletionGracePeriodSeconds"] === undefined
  ) {
    m["deletionGracePeriodSeconds"] = old["deletionGracePeriodSeconds"];
  }
  return orderedMeta(m);
}

const fields = [
  "name",
  "generateName",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "selfLink",
  "managedFields",
  "zz-extra",
  "aa-extra",
];

const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(""),
  fc.constantFrom("a", "b"),
  fc.integer({ min: 0, max: 3 }),
  fc.constant({ k: "v" }),
);

/** A metadata object with a random subset of the fields, in a random order. */
const meta = fc
  .shuffledSubarray(fields)
  .chain((keys) => fc.tuple(...keys.map((k) => value.map((v) => [k, v] as const))))
  .map((entries) => Object.fromEntries(entries) as Obj);

describe("updateMeta", () => {
  it("keeps the stored system fields and upstream's key order", () => {
    const next = { name: "p", namespace: "default", uid: "", labels: { a: "b" }, extra: 1 };
    const old = {
      name: "p",
      namespace: "default",
      uid: "u1",
      generation: 2,
      creationTimestamp: "t0",
    };
    const m = updateMeta(next, old, true, "9");
    expect(Object.keys(m)).toEqual([
      "name",
      "namespace",
      "uid",
      "resourceVersion",
      "generation",
      "creationTimestamp",
      "labels",
      "extra",
    ]);
    expect(m).toEqual({
      name: "p",
      namespace: "default",
      uid: "u1",
      resourceVersion: "9",
      generation: 2,
      creationTimestamp: "t0",
      labels: { a: "b" },
      extra: 1,
    });
  });

  it("equals the step-by-step definition, key order included (property)", () => {
    fc.assert(
      fc.property(meta, meta, fc.boolean(), (next, old, namespaced) => {
        const got = updateMeta(next, old, namespaced, "42");
        const want = reference(next, old, namespaced, "42");
        expect(Object.keys(got)).toEqual(Object.keys(want));
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe("metadata cleaning of shared frozen values", () => {
  it("a frozen owner reference or collection is checked on every use, with the same answer", () => {
    const refs = Object.freeze([Object.freeze({ kind: "ReplicaSet", name: "rs", uid: "u" })]);
    const labels = Object.freeze({ app: "web" });
    for (let i = 0; i < 3; i++) {
      const m = orderedMeta({ name: "p", labels, ownerReferences: refs });
      expect(m["ownerReferences"]).toBe(refs);
      expect(m["labels"]).toBe(labels);
    }
    const withNull = Object.freeze([
      Object.freeze({ kind: "ReplicaSet", name: "rs", uid: "u", controller: null }),
    ]);
    for (let i = 0; i < 2; i++) {
      expect(orderedMeta({ name: "p", ownerReferences: withNull })["ownerReferences"]).toEqual([
        { kind: "ReplicaSet", name: "rs", uid: "u" },
      ]);
    }
    const empty = Object.freeze({});
    for (let i = 0; i < 2; i++)
      expect(orderedMeta({ name: "p", labels: empty })).toEqual({ name: "p" });
  });
});
