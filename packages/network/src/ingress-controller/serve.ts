/**
 * One request through ingress-nginx, as the configuration it rendered runs it:
 * server and location (../ingress/route.ts); lua_ingress.rewrite's
 * ssl-redirect (rootfs/etc/nginx/lua/lua_ingress.lua: plain HTTP to a host
 * with a certificate, or any location with force-ssl-redirect, answers 308
 * to https://<host><request_uri> with one trailing "/" dropped unless
 * preserve-trailing-slash; never for paths under no-tls-redirect-locations,
 * "/.well-known/acme-challenge"); balancer.rewrite (no balancer for the
 * backend, i.e. no endpoints: 503); the proxy_set_header list of nginx.tmpl's
 * location block; proxy_next_upstream "error timeout" with
 * proxy_next_upstream_tries 3 (a refused or silent endpoint is retried on the
 * next one the balancer picks; after a timeout reading the answer, only
 * idempotent methods are retried); 502 when the last try failed with an
 * error, 504 when it timed out; and lua_ingress.header's HSTS header on every
 * https answer (`certificate_configured_for_current_request` is passed there
 * as a function value, so it always counts as true). Plain HTTP to port 443
 * gets nginx's 400 "The plain HTTP request was sent to HTTPS port" page.
 * (HTTPS to port 80 would fail the TLS handshake; it is served as if it
 * were plain HTTP, as FrontendAnswer has no way to say so.)
 */
import type { Millis } from "@kubesim/sim";
import type { Service } from "kubernetes-types/core/v1";
import type { FrontendAnswer, FrontendRequest, Hop } from "../dataplane/types.js";
import type { Dial, HttpRequest } from "../http.js";
import { route } from "../ingress/route.js";
import { defaultServerName } from "../ingress/route-table.js";
import type { Location, RouteResult } from "../ingress/types.js";
import type { Balancers, Pick } from "./balancer.js";
import { upstreamName, type Upstream, type UpstreamEndpoint } from "./backends.js";
import { certificateForHost } from "./certificates.js";
import { noRedirects, type RunningConfiguration } from "./configuration.js";
import { errorPage, errorPageHeaders, wireStatus, type SpecialStatus } from "./error-pages.js";

/** The network leg from the controller to an upstream pod (the data plane's per-leg cost). */
const upstreamLeg: Millis = 1;

/** The proxy settings of ingress-nginx's configmap that decide outcomes. */
export interface ProxySettings {
  /** proxy-next-upstream-tries (3). */
  readonly nextUpstreamTries: number;
  /** proxy-connect-timeout (5 s): how long a silent endpoint holds a try. */
  readonly connectTimeout: number;
  /** proxy-read-timeout (60 s): the longest an answer may take. */
  readonly readTimeout: number;
  /** hsts (true), hsts-max-age (31536000), hsts-include-subdomains (true), hsts-preload (false). */
  readonly hsts: boolean;
  readonly hstsMaxAge: number;
  readonly hstsIncludeSubdomains: boolean;
  readonly hstsPreload: boolean;
  /** no-tls-redirect-locations ("/.well-known/acme-challenge"), split on ",". */
  readonly noTlsRedirectLocations: readonly string[];
}

export const defaultProxySettings: ProxySettings = {
  nextUpstreamTries: 3,
  connectTimeout: 5_000,
  readTimeout: 60_000,
  hsts: true,
  hstsMaxAge: 31_536_000,
  hstsIncludeSubdomains: true,
  hstsPreload: false,
  noTlsRedirectLocations: ["/.well-known/acme-challenge"],
};

/** What serving needs from the controller at the moment of the request. */
export interface ServeContext {
  readonly running: RunningConfiguration;
  readonly balancers: Balancers;
  /** The pod network (PodNetwork.http). */
  readonly http: (ip: string, port: number, request: HttpRequest) => Dial;
  /** The Service cache, for the service hop's address. */
  readonly service: (key: string) => Service | undefined;
  readonly requestId: () => string;
  /** The controller's address the client reached (for the ingress hop). */
  readonly localAddress: string;
  /** Who the pods see asking (HttpRequest.source). */
  readonly sourceIP: string;
  /** The name of the ingress hop when no Ingress is involved (the controller's Service). */
  readonly controllerName: string;
  readonly settings: ProxySettings;
}

/** The port nginx listens on with ssl (ListenPorts.HTTPS). */
const httpsPort = 443;

const idempotent = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]);

/** Request headers nginx sets itself (proxy_set_header), which replace the client's. */
const replaced = new Set([
  "host",
  "connection",
  "upgrade",
  "proxy",
  "x-request-id",
  "x-real-ip",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-proto",
  "x-forwarded-scheme",
  "x-scheme",
  "x-original-forwarded-for",
  "x-original-forwarded-host",
  "x-forwarded-prefix",
]);

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** $http_host as the client sent it (with its port when not the default one). */
function httpHost(req: FrontendRequest): string {
  const h = header(req.headers, "host");
  if (h !== undefined && h !== "") return h;
  const defaultPort = req.scheme === "https" ? 443 : 80;
  return req.port === defaultPort ? req.host : `${req.host}:${req.port}`;
}

