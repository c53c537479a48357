/**
 * The HTTP client of `kubesim ctl`: JSON to and from /sim/v1 over HTTPS,
 * trusting the kubeconfig's CA and sending its bearer token, as client-go's
 * rest client does (node:https; no other dependency). A Status answer
 * becomes the ApiError kubectl would print (`Error from server
 * (NotFound): ...`); a server that cannot be reached gets kubectl's line
 * (`The connection to the server 127.0.0.1:6443 was refused - did you
 * specify the right host or port?`).
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { ApiError } from "kubesim";

type StatusReason = ConstructorParameters<typeof ApiError>[0];
import type { Endpoint } from "./kubeconfig.js";

/** A failure on the way to the server (no answer, or not JSON). */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionError";
  }
}

export interface SimClient {
  get<T = Record<string, unknown>>(path: string): Promise<T>;
  send<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

export function simClient(ep: Endpoint): SimClient {
  const send = <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const url = `${ep.server}/sim/v1${path}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = {
      Accept: "application/json",
      "User-Agent": "kubesim-ctl",
      ...(ep.token === undefined ? {} : { Authorization: `Bearer ${ep.token}` }),
      ...(text === undefined
        ? {}
        : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }),
    };
    const secure = url.startsWith("https:");
    return new Promise<T>((resolve, reject) => {
      let req;
      try {
        req = (secure ? httpsRequest : httpRequest)(url, {
          method,
          headers,
          ...(secure && ep.ca !== undefined ? { ca: ep.ca } : {}),
          ...(secure && ep.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
        });
      } catch (e) {
        reject(
          new ConnectionError(
            `invalid server URL ${JSON.stringify(ep.server)}: ${(e as Error).message}`,
          ),
        );
        return;
      }
      req.on("response", (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(raw);
          } catch {
            reject(
              new ConnectionError(
                `the server answered ${res.statusCode ?? 0} with something that is not JSON: is ${ep.server} kubesim serve?`,
              ),
            );
            return;
          }
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve(json as T);
          else reject(statusError(json, code));
        });
        res.on("error", (e) => reject(new ConnectionError(e.message)));
      });
      req.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "ECONNREFUSED")
          reject(
            new ConnectionError(
              `The connection to the server ${hostOf(ep.server)} was refused - did you specify the right host or port?`,
            ),
          );
        else reject(new ConnectionError(`Get "${url}": ${e.message}`));
      });
      req.end(text);
    });
  };
  return { get: (path) => send("GET", path), send };
}

/** The ApiError of a Status answer (what kubectl prints for it). */
function statusError(json: unknown, code: number): Error {
  const s = json as { kind?: unknown; reason?: unknown; message?: unknown; details?: unknown };
  if (s?.kind !== "Status" || typeof s.reason !== "string")
    return new ConnectionError(`the server answered ${code}: ${JSON.stringify(json)}`);
  return new ApiError(
    s.reason as StatusReason,
    typeof s.message === "string" ? s.message : s.reason,
    (s.details ?? undefined) as never,
  );
}
