/**
 * Upgraded connections (the node server's `upgrade` event): authentication
 * with the same bearer token as every request, then by the Upgrade header
 * and the path:
 *
 *   Upgrade: websocket  …/pods/NAME/exec|attach   -> stream/websocket.ts (kubectl 1.30+)
 *   Upgrade: SPDY/3.1   …/pods/NAME/exec|attach|portforward -> spdy/ (kubectl ≤ 1.29, and fallbacks)
 *   Upgrade: websocket  …/pods/NAME/portforward   -> spdy/ (SPDY tunnelled in WebSocket, 1.31+)
 *
 * As kube-apiserver's connect handlers do (pkg/registry/core/pod/rest/
 * subresources.go, then apimachinery/pkg/util/proxy/upgradeaware.go), a
 * refusal is an HTTP answer with a Status before any protocol switch.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { badRequest } from "@kubesim/api";
import type { Logger } from "pino";
import { bearerMatches, UNAUTHORIZED_STATUS } from "./auth.js";
import { splitUrl } from "./handler.js";
import { requestInfo, type ResourceRequest } from "./http/request-info.js";
import { statusOf } from "./http/status.js";
import { notFoundResource } from "./rest/resource.js";
import { handlePortForwardWebSocket, handleSpdyUpgrade, type SpdyContext } from "./spdy/index.js";
import { serveExecWebSocket } from "./stream/websocket.js";

/** The streams' context, which SPDY/3.1 (exec, attach, port-forward, the tunnel) uses as it is. */
export interface UpgradeContext extends SpdyContext {
  readonly logger: Logger;
}

const REASON_PHRASE: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
};

/** Answers a refused upgrade with the Status of `e` and closes the connection. */
export function writeSocketStatus(socket: Duplex, e: unknown): void {
  const status = e === UNAUTHORIZED_STATUS ? UNAUTHORIZED_STATUS : statusOf(e);
  const body = JSON.stringify(status) + "\n";
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status.code} ${REASON_PHRASE[status.code] ?? "Error"}\r\n` +
      "Content-Type: application/json\r\n" +
      "Cache-Control: no-cache, private\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}

/** The pod's subresource an upgrade addresses, or undefined for any other path. */
function podSubresource(info: ReturnType<typeof requestInfo>): ResourceRequest | undefined {
  if (info.kind !== "resource") return undefined;
  if (info.group !== "" || info.version !== "v1" || info.resource !== "pods") return undefined;
  if (info.namespace === "" || info.name === "" || info.extra.length > 0) return undefined;
  return ["exec", "attach", "portforward"].includes(info.subresource) ? info : undefined;
}

export function createUpgradeHandler(
  ctx: UpgradeContext,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    const refuse = (e: unknown) => writeSocketStatus(socket, e);
    try {
      if (ctx.token !== undefined && !bearerMatches(req.headers.authorization, ctx.token)) {
        refuse(UNAUTHORIZED_STATUS);
        return;
      }
      const url = splitUrl(req.url ?? "/");
      const info = podSubresource(requestInfo(req.method ?? "GET", url.pathname, url.searchParams));
      if (info === undefined) throw notFoundResource();
      const upgrade = (req.headers.upgrade ?? "").toLowerCase();
      ctx.logger.info(
        { verb: req.method, uri: req.url, upgrade, userAgent: req.headers["user-agent"] },
        "upgrade",
      );
      if (upgrade === "websocket" && info.subresource !== "portforward") {
        serveExecWebSocket(ctx.stream, req, socket, head, info, url.searchParams, refuse);
        return;
      }
      if (upgrade === "spdy/3.1") {
        handleSpdyUpgrade(req, socket, head, ctx);
        return;
      }
      if (upgrade === "websocket") {
        handlePortForwardWebSocket(req, socket, head, ctx);
        return;
      }
      throw badRequest(`unsupported upgrade protocol ${JSON.stringify(req.headers.upgrade ?? "")}`);
    } catch (e) {
      refuse(e);
    }
  };
}
