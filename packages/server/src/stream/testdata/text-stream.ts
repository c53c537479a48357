/**
 * Test helper: a streamed text response (`logs -f`) read as it arrives.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { KubesimServer } from "../../server.js";
import { systemWallClock } from "../../pacer.js";

export interface TextStream {
  readonly status: Promise<number>;
  readonly headers: Promise<Record<string, string | string[] | undefined>>;
  text(): string;
  /** Resolves once the text matches (or rejects after `ms` of wall time). */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves when the server ends the response. */
  readonly ended: Promise<void>;
  close(): void;
}

export function textStream(server: KubesimServer, path: string): TextStream {
  let text = "";
  let resolveStatus!: (n: number) => void;
  let resolveHeaders!: (h: Record<string, string | string[] | undefined>) => void;
  let resolveEnded!: () => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const headers = new Promise<Record<string, string | string[] | undefined>>(
    (r) => (resolveHeaders = r),
  );
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const waiters = new Set<() => void>();
  const req = (server.secure ? httpsRequest : httpRequest)(`${server.url}${path}`, {
    headers: server.token === undefined ? {} : { Authorization: `Bearer ${server.token}` },
    ...(server.caCert === undefined ? {} : { ca: server.caCert }),
  });
  req.on("response", (res) => {
    resolveStatus(res.statusCode ?? 0);
    resolveHeaders(res.headers);
    res.on("data", (c: Buffer) => {
      text += c.toString("utf8");
      for (const w of [...waiters]) w();
    });
    res.on("end", () => resolveEnded());
    res.on("close", () => resolveEnded());
  });
  req.on("error", () => resolveEnded());
  req.end();
  return {
    status,
    headers,
    ended,
    text: () => text,
    waitFor(pattern, ms = 5000) {
      if (pattern.test(text)) return Promise.resolve(text);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          waiters.delete(check);
          cancel();
          resolve(text);
        };
        const cancel = systemWallClock.setTimer(ms, () => {
          waiters.delete(check);
          reject(new Error(`no ${String(pattern)} in ${JSON.stringify(text)}`));
        });
        waiters.add(check);
      });
    },
    close: () => req.destroy(),
  };
}
