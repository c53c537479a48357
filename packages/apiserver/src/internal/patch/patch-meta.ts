/**
 * Strategic merge patch metadata: which lists merge, by which key, and which
 * maps take `$retainKeys`. Mirrors k8s.io/apimachinery/pkg/util/strategicpatch
 * (meta.go: LookupPatchMeta, PatchMetaFromStruct) fed with the `patchStrategy`
 * and `patchMergeKey` struct tags of k8s.io/api (core/v1, apps/v1) and
 * k8s.io/apimachinery/pkg/apis/meta/v1 (types.go), Kubernetes 1.31.
 *
 * kube-apiserver looks the tags up on the Go struct of the kind being patched,
 * walking field by field; list elements do not add a segment. Here the same
 * answers come from a table per kind keyed by the dotted field path, e.g.
 * `"spec.template.spec.containers" -> { strategy: "merge", mergeKey: "name" }`.
 * A path missing from the table has no strategy: its lists are replaced, its
 * maps merged. Lists tagged `+listType=atomic` without patch tags (tolerations,
 * node taints, envFrom, resizePolicy, readinessGates, endpoint subsets,
 * namespace spec.finalizers) are therefore replaced, as upstream.
 *
 * Tags newer than 1.31 (PodSpec.evictionResponders,
 * PodStatus.nodeAllocatableResourceClaimStatuses, PodStatus.volumeHealth) are
 * left out: a 1.31 apiserver does not know those fields.
 */

/** PatchMeta: the strategies (split on ",") and the merge key of one field. */
export interface PatchMeta {
  readonly strategies: readonly string[];
  readonly mergeKey: string;
}

/** The answer of a lookup: metadata of the field and the schema of its value (or of its elements). */
export interface PatchLookup {
  readonly schema: PatchSchema;
  readonly meta: PatchMeta;
}

/**
 * LookupPatchMeta. `lookupStruct` is asked for a map-valued field,
 * `lookupSlice` for a list-valued one (its schema describes the elements).
 * Either may throw an ApiError for a field the schema refuses.
 */
export interface PatchSchema {
  lookupStruct(key: string): PatchLookup;
  lookupSlice(key: string): PatchLookup;
  /** The kind of value the schema describes ("struct", "string"), used in error messages. */
  name(): string;
}

/** One field's struct tags: `patchStrategy:"merge,retainKeys" patchMergeKey:"name"`. */
export interface FieldPatchTags {
  readonly strategy: string;
  readonly mergeKey?: string;
}

/** Field path (dots, no list indices) -> tags. */
export type PatchTable = ReadonlyMap<string, FieldPatchTags>;

const NO_META: PatchMeta = Object.freeze({ strategies: [], mergeKey: "" });

function metaOf(tags: FieldPatchTags | undefined): PatchMeta {
  if (tags === undefined) return NO_META;
  return Object.freeze({
    strategies: Object.freeze(tags.strategy.split(",")),
    mergeKey: tags.mergeKey ?? "",
  });
}

/**
 * pathTableSchema's schemas and lookups, per table and path: patches look the
 * same few paths up again and again. Capped, so that patches full of made-up
 * keys cannot grow it without bound.
 */
const schemas = new WeakMap<PatchTable, Map<string, PatchSchema>>();
const MAX_CACHED_PATHS = 4096;

/** A PatchSchema answering from a path table, positioned at `path` ("" is the object's root). */
export function pathTableSchema(table: PatchTable, path = ""): PatchSchema {
  let byPath = schemas.get(table);
  if (byPath === undefined) schemas.set(table, (byPath = new Map()));
  let schema = byPath.get(path);
  if (schema === undefined) {
    schema = newPathTableSchema(table, path);
    if (byPath.size < MAX_CACHED_PATHS) byPath.set(path, schema);
  }
  return schema;
}

function newPathTableSchema(table: PatchTable, path: string): PatchSchema {
  const lookups = new Map<string, PatchLookup>();
  const lookup = (key: string): PatchLookup => {
    let found = lookups.get(key);
    if (found === undefined) {
      const child = path === "" ? key : `${path}.${key}`;
      found = Object.freeze({
        schema: pathTableSchema(table, child),
        meta: metaOf(table.get(child)),
      });
      if (lookups.size < MAX_CACHED_PATHS) lookups.set(key, found);
    }
    return found;
  };
  return {
    lookupStruct: lookup,
    lookupSlice: lookup,
    name: () => {
      // The only merging lists without a merge key in k8s.io/api are []string.
      const own = table.get(path);
      return own !== undefined && own.mergeKey === undefined && own.strategy.includes("merge")
        ? "string"
        : "struct";
    },
  };
}

