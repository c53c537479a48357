import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isApiError } from "@kubesim/api";
import type { ApiError } from "@kubesim/api";
import { applyMergePatch } from "./json-merge-patch.js";
import type { PatchLookup, PatchSchema } from "./patch-meta.js";
import { PATCH_REJECTED_MESSAGE, patchInternal } from "./patch-errors.js";
import {
  applyStrategicMergePatch,
  strategicMergePatchWithSchema,
} from "./strategic-merge-patch.js";
import { anyObject, deepFreeze, plainKey } from "./test-helpers.js";

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

// ---- upstream's test struct (strategicpatch/patch_test.go: MergeItem), as a schema ----

interface TestField {
  readonly strategy?: string;
  readonly mergeKey?: string;
  readonly type?: string;
}
const testStructs: Readonly<Record<string, Readonly<Record<string, TestField>>>> = {
  MergeItem: {
    name: {},
    value: {},
    other: {},
    mergingList: { strategy: "merge", mergeKey: "name", type: "MergeItem" },
    nonMergingList: { type: "MergeItem" },
    mergingIntList: { strategy: "merge" },
    nonMergingIntList: {},
    mergeItemPtr: { strategy: "merge", mergeKey: "name", type: "MergeItem" },
    simpleMap: {},
    replacingItem: { strategy: "replace" },
    retainKeysMap: { strategy: "retainKeys", type: "RetainKeysMergeItem" },
    retainKeysMergingList: { strategy: "merge,retainKeys", mergeKey: "name", type: "MergeItem" },
  },
  RetainKeysMergeItem: {
    name: {},
    value: {},
    other: {},
    simpleMap: {},
    mergingIntList: { strategy: "merge" },
    mergingList: { strategy: "merge", mergeKey: "name", type: "MergeItem" },
    nonMergingList: { type: "MergeItem" },
  },
};

/** PatchMetaFromStruct over testStructs: unknown fields are an error, as with Go structs. */
function structSchema(name: string): PatchSchema {
  const lookup = (key: string): PatchLookup => {
    const f = testStructs[name]?.[key];
    if (f === undefined) {
      throw patchInternal(`unable to find api field in struct ${name} for the json field "${key}"`);
    }
    return {
      schema: structSchema(f.type ?? "scalar"),
      meta: { strategies: (f.strategy ?? "").split(","), mergeKey: f.mergeKey ?? "" },
    };
  };
  return { lookupStruct: lookup, lookupSlice: lookup, name: () => "struct" };
}
const mergeItem = structSchema("MergeItem");

const smp = (original: unknown, patch: unknown): unknown =>
  strategicMergePatchWithSchema(deepFreeze(original), deepFreeze(patch), mergeItem);

const named = (...names: (string | number)[]): { name: string | number }[] =>
  names.map((name) => ({ name }));

// ---- cases learnt from upstream's patch_test.go ----

