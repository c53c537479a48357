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
import { isMember, LEAF_NODE, makeNode, type Fields } from "./fieldset.js";
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

/** `f:<name>` elements, interned: the same few names are looked up on every write. */
const fieldElements = new Map<string, string>();
export function fieldElement(name: string): string {
  let e = fieldElements.get(name);
  if (e === undefined) {
    e = `f:${name}`;
    if (fieldElements.size < 100_000) fieldElements.set(name, e);
  }
  return e;
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

/** Path elements of frozen map-list items, per list type (old and new versions share most items). */
const elements = new WeakMap<ListType, WeakMap<object, string>>();

/** The path element of a list item: `k:{...}` for map lists, `v:...` for sets. */
export function itemElement(t: ListType, item: unknown): string {
  if (t.rel === "map" && typeof item === "object" && item !== null && Object.isFrozen(item)) {
    let byItem = elements.get(t);
    if (byItem === undefined) elements.set(t, (byItem = new WeakMap()));
    let pe = byItem.get(item);
    if (pe === undefined) byItem.set(item, (pe = elementOf(t, item)));
    return pe;
  }
  return elementOf(t, item);
}

function elementOf(t: ListType, item: unknown): string {
  if (t.rel === "set") {
    if (isObj(item) || Array.isArray(item))
      throw new SchemaError("", "expected scalar, got a map or a list");
    return `v:${JSON.stringify(item)}`;
  }
  if (!isObj(item))
    throw new SchemaError("", "associative list with keys has an element that is not a map");
  // `k:{"name":"api"}`: the key fields in name order, as JSON.stringify of them would write it.
  let out = "k:{";
  for (let i = 0; i < t.keys.length; i++) {
    const k = t.keys[i]!;
    let v = item[k];
    if (v === undefined || v === null) v = t.keyDefaults[k];
    if (v === undefined)
      throw new SchemaError(
        "",
        `associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`,
      );
    out += `${i === 0 ? "" : ","}${JSON.stringify(k)}:${JSON.stringify(v)}`;
  }
  return `${out}}`;
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
      cv === null ||
      (isObj(cv) && Object.keys(cv).length === 0) ||
      t.t === "map" ||
      ct.t === "leaf";
    children.push([
      `f:${k}`,
      member ? makeNode(true, sub === undefined || sub === LEAF_NODE ? [] : entries(sub)) : sub,
    ]);
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
    return Object.keys(v).length === 0;
  }
  return false;
}

function leafDiff(l: unknown, r: unknown): NodeDiff {
  if (l === undefined) return { added: LEAF_NODE, modified: undefined, removed: undefined };
  if (r === undefined) return { added: undefined, modified: undefined, removed: LEAF_NODE };
  if (deepEqual(l, r)) return NO_DIFF;
  return { added: undefined, modified: LEAF_NODE, removed: undefined };
}

/**
 * Values whose comparison with a frozen right-hand side is remembered: the
 * zero objects a create is compared with (fieldmanager.ts registers them).
 * A ReplicaSet's pods share their template's frozen spec, so each pod
 * create compares the same spec with the same zero value.
 */
const rememberedLeft = new WeakSet<object>();
const memo = new WeakMap<object, Map<SsaType, Map<unknown, NodeDiff>>>();

/** Marks a deep-frozen value (and its sub-objects) as one whose comparisons are remembered. */
export function rememberComparisonsWith(v: unknown): void {
  if (typeof v !== "object" || v === null) return;
  rememberedLeft.add(v);
  for (const c of Object.values(v)) rememberComparisonsWith(c);
}

/**
 * Compares `lhs` (old, or undefined for a create) with `rhs` (new) under
 * `root`; `skipStatus` leaves the top-level status out (a create's, which
 * the strategy sets and nobody owns).
 */
