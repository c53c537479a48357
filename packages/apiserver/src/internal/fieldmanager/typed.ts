/**
 * Field sets of objects, and the object operations of server-side apply.
 * Mirrors sigs.k8s.io/structured-merge-diff/typed: tofieldset.go (ToFieldSet),
 * compare.go and typed.go (Compare), merge.go (Merge, ruleKeepRHS) and
 * remove.go (RemoveItems), on plain JSON values with the types of schema.ts.
 *
 * - ToFieldSet: every leaf and every list item named; a struct or map field
 *   itself only when its value is null or `{}`, or when it is a map key.
 * - Compare: leaves added, removed or modified; a struct, map or granular
 *   list that appears (disappears) is itself added (removed) along with its
 *   contents; a map or list empty on both sides is compared as a leaf.
 * - Merge: the configuration's values win; structs and maps merge field by
 *   field; granular lists merge item by item in the order upstream keeps.
 *
 * Values that are the same object on both sides are equal without a look
 * inside (objects are frozen and share unchanged subtrees), so comparing
 * two versions of an object costs what changed.
 *
 * The object's own identity and system metadata (apiVersion, kind, and
 * metadata name, namespace, uid, resourceVersion, generation,
 * creationTimestamp, selfLink, managedFields) are never part of a set: they
 * are skipped as the stripMetaManager strips them
 * (k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager/internal/stripmeta.go).
 */
import { deepEqual } from "../freeze.js";
import { LEAF_NODE, makeNode, type Fields } from "./fieldset.js";
import { ssaSchema, type ListType, type SsaType, type StructType } from "./schema.js";

type Obj = Record<string, unknown>;

const ROOT_SKIPPED: ReadonlySet<string> = new Set(["apiVersion", "kind"]);
const META_SKIPPED: ReadonlySet<string> = new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "selfLink",
  "managedFields",
  "clusterName",
]);
const OBJECT_META = "meta/v1.ObjectMeta";

/** A schema error, reported with its path as structured-merge-diff words it. */
export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function skipped(owner: StructType, key: string, depth: number): boolean {
  return (
    (depth === 0 && ROOT_SKIPPED.has(key)) ||
    (depth === 1 && owner.name === OBJECT_META && META_SKIPPED.has(key))
  );
}

/** The type of `key` inside a struct or map, or undefined for a field the struct does not declare. */
function childType(t: SsaType, key: string): SsaType | undefined {
  if (t.t === "struct") return ssaSchema.field(t, key);
  if (t.t === "map") return t.elem;
  return undefined;
}

/** The path element of a list item: `k:{...}` for map lists, `v:...` for sets. */
export function itemElement(t: ListType, item: unknown): string {
  if (t.rel === "set") {
    if (isObj(item) || Array.isArray(item))
      throw new SchemaError("", "expected scalar, got a map or a list");
    return `v:${JSON.stringify(item)}`;
  }
  if (!isObj(item)) throw new SchemaError("", "associative list with keys has an element that is not a map");
  const key: Obj = {};
  for (const k of t.keys) {
    let v = item[k];
    if (v === undefined || v === null) v = t.keyDefaults[k];
    if (v === undefined)
      throw new SchemaError(
        "",
        `associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`,
      );
    key[k] = v;
  }
  return `k:${JSON.stringify(key)}`;
}

// ---- ToFieldSet ----

/** The set of a whole object (its root), or throws SchemaError for a field its type does not declare. */
export function toFieldSet(obj: unknown, root: StructType): Fields {
  return setOf(obj, root, 0, "") ?? LEAF_NODE;
}

function setOf(v: unknown, t: SsaType, depth: number, path: string): Fields | undefined {
  if (t.t === "leaf") return LEAF_NODE;
  if (t.t === "list") {
    if (!Array.isArray(v)) return LEAF_NODE;
    const seen = new Set<string>();
    const children: [string, Fields | undefined][] = [];
    for (const item of v) {
      let pe: string;
      try {
        pe = itemElement(t, item);
      } catch (e) {
        if (e instanceof SchemaError) throw new SchemaError(path, e.reason);
        throw e;
      }
      if (seen.has(pe)) throw new SchemaError(path, `duplicate entries for key ${pe.slice(2)}`);
      seen.add(pe);
      const sub = t.elem.t === "leaf" ? undefined : setOf(item, t.elem, depth + 1, path);
      children.push([pe, makeNode(true, sub === undefined ? [] : entries(sub))]);
    }
    return makeNode(false, children);
  }
  if (!isObj(v)) return LEAF_NODE;
  const children: [string, Fields | undefined][] = [];
  for (const k of Object.keys(v)) {
    if (t.t === "struct" && skipped(t, k, depth)) continue;
    const ct = childType(t, k);
    const childPath = `${path}.${k}`;
    if (ct === undefined) throw new SchemaError(childPath, "field not declared in schema");
    const cv = v[k];
    const sub = setOf(cv, ct, depth + 1, childPath);
    const member =
      cv === null || (isObj(cv) && Object.keys(cv).length === 0) || t.t === "map" || ct.t === "leaf";
    children.push([`f:${k}`, member ? makeNode(true, sub === undefined || sub === LEAF_NODE ? [] : entries(sub)) : sub]);
  }
  return depth === 0 ? (makeNode(false, children) ?? LEAF_NODE) : makeNode(false, children);
}