describe("strategic merge patch: upstream's custom cases", () => {
  it("merging scalar lists keeps each value once", () => {
    expect(smp({ mergingIntList: [1, 2] }, { mergingIntList: [2, 3] })).toEqual({
      mergingIntList: [1, 2, 3],
    });
  });

  it("$patch: delete empties a nested map", () => {
    expect(smp({ simpleMap: { key1: 1, key2: 1 } }, { simpleMap: { $patch: "delete" } })).toEqual({
      simpleMap: {},
    });
  });

  it("a $patch: replace item alone empties a merging list", () => {
    expect(smp({ mergingList: named(1, 2) }, { mergingList: [{ $patch: "replace" }] })).toEqual({
      mergingList: [],
    });
  });

  it("empty merging lists merge to an empty list", () => {
    expect(smp({ mergingList: [] }, { mergingList: [] })).toEqual({ mergingList: [] });
  });

  it("$patch: replace at the top replaces the whole map", () => {
    expect(smp({ name: 1, value: 1 }, { $patch: "replace" })).toEqual({});
    expect(smp({ name: 1, value: 1 }, { other: "a", $patch: "replace" })).toEqual({ other: "a" });
  });

  it("$patch: delete items remove every duplicate of their key", () => {
    const original = { mergingList: [...named(1, 1), { name: 2, value: "a" }, ...named(3, 3)] };
    const patch = {
      mergingList: [
        { name: 1, $patch: "delete" },
        { name: 3, $patch: "delete" },
      ],
    };
    expect(smp(original, patch)).toEqual({ mergingList: [{ name: 2, value: "a" }] });
  });

  it("a retainKeys map merges like any map when the patch has no $retainKeys", () => {
    expect(smp({ retainKeysMap: { name: "foo" } }, { retainKeysMap: { value: "bar" } })).toEqual({
      retainKeysMap: { name: "foo", value: "bar" },
    });
    expect(
      smp({ retainKeysMap: { name: "foo", value: "a" } }, { retainKeysMap: { value: null } }),
    ).toEqual({ retainKeysMap: { name: "foo" } });
    expect(smp({ retainKeysMap: { name: "foo", value: "a" } }, { retainKeysMap: {} })).toEqual({
      retainKeysMap: { name: "foo", value: "a" },
    });
  });

  it("a retainKeys list merges its items like any merging list", () => {
    const original = { retainKeysMergingList: [{ name: "bar" }, { name: "foo", value: "a" }] };
    expect(smp(original, { retainKeysMergingList: [{ name: "foo", value: null }] })).toEqual({
      retainKeysMergingList: [{ name: "bar" }, { name: "foo" }],
    });
  });

  it("a merging list takes the patch's order", () => {
    const original = { mergingList: [{ name: 1 }, { name: 2, value: "b" }, { name: 3 }] };
    expect(
      smp(original, {
        mergingList: [
          { name: 3, value: "c" },
          { name: 1, value: "a" },
          { name: 2, other: "x" },
        ],
      }),
    ).toEqual({
      mergingList: [
        { name: 3, value: "c" },
        { name: 1, value: "a" },
        { name: 2, value: "b", other: "x" },
      ],
    });
    // 2 is not in the patch: it stays before 3, which comes after it on the server.
    expect(
      smp(original, {
        mergingList: [
          { name: 3, value: "c" },
          { name: 1, value: "a" },
        ],
      }),
    ).toEqual({
      mergingList: [
        { name: 2, value: "b" },
        { name: 3, value: "c" },
        { name: 1, value: "a" },
      ],
    });
  });

  it("a merging scalar list takes the patch's order", () => {
    expect(smp({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1, 2] })).toEqual({
      mergingIntList: [3, 1, 2],
    });
    expect(smp({ mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] })).toEqual({
      mergingIntList: [2, 3, 1],
    });
  });

  it("$setElementOrder may name items the list does not have", () => {
    expect(
      smp(
        { mergingList: named(1, 3) },
        {
          "$setElementOrder/mergingList": named(3, 2, 1),
          mergingList: [
            { name: 3, value: 3 },
            { name: 1, value: 1 },
          ],
        },
      ),
    ).toEqual({
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    });
    expect(
      smp({ mergingIntList: [1, 3] }, { "$setElementOrder/mergingIntList": [3, 2, 1] }),
    ).toEqual({ mergingIntList: [3, 1] });
  });

  it("the patch list must follow $setElementOrder's order (500)", () => {
    const e = thrown(() =>
      smp(
        { mergingList: named(1, 3, 2) },
        {
          "$setElementOrder/mergingList": named(1, 2, 3),
          mergingList: [
            { name: 3, value: 3 },
            { name: 1, value: 1 },
          ],
        },
      ),
    );
    expect(e.status.code).toBe(500);
    expect(e.message).toBe(
      "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n",
    );
    const ints = thrown(() =>
      smp(
        { mergingIntList: [1, 3, 2] },
        { "$setElementOrder/mergingIntList": [1, 2, 3], mergingIntList: [3, 1] },
      ),
    );
    expect(ints.message).toContain("doesn't match");
  });

  it("a merging list item without its merge key is refused (500)", () => {
    const e = thrown(() =>
      smp({ mergingList: [{ name: 1, value: "a" }] }, { mergingList: [{ value: "b" }] }),
    );
    expect(e.status.code).toBe(500);
    expect(e.message).toBe("map: map[value:b] does not contain declared merge key: name");
  });

  it("$deleteFromPrimitiveList removes values, never adds them or the list", () => {
    expect(
      smp({ mergingIntList: [1, 2] }, { "$deleteFromPrimitiveList/mergingIntList": [3] }),
    ).toEqual({ mergingIntList: [1, 2] });
    expect(
      smp({ mergingIntList: null }, { "$deleteFromPrimitiveList/mergingIntList": [3] }),
    ).toEqual({ mergingIntList: null });
    expect(smp({ foo: ["bar"] }, { "$deleteFromPrimitiveList/mergingIntList": [3] })).toEqual({
      foo: ["bar"],
    });
    expect(
      smp({ mergingIntList: [1, 2, 3] }, { "$deleteFromPrimitiveList/mergingIntList": [2] }),
    ).toEqual({ mergingIntList: [1, 3] });
    // also on a list without the merge strategy
    expect(
      smp({ nonMergingIntList: [1, 2, 3] }, { "$deleteFromPrimitiveList/nonMergingIntList": [2] }),
    ).toEqual({ nonMergingIntList: [1, 3] });
  });
});

