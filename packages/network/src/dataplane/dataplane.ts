/**
 * The data plane: a simulated client's request travelling the cluster
 * network, as curl in a pod (or on a laptop) would see it.
 *
 *   name     IP literal; from a pod /etc/hosts, then the pod's resolv.conf
 *            through the cluster DNS (hop "dns"); from outside, an Ingress
 *            rule's host at the ingress's published address (hop "dns")
 *   address  a frontend's address and port (the ingress controller): it
 *            answers, with its own hops;
 *            a Service VIP, node port, load-balancer or external IP:
 *            kube-proxy's rules pick an endpoint (hop "service", detail
 *            ClusterIP / NodePort / LoadBalancer / ExternalIP), REJECT it
 *            (refused) or DROP it (no answer); the endpoint's pod answers
 *            (hop "pod");
 *            a pod IP (from a pod): that pod answers (hop "pod");
 *            a node IP on a port nothing serves: refused;
 *            anything else: no answer.
 *
 * Errors as a client sees them: unknown host (NXDOMAIN everywhere in the
 * search list), refused (RST: no endpoints, nothing listening), timeout (no
 * answer within the request's timeout), unreachable (no answer and no timeout
 * shorter than the kernel's SYN retries, 127 s).
 *
 * Latency = DNS (1 ms per query the stub resolver sends) + 1 ms for the leg
 * to whatever answers (kube-proxy's DNAT is in the kernel and costs nothing)
 * + the answer's own latency (the container's, or the frontend's, which
 * counts its upstream legs itself). Both costs are options.
 */
import type { Millis } from "@kubesim/sim";
import type { SharedInformerFactory } from "@kubesim/runtime";
import type { ClusterDns } from "../dns/server.js";
import { isIPv4 } from "../dns/resolve.js";
import { searchNames } from "../dns/lookup.js";
import { formatResolvConf } from "../dns/server.js";
import type { HostLookup } from "../dns/types.js";
import type { Dial, HttpRequest } from "../http.js";
import type { PodNetwork } from "../pod-network.js";
import type { ServiceEndpoint } from "../proxy/endpoint-slice-cache.js";
import type { ProxyClient, ServiceProxy } from "../proxy/service-proxy.js";
import { IngressHosts } from "./ingress-hosts.js";
import type {
  ClientRequest,
  ClientResult,
  Frontend,
  Hop,
  HttpClient,
  RequestOrigin,
  ServedBy,
} from "./types.js";
import { parseRequestUrl, type RequestUrl } from "./url.js";

/** Linux gives up a connect after 6 SYN retransmissions: 1+2+4+8+16+32+64 s. */
export const SynRetriesTimeout: Millis = 127_000;
/** The address an outside client connects from unless it says: the host on kind's docker network. */
export const DefaultExternalClientIP = "172.18.0.1";
/** curl's User-Agent when the request names none. */
export const DefaultUserAgent = "curl/8.5.0";

export interface DataplaneLatency {
  /** Per DNS query sent by the stub resolver (each search-list name costs one). */
  readonly dnsQuery: Millis;
  /** The leg from the client to whatever answers. */
  readonly leg: Millis;
}

export const DefaultDataplaneLatency: DataplaneLatency = { dnsQuery: 1, leg: 1 };

export interface DataplaneOptions {
  /** The pod network: pod IPs to the kubelets' endpoints. */
  readonly network: PodNetwork;
  /** kube-proxy's service table. */
  readonly proxy: ServiceProxy;
  /** The cluster DNS the pods' resolv.conf names. */
  readonly dns: ClusterDns;
  /** Frontends answering on their own addresses (the ingress controller); more with addFrontend. */
  readonly frontends?: readonly Frontend[];
  /**
   * An informer factory for Ingresses, so that outside clients can use the
   * host names Ingress rules name; without it they use IP literals only.
   */
  readonly informers?: SharedInformerFactory;
  readonly latency?: Partial<DataplaneLatency>;
}

/** How a name became addresses. */
export type NameResolution =
  | {
      readonly kind: "found";
      readonly addresses: readonly string[];
      readonly source: "literal" | "hosts" | "dns" | "ingress";
      readonly latency: Millis;
      readonly hop?: Hop;
      /** The stub resolver's walk, when DNS was asked. */
      readonly lookup?: HostLookup;
    }
  | {
      readonly kind: "not-found";
      readonly latency: Millis;
      readonly lookup?: HostLookup;
    };

