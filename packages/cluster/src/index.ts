/**
 * kubesim: the library's front door. `Cluster.create()` assembles the
 * components on one virtual clock.
 */
export type { ClusterOptions } from "./cluster.js";
export { Cluster } from "./cluster.js";
