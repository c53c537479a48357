/**
 * @kubesim/network: the pod network. For now the IP table of pod endpoints
 * with host-local IPAM per node; kube-proxy, DNS and ingress join it in the
 * network issue.
 */
export type { Dial, HttpRequest, HttpResponse, PodEndpoint } from "./http.js";
export type { Cidr } from "./ipam.js";
export { HostLocalIpam, IpamError, formatIPv4, parseCidr } from "./ipam.js";
export { PodNetwork } from "./pod-network.js";
export * from "./ingress/index.js";
export * from "./dns/index.js";
export * from "./proxy/index.js";
export type {
  ClientError,
  ClientRequest,
  ClientResult,
  Frontend,
  FrontendAnswer,
  FrontendRequest,
  HttpClient,
  Hop,
  RequestOrigin,
  ServedBy,
} from "./dataplane/types.js";
export * from "./dataplane/index.js";
export type { ClusterDnsOptions } from "./dns/server.js";
export {
  ClusterDns,
  CoreDnsServiceIndex,
  DefaultClusterDnsAddress,
  coreDnsServiceIndexFunc,
  formatResolvConf,
} from "./dns/server.js";
export * from "./traffic/index.js";
export {
  IngressNginxComponent,
  IngressNginxController,
  defaultPublishService,
  ingressNginxManifests,
  ingressNginxServiceName,
  ingressNginxTiming,
  ingressNginxVersion,
} from "./ingress-controller/index.js";
export type {
  IngressNginxControllerOptions,
  IngressNginxManifestOptions,
  IngressNginxManifests,
  IngressNginxTiming,
} from "./ingress-controller/index.js";
export { curl, wget } from "./tools/index.js";
export type { ToolOptions } from "./tools/index.js";
