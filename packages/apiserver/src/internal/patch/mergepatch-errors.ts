/**
 * The errors of k8s.io/apimachinery/pkg/util/mergepatch (errors.go), as the
 * Statuses that kube-apiserver's interpretStrategicMergePatchError
 * (k8s.io/apiserver/pkg/endpoints/handlers/patch.go) turns them into:
 *
 * | error                                    | message                                     | answer |
 * |------------------------------------------|---------------------------------------------|--------|
 * | ErrBadJSONDoc                            | invalid JSON document                       | 400    |
 * | ErrBadPatchFormatForPrimitiveList        | invalid patch format of primitive list      | 400    |
 * | ErrBadPatchFormatForRetainKeys           | invalid patch format of retainKeys          | 400    |
 * | ErrBadPatchFormatForSetElementOrderList  | invalid patch format of setElementOrder list| 400    |
 * | ErrUnsupportedStrategicMergePatchFormat  | strategic merge patch format is not supported | 400  |
 * | ErrNoListOfLists                         | lists of lists are not supported            | 422 (generic message) |
 * | ErrNoMergeKey, ErrBadArgType, ErrBadPatchType, and all others | their own text   | 500    |
 */
import { badRequest } from "@kubesim/api";
import type { ApiError } from "@kubesim/api";
import { goFormat, goTypeName } from "./go-values.js";
import { patchInternal, patchRejected } from "./patch-errors.js";

export const errBadJSONDoc = (): ApiError => badRequest("invalid JSON document");
export const errBadPatchFormatForPrimitiveList = (): ApiError =>
  badRequest("invalid patch format of primitive list");
export const errBadPatchFormatForRetainKeys = (): ApiError =>
  badRequest("invalid patch format of retainKeys");
export const errBadPatchFormatForSetElementOrderList = (): ApiError =>
  badRequest("invalid patch format of setElementOrder list");
export const errUnsupportedStrategicMergePatchFormat = (): ApiError =>
  badRequest("strategic merge patch format is not supported");
export const errNoListOfLists = (): ApiError => patchRejected("lists of lists are not supported");

/** `map: map[value:b] does not contain declared merge key: name` */
export const errNoMergeKey = (m: unknown, key: string): ApiError =>
  patchInternal(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);

/**
 * `expected a map[string]interface {}, but received a []interface {}`: the
 * expected side is always a typed (possibly nil) value, so it names its type.
 */
export const errBadArgType = (expected: string, actual: unknown): ApiError =>
  patchInternal(`expected a ${expected}, but received a ${goTypeName(actual)}`);

/** `unknown patch type: foo in map: map[$patch:foo name:a]` */
export const errBadPatchType = (t: unknown, m: unknown): ApiError =>
  patchInternal(`unknown patch type: ${goFormat(t, "s")} in map: ${goFormat(m)}`);

/** Go type names used as the `expected` side of errBadArgType. */
export const MAP_TYPE = "map[string]interface {}";
export const SLICE_TYPE = "[]interface {}";
