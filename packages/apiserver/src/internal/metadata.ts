/**
 * System-owned metadata on create and update. Mirrors
 * k8s.io/apiserver/pkg/registry/rest (create.go BeforeCreate and
 * FillObjectMetaSystemFields, update.go BeforeUpdate). Metadata validation
 * (ValidateObjectMeta, ValidateObjectMetaUpdate) is @kubesim/api's.
 *
 * On create: name from generateName when empty; namespace from the request
 * (cleared for cluster-scoped kinds); creationTimestamp from the sim clock;
 * generation 1 for kinds that keep one; deletion fields and selfLink
 * dropped. managedFields are kept here and set by the field manager
 * (fieldmanager/). The uid is drawn only once the object has passed
 * validation, so a rejected create does not consume a uid.
 *
 * On update: generation, uid, creationTimestamp and the deletion fields come
 * from the stored object (a client cannot change them); generation then
 * increments when the strategy says the change is a spec change.
 *
 * Metadata keys are written in the order kube-apiserver serialises them
 * (name, generateName, namespace, uid, resourceVersion, generation,
 * creationTimestamp, deletionTimestamp, ...), so printed objects read alike.
 */
type Obj = Record<string, unknown>;

const ORDER = [
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
  "managedFields",
] as const;
const ORDERED = new Set<string>(ORDER);
/** Never stored: selfLink is gone upstream. */
const DROPPED = new Set(["selfLink"]);

/** ObjectMeta's collections; `omitempty` drops them when empty. */
const COLLECTIONS = new Set(["labels", "annotations", "ownerReferences", "finalizers"]);

/**
 * Frozen values known to need no cleaning here: owner references without null
 * fields, and non-empty collections. They are shared by every version of an
 * object (and a ReplicaSet's pods share their controllerRef and labels), and
 * metadata is rebuilt on every write, so each is looked at once.
 */
const cleanRefs = new WeakSet<object>();
const nonEmpty = new WeakSet<object>();

/** An OwnerReference without null fields (its pointer fields decode null as nil, omitted). */
function ownerReference(ref: unknown): unknown {
  if (typeof ref !== "object" || ref === null || cleanRefs.has(ref)) return ref;
  const r = ref as Obj;
  let nulls = false;
  for (const k of Object.keys(r)) if (r[k] === null) nulls = true;
  if (!nulls) {
    if (Object.isFrozen(ref)) cleanRefs.add(ref);
    return ref;
  }
  const out: Obj = {};
  for (const k of Object.keys(r)) if (r[k] !== null) out[k] = r[k];
  return Object.freeze(out);
}

/**
 * The value metadata field `k` is stored with, or undefined when it is not
 * stored. ObjectMeta is a typed struct whose fields are all `omitempty`: a null
 * (left by a JSON patch or sent in a body) decodes to the zero value, and an
 * empty map or list is not encoded, so kube-apiserver never shows
 * `labels: {}`, `annotations: {}`, `ownerReferences: []` or `finalizers: []`
 * (e.g. after a strategic merge `$patch: delete` of the last owner reference).
 * Unchanged values are returned as they are (the identity memo.ts relies on).
 */
function metaValue(k: string, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (!COLLECTIONS.has(k)) return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    if (k !== "ownerReferences") return v;
    // Copied only when a reference has null fields to drop (runs on every write).
    let refs: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const r = ownerReference(v[i]);
      if (r !== v[i]) (refs ??= v.slice())[i] = r;
    }
    return refs === undefined ? v : Object.freeze(refs);
  }
  if (typeof v === "object" && !nonEmpty.has(v)) {
    if (Object.keys(v).length === 0) return undefined;
    if (Object.isFrozen(v)) nonEmpty.add(v);
  }
  return v;
}

/** A metadata object with upstream's key order and no undefined, null, empty or dropped fields. */
export function orderedMeta(m: Obj): Obj {
  const out: Obj = {};
  for (const k of ORDER) put(out, k, m[k]);
  for (const k of Object.keys(m)) {
    if (!ORDERED.has(k) && !DROPPED.has(k)) put(out, k, m[k]);
  }
  return out;
}

