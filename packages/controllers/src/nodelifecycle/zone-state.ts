/**
 * Zones and disruption, decided: `ComputeZoneState`, `handleDisruption`,
 * `setLimiterInZone`, `HealthyQPSFunc`, `ReducedQPSFunc`,
 * `isNodeExcludedFromDisruptionChecks` of kubernetes/kubernetes
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go, and `GetZoneKey`
 * of k8s.io/component-helpers/node/topology.
 *
 * A zone (region + zone labels) is
 *   fullDisruption     when none of its nodes is Ready;
 *   partialDisruption  when more than 2 nodes and at least 55 % of them are not Ready;
 *   normal             otherwise.
 * Its NoExecute tainter is rate limited accordingly: normal 0.1 nodes/s;
 * partialDisruption 0.01/s in a zone of more than 50 nodes, else 0 (stop);
 * fullDisruption 0.1/s again, unless *every* zone is fully disrupted: then the
 * controller assumes its own connectivity is at fault, stops all tainting
 * (limit 0) and removes the NoExecute taints it set (markNodeAsReachable on
 * every node). Leaving that state resets every node's probe timestamp to now,
 * so nodes get a full grace period again.
 */
import type { Node, NodeCondition } from "kubernetes-types/core/v1";
import type { NodeLifecycleConfig } from "./config.js";

export type ZoneState = "Initial" | "Normal" | "FullDisruption" | "PartialDisruption";

export const stateInitial: ZoneState = "Initial";
export const stateNormal: ZoneState = "Normal";
export const stateFullDisruption: ZoneState = "FullDisruption";
export const statePartialDisruption: ZoneState = "PartialDisruption";

export const LabelTopologyZone = "topology.kubernetes.io/zone";
export const LabelTopologyRegion = "topology.kubernetes.io/region";
export const LabelFailureDomainBetaZone = "failure-domain.beta.kubernetes.io/zone";
export const LabelFailureDomainBetaRegion = "failure-domain.beta.kubernetes.io/region";

/** labelNodeDisruptionExclusion: nodes with this label do not count towards zone health. */
export const LabelNodeDisruptionExclusion = "node.kubernetes.io/exclude-disruption";

/** GetZoneKey: "region:\0:zone" from the (beta first) topology labels; "" without either. */
export function getZoneKey(node: Node): string {
  const labels = node.metadata?.labels;
  if (labels === undefined) return "";
  const zone = labels[LabelFailureDomainBetaZone] ?? labels[LabelTopologyZone] ?? "";
  const region = labels[LabelFailureDomainBetaRegion] ?? labels[LabelTopologyRegion] ?? "";
  if (region === "" && zone === "") return "";
  return `${region}:\u0000:${zone}`;
}

export function isNodeExcludedFromDisruptionChecks(node: Node): boolean {
  return node.metadata?.labels?.[LabelNodeDisruptionExclusion] !== undefined;
}

/** ComputeZoneState: [not-Ready count, state] from the zone's Ready conditions (undefined = none). */
export function computeZoneState(
  readyConditions: readonly (NodeCondition | undefined)[],
  unhealthyZoneThreshold: number,
): [number, ZoneState] {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c !== undefined && c.status === "True") ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return [notReady, stateFullDisruption];
  // Upstream compares float32 values; the rounding differs only at exact ties far below 1e-7.
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyZoneThreshold)
    return [notReady, statePartialDisruption];
  return [notReady, stateNormal];
}

/** setLimiterInZone: the tainting rate for a zone of `zoneSize` nodes in `state`. */
export function limiterQPSFor(
  state: ZoneState,
  zoneSize: number,
  config: Pick<
    NodeLifecycleConfig,
    "evictionLimiterQPS" | "secondaryEvictionLimiterQPS" | "largeClusterThreshold"
  >,
): number | undefined {
  switch (state) {
    case stateNormal:
      return config.evictionLimiterQPS;
    case statePartialDisruption:
      // ReducedQPSFunc
      return zoneSize > config.largeClusterThreshold ? config.secondaryEvictionLimiterQPS : 0;
    case stateFullDisruption:
      // HealthyQPSFunc
      return config.evictionLimiterQPS;
    default:
      return undefined;
  }
}

