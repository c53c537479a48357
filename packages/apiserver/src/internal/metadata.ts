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

/** BeforeUpdate's metadata: `next` with the system fields of `old`, generation not yet bumped. */
export function updateMeta(next: Obj, old: Obj, namespaced: boolean, resourceVersion: string): Obj {
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

/** The finalizers of an object's metadata. */
export function finalizersOf(meta: Obj | undefined): readonly string[] {
  const f = meta?.["finalizers"];
  return Array.isArray(f) ? (f as string[]) : [];
}
