/**
 * The pods' streaming subresources as plain HTTP requests: `log` is served
 * here; `exec` and `attach` only work as an upgraded connection (see
 * ../upgrade.ts), so a request that reaches the ordinary handler gets, once
 * the pod and container check out, kube-apiserver's 400 `Upgrade request
 * required` (staging/src/k8s.io/apimachinery/pkg/util/proxy/
 * upgradeaware.go, UpgradeRequired). These are kube-apiserver's
 * long-running subresources: no in-flight limit applies to them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { badRequest } from "@kubesim/api";
import type { ResourceRequest } from "../http/request-info.js";
import { methodNotAllowed, notFoundResource } from "../rest/resource.js";
import type { StreamContext } from "./context.js";
import { streamOptionsOf } from "./exec-options.js";
import { serveLog, type LogEnd } from "./log.js";
import { streamTarget } from "./pod-target.js";

export const STREAM_SUBRESOURCES: ReadonlySet<string> = new Set(["log", "exec", "attach"]);

/** True for GET …/pods/NAME/{log,exec,attach}: handled by servePodStream. */
export function isPodStream(info: ResourceRequest): boolean {
  return (
    info.group === "" &&
    info.resource === "pods" &&
    info.name !== "" &&
    info.namespace !== "" &&
    STREAM_SUBRESOURCES.has(info.subresource)
  );
}

export function servePodStream(
  ctx: StreamContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: ResourceRequest,
  query: URLSearchParams,
  onEnd: LogEnd,
): void {
  if (info.extra.length > 0) throw notFoundResource();
  if (info.subresource === "log") {
    serveLog(ctx, req, res, info.namespace, info.name, query, onEnd);
    return;
  }
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "POST") throw methodNotAllowed();
  ctx.run(() => {
    const options = streamOptionsOf(query, info.subresource as "exec" | "attach");
    streamTarget(ctx.client, info.namespace, info.name, options.container);
  });
  throw badRequest("Upgrade request required");
}
