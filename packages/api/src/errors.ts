/**
 * Kubernetes API errors. Mirrors k8s.io/apimachinery/pkg/api/errors (errors.go)
 * and pkg/util/validation/field (errors.go): one `ApiError` class carrying a
 * metav1.Status, with the reasons, HTTP codes and message wording of kube-apiserver.
 *
 * Callers branch on `reason` / `code` through the guards, never on messages.
 */
import { GoValue, goQuote } from "./go-value.js";
import type { Status, StatusCause } from "kubernetes-types/meta/v1";

/** metav1.StatusReason values that kubesim produces. */
export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "Expired"
  | "Gone"
  | "MethodNotAllowed"
  | "Forbidden"
  | "Unauthorized"
  | "TooManyRequests"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "InternalError"
  | "Timeout";

/** HTTP status code for each reason, as kube-apiserver answers. */
export const reasonCode: Readonly<Record<StatusReason, number>> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Expired: 410,
  Gone: 410,
  MethodNotAllowed: 405,
  Forbidden: 403,
  Unauthorized: 401,
  TooManyRequests: 429,
  NotAcceptable: 406,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  InternalError: 500,
  Timeout: 504,
};

/** The group-qualified resource Kubernetes names in messages: "pods", "deployments.apps". */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group === "" ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** An error answered by the API, carrying a Kubernetes Status. */
export class ApiError extends Error {
  readonly code = "ApiError" as const;
  readonly status: Readonly<Status> & { readonly reason: StatusReason; readonly code: number };

  constructor(reason: StatusReason, message: string, details?: Status["details"]) {
    super(message);
    this.name = "ApiError";
    this.status = Object.freeze({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      ...(details === undefined ? {} : { details }),
      code: reasonCode[reason],
    });
  }

  get reason(): StatusReason {
    return this.status.reason;
  }

