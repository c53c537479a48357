/**
 * JSON patch (RFC 6902, `application/json-patch+json`) with RFC 6901 pointers,
 * as kube-apiserver applies it: `jsonpatch.DecodePatch` + `Patch.Apply` from
 * gopkg.in/evanphx/json-patch.v4 (v4.13.0, patch.go), called by applyJSPatch in
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go.
 *
 * Guarantees: inputs are never mutated (they may be deeply frozen). Each
 * operation copies only the containers on its path, so the result shares every
 * untouched subtree with `target` and must be treated as immutable.
 *
 * Answers, as kube-apiserver gives them (see patch-errors.ts):
 * - a body that is not an array of operation objects, or an operation whose
 *   `op`/`path`/`from` is not a string: 400 BadRequest, worded by the strict
 *   decoder that runs under the default fieldValidation (Warn) and Strict:
 *   `error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp`;
 * - an operation that cannot be applied (a failed `test`, a missing path, a bad
 *   index, an unknown `op`): 422 Invalid with the fixed message
 *   "the server rejected our request due to an error in our request"; json-patch's
 *   own message (e.g. `testing value /spec/replicas failed: test failed`) is the
 *   error's `cause`;
 * - a Go panic inside json-patch (a `test` of an array holding null, or of the
 *   whole document without a `value`): 500.
 *
 * json-patch v4 departs from RFC 6902 in ways kube-apiserver users can see, and
 * this module keeps them:
 * - `replace` of a missing object member adds it (the RFC says error);
 * - `add` at path "" fails (no container), `replace` at "" swaps the whole document;
 * - negative array indices count from the end (`/spec/containers/-1`);
 * - `test` of a missing member passes when `value` is null or absent;
 * - `copy` from a missing member copies null;
 * - a path without a leading "/" ignores its first segment (`a/b` means `/b`);
 * - unknown `op` values fail with `Unexpected kind: X`; unknown members of an
 *   operation are ignored (RFC 6902 A.11; under fieldValidation=Strict
 *   kube-apiserver would reject them afterwards);
 * - the bytes added by `copy` operations are capped at 3 MiB per patch
 *   (kube-apiserver's JSONPatchMaxCopyBytes default).
 */
import { badRequest, requestEntityTooLarge } from "@kubesim/api";
import { hasOwn, isJsonObject, jsonKindName, objectFrom, toMap } from "./json-value.js";
import type { JsonObject } from "./json-value.js";
import { apiserverPanic, patchRejected } from "./patch-errors.js";

/** kube-apiserver's default JSONPatchMaxCopyBytes (k8s.io/apiserver/pkg/server/config.go). */
export const JSON_PATCH_MAX_COPY_BYTES = 3 * 1024 * 1024;

/** maxJSONPatchOperations in the patch handler; more operations are answered 413. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Container = JsonObject | readonly unknown[];
type Segment = string | number;
type Operation = JsonObject | null;

/** A failed container step, with json-patch's message; symbols never come from JSON. */
const FAILURE: unique symbol = Symbol("json-patch failure");
interface Failure {
  readonly [FAILURE]: string;
}
const failure = (message: string): Failure => ({ [FAILURE]: message });
function isFailure(v: unknown): v is Failure {
  return typeof v === "object" && v !== null && FAILURE in v;
}

const MISSING = "missing value";
const INVALID_INDEX = "invalid index referenced";

/**
 * Applies a JSON patch (an array of operations) to `target`.
 *
 * Example: `applyJsonPatch({ spec: { replicas: 1 } }, [{ op: "replace", path: "/spec/replicas", value: 3 }])`
 * is `{ spec: { replicas: 3 } }`.
 */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (Array.isArray(ops) && ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  const operations = decodePatch(ops);
  if (!isJsonObject(target) && !Array.isArray(target)) {
    // Patch.Apply decodes the document into a partialDoc first; the error is answered 422.
    throw patchRejected(
      `json: cannot unmarshal ${jsonKindName(target)} into Go value of type jsonpatch.partialDoc`,
    );
  }
  let doc: Container = target;
  let copied = 0;
  for (const op of operations) {
    const result = applyOperation(doc, op, copied);
    doc = result.doc;
    copied = result.copied;
  }
  return doc;
}

// ---- decoding: kjson.UnmarshalStrict into []jsonPatchOp, then jsonpatch.DecodePatch ----

