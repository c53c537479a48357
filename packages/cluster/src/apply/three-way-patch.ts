/**
 * The three-way strategic merge patch of client-side apply:
 * strategicpatch.CreateThreeWayMergePatch (k8s.io/apimachinery/pkg/util/
 * strategicpatch/patch.go). The patch is the difference from the live object
 * to the new configuration without deletions (diffMaps with
 * IgnoreDeletions), plus the deletions from the last-applied configuration to
 * the new one (IgnoreChangesAndAdditions), merged as two patches (mergeMap
 * without MergeParallelList). Fields the user never wrote are left alone;
 * fields they removed are deleted: `null` for a map key, `{"$patch":"delete",
 * <key>: v}` for an item of a merging list, `$deleteFromPrimitiveList/<list>`
 * for a scalar of a merging list; `$setElementOrder/<list>` keeps the user's
 * order and `$retainKeys` clears the other members of a retainKeys struct.
 *
 * Go iterates maps in random order and json.Marshal sorts keys; here keys are
 * walked in their JSON order and the result serialised with sorted keys
 * (go-json.ts), which gives the same bytes.
 *
 * Inputs are never mutated (live objects are frozen).
 */
import { PatchSchema, splitStrategies } from "./patch-meta.js";

type Json = Record<string, unknown>;

const DIRECTIVE = "$patch";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER = "$setElementOrder";
const RETAIN_KEYS = "$retainKeys";

interface DiffOptions {
  readonly setElementOrder: boolean;
  readonly ignoreChangesAndAdditions: boolean;
  readonly ignoreDeletions: boolean;
  readonly buildRetainKeysDirective: boolean;
}

/** A failure computing the patch, worded as the strategicpatch package words it. */
export class PatchComputeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchComputeError";
  }
}

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** reflect.TypeOf for decoded JSON, enough to tell maps, slices and scalars of each kind apart. */
function typeOf(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return "slice";
  return typeof v;
}

/** reflect.DeepEqual on JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** fmt's %v of a decoded JSON value (map keys sorted, as fmt prints maps). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(" ")}]`;
  }
  return String(v);
}

function errNoMergeKey(m: unknown, key: string): PatchComputeError {
  return new PatchComputeError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

// ---- sorting and ordering helpers (patch.go) ----

/** sort.SliceStable with a less function (an insertion sort, as Go's for short slices). */
function stableSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const a = [...items];
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && less(a[j]!, a[j - 1]!); j--) {
      const t = a[j]!;
      a[j] = a[j - 1]!;
      a[j - 1] = t;
    }
  }
  return a;
}

/** sortScalars: by the %v text of each value. */
function sortScalars(s: readonly unknown[]): unknown[] {
  return stableSort([...s], (x, y) => goFormat(x) < goFormat(y));
}

/** sortMapsBasedOnField: by the %v text of the merge key. */
function sortMapsBasedOnField(s: readonly unknown[], key: string): unknown[] {
  return stableSort([...s], (x, y) => goFormat((x as Json)[key]) < goFormat((y as Json)[key]));
}

