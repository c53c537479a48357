/**
 * The upgrade handshake of a streaming request: the sub-protocol negotiation
 * (k8s.io/apimachinery/pkg/util/httpstream/httpstream.go Handshake: the
 * client's first X-Stream-Protocol-Version the server supports), the check
 * of the upgrade headers (httpstream/spdy/upgrade.go UpgradeResponse), and
 * the raw HTTP answers written on the socket before or instead of
 * `101 Switching Protocols`.
 */
import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { ApiError } from "@kubesim/api";
import { cleanStatus } from "../http/status.js";

export const HEADER_PROTOCOL_VERSION = "X-Stream-Protocol-Version";
export const HEADER_ACCEPTED_PROTOCOL_VERSIONS = "X-Accepted-Stream-Protocol-Versions";

/** remotecommand over SPDY: v5 is WebSocket-only, so kubelet offers v4 down to v1. */
export const REMOTE_COMMAND_PROTOCOLS = [
  "v4.channel.k8s.io",
  "v3.channel.k8s.io",
  "v2.channel.k8s.io",
  "channel.k8s.io",
] as const;

/** pkg/kubelet/cri/streaming/portforward: PortForwardProtocolV1Name. */
export const PORT_FORWARD_PROTOCOLS = ["portforward.k8s.io"] as const;

/** A plain answer instead of the upgrade. */
export interface Refusal {
  readonly code: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string;
  readonly contentType: string;
}

/** The values of a header, split at commas (httpstream commaSeparatedHeaderValues). */
export function headerValues(req: IncomingMessage, name: string): string[] {
  const raw = req.headersDistinct[name.toLowerCase()] ?? [];
  return raw.flatMap((v) => v.split(",").map((p) => p.trim())).filter((p) => p !== "");
}

/** httpstream.Handshake: the chosen protocol, or the answer refusing the request. */
export function negotiate(
  req: IncomingMessage,
  serverProtocols: readonly string[],
): { protocol: string } | Refusal {
  const client = headerValues(req, HEADER_PROTOCOL_VERSION);
  if (client.length === 0)
    return plainError(400, `unable to upgrade: ${HEADER_PROTOCOL_VERSION} is required`);
  const chosen = client.find((p) => serverProtocols.includes(p));
  if (chosen === undefined)
    return {
      ...plainError(
        403,
        `unable to upgrade: unable to negotiate protocol: client supports [${client.join(" ")}], server accepts [${serverProtocols.join(" ")}]`,
      ),
      headers: { [HEADER_ACCEPTED_PROTOCOL_VERSIONS]: [...serverProtocols] },
    };
  return { protocol: chosen };
}

/** spdy.responseUpgrader: Connection must name Upgrade and Upgrade must name SPDY/3.1. */
export function hasSpdyUpgradeHeaders(req: IncomingMessage): boolean {
  const connection = (req.headers.connection ?? "").toLowerCase();
  const upgrade = (req.headers.upgrade ?? "").toLowerCase();
  return connection.includes("upgrade") && upgrade.includes("spdy/3.1");
}

/** http.Error: text/plain, nosniff, the message and a newline. */
export function plainError(code: number, message: string): Refusal {
  return {
    code,
    headers: { "X-Content-Type-Options": "nosniff" },
    body: `${message}\n`,
    contentType: "text/plain; charset=utf-8",
  };
}

/** kube-apiserver's own failure: a Status as JSON. */
export function statusError(e: ApiError): Refusal {
  const status = cleanStatus(e.status);
  return {
    code: status.code,
    headers: { "Cache-Control": "no-cache, private" },
    body: JSON.stringify(status) + "\n",
    contentType: "application/json",
  };
}

/** Writes a refusal on the raw socket and closes it. */
export function writeRefusal(socket: Duplex, r: Refusal): void {
  const body = Buffer.from(r.body, "utf8");
  const lines = [
    `HTTP/1.1 ${r.code} ${STATUS_CODES[r.code] ?? ""}`,
    `Content-Type: ${r.contentType}`,
  ];
  for (const [k, v] of Object.entries(r.headers))
    for (const one of typeof v === "string" ? [v] : v) lines.push(`${k}: ${one}`);
  lines.push(`Content-Length: ${body.length}`, "Connection: close");
  if (socket.writable)
    socket.end(Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1"), body]));
  else socket.destroy();
}

/** `101 Switching Protocols` to SPDY/3.1 with the chosen protocol. */
export function writeSpdySwitch(socket: Duplex, protocol: string): void {
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\n" +
      "Connection: Upgrade\r\n" +
      "Upgrade: SPDY/3.1\r\n" +
      `${HEADER_PROTOCOL_VERSION}: ${protocol}\r\n\r\n`,
  );
}