function decodeError(detail: string): never {
  throw badRequest(`error decoding patch: json: ${detail}`);
}

function decodePatch(ops: unknown): readonly Operation[] {
  if (ops === null || ops === undefined) return []; // a JSON null decodes to an empty patch
  if (!Array.isArray(ops)) {
    decodeError(
      `cannot unmarshal ${jsonKindName(ops)} into Go value of type []handlers.jsonPatchOp`,
    );
  }
  // encoding/json reports the first type error in document order.
  for (const op of ops as readonly unknown[]) {
    if (op === null) continue;
    if (!isJsonObject(op)) {
      decodeError(
        `cannot unmarshal ${jsonKindName(op)} into Go value of type handlers.jsonPatchOp`,
      );
    }
    for (const [k, v] of Object.entries(op)) {
      if ((k === "op" || k === "path" || k === "from") && v !== null && typeof v !== "string") {
        decodeError(
          `cannot unmarshal ${jsonKindName(v)} into Go struct field jsonPatchOp.${k} of type string`,
        );
      }
    }
  }
  return ops as readonly Operation[];
}

/** Operation.Kind(): the `op` string, or "unknown". */
function kindOf(op: Operation): string {
  const v = op?.["op"];
  return typeof v === "string" ? v : "unknown";
}

/** Operation.Path() / From(): the member, or an error when absent or null. */
function member(op: Operation, name: "path" | "from"): string | undefined {
  const v = op?.[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * Operation.value(): absent (`undefined`) or a value; a JSON null is a node
 * without bytes, which json-patch treats like an absent value in most places.
 */
function valueOf(op: Operation): { readonly present: boolean; readonly value: unknown } {
  if (op !== null && hasOwn(op, "value")) return { present: true, value: op["value"] ?? null };
  return { present: false, value: null };
}

// ---- pointers: findObject and the container operations ----

/** RFC 6901 decoding in one pass, as strings.NewReplacer("~1", "/", "~0", "~") does: "~01" is "~1". */
function decodeToken(t: string): string {
  return t.replace(/~[01]/g, (m) => (m === "~1" ? "/" : "~"));
}

/** strconv.Atoi, with its error text. */
function atoi(s: string): number | Failure {
  if (!/^[+-]?\d+$/.test(s))
    return failure(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) {
    return failure(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return n === 0 ? 0 : n; // no -0
}

const invalidIndex = (idx: number): Failure =>
  failure(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);

/** partialArray.get's index: negative counts from the end; out of range fails. */
function arrayIndex(arr: readonly unknown[], key: string): number | Failure {
  let idx = atoi(key);
  if (isFailure(idx)) return idx;
  if (idx < 0) {
    if (idx < -arr.length) return invalidIndex(idx);
    idx += arr.length;
  }
  if (idx >= arr.length) return invalidIndex(idx);
  return idx;
}

interface Found {
  readonly at: readonly Segment[];
  readonly container: Container;
  readonly key: string;
}

/**
 * findObject: walks every segment but the last and returns the container and
 * the last (decoded) key, or undefined when a segment is missing, null, a
 * scalar, or a bad index.
 */
function findObject(doc: Container, path: string): Found | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  const at: Segment[] = [];
  for (const part of split.slice(1, -1)) {
    const key = decodeToken(part);
    let next: unknown;
    if (Array.isArray(cur)) {
      const idx = arrayIndex(cur, key);
      if (isFailure(idx)) return undefined;
      next = cur[idx];
      at.push(idx);
    } else {
      const obj = cur as JsonObject;
      next = hasOwn(obj, key) ? obj[key] : undefined;
      at.push(key);
    }
    if (!isJsonObject(next) && !Array.isArray(next)) return undefined;
    cur = next;
  }
  return { at, container: cur, key: decodeToken(split[split.length - 1] ?? "") };
}

/** container.get: an object never fails (missing is null); an array checks the index. */
function get(c: Container, key: string): unknown {
  if (Array.isArray(c)) {
    const idx = arrayIndex(c, key);
    if (isFailure(idx)) return idx;
    return c[idx] ?? null;
  }
  const obj = c as JsonObject;
  return hasOwn(obj, key) ? (obj[key] ?? null) : null;
}

function setMember(obj: JsonObject, key: string, value: unknown): JsonObject {
  const m = toMap(obj);
  m.set(key, value);
  return objectFrom(m);
}

/** container.add: objects set the key; arrays insert, `-` appends, negative indices count from the end. */
function add(c: Container, key: string, value: unknown): Container | Failure {
  if (!Array.isArray(c)) return setMember(c as JsonObject, key, value);
  if (key === "-") return [...c, value];
  let idx = atoi(key);
  if (isFailure(idx)) {
    return failure(`value was not a proper array index: '${key}': ${idx[FAILURE]}`);
  }
  const size = c.length + 1;
  if (idx >= size) return invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) return invalidIndex(idx);
    idx += size;
  }
  return [...c.slice(0, idx), value, ...c.slice(idx)];
}

/** container.set (replace): objects set the key; arrays overwrite an existing index. */
function set(c: Container, key: string, value: unknown): Container | Failure {
  if (!Array.isArray(c)) return setMember(c as JsonObject, key, value);
  let idx = atoi(key);
  if (isFailure(idx)) return idx;
  if (idx < 0) {
    if (idx < -c.length) return invalidIndex(idx);
    idx += c.length;
  }
  const out = [...c];
  out[idx] = value;
  return out;
}

function remove(c: Container, key: string): Container | Failure {
  if (!Array.isArray(c)) {
    const obj = c as JsonObject;
    if (!hasOwn(obj, key)) return failure(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    return objectFrom(Object.entries(obj).filter(([k]) => k !== key));
  }
  let idx = atoi(key);
  if (isFailure(idx)) return idx;
  if (idx >= c.length) return invalidIndex(idx);
  if (idx < 0) {
    if (idx < -c.length) return invalidIndex(idx);
    idx += c.length;
  }
  return [...c.slice(0, idx), ...c.slice(idx + 1)];
}

/** Rebuilds `doc` with the container at `at` replaced by `next` (copy on write). */
function replaceAt(doc: unknown, at: readonly Segment[], next: Container): Container {
  if (at.length === 0) return next;
  const [seg, ...rest] = at;
  if (Array.isArray(doc)) {
    const out = [...(doc as readonly unknown[])];
    out[seg as number] = replaceAt(out[seg as number], rest, next);
    return out;
  }
  const obj = doc as JsonObject;
  return setMember(obj, seg as string, replaceAt(obj[seg as string], rest, next));
}

// ---- equality: lazyNode.equal ----

/**
 * lazyNode.equal between a non-null document value `a` and `b`: objects by
 * members (null members must match), arrays element-wise, scalars by their
 * JSON text. A null array element on either side dereferences a nil node in
 * json-patch and panics.
 */
function equalNode(a: unknown, b: unknown): boolean {
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) {
      if (!hasOwn(b, k)) return false;
      const av = a[k] ?? null;
      const bv = b[k] ?? null;
      if ((av === null) !== (bv === null)) return false;
      if (av !== null && !equalNode(av, bv)) return false;
    }
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return false;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === null || b[i] === null) throw apiserverPanic();
      if (!equalNode(a[i], b[i])) return false;
    }
    return true;
  }
  if (b === null || typeof b === "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- size of a copy: len(json.Marshal(node)) ----

/** The length of Go's json.Marshal output: UTF-8, with <, >, & and U+2028/U+2029 escaped. */
function jsonByteSize(v: unknown): number {
  const text = JSON.stringify(v) ?? "null";
  let extra = 0;
  for (const ch of text) {
    if (ch === "<" || ch === ">" || ch === "&")
      extra += 5; // \u003c is 6 bytes for 1
    else if (ch === "\u2028" || ch === "\u2029") extra += 3; // \u2028 is 6 bytes for 3
  }
  return new TextEncoder().encode(text).length + extra;
}

// ---- the operations ----

/** Throws the 422 answer for a failed step, worded as json-patch wraps it. */
function unwrap<T>(v: T | Failure, wrap: (inner: string) => string): T {
  if (isFailure(v)) fail(wrap(v[FAILURE]));
  return v;
}

function fail(message: string): never {
  throw patchRejected(message);
}

function applyOperation(
  doc: Container,
  op: Operation,
  copied: number,
): { readonly doc: Container; readonly copied: number } {
  const kind = kindOf(op);
  const path = member(op, "path");
  const missingPath = `operation missing path field: ${MISSING}`;
  switch (kind) {
    case "add": {
      if (path === undefined) fail(`add operation failed to decode path: ${MISSING}`);
      const f = findObject(doc, path);
      if (f === undefined)
        fail(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      const next = unwrap(
        add(f.container, f.key, valueOf(op).value),
        (e) => `error in add for path: '${path}': ${e}`,
      );
      return { doc: replaceAt(doc, f.at, next), copied };
    }
    case "remove": {
      if (path === undefined) fail(`remove operation failed to decode path: ${MISSING}`);
      const f = findObject(doc, path);
      if (f === undefined) {
        fail(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      }
      const next = unwrap(
        remove(f.container, f.key),
        (e) => `error in remove for path: '${path}': ${e}`,
      );
      return { doc: replaceAt(doc, f.at, next), copied };
    }
    case "replace": {
      if (path === undefined) fail(`replace operation failed to decode path: ${missingPath}`);
      const value = valueOf(op);
      if (path === "") {
        if (!value.present) throw apiserverPanic(); // nil node dereference
        if (!isJsonObject(value.value) && !Array.isArray(value.value)) {
          fail("replace operation value must be object or array: %!w(<nil>)");
        }
        return { doc: value.value as Container, copied };
      }
      const f = findObject(doc, path);
      if (f === undefined)
        fail(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
      if (isFailure(get(f.container, f.key))) {
        fail(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
      }
      // The upstream wording says "remove" here.
      const next = unwrap(
        set(f.container, f.key, value.value),
        (e) => `error in remove for path: '${path}': ${e}`,
      );
      return { doc: replaceAt(doc, f.at, next), copied };
    }
    case "move": {
      const from = member(op, "from");
      if (from === undefined) {
        fail(`move operation failed to decode from: operation, missing from field: ${MISSING}`);
      }
      const src = findObject(doc, from);
      if (src === undefined)
        fail(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      const val = unwrap(
        get(src.container, src.key),
        (e) => `error in move for path: '${src.key}': ${e}`,
      );
      const removed = unwrap(
        remove(src.container, src.key),
        (e) => `error in move for path: '${src.key}': ${e}`,
      );
      const afterRemove = replaceAt(doc, src.at, removed);
      if (path === undefined) fail(`move operation failed to decode path: ${missingPath}`);
      const dst = findObject(afterRemove, path);
      if (dst === undefined) {
        fail(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      }
      const next = unwrap(
        add(dst.container, dst.key, val),
        (e) => `error in move for path: '${path}': ${e}`,
      );
      return { doc: replaceAt(afterRemove, dst.at, next), copied };
    }
    case "test": {
      if (path === undefined) fail(`test operation failed to decode path: ${missingPath}`);
      const value = valueOf(op);
      const failed = `testing value ${path} failed: test failed`;
      if (path === "") {
        if (!value.present) throw apiserverPanic(); // nil node dereference
        if (!equalNode(doc, value.value)) fail(failed);
        return { doc, copied };
      }
      const f = findObject(doc, path);
      if (f === undefined)
        fail(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
      const val = unwrap(get(f.container, f.key), (e) => `error in test for path: '${path}': ${e}`);
      if (val === null) {
        if (value.value === null) return { doc, copied };
        fail(failed);
      }
      if (!value.present || !equalNode(val, value.value)) fail(failed);
      return { doc, copied };
    }
    case "copy": {
      const from = member(op, "from");
      if (from === undefined) {
        fail(`copy operation failed to decode from: operation, missing from field: ${MISSING}`);
      }
      const src = findObject(doc, from);
      if (src === undefined)
        fail(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      const val = unwrap(
        get(src.container, src.key),
        (e) => `error in copy for from: '${from}': ${e}`,
      );
      if (path === undefined) fail(`copy operation failed to decode path: ${MISSING}`);
      const dst = findObject(doc, path);
      if (dst === undefined) {
        fail(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      }
      const total = copied + (val === null ? 0 : jsonByteSize(val));
      if (total > JSON_PATCH_MAX_COPY_BYTES) {
        fail(
          `Unable to complete the copy, the accumulated size increase of copy is ${total}, exceeding the limit ${JSON_PATCH_MAX_COPY_BYTES}`,
        );
      }
      const next = unwrap(
        add(dst.container, dst.key, val),
        (e) => `error while adding value during copy: ${e}`,
      );
      return { doc: replaceAt(doc, dst.at, next), copied: total };
    }
    default:
      return fail(`Unexpected kind: ${kind}`);
  }
}