/** deduplicateScalars, with Go's swap-the-last-in algorithm (its order is part of the result). */
function deduplicateScalars(input: readonly unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** The element kind of one or more slices: "map", "slice" (an error upstream), or "scalar". */
function elementKind(...slices: (readonly unknown[])[]): "map" | "slice" | "scalar" | "none" {
  for (const s of slices) {
    for (const v of s) {
      if (Array.isArray(v)) return "slice";
      return isMap(v) ? "map" : "scalar";
    }
  }
  return "none";
}

function keyOf(item: unknown, mergeKey: string, kind: string): unknown {
  if (kind === "map") return isMap(item) ? item[mergeKey] : undefined;
  return item;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string, kind: string): number {
  const want = keyOf(item, mergeKey, kind);
  return list.findIndex((v) => keyOf(v, mergeKey, kind) === want);
}

function validateMergeKeyInLists(mergeKey: string, ...lists: (readonly unknown[])[]): void {
  for (const list of lists)
    for (const item of list) {
      if (!isMap(item))
        throw new PatchComputeError(
          `expected a map[string]interface {}, but received a ${typeOf(item)}`,
        );
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    }
}

function isDeleteItem(v: unknown): boolean {
  return isMap(v) && v[DIRECTIVE] === "delete";
}

/** normalizeSliceOrder: `toSort` in the order of `order`; delete directives last. */
function normalizeSliceOrder(
  toSort: readonly unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, toSort, order);
    toDelete = items.filter(isDeleteItem);
    items = items.filter((v) => !isDeleteItem(v));
  }
  const sorted = stableSort(items, (a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

/** mergeSortedSlice: interleave server-only items (left) into patch items (right) by server order. */
function mergeSortedSlice(
  left: readonly unknown[],
  right: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function normalizeElementOrder(
  patch: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function partition(
  merged: readonly unknown[],
  by: readonly unknown[],
  mergeKey: string,
): { inList: unknown[]; serverOnly: unknown[] } {
  const inList: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) {
    let found: boolean;
    if (mergeKey === "") found = by.includes(v);
    else {
      if (!isMap(v)) throw new PatchComputeError(`expected a map, got ${goFormat(v)}`);
      if (!(mergeKey in v)) throw errNoMergeKey(v, mergeKey);
      found = by.some((x) => isMap(x) && x[mergeKey] === v[mergeKey]);
    }
    (found ? inList : serverOnly).push(v);
  }
  return { inList, serverOnly };
}

// ---- diff (patch.go diffMaps and friends) ----

function diffMaps(original: Json, modified: Json, schema: PatchSchema, opts: DiffOptions): Json {
  const patch: Json = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!Object.prototype.hasOwnProperty.call(original, key)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE) {
      if (typeof originalValue !== "string" || typeof modifiedValue !== "string")
        throw new PatchComputeError(`invalid value for special key: ${DIRECTIVE}`);
      if (originalValue !== modifiedValue) patch[DIRECTIVE] = modifiedValue;
      continue;
    }
    if (typeOf(originalValue) !== typeOf(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue)) {
      handleMapDiff(key, originalValue, modifiedValue as Json, patch, schema, opts);
    } else if (Array.isArray(originalValue)) {
      handleSliceDiff(key, originalValue, modifiedValue as unknown[], patch, schema, opts);
    } else if (!opts.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) {
      patch[key] = modifiedValue;
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  const hasAdditionalNewField = Object.entries(original).some(
    ([k, v]) => v !== null && !(k in modified),
  );
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField))
    patch[RETAIN_KEYS] = sortScalars(retainKeys);
  return patch;
}

function handleMapDiff(
  key: string,
  original: Json,
  modified: Json,
  patch: Json,
  schema: PatchSchema,
  opts: DiffOptions,
): void {
  const { schema: sub, meta } = schema.lookup(key);
  const { retainKeys, strategy } = splitStrategies(meta);
  if (strategy === "replace") {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const value = diffMaps(original, modified, sub, {
    ...opts,
    buildRetainKeysDirective: retainKeys,
  });
  if (Object.keys(value).length > 0) patch[key] = value;
}

function handleSliceDiff(
  key: string,
  original: readonly unknown[],
  modified: readonly unknown[],
  patch: Json,
  schema: PatchSchema,
  opts: DiffOptions,
): void {
  const { schema: sub, meta } = schema.lookup(key);
  const { retainKeys, strategy } = splitStrategies(meta);
  if (strategy !== "merge") {
    if (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)) patch[key] = modified;
    return;
  }
  const { add, del, order } = diffLists(original, modified, sub, meta.mergeKey, {
    ...opts,
    buildRetainKeysDirective: retainKeys,
  });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

function diffLists(
  original: readonly unknown[],
  modified: readonly unknown[],
  schema: PatchSchema,
  mergeKey: string,
  opts: DiffOptions,
): { add: unknown[]; del: unknown[]; order: unknown[] } {
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions)
      return { add: [], del: [], order: [] };
    return { add: [...modified], del: [], order: [] };
  }
  const kind = elementKind(original, modified);
  if (kind === "slice") throw new PatchComputeError("lists of lists are not supported");
  if (kind === "map") {
    const { patch: changed, deletions } = diffListsOfMaps(
      original,
      modified,
      schema,
      mergeKey,
      opts,
    );
    let add = normalizeSliceOrder(changed, modified, mergeKey, kind);
    const orderSame =
      original.length === modified.length &&
      modified.every((m, i) => (original[i] as Json)[mergeKey] === (m as Json)[mergeKey]);
    add = [...add, ...deletions];
    let order: unknown[] = [];
    if (
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (add.length > 0 || !orderSame)) ||
        (!opts.ignoreDeletions && add.length > 0))
    ) {
      order = modified.map((v) => ({ [mergeKey]: (v as Json)[mergeKey] }));
    }
    return { add, del: [], order };
  }
  const { add: added, del } = diffListsOfScalars(original, modified, opts);
  const add = normalizeSliceOrder(added, modified, mergeKey, "scalar");
  let order: unknown[] = [];
  if (
    opts.setElementOrder &&
    ((!opts.ignoreDeletions && del.length > 0) ||
      (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))
  )
    order = [...modified];
  return { add, del, order };
}

