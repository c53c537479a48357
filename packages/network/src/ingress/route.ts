/**
 * route: where ingress-nginx sends one HTTP request. Mirrors how nginx runs the
 * configuration ingress-nginx renders (nginx.tmpl): pick the server by Host
 * (exact server_name, then the one-label wildcard regexes in config order,
 * else the catch-all "_"); answer app-root's `if ($uri = /) return 302`; pick
 * the location (ngx_http_core_find_location: an exact `=` match, the
 * trailing-slash auto redirect (301) of a proxy_pass location named
 * "<uri>/", else the longest prefix; in regex mode the first `~*` location in
 * order that matches); then rewrite-target (rewrite.ts) or pass the request
 * URI through unchanged. The default backend answers 404.
 * Whether the chosen Service has ready endpoints (503) is the caller's concern.
 */
import { normalizeRequestHost, wildcardHostMatches } from "./host.js";
import { applyRewrite } from "./rewrite.js";
import { defaultServerName } from "./route-table.js";
import type { Location, RouteResult, RouteTable, Server } from "./types.js";
import { parseRequestUri } from "./uri.js";

export interface RouteOptions {
  /** The request scheme, for redirects built from $scheme; default "http". */
  readonly scheme?: string;
}

/** The server nginx picks for a Host header. */
export function selectServer(table: RouteTable, host: string): Server | undefined {
  const h = normalizeRequestHost(host);
  const exact = table.servers.find(
    (s) =>
      !s.hostname.startsWith("*.") &&
      s.hostname !== defaultServerName &&
      s.hostname.toLowerCase() === h,
  );
  if (exact !== undefined) return exact;
  const wild = table.servers.find(
    (s) => s.hostname.startsWith("*.") && wildcardHostMatches(s.hostname, h),
  );
  return wild ?? table.servers.find((s) => s.hostname === defaultServerName);
}

type Found =
  | { readonly kind: "location"; readonly location: Location }
  | { readonly kind: "redirect"; readonly location: Location }
  | { readonly kind: "none" };

/** ngx_http_core_find_location over the server's locations. */
function findLocation(server: Server, uri: string): Found {
  if (server.enforceRegex) {
    for (const l of server.locations) {
      let re: RegExp;
      try {
        re = new RegExp(`^${l.path}`, "i");
      } catch {
        continue; // nginx would have refused the whole configuration
      }
      if (re.test(uri)) return { kind: "location", location: l };
    }
    return { kind: "none" };
  }
  // static locations: an exact or prefix location named exactly uri wins
  const exact = server.locations.find((l) => l.pathType === "Exact" && l.path === uri);
  if (exact !== undefined) return { kind: "location", location: exact };
  const samePrefix = server.locations.find((l) => l.pathType !== "Exact" && l.path === uri);
  if (samePrefix !== undefined) return { kind: "location", location: samePrefix };
  // a proxy_pass location named "<uri>/" redirects "<uri>" there (auto_redirect)
  const slash = server.locations.find((l) => l.path === `${uri}/`);
  if (slash !== undefined) return { kind: "redirect", location: slash };
  let best: Location | undefined;
  for (const l of server.locations) {
    if (l.pathType === "Exact" || !uri.startsWith(l.path)) continue;
    if (best === undefined || l.path.length > best.path.length) best = l;
  }
  return best === undefined ? { kind: "none" } : { kind: "location", location: best };
}

/**
 * Route a request for `host` and `target` (path with optional "?query") through
 * the table: the backend and what the pod sees, nginx's own redirect, or the
 * default backend's 404.
 */
export function route(
  table: RouteTable,
  host: string,
  target: string,
  options: RouteOptions = {},
): RouteResult {
  const server = selectServer(table, host);
  const serverName = server?.hostname ?? defaultServerName;
  const parsed = parseRequestUri(target);
  if (parsed === undefined) return { kind: "badRequest", status: 400, server: serverName };
  if (server === undefined)
    return { kind: "defaultBackend", status: 404, server: serverName, location: undefined };
  const scheme = options.scheme ?? "http";

  const appRoot = server.locations.find((l) => l.appRoot !== "");
  if (appRoot !== undefined && parsed.uri === "/")
    return {
      kind: "redirect",
      status: 302,
      server: serverName,
      redirectTo: `${scheme}://${host}${appRoot.appRoot}`,
      location: appRoot,
    };

  const found = findLocation(server, parsed.uri);
  if (found.kind === "none")
    return { kind: "defaultBackend", status: 404, server: serverName, location: undefined };
  if (found.kind === "redirect")
    return {
      kind: "redirect",
      status: 301,
      server: serverName,
      redirectTo: parsed.uri + "/" + (parsed.args !== "" ? `?${parsed.args}` : ""),
      location: found.location,
    };
  const loc = found.location;
  if (loc.backend === undefined)
    return { kind: "defaultBackend", status: 404, server: serverName, location: loc };

  let upstreamPath = parsed.requestUri;
  if (loc.rewriteTarget !== "" && loc.rewriteTarget !== loc.path) {
    const r = applyRewrite(loc.path, loc.rewriteTarget, parsed.uri, parsed.args, scheme);
    if (r.kind === "redirect")
      return {
        kind: "redirect",
        status: 302,
        server: serverName,
        redirectTo: r.location,
        location: loc,
      };
    if (r.kind === "rewritten") upstreamPath = r.target;
  }
  const headers: Record<string, string> = {};
  if (loc.xForwardedPrefix !== "") headers["X-Forwarded-Prefix"] = loc.xForwardedPrefix;
  return {
    kind: "backend",
    server: serverName,
    location: loc,
    backend: loc.backend,
    path: loc.ingressPath,
    pathType: loc.ingressPathType,
    viaDefaultBackend: loc.isDefBackend,
    upstreamPath,
    headers,
  };
}
