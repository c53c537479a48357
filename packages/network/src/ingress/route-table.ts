/**
 * The route table ingress-nginx builds from the Ingresses it handles: one
 * server per rule host plus the catch-all "_", each with its locations.
 * Mirrors kubernetes/ingress-nginx:
 * - internal/ingress/controller/store/store.go sortIngressSlice (oldest first;
 *   equal creationTimestamp: "namespace/name" descending);
 * - internal/ingress/controller/controller.go createServers (root "/" location
 *   per server serving the default backend, or the spec.defaultBackend of the
 *   first Ingress naming the host; an Ingress with only a defaultBackend takes
 *   over the catch-all server; TLS secret per host), getBackendServers (paths
 *   merged per host, the first Ingress wins a path of the same type, service
 *   backends only; locations sorted by path length, then reverse-lexicographic);
 * - internal/ingress/controller/location.go updateServerLocations (Prefix
 *   "/foo" becomes `location /foo/` plus `location = /foo`, unless rewrite or
 *   regex applies);
 * - internal/ingress/controller/template/template.go enforceRegexModifier and
 *   buildLocation (`~* "^path"` for every location of a server once any
 *   location needs a rewrite or use-regex).
 * Canary Ingresses (nginx.ingress.kubernetes.io/canary) are not modelled and
 * are left out.
 */
import type { Ingress, IngressBackend } from "kubernetes-types/networking/v1";
import { routingAnnotations } from "./annotations.js";
import type { RoutingAnnotations } from "./annotations.js";
import type {
  IngressRef,
  Location,
  PathType,
  RouteTable,
  Server,
  ServerTLS,
  ServiceBackendRef,
  TLSHost,
} from "./types.js";

export const defaultServerName = "_";
const rootLocation = "/";

/** A location while the table is built (mutable, as ingress-nginx mutates its own). */
interface Draft {
  path: string;
  ingressPath: string;
  pathType: PathType;
  ingressPathType: PathType;
  isDefBackend: boolean;
  backend: ServiceBackendRef | undefined;
  ingress: IngressRef | undefined;
  anns: RoutingAnnotations;
}

interface DraftServer {
  hostname: string;
  locations: Draft[];
  tls: ServerTLS | undefined;
}

const noAnnotations: RoutingAnnotations = {
  rewriteTarget: "",
  useRegex: false,
  appRoot: "",
  xForwardedPrefix: "",
  canary: false,
};

function refOf(ing: Ingress): IngressRef {
  return { namespace: ing.metadata?.namespace ?? "default", name: ing.metadata?.name ?? "" };
}

function keyOf(ing: Ingress): string {
  const r = refOf(ing);
  return `${r.namespace}/${r.name}`;
}