export interface DisruptionInput {
  /** Ready condition of each counted node, per zone (nodes whose health update failed are absent). */
  readonly zoneToNodeConditions: ReadonlyMap<string, readonly (NodeCondition | undefined)[]>;
  /** The zone states as the controller holds them (zones it has a tainter for). */
  readonly zoneStates: ReadonlyMap<string, ZoneState>;
  readonly config: Pick<
    NodeLifecycleConfig,
    | "evictionLimiterQPS"
    | "secondaryEvictionLimiterQPS"
    | "largeClusterThreshold"
    | "unhealthyZoneThreshold"
  >;
}

export interface DisruptionPlan {
  /** The zone states to hold afterwards. */
  readonly zoneStates: ReadonlyMap<string, ZoneState>;
  /** New tainting rates per zone (SwapLimiter), in zone order. */
  readonly limiters: ReadonlyMap<string, number>;
  /** Every zone went fully disrupted: remove NoExecute taints from every node. */
  readonly markAllReachable: boolean;
  /** Leaving full disruption: every node's probe and transition timestamps become now. */
  readonly resetProbeTimestamps: boolean;
  /** "entering" / "exiting" master disruption mode, for the log. */
  readonly transition?: "entering" | "exiting";
}

/** handleDisruption, decided. Zones are visited in sorted order (upstream iterates Go maps). */
export function planDisruption(input: DisruptionInput): DisruptionPlan {
  const { config } = input;
  const zones = [...input.zoneToNodeConditions.keys()].sort();
  const newZoneStates = new Map<string, ZoneState>();
  let allAreFullyDisrupted = true;
  const states = new Map(input.zoneStates);
  for (const k of zones) {
    const v = input.zoneToNodeConditions.get(k)!;
    const [, newState] = computeZoneState(v, config.unhealthyZoneThreshold);
    if (newState !== stateFullDisruption) allAreFullyDisrupted = false;
    newZoneStates.set(k, newState);
    if (!states.has(k)) states.set(k, stateInitial);
  }
  // Zones with no counted node are forgotten. Upstream stops this loop at the first zone that
  // was not fully disrupted, in Go's random map order, so it forgets them over some passes;
  // kubesim forgets them all at once (the same answer for allWasFullyDisrupted).
  let allWasFullyDisrupted = true;
  for (const k of [...states.keys()].sort()) {
    if (!input.zoneToNodeConditions.has(k)) {
      states.delete(k);
      continue;
    }
    if (states.get(k) !== stateFullDisruption) allWasFullyDisrupted = false;
  }
  const limiters = new Map<string, number>();
  const none: DisruptionPlan = {
    zoneStates: states,
    limiters,
    markAllReachable: false,
    resetProbeTimestamps: false,
  };
  if (allAreFullyDisrupted && allWasFullyDisrupted) return none;
  if (allAreFullyDisrupted) {
    for (const k of [...states.keys()].sort()) {
      limiters.set(k, 0);
      states.set(k, stateFullDisruption);
    }
    return { ...none, markAllReachable: true, transition: "entering" };
  }
  if (allWasFullyDisrupted) {
    for (const k of [...states.keys()].sort()) {
      const s = newZoneStates.get(k)!;
      const qps = limiterQPSFor(s, input.zoneToNodeConditions.get(k)?.length ?? 0, config);
      if (qps !== undefined) limiters.set(k, qps);
      states.set(k, s);
    }
    return { ...none, resetProbeTimestamps: true, transition: "exiting" };
  }
  for (const k of [...states.keys()].sort()) {
    const s = newZoneStates.get(k)!;
    if (states.get(k) === s) continue;
    const qps = limiterQPSFor(s, input.zoneToNodeConditions.get(k)?.length ?? 0, config);
    if (qps !== undefined) limiters.set(k, qps);
    states.set(k, s);
  }
  return none;
}
