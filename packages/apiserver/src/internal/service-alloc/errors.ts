/**
 * The Status errors of Service allocation, worded as kube-apiserver words them
 * (apimachinery/pkg/api/errors NewInvalid and NewInternalError, field.Error's
 * ErrorBody). Field values print as Go's fmt does for the registry's types:
 * strings quoted, numbers bare, and a []string (spec.clusterIPs) as `%#v`
 * prints it, `[]string{"10.96.0.5"}`.
 *
 *   Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated
 */
import { ApiError, type FieldError } from "@kubesim/api";

const typeText: Readonly<Record<FieldError["type"], string>> = {
  FieldValueRequired: "Required value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueDuplicate: "Duplicate value",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueNotFound: "Not found",
  InternalError: "Internal error",
};

const showsValue: ReadonlySet<FieldError["type"]> = new Set([
  "FieldValueInvalid",
  "FieldValueNotSupported",
  "FieldValueDuplicate",
  "FieldValueNotFound",
]);

/** A value as field.Error prints it: `%q` for strings, `%v` for numbers, `%#v` for a []string. */
export function goValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
    return `[]string{${v.map((x) => JSON.stringify(x)).join(", ")}}`;
  }
  if (v === null || v === undefined) return "null";
  return JSON.stringify(v);
}

/** field.Error.ErrorBody with Go-printed values. */
export function goErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (showsValue.has(e.type)) s += `: ${goValue(e.value)}`;
  if (e.detail !== "") s += `: ${e.detail}`;
  return s;
}

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
