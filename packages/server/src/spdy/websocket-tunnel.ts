/**
 * The WebSocket tunnel of kubectl 1.31+ port-forward: the client offers
 * `Sec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io`, the server accepts
 * it, and from then on every binary message carries SPDY bytes either way
 * (client-go tools/portforward tunneling_connection.go, apiserver
 * util/proxy/streamtunnel.go). Closing sends a normal close frame (1000).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData } from "ws";
import type { ByteChannel, SpdyServerConnection } from "./connection.js";

/** constants.WebsocketsSPDYTunnelingPrefix */
export const TUNNELING_PREFIX = "SPDY/3.1+";

/** The SPDY protocols offered through the tunnel (prefix removed, ending in .k8s.io). */
export function tunnelProtocols(req: IncomingMessage): string[] {
  return (req.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.startsWith(TUNNELING_PREFIX) && p.endsWith(".k8s.io"))
    .map((p) => p.slice(TUNNELING_PREFIX.length));
}

function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Completes the WebSocket handshake with `SPDY/3.1+<protocol>` and runs a SPDY connection inside. */
export function acceptTunnel(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  protocol: string,
  open: (channel: ByteChannel) => SpdyServerConnection,
): void {
  const chosen = TUNNELING_PREFIX + protocol;
  const server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  // ws refuses sub-protocols that are not RFC 7230 tokens, and "SPDY/3.1+…"
  // has a "/" (gorilla/websocket, on kube-apiserver, takes it as is): the
  // offer is taken out of ws's sight and the choice written into the 101.
  delete req.headers["sec-websocket-protocol"];
  server.on("headers", (headers: string[]) => headers.push(`Sec-WebSocket-Protocol: ${chosen}`));
  server.handleUpgrade(req, socket, head, (ws) => {
    const conn = open({
      write: (b) => {
        if (ws.readyState === ws.OPEN) ws.send(b, { binary: true });
      },
      end: () => ws.close(1000),
    });
    ws.on("message", (data) => conn.receive(bytesOf(data)));
    ws.on("close", () => conn.transportClosed());
    ws.on("error", () => ws.terminate());
  });
}
