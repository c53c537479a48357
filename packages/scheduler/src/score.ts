/**
 * The default profile's score plugins that apply to kubesim's pods, each
 * normalised to 0..100 as upstream, then summed with the default weights
 * (pkg/scheduler/apis/config/v1/default_plugins.go):
 *
 * | plugin                           | weight | mirrors |
 * | -------------------------------- | ------ | ------- |
 * | TaintToleration                  | 3      | plugins/tainttoleration (PreferNoSchedule taints, reversed) |
 * | NodeAffinity                     | 2      | plugins/nodeaffinity (preferred terms; skipped without them) |
 * | NodeResourcesFit (LeastAllocated)| 1      | plugins/noderesources/least_allocated.go, resource_allocation.go |
 * | PodTopologySpread                | 2      | plugins/podtopologyspread/scoring.go (system default constraints) |
 * | NodeResourcesBalancedAllocation  | 1      | plugins/noderesources/balanced_allocation.go |
 *
 * Formulas (integer division truncates, as Go's int64):
 * - LeastAllocated, per resource (cpu, memory; weight 1 each):
 *   (allocatable - requested) * 100 / allocatable, with requested = the
 *   node's non-zero requests + the pod's (100m / 200Mi for containers that
 *   request nothing); averaged over the resources the node has.
 *   Example: 4 cores, 1 requested, pod 1 -> (4000 - 2000) * 100 / 4000 = 50.
 * - BalancedAllocation: fractions f = min(requested / allocatable, 1) with
 *   the real requests; score = int((1 - |f_cpu - f_mem| / 2) * 100). Skipped
 *   for a pod that requests neither cpu nor memory (kubernetes#129138).
 * - PodTopologySpread with the system defaults {hostname, maxSkew 3} and
 *   {topology.kubernetes.io/zone, maxSkew 5}, ScheduleAnyway: raw score =
 *   round(sum over constraints whose key the node carries of
 *   count * ln(domains + 2) + maxSkew - 1), then 100 * (max + min - s) / max
 *   (100 for all when max = 0). count = pods of the same owner on the node
 *   (hostname) or in the zone. Nodes need their kubernetes.io/hostname label,
 *   as upstream.
 * - TaintToleration: count the node's PreferNoSchedule taints not tolerated;
 *   100 - count * 100 / maxCount (all 100 when no node has one).
 * - NodeAffinity: sum of matching preferred weights; count * 100 / maxCount.
 *
 * kubesim deviations (README): the spreading selector is "same controller
 * UID" instead of the union of the owner's and Services' selectors;
 * InterPodAffinity, ImageLocality and VolumeBinding scores are not modelled;
 * a pod's own topologySpreadConstraints are ignored (no system defaults are
 * applied to such a pod either, as upstream).
 */
import type { Pod, Toleration } from "kubernetes-types/core/v1";
import type { RequiredNodeAffinity } from "./node-affinity.js";
import {
  matchesRequiredNodeAffinity,
  preferredNodeAffinity,
  preferredNodeAffinityScore,
  requiredNodeAffinity,
} from "./node-affinity.js";
import type { NodeInfo } from "./node-info.js";
import type { PodRequests } from "./resources.js";
import { podRequests } from "./resources.js";
import { MaxNodeScore } from "./status.js";
import { tolerationsTolerateTaint } from "./taints.js";

export const LabelHostname = "kubernetes.io/hostname";
export const LabelTopologyZone = "topology.kubernetes.io/zone";

/** The default profile's score weights. */
export const defaultScoreWeights = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  NodeResourcesBalancedAllocation: 1,
} as const;

export type ScorePluginName = keyof typeof defaultScoreWeights;

const scorePluginNames = Object.keys(defaultScoreWeights) as ScorePluginName[];

const idiv = (a: number, b: number): number => Math.trunc(a / b);

/** leastRequestedScore(requested, capacity). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return idiv((capacity - requested) * MaxNodeScore, capacity);
}

/** NodeResourcesFit.Score with the LeastAllocated strategy (cpu and memory, weight 1 each). */
export function leastAllocatedScore(pod: Pod, n: NodeInfo): number {
  return leastAllocated(podRequests(pod), n);
}

function leastAllocated(r: PodRequests, n: NodeInfo): number {
  let score = 0;
  let weights = 0;
  const cpu = n.allocatable.milliCPU;
  if (cpu !== 0) {
    score += leastRequestedScore(n.nonZeroRequested.milliCPU + r.nonZeroMilliCPU, cpu);
    weights += 1;
  }
  const mem = n.allocatable.memory;
  if (mem !== 0) {
    score += leastRequestedScore(n.nonZeroRequested.memory + r.nonZeroMemory, mem);
    weights += 1;
  }
  return weights === 0 ? 0 : idiv(score, weights);
}

/** balancedResourceScorer(requested, allocatable). */
export function balancedResourceScore(
  requested: readonly number[],
  allocatable: readonly number[],
): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i]!;
    if (a === 0) continue;
    const f = Math.min(requested[i]! / a, 1);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    std = Math.sqrt(fractions.reduce((s, f) => s + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MaxNodeScore);
}

