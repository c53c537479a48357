/**
 * What a request addresses, parsed from its path and method as
 * kube-apiserver's RequestInfoFactory parses it
 * (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go):
 *
 *   /api/v1/namespaces/default/pods/web/status
 *     -> { apiPrefix: "api", group: "", version: "v1", namespace: "default",
 *          resource: "pods", name: "web", subresource: "status", verb: "get" }
 *
 * Verbs: get, list, watch (a `watch` query parameter, or the legacy
 * /watch/ path segment), create, update, patch, delete, deletecollection.
 * Paths outside /api and /apis are not resource requests.
 */

export interface ResourceRequest {
  readonly kind: "resource";
  readonly apiPrefix: "api" | "apis";
  readonly group: string;
  readonly version: string;
  /** "" for a request without a namespace. */
  readonly namespace: string;
  readonly resource: string;
  readonly name: string;
  readonly subresource: string;
  readonly verb: Verb;
  /** Path parts past the subresource (never served: 404). */
  readonly extra: readonly string[];
}

/** A request for a discovery document: /api, /apis, /api/v1, /apis/{group}, /apis/{group}/{version}. */
export interface DiscoveryRequest {
  readonly kind: "discovery";
  readonly apiPrefix: "api" | "apis";
  readonly group?: string;
  readonly version?: string;
}

export interface OtherRequest {
  readonly kind: "other";
  readonly path: string;
}

export type RequestInfo = ResourceRequest | DiscoveryRequest | OtherRequest;

export type Verb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection"
  | "unknown";

/** Subresources of a namespace, which stay under the `namespaces` resource. */
const namespaceSubresources = new Set(["status", "finalize"]);

/** True for `watch=true`, `watch=1` and other values strconv.ParseBool reads as true. */
export function truthy(value: string | null): boolean {
  return value !== null && ["1", "t", "T", "true", "TRUE", "True"].includes(value);
}

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path
    .split("/")
    .filter((p) => p !== "")
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const prefix = parts[0];
  if (prefix !== "api" && prefix !== "apis") return { kind: "other", path };
  let rest = parts.slice(1);
  let group = "";
  if (prefix === "apis") {
    if (rest.length === 0) return { kind: "discovery", apiPrefix: "apis" };
    group = rest[0]!;
    rest = rest.slice(1);
    if (rest.length === 0) return { kind: "discovery", apiPrefix: "apis", group };
  } else if (rest.length === 0) return { kind: "discovery", apiPrefix: "api" };
  const version = rest[0]!;
  rest = rest.slice(1);
  if (rest.length === 0) return { kind: "discovery", apiPrefix: prefix, group, version };

  let legacyWatch = false;
  if (rest[0] === "watch") {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace = "";
  if (rest[0] === "namespaces") {
    if (rest.length > 1) {
      namespace = rest[1]!;
      if (rest.length > 2 && !namespaceSubresources.has(rest[2]!)) rest = rest.slice(2);
    }
  }
  const resource = rest[0] ?? "";
  const name = rest[1] ?? "";
  const subresource = rest[2] ?? "";
  const extra = rest.slice(3);
  const m = method.toUpperCase();
  let verb: Verb;
  if (legacyWatch) verb = "watch";
  else if (m === "GET" || m === "HEAD") {
    if (name !== "") verb = "get";
    else verb = truthy(query.get("watch")) ? "watch" : "list";
  } else if (m === "POST") verb = "create";
  else if (m === "PUT") verb = "update";
  else if (m === "PATCH") verb = "patch";
  else if (m === "DELETE") verb = name === "" ? "deletecollection" : "delete";
  else verb = "unknown";
  return {
    kind: "resource",
    apiPrefix: prefix,
    group,
    version,
    namespace,
    resource,
    name,
    subresource,
    verb,
    extra,
  };
}
