/**
 * Which pod subresource a streaming request addresses:
 * /api/v1/namespaces/{namespace}/pods/{name}/{exec|attach|portforward},
 * read with kube-apiserver's RequestInfoFactory (../http/request-info.ts),
 * and the checks every request passes before its upgrade (the bearer token,
 * as the filter chain checks it for any request).
 */
import type { IncomingMessage } from "node:http";
import { bearerMatches, UNAUTHORIZED_STATUS } from "../auth.js";
import { splitUrl } from "../handler.js";
import { requestInfo } from "../http/request-info.js";
import type { Refusal } from "./handshake.js";

export type StreamingSubresource = "exec" | "attach" | "portforward";

export interface StreamingRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly subresource: StreamingSubresource;
  readonly query: URLSearchParams;
}

const NOT_FOUND: Refusal = {
  code: 404,
  headers: { "Cache-Control": "no-cache, private" },
  contentType: "application/json",
  body:
    JSON.stringify({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "the server could not find the requested resource",
      reason: "NotFound",
      details: {},
      code: 404,
    }) + "\n",
};

/** The pod subresource asked for, or the answer refusing the request. */
export function streamingRequest(
  req: IncomingMessage,
  token: string | undefined,
): StreamingRequest | Refusal {
  if (token !== undefined && !bearerMatches(req.headers.authorization, token))
    return {
      code: 401,
      headers: { "Cache-Control": "no-cache, private" },
      contentType: "application/json",
      body: JSON.stringify(UNAUTHORIZED_STATUS) + "\n",
    };
  const url = splitUrl(req.url ?? "/");
  const info = requestInfo((req.method ?? "GET").toUpperCase(), url.pathname, url.searchParams);
  if (
    info.kind !== "resource" ||
    info.group !== "" ||
    info.version !== "v1" ||
    info.resource !== "pods" ||
    info.namespace === "" ||
    info.name === "" ||
    info.extra.length > 0 ||
    (info.subresource !== "exec" &&
      info.subresource !== "attach" &&
      info.subresource !== "portforward")
  )
    return NOT_FOUND;
  return {
    namespace: info.namespace,
    pod: info.name,
    subresource: info.subresource,
    query: url.searchParams,
  };
}
