/**
 * The shapes of the ingress-nginx route table: servers (one per host, plus the
 * catch-all "_"), their nginx locations, and what `route` answers. Mirrors the
 * parts of kubernetes/ingress-nginx pkg/apis/ingress (Server, Location,
 * Backend) that decide where a request goes.
 */
import type { ServiceBackendPort } from "kubernetes-types/networking/v1";

/** A namespace/name reference to the Ingress a location came from. */
export interface IngressRef {
  readonly namespace: string;
  readonly name: string;
}

/** A Service backend (IngressServiceBackend), qualified by the Ingress's namespace. */
export interface ServiceBackendRef {
  readonly namespace: string;
  readonly name: string;
  /** `{ number }` or `{ name }`, as the Ingress wrote it. */
  readonly port: ServiceBackendPort;
}

export type PathType = "Exact" | "Prefix" | "ImplementationSpecific";

/** One nginx location of a server (ingress.Location). */
export interface Location {
  /** The nginx location path after updateServerLocations (Prefix "/foo" becomes "/foo/"). */
  readonly path: string;
  /** The path as the Ingress wrote it ("" paths become "/"). */
  readonly ingressPath: string;
  /** The nginx location's type: an extra exact location made for a Prefix path is "Exact". */
  readonly pathType: PathType;
  /** The pathType the Ingress rule wrote (the root default location counts as Prefix). */
  readonly ingressPathType: PathType;
  /** True for the server's root location that serves the default backend. */
  readonly isDefBackend: boolean;
  /** The service behind the location; undefined = the controller's default backend (404). */
  readonly backend: ServiceBackendRef | undefined;
  /** The Ingress whose rule (or defaultBackend) made the location, if any. */
  readonly ingress: IngressRef | undefined;
  /** nginx.ingress.kubernetes.io/rewrite-target ("" when unset). */
  readonly rewriteTarget: string;
  /** nginx.ingress.kubernetes.io/use-regex. */
  readonly useRegex: boolean;
  /** nginx.ingress.kubernetes.io/app-root ("" when unset). */
  readonly appRoot: string;
  /** nginx.ingress.kubernetes.io/x-forwarded-prefix ("" when unset). */
  readonly xForwardedPrefix: string;
  /** The location as nginx.conf would spell it: `= "/foo"`, `"/foo/"`, `~* "^/foo"`. */
  readonly nginx: string;
}

/** A TLS host of a server: the secret ingress-nginx picks (extractTLSSecretName). */
export interface ServerTLS {
  /** undefined = no spec.tls entry names the host: the default (fake) certificate. */
  readonly secretName: string | undefined;
  readonly ingress: IngressRef;
}

/** One nginx server block (ingress.Server). */
export interface Server {
  /** The host, `*.example.com`, or "_" for the catch-all server. */
  readonly hostname: string;
  /** In nginx.conf order: longest path first, then reverse-lexicographic. */
  readonly locations: readonly Location[];
  /** True when any location needs rewrite or use-regex: every location is then `~*` (enforceRegexModifier). */
  readonly enforceRegex: boolean;
  readonly tls: ServerTLS | undefined;
}

/** A spec.tls host as an Ingress lists it. */
export interface TLSHost {
  readonly host: string;
  readonly secretName: string | undefined;
  readonly ingress: IngressRef;
}

/** The whole table: what ingress-nginx renders into nginx.conf for HTTP routing. */
export interface RouteTable {
  /** Sorted by hostname, as ingress-nginx sorts them; "_" included. */
  readonly servers: readonly Server[];
  /** Every spec.tls host of the handled Ingresses, in Ingress order. */
  readonly tlsHosts: readonly TLSHost[];
  /** Problems nginx would refuse or ingress-nginx would log (bad regex, resource backends). */
  readonly warnings: readonly string[];
}

/** route's answer when a location serves the request from a Service. */
export interface RoutedToBackend {
  readonly kind: "backend";
  readonly status?: undefined;
  readonly server: string;
  readonly location: Location;
  readonly backend: ServiceBackendRef;
  /** The Ingress rule path that matched (or "/" for a defaultBackend location). */
  readonly path: string;
  readonly pathType: PathType;
  /** True when the backend is an Ingress's spec.defaultBackend (no rule path matched). */
  readonly viaDefaultBackend: boolean;
  /** What the upstream pod sees as the request target (path and query) after rewrite-target. */
  readonly upstreamPath: string;
  /** Extra request headers the location sets (X-Forwarded-Prefix). */
  readonly headers: Readonly<Record<string, string>>;
}

/** The controller's own default backend: nginx's 404 page. */
export interface RoutedToDefaultBackend {
  readonly kind: "defaultBackend";
  readonly status: 404;
  readonly server: string;
  readonly location: Location | undefined;
}

/** A redirect nginx answers itself (trailing-slash auto redirect, app-root, absolute rewrite-target). */
export interface RoutedToRedirect {
  readonly kind: "redirect";
  readonly status: 301 | 302;
  readonly server: string;
  /** The Location header: a path ("/foo/") or an absolute URL. */
  readonly redirectTo: string;
  readonly location: Location | undefined;
}

/** A request nginx refuses before routing (bad URI). */
export interface RoutedToBadRequest {
  readonly kind: "badRequest";
  readonly status: 400;
  readonly server: string;
}

export type RouteResult =
  RoutedToBackend | RoutedToDefaultBackend | RoutedToRedirect | RoutedToBadRequest;