function hstsHeader(ctx: ServeContext, req: FrontendRequest): Record<string, string> {
  const s = ctx.settings;
  if (!s.hsts || req.scheme !== "https") return {};
  let value = `max-age=${s.hstsMaxAge}`;
  if (s.hstsIncludeSubdomains) value += "; includeSubDomains";
  if (s.hstsPreload) value += "; preload";
  return { "Strict-Transport-Security": value };
}

function ingressName(ctx: ServeContext, loc: Location | undefined): string {
  return loc?.ingress === undefined
    ? ctx.controllerName
    : `${loc.ingress.namespace}/${loc.ingress.name}`;
}

/** The matched rule, for the ingress hop: "rule api.example.com/api (Prefix)". */
function ruleDetail(
  server: string,
  loc: Location | undefined,
  r: RouteResult,
  requestHost: string,
): string {
  if (loc === undefined) return "no location matched: default backend";
  if (loc.ingress === undefined && loc.backend === undefined)
    return `no rule for host ${requestHost}: default backend`;
  const host = server === defaultServerName ? "*" : server;
  if (r.kind === "backend" && r.viaDefaultBackend)
    return `host ${host}: no rule path matched, spec.defaultBackend`;
  if (loc.isDefBackend) return `host ${host}: no rule path matched, default backend`;
  return `rule ${host}${loc.ingressPath} (${loc.ingressPathType})`;
}

function tlsDetail(ctx: ServeContext, req: FrontendRequest): string {
  if (req.scheme !== "https") return "";
  const cert = certificateForHost(ctx.running.certificates, req.host);
  return cert?.secret !== undefined
    ? `, https (certificate ${cert.secret})`
    : ", https (default fake certificate)";
}

function page(
  ctx: ServeContext,
  req: FrontendRequest,
  status: SpecialStatus,
  hops: readonly Hop[],
  latency: number,
  options: { location?: string; hsts?: boolean } = {},
): FrontendAnswer {
  return {
    kind: "answered",
    status: wireStatus(status),
    headers: {
      ...errorPageHeaders(status, options.location),
      ...(options.hsts === false ? {} : hstsHeader(ctx, req)),
    },
    body: errorPage(status),
    latency,
    hops,
  };
}

/** lua_ingress.rewrite's redirect_to_https, and the URI it redirects to. */
function sslRedirect(ctx: ServeContext, req: FrontendRequest, loc: Location): string | undefined {
  const key =
    loc.ingress === undefined ? undefined : `${loc.ingress.namespace}/${loc.ingress.name}`;
  const cfg = (key === undefined ? undefined : ctx.running.redirects.get(key)) ?? noRedirects;
  if (ctx.settings.noTlsRedirectLocations.some((p) => p !== "" && loc.path.startsWith(p)))
    return undefined;
  if (req.scheme !== "http") return undefined;
  const redirect =
    cfg.forceSslRedirect ||
    (cfg.sslRedirect && certificateForHost(ctx.running.certificates, req.host) !== undefined);
  if (!redirect) return undefined;
  let requestUri = req.path;
  if (!cfg.preserveTrailingSlash && requestUri.endsWith("/")) requestUri = requestUri.slice(0, -1);
  const host = httpHost(req).split(":")[0] ?? req.host;
  return `https://${host}${requestUri}`;
}

/** The request as it leaves nginx for the upstream. */
function upstreamHeaders(
  ctx: ServeContext,
  req: FrontendRequest,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const best = httpHost(req);
  const out: Record<string, string> = {
    Host: best,
    "X-Request-ID": header(req.headers, "x-request-id") || ctx.requestId(),
    "X-Real-IP": req.clientIP,
    "X-Forwarded-For": req.clientIP,
    "X-Forwarded-Host": best,
    "X-Forwarded-Port": String(req.port),
    "X-Forwarded-Proto": req.scheme,
    "X-Forwarded-Scheme": req.scheme,
    "X-Scheme": req.scheme,
  };
  const xff = header(req.headers, "x-forwarded-for");
  if (xff !== undefined && xff !== "") out["X-Original-Forwarded-For"] = xff;
  const xfh = header(req.headers, "x-forwarded-host");
  if (xfh !== undefined && xfh !== "") out["X-Original-Forwarded-Host"] = xfh;
  Object.assign(out, extra);
  for (const [k, v] of Object.entries(req.headers)) if (!replaced.has(k.toLowerCase())) out[k] = v;
  return out;
}

function podHop(e: UpstreamEndpoint, detail: string): Hop {
  const ref = e.targetRef;
  const name = ref?.name !== undefined ? `${ref.namespace ?? "default"}/${ref.name}` : e.address;
  return { kind: "pod", name, address: `${e.address}:${e.port}`, detail };
}

