/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) as
 * kube-apiserver applies it: StrategicMergeMapPatch from
 * k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (mergeMap with
 * MergeParallelList and IgnoreUnmatchedNulls, as on the server), called by
 * strategicPatchObject / applyPatchToObject in
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go. Merge metadata comes from
 * patch-meta.ts.
 *
 * Guarantees: inputs are never mutated (they may be deeply frozen); the result
 * shares untouched subtrees of both inputs and must be treated as immutable.
 *
 * Semantics, with upstream's worked examples:
 * - like JSON merge patch, `null` deletes a key and maps merge recursively;
 * - a list whose field is tagged `patchStrategy:"merge"` merges: maps by their
 *   merge key (`containers` by `name`), scalars as a set (`finalizers`);
 *   other lists are replaced (`tolerations`);
 * - merged lists keep the patch's order for the items it names and the
 *   server's order for the others (strategic-lists.ts); an item new to the
 *   server goes before the server-only items: containers [ctr] patched with
 *   [ctr-2] become [ctr-2, ctr] (kubectl patch task page);
 * - directives: `$patch: replace` (a map or a list is replaced by the rest of
 *   the patch), `$patch: delete` (a map becomes `{}`; a list item is removed by
 *   its merge key), `$deleteFromPrimitiveList/<list>` (remove scalars),
 *   `$setElementOrder/<list>` (the final order of a list), `$retainKeys`
 *   (drop the keys of the map not listed). `$patch: merge` is refused, as upstream.
 *
 * Upstream quirks kept on purpose (they are what kube-apiserver answers):
 * - a `$patch: delete` map merged into a missing key leaves the key out, into
 *   an existing map leaves `{}`;
 * - lists and maps that replace (no merge strategy, `$patch: replace`, items
 *   appended to a merging list) are taken as sent, nulls included; only values
 *   that land on a missing key, or on a value of another type, are cleaned of
 *   nulls and directives. kube-apiserver then decodes the map into the typed
 *   object, which drops those nulls; kubesim's store keeps plain JSON, so a
 *   caller that wants the typed round trip should drop them.
 * - Go iterates maps in random order; here patch keys are processed in their
 *   JSON order (this matters only when one patch both merges and deletes the
 *   same scalar of a list).
 *
 * Errors: see mergepatch-errors.ts (400 for malformed directives, 422 for lists
 * of lists, 500 for the rest, with upstream's messages).
 */
import { badRequest } from "@kubesim/api";
import type { ApiError } from "@kubesim/api";
import { goEqual, goFormat, goSetKey, goTypeOf } from "./go-values.js";
import { hasOwn, isJsonObject, jsonKindName, objectFrom, toMap } from "./json-value.js";
import type { JsonObject } from "./json-value.js";
import {
  errBadArgType,
  errBadJSONDoc,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  errUnsupportedStrategicMergePatchFormat,
  MAP_TYPE,
  SLICE_TYPE,
} from "./mergepatch-errors.js";
import { patchSchemaForKind } from "./patch-meta.js";
import type { PatchSchema } from "./patch-meta.js";
import { patchInternal } from "./patch-errors.js";
import {
  deduplicateScalars,
  deleteFromSlice,
  DIRECTIVE_MARKER,
  findMapInSliceBasedOnKeyValue,
  normalizeElementOrder,
  partitionMapsByPresentInList,
  partitionPrimitivesByPresentInList,
  sliceElementType,
} from "./strategic-lists.js";

const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER = "$setElementOrder";
const RETAIN_KEYS = "$retainKeys";

/**
 * Applies a strategic merge patch to `original`, with the merge metadata of `kind`.
 *
 * Example (the kubectl patch task page): a Deployment whose pod template has
 * the container `patch-demo-ctr`, patched with
 * `{ spec: { template: { spec: { containers: [{ name: "patch-demo-ctr-2", image: "redis" }] } } } }`,
 * has both containers, the new one first.
 *
 * A kind without merge metadata (custom resources) is refused with 400
 * `strategic merge patch format is not supported`.
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  kind: { readonly group: string; readonly kind: string },
): unknown {
  const schema = patchSchemaForKind(kind);
  if (schema === undefined) throw errUnsupportedStrategicMergePatchFormat();
  return strategicMergePatchWithSchema(original, patch, schema);
}

/**
 * StrategicMergeMapPatchUsingLookupPatchMeta: the same with an explicit schema
 * (upstream's tests use a recursive test struct).
 */
export function strategicMergePatchWithSchema(
  original: unknown,
  patch: unknown,
  schema: PatchSchema,
): unknown {
  // The handler decodes the body into map[string]interface{}: JSON null leaves
  // the map empty (a no-op patch); any other non-object is a decode error.
  if (patch !== null && !isJsonObject(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  if (!isJsonObject(original)) throw errBadJSONDoc();
  return mergeMap(original, patch ?? {}, schema);
}

// ---- directives that clean a value: removeDirectives, discardNullValuesFromPatch ----

/** removeDirectives: drops maps holding `$patch` (and list items that are such maps). */
function removeDirectives(v: unknown): { readonly value: unknown; readonly keep: boolean } {
  if (isJsonObject(v)) {
    if (hasOwn(v, DIRECTIVE_MARKER)) return { value: null, keep: false };
    const entries: [string, unknown][] = [];
    for (const [k, x] of Object.entries(v)) {
      const r = removeDirectives(x);
      if (r.keep) entries.push([k, r.value]);
    }
    return { value: objectFrom(entries), keep: true };
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v as readonly unknown[]) {
      const r = removeDirectives(x);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  return { value: v, keep: true };
}

/** discardNullValuesFromPatch: drops null members of maps, at any depth (list items stay). */
function discardNulls(v: unknown): unknown {
  if (isJsonObject(v)) {
    return objectFrom(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, discardNulls(x)] as const),
    );
  }
  if (Array.isArray(v)) return (v as readonly unknown[]).map(discardNulls);
  return v;
}

/**
 * True when discardNulls or removeDirectives would change `v`: a map with a
 * null member or a `$patch` key, at any depth. Patches rarely have either, and
 * then the value is taken as it is instead of rebuilt.
 */
function needsCleaning(v: unknown): boolean {
  if (Array.isArray(v)) {
    for (const x of v as readonly unknown[]) if (needsCleaning(x)) return true;
    return false;
  }
  if (!isJsonObject(v)) return false;
  if (hasOwn(v, DIRECTIVE_MARKER)) return true;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const x = v[keys[i]!];
    if (x === null || needsCleaning(x)) return true;
  }
  return false;
}

/** Sets `out[k]` to the patch value cleaned of nulls and directives, or removes `k`. */
function takePatchValue(out: Map<string, unknown>, k: string, patchV: unknown): void {
  if (!needsCleaning(patchV)) {
    out.set(k, patchV); // nothing to clean: the value as sent (results share the inputs' subtrees)
    return;
  }
  const r = removeDirectives(discardNulls(patchV));
  if (r.keep) out.set(k, r.value);
  else out.delete(k);
}

// ---- strategies ----

/** extractRetainKeysPatchStrategy: the strategy other than retainKeys ("" for none). */
function patchStrategyOf(strategies: readonly string[]): string {
  if (strategies.length === 0) return "";
  if (strategies.length === 1) return strategies[0] === "retainKeys" ? "" : (strategies[0] ?? "");
  if (strategies.length === 2) {
    if (strategies[0] === "retainKeys") return strategies[1] ?? "";
    if (strategies[1] === "retainKeys") return strategies[0] ?? "";
  }
  throw patchInternal(`unexpected patch strategy: ${goFormat(strategies)}`);
}

/** extractKey: `$setElementOrder/containers` -> `containers`. */
function extractKey(key: string, prefix: string, error: () => ApiError): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) throw error();
  return key.slice(slash + 1);
}