export interface CreateMetaInput {
  readonly meta: Obj;
  readonly name: string;
  readonly namespace: string;
  readonly creationTimestamp: string;
  readonly resourceVersion: string;
  readonly generation: boolean;
}

/** BeforeCreate's metadata: see the module comment. */
export function createMeta(i: CreateMetaInput): Obj {
  const m: Obj = { ...i.meta, name: i.name, resourceVersion: i.resourceVersion };
  if (i.namespace === "") delete m["namespace"];
  else m["namespace"] = i.namespace;
  m["creationTimestamp"] = i.creationTimestamp;
  delete m["uid"];
  delete m["deletionTimestamp"];
  delete m["deletionGracePeriodSeconds"];
  if (i.generation) m["generation"] = 1;
  return orderedMeta(m);
}

/** Sets `out[k]` to what `metaValue` stores, if anything. */
function put(out: Obj, k: string, v: unknown): void {
  const stored = metaValue(k, v);
  if (stored !== undefined) out[k] = stored;
}

/** The stored value of `k` when it has one, else the request's. */
function storedFirst(old: Obj, next: Obj, k: string): unknown {
  return old[k] !== undefined ? old[k] : next[k];
}

/**
 * BeforeUpdate's metadata: `next` with the system fields of `old`, generation
 * not yet bumped, in upstream's key order. Built in one pass (it runs on every
 * update); equal to `orderedMeta` of `next` with these replacements:
 * resourceVersion the new one; namespace dropped for cluster-scoped kinds;
 * generation, creationTimestamp and deletionTimestamp the stored ones (when
 * set); uid the stored one when `next` has none; deletionGracePeriodSeconds
 * the stored one when `next` has none.
 */
export function updateMeta(next: Obj, old: Obj, namespaced: boolean, resourceVersion: string): Obj {
  const out: Obj = {};
  const uid = next["uid"];
  put(out, "name", next["name"]);
  put(out, "generateName", next["generateName"]);
  if (namespaced) put(out, "namespace", next["namespace"]);
  put(out, "uid", uid === undefined || uid === "" ? old["uid"] : uid);
  put(out, "resourceVersion", resourceVersion);
  put(out, "generation", old["generation"]);
  put(out, "creationTimestamp", storedFirst(old, next, "creationTimestamp"));
  put(out, "deletionTimestamp", storedFirst(old, next, "deletionTimestamp"));
  put(
    out,
    "deletionGracePeriodSeconds",
    next["deletionGracePeriodSeconds"] === undefined
      ? old["deletionGracePeriodSeconds"]
      : next["deletionGracePeriodSeconds"],
  );
  put(out, "labels", next["labels"]);
  put(out, "annotations", next["annotations"]);
  put(out, "ownerReferences", next["ownerReferences"]);
  put(out, "finalizers", next["finalizers"]);
  put(out, "managedFields", next["managedFields"]);
  for (const k of Object.keys(next)) {
    if (!ORDERED.has(k) && !DROPPED.has(k)) put(out, k, next[k]);
  }
  return out;
}

/**
 * BeforeUpdate's metadata for a status write: `updateMeta`, then the metadata
 * fields the kind's status strategy resets from the stored object (`keep`).
 * Everything else (labels, annotations, finalizers, ...) is the request's, as
 * upstream: e.g. deploymentStatusStrategy.PrepareForUpdate resets spec and
 * labels, so a status write that adds an annotation stores it, while
 * podStatusStrategy resets ownerReferences (old kubelets corrupted them).
 */
export function statusUpdateMeta(
  next: Obj,
  old: Obj,
  namespaced: boolean,
  resourceVersion: string,
  keep: readonly string[],
): Obj {
  const m = updateMeta(next, old, namespaced, resourceVersion);
  if (keep.length === 0) return m;
  for (const k of keep) m[k] = old[k];
  return orderedMeta(m);
}

/** The finalizers of an object's metadata. */
export function finalizersOf(meta: Obj | undefined): readonly string[] {
  const f = meta?.["finalizers"];
  return Array.isArray(f) ? (f as string[]) : [];
}