export function compare(
  lhs: unknown,
  rhs: unknown,
  root: StructType,
  skipStatus = false,
): Comparison {
  if (skipStatus) {
    lhs = withoutStatus(lhs);
    rhs = withoutStatus(rhs);
  }
  const d = diffNode(lhs ?? {}, rhs ?? {}, root, 0);
  return {
    added: d.added ?? LEAF_NODE,
    modified: d.modified ?? LEAF_NODE,
    removed: d.removed ?? LEAF_NODE,
  };
}

function withoutStatus(v: unknown): unknown {
  if (!isObj(v) || v["status"] === undefined) return v;
  const { status: _s, ...rest } = v;
  return rest;
}

function diffNode(l: unknown, r: unknown, t: SsaType | undefined, depth: number): NodeDiff {
  if (l === r) return NO_DIFF;
  if (t === undefined || t.t === "leaf") return leafDiff(l, r);
  // Remembered: a frozen right side against a zero value (not the object's
  // own metadata, whose skipped fields depend on the depth).
  if (
    depth >= 1 &&
    typeof l === "object" &&
    l !== null &&
    rememberedLeft.has(l) &&
    typeof r === "object" &&
    r !== null &&
    !(depth === 1 && t.t === "struct" && t.name === OBJECT_META) &&
    Object.isFrozen(r)
  ) {
    let byType = memo.get(r);
    if (byType === undefined) memo.set(r, (byType = new Map()));
    let byLeft = byType.get(t);
    if (byLeft === undefined) byType.set(t, (byLeft = new Map()));
    let d = byLeft.get(l);
    if (d === undefined) byLeft.set(l, (d = diffInner(l, r, t, depth)));
    return d;
  }
  return diffInner(l, r, t, depth);
}

type Children = [string, Fields | undefined][];

function diffInner(l: unknown, r: unknown, t: SsaType, depth: number): NodeDiff {
  if (emptyish(l) && emptyish(r)) return leafDiff(l, r);
  let added: Children | undefined;
  let modified: Children | undefined;
  let removed: Children | undefined;
  let d: NodeDiff;
  let pe: string;
  if (t.t === "list") {
    if (!Array.isArray(l) && l !== undefined && l !== null) return leafDiff(l, r);
    if (!Array.isArray(r) && r !== undefined && r !== null) return leafDiff(l, r);
    const li = indexItems(t, l);
    const ri = indexItems(t, r);
    if (li === undefined || ri === undefined) return leafDiff(l, r);
    for (const [e, lv] of li) {
      d = diffNode(lv, ri.get(e), t.elem, depth + 1);
      if (d === NO_DIFF) continue;
      if (d.added !== undefined) (added ??= []).push([e, d.added]);
      if (d.modified !== undefined) (modified ??= []).push([e, d.modified]);
      if (d.removed !== undefined) (removed ??= []).push([e, d.removed]);
    }
    for (const [e, rv] of ri) {
      if (li.has(e)) continue;
      d = diffNode(undefined, rv, t.elem, depth + 1);
      if (d.added !== undefined) (added ??= []).push([e, d.added]);
    }
  } else if (t.t === "struct" || t.t === "map") {
    if (
      (l !== undefined && l !== null && !isObj(l)) ||
      (r !== undefined && r !== null && !isObj(r))
    )
      return leafDiff(l, r);
    const lo = (l ?? {}) as Obj;
    const ro = (r ?? {}) as Obj;
    const struct = t.t === "struct";
    for (const k of Object.keys(lo)) {
      const lv = lo[k];
      const rv = ro[k];
      if (lv === rv) continue;
      if (struct && skipped(t, k, depth)) continue;
      d = diffNode(lv, rv, childType(t, k), depth + 1);
      if (d === NO_DIFF) continue;
      pe = fieldElement(k);
      if (d.added !== undefined) (added ??= []).push([pe, d.added]);
      if (d.modified !== undefined) (modified ??= []).push([pe, d.modified]);
      if (d.removed !== undefined) (removed ??= []).push([pe, d.removed]);
    }
    for (const k of Object.keys(ro)) {
      if (Object.hasOwn(lo, k)) continue;
      if (struct && skipped(t, k, depth)) continue;
      d = diffNode(undefined, ro[k], childType(t, k), depth + 1);
      if (d.added !== undefined) (added ??= []).push([fieldElement(k), d.added]);
    }
  }
  // postItemHook: a granular node that appears or disappears is itself added or removed.
  const selfAdded = l === undefined;
  const selfRemoved = r === undefined;
  if (
    added === undefined &&
    modified === undefined &&
    removed === undefined &&
    !selfAdded &&
    !selfRemoved
  )
    return NO_DIFF;
  return {
    added: added === undefined && !selfAdded ? undefined : makeNode(selfAdded, added ?? []),
    modified: modified === undefined ? undefined : makeNode(false, modified),
    removed:
      removed === undefined && !selfRemoved ? undefined : makeNode(selfRemoved, removed ?? []),
  };
}

