import { describe, expect, it } from "vitest";
import { kinds } from "@kubesim/api";
import { kindPatchTables, pathTableSchema, patchSchemaForKind } from "./patch-meta.js";
import type { PatchSchema } from "./patch-meta.js";

/** Walks a dotted path the way mergeMap does: lookupStruct for maps, lookupSlice for the last list. */
function metaAt(
  schema: PatchSchema,
  path: string,
): { strategies: readonly string[]; mergeKey: string } {
  const keys = path.split(".");
  let s = schema;
  let meta = { strategies: [] as readonly string[], mergeKey: "" };
  for (const [i, k] of keys.entries()) {
    const r = i === keys.length - 1 ? s.lookupSlice(k) : s.lookupStruct(k);
    s = r.schema;
    meta = { strategies: r.meta.strategies, mergeKey: r.meta.mergeKey };
  }
  return meta;
}

const schemaOf = (group: string, kind: string): PatchSchema => {
  const s = patchSchemaForKind({ group, kind });
  if (s === undefined) throw new Error(`no schema for ${group}/${kind}`);
  return s;
};

describe("patch metadata from k8s.io/api struct tags", () => {
  it("every kind kubesim serves has a table", () => {
    for (const k of kinds) {
      expect(kindPatchTables.has(`${k.group}/${k.kind}`), `${k.group}/${k.kind}`).toBe(true);
    }
  });

  it("PodSpec and Container lists merge by their patchMergeKey", () => {
    const pod = schemaOf("", "Pod");
    expect(metaAt(pod, "spec.containers")).toEqual({ strategies: ["merge"], mergeKey: "name" });
    expect(metaAt(pod, "spec.initContainers.env")).toEqual({
      strategies: ["merge"],
      mergeKey: "name",
    });
    expect(metaAt(pod, "spec.containers.ports")).toEqual({
      strategies: ["merge"],
      mergeKey: "containerPort",
    });
    expect(metaAt(pod, "spec.containers.volumeMounts").mergeKey).toBe("mountPath");
    expect(metaAt(pod, "spec.ephemeralContainers.volumeDevices").mergeKey).toBe("devicePath");
    expect(metaAt(pod, "spec.volumes")).toEqual({
      strategies: ["merge", "retainKeys"],
      mergeKey: "name",
    });
    expect(metaAt(pod, "spec.hostAliases").mergeKey).toBe("ip");
    expect(metaAt(pod, "spec.topologySpreadConstraints").mergeKey).toBe("topologyKey");
    expect(metaAt(pod, "status.conditions").mergeKey).toBe("type");
    expect(metaAt(pod, "status.containerStatuses.volumeMounts").mergeKey).toBe("mountPath");
  });

  it("atomic lists have no strategy (they are replaced)", () => {
    const pod = schemaOf("", "Pod");
    for (const p of [
      "spec.tolerations",
      "spec.readinessGates",
      "spec.containers.envFrom",
      "spec.containers.resizePolicy",
      "spec.containers.command",
      "status.containerStatuses",
    ]) {
      expect(metaAt(pod, p), p).toEqual({ strategies: [], mergeKey: "" });
    }
    expect(metaAt(schemaOf("", "Node"), "spec.taints").strategies).toEqual([]);
    expect(metaAt(schemaOf("", "Namespace"), "spec.finalizers").strategies).toEqual([]);
    expect(metaAt(schemaOf("", "Endpoints"), "subsets").strategies).toEqual([]);
    expect(metaAt(schemaOf("discovery.k8s.io", "EndpointSlice"), "endpoints").strategies).toEqual(
      [],
    );
    expect(metaAt(schemaOf("networking.k8s.io", "Ingress"), "spec.rules").strategies).toEqual([]);
  });

  it("workloads carry the pod template's tags under spec.template", () => {
    for (const kind of ["Deployment", "ReplicaSet"]) {
      const s = schemaOf("apps", kind);
      expect(metaAt(s, "spec.template.spec.containers.env").mergeKey).toBe("name");
      expect(metaAt(s, "spec.template.metadata.finalizers").strategies).toEqual(["merge"]);
      expect(metaAt(s, "status.conditions").mergeKey).toBe("type");
    }
    expect(metaAt(schemaOf("apps", "Deployment"), "spec.strategy").strategies).toEqual([
      "retainKeys",
    ]);
  });

  it("ObjectMeta: ownerReferences by uid, finalizers as a merging []string", () => {
    for (const [group, kind] of [
      ["", "Secret"],
      ["coordination.k8s.io", "Lease"],
      ["networking.k8s.io", "IngressClass"],
    ] as const) {
      const s = schemaOf(group, kind);
      expect(metaAt(s, "metadata.ownerReferences")).toEqual({
        strategies: ["merge"],
        mergeKey: "uid",
      });
      expect(metaAt(s, "metadata.finalizers")).toEqual({ strategies: ["merge"], mergeKey: "" });
      expect(s.lookupStruct("metadata").schema.lookupSlice("finalizers").schema.name()).toBe(
        "string",
      );
    }
  });

  it("Service ports by port; Node addresses and conditions by type, podCIDRs merge", () => {
    expect(metaAt(schemaOf("", "Service"), "spec.ports").mergeKey).toBe("port");
    const node = schemaOf("", "Node");
    expect(metaAt(node, "status.addresses").mergeKey).toBe("type");
    expect(metaAt(node, "status.conditions").mergeKey).toBe("type");
    expect(metaAt(node, "spec.podCIDRs")).toEqual({ strategies: ["merge"], mergeKey: "" });
  });

  it("a kind without a table has no schema", () => {
    expect(patchSchemaForKind({ group: "example.com", kind: "Widget" })).toBeUndefined();
    expect(patchSchemaForKind({ group: "apps", kind: "Pod" })).toBeUndefined();
  });

  it("pathTableSchema answers from any table", () => {
    const s = pathTableSchema(new Map([["a.b", { strategy: "merge", mergeKey: "k" }]]));
    expect(metaAt(s, "a.b")).toEqual({ strategies: ["merge"], mergeKey: "k" });
    expect(metaAt(s, "a.c")).toEqual({ strategies: [], mergeKey: "" });
    expect(s.lookupStruct("a").schema.lookupSlice("b").schema.name()).toBe("struct");
  });
});

describe("pathTableSchema: remembered schemas", () => {
  it("one path, one schema object, and the same frozen answers every time", () => {
    const table = new Map([["spec.containers", { strategy: "merge", mergeKey: "name" }]]);
    const root = pathTableSchema(table);
    expect(pathTableSchema(table, "")).toBe(root);
    const spec = root.lookupStruct("spec");
    expect(root.lookupStruct("spec")).toBe(spec);
    const containers = spec.schema.lookupSlice("containers");
    expect(containers.meta).toEqual({ strategies: ["merge"], mergeKey: "name" });
    expect(Object.isFrozen(containers) && Object.isFrozen(containers.meta.strategies)).toBe(true);
    expect(pathTableSchema(table, "spec")).toBe(spec.schema);
    // another table with the same paths answers from its own tags
    const other = new Map([["spec.containers", { strategy: "replace" }]]);
    expect(
      pathTableSchema(other).lookupStruct("spec").schema.lookupSlice("containers").meta,
    ).toEqual({ strategies: ["replace"], mergeKey: "" });
  });
});