function entries(n: Fields): [string, Fields][] {
  return Object.keys(n)
    .filter((k) => k !== ".")
    .map((k) => [k, n[k]!]);
}

// ---- Compare ----

/** What changed between two versions of an object, as three sets (roots). */
export interface Comparison {
  readonly added: Fields;
  readonly modified: Fields;
  readonly removed: Fields;
}

interface NodeDiff {
  added: Fields | undefined;
  modified: Fields | undefined;
  removed: Fields | undefined;
}

const NO_DIFF: NodeDiff = Object.freeze({
  added: undefined,
  modified: undefined,
  removed: undefined,
}) as NodeDiff;

function emptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

function leafDiff(l: unknown, r: unknown): NodeDiff {
  if (l === undefined) return { added: LEAF_NODE, modified: undefined, removed: undefined };
  if (r === undefined) return { added: undefined, modified: undefined, removed: LEAF_NODE };
  if (deepEqual(l, r)) return NO_DIFF;
  return { added: undefined, modified: LEAF_NODE, removed: undefined };
}

/** Compares `lhs` (old, or undefined for a create) with `rhs` (new) under `root`. */
export function compare(lhs: unknown, rhs: unknown, root: StructType): Comparison {
  const d = diffNode(lhs ?? {}, rhs ?? {}, root, 0);
  return {
    added: stripRootMember(d.added),
    modified: stripRootMember(d.modified),
    removed: stripRootMember(d.removed),
  };
}

function stripRootMember(n: Fields | undefined): Fields {
  if (n === undefined) return LEAF_NODE;
  return makeNode(false, entries(n)) ?? LEAF_NODE;
}

function diffNode(l: unknown, r: unknown, t: SsaType | undefined, depth: number): NodeDiff {
  if (l === r) return NO_DIFF;
  if (t === undefined || t.t === "leaf") return leafDiff(l, r);
  if (emptyish(l) && emptyish(r)) return leafDiff(l, r);
  const added: [string, Fields | undefined][] = [];
  const modified: [string, Fields | undefined][] = [];
  const removed: [string, Fields | undefined][] = [];
  const put = (pe: string, d: NodeDiff): void => {
    if (d.added !== undefined) added.push([pe, d.added]);
    if (d.modified !== undefined) modified.push([pe, d.modified]);
    if (d.removed !== undefined) removed.push([pe, d.removed]);
  };
  if (t.t === "list") {
    if (!Array.isArray(l) && l !== undefined && l !== null) return leafDiff(l, r);
    if (!Array.isArray(r) && r !== undefined && r !== null) return leafDiff(l, r);
    const li = indexItems(t, l);
    const ri = indexItems(t, r);
    if (li === undefined || ri === undefined) return leafDiff(l, r);
    for (const [pe, lv] of li) put(pe, diffNode(lv, ri.get(pe), t.elem, depth + 1));
    for (const [pe, rv] of ri) if (!li.has(pe)) put(pe, diffNode(undefined, rv, t.elem, depth + 1));
  } else {
    if ((l !== undefined && l !== null && !isObj(l)) || (r !== undefined && r !== null && !isObj(r)))
      return leafDiff(l, r);
    const lo = (l ?? {}) as Obj;
    const ro = (r ?? {}) as Obj;
    for (const k of Object.keys(lo)) {
      if (t.t === "struct" && skipped(t, k, depth)) continue;
      const lv = lo[k];
      const rv = ro[k];
      if (lv === rv) continue;
      put(`f:${k}`, diffNode(lv, rv, childType(t, k), depth + 1));
    }
    for (const k of Object.keys(ro)) {
      if (Object.hasOwn(lo, k)) continue;
      if (t.t === "struct" && skipped(t, k, depth)) continue;
      put(`f:${k}`, diffNode(undefined, ro[k], childType(t, k), depth + 1));
    }
  }
  // postItemHook: a granular node that appears or disappears is itself added or removed.
  return {
    added: makeNode(l === undefined, added),
    modified: makeNode(false, modified),
    removed: makeNode(r === undefined, removed),
  };
}

