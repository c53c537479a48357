/** The data plane: requests and connections across DNS, kube-proxy, frontends and pods. */
export type {
  ConnectResult,
  DataplaneLatency,
  DataplaneOptions,
  NameResolution,
} from "./dataplane.js";
export {
  Dataplane,
  DefaultDataplaneLatency,
  DefaultExternalClientIP,
  DefaultUserAgent,
  SynRetriesTimeout,
} from "./dataplane.js";
export type { IngressAddress } from "./ingress-hosts.js";
export { IngressHosts } from "./ingress-hosts.js";
export type { RequestUrl } from "./url.js";
export { InvalidUrlError, isInvalidUrlError, parseRequestUrl } from "./url.js";