  get httpCode(): number {
    return this.status.code;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
export const isNotFound = (e: unknown): boolean => isApiError(e) && e.reason === "NotFound";
export const isAlreadyExists = (e: unknown): boolean =>
  isApiError(e) && e.reason === "AlreadyExists";
export const isConflict = (e: unknown): boolean => isApiError(e) && e.reason === "Conflict";
export const isInvalid = (e: unknown): boolean => isApiError(e) && e.reason === "Invalid";
export const isBadRequest = (e: unknown): boolean => isApiError(e) && e.reason === "BadRequest";
/** 410: the resourceVersion is older than the watch window (etcd compaction). */
export const isResourceExpired = (e: unknown): boolean =>
  isApiError(e) && (e.reason === "Expired" || e.reason === "Gone");

// ---- constructors, worded as k8s.io/apimachinery/pkg/api/errors words them ----

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError("NotFound", `${qualifiedResource(gr)} "${name}" not found`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError("AlreadyExists", `${qualifiedResource(gr)} "${name}" already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** A write whose resourceVersion precondition failed (optimistic concurrency). */
export function conflict(gr: GroupResource, name: string, reason: string): ApiError {
  return new ApiError(
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${reason}`,
    { name, group: gr.group, kind: gr.resource },
  );
}

export const OBJECT_MODIFIED =
  "the object has been modified; please apply your changes to the latest version and try again";

export function badRequest(message: string): ApiError {
  return new ApiError("BadRequest", message);
}

export function methodNotAllowed(verb: string, gr: GroupResource): ApiError {
  return new ApiError(
    "MethodNotAllowed",
    `${verb} is not supported on resources of kind "${qualifiedResource(gr)}"`,
    { group: gr.group, kind: gr.resource },
  );
}

export function forbidden(gr: GroupResource, name: string, reason: string): ApiError {
  const subject = name === "" ? qualifiedResource(gr) : `${qualifiedResource(gr)} "${name}"`;
  return new ApiError("Forbidden", `${subject} is forbidden: ${reason}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

export function unauthorized(message = "Unauthorized"): ApiError {
  return new ApiError("Unauthorized", message);
}

export function tooManyRequests(message: string, retryAfterSeconds = 1): ApiError {
  return new ApiError("TooManyRequests", message, { retryAfterSeconds });
}

/** Watch or list from a resourceVersion older than the retained window (410). */
export function resourceExpired(message: string): ApiError {
  return new ApiError("Expired", message);
}

/** 413, as the patch handler answers a JSON patch with too many operations. */
export function requestEntityTooLarge(message: string): ApiError {
  return new ApiError("RequestEntityTooLarge", `Request entity too large: ${message}`);
}

export function gone(message: string): ApiError {
  return new ApiError("Gone", message);
}

export function internalError(message: string): ApiError {
  return new ApiError("InternalError", `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

// ---- field errors: k8s.io/apimachinery/pkg/util/validation/field ----

export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueDuplicate"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueNotFound"
  | "InternalError";

/** One field.Error: a type, a field path such as `spec.template.spec.containers[0].name`, a value and a detail. */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly value?: unknown;
  readonly detail: string;
}

const typeText: Readonly<Record<FieldErrorType, string>> = {
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

/** Types whose message shows the offending value (field.Error.ErrorBody). */
const showsValue = new Set<FieldErrorType>([
  "FieldValueInvalid",
  "FieldValueNotSupported",
  "FieldValueDuplicate",
  "FieldValueNotFound",
]);

/**
 * Formats a value the way field.Error.ErrorBody does: strings `%q`, numbers
 * and booleans `%v`, anything else `%#v` (a []string prints as
 * `[]string{"a", "b"}`; other structures fall back to JSON).
 */
export function formatFieldValue(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v) && v.every((x) => typeof x === "string"))
    return `[]string{${v.map((x) => goQuote(x)).join(", ")}}`;
  return JSON.stringify(v);
}

/** The body of a field error, without the field path: `Invalid value: -1: must be ...`. */
export function fieldErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (showsValue.has(e.type) && "value" in e) s += `: ${formatFieldValue(e.value)}`;
  if (e.detail !== "") s += `: ${e.detail}`;
  return s;
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0` */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

export const fieldError = {
  required: (field: string, detail = ""): FieldError => ({
    type: "FieldValueRequired",
    field,
    detail,
  }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({
    type: "FieldValueInvalid",
    field,
    value,
    detail,
  }),
  notSupported: (field: string, value: unknown, supported: readonly string[]): FieldError => ({
    type: "FieldValueNotSupported",
    field,
    value,
    detail:
      supported.length === 0
        ? ""
        : `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({
    type: "FieldValueForbidden",
    field,
    detail,
  }),
  duplicate: (field: string, value: unknown): FieldError => ({
    type: "FieldValueDuplicate",
    field,
    value,
    detail: "",
  }),
  tooLong: (field: string, max: number): FieldError => ({
    type: "FieldValueTooLong",
    field,
    detail: `may not be more than ${max} bytes`,
  }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: "FieldValueTooMany",
    field,
    detail: `must have at most ${max} items`,
    value: actual,
  }),
  notFound: (field: string, value: unknown): FieldError => ({
    type: "FieldValueNotFound",
    field,
    value,
    detail: "",
  }),
} as const;

/**
 * 422 Invalid: `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...`.
 * Several errors are listed in brackets, joined by ", ", as utilerrors.NewAggregate prints them.
 */
export function invalid(
  kind: { readonly group: string; readonly kind: string },
  name: string,
  errs: readonly FieldError[],
): ApiError {
  const qualifiedKind = kind.group === "" ? kind.kind : `${kind.kind}.${kind.group}`;
  const strs = errs.map(fieldErrorString);
  const agg = strs.length === 1 ? strs[0]! : `[${strs.join(", ")}]`;
  const causes: StatusCause[] = errs.map((e) => ({
    reason: e.type,
    message: fieldErrorBody(e),
    field: e.field,
  }));
  return new ApiError("Invalid", `${qualifiedKind} "${name}" is invalid: ${agg}`, {
    name,
    group: kind.group,
    kind: kind.kind,
    causes,
  });
}

/** Raised for bugs: a state that "cannot happen", with the values that show it did. */
export class InvariantError extends Error {
  readonly code = "InvariantError" as const;
  constructor(message: string) {
    super(message);
    this.name = "InvariantError";
  }
}
export const isInvariantError = (e: unknown): e is InvariantError => e instanceof InvariantError;
