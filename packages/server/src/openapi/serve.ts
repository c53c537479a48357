/**
 * The OpenAPI endpoints: `/openapi/v3` (the root listing each document with
 * `?hash=`), `/openapi/v3/<api/v1 | apis/g/v | api | apis | apis/g>` and
 * `/openapi/v2`. Mirrors k8s.io/kube-openapi pkg/handler3 (HandleDiscovery,
 * HandleGroupVersion: Accept negotiation, a quoted SHA-512 ETag, `Vary:
 * Accept`, a 301 to the current URL for a stale hash, `Cache-Control:
 * public, immutable` for a hashed URL) and pkg/handler (the v2 document as
 * JSON or gnostic protobuf), with net/http ServeContent's If-None-Match.
 *
 * Deviations: kube-openapi adds `Expires` one year ahead to hashed answers;
 * the server does not read the wall clock, so `max-age=31536000` says the
 * same thing. The v3 protobuf encoding is not served: an Accept offering
 * only it gets 406. An unknown document gets a 404 Status (kube-openapi
 * answers it with an empty 200).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "@kubesim/api";
import { parseAccept } from "../http/negotiate.js";
import { methodNotAllowed, notFoundResource } from "../rest/resource.js";
import type { OpenApiDocuments, Served } from "./documents.js";

export const V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
const V2_PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

/** Whether a request path is one of the OpenAPI endpoints. */
export function isOpenApiPath(path: string): boolean {
  return path === "/openapi/v2" || path === "/openapi/v3" || path.startsWith("/openapi/v3/");
}

const jsonLike = (t: string) => t === "application/json" || t === "application/*" || t === "*/*";

function notAcceptable(types: string): ApiError {
  return new ApiError("NotAcceptable", `only the following media types are accepted: ${types}`);
}

/** Writes a served document, or 304 when the client's If-None-Match already has it. */
function write(
  req: IncomingMessage,
  res: ServerResponse,
  doc: Served,
  contentType: string,
  extra: Record<string, string> = {},
): number {
  const etag = `"${doc.etag}"`;
  const headers = { ...extra, "Content-Type": contentType, ETag: etag };
  const ifNoneMatch = req.headers["if-none-match"];
  if (
    ifNoneMatch !== undefined &&
    ifNoneMatch.split(",").some((t) => t.trim() === etag || t.trim() === "*")
  ) {
    res.writeHead(304, headers);
    res.end();
    return 304;
  }
  res.writeHead(200, { ...headers, "Content-Length": doc.body.length });
  res.end(req.method === "HEAD" ? undefined : doc.body);
  return 200;
}

/**
 * Answers an OpenAPI request; returns the status code written. Throws an
 * ApiError (404, 405, 406) for the caller to answer as a Status.
 */
export function serveOpenApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  docs: OpenApiDocuments,
): number {
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") throw methodNotAllowed();
  const accept = parseAccept(req.headers.accept);

  if (path === "/openapi/v2") {
    for (const r of accept) {
      if (jsonLike(r.type))
        return write(req, res, docs.v2().json, "application/json", { Vary: "Accept" });
      if (r.type === V2_PROTOBUF || r.type === V2_PROTOBUF_DEPRECATED)
        return write(req, res, docs.v2().proto, V2_PROTOBUF, { Vary: "Accept" });
    }
    throw notAcceptable(`application/json, ${V2_PROTOBUF}`);
  }
  if (path === "/openapi/v3") return write(req, res, docs.v3().root, "application/json");

  const key = path.slice("/openapi/v3/".length);
  const doc = docs.v3().documents.get(key);
  if (doc === undefined) throw notFoundResource();
  if (!accept.some((r) => jsonLike(r.type))) throw notAcceptable("application/json");
  const hash = query.get("hash");
  if (hash !== null && hash !== "" && hash !== doc.etag) {
    res.writeHead(301, { Location: `/openapi/v3/${key}?hash=${doc.etag}`, Vary: "Accept" });
    res.end();
    return 301;
  }
  const cache =
    hash === null || hash === "" ? {} : { "Cache-Control": "public, immutable, max-age=31536000" };
  return write(req, res, doc, "application/json", { Vary: "Accept", ...cache });
}
