/**
 * exec and attach over WebSocket (kubectl 1.30+, client libraries): the
 * upgrade, the channel protocol, and an ExecSession behind it. Mirrors
 * staging/src/k8s.io/apiserver/pkg/util/proxy/websocket.go and
 * streamtranslator.go (kube-apiserver's v5 server: an empty message on the
 * lowest writable channel once the connection is up, the Status on the
 * error channel at the end, then a close frame, the client closing the
 * connection) and the kubelet's v4 and older websocket servers
 * (pkg/kubelet/cri/streaming/remotecommand/websocket.go).
 *
 * The pod and container are checked before the upgrade (a 4xx Status
 * answers the handshake); what the kubelet refuses afterwards (a container
 * not running) comes on the error channel, as through kube-apiserver.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { badRequest } from "@kubesim/api";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { ResourceRequest } from "../http/request-info.js";
import {
  CHANNEL_PROTOCOLS,
  decodeFrame,
  encodeFrame,
  errorChannelPayload,
  negotiate,
  STREAM_ERROR,
  STREAM_RESIZE,
  STREAM_STDERR,
  STREAM_STDIN,
  STREAM_STDOUT,
  type ChannelProtocol,
} from "./channel-protocol.js";
import type { StreamContext } from "./context.js";
import { streamOptionsOf, type StreamOptions } from "./exec-options.js";
import { ExecSession, ResizeReader } from "./exec-session.js";
import { outcomeStatus } from "./exec-status.js";
import { streamTarget, type PodTarget } from "./pod-target.js";

/** Writes a Status as the answer to a refused handshake. */
export type RefuseUpgrade = (e: unknown) => void;

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

function offeredProtocols(req: IncomingMessage): string[] {
  const h = req.headers["sec-websocket-protocol"];
  if (h === undefined) return [];
  return h
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

export function serveExecWebSocket(
  ctx: StreamContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  info: ResourceRequest,
  query: URLSearchParams,
  refuse: RefuseUpgrade,
): void {
  const kind = info.subresource as "exec" | "attach";
  let options: StreamOptions;
  let target: PodTarget;
  let protocol: ChannelProtocol;
  try {
    if ((req.method ?? "GET").toUpperCase() !== "GET")
      throw badRequest("a WebSocket upgrade must be a GET request");
    ({ options, target } = ctx.run(() => {
      const o = streamOptionsOf(query, kind);
      return {
        options: o,
        target: streamTarget(ctx.client, info.namespace, info.name, o.container),
      };
    }));
    const offered = offeredProtocols(req);
    const chosen = negotiate(offered);
    if (chosen === undefined)
      throw badRequest(
        `requested protocol(s) are not supported: [${offered.join(" ")}]; supports [${CHANNEL_PROTOCOLS.map((p) => p.name).join(" ")}]`,
      );
    protocol = chosen;
  } catch (e) {
    refuse(e);
    return;
  }
  const server = protocol.name === "" ? wss : protocolServer(protocol.name);
  server.handleUpgrade(req, socket, head, (ws) => run(ctx, ws, protocol, options, target, kind));
}

const servers = new Map<string, WebSocketServer>();

/** A server that answers with this subprotocol (ws asks handleProtocols for the choice). */
function protocolServer(name: string): WebSocketServer {
  let s = servers.get(name);
  if (s === undefined) {
    s = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      handleProtocols: () => name,
    });
    servers.set(name, s);
  }
  return s;
}

function run(
  ctx: StreamContext,
  ws: WebSocket,
  protocol: ChannelProtocol,
  options: StreamOptions,
  target: PodTarget,
  kind: "exec" | "attach",
): void {
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(encodeFrame(protocol, channel, data), { binary: !protocol.base64 });
  };
  // The lowest writable channel says the connection is up.
  send(
    options.stdout ? STREAM_STDOUT : options.stderr ? STREAM_STDERR : STREAM_ERROR,
    Buffer.alloc(0),
  );
  // Nothing arrives before this function returns (events come on later ticks).
  const session = ExecSession.start(
    ctx,
    { target, kind, command: options.command, stdin: options.stdin, tty: options.tty },
    {
      stdout: (text) => {
        if (options.stdout) send(STREAM_STDOUT, Buffer.from(text, "utf8"));
      },
      stderr: (text) => {
        if (options.stderr) send(STREAM_STDERR, Buffer.from(text, "utf8"));
      },
      exit: (outcome) => {
        const payload = errorChannelPayload(protocol, outcomeStatus(outcome));
        if (payload !== undefined) send(STREAM_ERROR, payload);
        if (ws.readyState === ws.OPEN) ws.close(1000);
      },
    },
  );
  const resize = new ResizeReader();
  ws.on("message", (raw: RawData) => {
    const message = Array.isArray(raw)
      ? Buffer.concat(raw)
      : Buffer.isBuffer(raw)
        ? raw
        : Buffer.from(raw);
    const frame = decodeFrame(protocol, message);
    if (frame === undefined) return;
    if (frame.kind === "invalid") {
      ctx.logger.debug({ why: frame.why }, "exec stream protocol error");
      ws.close(1002);
      return;
    }
    if (frame.kind === "close") {
      if (frame.channel === STREAM_STDIN) session.closeStdin();
      return;
    }
    if (frame.channel === STREAM_STDIN && options.stdin) session.write(frame.data);
    else if (frame.channel === STREAM_RESIZE)
      for (const size of resize.read(frame.data)) session.resize(size);
  });
  ws.on("error", (e) => ctx.logger.debug({ err: e }, "exec websocket error"));
  ws.on("close", () => session.close());
}
