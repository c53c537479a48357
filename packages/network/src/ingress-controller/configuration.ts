/**
 * One sync of ingress-nginx: the configuration it renders from the Ingresses
 * it serves. The part nginx.conf carries (servers, locations, certificates,
 * the per-location ssl-redirect settings) changes at a reload; the upstreams'
 * endpoints are handed to Lua, which picks them up on its next backends sync.
 * Mirrors kubernetes/ingress-nginx internal/ingress/controller/controller.go
 * (getConfiguration: createUpstreams, createServers, getBackendServers) and
 * internal/ingress/annotations/rewrite (ssl-redirect, force-ssl-redirect,
 * preserve-trailing-slash; their defaults come from the configmap: true,
 * false, false).
 */
import type { Secret, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import { annotationPrefix, parseGoBool } from "../ingress/annotations.js";
import { buildRouteTable } from "../ingress/route-table.js";
import type { RouteTable } from "../ingress/types.js";
import { buildUpstream, upstreamName, type Upstream } from "./backends.js";
import { serverCertificates, type ServerCertificate } from "./certificates.js";

export const sslRedirectAnnotation = `${annotationPrefix}/ssl-redirect`;
export const forceSslRedirectAnnotation = `${annotationPrefix}/force-ssl-redirect`;
export const preserveTrailingSlashAnnotation = `${annotationPrefix}/preserve-trailing-slash`;

/** The rewrite annotations lua_ingress.lua reads for a location (ingress-nginx Rewrite config). */
export interface RedirectConfig {
  readonly sslRedirect: boolean;
  readonly forceSslRedirect: boolean;
  readonly preserveTrailingSlash: boolean;
}

/** What a location without an Ingress carries (the catch-all server's root: a zero Rewrite). */
export const noRedirects: RedirectConfig = {
  sslRedirect: false,
  forceSslRedirect: false,
  preserveTrailingSlash: false,
};

/** The configmap settings that shape a sync. */
export interface ConfigurationDefaults {
  /** ssl-redirect (default true). */
  readonly sslRedirect: boolean;
  /** force-ssl-redirect (default false). */
  readonly forceSslRedirect: boolean;
  /** preserve-trailing-slash (default false). */
  readonly preserveTrailingSlash: boolean;
}

export const defaultConfiguration: ConfigurationDefaults = {
  sslRedirect: true,
  forceSslRedirect: false,
  preserveTrailingSlash: false,
};

/** What nginx.conf holds after a reload. */
export interface RunningConfiguration {
  readonly table: RouteTable;
  readonly certificates: ReadonlyMap<string, ServerCertificate>;
  /** Per Ingress ("namespace/name"): its locations' redirect settings. */
  readonly redirects: ReadonlyMap<string, RedirectConfig>;
}

/** What the controller reads from its informers' caches during a sync. */
export interface StoreView {
  service(key: string): Service | undefined;
  /** The EndpointSlices of Service "namespace/name". */
  endpointSlices(namespace: string, service: string): readonly EndpointSlice[];
  secret(key: string): Secret | undefined;
}

export interface SyncedConfiguration {
  readonly running: RunningConfiguration;
  /** By upstream name. */
  readonly upstreams: ReadonlyMap<string, Upstream>;
}

function redirectConfig(ing: Ingress, defaults: ConfigurationDefaults): RedirectConfig {
  const a = ing.metadata?.annotations ?? {};
  return {
    sslRedirect: parseGoBool(a[sslRedirectAnnotation]) ?? defaults.sslRedirect,
    forceSslRedirect: parseGoBool(a[forceSslRedirectAnnotation]) ?? defaults.forceSslRedirect,
    preserveTrailingSlash:
      parseGoBool(a[preserveTrailingSlashAnnotation]) ?? defaults.preserveTrailingSlash,
  };
}

/** getConfiguration over the served Ingresses and the caches. */
export function buildConfiguration(
  ingresses: readonly Ingress[],
  store: StoreView,
  defaults: ConfigurationDefaults = defaultConfiguration,
): SyncedConfiguration {
  const table = buildRouteTable(ingresses);
  const redirects = new Map<string, RedirectConfig>();
  for (const ing of ingresses)
    redirects.set(
      `${ing.metadata?.namespace ?? "default"}/${ing.metadata?.name ?? ""}`,
      redirectConfig(ing, defaults),
    );
  const upstreams = new Map<string, Upstream>();
  for (const server of table.servers)
    for (const loc of server.locations) {
      const ref = loc.backend;
      if (ref === undefined) continue;
      const name = upstreamName(ref);
      if (upstreams.has(name)) continue;
      upstreams.set(
        name,
        buildUpstream(
          ref,
          store.service(`${ref.namespace}/${ref.name}`),
          store.endpointSlices(ref.namespace, ref.name),
        ),
      );
    }
  return {
    running: { table, certificates: serverCertificates(table, store.secret), redirects },
    upstreams,
  };
}