describe("strategic merge patch: upstream's raw cases (three-way patch on the live object)", () => {
  it("a $patch: delete item is dropped when the list is new; merged lists put new items first", () => {
    expect(
      smp(
        { name: "hi" },
        { mergingList: [{ name: "hello" }, { $patch: "delete", name: "doesntexist" }] },
      ),
    ).toEqual({ name: "hi", mergingList: [{ name: "hello" }] });
    expect(
      smp(
        { name: "hi", mergingList: [{ name: "hello2" }] },
        {
          "$setElementOrder/mergingList": [{ name: "hello" }, { name: "doesntexist" }],
          mergingList: [{ name: "hello" }],
        },
      ),
    ).toEqual({ name: "hi", mergingList: [{ name: "hello" }, { name: "hello2" }] });
  });

  it("deletes scalars, duplicates included, keeping server-only ones", () => {
    const patch = {
      "$setElementOrder/mergingIntList": [1, 2],
      "$deleteFromPrimitiveList/mergingIntList": [3],
    };
    expect(smp({ mergingIntList: [1, 2, 3, 4] }, patch)).toEqual({ mergingIntList: [1, 2, 4] });
    expect(smp({ mergingIntList: [1, 2, 3, 3, 4] }, patch)).toEqual({ mergingIntList: [1, 2, 4] });
  });

  it("adds and deletes scalars in one patch", () => {
    expect(
      smp(
        { mergingIntList: [1, 2, 3] },
        {
          "$setElementOrder/mergingIntList": [1, 2, 4],
          "$deleteFromPrimitiveList/mergingIntList": [3],
          mergingIntList: [4],
        },
      ),
    ).toEqual({ mergingIntList: [1, 2, 4] });
  });

  it("a server-only scalar keeps its place among ordered items", () => {
    expect(
      smp(
        { mergingIntList: [1, 4, 2] },
        { "$setElementOrder/mergingIntList": [3, 1, 2], mergingIntList: [3] },
      ),
    ).toEqual({ mergingIntList: [3, 1, 4, 2] });
  });

  it("adds several maps in the $setElementOrder positions", () => {
    expect(
      smp(
        {
          mergingList: [
            { name: 1, other: "a" },
            { name: 2, value: 2, other: "b" },
          ],
        },
        {
          "$setElementOrder/mergingList": named(1, 4, 2, 3),
          mergingList: [
            { name: 4, value: 4 },
            { name: 3, value: 3 },
          ],
        },
      ),
    ).toEqual({
      mergingList: [
        { name: 1, other: "a" },
        { name: 4, value: 4 },
        { name: 2, value: 2, other: "b" },
        { name: 3, value: 3 },
      ],
    });
  });

  it("orders a list with server-only items (three upstream variants)", () => {
    const v = (name: number): { name: number; value: number } => ({ name, value: name });
    expect(
      smp(
        { mergingList: [{ name: 1, other: "a" }, v(3), v(4), v(2), { name: 9 }] },
        { "$setElementOrder/mergingList": named(4, 2, 3, 1) },
      ),
    ).toEqual({ mergingList: [v(4), v(2), v(3), { name: 1, other: "a" }, { name: 9 }] });
    expect(
      smp(
        { mergingList: [{ name: 1, other: "a" }, v(2), { name: 9 }, v(3), v(4)] },
        { "$setElementOrder/mergingList": named(2, 1, 4, 3) },
      ),
    ).toEqual({ mergingList: [v(2), { name: 1, other: "a" }, { name: 9 }, v(4), v(3)] });
    expect(
      smp(
        { mergingList: [{ name: 1, other: "a" }, v(2), ...named(7, 9, 8), v(3), v(4)] },
        { "$setElementOrder/mergingList": named(2, 1, 4, 3) },
      ),
    ).toEqual({
      mergingList: [v(2), { name: 1, other: "a" }, ...named(7, 9, 8), v(4), v(3)],
    });
  });

  it("orders lists with duplicate keys or values", () => {
    const dup = {
      mergingList: [
        { name: 1 },
        { name: 2, value: "dup1" },
        { name: 3 },
        { name: 2, value: "dup2" },
        { name: 4 },
      ],
    };
    expect(smp(dup, { "$setElementOrder/mergingList": named(2, 1, 4, 3, 2) })).toEqual({
      mergingList: [
        { name: 2, value: "dup1" },
        { name: 2, value: "dup2" },
        { name: 1 },
        { name: 4 },
        { name: 3 },
      ],
    });
    expect(
      smp(
        { mergingIntList: [1, 2, 3, 2, 4] },
        { "$setElementOrder/mergingIntList": [2, 1, 4, 3, 2] },
      ),
    ).toEqual({ mergingIntList: [2, 2, 1, 4, 3] });
  });

  it("$retainKeys clears the keys it does not list", () => {
    expect(
      smp(
        { retainKeysMap: { value: "foo" } },
        { retainKeysMap: { $retainKeys: ["other"], other: "bar" } },
      ),
    ).toEqual({ retainKeysMap: { other: "bar" } });
    expect(
      smp(
        { retainKeysMap: { name: "type1", value: "foo" } },
        { retainKeysMap: { $retainKeys: ["name", "other"], name: "type2", other: "bar" } },
      ),
    ).toEqual({ retainKeysMap: { name: "type2", other: "bar" } });
  });

  it("$retainKeys with nested list directives", () => {
    expect(
      smp(
        { retainKeysMap: { name: "foo", mergingIntList: [1, 2, 3, 4] } },
        {
          retainKeysMap: {
            $retainKeys: ["mergingIntList", "name"],
            mergingIntList: [5],
            "$deleteFromPrimitiveList/mergingIntList": [2],
            "$setElementOrder/mergingIntList": [1, 3, 5],
          },
        },
      ),
    ).toEqual({ retainKeysMap: { name: "foo", mergingIntList: [1, 3, 5, 4] } });
    // a non-merging list inside is replaced
    expect(
      smp(
        { retainKeysMap: { name: "foo", value: "bar", nonMergingList: named("a", "b") } },
        {
          retainKeysMap: {
            $retainKeys: ["name", "nonMergingList", "value"],
            nonMergingList: named("a", "c", "b"),
          },
        },
      ),
    ).toEqual({
      retainKeysMap: { name: "foo", value: "bar", nonMergingList: named("a", "c", "b") },
    });
  });

  it("$retainKeys inside a merging list item", () => {
    expect(
      smp(
        { retainKeysMergingList: [{ name: "bar" }, { name: "foo", value: "old", other: "x" }] },
        {
          "$setElementOrder/retainKeysMergingList": named("bar", "foo"),
          retainKeysMergingList: [{ $retainKeys: ["name", "value"], name: "foo", value: "new" }],
        },
      ),
    ).toEqual({ retainKeysMergingList: [{ name: "bar" }, { name: "foo", value: "new" }] });
  });

  it("deletes and reorders in one list, reorders in another", () => {
    const ab = {
      mergingList: [
        { name: "a", value: "a" },
        { name: "b", value: "b" },
      ],
    };
    const cd = {
      mergeItemPtr: [
        { name: "c", value: "c" },
        { name: "d", value: "d" },
      ],
    };
    expect(
      smp(
        { ...ab, ...cd },
        {
          "$setElementOrder/mergingList": named("b"),
          "$setElementOrder/mergeItemPtr": named("d", "c"),
          mergingList: [{ $patch: "delete", name: "a" }],
        },
      ),
    ).toEqual({
      mergingList: [{ name: "b", value: "b" }],
      mergeItemPtr: [
        { name: "d", value: "d" },
        { name: "c", value: "c" },
      ],
    });
  });

  it("a replace-strategy map is taken whole", () => {
    const original = {
      name: "my-object",
      mergingList: named(1, 2, 3),
      replacingItem: { Some: "Generic", Yaml: "Inside", The: "RawExtension", Field: "Period" },
    };
    expect(
      smp(original, { replacingItem: { Newly: "Modified", Yaml: "Inside", The: "RawExtension" } }),
    ).toEqual({
      name: "my-object",
      mergingList: named(1, 2, 3),
      replacingItem: { Newly: "Modified", Yaml: "Inside", The: "RawExtension" },
    });
  });

  it("a field the struct does not know is an error only when both sides must be merged", () => {
    expect(smp({}, { unknown: { a: 1 } })).toEqual({ unknown: { a: 1 } });
    const e = thrown(() => smp({ unknown: { a: 1 } }, { unknown: { b: 1 } }));
    expect(e.message).toBe(
      'unable to find api field in struct MergeItem for the json field "unknown"',
    );
  });
});

