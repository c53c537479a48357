/**
 * Streaming over SPDY/3.1 for `kubesim serve`: exec, attach and
 * port-forward as kubectl 1.27–1.29 speak them (and later kubectl's
 * fallback), plus the port-forward tunnel of kubectl 1.31+ (SPDY frames in
 * binary WebSocket messages, sub-protocol `SPDY/3.1+portforward.k8s.io`).
 * Mirrors what kube-apiserver and the kubelet do together for
 * /api/v1/namespaces/{ns}/pods/{name}/{exec,attach,portforward}.
 *
 *   http.on("upgrade", (req, socket, head) => {
 *     if (isSpdyUpgrade(req)) handleSpdyUpgrade(req, socket, head, ctx);
 *     else if (isPortForwardTunnel(req)) handlePortForwardWebSocket(req, socket, head, ctx);
 *   });
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { isApiError } from "@kubesim/api";
import type { Logger } from "pino";
import type { StreamContext } from "../stream/context.js";
import { streamOptionsOf, type StreamOptions } from "../stream/exec-options.js";
import { kubeletRefusal, streamTarget, type PodTarget } from "../stream/pod-target.js";
import { SpdyServerConnection, type ByteChannel, type SpdyStream } from "./connection.js";
import {
  hasSpdyUpgradeHeaders,
  negotiate,
  plainError,
  PORT_FORWARD_PROTOCOLS,
  REMOTE_COMMAND_PROTOCOLS,
  statusError,
  writeRefusal,
  writeSpdySwitch,
  type Refusal,
} from "./handshake.js";
import { portForwardHandler, rejectPortForwardStream } from "./portforward.js";
import {
  clusterPortForwardAdapter,
  type PortForwardAdapter,
  type UpgradeRefusal,
} from "./portforward-adapter.js";
import { serveRemoteCommand, waitForStreams } from "./remotecommand.js";
import { streamingRequest, type StreamingRequest } from "./route.js";
import { acceptTunnel, tunnelProtocols } from "./websocket-tunnel.js";

export interface SpdyContext {
  /** The cluster, the sim loop and wall-time timers, as the WebSocket streams have them. */
  readonly stream: StreamContext;
  /** The bearer token every request needs; undefined serves anonymously. */
  readonly token: string | undefined;
  readonly logger?: Logger;
  /** How port-forward reaches the cluster (default: the cluster's kubelets and pod network). */
  readonly portForward?: PortForwardAdapter;
  /** kubelet's --streaming-connection... stream creation timeout (default 30 s of wall time). */
  readonly streamCreationTimeoutMs?: number;
}

export type { PortForwardAdapter, PortForwardTarget } from "./portforward-adapter.js";
export { clusterPortForwardAdapter } from "./portforward-adapter.js";

const STREAM_CREATION_TIMEOUT = 30_000;

/** `Upgrade: SPDY/3.1` (what kubectl sends for exec, attach and port-forward). */
export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return /spdy\/3\.1/i.test(req.headers.upgrade ?? "");
}

/** A WebSocket upgrade offering `SPDY/3.1+portforward.k8s.io` (kubectl 1.31+ port-forward). */
export function isPortForwardTunnel(req: IncomingMessage): boolean {
  return /websocket/i.test(req.headers.upgrade ?? "") && tunnelProtocols(req).length > 0;
}

function refusalOf(r: UpgradeRefusal): Refusal {
  return r.kind === "status" ? statusError(r.error) : plainError(r.code, r.text);
}

function log(ctx: SpdyContext, req: IncomingMessage, code: number, extra: object = {}): void {
  ctx.logger?.info(
    { verb: req.method, uri: req.url, code, userAgent: req.headers["user-agent"], ...extra },
    "request",
  );
}

/** exec, attach or portforward over SPDY/3.1: the checks, the 101, then the streams. */
export function handleSpdyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: SpdyContext,
): void {
  socket.on("error", () => socket.destroy());
  const refuse = (r: Refusal) => {
    writeRefusal(socket, r);
    log(ctx, req, r.code);
  };
  try {
    const route = streamingRequest(req, ctx.token);
    if ("code" in route) return refuse(route);
    const started =
      route.subresource === "portforward"
        ? openPortForward(req, route, ctx)
        : openRemoteCommand(req, route, ctx);
    if ("code" in started) return refuse(started);
    if (!hasSpdyUpgradeHeaders(req))
      return refuse(plainError(400, "unable to upgrade: missing upgrade headers in request"));
    writeSpdySwitch(socket, started.protocol);
    log(ctx, req, 101, { protocol: started.protocol });
    const conn = new SpdyServerConnection(
      { write: (b) => void (socket.writable && socket.write(b)), end: () => socket.end() },
      (s) => started.onStream(s, conn),
      started.reject,
      (ms, fn) => ctx.stream.setWallTimer(ms, fn),
    );
    socket.on("data", (d: Buffer) => conn.receive(d));
    socket.on("close", () => conn.transportClosed());
    started.opened(conn);
    if (head.length > 0) conn.receive(head);
  } catch (e) {
    ctx.logger?.error({ err: e, uri: req.url }, "internal error");
    writeRefusal(socket, plainError(500, "Internal error occurred"));
  }
}

/** What a streaming protocol needs once upgraded. */
interface Opened {
  readonly protocol: string;
  onStream(s: SpdyStream, conn: SpdyServerConnection): void;
  readonly reject?: (s: SpdyStream) => string | undefined;
  opened(conn: SpdyServerConnection): void;
}