/** What a write changed, as far as its manager's ownership goes. */
export type OwnedChange = "none" | "owned" | "other";

const FAIL = -1;
const SAME = 0;
const OWNED = 1;

/**
 * "owned" when every difference between `l` and `r` is a changed value at a
 * path that `own` holds and none of `others` does (no field appears or
 * goes, no owner changes); "none" when no field differs; else "other".
 * Walks only what differs and allocates almost nothing: the check that lets
 * a controller's or kubelet's routine write skip building field sets.
 */
export function ownedChange(
  l: unknown,
  r: unknown,
  root: StructType,
  own: Fields,
  others: readonly Fields[],
): OwnedChange {
  const v = ownedOnly(l, r, root, 0, own, others, true);
  return v === FAIL ? "other" : v === SAME ? "none" : "owned";
}

function leafOwned(own: Fields | undefined, others: readonly (Fields | undefined)[]): number {
  if (own === undefined || !isMember(own)) return FAIL;
  for (const o of others) if (o !== undefined && isMember(o)) return FAIL;
  return OWNED;
}

const NO_OTHERS: readonly Fields[] = Object.freeze([]);

function descend(
  others: readonly (Fields | undefined)[],
  pe: string,
): readonly (Fields | undefined)[] {
  let out: (Fields | undefined)[] | undefined;
  for (const o of others) {
    const c = o?.[pe];
    if (c !== undefined) (out ??= []).push(c);
  }
  return out ?? NO_OTHERS;
}

function ownedLeaf(
  l: unknown,
  r: unknown,
  own: Fields | undefined,
  others: readonly (Fields | undefined)[],
  root: boolean,
): number {
  if (deepEqual(l, r)) return SAME;
  return root ? FAIL : leafOwned(own, others);
}

function ownedOnly(
  l: unknown,
  r: unknown,
  t: SsaType | undefined,
  depth: number,
  own: Fields | undefined,
  others: readonly (Fields | undefined)[],
  root: boolean,
): number {
  if (l === r) return SAME;
  if (l === undefined || r === undefined) return FAIL;
  if (t === undefined || t.t === "leaf" || (emptyish(l) && emptyish(r)))
    return ownedLeaf(l, r, own, others, root);
  let result = SAME;
  if (t.t === "list") {
    if (!Array.isArray(l) || !Array.isArray(r)) return ownedLeaf(l, r, own, others, root);
    const li = indexItems(t, l);
    const ri = indexItems(t, r);
    if (li === undefined || ri === undefined || li.size !== ri.size) return FAIL;
    for (const [e, lv] of li) {
      const rv = ri.get(e);
      if (rv === undefined) return FAIL;
      if (lv === rv) continue;
      const v = ownedOnly(lv, rv, t.elem, depth + 1, own?.[e], descend(others, e), false);
      if (v === FAIL) return FAIL;
      if (v === OWNED) result = OWNED;
    }
    return result;
  }
  if (!isObj(l) || !isObj(r)) return ownedLeaf(l, r, own, others, root);
  const struct = t.t === "struct";
  for (const k of Object.keys(l)) {
    const lv = l[k];
    const rv = r[k];
    if (lv === rv) continue;
    if (struct && skipped(t, k, depth)) continue;
    if (rv === undefined) return FAIL;
    const pe = fieldElement(k);
    const v = ownedOnly(lv, rv, childType(t, k), depth + 1, own?.[pe], descend(others, pe), false);
    if (v === FAIL) return FAIL;
    if (v === OWNED) result = OWNED;
  }
  for (const k of Object.keys(r)) {
    if (Object.hasOwn(l, k)) continue;
    if (struct && skipped(t, k, depth)) continue;
    return FAIL;
  }
  return result;
}