// ---- Kubernetes kinds: the kubectl patch task page and kubectl apply's bodies ----

const deployment = (): Record<string, unknown> =>
  deepFreeze({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "patch-demo" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "nginx" } },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
      },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: {
          containers: [{ name: "patch-demo-ctr", image: "nginx" }],
          tolerations: [{ effect: "NoSchedule", key: "dedicated", value: "test-team" }],
        },
      },
    },
  });

const DEPLOYMENT = { group: "apps", kind: "Deployment" } as const;
const POD = { group: "", kind: "Pod" } as const;
type PodSpecShape = { containers: Record<string, unknown>[]; tolerations: unknown[] };
const podSpecOf = (d: unknown): PodSpecShape =>
  (d as { spec: { template: { spec: PodSpecShape } } }).spec.template.spec;

describe("strategic merge patch on Kubernetes kinds: the kubectl patch task page", () => {
  it("patch-file.yaml adds a container; the new one comes first", () => {
    const patch = {
      spec: { template: { spec: { containers: [{ name: "patch-demo-ctr-2", image: "redis" }] } } },
    };
    const out = applyStrategicMergePatch(deployment(), patch, DEPLOYMENT);
    expect(podSpecOf(out).containers).toEqual([
      { name: "patch-demo-ctr-2", image: "redis" },
      { name: "patch-demo-ctr", image: "nginx" },
    ]);
  });

  it("patch-file-tolerations.yaml replaces the tolerations (no patch strategy)", () => {
    const patch = {
      spec: {
        template: {
          spec: { tolerations: [{ effect: "NoSchedule", key: "disktype", value: "ssd" }] },
        },
      },
    };
    const out = applyStrategicMergePatch(deployment(), patch, DEPLOYMENT);
    expect(podSpecOf(out).tolerations).toEqual([
      { effect: "NoSchedule", key: "disktype", value: "ssd" },
    ]);
  });

  it("a JSON merge patch replaces the containers list instead", () => {
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "patch-demo-ctr-3", image: "gcr.io/google-samples/node-hello:1.0" },
            ],
          },
        },
      },
    };
    expect(podSpecOf(applyMergePatch(deployment(), patch)).containers).toEqual([
      { name: "patch-demo-ctr-3", image: "gcr.io/google-samples/node-hello:1.0" },
    ]);
  });

  it("patch-file-retainkeys.yaml: $retainKeys [type] drops rollingUpdate", () => {
    const out = applyStrategicMergePatch(
      deployment(),
      { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } },
      DEPLOYMENT,
    ) as { spec: { strategy: unknown } };
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
    // without $retainKeys the strategy merges (and validation then refuses it)
    const merged = applyStrategicMergePatch(
      deployment(),
      { spec: { strategy: { type: "Recreate" } } },
      DEPLOYMENT,
    ) as {
      spec: { strategy: unknown };
    };
    expect(merged.spec.strategy).toEqual({
      type: "Recreate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    });
  });
});

