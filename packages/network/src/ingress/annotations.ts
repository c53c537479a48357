/**
 * The ingress-nginx annotations that shape routing, parsed as the controller
 * parses them. Mirrors kubernetes/ingress-nginx internal/ingress/annotations
 * (rewrite: rewrite-target, use-regex, app-root, x-forwarded-prefix; canary)
 * and internal/ingress/annotations/parser (GetBoolAnnotation uses Go's
 * strconv.ParseBool; a bad value counts as unset).
 */
import type { Ingress } from "kubernetes-types/networking/v1";

export const annotationPrefix = "nginx.ingress.kubernetes.io";
export const rewriteTargetAnnotation = `${annotationPrefix}/rewrite-target`;
export const useRegexAnnotation = `${annotationPrefix}/use-regex`;
export const appRootAnnotation = `${annotationPrefix}/app-root`;
export const xForwardedPrefixAnnotation = `${annotationPrefix}/x-forwarded-prefix`;
export const canaryAnnotation = `${annotationPrefix}/canary`;

/** Go's strconv.ParseBool: undefined for anything it rejects. */
export function parseGoBool(s: string | undefined): boolean | undefined {
  switch (s) {
    case "1":
    case "t":
    case "T":
    case "TRUE":
    case "true":
    case "True":
      return true;
    case "0":
    case "f":
    case "F":
    case "FALSE":
    case "false":
    case "False":
      return false;
    default:
      return undefined;
  }
}

/** The routing annotations of one Ingress (ingress.ParsedAnnotations, the parts kubesim uses). */
export interface RoutingAnnotations {
  readonly rewriteTarget: string;
  readonly useRegex: boolean;
  readonly appRoot: string;
  readonly xForwardedPrefix: string;
  readonly canary: boolean;
}

export function routingAnnotations(ing: Ingress): RoutingAnnotations {
  const a = ing.metadata?.annotations ?? {};
  return {
    rewriteTarget: a[rewriteTargetAnnotation] ?? "",
    useRegex: parseGoBool(a[useRegexAnnotation]) ?? false,
    appRoot: a[appRootAnnotation] ?? "",
    xForwardedPrefix: a[xForwardedPrefixAnnotation] ?? "",
    canary: parseGoBool(a[canaryAnnotation]) ?? false,
  };
}