// ---- maps ----

/** handleDirectiveInMergeMap: `$patch: replace` keeps the rest of the patch, `delete` gives {}. */
function handleDirectiveInMergeMap(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === "replace") {
    return objectFrom(Object.entries(patch).filter(([k]) => k !== DIRECTIVE_MARKER));
  }
  if (directive === "delete") return {};
  throw errBadPatchType(directive, patch);
}

/**
 * mergeMap: merges `patch` into `original`. `out` and `p` are working copies
 * standing for Go's in-place edits of both maps.
 */
function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject {
  if (hasOwn(patch, DIRECTIVE_MARKER))
    return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const out = toMap(original);
  const p = toMap(patch);
  applyRetainKeysDirective(out, p);
  mergePatchIntoOriginal(out, p, schema);

  for (const [key, patchV] of p) {
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      isDeleteList = true;
      const listKey = extractKey(
        key,
        DELETE_FROM_PRIMITIVE_LIST,
        errBadPatchFormatForPrimitiveList,
      );
      if (listKey !== "") k = listKey;
    }
    // null deletes the key; nulls for keys the original lacks are ignored.
    if (patchV === null) {
      out.delete(k);
      continue;
    }
    if (!out.has(k)) {
      if (!isDeleteList) takePatchValue(out, k, patchV);
      continue;
    }
    const origV = out.get(k);
    if (goTypeOf(origV) !== goTypeOf(patchV)) {
      if (!isDeleteList) takePatchValue(out, k, patchV);
      continue;
    }
    if (isJsonObject(origV) && isJsonObject(patchV)) {
      const { schema: sub, meta } = schema.lookupStruct(k);
      const strategy = patchStrategyOf(meta.strategies);
      out.set(k, strategy === "replace" ? patchV : mergeMap(origV, patchV, sub));
    } else if (Array.isArray(origV) && Array.isArray(patchV)) {
      const { schema: sub, meta } = schema.lookupSlice(k);
      const strategy = patchStrategyOf(meta.strategies);
      out.set(k, mergeSliceHandler(origV, patchV, sub, strategy, meta.mergeKey, isDeleteList));
    } else {
      out.set(k, patchV); // two scalars of one type: the patch's value wins
    }
  }
  return objectFrom(out);
}

