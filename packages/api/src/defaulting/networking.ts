/**
 * discovery/v1 and networking/v1 defaults. Mirrors
 * kubernetes/pkg/apis/discovery/v1/defaults.go (SetDefaults_EndpointPort) and
 * kubernetes/pkg/apis/networking/v1/defaults.go (SetDefaults_IngressClass).
 *
 * Guarantees:
 * - EndpointSlice: ports[].name "" and ports[].protocol "TCP" when absent
 *   (both are pointers upstream, so an explicit value is kept);
 * - IngressClass: spec.parameters.scope "Cluster" when parameters is set without a scope;
 * - Ingress: no defaults (pathType has none in networking/v1; validation requires it).
 */
import type { Obj } from "./draft.js";
import { objAt, objectsAt, setIfAbsent } from "./draft.js";

export function setDefaultsEndpointSlice(slice: Obj): void {
  for (const port of objectsAt(slice, "ports")) {
    setIfAbsent(port, "name", "");
    setIfAbsent(port, "protocol", "TCP");
  }
}

export function setDefaultsIngressClass(ic: Obj): void {
  const spec = objAt(ic, "spec");
  const parameters = spec === undefined ? undefined : objAt(spec, "parameters");
  if (parameters !== undefined) setIfAbsent(parameters, "scope", "Cluster");
}
