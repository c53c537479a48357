/**
 * The ingress-nginx controller: a process on the sim loop that serves the
 * Ingresses of its class at the published address (a data-plane Frontend),
 * writes their status and records their events; and the manifests an
 * installer applies for it.
 */
export {
  IngressNginxComponent,
  IngressNginxController,
  IngressNginxServiceIndex,
  defaultPublishService,
  endpointSliceServiceIndexFunc,
  ingressNginxTiming,
} from "./controller.js";
export type { IngressNginxControllerOptions, IngressNginxTiming } from "./controller.js";
export {
  ingressNginxManifests,
  ingressNginxServiceName,
  ingressNginxVersion,
} from "./manifests.js";
export type { IngressNginxManifestOptions, IngressNginxManifests } from "./manifests.js";
export { defaultProxySettings, serve } from "./serve.js";
export type { ProxySettings, ServeContext } from "./serve.js";
export {
  buildConfiguration,
  defaultConfiguration,
  forceSslRedirectAnnotation,
  preserveTrailingSlashAnnotation,
  sslRedirectAnnotation,
} from "./configuration.js";
export type {
  ConfigurationDefaults,
  RedirectConfig,
  RunningConfiguration,
  StoreView,
  SyncedConfiguration,
} from "./configuration.js";
export { buildUpstream, endpointsFromSlices, upstreamName } from "./backends.js";
export type { Upstream, UpstreamEndpoint } from "./backends.js";
export { Balancers } from "./balancer.js";
export { certificateForHost, serverCertificates } from "./certificates.js";
export type { ServerCertificate } from "./certificates.js";
export { errorPage, errorPageHeaders } from "./error-pages.js";
export { addressIPs, sortLoadBalancerIngresses, statusAddressFromService } from "./status.js";
export type { RunningAddresses } from "./status.js";
export { RequestIds } from "./request-id.js";