/** Items of a granular list by path element (repeats ignored); undefined when an item has no element. */
const indexed = new WeakMap<ListType, WeakMap<object, Map<string, unknown> | null>>();
const NO_ITEMS: ReadonlyMap<string, unknown> = new Map();

function indexItems(t: ListType, v: unknown): ReadonlyMap<string, unknown> | undefined {
  if (!Array.isArray(v)) return NO_ITEMS;
  // A frozen list is indexed once: as the new version of one write and the old one of the next.
  if (!Object.isFrozen(v)) return indexList(t, v);
  let byList = indexed.get(t);
  if (byList === undefined) indexed.set(t, (byList = new WeakMap()));
  let m = byList.get(v);
  if (m === undefined) byList.set(v, (m = indexList(t, v) ?? null));
  return m ?? undefined;
}

function indexList(t: ListType, v: readonly unknown[]): Map<string, unknown> | undefined {
  const m = new Map<string, unknown>();
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
  for (let li = 0, ri = 0; li < lOrder.length || ri < rOrder.length;) {
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

// ---- EnsureNamedFieldsAreMembers ----

/**
 * Set.EnsureNamedFieldsAreMembers: every struct field the set reaches into is
 * itself a member (`spec.template.metadata.labels` when `labels.app` is in the
 * set). Prune uses it so that a field someone claims a part of is not
 * removed as a whole.
 */
export function ensureNamedFieldsAreMembers(set: Fields, root: StructType): Fields {
  return ensureNode(set, root, true) ?? set;
}

function ensureNode(n: Fields, t: SsaType | undefined, root: boolean): Fields {
  if (t === undefined || t.t === "leaf") return n;
  const children: [string, Fields][] = [];
  let changed = false;
  for (const e of Object.keys(n)) {
    if (e === ".") continue;
    const c = n[e]!;
    let ct: SsaType | undefined;
    if (t.t === "list") ct = t.elem;
    else ct = e.startsWith("f:") ? childType(t, e.slice(2)) : undefined;
    let next = ensureNode(c, ct, false);
    if (t.t === "struct" && !isMember(next)) next = makeNode(true, entries(next))!;
    if (next !== c) changed = true;
    children.push([e, next]);
  }
  if (!changed) return n;
  return root ? (makeNode(false, children) ?? n) : makeNode(isMember(n), children)!;
}

// ---- RemoveItems ----

/**
 * `v` without the members of `set` (a root), under `root`. A struct field
 * left empty by the removal goes too, unless `claimed` holds the field
 * itself: prune's EnsureNamedFieldsAreMembers (an applier that stops
 * applying `data` loses the whole map, not just its keys).
 */
export function removeItems(v: unknown, set: Fields, root: StructType, claimed?: Fields): unknown {
  return removeNode(v, set, root, claimed);
}

function emptyValue(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return isObj(v) && Object.keys(v).length === 0;
}

function removeNode(
  v: unknown,
  set: Fields,
  t: SsaType | undefined,
  claimed: Fields | undefined,
): unknown {
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
      if (isMember(sub)) continue;
      out.push(removeNode(item, sub, t.elem, claimed?.[pe]));
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
    if (isMember(sub)) {
      delete out[k];
      continue;
    }
    const c = claimed?.[e];
    const next = removeNode(v[k], sub, childType(t, k), c);
    if (
      t.t === "struct" &&
      emptyValue(next) &&
      !emptyValue(v[k]) &&
      !(c !== undefined && isMember(c))
    )
      delete out[k];
    else out[k] = next;
  }
  return out ?? v;
}
