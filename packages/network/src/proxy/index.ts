/**
 * kube-proxy: the choice of an endpoint for a connection (endpoint-selection)
 * and the component that keeps the service table from its informers
 * (ServiceProxy).
 */
export type { ProxyEndpoint } from "./endpoint-selection.js";
export { ClientIPAffinity, pickIptables, usableEndpoints } from "./endpoint-selection.js";
export type { ServiceEndpoint } from "./endpoint-slice-cache.js";
export { endpointsByServicePort } from "./endpoint-slice-cache.js";
export type { ServicePortInfo, ServicePortName } from "./service-port.js";
export {
  DefaultClientIPServiceAffinitySeconds,
  formatServicePortName,
  servicePorts,
  shouldSkipService,
} from "./service-port.js";
export type {
  ProxyClient,
  ProxyDecision,
  ServiceProxyOptions,
  ServiceRoute,
  ServiceVia,
} from "./service-proxy.js";
export { LabelServiceProxyName, ServiceProxy } from "./service-proxy.js";
