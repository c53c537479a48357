/**
 * The strategic-merge metadata kubectl looks up when it computes an apply
 * patch: which lists merge and by which key, and which fields carry
 * `retainKeys`. kubectl reads them from the OpenAPI document's
 * `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` (or the Go
 * structs' `patchStrategy` / `patchMergeKey` tags, k8s.io/api core/v1, apps/v1,
 * meta/v1), which carry the same values. A path not listed has no strategy:
 * its lists are replaced whole and its maps merged.
 *
 * Mirrors strategicpatch.LookupPatchMeta as the client sees it
 * (k8s.io/apimachinery/pkg/util/strategicpatch/meta.go).
 */

/** One field's strategies ("merge", "retainKeys", "replace") and merge key. */
export interface PatchMeta {
  readonly strategies: readonly string[];
  readonly mergeKey: string;
}

const NONE: PatchMeta = { strategies: [], mergeKey: "" };

type Entries = [string, PatchMeta][];

const merge = (mergeKey = ""): PatchMeta => ({ strategies: ["merge"], mergeKey });
const mergeRetain = (mergeKey: string): PatchMeta => ({
  strategies: ["merge", "retainKeys"],
  mergeKey,
});

const at = (prefix: string, entries: Entries): Entries =>
  entries.map(([p, m]) => [`${prefix}.${p}`, m]);

/** metav1.ObjectMeta. */
const objectMeta: Entries = [
  ["ownerReferences", merge("uid")],
  ["finalizers", merge()],
];

/** core/v1 Container (init and ephemeral containers have the same tags). */
const container: Entries = [
  ["ports", merge("containerPort")],
  ["env", merge("name")],
  ["volumeMounts", merge("mountPath")],
  ["volumeDevices", merge("devicePath")],
];

/** core/v1 PodSpec. */
const podSpec: Entries = [
  ["volumes", mergeRetain("name")],
  ["initContainers", merge("name")],
  ...at("initContainers", container),
  ["containers", merge("name")],
  ...at("containers", container),
  ["ephemeralContainers", merge("name")],
  ...at("ephemeralContainers", container),
  ["imagePullSecrets", merge("name")],
  ["hostAliases", merge("ip")],
  ["topologySpreadConstraints", merge("topologyKey")],
  ["schedulingGates", merge("name")],
  ["resourceClaims", mergeRetain("name")],
];

const podTemplate: Entries = [...at("metadata", objectMeta), ...at("spec", podSpec)];

const conditions: Entries = [["status.conditions", merge("type")]];

/** Keyed `group/Kind` ("" group for core). */
const tables: ReadonlyMap<string, ReadonlyMap<string, PatchMeta>> = new Map(
  (
    [
      ["/Pod", [...at("metadata", objectMeta), ...at("spec", podSpec), ...conditions]],
      [
        "apps/Deployment",
        [
          ...at("metadata", objectMeta),
          ...at("spec.template", podTemplate),
          ["spec.strategy", { strategies: ["retainKeys"], mergeKey: "" }],
          ...conditions,
        ],
      ],
      [
        "apps/ReplicaSet",
        [...at("metadata", objectMeta), ...at("spec.template", podTemplate), ...conditions],
      ],
      ["/Service", [...at("metadata", objectMeta), ["spec.ports", merge("port")], ...conditions]],
      [
        "/Node",
        [
          ...at("metadata", objectMeta),
          ["spec.podCIDRs", merge()],
          ...conditions,
          ["status.addresses", merge("type")],
        ],
      ],
      ["/Namespace", [...at("metadata", objectMeta), ...conditions]],
    ] as [string, Entries][]
  ).map(([k, e]) => [k, new Map(e)]),
);

const metaOnly: ReadonlyMap<string, PatchMeta> = new Map(at("metadata", objectMeta));

/** A lookup positioned at a field path ("" is the object's root). */
export class PatchSchema {
  private constructor(
    private readonly table: ReadonlyMap<string, PatchMeta>,
    private readonly path: string,
  ) {}

  static forKind(kind: { readonly group: string; readonly kind: string }): PatchSchema {
    return new PatchSchema(tables.get(`${kind.group}/${kind.kind}`) ?? metaOnly, "");
  }

  /** The metadata of a child field and the schema below it (list elements add no segment). */
  lookup(key: string): { schema: PatchSchema; meta: PatchMeta } {
    const child = this.path === "" ? key : `${this.path}.${key}`;
    return { schema: new PatchSchema(this.table, child), meta: this.table.get(child) ?? NONE };
  }
}

/** extractRetainKeysPatchStrategy: whether retainKeys is set, and the other strategy ("" if none). */
export function splitStrategies(meta: PatchMeta): { retainKeys: boolean; strategy: string } {
  const s = meta.strategies;
  if (s.length === 0) return { retainKeys: false, strategy: "" };
  if (s.length === 1)
    return s[0] === "retainKeys"
      ? { retainKeys: true, strategy: "" }
      : { retainKeys: false, strategy: s[0]! };
  return {
    retainKeys: s.includes("retainKeys"),
    strategy: s.find((x) => x !== "retainKeys") ?? "",
  };
}