/** The outcome of a TCP connect. */
export type ConnectResult =
  | {
      readonly kind: "open";
      readonly latency: Millis;
      readonly hops: readonly Hop[];
      readonly remote: { readonly ip: string; readonly port: number };
    }
  | {
      readonly kind: "error";
      readonly error: "refused" | "timeout" | "unreachable";
      readonly ip: string;
      readonly port: number;
      readonly latency: Millis;
      readonly hops: readonly Hop[];
    };

/** What reached the far end, before timing is applied. */
type Delivery =
  | {
      readonly kind: "answered";
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      readonly latency: Millis;
      readonly servedBy: ServedBy | undefined;
      readonly hops: readonly Hop[];
    }
  | { readonly kind: "open"; readonly latency: Millis; readonly hops: readonly Hop[] }
  | { readonly kind: "refused"; readonly hops: readonly Hop[] }
  | { readonly kind: "no-answer"; readonly hops: readonly Hop[] };

/** An HTTP request on its way, or a bare TCP connect. */
type Payload =
  | {
      readonly kind: "http";
      readonly url: RequestUrl;
      readonly method: string;
      readonly headers: Readonly<Record<string, string>>;
    }
  | { readonly kind: "tcp" };

export class Dataplane {
  private readonly network: PodNetwork;
  private readonly proxy: ServiceProxy;
  private readonly dns: ClusterDns;
  private readonly frontends: Frontend[];
  private readonly ingressHosts: IngressHosts | undefined;
  private readonly latency: DataplaneLatency;

  /** The data plane as an HttpClient (for traffic generators, curl, wget). */
  readonly client: HttpClient = (request) => this.request(request);

  constructor(options: DataplaneOptions) {
    this.network = options.network;
    this.proxy = options.proxy;
    this.dns = options.dns;
    this.frontends = [...(options.frontends ?? [])];
    this.ingressHosts =
      options.informers === undefined ? undefined : new IngressHosts(options.informers);
    this.latency = { ...DefaultDataplaneLatency, ...options.latency };
  }

  /** Starts kube-proxy, the DNS server and the Ingress host table (each idempotent). */
  start(): void {
    this.proxy.start();
    this.dns.start();
    this.ingressHosts?.start();
  }

  hasSynced(): boolean {
    return (
      this.proxy.hasSynced() && this.dns.hasSynced() && (this.ingressHosts?.hasSynced() ?? true)
    );
  }

  /** Adds a frontend; returns a function that removes it. */
  addFrontend(frontend: Frontend): () => void {
    this.frontends.push(frontend);
    return () => {
      const i = this.frontends.indexOf(frontend);
      if (i >= 0) this.frontends.splice(i, 1);
    };
  }

  /** A name as the client at `from` resolves it. */
  dnsLookup(from: RequestOrigin, name: string): NameResolution {
    const host = name.toLowerCase();
    if (isIPv4(host)) return { kind: "found", addresses: [host], source: "literal", latency: 0 };
    if (from.kind === "external") {
      const hit = this.ingressHosts?.resolve(host);
      if (hit === undefined) return { kind: "not-found", latency: 0 };
      return {
        kind: "found",
        addresses: [hit.address],
        source: "ingress",
        latency: 0,
        hop: {
          kind: "dns",
          name,
          address: hit.address,
          detail: `ingress ${hit.ingress.namespace}/${hit.ingress.name}`,
        },
      };
    }
    for (const [address, names] of from.hosts ?? []) {
      if (names.some((n) => n.toLowerCase() === host)) {
        return {
          kind: "found",
          addresses: [address],
          source: "hosts",
          latency: 0,
          hop: { kind: "dns", name, address, detail: "/etc/hosts" },
        };
      }
    }
    const conf = from.resolvConf;
    if (!conf.nameservers.some((ip) => this.dns.serves(ip))) {
      // Another nameserver (dnsPolicy Default): the simulator has no world outside.
      const tried = searchNames(name, formatResolvConf(conf));
      return { kind: "not-found", latency: tried.length * this.latency.dnsQuery };
    }
    const found = this.dns.lookup(name, conf);
    const latency = found.tried.length * this.latency.dnsQuery;
    const first = found.addresses[0];
    if (first === undefined) return { kind: "not-found", latency, lookup: found };
    return {
      kind: "found",
      addresses: found.addresses,
      source: "dns",
      latency,
      lookup: found,
      hop: { kind: "dns", name, address: first, detail: found.name ?? name },
    };
  }