function openRemoteCommand(
  req: IncomingMessage,
  route: StreamingRequest,
  ctx: SpdyContext,
): Opened | Refusal {
  const kind = route.subresource === "attach" ? "attach" : "exec";
  let checked: {
    target: PodTarget;
    options: StreamOptions | string;
    refused: { code: number; message: string } | undefined;
  };
  try {
    // kube-apiserver's streamLocation (pod, container, node), then the kubelet's checks.
    checked = ctx.stream.run(() => {
      const target = streamTarget(
        ctx.stream.client,
        route.namespace,
        route.pod,
        route.query.get("container") ?? "",
      );
      const refused = kubeletRefusal(ctx.stream.cluster, target);
      try {
        return { target, options: streamOptionsOf(route.query, kind), refused };
      } catch (e) {
        if (!isApiError(e)) throw e;
        return { target, options: e.message, refused };
      }
    });
  } catch (e) {
    if (isApiError(e)) return statusError(e);
    throw e;
  }
  const { target, options, refused } = checked;
  if (refused !== undefined) return plainError(refused.code, refused.message);
  if (typeof options === "string") return plainError(400, options);
  const negotiated = negotiate(req, REMOTE_COMMAND_PROTOCOLS);
  if ("code" in negotiated) return negotiated;
  const protocol = negotiated.protocol;
  let connection: SpdyServerConnection | undefined;
  const waiter = waitForStreams(protocol, options, (streams) =>
    serveRemoteCommand(
      ctx.stream,
      {
        target,
        kind,
        command: options.command,
        stdin: options.stdin,
        tty: options.tty,
      },
      protocol,
      streams,
      connection!,
    ),
  );
  return {
    protocol,
    onStream: (s) => waiter.onStream(s),
    opened(conn) {
      connection = conn;
      const cancel = ctx.stream.setWallTimer(
        ctx.streamCreationTimeoutMs ?? STREAM_CREATION_TIMEOUT,
        () => {
          // "timed out waiting for client to create streams"
          if (!waiter.complete) conn.close();
        },
      );
      conn.onClose(cancel);
    },
  };
}

function openPortForward(
  req: IncomingMessage,
  route: StreamingRequest,
  ctx: SpdyContext,
): Opened | Refusal {
  const adapter = ctx.portForward ?? clusterPortForwardAdapter(ctx.stream);
  const target = adapter.portForwardTarget(route.namespace, route.pod);
  if ("kind" in target) return refusalOf(target);
  const negotiated = negotiate(req, PORT_FORWARD_PROTOCOLS);
  if ("code" in negotiated) return negotiated;
  const onStream = portForwardHandler(
    adapter,
    target,
    (ms, fn) => ctx.stream.setWallTimer(ms, fn),
    ctx.streamCreationTimeoutMs ?? STREAM_CREATION_TIMEOUT,
  );
  return {
    protocol: negotiated.protocol,
    onStream,
    reject: rejectPortForwardStream,
    opened: () => undefined,
  };
}

/**
 * kubectl 1.31+ port-forward: a WebSocket whose binary messages carry the
 * SPDY/3.1 connection (apiserver's util/proxy/streamtunnel.go).
 */
export function handlePortForwardWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: SpdyContext,
): void {
  socket.on("error", () => socket.destroy());
  const refuse = (r: Refusal) => {
    writeRefusal(socket, r);
    log(ctx, req, r.code);
  };
  try {
    const route = streamingRequest(req, ctx.token);
    if ("code" in route) return refuse(route);
    if (route.subresource !== "portforward")
      return refuse(plainError(400, "unable to upgrade: no tunneling spdy protocols provided"));
    const adapter = ctx.portForward ?? clusterPortForwardAdapter(ctx.stream);
    const protocols = tunnelProtocols(req);
    if (protocols.length === 0)
      return refuse(plainError(400, "unable to upgrade: no tunneling spdy protocols provided"));
    const chosen = protocols.find((p) => (PORT_FORWARD_PROTOCOLS as readonly string[]).includes(p));
    const target = adapter.portForwardTarget(route.namespace, route.pod);
    if ("kind" in target) return refuse(refusalOf(target));
    if (chosen === undefined)
      return refuse({
        ...plainError(
          403,
          `unable to upgrade: unable to negotiate protocol: client supports [${protocols.join(" ")}], server accepts [${PORT_FORWARD_PROTOCOLS.join(" ")}]`,
        ),
      });
    const onStream = portForwardHandler(
      adapter,
      target,
      (ms, fn) => ctx.stream.setWallTimer(ms, fn),
      ctx.streamCreationTimeoutMs ?? STREAM_CREATION_TIMEOUT,
    );
    acceptTunnel(req, socket, head, chosen, (channel: ByteChannel) => {
      log(ctx, req, 101, { protocol: `SPDY/3.1+${chosen}` });
      const conn = new SpdyServerConnection(
        channel,
        (s) => onStream(s, conn),
        rejectPortForwardStream,
        (ms, fn) => ctx.stream.setWallTimer(ms, fn),
      );
      return conn;
    });
  } catch (e) {
    ctx.logger?.error({ err: e, uri: req.url }, "internal error");
    writeRefusal(socket, plainError(500, "Internal error occurred"));
  }
}