function creationMillis(ing: Ingress): number {
  const t = ing.metadata?.creationTimestamp;
  if (t === undefined) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

/** sortIngressSlice: oldest first; equal timestamps ordered by "namespace/name" descending. */
export function sortIngresses(ingresses: readonly Ingress[]): Ingress[] {
  return ingresses
    .map((ing, i) => ({ ing, i, t: creationMillis(ing), k: keyOf(ing) }))
    .sort((a, b) => {
      if (a.t !== b.t) return a.t - b.t;
      if (a.k !== b.k) return a.k > b.k ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.ing);
}

function serviceBackend(
  ing: Ingress,
  b: IngressBackend | undefined,
): ServiceBackendRef | undefined {
  const svc = b?.service;
  if (svc === undefined) return undefined;
  return {
    namespace: refOf(ing).namespace,
    name: svc.name,
    port:
      svc.port?.name !== undefined ? { name: svc.port.name } : { number: svc.port?.number ?? 0 },
  };
}

function needsRewrite(l: Draft): boolean {
  return l.anns.rewriteTarget !== "" && l.anns.rewriteTarget !== l.path;
}

/** normalizePrefixPath: a Prefix location path must end in "/". */
function normalizePrefixPath(path: string): string {
  if (path === rootLocation) return rootLocation;
  return path.endsWith("/") ? path : `${path}/`;
}

/** updateServerLocations: Prefix "/foo" → "/foo/" plus an Exact "/foo" when none exists. */
function updateServerLocations(locations: readonly Draft[]): Draft[] {
  const exact = new Set(locations.filter((l) => l.pathType === "Exact").map((l) => l.path));
  const out: Draft[] = [];
  for (const l of locations) {
    if (l.path === rootLocation || l.pathType !== "Prefix" || needsRewrite(l) || l.anns.useRegex) {
      out.push(l);
      continue;
    }
    const original = { ...l };
    l.path = normalizePrefixPath(l.path);
    out.push(l);
    if (!exact.has(original.path)) out.push({ ...original, pathType: "Exact" });
  }
  return out;
}

/** buildLocation (sanitizeQuotedRegex escapes double quotes). */
function nginxLocation(l: Draft, enforceRegex: boolean): string {
  const path = l.path.replaceAll('"', '\\"');
  if (enforceRegex) return `~* "^${path}"`;
  if (l.pathType === "Exact") return `= "${path}"`;
  return `"${path}"`;
}

/** extractTLSSecretName: the secret of the first spec.tls entry naming the host (case-insensitively). */
function tlsSecretName(host: string, ing: Ingress): string | undefined {
  const lower = host.toLowerCase();
  for (const tls of ing.spec?.tls ?? [])
    for (const h of tls.hosts ?? []) if (h.toLowerCase() === lower) return tls.secretName ?? "";
  return undefined;
}

/** Build the route table from the Ingresses the controller handles (any order). */
export function buildRouteTable(handled: readonly Ingress[]): RouteTable {
  const ingresses = sortIngresses(handled).filter((ing) => !routingAnnotations(ing).canary);
  const warnings: string[] = [];
  const servers = new Map<string, DraftServer>();
  servers.set(defaultServerName, {
    hostname: defaultServerName,
    tls: undefined,
    locations: [
      {
        path: rootLocation,
        ingressPath: rootLocation,
        pathType: "Prefix",
        ingressPathType: "Prefix",
        isDefBackend: true,
        backend: undefined,
        ingress: undefined,
        anns: noAnnotations,
      },
    ],
  });

  // createServers: servers and their root locations.
  for (const ing of ingresses) {
    const anns = routingAnnotations(ing);
    let un: ServiceBackendRef | undefined;
    const defBackend = ing.spec?.defaultBackend;
    if (defBackend !== undefined && defBackend.service === undefined)
      warnings.push(
        `${keyOf(ing)}: spec.defaultBackend.resource is not supported by ingress-nginx`,
      );
    const svc = serviceBackend(ing, defBackend);
    if (svc !== undefined) {
      un = svc;
      const defLoc = servers.get(defaultServerName)?.locations[0];
      const rules = ing.spec?.rules ?? [];
      if (defLoc !== undefined && defLoc.isDefBackend && rules.length === 0) {
        // the "catch all" case: an Ingress with a backend and no rule
        defLoc.isDefBackend = false;
        defLoc.backend = svc;
        defLoc.ingress = refOf(ing);
        defLoc.anns = {
          ...anns,
          rewriteTarget: defLoc.anns.rewriteTarget,
          useRegex: defLoc.anns.useRegex,
          appRoot: defLoc.anns.appRoot,
        };
      }
    }
    for (const rule of ing.spec?.rules ?? []) {
      const host = rule.host !== undefined && rule.host !== "" ? rule.host : defaultServerName;
      if (servers.has(host)) continue;
      servers.set(host, {
        hostname: host,
        tls: undefined,
        locations: [
          {
            path: rootLocation,
            ingressPath: rootLocation,
            pathType: "Prefix",
            ingressPathType: "Prefix",
            isDefBackend: true,
            backend: un,
            ingress: refOf(ing),
            anns,
          },
        ],
      });
    }
  }

  // createServers, second pass: TLS per server (the first Ingress with spec.tls wins).
  const tlsHosts: TLSHost[] = [];
  for (const ing of ingresses) {
    for (const tls of ing.spec?.tls ?? [])
      for (const h of tls.hosts ?? [])
        tlsHosts.push({ host: h, secretName: tls.secretName, ingress: refOf(ing) });
    if ((ing.spec?.tls ?? []).length === 0) continue;
    for (const rule of ing.spec?.rules ?? []) {
      const host = rule.host !== undefined && rule.host !== "" ? rule.host : defaultServerName;
      const server = servers.get(host);
      if (server === undefined || host === defaultServerName || server.tls !== undefined) continue;
      server.tls = { secretName: tlsSecretName(host, ing), ingress: refOf(ing) };
    }
  }

  // getBackendServers: the rule paths become locations.
  for (const ing of ingresses) {
    const anns = routingAnnotations(ing);
    for (const rule of ing.spec?.rules ?? []) {
      const host = rule.host !== undefined && rule.host !== "" ? rule.host : defaultServerName;
      const server = servers.get(host) ?? servers.get(defaultServerName);
      if (server === undefined || rule.http === undefined) continue;
      for (const p of rule.http.paths) {
        const svc = serviceBackend(ing, p.backend);
        if (svc === undefined) {
          warnings.push(
            `${keyOf(ing)}: path ${JSON.stringify(p.path ?? "")} of host ${JSON.stringify(host)} has a resource backend; ingress-nginx skips non-service backends`,
          );
          continue;
        }
        const nginxPath = p.path !== undefined && p.path !== "" ? p.path : rootLocation;
        const pathType = (p.pathType ?? "ImplementationSpecific") as PathType;
        let addLoc = true;
        for (const loc of server.locations) {
          if (loc.path !== nginxPath) continue;
          // same paths with different types are allowed
          if (loc.pathType !== pathType) break;
          addLoc = false;
          if (!loc.isDefBackend) break; // already configured by an older Ingress
          loc.backend = svc;
          loc.isDefBackend = false;
          loc.ingress = refOf(ing);
          loc.anns = anns;
          loc.ingressPathType = pathType;
          break;
        }
        if (addLoc)
          server.locations.push({
            path: nginxPath,
            ingressPath: nginxPath,
            pathType,
            ingressPathType: pathType,
            isDefBackend: false,
            backend: svc,
            ingress: refOf(ing),
            anns,
          });
      }
    }
  }

  const out: Server[] = [];
  for (const s of [...servers.values()].sort((a, b) =>
    a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0,
  )) {
    // two stable sorts, as getBackendServers does: path descending, then length descending
    const sorted = [...s.locations]
      .sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0))
      .sort((a, b) => b.path.length - a.path.length);
    const locations = updateServerLocations(sorted);
    const enforceRegex = locations.some((l) => needsRewrite(l) || l.anns.useRegex);
    if (enforceRegex)
      for (const l of locations) {
        try {
          new RegExp(`^${l.path}`, "i");
        } catch {
          warnings.push(
            `server ${JSON.stringify(s.hostname)}: location ${JSON.stringify(l.path)} is not a valid regular expression`,
          );
        }
      }
    out.push({
      hostname: s.hostname,
      enforceRegex,
      tls: s.tls,
      locations: locations.map((l): Location => ({
        path: l.path,
        ingressPath: l.ingressPath,
        pathType: l.pathType,
        ingressPathType: l.ingressPathType,
        isDefBackend: l.isDefBackend,
        backend: l.backend,
        ingress: l.ingress,
        rewriteTarget: l.anns.rewriteTarget,
        useRegex: l.anns.useRegex,
        appRoot: l.anns.appRoot,
        xForwardedPrefix: l.anns.xForwardedPrefix,
        nginx: nginxLocation(l, enforceRegex),
      })),
    });
  }
  return { servers: out, tlsHosts, warnings };
}
