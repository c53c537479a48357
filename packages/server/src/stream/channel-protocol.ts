/**
 * The channel subprotocols of exec and attach over WebSocket. Mirrors
 * staging/src/k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go
 * (each binary message starts with its channel byte: 0 stdin, 1 stdout,
 * 2 stderr, 3 error, 4 resize; the base64 variants send text messages with
 * the channel as an ASCII digit and the data base64-encoded) and
 * pkg/util/remotecommand/constants.go: v5.channel.k8s.io adds the close
 * signal (a message `[255, channel]` half-closes that stream), v4 reports
 * the end on the error channel as a JSON Status, and the older
 * channel.k8s.io writes only a failure's message there. Offered protocols
 * are tried in the client's order, as wsstream's handshake does.
 */
import type { Status } from "kubernetes-types/meta/v1";

export const STREAM_STDIN = 0;
export const STREAM_STDOUT = 1;
export const STREAM_STDERR = 2;
export const STREAM_ERROR = 3;
export const STREAM_RESIZE = 4;
/** v5: `[255, channel]` closes that channel. */
export const STREAM_CLOSE = 255;

export interface ChannelProtocol {
  readonly name: string;
  /** Text messages carrying base64 (`base64.channel.k8s.io`). */
  readonly base64: boolean;
  /** The error channel carries a JSON Status (v4, v5) rather than a bare message. */
  readonly status: boolean;
  /** Understands the close signal (v5). */
  readonly close: boolean;
}

/** What kubesim serves, newest first (v5 from kube-apiserver, the rest as the kubelet serves them). */
export const CHANNEL_PROTOCOLS: readonly ChannelProtocol[] = [
  { name: "v5.channel.k8s.io", base64: false, status: true, close: true },
  { name: "v4.channel.k8s.io", base64: false, status: true, close: false },
  { name: "v4.base64.channel.k8s.io", base64: true, status: true, close: false },
  { name: "channel.k8s.io", base64: false, status: false, close: false },
  { name: "base64.channel.k8s.io", base64: true, status: false, close: false },
];

/**
 * The protocol for the client's offer (Sec-WebSocket-Protocol, in its
 * order); none offered means channel.k8s.io; undefined when nothing fits.
 */
export function negotiate(offered: readonly string[]): ChannelProtocol | undefined {
  if (offered.length === 0)
    return { ...CHANNEL_PROTOCOLS.find((p) => p.name === "channel.k8s.io")!, name: "" };
  for (const o of offered) {
    const p = CHANNEL_PROTOCOLS.find((c) => c.name === o);
    if (p !== undefined) return p;
  }
  return undefined;
}

/** One message on `channel`. */
export function encodeFrame(p: ChannelProtocol, channel: number, data: Buffer): Buffer | string {
  if (p.base64) return String.fromCharCode(48 + channel) + data.toString("base64");
  return Buffer.concat([Buffer.from([channel]), data]);
}

export type Frame =
  | { readonly kind: "data"; readonly channel: number; readonly data: Buffer }
  | { readonly kind: "close"; readonly channel: number }
  | { readonly kind: "invalid"; readonly why: string };

/** A message from the client; undefined for an empty one (ignored, as wsstream ignores it). */
export function decodeFrame(p: ChannelProtocol, message: Buffer): Frame | undefined {
  if (message.length === 0) return undefined;
  const first = message[0]!;
  if (p.close && first === STREAM_CLOSE) {
    if (message.length !== 2)
      return {
        kind: "invalid",
        why: `Single channel byte should follow stream close signal. Got ${message.length - 1} bytes`,
      };
    return { kind: "close", channel: message[1]! };
  }
  if (p.base64)
    return {
      kind: "data",
      channel: first - 48,
      data: Buffer.from(message.subarray(1).toString("latin1"), "base64"),
    };
  return { kind: "data", channel: first, data: message.subarray(1) };
}

/** What goes on the error channel at the end; undefined when nothing does (success on v1). */
export function errorChannelPayload(
  p: Pick<ChannelProtocol, "status">,
  status: Status,
): Buffer | undefined {
  if (p.status) return Buffer.from(JSON.stringify(status), "utf8");
  if (status.status === "Success") return undefined;
  return Buffer.from(status.message ?? "", "utf8");
}
