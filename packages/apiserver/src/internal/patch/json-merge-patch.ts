/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`) as kube-apiserver
 * applies it: `jsonpatch.MergePatch` from gopkg.in/evanphx/json-patch.v4
 * (merge.go), called by applyJSPatch in
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go.
 *
 * Guarantees: inputs are never mutated (they may be deeply frozen); the result
 * shares unchanged subtrees of `target` and must be treated as immutable.
 *
 * Semantics (RFC 7386 section 2, with json-patch v4's handling of nulls):
 * - a `null` member deletes the key: `{"a":"b","b":"c"}` + `{"a":null}` = `{"b":"c"}`;
 * - objects merge recursively: `{"a":{"b":"c"}}` + `{"a":{"b":"d","c":null}}` = `{"a":{"b":"d"}}`;
 * - arrays and scalars replace: `{"a":[{"b":"c"}]}` + `{"a":[1]}` = `{"a":[1]}`;
 * - a value that lands where there was nothing, null or a non-object has its
 *   nulls pruned, inside objects and inside the objects of arrays (v4's
 *   pruneNulls): `{}` + `{"a":{"bb":{"ccc":null}}}` = `{"a":{"bb":{}}}`, and
 *   `{}` + `{"a":[{"x":null}]}` = `{"a":[{}]}`. An array that replaces an
 *   object is taken as it is (v4 prunes only when the current value is not an object).
 *
 * Where kube-apiserver departs from the RFC: the handler first decodes the body
 * into `map[string]any` (kjson.UnmarshalStrict, under the default
 * fieldValidation=Warn and under Strict), so a patch that is an array, a string,
 * a number or a boolean is answered 400
 * `error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}`,
 * and a `null` patch is answered 400 `Invalid JSON Patch` (json-patch's
 * ErrBadJSONPatch). RFC 7386's top-level examples `null`, `"bar"` and `["c"]`
 * are therefore rejected here.
 */
import { badRequest } from "@kubesim/api";
import { isJsonObject, jsonKindName, objectFrom, toMap } from "./json-value.js";
import type { JsonObject } from "./json-value.js";
import { patchInternal } from "./patch-errors.js";

/**
 * Applies a JSON merge patch to `target` (the current object).
 *
 * Example: `applyMergePatch({ spec: { replicas: 1, paused: true } }, { spec: { replicas: 3, paused: null } })`
 * is `{ spec: { replicas: 3 } }`.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch !== null && !isJsonObject(patch)) {
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  if (patch === null) throw badRequest("Invalid JSON Patch");
  // A stored object is always a JSON object; json-patch answers ErrBadJSONDoc
  // for a null document, which the handler passes on as a plain error (500).
  if (target === null || target === undefined) throw patchInternal("Invalid JSON Document");
  if (!isJsonObject(target)) return pruneDocNulls(patch);
  return mergeDocs(target, patch);
}

function mergeDocs(doc: JsonObject, patch: JsonObject): JsonObject {
  const out = toMap(doc);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      out.delete(k);
      continue;
    }
    const cur = out.get(k);
    out.set(k, cur === undefined || cur === null ? pruneNulls(v) : merge(cur, v));
  }
  return objectFrom(out);
}

function merge(cur: unknown, patch: unknown): unknown {
  if (!isJsonObject(cur)) return pruneNulls(patch);
  if (!isJsonObject(patch)) return patch;
  return mergeDocs(cur, patch);
}

function pruneNulls(v: unknown): unknown {
  if (isJsonObject(v)) return pruneDocNulls(v);
  if (Array.isArray(v)) return v.map((x: unknown) => (x === null ? null : pruneNulls(x)));
  return v;
}

function pruneDocNulls(doc: JsonObject): JsonObject {
  const entries: [string, unknown][] = [];
  for (const [k, v] of Object.entries(doc)) {
    if (v !== null) entries.push([k, pruneNulls(v)]);
  }
  return objectFrom(entries);
}
