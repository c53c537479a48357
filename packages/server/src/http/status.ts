/**
 * Answers as kube-apiserver writes them: objects as JSON, failures as a
 * metav1.Status with the reason, message, details and HTTP code of the
 * error (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/
 * status.go ErrorToAPIStatus, writers.go WriteObjectNegotiated). Empty
 * `details` fields are left out, as Go's `omitempty` leaves them out.
 */
import type { ServerResponse } from "node:http";
import { ApiError, isApiError, type StatusReason } from "@kubesim/api";
import type { Status, StatusDetails } from "kubernetes-types/meta/v1";

/** The Status of an error; anything but an ApiError is a 500 InternalError (a kubesim bug). */
export function statusOf(e: unknown): Status & { code: number } {
  if (isApiError(e)) return cleanStatus(e.status);
  const message = e instanceof Error ? e.message : String(e);
  return cleanStatus(
    new ApiError("InternalError", `Internal error occurred: ${message}`, {
      causes: [{ message }],
    }).status,
  );
}

/** A Status with the given reason and message (no details). */
export function statusFor(reason: StatusReason, message: string): Status & { code: number } {
  return cleanStatus(new ApiError(reason, message).status);
}

/** A Status as Go encodes it: empty fields left out. */
export function cleanStatus(s: Status): Status & { code: number } {
  const details = s.details === undefined ? undefined : cleanDetails(s.details);
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: s.status ?? "Failure",
    ...(s.message === undefined || s.message === "" ? {} : { message: s.message }),
    ...(s.reason === undefined || s.reason === "" ? {} : { reason: s.reason }),
    ...(details === undefined ? {} : { details }),
    code: s.code ?? 500,
  };
}

function cleanDetails(d: StatusDetails): StatusDetails {
  const out: Record<string, unknown> = {};
  if (d.name) out["name"] = d.name;
  if (d.group) out["group"] = d.group;
  if (d.kind) out["kind"] = d.kind;
  if (d.uid) out["uid"] = d.uid;
  if (d.causes !== undefined && d.causes.length > 0) out["causes"] = d.causes;
  if (d.retryAfterSeconds) out["retryAfterSeconds"] = d.retryAfterSeconds;
  return out as StatusDetails;
}

export const JSON_TYPE = "application/json";

/** Writes `body` as JSON with `code`; extra headers (Warning, Retry-After) beside. */
export function writeJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | readonly string[]> = {},
  contentType = JSON_TYPE,
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body) + "\n";
  res.writeHead(code, {
    ...headers,
    "Content-Type": contentType,
    "Cache-Control": "no-cache, private",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Writes the Status of `e` with its code (and Retry-After for 429). */
export function writeError(
  res: ServerResponse,
  e: unknown,
  headers: Record<string, string | readonly string[]> = {},
): Status & { code: number } {
  const status = statusOf(e);
  const retry = status.details?.retryAfterSeconds;
  writeJson(res, status.code, status, {
    ...headers,
    ...(retry === undefined ? {} : { "Retry-After": String(retry) }),
  });
  return status;
}