/** Items of a granular list by path element (repeats ignored); undefined when an item has no element. */
function indexItems(t: ListType, v: unknown): Map<string, unknown> | undefined {
  const m = new Map<string, unknown>();
  if (!Array.isArray(v)) return m;
  for (const item of v) {
    let pe: string;
    try {
      pe = itemElement(t, item);
    } catch {
      return undefined;
    }
    if (!m.has(pe)) m.set(pe, item);
  }
  return m;
}

// ---- Merge ----

/** `lhs` with `rhs` merged over it (the applied configuration wins), under `root`. */
export function merge(lhs: unknown, rhs: unknown, root: StructType): unknown {
  return mergeNode(lhs, rhs, root);
}

function mergeNode(l: unknown, r: unknown, t: SsaType | undefined): unknown {
  if (r === undefined) return l;
  if (l === undefined || l === null || r === null) return r;
  if (t === undefined || t.t === "leaf") return r;
  if (t.t === "list") {
    if (!Array.isArray(l) || !Array.isArray(r)) return r;
    return mergeList(t, l, r);
  }
  if (!isObj(l) || !isObj(r)) return r;
  const out: Obj = { ...l };
  for (const k of Object.keys(r)) out[k] = mergeNode(l[k], r[k], childType(t, k));
  return out;
}

/** visitListItems' order: shared items in the configuration's order, the others where they were. */
function mergeList(t: ListType, lhs: readonly unknown[], rhs: readonly unknown[]): unknown[] {
  const lIdx = indexItems(t, lhs);
  const rIdx = indexItems(t, rhs);
  if (lIdx === undefined || rIdx === undefined) return [...rhs];
  const lOrder = [...lIdx.keys()];
  const rOrder = [...rIdx.keys()];
  const shared = rOrder.filter((pe) => lIdx.has(pe));
  let s = 0;
  let nextShared = shared[s];
  const out: unknown[] = [];
  const take = (pe: string): void => {
    out.push(mergeNode(lIdx.get(pe), rIdx.get(pe), t.elem));
  };
  for (let li = 0, ri = 0; li < lOrder.length || ri < rOrder.length; ) {
    if (li < lOrder.length && ri < rOrder.length) {
      const pe = lOrder[li]!;
      if (pe === rOrder[ri]) {
        take(pe);
        li++;
        ri++;
        nextShared = shared[++s];
        continue;
      }
      if (rIdx.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < lOrder.length) {
      const pe = lOrder[li]!;
      if (!rIdx.has(pe)) {
        out.push(lIdx.get(pe));
        li++;
        continue;
      }
    }
    if (ri < rOrder.length) {
      const pe = rOrder[ri]!;
      take(pe);
      ri++;
      if (nextShared === pe) nextShared = shared[++s];
    }
  }
  return out;
}

// ---- RemoveItems ----

/** `v` without the members of `set` (a root), under `root`. */
export function removeItems(v: unknown, set: Fields, root: StructType): unknown {
  return removeNode(v, set, root);
}

function removeNode(v: unknown, set: Fields, t: SsaType | undefined): unknown {
  if (t === undefined || t.t === "leaf") return v;
  if (t.t === "list") {
    if (!Array.isArray(v)) return v;
    const out: unknown[] = [];
    let changed = false;
    for (const item of v) {
      let pe: string;
      try {
        pe = itemElement(t, item);
      } catch {
        out.push(item);
        continue;
      }
      const sub = set[pe];
      if (sub === undefined) {
        out.push(item);
        continue;
      }
      changed = true;
      if (sub["."] !== undefined || Object.keys(sub).length === 0) continue;
      out.push(removeNode(item, sub, t.elem));
    }
    return changed ? out : v;
  }
  if (!isObj(v)) return v;
  let out: Obj | undefined;
  for (const e of Object.keys(set)) {
    if (!e.startsWith("f:")) continue;
    const k = e.slice(2);
    if (!Object.hasOwn(v, k)) continue;
    const sub = set[e]!;
    out ??= { ...v };
    if (sub["."] !== undefined || Object.keys(sub).length === 0) delete out[k];
    else out[k] = removeNode(v[k], sub, childType(t, k));
  }
  return out ?? v;
}
