/**
 * The ingress controller's routing logic (ingress-nginx behaviour): IngressClass
 * resolution, the route table built from the handled Ingresses, and `route`.
 */
export {
  defaultIngressClass,
  ingressClassAnnotation,
  ingressClassFor,
  ingressNginxController,
  ingressesHandled,
  isDefaultClassAnnotation,
} from "./ingress-class.js";
export type { IngressClassOptions, IngressClassResolution } from "./ingress-class.js";
export {
  appRootAnnotation,
  canaryAnnotation,
  rewriteTargetAnnotation,
  routingAnnotations,
  useRegexAnnotation,
  xForwardedPrefixAnnotation,
} from "./annotations.js";
export type { RoutingAnnotations } from "./annotations.js";
export { hostMatchesRule, normalizeRequestHost } from "./host.js";
export { buildRouteTable, defaultServerName, sortIngresses } from "./route-table.js";
export { route, selectServer } from "./route.js";
export type { RouteOptions } from "./route.js";
export { applyRewrite } from "./rewrite.js";
export type { RewriteOutcome } from "./rewrite.js";
export { parseRequestUri } from "./uri.js";
export type { ParsedUri } from "./uri.js";
export type {
  IngressRef,
  Location,
  PathType,
  RouteResult,
  RouteTable,
  RoutedToBackend,
  RoutedToBadRequest,
  RoutedToDefaultBackend,
  RoutedToRedirect,
  Server,
  ServerTLS,
  ServiceBackendRef,
  TLSHost,
} from "./types.js";