  /** One HTTP request, as curl would make it. Throws InvalidUrlError for a URL curl refuses. */
  request(req: ClientRequest): ClientResult {
    const url = parseRequestUrl(req.url);
    const resolved = this.dnsLookup(req.from, url.host);
    const hops: Hop[] = resolved.kind === "found" && resolved.hop ? [resolved.hop] : [];
    const timeout = req.timeout;
    let latency = resolved.latency;
    const fail = (error: "unknown-host" | "refused" | "timeout" | "unreachable", ip?: string) =>
      ({
        kind: "error",
        error,
        host: url.host,
        ...(ip === undefined ? {} : { ip }),
        port: url.port,
        latency,
        hops,
      }) as const;
    if (timeout !== undefined && latency > timeout) {
      latency = timeout;
      return fail("timeout");
    }
    if (resolved.kind === "not-found") return fail("unknown-host");
    const ip = resolved.addresses[0]!;
    const payload: Payload = {
      kind: "http",
      url,
      method: req.method ?? "GET",
      headers: requestHeaders(url, req),
    };
    const out = this.deliver(req.from, ip, url.port, payload);
    hops.push(...out.hops);
    switch (out.kind) {
      case "refused":
        latency += this.latency.leg;
        if (timeout !== undefined && latency > timeout) {
          latency = timeout;
          return fail("timeout", ip);
        }
        return fail("refused", ip);
      case "no-answer": {
        const givesUp = latency + SynRetriesTimeout;
        if (timeout !== undefined && timeout < givesUp) {
          latency = timeout;
          return fail("timeout", ip);
        }
        latency = givesUp;
        return fail("unreachable", ip);
      }
      case "open": {
        // Accepted, but no HTTP answer ever comes (a port that does not speak HTTP).
        if (timeout !== undefined) {
          latency = timeout;
          return fail("timeout", ip);
        }
        latency += this.latency.leg + out.latency;
        return fail("unreachable", ip);
      }
      case "answered": {
        latency += this.latency.leg + out.latency;
        if (timeout !== undefined && latency > timeout) {
          latency = timeout;
          return fail("timeout", ip);
        }
        return {
          kind: "response",
          status: out.status,
          headers: out.headers,
          body: out.body,
          latency,
          hops,
          remote: { ip, port: url.port },
          ...(out.servedBy === undefined ? {} : { servedBy: out.servedBy }),
        };
      }
    }
  }

  /** A TCP connect from `from` to ip:port (nc -z, a TCP check). */
  connect(
    from: RequestOrigin,
    ip: string,
    port: number,
    options: { readonly timeout?: Millis } = {},
  ): ConnectResult {
    const out = this.deliver(from, ip, port, { kind: "tcp" });
    const timeout = options.timeout;
    const fail = (error: "refused" | "timeout" | "unreachable", latency: Millis) =>
      ({ kind: "error", error, ip, port, latency, hops: out.hops }) as const;
    switch (out.kind) {
      case "refused":
        return timeout !== undefined && this.latency.leg > timeout
          ? fail("timeout", timeout)
          : fail("refused", this.latency.leg);
      case "no-answer":
        return timeout !== undefined && timeout < SynRetriesTimeout
          ? fail("timeout", timeout)
          : fail("unreachable", SynRetriesTimeout);
      case "open":
      case "answered": {
        const latency = this.latency.leg + out.latency;
        if (timeout !== undefined && latency > timeout) return fail("timeout", timeout);
        return { kind: "open", latency, hops: out.hops, remote: { ip, port } };
      }
    }
  }

  // ---- the way to the far end ----

