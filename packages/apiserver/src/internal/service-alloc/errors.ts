/**
 * The Status errors of Service allocation, worded as kube-apiserver words them
 * (apimachinery/pkg/api/errors NewInvalid and NewInternalError, field.Error's
 * ErrorBody). Field values print as Go's fmt does for the registry's types:
 * strings quoted, numbers bare, and a []string (spec.clusterIPs) as `%#v`
 * prints it, `[]string{"10.96.0.5"}`.
 *
 *   Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated
 */
import { ApiError, fieldErrorBody, formatFieldValue, type FieldError } from "@kubesim/api";

/** A value as field.Error prints it (kept for the allocation code's messages). */
export const goValue = formatFieldValue;

/** field.Error.ErrorBody with Go-printed values. */
export const goErrorBody = fieldErrorBody;

/** errors.NewInvalid(api.Kind("Service"), name, errs): 422 `Service "x" is invalid: ...`. */
export function serviceInvalid(name: string, errs: readonly FieldError[]): ApiError {
  const strs = errs.map((e) => `${e.field}: ${goErrorBody(e)}`);
  const agg = strs.length === 1 ? strs[0]! : `[${strs.join(", ")}]`;
  return new ApiError("Invalid", `Service "${name}" is invalid: ${agg}`, {
    name,
    group: "",
    kind: "Service",
    causes: errs.map((e) => ({ reason: e.type, message: goErrorBody(e), field: e.field })),
  });
}