describe("strategic merge patch on Kubernetes kinds: kubectl apply's measured bodies", () => {
  it("image and replicas changed, with $setElementOrder/containers", () => {
    const live = deepFreeze({
      metadata: { name: "my-api", annotations: { a: "1" } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            containers: [{ name: "api", image: "myapp:v1.2", ports: [{ containerPort: 80 }] }],
          },
        },
      },
    });
    const patch = {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" } },
      spec: {
        replicas: 4,
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "api" }],
            containers: [{ image: "myapp:v1.3", name: "api" }],
          },
        },
      },
    };
    expect(applyStrategicMergePatch(live, patch, DEPLOYMENT)).toEqual({
      metadata: {
        name: "my-api",
        annotations: { a: "1", "kubectl.kubernetes.io/last-applied-configuration": "{}" },
      },
      spec: {
        replicas: 4,
        template: {
          spec: {
            containers: [{ name: "api", image: "myapp:v1.3", ports: [{ containerPort: 80 }] }],
          },
        },
      },
    });
  });

  it("strategy added: $retainKeys [rollingUpdate, type] merges rollingUpdate", () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          strategy: {
            $retainKeys: ["rollingUpdate", "type"],
            rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
          },
        },
      },
      DEPLOYMENT,
    ) as { spec: { strategy: unknown } };
    expect(out.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
  });

  it("fields removed from the manifest arrive as nulls", () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          strategy: null,
          template: {
            spec: {
              containers: [
                { name: "patch-demo-ctr", env: null, livenessProbe: null, image: "nginx:2" },
              ],
            },
          },
        },
      },
      DEPLOYMENT,
    ) as { spec: Record<string, unknown> };
    expect(out.spec["strategy"]).toBeUndefined();
    expect(podSpecOf(out).containers).toEqual([{ name: "patch-demo-ctr", image: "nginx:2" }]);
    const svc = applyStrategicMergePatch(
      deepFreeze({ spec: { type: "ClusterIP", ports: [{ port: 80 }] } }),
      { spec: { type: null } },
      { group: "", kind: "Service" },
    );
    expect(svc).toEqual({ spec: { ports: [{ port: 80 }] } });
  });
});

