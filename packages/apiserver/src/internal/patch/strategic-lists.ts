/**
 * The list helpers of strategic merge patch: element typing, partitioning,
 * de-duplication and, above all, the order of a merged list. Mirrors
 * k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (sliceElementType,
 * normalizeElementOrder, normalizeSliceOrder, mergeSortedSlice, index,
 * partition*PresentInList, deduplicateScalars, deleteFromSlice,
 * findMapInSliceBasedOnKeyValue). All functions return new arrays.
 *
 * How a merged list is ordered (design proposal "preserve order in strategic
 * merge patch"): items named by the patch (or by `$setElementOrder`) keep the
 * patch's relative order, items only on the server keep the server's relative
 * order, and the two runs are interleaved by the server's order where both items
 * are on the server. Worked example (upstream's "set elements order in a list
 * with server-only items 2"): server [1, 2, 9, 3, 4], `$setElementOrder`
 * [2, 1, 4, 3] gives patch items [2, 1, 4, 3] and server-only items [9]; 9 is
 * placed before the first patch item that comes after it on the server (4),
 * giving [2, 1, 9, 4, 3].
 */
import { goEqual, goFormat, goSetKey, goTypeOf } from "./go-values.js";
import type { GoType } from "./go-values.js";
import { hasOwn, isJsonObject } from "./json-value.js";
import type { JsonObject } from "./json-value.js";
import { errBadArgType, errNoListOfLists, errNoMergeKey, MAP_TYPE } from "./mergepatch-errors.js";
import { apiserverPanic, patchInternal } from "./patch-errors.js";

/** reflect.Kind of the elements: maps are ordered by their merge key, the rest by value. */
export type ElementKind = "map" | "scalar";

/** The `$patch` directive key. */
export const DIRECTIVE_MARKER = "$patch";

/**
 * sliceElementType: the common element type of the lists. Lists of lists are
 * refused (422), mixed types and all-empty lists are errors (500), and a null
 * first element makes Go call a method on a nil reflect.Type (a panic).
 */
export function sliceElementType(...slices: readonly (readonly unknown[])[]): ElementKind {
  let prev: GoType | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goTypeOf(v);
      if (prev === undefined) {
        if (t === "nil") throw apiserverPanic();
        if (t === "[]interface {}") throw errNoListOfLists();
        prev = t;
      } else if (prev !== t) {
        throw patchInternal(`list element types are not identical: ${goFormat(slices)}`);
      }
    }
  }
  if (prev === undefined) throw patchInternal("no elements in any of the given slices");
  return prev === "map[string]interface {}" ? "map" : "scalar";
}

/** findMapInSliceBasedOnKeyValue: the first map whose `key` equals `value`, and its index. */
export function findMapInSliceBasedOnKeyValue(
  list: readonly unknown[],
  key: string,
  value: unknown,
): { readonly map: JsonObject; readonly index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonObject(v)) throw patchInternal(`value for key ${i} is not a map`);
    if (hasOwn(v, key) && goEqual(v[key], value)) return { map: v, index: i };
  }
  return undefined;
}

/** partitionPrimitivesByPresentInList: [items present in `by`, the others]. */
export function partitionPrimitivesByPresentInList(
  list: readonly unknown[],
  by: readonly unknown[],
): [unknown[], unknown[]] {
  const inPatch = new Set(by.map(goSetKey));
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) (inPatch.has(goSetKey(v)) ? patch : serverOnly).push(v);
  return [patch, serverOnly];
}

/** partitionMapsByPresentInList: [maps whose merge key appears in `by`, the others]. */
export function partitionMapsByPresentInList(
  list: readonly unknown[],
  by: readonly unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw errBadArgType(MAP_TYPE, v);
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(by, mergeKey, v[mergeKey]);
    (found === undefined ? serverOnly : patch).push(v);
  }
  return [patch, serverOnly];
}

/** index: position of `item` in `list`, comparing merge key values (maps) or values; -1 if absent. */
function index(
  list: readonly unknown[],
  item: unknown,
  mergeKey: string,
  kind: ElementKind,
): number {
  const want = compared(item, mergeKey, kind);
  for (let i = 0; i < list.length; i++) {
    if (goEqual(want, compared(list[i], mergeKey, kind))) return i;
  }
  return -1;
}

/** What `index` compares: a map's merge key value (null without one), or the value itself. */
function compared(x: unknown, mergeKey: string, kind: ElementKind): unknown {
  return kind === "map" ? (isJsonObject(x) && hasOwn(x, mergeKey) ? x[mergeKey] : null) : x;
}

function validateMergeKeyInLists(
  mergeKey: string,
  ...lists: readonly (readonly unknown[])[]
): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType(MAP_TYPE, item);
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** extractToDeleteItems: [items to keep, items marked `$patch: delete`]. */
export function extractToDeleteItems(list: readonly unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw errBadArgType(MAP_TYPE, v);
    const isDelete = hasOwn(v, DIRECTIVE_MARKER) && v[DIRECTIVE_MARKER] === "delete";
    (isDelete ? toDelete : keep).push(v);
  }
  return [keep, toDelete];
}

/**
 * normalizeSliceOrder: sorts `toSort` by position in `order`; `$patch: delete`
 * items go last. Go uses sort.SliceStable with a `less` that is true when
 * either item is missing from `order`; every item sorted here is in `order`
 * (patch items by the patch, server-only items by the server list), so the
 * comparison is consistent and this stable insertion sort on precomputed
 * positions gives Go's result.
 */
function normalizeSliceOrder(
  toSort: readonly unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [items, toDelete] = extractToDeleteItems(toSort);
  }
  const keyed = items.map((item) => ({ item, at: index(order, item, mergeKey, kind) }));
  const less = (a: { at: number }, b: { at: number }): boolean =>
    a.at >= 0 && b.at >= 0 ? a.at < b.at : true;
  for (let i = 1; i < keyed.length; i++) {
    for (let j = i; j > 0 && less(keyed[j]!, keyed[j - 1]!); j--) {
      const t = keyed[j]!;
      keyed[j] = keyed[j - 1]!;
      keyed[j - 1] = t;
    }
  }
  return [...keyed.map((k) => k.item), ...toDelete];
}

/**
 * mergeSortedSlice: interleaves `left` (server-only items) into `right` (patch
 * items). A left item goes first only when both items are on the server and it
 * comes first there; otherwise the right item goes first.
 */
function mergeSortedSlice(
  left: readonly unknown[],
  right: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const li = left.map((x) => index(serverOrder, x, mergeKey, kind));
  const ri = right.map((x) => index(serverOrder, x, mergeKey, kind));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const l = li[i] ?? -1;
      const r = ri[j] ?? -1;
      if (l >= 0 && r >= 0 && l < r) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/**
 * normalizeElementOrder: `patch` items in `patchOrder`, `serverOnly` items in
 * `serverOrder`, then the two interleaved by `serverOrder`.
 */
export function normalizeElementOrder(
  patch: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/**
 * deduplicateScalars, with Go's swap-from-the-end removal: a duplicate is
 * overwritten by the last element. The order it leaves is later replaced by
 * normalizeElementOrder, but the kept values are the same.
 */
export function deduplicateScalars(list: readonly unknown[]): unknown[] {
  const s = [...list];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** deleteFromSlice: `current` without the values listed in `toDelete` (all occurrences). */
export function deleteFromSlice(
  current: readonly unknown[],
  toDelete: readonly unknown[],
): unknown[] {
  const gone = new Set(toDelete.map(goSetKey));
  return current.filter((v) => !gone.has(goSetKey(v)));
}
