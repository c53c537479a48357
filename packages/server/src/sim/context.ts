/**
 * What every /sim/v1 route works on: the cluster, the pacer that runs it
 * in real time, the virtual instant the server started at (times in
 * answers are also given since then, as `kubesim shell`'s prompt shows
 * them), the speed `resume` goes back to, and the traffic generators
 * started through the API. One per server.
 */
import type { Cluster, Millis } from "kubesim";
import type { RealTimePacer } from "../pacer.js";
import { TrafficRegistry } from "./traffic.js";

export interface SimContext {
  readonly cluster: Cluster;
  readonly pacer: RealTimePacer;
  /** Virtual time when the server started. */
  readonly start: Millis;
  readonly traffic: TrafficRegistry;
  /** The speed before the last pause (what resume restores); 1 when never paused. */
  resumeSpeed: number;
  /** Wall milliseconds between two checks of an `until` that waits while time runs. */
  readonly pollMillis: number;
}

export function createSimContext(
  cluster: Cluster,
  pacer: RealTimePacer,
  options: { readonly pollMillis?: number } = {},
): SimContext {
  return {
    cluster,
    pacer,
    start: cluster.now(),
    traffic: new TrafficRegistry(),
    resumeSpeed: pacer.speed === 0 ? 1 : pacer.speed,
    pollMillis: options.pollMillis ?? 100,
  };
}
