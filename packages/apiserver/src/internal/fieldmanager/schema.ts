/**
 * The structural schema server-side apply walks: for every field, whether it
 * is a leaf (a scalar, or an atomic struct, map or list, owned as a whole), a
 * struct or map whose fields are owned one by one, or a granular list (a
 * `set` of scalars, or a `map` list whose items are told apart by key
 * fields). Mirrors what kube-apiserver's type converter gets from the OpenAPI
 * document (k8s.io/kube-openapi/pkg/schemaconv turning the `+listType`,
 * `+listMapKey`, `+structType`/`+mapType` tags of k8s.io/api into
 * sigs.k8s.io/structured-merge-diff/schema), Kubernetes 1.31.
 *
 * The field names come from the generated field schema (../schema); the list
 * and atomic tags are the tables below. A list without a tag is atomic, as
 * upstream (`+listType=atomic` is the default for lists of built-in types).
 * Defaults of key fields (ContainerPort.protocol, ServicePort.protocol:
 * "TCP") are filled in when an item omits them, as structured-merge-diff does
 * with the OpenAPI `default` of a key field.
 */
import { k8sSchema } from "../schema/index.js";
import type { FieldType, SchemaRegistry } from "../schema/types.js";

/** A leaf: owned as a whole (scalars, atomic structs, maps and lists, raw JSON). */
export interface LeafType {
  readonly t: "leaf";
}

/** A struct: its declared fields are owned one by one. */
export interface StructType {
  readonly t: "struct";
  readonly name: string;
}

/** A map with string keys (`map[string]T`): each key is owned on its own. */
export interface MapType {
  readonly t: "map";
  readonly elem: SsaType;
}

/** A granular list: `set` (scalars, by value) or `map` (items by their key fields). */
export interface ListType {
  readonly t: "list";
  readonly rel: "set" | "map";
  /** Key field names, sorted (for `map` lists). */
  readonly keys: readonly string[];
  /** Defaults of key fields an item may omit. */
  readonly keyDefaults: Readonly<Record<string, unknown>>;
  readonly elem: SsaType;
}

export type SsaType = LeafType | StructType | MapType | ListType;

export const LEAF: LeafType = Object.freeze({ t: "leaf" });

type ListTag = "set" | { readonly keys: readonly string[] };

const mapList = (...keys: string[]): ListTag => ({ keys: [...keys].sort() });

const containerLists: Record<string, ListTag> = {
  env: mapList("name"),
  ports: mapList("containerPort", "protocol"),
  volumeMounts: mapList("mountPath"),
  volumeDevices: mapList("devicePath"),
};

const prefixed = (type: string, tags: Record<string, ListTag>): [string, ListTag][] =>
  Object.entries(tags).map(([f, t]) => [`${type}.${f}`, t]);

/** `+listType=map|set` fields of the served types (`Type.field`); every other list is atomic. */
const LIST_TAGS: ReadonlyMap<string, ListTag> = new Map<string, ListTag>([
  ["meta/v1.ObjectMeta.ownerReferences", mapList("uid")],
  ["meta/v1.ObjectMeta.finalizers", "set"],
  ["apps/v1.DeploymentStatus.conditions", mapList("type")],
  ["apps/v1.ReplicaSetStatus.conditions", mapList("type")],
  ...prefixed("core/v1.Container", containerLists),
  ...prefixed("core/v1.EphemeralContainer", containerLists),
  ["core/v1.PodSpec.containers", mapList("name")],
  ["core/v1.PodSpec.initContainers", mapList("name")],
  ["core/v1.PodSpec.ephemeralContainers", mapList("name")],
  ["core/v1.PodSpec.volumes", mapList("name")],
  ["core/v1.PodSpec.imagePullSecrets", mapList("name")],
  ["core/v1.PodSpec.hostAliases", mapList("ip")],
  ["core/v1.PodSpec.topologySpreadConstraints", mapList("topologyKey", "whenUnsatisfiable")],
  ["core/v1.PodSpec.schedulingGates", mapList("name")],
  ["core/v1.PodSpec.resourceClaims", mapList("name")],
  ["core/v1.PodStatus.conditions", mapList("type")],
  ["core/v1.PodStatus.podIPs", mapList("ip")],
  ["core/v1.PodStatus.hostIPs", mapList("ip")],
  ["core/v1.PodStatus.resourceClaimStatuses", mapList("name")],
  ["core/v1.ServiceSpec.ports", mapList("port", "protocol")],
  ["core/v1.ServiceStatus.conditions", mapList("type")],
  ["core/v1.NodeSpec.podCIDRs", "set"],
  ["core/v1.NodeStatus.conditions", mapList("type")],
  ["core/v1.NodeStatus.addresses", mapList("type")],
  ["core/v1.NamespaceStatus.conditions", mapList("type")],
]);

