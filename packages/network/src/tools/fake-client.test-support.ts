/**
 * A fake HttpClient for the tools' tests: a table of hosts (name or IP, port)
 * and what each does: answer, refuse, hang, or answer slowly. Every request
 * it sees is recorded.
 */
import type { ClientRequest, HttpClient, RequestOrigin } from "../dataplane/types.js";
import type { Millis } from "@kubesim/sim";

export type Behaviour =
  | {
      readonly kind: "answer";
      readonly status?: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
      readonly latency?: Millis;
    }
  | { readonly kind: "refuse"; readonly latency?: Millis }
  /** Nothing answers the SYN. */
  | { readonly kind: "blackhole" }
  /** Accepts, then answers after `latency` (a timeout shorter than that wins). */
  | {
      readonly kind: "slow";
      readonly latency: Millis;
      readonly status?: number;
      readonly body?: string;
    };

export interface FakeHost {
  readonly ip: string;
  /** Per port; a missing port refuses. */
  readonly ports: Readonly<
    Record<number, Behaviour | ((req: ClientRequest, path: string) => Behaviour)>
  >;
}

export interface FakeClient {
  readonly client: HttpClient;
  readonly requests: ClientRequest[];
}

const defaultPort = (scheme: string) => (scheme === "https" ? 443 : 80);

/** A client over `hosts` (keyed by name; IPs are looked up too). */
export function fakeClient(hosts: Readonly<Record<string, FakeHost>>): FakeClient {
  const requests: ClientRequest[] = [];
  const client: HttpClient = (req) => {
    requests.push(req);
    const m = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/[^#]*)?$/.exec(req.url);
    if (m === null) throw new Error(`fake client: bad url ${req.url}`);
    const [, scheme = "http", name = "", portText, path = "/"] = m;
    const port = portText !== undefined ? Number(portText) : defaultPort(scheme);
    const entry = hosts[name] ?? Object.values(hosts).find((h) => h.ip === name);
    const dnsHop = { kind: "dns" as const, name, address: entry?.ip ?? "" };
    if (entry === undefined)
      return { kind: "error", error: "unknown-host", host: name, port, latency: 0, hops: [] };
    const hops = /^\d/.test(name) ? [] : [dnsHop];
    const spec = entry.ports[port];
    const b = typeof spec === "function" ? spec(req, path) : spec;
    const base = { host: name, ip: entry.ip, port };
    if (b === undefined || b.kind === "refuse")
      return { kind: "error", error: "refused", ...base, latency: b?.latency ?? 1, hops };
    if (b.kind === "blackhole") {
      return req.timeout !== undefined
        ? { kind: "error", error: "timeout", ...base, latency: req.timeout, hops }
        : { kind: "error", error: "unreachable", ...base, latency: 0, hops };
    }
    const podHop = { kind: "pod" as const, name: "default/my-api-1", address: "10.244.1.5:8080" };
    if (b.kind === "slow" && req.timeout !== undefined && req.timeout < b.latency)
      return {
        kind: "error",
        error: "timeout",
        ...base,
        latency: req.timeout,
        hops: [...hops, podHop],
      };
    const body = b.body ?? "";
    return {
      kind: "response",
      status: b.status ?? 200,
      headers: b.kind === "answer" ? (b.headers ?? {}) : {},
      body,
      latency: b.latency ?? 3,
      hops: [...hops, podHop],
      remote: { ip: entry.ip, port },
    };
  };
  return { client, requests };
}

export const podOrigin: RequestOrigin = {
  kind: "pod",
  podIP: "10.244.2.7",
  node: "node-2",
  resolvConf: {
    nameservers: ["10.96.0.10"],
    search: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
    ndots: 5,
  },
};

/** The usual cluster: my-api answering on 80, a down service, a blackholed IP. */
export function cluster(overrides: Readonly<Record<string, FakeHost>> = {}): FakeClient {
  return fakeClient({
    "my-api": {
      ip: "10.96.0.12",
      ports: {
        80: (_req, path) =>
          path === "/health"
            ? {
                kind: "answer",
                headers: { "Content-Type": "text/plain", "Content-Length": "3" },
                body: "ok\n",
              }
            : path === "/fail"
              ? {
                  kind: "answer",
                  status: 503,
                  headers: { "Content-Length": "12" },
                  body: "unavailable\n",
                }
              : {
                  kind: "answer",
                  status: 404,
                  headers: { "Content-Length": "10" },
                  body: "not found\n",
                },
      },
    },
    "down-api": { ip: "10.96.0.13", ports: {} },
    "black-api": { ip: "10.96.0.14", ports: { 80: { kind: "blackhole" } } },
    "slow-api": {
      ip: "10.96.0.15",
      ports: { 80: { kind: "slow", latency: 5000, body: "late\n" } },
    },
    ...overrides,
  });
}
