/**
 * kubesim: the library's front door. `Cluster.create()` assembles the
 * components on one virtual clock.
 */
export type { ClusterOptions } from "./cluster.js";
export { Cluster } from "./cluster.js";
export type { NodeOptions } from "./nodes.js";
export type { ClusterNetwork } from "./cluster-network.js";
export { kubeDnsService } from "./cluster-network.js";
export type {
  ClientRequest,
  ClientResult,
  Hop,
  RequestOrigin,
  ServedBy,
  TrafficGeneratorOptions,
} from "@kubesim/network";
export { TrafficGenerator } from "@kubesim/network";
export { ImageCatalogue, ImageCatalogueError } from "@kubesim/kubelet";
export { DEFAULT_REGION, DEFAULT_ZONES, NodePool } from "./nodes.js";
// Time helpers that front-end code (kubectl printers, the server) needs without
// reaching below the front door.
export type { Millis } from "@kubesim/sim";
export { formatDuration, humanDuration, parseDuration, rfc3339 } from "@kubesim/sim";