// ---- the tags, struct by struct ----

type Entries = [string, FieldPatchTags][];

const merge = (mergeKey?: string): FieldPatchTags =>
  mergeKey === undefined ? { strategy: "merge" } : { strategy: "merge", mergeKey };

const at = (prefix: string, entries: Entries): Entries =>
  entries.map(([p, t]) => [prefix === "" ? p : `${prefix}.${p}`, t]);

/** metav1.ObjectMeta: ownerReferences by uid; finalizers merge as a set of strings. */
const objectMeta: Entries = [
  ["ownerReferences", merge("uid")],
  ["finalizers", merge()],
];

/** core/v1 Container (and EphemeralContainerCommon, which has the same tags). */
const container: Entries = [
  ["ports", merge("containerPort")],
  ["env", merge("name")],
  ["volumeMounts", merge("mountPath")],
  ["volumeDevices", merge("devicePath")],
];

/** core/v1 PodSpec. */
const podSpec: Entries = [
  ["volumes", { strategy: "merge,retainKeys", mergeKey: "name" }],
  ...at("volumes.ephemeral.volumeClaimTemplate.metadata", objectMeta),
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
  ["resourceClaims", { strategy: "merge,retainKeys", mergeKey: "name" }],
];

/** core/v1 ContainerStatus. */
const containerStatus: Entries = [
  ["volumeMounts", merge("mountPath")],
  ["allocatedResourcesStatus", merge("name")],
];

/** core/v1 PodStatus. */
const podStatus: Entries = [
  ["conditions", merge("type")],
  ["hostIPs", merge("ip")],
  ["podIPs", merge("ip")],
  ...at("initContainerStatuses", containerStatus),
  ...at("containerStatuses", containerStatus),
  ...at("ephemeralContainerStatuses", containerStatus),
  ["resourceClaimStatuses", { strategy: "merge,retainKeys", mergeKey: "name" }],
];

/** core/v1 PodTemplateSpec. */
const podTemplateSpec: Entries = [...at("metadata", objectMeta), ...at("spec", podSpec)];

const table = (entries: Entries): PatchTable => new Map(entries);

/** The tables of the kinds kubesim serves, keyed `group/Kind` ("" group for core). */
export const kindPatchTables: ReadonlyMap<string, PatchTable> = new Map([
  [
    "/Pod",
    table([...at("metadata", objectMeta), ...at("spec", podSpec), ...at("status", podStatus)]),
  ],
  [
    "apps/Deployment",
    table([
      ...at("metadata", objectMeta),
      ...at("spec.template", podTemplateSpec),
      ["spec.strategy", { strategy: "retainKeys" }],
      ["status.conditions", merge("type")],
    ]),
  ],
  [
    "apps/ReplicaSet",
    table([
      ...at("metadata", objectMeta),
      ...at("spec.template", podTemplateSpec),
      ["status.conditions", merge("type")],
    ]),
  ],
  [
    "/Service",
    table([
      ...at("metadata", objectMeta),
      ["spec.ports", merge("port")],
      ["status.conditions", merge("type")],
    ]),
  ],
  [
    "/Node",
    table([
      ...at("metadata", objectMeta),
      ["spec.podCIDRs", merge()],
      ["status.conditions", merge("type")],
      ["status.addresses", merge("type")],
    ]),
  ],
  ["/Namespace", table([...at("metadata", objectMeta), ["status.conditions", merge("type")]])],
  ["/Endpoints", table(at("metadata", objectMeta))],
  ["/ConfigMap", table(at("metadata", objectMeta))],
  ["/Secret", table(at("metadata", objectMeta))],
  ["/Event", table(at("metadata", objectMeta))],
  ["coordination.k8s.io/Lease", table(at("metadata", objectMeta))],
  ["discovery.k8s.io/EndpointSlice", table(at("metadata", objectMeta))],
  ["networking.k8s.io/Ingress", table(at("metadata", objectMeta))],
  ["networking.k8s.io/IngressClass", table(at("metadata", objectMeta))],
  // The /scale subresource of Deployments and ReplicaSets.
  ["autoscaling/Scale", table(at("metadata", objectMeta))],
]);

/** The schema of a kind, or undefined when kubesim has no struct for it (then SMP is refused). */
export function patchSchemaForKind(kind: {
  readonly group: string;
  readonly kind: string;
}): PatchSchema | undefined {
  const t = kindPatchTables.get(`${kind.group}/${kind.kind}`);
  return t === undefined ? undefined : pathTableSchema(t);
}