  private deliver(from: RequestOrigin, dest: string, port: number, payload: Payload): Delivery {
    // Loopback from a pod stays in its network namespace: its own containers.
    const ip = from.kind === "pod" && dest.startsWith("127.") ? from.podIP : dest;
    const client: ProxyClient =
      from.kind === "pod"
        ? { ip: from.podIP, node: from.node }
        : { ip: from.clientIP ?? DefaultExternalClientIP };

    const frontend = this.frontends.find(
      (f) => f.ports.includes(port) && f.addresses().includes(ip),
    );
    if (frontend !== undefined) {
      if (payload.kind === "tcp") return { kind: "open", latency: 0, hops: [] };
      const hostHeader = headerValue(payload.headers, "host") ?? payload.url.hostHeader;
      const answer = frontend.handle({
        scheme: payload.url.scheme,
        host: stripPort(hostHeader).toLowerCase(),
        port,
        method: payload.method,
        path: payload.url.path,
        headers: payload.headers,
        clientIP: client.ip,
      });
      if (answer.kind === "refused") return { kind: "refused", hops: [] };
      return {
        kind: "answered",
        status: answer.status,
        headers: answer.headers,
        body: answer.body,
        latency: answer.latency,
        servedBy: answer.servedBy,
        hops: answer.hops,
      };
    }

    if (from.kind === "pod" && port === 53 && this.dns.serves(ip)) {
      // CoreDNS's TCP listener: it takes the connection, but speaks DNS, not HTTP.
      return { kind: "open", latency: 0, hops: [] };
    }

    const decision = this.proxy.connect(client, ip, port);
    if (decision.kind !== "no-rule") {
      const svc = decision.route.service;
      const serviceHop: Hop = {
        kind: "service",
        name: `${svc.namespace}/${svc.name}`,
        address: `${ip}:${port}`,
        detail: decision.route.via,
      };
      if (decision.kind === "reject") return { kind: "refused", hops: [serviceHop] };
      if (decision.kind === "drop") return { kind: "no-answer", hops: [serviceHop] };
      const ep = decision.endpoint;
      return this.toPod(ep.ip, ep.port, payload, decision.sourceIP, [serviceHop], ep);
    }

    if (from.kind === "pod") {
      const direct = this.toPod(ip, port, payload, client.ip, [], undefined);
      if (direct.kind !== "no-answer") return direct;
    }
    if (this.proxy.nodeForIP(ip) !== undefined) return { kind: "refused", hops: [] };
    return { kind: "no-answer", hops: [] };
  }

  private toPod(
    ip: string,
    port: number,
    payload: Payload,
    source: string,
    before: readonly Hop[],
    endpoint: ServiceEndpoint | undefined,
  ): Delivery {
    let dial: Dial;
    if (payload.kind === "http") {
      const request: HttpRequest = {
        method: payload.method,
        path: payload.url.path,
        headers: payload.headers,
        source,
      };
      dial = this.network.http(ip, port, request);
    } else dial = this.network.connect(ip, port);
    if (dial.kind === "unreachable") {
      // A stale endpoint (or an IP nobody holds): the SYN goes nowhere, no pod was reached.
      return { kind: "no-answer", hops: before };
    }
    const servedBy = dial.kind === "answered" ? dial.servedBy : undefined;
    const hops = [...before, podHop(ip, port, endpoint, servedBy)];
    switch (dial.kind) {
      case "refused":
        return { kind: "refused", hops };
      case "open":
        return { kind: "open", latency: dial.latency, hops };
      case "answered":
        return {
          kind: "answered",
          status: dial.response.status,
          headers: dial.response.headers,
          body: dial.response.body,
          latency: dial.latency,
          servedBy,
          hops,
        };
    }
  }
}

function podHop(
  ip: string,
  port: number,
  endpoint: ServiceEndpoint | undefined,
  servedBy: ServedBy | undefined,
): Hop {
  const ref = endpoint?.targetRef;
  const name =
    servedBy !== undefined
      ? `${servedBy.namespace}/${servedBy.pod}`
      : ref !== undefined
        ? `${ref.namespace}/${ref.name}`
        : ip;
  return {
    kind: "pod",
    name,
    address: `${ip}:${port}`,
    ...(servedBy === undefined ? {} : { detail: `${servedBy.container} (${servedBy.image})` }),
  };
}

/** curl's request headers: Host, User-Agent, Accept, then the caller's (replacing same-named ones). */
function requestHeaders(url: RequestUrl, req: ClientRequest): Record<string, string> {
  const extra = req.headers ?? {};
  const given = new Set(Object.keys(extra).map((k) => k.toLowerCase()));
  const out: Record<string, string> = {};
  const defaults: [string, string][] = [
    ["Host", url.hostHeader],
    ["User-Agent", req.userAgent ?? DefaultUserAgent],
    ["Accept", "*/*"],
  ];
  for (const [k, v] of defaults) if (!given.has(k.toLowerCase())) out[k] = v;
  for (const k of Object.keys(extra)) out[k] = extra[k]!;
  return out;
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) return headers[k];
  return undefined;
}

function stripPort(host: string): string {
  const colon = host.lastIndexOf(":");
  return colon > 0 && /^\d+$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host;
}