describe("strategic merge patch on Kubernetes kinds: merge keys from k8s.io/api", () => {
  const pod = deepFreeze({
    metadata: {
      name: "p",
      finalizers: ["a", "b"],
      ownerReferences: [{ uid: "u1", name: "rs-1", kind: "ReplicaSet" }],
    },
    spec: {
      containers: [
        {
          name: "app",
          image: "app:1",
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
          ports: [{ containerPort: 80, name: "http" }],
          volumeMounts: [{ mountPath: "/data", name: "data" }],
          envFrom: [{ configMapRef: { name: "cm1" } }],
        },
      ],
      volumes: [{ name: "data", emptyDir: {} }],
      imagePullSecrets: [{ name: "s1" }],
      hostAliases: [{ ip: "10.0.0.1", hostnames: ["a"] }],
    },
    status: {
      conditions: [
        { type: "Ready", status: "False" },
        { type: "PodScheduled", status: "True" },
      ],
      podIPs: [{ ip: "10.1.0.5" }],
    },
  });
  type PodShape = typeof pod;
  const patchPod = (patch: unknown): PodShape =>
    applyStrategicMergePatch(pod, patch, POD) as PodShape;
  const app = (p: PodShape): PodShape["spec"]["containers"][number] => p.spec.containers[0]!;

  it("env merges by name, ports by containerPort, volumeMounts by mountPath", () => {
    const out = patchPod({
      spec: {
        containers: [
          {
            name: "app",
            env: [
              { name: "B", value: "3" },
              { name: "C", value: "4" },
            ],
            ports: [{ containerPort: 80, protocol: "TCP" }],
            volumeMounts: [{ mountPath: "/cache", name: "cache" }],
          },
        ],
      },
    });
    expect(app(out).env).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "3" },
      { name: "C", value: "4" },
    ]);
    expect(app(out).ports).toEqual([{ containerPort: 80, name: "http", protocol: "TCP" }]);
    expect(app(out).volumeMounts).toEqual([
      { mountPath: "/cache", name: "cache" },
      { mountPath: "/data", name: "data" },
    ]);
    expect(app(out).image).toBe("app:1");
  });

  it("envFrom is atomic: replaced", () => {
    const out = patchPod({
      spec: { containers: [{ name: "app", envFrom: [{ secretRef: { name: "s" } }] }] },
    });
    expect(app(out).envFrom).toEqual([{ secretRef: { name: "s" } }]);
  });

  it("$patch: delete removes a container by name; $patch: replace replaces the env list", () => {
    expect(
      patchPod({ spec: { containers: [{ name: "app", $patch: "delete" }] } }).spec.containers,
    ).toEqual([]);
    const out = patchPod({
      spec: {
        containers: [{ name: "app", env: [{ $patch: "replace" }, { name: "Z", value: "9" }] }],
      },
    });
    expect(app(out).env).toEqual([{ name: "Z", value: "9" }]);
  });

  it("a volume's source changes with $retainKeys, as kubectl sends it", () => {
    const out = patchPod({
      spec: {
        volumes: [{ name: "data", $retainKeys: ["configMap", "name"], configMap: { name: "cm" } }],
      },
    });
    expect(out.spec.volumes).toEqual([{ name: "data", configMap: { name: "cm" } }]);
  });

  it("imagePullSecrets by name, hostAliases by ip", () => {
    const out = patchPod({
      spec: {
        imagePullSecrets: [{ name: "s2" }],
        hostAliases: [{ ip: "10.0.0.1", hostnames: ["b"] }],
      },
    });
    expect(out.spec.imagePullSecrets).toEqual([{ name: "s2" }, { name: "s1" }]);
    expect(out.spec.hostAliases).toEqual([{ ip: "10.0.0.1", hostnames: ["b"] }]);
  });

  it("finalizers merge as a set; $deleteFromPrimitiveList/finalizers removes one", () => {
    expect(patchPod({ metadata: { finalizers: ["b", "c"] } }).metadata.finalizers).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(
      patchPod({ metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } }).metadata.finalizers,
    ).toEqual(["b"]);
  });

  it("ownerReferences merge by uid", () => {
    const out = patchPod({
      metadata: {
        ownerReferences: [
          { uid: "u1", controller: true },
          { uid: "u2", name: "x" },
        ],
      },
    });
    expect(out.metadata.ownerReferences).toEqual([
      { uid: "u1", name: "rs-1", kind: "ReplicaSet", controller: true },
      { uid: "u2", name: "x" },
    ]);
  });

  it("status conditions merge by type (a kubelet status patch)", () => {
    const out = patchPod({
      status: {
        "$setElementOrder/conditions": [{ type: "Ready" }, { type: "PodScheduled" }],
        conditions: [{ type: "Ready", status: "True" }],
      },
    });
    expect(out.status.conditions).toEqual([
      { type: "Ready", status: "True" },
      { type: "PodScheduled", status: "True" },
    ]);
    expect(
      patchPod({ status: { podIPs: [{ ip: "10.1.0.5" }, { ip: "fd00::5" }] } }).status.podIPs,
    ).toEqual([{ ip: "10.1.0.5" }, { ip: "fd00::5" }]);
  });

  it("Service ports merge by port", () => {
    const svc = deepFreeze({
      spec: { ports: [{ port: 80, targetPort: 8080, name: "http" }, { port: 443 }] },
    });
    const out = applyStrategicMergePatch(
      svc,
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      {
        group: "",
        kind: "Service",
      },
    );
    expect(out).toEqual({
      spec: { ports: [{ port: 80, targetPort: 9090, name: "http" }, { port: 443 }] },
    });
  });

  it("Node: taints are replaced, podCIDRs and addresses and conditions merge", () => {
    const node = deepFreeze({
      spec: { taints: [{ key: "a", effect: "NoSchedule" }], podCIDRs: ["10.0.1.0/24"] },
      status: {
        addresses: [{ type: "InternalIP", address: "10.0.0.1" }],
        conditions: [{ type: "Ready", status: "True" }],
      },
    });
    const out = applyStrategicMergePatch(
      node,
      {
        spec: { taints: [{ key: "b", effect: "NoExecute" }], podCIDRs: ["fd00::/64"] },
        status: {
          addresses: [{ type: "Hostname", address: "n1" }],
          conditions: [{ type: "Ready", status: "Unknown" }],
        },
      },
      { group: "", kind: "Node" },
    );
    expect(out).toEqual({
      spec: { taints: [{ key: "b", effect: "NoExecute" }], podCIDRs: ["fd00::/64", "10.0.1.0/24"] },
      status: {
        addresses: [
          { type: "Hostname", address: "n1" },
          { type: "InternalIP", address: "10.0.0.1" },
        ],
        conditions: [{ type: "Ready", status: "Unknown" }],
      },
    });
  });

  it("Namespace: spec.finalizers is atomic, status.conditions merge by type", () => {
    const ns = deepFreeze({
      spec: { finalizers: ["kubernetes"] },
      status: { conditions: [{ type: "A", status: "True" }] },
    });
    const out = applyStrategicMergePatch(
      ns,
      { spec: { finalizers: ["x"] }, status: { conditions: [{ type: "B", status: "True" }] } },
      { group: "", kind: "Namespace" },
    );
    expect(out).toEqual({
      spec: { finalizers: ["x"] },
      status: {
        conditions: [
          { type: "B", status: "True" },
          { type: "A", status: "True" },
        ],
      },
    });
  });

  it("ConfigMap data merges as a map; kinds without lists behave like merge patch", () => {
    const cm = deepFreeze({
      metadata: { name: "c", labels: { a: "1" } },
      data: { k1: "v1", k2: "v2" },
    });
    const patch = { metadata: { labels: { b: "2" } }, data: { k1: null, k3: "v3" } };
    const out = applyStrategicMergePatch(cm, patch, { group: "", kind: "ConfigMap" });
    expect(out).toEqual({
      metadata: { name: "c", labels: { a: "1", b: "2" } },
      data: { k2: "v2", k3: "v3" },
    });
    expect(out).toEqual(applyMergePatch(cm, patch));
  });

  it("the /scale subresource (autoscaling/v1 Scale) is patchable", () => {
    expect(
      applyStrategicMergePatch(
        { spec: { replicas: 1 } },
        { spec: { replicas: 5 } },
        { group: "autoscaling", kind: "Scale" },
      ),
    ).toEqual({ spec: { replicas: 5 } });
  });
});

