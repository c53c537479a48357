/**
 * List with limit/continue paging and resourceVersion semantics, as
 * kube-apiserver serves it from etcd (k8s.io/apiserver/pkg/storage/etcd3/store.go
 * GetList, storage/continue.go, apis/meta/internalversion/validation).
 *
 * Guarantees:
 * - items come in key order ("namespace/name");
 * - the continue token is opaque and upstream-shaped: base64url (no padding)
 *   of `{"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<next key>"}`,
 *   where the start key is the last returned key plus "\u0000", relative to
 *   the listed prefix (`name\u0000` within a namespace, `ns/name\u0000` across);
 * - every page of a paged list shows the state at the first page's revision
 *   (a consistent snapshot), rebuilt from the event log; once the log no
 *   longer covers that revision the next page is 410 Expired, as etcd answers
 *   after compaction;
 * - `remainingItemCount` is reported only for unfiltered lists that have more;
 * - the list's metadata.resourceVersion is the revision it reflects.
 */
import {
  ApiError,
  badRequest,
  fieldError,
  invalid,
  resourceExpired,
  type FieldError,
  type KubeObject,
  type ListOptions,
} from "@kubesim/api";
import type { Selection } from "./selection.js";
import { candidateKeys } from "./selection.js";
import type { KindStore } from "./store.js";
import { compareKeys } from "./store.js";

const TOKEN_VERSION = "meta.k8s.io/v1";

interface ContinueToken {
  readonly rv: number;
  /** Absolute store key to start at (inclusive). */
  readonly startKey: string;
}

export interface ListPage {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** The key prefix a list ranges over: "ns/" for one namespace, "" for all. */
function prefixOf(sel: Selection): string {
  return sel.namespace !== undefined ? `${sel.namespace}/` : "";
}

export function encodeContinue(rv: number, nextKey: string, prefix: string): string {
  const json = JSON.stringify({ v: TOKEN_VERSION, rv, start: nextKey.slice(prefix.length) });
  return Buffer.from(json, "utf8").toString("base64url");
}

/** storage.DecodeContinue, with its error wording; the caller wraps it as "invalid continue token: ...". */
export function decodeContinue(token: string, prefix: string): ContinueToken {
  const fail = (msg: string): never => {
    throw badRequest(`invalid continue token: ${msg}`);
  };
  if (!/^[A-Za-z0-9_-]*$/.test(token) || token.length % 4 === 1) {
    fail("continue key is not valid: illegal base64 data");
  }
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch (e) {
    fail(`continue key is not valid: ${(e as Error).message}`);
  }
  if (typeof c !== "object" || c === null || Array.isArray(c)) {
    return fail("continue key is not valid: json: cannot unmarshal into continueToken");
  }
  const { v, rv, start } = c as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== TOKEN_VERSION) {
    return fail(
      `continue key is not valid: server does not recognize this encoded version ${String(v ?? "")}`,
    );
  }
  if (typeof rv !== "number" || !Number.isInteger(rv) || rv <= 0) {
    return fail(
      "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
    );
  }
  if (typeof start !== "string" || start === "") {
    return fail("continue key is not valid: encoded start key empty");
  }
  // Upstream cleans "/"+start as a path and refuses a key that changes (no "..", "//").
  const segments = start.split("/");
  if (segments.some((s, i) => s === ".." || s === "." || (s === "" && i < segments.length - 1))) {
    return fail(`continue key is not valid: ${start}`);
  }
  return { rv, startKey: prefix + start };
}

/** A revision string from a request: "" means none. */
export function parseResourceVersion(
  rv: string | undefined,
  field = "resourceVersion",
): number | undefined {
  if (rv === undefined || rv === "") return undefined;
  if (!/^[0-9]+$/.test(rv)) {
    throw badRequest(
      `invalid resource version: ${field}: Invalid value: ${JSON.stringify(rv)}: must be a non-negative decimal integer`,
    );
  }
  return Number(rv);
}