/** NodeResourcesBalancedAllocation.Score; undefined when the plugin skips the pod (best effort). */
export function balancedAllocationScore(pod: Pod, n: NodeInfo): number | undefined {
  return balancedAllocation(podRequests(pod), n);
}

function balancedAllocation(r: PodRequests, n: NodeInfo): number | undefined {
  const req = r.requests;
  if (req.milliCPU === 0 && req.memory === 0) return undefined;
  // balancedResourceScore for the two resources, without allocating.
  const ac = n.allocatable.milliCPU;
  const am = n.allocatable.memory;
  if (ac === 0 || am === 0) {
    return balancedResourceScore(
      [n.requested.milliCPU + req.milliCPU, n.requested.memory + req.memory],
      [ac, am],
    );
  }
  const fc = Math.min((n.requested.milliCPU + req.milliCPU) / ac, 1);
  const fm = Math.min((n.requested.memory + req.memory) / am, 1);
  return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MaxNodeScore);
}

/** helper.DefaultNormalizeScore(MaxNodeScore, reverse, scores). */
export function defaultNormalizeScore(scores: number[], reverse: boolean): number[] {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  const out = new Array<number>(scores.length);
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      out[i] = reverse ? MaxNodeScore : 0;
      continue;
    }
    const v = idiv(MaxNodeScore * scores[i]!, max);
    out[i] = reverse ? MaxNodeScore - v : v;
  }
  return out;
}

/** TaintToleration: raw counts of intolerable PreferNoSchedule taints per node, normalised (reversed). */
export function taintTolerationScores(pod: Pod, nodes: readonly NodeInfo[]): number[] {
  let tolerations: Toleration[] | undefined;
  const raw = new Array<number>(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    let count = 0;
    const taints = nodes[i]!.node.spec?.taints;
    if (taints !== undefined) {
      for (const t of taints) {
        if (t.effect !== "PreferNoSchedule") continue;
        tolerations ??= (pod.spec?.tolerations ?? []).filter(
          (tol) => (tol.effect ?? "") === "" || tol.effect === "PreferNoSchedule",
        );
        if (!tolerationsTolerateTaint(tolerations, t)) count++;
      }
    }
    raw[i] = count;
  }
  return defaultNormalizeScore(raw, true);
}

/** NodeAffinity: normalised preferred-term weights; undefined when the pod has none (Skip). */
export function nodeAffinityScores(pod: Pod, nodes: readonly NodeInfo[]): number[] | undefined {
  const preferred = preferredNodeAffinity(pod);
  if (preferred === undefined) return undefined;
  return defaultNormalizeScore(
    nodes.map((n) => preferredNodeAffinityScore(preferred, n.node)),
    false,
  );
}

/** A system default spreading constraint (ScheduleAnyway). */
export interface SpreadConstraint {
  readonly topologyKey: string;
  readonly maxSkew: number;
}

/** podtopologyspread.systemDefaultConstraints. */
export const systemDefaultConstraints: readonly SpreadConstraint[] = [
  { topologyKey: LabelHostname, maxSkew: 3 },
  { topologyKey: LabelTopologyZone, maxSkew: 5 },
];

const controllerUID = (pod: Pod): string | undefined =>
  pod.metadata?.ownerReferences?.find((r) => r.controller === true)?.uid;

/**
 * PodTopologySpread PreScore + Score + NormalizeScore with the system default
 * constraints. `filtered` are the feasible nodes (scored), `all` every node
 * (counted when it matches the pod's required node affinity). undefined when
 * the plugin skips: no owner, or the pod has its own constraints.
 */
export function podTopologySpreadScores(
  pod: Pod,
  filtered: readonly NodeInfo[],
  all: readonly NodeInfo[],
  affinity: RequiredNodeAffinity = requiredNodeAffinity(pod),
): number[] | undefined {
  const owner = controllerUID(pod);
  if (owner === undefined || (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0)
    return undefined;
  if (all.length === 0) return undefined;
  const constraints = systemDefaultConstraints;
  const nc = constraints.length;
  // initPreScoreState with requireAllTopologies = false (system defaults).
  const domainCounts: Array<Map<string, number>> = [];
  const weights: number[] = [];
  // Domain counts matter only for constraints some feasible node carries the
  // key of (Score skips the others); skipping the pass then changes nothing.
  const counted: boolean[] = [];
  let anyCounted = false;
  for (let i = 0; i < nc; i++) {
    const key = constraints[i]!.topologyKey;
    const counts = new Map<string, number>();
    let carried = false;
    if (key !== LabelHostname) {
      for (const n of filtered) {
        const labels = n.node.metadata?.labels;
        counts.set(labels?.[key] ?? "", 0);
        if (labels !== undefined && Object.hasOwn(labels, key)) carried = true;
      }
    }
    domainCounts.push(counts);
    weights.push(Math.log((key === LabelHostname ? filtered.length : counts.size) + 2));
    counted.push(carried);
    anyCounted ||= carried;
  }
  if (anyCounted) {
    for (let j = 0; j < all.length; j++) {
      const n = all[j]!;
      if (!matchesRequiredNodeAffinity(affinity, n.node)) continue;
      const labels = n.node.metadata?.labels ?? {};
      for (let i = 0; i < nc; i++) {
        if (!counted[i]) continue;
        const value = labels[constraints[i]!.topologyKey] ?? "";
        const counts = domainCounts[i]!;
        const cur = counts.get(value);
        if (cur !== undefined) counts.set(value, cur + n.ownedCount(owner));
      }
    }
  }
  const raw = new Array<number>(filtered.length);
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let j = 0; j < filtered.length; j++) {
    const n = filtered[j]!;
    let score = 0;
    const labels = n.node.metadata?.labels ?? {};
    for (let i = 0; i < nc; i++) {
      const c = constraints[i]!;
      if (!Object.hasOwn(labels, c.topologyKey)) continue;
      const cnt =
        c.topologyKey === LabelHostname
          ? n.ownedCount(owner)
          : (domainCounts[i]!.get(labels[c.topologyKey]!) ?? 0);
      score += cnt * weights[i]! + (c.maxSkew - 1);
    }
    const v = Math.round(score);
    raw[j] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let j = 0; j < raw.length; j++)
    raw[j] = max === 0 ? MaxNodeScore : idiv(MaxNodeScore * (max + min - raw[j]!), max);
  return raw;
}