function diffListsOfScalars(
  original: readonly unknown[],
  modified: readonly unknown[],
  opts: DiffOptions,
): { add: unknown[]; del: unknown[] } {
  const o = sortScalars(original);
  const m = sortScalars(modified);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const os = i < o.length ? goFormat(o[i]) : undefined;
    const ms = j < m.length ? goFormat(m[j]) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) add.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(o[i]);
      i++;
    }
  }
  return { add, del: deduplicateScalars(del) };
}

function diffListsOfMaps(
  original: readonly unknown[],
  modified: readonly unknown[],
  schema: PatchSchema,
  mergeKey: string,
  opts: DiffOptions,
): { patch: unknown[]; deletions: unknown[] } {
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  for (const v of [...original, ...modified]) {
    if (!isMap(v)) throw new PatchComputeError(`expected a map, got ${goFormat(v)}`);
    if (!(mergeKey in v)) throw errNoMergeKey(v, mergeKey);
  }
  const o = sortMapsBasedOnField(original, mergeKey) as Json[];
  const m = sortMapsBasedOnField(modified, mergeKey) as Json[];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const os = i < o.length ? goFormat(o[i]![mergeKey]) : undefined;
    const ms = j < m.length ? goFormat(m[j]![mergeKey]) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      const value = diffMaps(o[i]!, m[j]!, schema, opts);
      if (Object.keys(value).length > 0) {
        value[mergeKey] = m[j]![mergeKey];
        patch.push(value);
      }
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions)
        deletions.push({ [mergeKey]: o[i]![mergeKey], [DIRECTIVE]: "delete" });
      i++;
    }
  }
  return { patch, deletions };
}

// ---- merging the two patches (mergeMap with MergeParallelList=false, IgnoreUnmatchedNulls=false) ----

