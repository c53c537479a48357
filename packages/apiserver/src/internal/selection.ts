/**
 * What a list, watch or deletecollection selects: a namespace (or all), a
 * label selector and a field selector. Mirrors storage.SelectionPredicate
 * (k8s.io/apiserver/pkg/storage/selection_predicate.go) and the store's
 * narrowing of it (MatchesSingleNamespace, MatchesSingle), plus the cacher's
 * use of indices.
 *
 * Cost guarantee: `candidateKeys` picks the smallest of the index sets that the
 * selection's equality terms name (namespace, each `key=value` label term,
 * spec.nodeName for pods, metadata.name as a direct lookup) and filters only
 * those; a selective list of k objects costs O(k log k), whatever the store's
 * size. Only a selection with no equality term at all walks the whole kind.
 */
import {
  convertFieldSelector,
  equalityRequirements,
  fieldRequiresExactMatch,
  fieldsOf,
  parseFieldSelector,
  parseSelector,
  type FieldSelector,
  type KindInfo,
  type KubeObject,
  type Selector,
} from "@kubesim/api";
import type { LogEntry } from "./event-log.js";
import type { KindStore } from "./store.js";
import { compareKeys } from "./store.js";
import { storeKey } from "./keys.js";

export interface SelectionOptions {
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

export interface Selection {
  readonly info: KindInfo;
  /** One namespace, or undefined for all (always undefined for cluster-scoped kinds). */
  readonly namespace: string | undefined;
  readonly label: Selector;
  readonly field: FieldSelector;
  /** No label or field term (upstream's `pred.Empty()`): lists then report remainingItemCount. */
  readonly unfiltered: boolean;
  matches(obj: KubeObject): boolean;
  /**
   * `matches` for one side of a committed change (`next` when `isNext`, else
   * `old`), reading and filling the change's shared field cache.
   */
  matchesChange(entry: LogEntry, isNext: boolean): boolean;
}

/**
 * An object's selectable fields, computed once per object version for lists
 * and initial events: objects are frozen. Watches use the change's own cache
 * instead (`matchesChange`; each kubelet watches pods with
 * spec.nodeName=<its node>, so one write is matched against many selectors).
 */
const fieldCache = new WeakMap<KubeObject, ReturnType<typeof fieldsOf>>();
function cachedFieldsOf(kind: string, obj: KubeObject): ReturnType<typeof fieldsOf> {
  let f = fieldCache.get(obj);
  if (f === undefined) {
    f = keptFieldsOf(kind, obj);
    fieldCache.set(obj, f);
  }
  return f;
}

/**
 * fieldsOf, copied into a plain object for keeping. fieldsOf builds its result
 * with object spreads, and V8 gives each object so built a hidden class of its
 * own once the code is optimised (some 400 bytes of class and descriptors
 * beside the object); a copy made by Object.assign shares one class with every
 * other copy. The copies are kept (with each change, each stored object), the
 * originals die at once.
 */
function keptFieldsOf(kind: string, obj: KubeObject): ReturnType<typeof fieldsOf> {
  return Object.assign({}, fieldsOf(kind, obj));
}

/** Parses the selectors of a request; bad ones are 400 BadRequest with upstream's messages. */
export function parseSelection(info: KindInfo, options: SelectionOptions): Selection {
  const label = parseSelector(options.labelSelector ?? "");
  const field = convertFieldSelector(info.kind, parseFieldSelector(options.fieldSelector ?? ""));
  let namespace: string | undefined;
  if (info.namespaced) {
    namespace =
      options.namespace === undefined || options.namespace === "" ? undefined : options.namespace;
    // A field selector naming one namespace narrows an all-namespaces request (MatchesSingleNamespace).
    if (namespace === undefined) namespace = fieldRequiresExactMatch(field, "metadata.namespace");
  }
  const labelEmpty = label.isEmpty();
  const fieldEmpty = field.isEmpty();
  const kind = info.kind;
  return {
    info,
    namespace,
    label,
    field,
    unfiltered: labelEmpty && fieldEmpty,
    matches(obj: KubeObject): boolean {
      const meta = obj.metadata;
      if (namespace !== undefined && meta?.namespace !== namespace) return false;
      if (!labelEmpty && !label.matches(meta?.labels)) return false;
      return fieldEmpty || field.matches(cachedFieldsOf(kind, obj));
    },
    matchesChange(entry: LogEntry, isNext: boolean): boolean {
      const obj = isNext ? entry.next : entry.old;
      if (obj === undefined) return false;
      const meta = obj.metadata;
      if (namespace !== undefined && meta?.namespace !== namespace) return false;
      if (!labelEmpty && !label.matches(meta?.labels)) return false;
      if (fieldEmpty) return true;
      const fields = isNext
        ? (entry.nextFields ??= keptFieldsOf(kind, obj))
        : (entry.oldFields ??= keptFieldsOf(kind, obj));
      return field.matches(fields);
    },
  };
}

/** The keys that may match, sorted, drawn from the smallest applicable index. */
export function candidateKeys(store: KindStore, sel: Selection): readonly string[] {
  const name = fieldRequiresExactMatch(sel.field, "metadata.name");
  if (name !== undefined && (sel.namespace !== undefined || !sel.info.namespaced)) {
    const key = storeKey(sel.info, sel.namespace ?? "", name);
    return store.has(key) ? [key] : [];
  }
  let best: ReadonlySet<string> | undefined;
  const consider = (s: ReadonlySet<string>): void => {
    if (best === undefined || s.size < best.size) best = s;
  };
  if (sel.namespace !== undefined) consider(store.indices.namespace(sel.namespace));
  for (const [k, v] of equalityRequirements(sel.label)) consider(store.indices.label(k, v));
  if (sel.info.kind === "Pod") {
    const node = fieldRequiresExactMatch(sel.field, "spec.nodeName");
    if (node !== undefined) consider(store.indices.nodeName(node));
  }
  if (best === undefined) return store.sortedKeys();
  return [...best].sort(compareKeys);
}

/** The current objects matching `sel`, in key order. */
export function selectCurrent(store: KindStore, sel: Selection): KubeObject[] {
  const out: KubeObject[] = [];
  for (const key of candidateKeys(store, sel)) {
    const obj = store.get(key);
    if (obj !== undefined && sel.matches(obj)) out.push(obj);
  }
  return out;
}
