/**
 * Test helper: a `ws` client for exec and attach, speaking the channel
 * protocol, that records what each channel received.
 */
import WebSocket from "ws";
import type { KubesimServer } from "../../server.js";
import { systemWallClock } from "../../pacer.js";

export interface Refused {
  readonly refused: true;
  readonly status: number;
  readonly body: string;
}

export interface ExecClient {
  readonly refused: false;
  readonly ws: WebSocket;
  readonly protocol: string;
  /** Every message, decoded: channel and data. */
  readonly frames: { channel: number; data: Buffer }[];
  /** What a channel received so far, as text. */
  text(channel: number): string;
  /** Sends data on a channel (a binary message, or base64 text for the base64 protocols). */
  send(channel: number, data: string | Buffer): void;
  /** Sends raw bytes as one message. */
  raw(bytes: Buffer): void;
  /** Resolves once a channel's text matches (or rejects after `ms` of wall time). */
  waitFor(channel: number, pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the close code once the server closes. */
  readonly closed: Promise<number>;
}

export function connect(
  server: KubesimServer,
  path: string,
  protocols: string[] = ["v5.channel.k8s.io"],
  token: string | null | undefined = server.token,
): Promise<ExecClient | Refused> {
  const url = `${server.url.replace(/^http/, "ws")}${path}`;
  const ws = new WebSocket(url, protocols, {
    ...(server.caCert === undefined ? {} : { ca: server.caCert }),
    headers: token === null || token === undefined ? {} : { Authorization: `Bearer ${token}` },
    perMessageDeflate: false,
  });
  const frames: { channel: number; data: Buffer }[] = [];
  const waiters = new Set<() => void>();
  const base64 = () => ws.protocol.includes("base64");
  ws.on("message", (raw: Buffer, isBinary: boolean) => {
    if (!isBinary && base64()) {
      const s = raw.toString("latin1");
      frames.push({ channel: s.charCodeAt(0) - 48, data: Buffer.from(s.slice(1), "base64") });
    } else frames.push({ channel: raw[0]!, data: raw.subarray(1) });
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<number>((r) => ws.on("close", (code) => r(code)));
  const text = (channel: number) =>
    Buffer.concat(frames.filter((f) => f.channel === channel).map((f) => f.data)).toString("utf8");
  return new Promise((resolve, reject) => {
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ refused: true, status: res.statusCode ?? 0, body }));
    });
    ws.on("error", (e) => reject(e));
    ws.on("open", () =>
      resolve({
        refused: false,
        ws,
        protocol: ws.protocol,
        frames,
        text,
        closed,
        send(channel, data) {
          const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
          if (base64()) ws.send(String.fromCharCode(48 + channel) + bytes.toString("base64"));
          else ws.send(Buffer.concat([Buffer.from([channel]), bytes]));
        },
        raw: (bytes) => ws.send(bytes),
        waitFor(channel, pattern, ms = 5000) {
          if (pattern.test(text(channel))) return Promise.resolve(text(channel));
          return new Promise((ok, fail) => {
            const check = () => {
              if (!pattern.test(text(channel))) return;
              waiters.delete(check);
              cancel();
              ok(text(channel));
            };
            const cancel = systemWallClock.setTimer(ms, () => {
              waiters.delete(check);
              fail(
                new Error(`no ${String(pattern)} on ${channel}: ${JSON.stringify(text(channel))}`),
              );
            });
            waiters.add(check);
          });
        },
      }),
    );
  });
}

/** Connects and expects the upgrade to succeed. */
export async function open(
  server: KubesimServer,
  path: string,
  protocols?: string[],
): Promise<ExecClient> {
  const c = await connect(server, path, protocols);
  if (c.refused) throw new Error(`refused ${c.status}: ${c.body}`);
  return c;
}

/** `/api/v1/namespaces/default/pods/POD/exec?command=…&stdout=true…` */
export function execPath(
  pod: string,
  command: readonly string[],
  flags: Record<string, string> = { stdout: "true", stderr: "true" },
  sub = "exec",
): string {
  const q = new URLSearchParams();
  for (const c of command) q.append("command", c);
  for (const [k, v] of Object.entries(flags)) q.append(k, v);
  return `/api/v1/namespaces/default/pods/${pod}/${sub}?${q.toString()}`;
}