/** One node's scores: per plugin (normalised, unweighted) and the weighted total. */
export interface NodeScore {
  readonly nodeName: string;
  readonly total: number;
  readonly plugins: Readonly<Partial<Record<ScorePluginName, number>>>;
}

/** RunScorePlugins' results for the feasible nodes: each active plugin's scores and the weighted totals. */
export interface PluginScores {
  /** The plugins that scored (skipped ones are absent), in the default profile's order. */
  readonly active: readonly ScorePluginName[];
  /** Normalised, unweighted scores per active plugin, indexed like the feasible nodes. */
  readonly perPlugin: Readonly<Partial<Record<ScorePluginName, readonly number[]>>>;
  /** Weighted sums, indexed like the feasible nodes. */
  readonly totals: readonly number[];
  readonly weights: Readonly<Record<ScorePluginName, number>>;
}

/**
 * RunScorePlugins + the weighted sum, for the feasible nodes `filtered`;
 * `all` is every node (for spreading counts). Skipped plugins add nothing.
 */
export function runScorePlugins(
  pod: Pod,
  filtered: readonly NodeInfo[],
  all: readonly NodeInfo[],
  weights: Readonly<Record<ScorePluginName, number>> = defaultScoreWeights,
): PluginScores {
  const r = podRequests(pod);
  const n = filtered.length;
  const fit = new Array<number>(n);
  for (let i = 0; i < n; i++) fit[i] = leastAllocated(r, filtered[i]!);
  const perPlugin: Partial<Record<ScorePluginName, readonly number[]>> = {
    TaintToleration: taintTolerationScores(pod, filtered),
    NodeResourcesFit: fit,
  };
  const affinity = nodeAffinityScores(pod, filtered);
  if (affinity !== undefined) perPlugin.NodeAffinity = affinity;
  const spread = podTopologySpreadScores(pod, filtered, all);
  if (spread !== undefined) perPlugin.PodTopologySpread = spread;
  if (r.requests.milliCPU !== 0 || r.requests.memory !== 0) {
    const balanced = new Array<number>(n);
    for (let i = 0; i < n; i++) balanced[i] = balancedAllocation(r, filtered[i]!)!;
    perPlugin.NodeResourcesBalancedAllocation = balanced;
  }
  const active = scorePluginNames.filter((name) => perPlugin[name] !== undefined);
  const totals = new Array<number>(n).fill(0);
  for (const name of active) {
    const scores = perPlugin[name]!;
    const w = weights[name];
    for (let i = 0; i < n; i++) totals[i] = totals[i]! + scores[i]! * w;
  }
  return { active, perPlugin, totals, weights };
}

/** The per-node records of `runScorePlugins`' results (what `scoreNodes` returns). */
export function nodeScores(filtered: readonly NodeInfo[], s: PluginScores): NodeScore[] {
  // Every node's record has the same keys: clone one template (cheap) instead of growing each.
  const template: Partial<Record<ScorePluginName, number>> = {};
  for (const name of s.active) template[name] = 0;
  return filtered.map((n, i) => {
    const plugins = { ...template };
    for (const name of s.active) plugins[name] = s.perPlugin[name]![i]!;
    return { nodeName: n.name, total: s.totals[i]!, plugins };
  });
}

/**
 * RunScorePlugins + the weighted sum, for the feasible nodes `filtered`;
 * `all` is every node (for spreading counts). Skipped plugins add nothing.
 */
export function scoreNodes(
  pod: Pod,
  filtered: readonly NodeInfo[],
  all: readonly NodeInfo[],
  weights: Readonly<Record<ScorePluginName, number>> = defaultScoreWeights,
): NodeScore[] {
  return nodeScores(filtered, runScorePlugins(pod, filtered, all, weights));
}
