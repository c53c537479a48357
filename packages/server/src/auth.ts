/**
 * Authentication: a static bearer token, as kube-apiserver's
 * `--token-auth-file` authenticator checks one
 * (staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken).
 * A request without it, or with another, is answered 401 with the Status
 * kubectl reports as "You must be logged in to the server (Unauthorized)"
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters
 * /errors.go via filters/authentication.go Unauthorized). The health
 * endpoints are open, as kube-apiserver's RBAC lets anyone read them.
 */
import { timingSafeEqual, createHash } from "node:crypto";

/** Paths answered without a token. */
export function isPublicPath(path: string): boolean {
  return (
    path === "/healthz" ||
    path === "/livez" ||
    path === "/readyz" ||
    path.startsWith("/healthz/") ||
    path.startsWith("/livez/") ||
    path.startsWith("/readyz/")
  );
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** True when the Authorization header carries `Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m === null) return false;
  return timingSafeEqual(digest(m[1]!), digest(token));
}

export const UNAUTHORIZED_STATUS = Object.freeze({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "Unauthorized",
  reason: "Unauthorized",
  code: 401,
});