describe("strategic merge patch: errors as kube-apiserver answers them", () => {
  it("a kind without Go struct (custom resources) is refused (400)", () => {
    const e = thrown(() =>
      applyStrategicMergePatch({}, {}, { group: "example.com", kind: "Widget" }),
    );
    expect(e.status.code).toBe(400);
    expect(e.message).toBe("strategic merge patch format is not supported");
  });

  it("the body must decode into a map (400); null is an empty patch", () => {
    const e = thrown(() => applyStrategicMergePatch({ a: 1 }, [1], POD));
    expect(e.status.code).toBe(400);
    expect(e.message).toBe(
      "json: cannot unmarshal array into Go value of type map[string]interface {}",
    );
    expect(applyStrategicMergePatch({ a: 1 }, null, POD)).toEqual({ a: 1 });
  });

  it("$patch: merge is refused in maps and in list items (500)", () => {
    const m = thrown(() =>
      smp({ simpleMap: { a: "1" } }, { simpleMap: { $patch: "merge", a: 1 } }),
    );
    expect(m.status.code).toBe(500);
    expect(m.message).toBe("unknown patch type: merge in map: map[$patch:merge a:1]");
    const l = thrown(() => smp({ mergingList: named(1) }, { mergingList: [{ $patch: "merge" }] }));
    expect(l.message).toBe("merging lists cannot yet be specified in the patch");
    const x = thrown(() =>
      smp({ mergingList: named(1) }, { mergingList: [{ $patch: 5, name: 1 }] }),
    );
    expect(x.message).toBe("unknown patch type: %!s(int64=5) in map: map[$patch:5 name:1]");
  });

  it("malformed directives are 400s with mergepatch's messages", () => {
    const cases: [unknown, string][] = [
      [{ retainKeysMap: { $retainKeys: "name" } }, "invalid patch format of retainKeys"],
      [
        { retainKeysMap: { $retainKeys: ["name"], value: "x" } },
        "invalid patch format of retainKeys",
      ],
      [{ $setElementOrder: [] }, "invalid patch format of setElementOrder list"],
      [{ "$setElementOrderX/mergingList": [] }, "invalid patch format of setElementOrder list"],
      [
        { "$deleteFromPrimitiveListX/mergingIntList": [1] },
        "invalid patch format of primitive list",
      ],
    ];
    for (const [patch, message] of cases) {
      const e = thrown(() => smp({ retainKeysMap: { name: "a" }, mergingList: named(1) }, patch));
      expect(e.status.code).toBe(400);
      expect(e.message).toBe(message);
    }
  });

  it("lists of lists in a merging list are 422 with the generic message", () => {
    const e = thrown(() => smp({ mergingIntList: [[1]] }, { mergingIntList: [[2]] }));
    expect(e.status.code).toBe(422);
    expect(e.message).toBe(PATCH_REJECTED_MESSAGE);
    expect((e.cause as Error).message).toBe("lists of lists are not supported");
  });

  it("mixed element types in a merging list are a 500", () => {
    const e = thrown(() => smp({ mergingIntList: ["a"] }, { mergingIntList: [1] }));
    expect(e.status.code).toBe(500);
    expect(e.message).toBe("list element types are not identical: [[a] [1]]");
  });

  it("a merging list of maps without a merge key is a 500", () => {
    const e = thrown(() => smp({ mergingIntList: [{ a: 1 }] }, { mergingIntList: [{ a: 2 }] }));
    expect(e.message).toBe("cannot merge lists without merge key for struct");
  });
});

