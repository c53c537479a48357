/**
 * Test helpers: a raw HTTPS client for a running KubesimServer (the CA
 * trusted, the token sent unless told otherwise), and a fake wall clock.
 */
import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";
import type { KubesimServer } from "../server.js";
import { systemWallClock, type WallClock } from "../pacer.js";

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body as bytes (protobuf answers). */
  readonly bytes: Buffer;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Ask {
  readonly method?: string;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** The token to send; the server's unless given (null sends none). */
  readonly token?: string | null;
}

export function ask(server: KubesimServer, a: Ask): Promise<Answer> {
  const token = a.token === undefined ? server.token : (a.token ?? undefined);
  const headers: Record<string, string | number> = {
    Accept: "application/json",
    ...(a.body === undefined ? {} : { "Content-Type": "application/json" }),
    ...a.headers,
    ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
  };
  if (a.body !== undefined) headers["Content-Length"] = Buffer.byteLength(a.body);
  const req = (server.secure ? httpsRequest : httpRequest)(`${server.url}${a.path}`, {
    method: a.method ?? "GET",
    headers,
    ...(server.caCert === undefined ? {} : { ca: server.caCert }),
  });
  return new Promise((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          bytes,
          json: () => JSON.parse(text),
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(a.body);
  });
}

/** A watch stream: the events as they arrive, and a way to hang up. */
export interface Stream {
  readonly status: Promise<number>;
  readonly lines: unknown[];
  /** Resolves once `n` events arrived (or rejects after `ms` of wall time). */
  waitFor(n: number, ms?: number): Promise<unknown[]>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export function stream(
  server: KubesimServer,
  path: string,
  headers: Record<string, string> = {},
): Stream {
  const lines: unknown[] = [];
  let buf = "";
  const waiters: { n: number; resolve: (l: unknown[]) => void }[] = [];
  let resolveStatus!: (n: number) => void;
  let resolveEnded!: () => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const req = (server.secure ? httpsRequest : httpRequest)(`${server.url}${path}`, {
    headers: {
      Accept: "application/json",
      ...headers,
      ...(server.token === undefined ? {} : { Authorization: `Bearer ${server.token}` }),
    },
    ...(server.caCert === undefined ? {} : { ca: server.caCert }),
  });
  req.on("response", (res) => {
    resolveStatus(res.statusCode ?? 0);
    res.on("data", (c: Buffer) => {
      buf += c.toString("utf8");
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim() !== "") lines.push(JSON.parse(line));
      }
      for (const w of [...waiters])
        if (lines.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(lines.slice());
        }
    });
    res.on("end", () => resolveEnded());
    res.on("close", () => resolveEnded());
  });
  req.on("error", () => resolveEnded());
  req.end();
  return {
    status,
    lines,
    ended,
    waitFor(n, ms = 5000) {
      if (lines.length >= n) return Promise.resolve(lines.slice());
      return new Promise((resolve, reject) => {
        // Wall time, from the one clock allowed to read it.
        const cancel = systemWallClock.setTimer(ms, () =>
          reject(new Error(`only ${lines.length} of ${n} events: ${JSON.stringify(lines)}`)),
        );
        waiters.push({
          n,
          resolve: (l) => {
            cancel();
            resolve(l);
          },
        });
      });
    },
    close: () => req.destroy(),
  };
}

/** A wall clock that moves only when told to. */
export class FakeWallClock implements WallClock {
  private t = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private next = 0;
  constructor(private readonly epoch = Date.UTC(2024, 0, 1)) {}
  now(): number {
    return this.t;
  }
  epochMillis(): number {
    return this.epoch + this.t;
  }
  setTimer(ms: number, run: () => void): () => void {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, run, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  }
  /** Timers pending. */
  get pending(): number {
    return this.timers.length;
  }
  /** Moves wall time forward by `ms`, firing the timers that fall due, in order. */
  tick(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers
        .filter((x) => x.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.run();
    }
    this.t = end;
  }
}
