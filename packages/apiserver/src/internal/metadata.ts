/**
 * System-owned metadata on create and update. Mirrors
 * k8s.io/apiserver/pkg/registry/rest (create.go BeforeCreate and
 * FillObjectMetaSystemFields, update.go BeforeUpdate). Metadata validation
 * (ValidateObjectMeta, ValidateObjectMetaUpdate) is @kubesim/api's.
 *
 * On create: name from generateName when empty; namespace from the request
 * (cleared for cluster-scoped kinds); creationTimestamp from the sim clock;
 * generation 1 for kinds that keep one; deletion fields, selfLink and
 * managedFields dropped. The uid is drawn only once the object has passed
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
] as const;
const ORDERED = new Set<string>(ORDER);
/** Never stored: selfLink is gone upstream, managedFields are not modelled. */
const DROPPED = new Set(["selfLink", "managedFields"]);

/** A metadata object with upstream's key order and no undefined or dropped fields. */
export function orderedMeta(m: Obj): Obj {
  const out: Obj = {};
  for (const k of ORDER) if (m[k] !== undefined && m[k] !== null) out[k] = m[k];
  for (const k of Object.keys(m)) {
    if (!ORDERED.has(k) && !DROPPED.has(k) && m[k] !== undefined) out[k] = m[k];
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

/** Sets `out[k]` unless `v` is undefined or null (orderedMeta drops those). */
function put(out: Obj, k: string, v: unknown): void {
  if (v !== undefined && v !== null) out[k] = v;
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
  for (const k of Object.keys(next)) {
    if (!ORDERED.has(k) && !DROPPED.has(k) && next[k] !== undefined) out[k] = next[k];
  }
  return out;
}

/** The finalizers of an object's metadata. */
export function finalizersOf(meta: Obj | undefined): readonly string[] {
  const f = meta?.["finalizers"];
  return Array.isArray(f) ? (f as string[]) : [];
}