describe("strategic merge patch: properties", () => {
  /** Objects without lists and without `$` keys, nulls included. */
  const listFreePatch: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
    obj: fc.dictionary(
      plainKey,
      fc.oneof(
        { depthSize: "small" },
        fc.string({ maxLength: 3 }),
        fc.integer(),
        fc.constant(null),
        tie("obj"),
      ),
      { maxKeys: 4, noNullPrototype: true },
    ),
  })).obj as fc.Arbitrary<Record<string, unknown>>;

  it("without list fields it behaves like JSON merge patch", () => {
    fc.assert(
      fc.property(anyObject, listFreePatch, (doc, patch) => {
        deepFreeze(doc);
        deepFreeze(patch);
        expect(applyStrategicMergePatch(doc, patch, DEPLOYMENT)).toEqual(
          applyMergePatch(doc, patch),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("an empty patch is the identity", () => {
    fc.assert(
      fc.property(anyObject, (doc) => {
        expect(strategicMergePatchWithSchema(deepFreeze(doc), {}, mergeItem)).toEqual(doc);
      }),
      { numRuns: 50 },
    );
  });

  it("never mutates its inputs, even with lists and directives", () => {
    const item = fc.record(
      {
        name: fc.integer({ min: 1, max: 4 }),
        value: fc.string({ maxLength: 2 }),
        $patch: fc.constantFrom("delete", "replace"),
      },
      { requiredKeys: ["name"] },
    );
    const list = fc.array(item, { maxLength: 4 });
    const doc = fc.record(
      {
        mergingList: list,
        mergingIntList: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }),
        simpleMap: anyObject,
        retainKeysMap: fc.record({ name: fc.string(), value: fc.string() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    const patch = fc.record(
      {
        mergingList: list,
        mergingIntList: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }),
        "$setElementOrder/mergingIntList": fc.array(fc.integer({ min: 1, max: 5 }), {
          maxLength: 4,
        }),
        "$deleteFromPrimitiveList/mergingIntList": fc.array(fc.integer({ min: 1, max: 5 }), {
          maxLength: 2,
        }),
        simpleMap: anyObject,
        retainKeysMap: fc.record(
          { $retainKeys: fc.constant(["name"]), name: fc.string() },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(doc, patch, (d, p) => {
        const before = JSON.stringify([d, p]);
        try {
          strategicMergePatchWithSchema(deepFreeze(d), deepFreeze(p), mergeItem);
        } catch (e) {
          if (!isApiError(e)) throw e;
        }
        expect(JSON.stringify([d, p])).toBe(before);
      }),
      { numRuns: 200 },
    );
  });
});

describe("strategic merge patch: values taken as sent", () => {
  it("a patch value with nothing to clean lands as it is; nulls and directives are still cleaned", () => {
    const startTime = { running: { startedAt: "t" } };
    const out = strategicMergePatchWithSchema(
      { a: 1 },
      { state: startTime },
      anySchema(),
    ) as Record<string, unknown>;
    expect(out["state"]).toBe(startTime);
    const cleaned = strategicMergePatchWithSchema(
      { a: 1 },
      { state: { running: { startedAt: "t", gone: null } }, list: [{ $patch: "delete" }, 1] },
      anySchema(),
    );
    expect(cleaned).toEqual({ a: 1, state: { running: { startedAt: "t" } }, list: [1] });
  });
});

/** A schema without merge metadata: every map merges, every list is replaced. */
function anySchema(): PatchSchema {
  const s: PatchSchema = {
    lookupStruct: (): PatchLookup => ({ schema: s, meta: { strategies: [], mergeKey: "" } }),
    lookupSlice: (): PatchLookup => ({ schema: s, meta: { strategies: [], mergeKey: "" } }),
    name: () => "struct",
  };
  return s;
}
