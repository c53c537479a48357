/**
 * What every /sim/v1 route works on: the cluster, the pacer that runs it
 * in real time, the virtual instant the server started at (times in
 * answers are also given since then, as `kubesim shell`'s prompt shows
 * them), the speed `resume` goes back to, the traffic generators
 * started through the API, and the objects that were there at the start. One per server.
 */
import type { Cluster, Millis } from "kubesim";
import type { RealTimePacer } from "../pacer.js";
import { objectKeys } from "./snapshot.js";
import { TrafficRegistry } from "./traffic.js";

export interface SimContext {
  readonly cluster: Cluster;
  readonly pacer: RealTimePacer;
  /** Virtual time when the server started. */
  readonly start: Millis;
  readonly traffic: TrafficRegistry;
  /** The speed before the last pause (what resume restores); 1 when never paused. */
  resumeSpeed: number;
  /** The objects the cluster had made when the server started: never saved, never deleted by a load. */
  readonly builtIn: ReadonlySet<string>;
  /** Wall milliseconds between two checks of an `until` that waits while time runs. */
  readonly pollMillis: number;
}

export function createSimContext(
  cluster: Cluster,
  pacer: RealTimePacer,
  options: { readonly pollMillis?: number } = {},
): SimContext {
  // What the components make at once (the ingress controller's Service, ...) is theirs too.
  cluster.settle();
  return {
    builtIn: objectKeys(cluster),
    cluster,
    pacer,
    start: cluster.now(),
    traffic: new TrafficRegistry(),
    resumeSpeed: pacer.speed === 0 ? 1 : pacer.speed,
    pollMillis: options.pollMillis ?? 100,
  };
}