/** 504 as the watch cache answers a revision it has not reached. */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError("Timeout", `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
    retryAfterSeconds: 1,
  });
}

/** metainternalversion/validation.ValidateListOptions (list half). */
export function validateListOptions(o: ListOptions): void {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch as string | undefined;
  if (match !== undefined && match !== "") {
    if (o.resourceVersion === undefined || o.resourceVersion === "") {
      errs.push(
        fieldError.forbidden(
          "resourceVersionMatch",
          "resourceVersionMatch is forbidden unless resourceVersion is provided",
        ),
      );
    }
    if (o.continue !== undefined && o.continue !== "") {
      errs.push(
        fieldError.forbidden(
          "resourceVersionMatch",
          "resourceVersionMatch is forbidden when continue is provided",
        ),
      );
    }
    if (match !== "Exact" && match !== "NotOlderThan") {
      errs.push(
        fieldError.notSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]),
      );
    }
    if (match === "Exact" && o.resourceVersion === "0") {
      errs.push(
        fieldError.forbidden(
          "resourceVersionMatch",
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
    }
  }
  if (o.limit !== undefined && (typeof o.limit !== "number" || !Number.isFinite(o.limit))) {
    errs.push(fieldError.invalid("limit", o.limit, "must be an integer"));
  }
  if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind: "ListOptions" }, "", errs);
}

/**
 * One page of a list. `current` is the store's latest revision.
 * Throws 400 for a bad token, 410 when the snapshot is no longer available,
 * 504 for a revision from the future.
 */
export function listPage(
  store: KindStore,
  sel: Selection,
  o: ListOptions,
  current: number,
): ListPage {
  validateListOptions(o);
  const prefix = prefixOf(sel);
  let readRv = current;
  let startKey: string | undefined;
  const hasContinue = o.continue !== undefined && o.continue !== "";
  const requested = parseResourceVersion(o.resourceVersion);
  if (hasContinue) {
    if (requested !== undefined && requested !== 0) {
      throw badRequest("specifying resource version is not allowed when using continue");
    }
    const token = decodeContinue(o.continue!, prefix);
    if (token.rv > current) throw tooLargeResourceVersion(token.rv, current);
    readRv = token.rv;
    startKey = token.startKey;
    if (store.log.changedSince(readRv) && !store.log.covers(readRv)) {
      throw resourceExpired(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
      );
    }
  } else if (requested !== undefined && requested !== 0) {
    if (requested > current) throw tooLargeResourceVersion(requested, current);
    if (o.resourceVersionMatch === "Exact") {
      readRv = requested;
      if (store.log.changedSince(readRv) && !store.log.covers(readRv)) {
        throw resourceExpired("The resourceVersion for the provided list is too old.");
      }
    }
  }

  // The keys to walk and how to read a key's value at readRv.
  let keys: readonly string[] = candidateKeys(store, sel);
  let valueAt: (key: string) => KubeObject | undefined = (k) => store.get(k);
  const snapshot = readRv < current && store.log.changedSince(readRv);
  if (snapshot) {
    const past = store.log.valuesAt(readRv);
    const merged = new Set(keys);
    for (const k of past.keys()) if (k.startsWith(prefix)) merged.add(k);
    keys = [...merged].sort(compareKeys);
    valueAt = (k) => (past.has(k) ? past.get(k) : store.get(k));
  }

  let i = startKey === undefined ? 0 : lowerBound(keys, startKey);
  const limit = o.limit !== undefined && o.limit > 0 ? Math.floor(o.limit) : Infinity;
  const items: KubeObject[] = [];
  let lastKey = "";
  for (; i < keys.length && items.length < limit; i++) {
    const k = keys[i]!;
    const obj = valueAt(k);
    if (obj !== undefined && sel.matches(obj)) {
      items.push(obj);
      lastKey = k;
    }
  }
  const rvString = String(readRv);
  // More candidates after the page: hand out a token (etcd's "more").
  // Current keys all exist; a snapshot's may name objects created after it.
  let more = false;
  let remaining = keys.length - i;
  if (!snapshot) more = remaining > 0;
  else {
    remaining = 0;
    for (let j = i; j < keys.length; j++) {
      if (valueAt(keys[j]!) === undefined) continue;
      more = true;
      if (!sel.unfiltered) break;
      remaining++;
    }
  }
  if (!more) return { items, resourceVersion: rvString };
  return {
    items,
    resourceVersion: rvString,
    continue: encodeContinue(readRv, `${lastKey}\u0000`, prefix),
    ...(sel.unfiltered ? { remainingItemCount: remaining } : {}),
  };
}

/** Index of the first key >= `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