function serviceHop(
  ctx: ServeContext,
  upstream: Upstream | undefined,
  name: string,
  ref: Location["backend"],
): Hop {
  const key = ref === undefined ? name : `${ref.namespace}/${ref.name}`;
  const svc = ctx.service(key);
  const clusterIP = svc?.spec?.clusterIP;
  const port = upstream?.servicePort?.port;
  const address =
    clusterIP !== undefined && clusterIP !== "" && clusterIP !== "None" && port !== undefined
      ? `${clusterIP}:${port}`
      : "";
  const n = upstream?.endpoints.length ?? 0;
  const detail =
    n === 0
      ? `upstream ${name}: no ready endpoints`
      : `upstream ${name}: round_robin over ${n} endpoint${n === 1 ? "" : "s"} (not through the ClusterIP)`;
  return { kind: "service", name: key, address, detail };
}

type Failure = "error" | "timeout";

/** Serve one request. */
export function serve(ctx: ServeContext, req: FrontendRequest): FrontendAnswer {
  const r = route(ctx.running.table, req.host, req.path, { scheme: req.scheme });
  const address = ctx.localAddress === "" ? `:${req.port}` : `${ctx.localAddress}:${req.port}`;
  const loc = r.kind === "badRequest" ? undefined : r.location;
  const ingressHop = (detail: string): Hop => ({
    kind: "ingress",
    name: ingressName(ctx, loc),
    address,
    detail: detail + tlsDetail(ctx, req),
  });

  if (req.scheme === "http" && req.port === httpsPort)
    return page(ctx, req, 497, [ingressHop("plain HTTP request to the HTTPS port")], 0, {
      hsts: false,
    });
  if (r.kind === "badRequest")
    return page(ctx, req, 400, [ingressHop("bad request")], 0, { hsts: false });
  if (r.kind === "redirect") {
    const to = r.redirectTo.startsWith("/")
      ? `${req.scheme}://${req.host}${r.redirectTo}`
      : r.redirectTo;
    return page(
      ctx,
      req,
      r.status,
      [ingressHop(`${ruleDetail(r.server, loc, r, req.host)}, redirect`)],
      0,
      {
        location: to,
      },
    );
  }
  if (loc === undefined)
    return page(ctx, req, 404, [ingressHop(ruleDetail(r.server, loc, r, req.host))], 0, {
      hsts: false,
    });

  const https = sslRedirect(ctx, req, loc);
  if (https !== undefined)
    return page(
      ctx,
      req,
      308,
      [ingressHop(`${ruleDetail(r.server, loc, r, req.host)}, ssl-redirect`)],
      0,
      {
        location: https,
      },
    );
  if (r.kind === "defaultBackend")
    return page(ctx, req, 404, [ingressHop(ruleDetail(r.server, loc, r, req.host))], 0);

  const name = upstreamName(r.backend);
  const upstream = ctx.balancers.backend(name);
  const hops: Hop[] = [
    ingressHop(ruleDetail(r.server, loc, r, req.host)),
    serviceHop(ctx, upstream, name, r.backend),
  ];
  if (!ctx.balancers.has(name)) return page(ctx, req, 503, hops, 0);

  const method = req.method.toUpperCase();
  const request: HttpRequest = {
    method,
    path: r.upstreamPath,
    headers: upstreamHeaders(ctx, req, r.headers),
    source: ctx.sourceIP,
  };
  let latency: Millis = 0;
  let failure: Failure = "error";
  const tries = Math.max(1, ctx.settings.nextUpstreamTries);
  for (let attempt = 0; attempt < tries; attempt++) {
    const pick: Pick | undefined = ctx.balancers.balance(name);
    if (pick === undefined) break;
    const e = pick.endpoint;
    const where = `endpoint ${pick.index + 1} of ${pick.of}`;
    const dial = ctx.http(e.address, e.port, request);
    let sent = false;
    if (dial.kind !== "unreachable") latency += upstreamLeg;
    switch (dial.kind) {
      case "answered":
        if (dial.latency <= ctx.settings.readTimeout) {
          hops.push(podHop(e, where));
          return {
            kind: "answered",
            status: dial.response.status,
            headers: { ...dial.response.headers, ...hstsHeader(ctx, req) },
            body: dial.response.body,
            latency: latency + dial.latency,
            hops,
            ...(dial.servedBy === undefined ? {} : { servedBy: dial.servedBy }),
          };
        }
        latency += ctx.settings.readTimeout;
        failure = "timeout";
        sent = true;
        hops.push(podHop(e, `${where}: upstream timed out while reading response header`));
        break;
      case "open":
        latency += dial.latency;
        failure = "error";
        sent = true;
        hops.push(podHop(e, `${where}: upstream prematurely closed connection`));
        break;
      case "refused":
        failure = "error";
        hops.push(podHop(e, `${where}: connection refused`));
        break;
      case "unreachable":
        latency += ctx.settings.connectTimeout;
        failure = "timeout";
        hops.push(podHop(e, `${where}: upstream timed out while connecting`));
        break;
    }
    if (sent && !idempotent.has(method)) break;
  }
  return page(ctx, req, failure === "timeout" ? 504 : 502, hops, latency);
}