/** Defaults of key fields (`+default=` on a `+listMapKey` field), by item type. */
const KEY_DEFAULTS: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map([
  ["core/v1.ContainerPort", { protocol: "TCP" }],
  ["core/v1.ServicePort", { protocol: "TCP" }],
]);

/** `+structType=atomic` / `+mapType=atomic` types: owned as a whole. */
const ATOMIC_TYPES: ReadonlySet<string> = new Set([
  "meta/v1.LabelSelector",
  "core/v1.LocalObjectReference",
  "core/v1.ObjectReference",
  "core/v1.TypedLocalObjectReference",
  "core/v1.TypedObjectReference",
  "core/v1.NodeSelector",
  "core/v1.NodeSelectorTerm",
  "core/v1.ConfigMapKeySelector",
  "core/v1.SecretKeySelector",
  "core/v1.ObjectFieldSelector",
  "core/v1.ResourceFieldSelector",
  "core/v1.ConfigMapEnvSource",
  "core/v1.SecretEnvSource",
]);

/** `+mapType=atomic` map fields (`Type.field`): a selector is replaced, not merged. */
const ATOMIC_FIELDS: ReadonlySet<string> = new Set([
  "core/v1.ServiceSpec.selector",
  "core/v1.PodSpec.nodeSelector",
]);

const NO_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({});

/** Resolves field types of one registry, memoised (the same few are asked on every write). */
export class SsaSchema {
  private readonly structs = new Map<string, StructType>();
  private readonly fieldCache = new Map<StructType, Map<string, SsaType | null>>();

  constructor(private readonly registry: SchemaRegistry = k8sSchema) {}

  /** The root type of a kind (`apps/v1`, `Deployment`), or undefined when it has no schema. */
  root(apiVersion: string, kind: string): StructType | undefined {
    const name = this.registry.roots[`${apiVersion}/${kind}`];
    return name === undefined ? undefined : this.struct(name);
  }

  private struct(name: string): StructType {
    let s = this.structs.get(name);
    if (s === undefined) this.structs.set(name, (s = Object.freeze({ t: "struct", name })));
    return s;
  }

  /** The type of field `key` of a struct; undefined when the struct does not declare it. */
  field(owner: StructType, key: string): SsaType | undefined {
    let byKey = this.fieldCache.get(owner);
    if (byKey === undefined) this.fieldCache.set(owner, (byKey = new Map()));
    const cached = byKey.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const fields = this.registry.types[owner.name]?.fields;
    const ft = fields !== undefined && Object.hasOwn(fields, key) ? fields[key] : undefined;
    const id = `${owner.name}.${key}`;
    const t = ft === undefined ? undefined : ATOMIC_FIELDS.has(id) ? LEAF : this.resolve(ft, id);
    // Bounded: only declared fields and a few unknown names are remembered.
    if (t !== undefined || byKey.size < 256) byKey.set(key, t ?? null);
    return t;
  }

  private resolve(ft: FieldType, id: string): SsaType {
    if (ft === "s" || ft === "*") return LEAF;
    if (ft.startsWith("{}")) {
      return Object.freeze({ t: "map", elem: this.resolve(ft.slice(2), `${id}[]`) });
    }
    if (ft.startsWith("[]")) {
      const tag = LIST_TAGS.get(id);
      if (tag === undefined) return LEAF;
      const itemType = ft.slice(2);
      const elem = this.resolve(itemType, `${id}[]`);
      return Object.freeze({
        t: "list",
        rel: tag === "set" ? "set" : "map",
        keys: tag === "set" ? [] : tag.keys,
        keyDefaults: KEY_DEFAULTS.get(itemType) ?? NO_DEFAULTS,
        elem,
      });
    }
    if (ATOMIC_TYPES.has(ft)) return LEAF;
    return this.registry.types[ft] === undefined ? LEAF : this.struct(ft);
  }
}

/** The schema of the kinds kubesim serves. */
export const ssaSchema = new SsaSchema();