/**
 * applyRetainKeysDirective: with `$retainKeys: [a, b]`, every key of the
 * patch (except nulls and parallel-list directives) must be listed (else 400),
 * and the original keeps only the listed keys before the merge.
 *
 * Example (kubectl patch task page): strategy `{ type: RollingUpdate,
 * rollingUpdate: {...} }` patched with `{ $retainKeys: [type], type: Recreate }`
 * becomes `{ type: Recreate }`.
 */
function applyRetainKeysDirective(out: Map<string, unknown>, p: Map<string, unknown>): void {
  if (!p.has(RETAIN_KEYS)) return;
  const list = p.get(RETAIN_KEYS);
  p.delete(RETAIN_KEYS);
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set((list as readonly unknown[]).map(goSetKey));
  for (const [k, v] of p) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
      continue;
    }
    if (!retained.has(goSetKey(k))) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of [...out.keys()]) {
    if (!retained.has(goSetKey(k))) out.delete(k);
  }
}

/**
 * validatePatchWithSetOrderList: the patch list (without `$patch: delete`
 * items) must follow the order of the `$setElementOrder` list.
 */
function validatePatchWithSetOrderList(
  patchList: readonly unknown[],
  setOrder: readonly unknown[],
  mergeKey: string,
): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  let nonDelete: readonly unknown[] = patchList;
  if (mergeKey !== "") {
    nonDelete = patchList.filter((v) => {
      if (!isJsonObject(v)) throw errBadArgType(MAP_TYPE, v);
      return !(hasOwn(v, DIRECTIVE_MARKER) && v[DIRECTIVE_MARKER] === "delete");
    });
  }
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < setOrder.length) {
    const item = nonDelete[pi];
    if (isJsonObject(item) && hasOwn(item, DIRECTIVE_MARKER)) {
      pi++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrder[si], mergeKey)) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= setOrder.length) {
    throw patchInternal(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(setOrder)}\n`,
    );
  }
}

/** mergeKeyValueEqual: compares the merge key values of two maps (or two scalars). */
function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === "") return goEqual(left, right);
  if (!isJsonObject(left)) throw errBadArgType(MAP_TYPE, left);
  if (!isJsonObject(right)) throw errBadArgType(MAP_TYPE, right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}

/**
 * mergePatchIntoOriginal: handles each `$setElementOrder/<list>` together with
 * `<list>`: merges the list, then orders it by the directive (patch items in
 * its order, server-only items interleaved by the server's order). Both keys
 * are consumed from `p`.
 *
 * Example (kubectl apply's measured body): `$setElementOrder/containers:
 * [{name: api}]` with `containers: [{name: api, image: myapp:v1.3}]`.
 */
function mergePatchIntoOriginal(
  out: Map<string, unknown>,
  p: Map<string, unknown>,
  schema: PatchSchema,
): void {
  for (const key of [...p.keys()]) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !p.has(key)) continue;
    const setOrder = p.get(key);
    p.delete(key);
    if (!Array.isArray(setOrder)) throw errBadArgType(SLICE_TYPE, setOrder);
    const listKey = extractKey(key, SET_ELEMENT_ORDER, errBadPatchFormatForSetElementOrderList);

    const foundOriginal = out.has(listKey);
    const foundPatch = p.has(listKey);
    const originalList = out.get(listKey);
    const patchList = p.get(listKey);
    if (foundOriginal && !Array.isArray(originalList))
      throw errBadArgType(SLICE_TYPE, originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType(SLICE_TYPE, patchList);
    const originalItems = (foundOriginal ? originalList : []) as readonly unknown[];
    const patchItems = (foundPatch ? patchList : []) as readonly unknown[];

    const { schema: sub, meta } = schema.lookupSlice(listKey);
    const strategy = patchStrategyOf(meta.strategies);
    const mergeKey = meta.mergeKey;
    validatePatchWithSetOrderList(patchItems, setOrder as readonly unknown[], mergeKey);

    let merged: readonly unknown[];
    if (foundOriginal && !foundPatch) merged = originalItems;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchItems).value as unknown[];
    else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalItems, patchItems, sub, strategy, mergeKey, false);
    } else continue;

    const [named, serverOnly] =
      mergeKey === ""
        ? partitionPrimitivesByPresentInList(merged, setOrder as readonly unknown[])
        : partitionMapsByPresentInList(merged, setOrder as readonly unknown[], mergeKey);
    const kind = sliceElementType(originalItems, patchItems);
    out.set(
      listKey,
      normalizeElementOrder(
        named,
        serverOnly,
        setOrder as readonly unknown[],
        originalItems,
        mergeKey,
        kind,
      ),
    );
    p.delete(listKey);
  }
}

// ---- lists ----

/** mergeSliceHandler: merge-strategy lists (and delete lists) merge; others are replaced. */
function mergeSliceHandler(
  original: readonly unknown[],
  patch: readonly unknown[],
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
): readonly unknown[] {
  if (strategy === "merge" || isDeleteList) {
    return mergeSlice(original, patch, schema, mergeKey, isDeleteList);
  }
  return patch;
}

/**
 * mergeSlice: scalars are unioned (or, for `$deleteFromPrimitiveList`,
 * removed); maps are merged by their merge key after the `$patch` items are
 * handled. The result is ordered by normalizeElementOrder.
 */
function mergeSlice(
  original: readonly unknown[],
  patch: readonly unknown[],
  schema: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
): readonly unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  let orig = original;
  let items = patch;
  if (kind !== "map") {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === "") {
      throw patchInternal(`cannot merge lists without merge key for ${schema.name()}`);
    }
    [orig, items] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(orig, items, mergeKey, schema);
  }
  const [named, serverOnly] =
    mergeKey === ""
      ? partitionPrimitivesByPresentInList(merged, items)
      : partitionMapsByPresentInList(merged, items, mergeKey);
  return normalizeElementOrder(named, serverOnly, items, orig, mergeKey, kind);
}

/**
 * mergeSliceWithSpecialElements: applies the `$patch` items of a list of maps.
 * `delete` removes every original item with that merge key; `replace` makes the
 * other patch items the whole list; `merge` and other values are refused.
 */
function mergeSliceWithSpecialElements(
  original: readonly unknown[],
  patch: readonly unknown[],
  mergeKey: string,
): [readonly unknown[], readonly unknown[]] {
  let orig = original;
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!hasOwn(item, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === "delete") {
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      orig = deleteMatchingEntries(orig, mergeKey, item[mergeKey]);
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw patchInternal("merging lists cannot yet be specified in the patch");
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  return replace ? [plain, []] : [orig, plain];
}

function deleteMatchingEntries(
  original: readonly unknown[],
  mergeKey: string,
  value: unknown,
): readonly unknown[] {
  let out = original;
  for (;;) {
    const found = findMapInSliceBasedOnKeyValue(out, mergeKey, value);
    if (found === undefined) return out;
    out = [...out.slice(0, found.index), ...out.slice(found.index + 1)];
  }
}

/** mergeSliceWithoutSpecialElements: merges each patch item into its match, or appends it as sent. */
function mergeSliceWithoutSpecialElements(
  original: readonly unknown[],
  patch: readonly unknown[],
  mergeKey: string,
  schema: PatchSchema,
): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const item = v as JsonObject;
    if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(out, mergeKey, item[mergeKey]);
    if (found === undefined) out.push(v);
    else out[found.index] = mergeMap(found.map, item, schema);
  }
  return out;
}