function mergeMap(original: Json | undefined, patchIn: Json, schema: PatchSchema): Json {
  if (DIRECTIVE in patchIn) {
    const d = patchIn[DIRECTIVE];
    if (d === "replace") {
      const rest = { ...patchIn };
      delete rest[DIRECTIVE];
      return rest;
    }
    if (d === "delete") return {};
    throw new PatchComputeError(`Unknown patch type: ${goFormat(d)} in map: ${goFormat(patchIn)}`);
  }
  const out: Json = { ...(original ?? {}) };
  const patch: Json = { ...patchIn };
  if (RETAIN_KEYS in patch) {
    const keys = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (RETAIN_KEYS in out) {
      if (!deepEqual(out[RETAIN_KEYS], keys))
        throw new PatchComputeError(
          `${goFormat(out[RETAIN_KEYS])} and ${goFormat(keys)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
    } else out[RETAIN_KEYS] = keys;
  }
  mergePatchIntoOriginal(out, patch, schema);
  for (const [k, patchV] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      out[k] = patchV;
      continue;
    }
    if (patchV === null || !(k in out) || typeOf(out[k]) !== typeOf(patchV)) {
      out[k] = patchV;
      continue;
    }
    const { schema: sub, meta } = schema.lookup(k);
    const { strategy } = splitStrategies(meta);
    const cur = out[k];
    if (isMap(cur)) out[k] = strategy !== "replace" ? mergeMap(cur, patchV as Json, sub) : patchV;
    else if (Array.isArray(cur))
      out[k] =
        strategy === "merge" ? mergeSlice(cur, patchV as unknown[], sub, meta.mergeKey) : patchV;
    else out[k] = patchV;
  }
  return out;
}

function mergePatchIntoOriginal(original: Json, patch: Json, schema: PatchSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    if (key in original) {
      if (!deepEqual(original[key], order))
        throw new PatchComputeError("invalid patch format of setElementOrder list");
    } else original[key] = order;
    delete patch[key];
    if (!Array.isArray(order))
      throw new PatchComputeError("invalid patch format of setElementOrder list");
    const slash = key.indexOf("/");
    if (slash < 0) throw new PatchComputeError("invalid patch format of setElementOrder list");
    const listKey = key.slice(slash + 1);
    const foundOriginal = listKey in original;
    const foundPatch = listKey in patch;
    const originalList = (foundOriginal ? original[listKey] : []) as unknown[];
    const patchList = (foundPatch ? patch[listKey] : []) as unknown[];
    const { schema: sub, meta } = schema.lookup(listKey);
    const { strategy } = splitStrategies(meta);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = patchList;
    else if (foundOriginal && foundPatch)
      merged =
        strategy === "merge" ? mergeSlice(originalList, patchList, sub, meta.mergeKey) : patchList;
    else continue;
    const { inList, serverOnly } = partition(merged, order, meta.mergeKey);
    const kind = elementKind(originalList, patchList);
    original[listKey] = normalizeElementOrder(
      inList,
      serverOnly,
      order,
      originalList,
      meta.mergeKey,
      kind,
    );
    delete patch[listKey];
  }
}

function mergeSlice(
  originalIn: readonly unknown[],
  patchIn: readonly unknown[],
  schema: PatchSchema,
  mergeKey: string,
): unknown[] {
  if (originalIn.length === 0 && patchIn.length === 0) return [...originalIn];
  const kind = elementKind(originalIn, patchIn);
  if (kind === "slice") throw new PatchComputeError("lists of lists are not supported");
  let original = [...originalIn];
  let patch = [...patchIn];
  let merged: unknown[];
  if (kind !== "map") {
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === "")
      throw new PatchComputeError("cannot merge lists without merge key for type map");
    // mergeSliceWithSpecialElements
    const plain: unknown[] = [];
    let replace = false;
    for (const v of patch) {
      const m = v as Json;
      if (!(DIRECTIVE in m)) {
        plain.push(v);
        continue;
      }
      const d = m[DIRECTIVE];
      if (d === "delete") {
        if (!(mergeKey in m)) throw errNoMergeKey(m, mergeKey);
        original = original.filter((o) => !(isMap(o) && o[mergeKey] === m[mergeKey]));
      } else if (d === "replace") replace = true;
      else if (d === "merge")
        throw new PatchComputeError("merging lists cannot yet be specified in the patch");
      else throw new PatchComputeError(`Unknown patch type: ${goFormat(d)} in map: ${goFormat(m)}`);
    }
    if (replace) {
      original = plain;
      patch = [];
    } else patch = plain;
    // mergeSliceWithoutSpecialElements
    merged = [...original];
    for (const v of patch) {
      const m = v as Json;
      if (!(mergeKey in m)) throw errNoMergeKey(m, mergeKey);
      const at = merged.findIndex((o) => isMap(o) && o[mergeKey] === m[mergeKey]);
      if (at >= 0) merged[at] = mergeMap(merged[at] as Json, m, schema);
      else merged.push(v);
    }
  }
  const { inList, serverOnly } = partition(merged, patch, kind === "map" ? mergeKey : "");
  return normalizeElementOrder(
    inList,
    serverOnly,
    patch,
    original,
    kind === "map" ? mergeKey : "",
    kind,
  );
}

/**
 * CreateThreeWayMergePatch(original, modified, current) with kubectl's
 * overwrite=true: the patch that takes `current` (the live object) to
 * `modified` (the new configuration), deleting what `original` (the last
 * applied configuration, or nothing) had and `modified` dropped.
 */
export function createThreeWayMergePatch(
  original: Json | undefined,
  modified: Json,
  current: Json,
  kind: { readonly group: string; readonly kind: string },
): Json {
  const schema = PatchSchema.forKind(kind);
  const delta = diffMaps(current, modified, schema, {
    ignoreDeletions: true,
    setElementOrder: true,
    ignoreChangesAndAdditions: false,
    buildRetainKeysDirective: false,
  });
  const deletions = diffMaps(original ?? {}, modified, schema, {
    ignoreDeletions: false,
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
    buildRetainKeysDirective: false,
  });
  return mergeMap(deletions, delta, schema);
}

/**
 * CreateTwoWayMergePatch(original, modified): the strategic merge patch that
 * takes `original` to `modified` (what `kubectl set image`, `set env`,
 * `cordon` and `rollout` send).
 */
export function createTwoWayMergePatch(
  original: Json,
  modified: Json,
  kind: { readonly group: string; readonly kind: string },
): Json {
  return diffMaps(original, modified, PatchSchema.forKind(kind), {
    ignoreDeletions: false,
    setElementOrder: true,
    ignoreChangesAndAdditions: false,
    buildRetainKeysDirective: false,
  });
}
