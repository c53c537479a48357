/**
 * HTTP/1.1 on a forwarded connection: the bytes a client (curl, a browser)
 * sends through `kubectl port-forward` are parsed into requests (RFC 9112:
 * request line, headers, a body by Content-Length or chunked, pipelined
 * requests one after another), and each answer of the pod's port is written
 * back as a response with its Content-Length, as the application in the
 * container would write it.
 */
import { STATUS_CODES } from "node:http";

export interface ParsedRequest {
  readonly method: string;
  /** The request target (path with query). */
  readonly path: string;
  readonly version: string;
  /** Header names as sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** `Connection: close`, or HTTP/1.0 without keep-alive. */
  readonly close: boolean;
}

export type ParseResult =
  | { readonly kind: "request"; readonly request: ParsedRequest }
  | { readonly kind: "incomplete" }
  | { readonly kind: "bad" };

/** Largest request head accepted (Go's http.DefaultMaxHeaderBytes is 1 MiB). */
const MAX_HEAD = 1 << 20;

/** Accumulates the bytes of one connection and yields its requests in order. */
export class RequestParser {
  private buf: Buffer = Buffer.alloc(0);

  push(bytes: Buffer): void {
    this.buf = this.buf.length === 0 ? bytes : Buffer.concat([this.buf, bytes]);
  }

  /** The next whole request, if the bytes hold one. */
  next(): ParseResult {
    // Blank lines before a request line are allowed (RFC 9112 §2.2).
    let start = 0;
    while (this.buf[start] === 0x0d || this.buf[start] === 0x0a) start++;
    const end = this.buf.indexOf("\r\n\r\n", start);
    if (end < 0)
      return this.buf.length - start > MAX_HEAD ? { kind: "bad" } : { kind: "incomplete" };
    const head = this.buf.toString("latin1", start, end).split("\r\n");
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(1\.[01])$/.exec(head[0] ?? "");
    if (m === null) return { kind: "bad" };
    const headers: Record<string, string> = {};
    const lower = new Map<string, string>();
    for (const line of head.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0) return { kind: "bad" };
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      const prev = lower.get(name.toLowerCase());
      headers[prev ?? name] = prev === undefined ? value : `${headers[prev]}, ${value}`;
      lower.set(name.toLowerCase(), prev ?? name);
    }
    const get = (n: string) => {
      const k = lower.get(n);
      return k === undefined ? undefined : headers[k];
    };
    let bodyEnd = end + 4;
    const te = get("transfer-encoding");
    if (te !== undefined && /chunked\s*$/i.test(te)) {
      const after = this.chunkedEnd(bodyEnd);
      if (after === "bad") return { kind: "bad" };
      if (after === undefined) return { kind: "incomplete" };
      bodyEnd = after;
    } else {
      const cl = get("content-length");
      if (cl !== undefined) {
        if (!/^\d+$/.test(cl)) return { kind: "bad" };
        const n = Number(cl);
        if (this.buf.length < bodyEnd + n) return { kind: "incomplete" };
        bodyEnd += n;
      }
    }
    this.buf = this.buf.subarray(bodyEnd);
    const version = m[3]!;
    const connection = (get("connection") ?? "").toLowerCase();
    const close =
      connection.includes("close") || (version === "1.0" && !connection.includes("keep-alive"));
    return {
      kind: "request",
      request: { method: m[1]!, path: m[2]!, version, headers, close },
    };
  }

  /** Where a chunked body ends (after its trailer), undefined while incomplete. */
  private chunkedEnd(from: number): number | undefined | "bad" {
    let off = from;
    for (;;) {
      const eol = this.buf.indexOf("\r\n", off);
      if (eol < 0) return undefined;
      const size = parseInt(this.buf.toString("latin1", off, eol).split(";")[0]!.trim(), 16);
      if (!Number.isFinite(size) || size < 0) return "bad";
      off = eol + 2;
      if (size === 0) {
        // Trailer fields, then an empty line.
        for (;;) {
          const e = this.buf.indexOf("\r\n", off);
          if (e < 0) return undefined;
          const empty = e === off;
          off = e + 2;
          if (empty) return off;
        }
      }
      if (this.buf.length < off + size + 2) return undefined;
      off += size + 2;
    }
  }
}

/** A response as the container's HTTP server writes it. */
export function formatResponse(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
  options: { head?: boolean; close?: boolean } = {},
): Buffer {
  const payload = Buffer.from(body, "utf8");
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "status code " + status}`];
  const skip = new Set(["content-length", "transfer-encoding", "connection"]);
  for (const [k, v] of Object.entries(headers))
    if (!skip.has(k.toLowerCase())) lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${payload.length}`);
  if (options.close === true) lines.push("Connection: close");
  const head = Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1");
  return options.head === true ? head : Buffer.concat([head, payload]);
}

/** What Go's net/http answers a request it cannot parse. */
export const BAD_REQUEST_RESPONSE = Buffer.from(
  "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request",
  "latin1",
);
