/**
 * Mirrors kubernetes/kubernetes pkg/scheduler/schedule_one.go
 * (`schedulePod`, `findNodesThatFitPod`, `prioritizeNodes`, `selectHost`, the
 * FitError and PostFilter steps of `schedulingCycle`) as one pure function:
 * nodes and the pods on them in, a decision out.
 *
 * 1. No nodes: "no nodes available to schedule pods". Upstream turns
 *    ErrNoNodesAvailable into an UnschedulableAndUnresolvable status, so the
 *    PodScheduled reason is Unschedulable (not SchedulerError); no plugin
 *    rejected the pod, so it is retried with the error backoff.
 * 2. PreFilter (NodeAffinity may narrow the nodes, or reject all of them).
 * 3. Filter every node with the default plugins; the feasible ones go on.
 * 4. None feasible: the FitError message plus the preemption PostFilter
 *    message; a preemption candidate is returned for the caller to act on.
 * 5. One feasible: bind there (upstream skips scoring too).
 * 6. Several: score, take the highest weighted total. Ties: kubesim picks the
 *    smallest node name (bytewise) where upstream samples at random
 *    (selectHost's reservoir sampling), so runs are reproducible; given a
 *    seeded `tieBreaker`, it samples uniformly among the tied nodes instead.
 *
 * Large clusters: as upstream, filtering starts at `startNodeIndex` and stops
 * once numFeasibleNodesToFind nodes passed (all nodes below 100 nodes); the
 * result's `nextStartNodeIndex` is where the next cycle starts. A pod that
 * fits nowhere has been checked against every node, so its message counts
 * them all.
 *
 * kubesim deviations (README): filtering is sequential (upstream's parallel
 * filtering may process a few extra nodes); the pod's schedulingGates are the
 * caller's concern; nominated pods are not considered.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { PodFilterState } from "./filter.js";
import { ErrReasonNodeAffinityConflict, preFilter, runFilterPlugins } from "./filter.js";
import type { Diagnosis } from "./fit-error.js";
import { ErrNoNodesAvailable, compareBytes, fitErrorMessage } from "./fit-error.js";
import type { NodeInfo, NodeInfoOptions } from "./node-info.js";
import { buildNodeInfos } from "./node-info.js";
import { preempt } from "./preemption.js";
import type { NodeScore, ScorePluginName } from "./score.js";
import { defaultScoreWeights, nodeScores, runScorePlugins } from "./score.js";
import type { Status } from "./status.js";
import { unresolvable } from "./status.js";

/** The decision for one pod. */
export type ScheduleResult =
  | {
      readonly type: "bind";
      readonly nodeName: string;
      /** How many nodes passed the filters. */
      readonly feasibleNodes: number;
      /** The scores of the feasible nodes (empty when only one was feasible). */
      readonly scores: readonly NodeScore[];
      /** Where the next scheduling cycle starts filtering (ScheduleOptions.startNodeIndex). */
      readonly nextStartNodeIndex: number;
    }
  | {
      readonly type: "unschedulable";
      /** The PodScheduled condition reason (ErrNoNodesAvailable included, as upstream). */
      readonly reason: "Unschedulable";
      /** The FailedScheduling message, worded as kube-scheduler words it. */
      readonly message: string;
      /** Why each node was rejected (absent when there are no nodes). */
      readonly diagnosis?: Diagnosis;
      /** Preemption found room here: nominate the pod and evict `victims`. */
      readonly nominatedNodeName?: string;
      readonly victims?: readonly Pod[];
      /** Where the next scheduling cycle starts filtering (absent when there are no nodes). */
      readonly nextStartNodeIndex?: number;
    };

export interface ScheduleOptions extends NodeInfoOptions {
  /** Score weights (default: the default profile's). */
  readonly weights?: Readonly<Record<ScorePluginName, number>>;
  /**
   * percentageOfNodesToScore (KubeSchedulerConfiguration): 0 (default) is
   * the adaptive percentage; 100 evaluates every node. Below 100 nodes every
   * node is evaluated anyway.
   */
  readonly percentageOfNodesToScore?: number;
  /**
   * The scheduler's nextStartNodeIndex: where filtering starts, so that
   * successive pods look at different nodes first in large clusters. Feed
   * back the result's `nextStartNodeIndex` (default 0).
   */
  readonly startNodeIndex?: number;
  /**
   * Break ties between equally scored nodes at random, as upstream's
   * selectHost does, from this seeded stream (default: smallest node name).
   */
  readonly tieBreaker?: { int(maxExclusive: number): number };
}

/**
 * schedulePod(pod, nodes, podsOnNodes): `podsOnNodes` are the pods already
 * placed (every pod, or a map from node name to its pods); terminal pods and
 * pods of unknown nodes are ignored.
 */
export function schedulePod(
  pod: Pod,
  nodes: readonly Node[],
  podsOnNodes: readonly Pod[] | ReadonlyMap<string, readonly Pod[]>,
  options: ScheduleOptions = {},
): ScheduleResult {
  return scheduleOnNodeInfos(pod, buildNodeInfos(nodes, podsOnNodes, options), options);
}

/**
 * The same on prepared NodeInfos (the scheduler cache): after binding, the
 * caller adds the pod to the chosen NodeInfo (`addPod`), as kube-scheduler
 * assumes a pod before the bind completes.
 */
export function scheduleOnNodeInfos(
  pod: Pod,
  nodeInfos: readonly NodeInfo[],
  options: ScheduleOptions = {},
): ScheduleResult {
  if (nodeInfos.length === 0) {
    return { type: "unschedulable", reason: "Unschedulable", message: ErrNoNodesAvailable };
  }
  const state = preFilter(pod);

  if (state.nodeNames !== undefined && state.nodeNames.size === 0) {
    const status = unresolvable("NodeAffinity", ErrReasonNodeAffinityConflict);
    return unschedulable(state, nodeInfos, options.startNodeIndex ?? 0, {
      nodeToStatus: new Map(),
      absentNodesStatus: status,
      preFilterMsg: ErrReasonNodeAffinityConflict,
    });
  }

  const names = state.nodeNames;
  const nodes = names === undefined ? nodeInfos : nodeInfos.filter((n) => names.has(n.name));
  const start = options.startNodeIndex ?? 0;
  const toFind = numFeasibleNodesToFind(options.percentageOfNodesToScore ?? 0, nodes.length);
  const nodeToStatus = new Map<string, Status>();
  const feasible: NodeInfo[] = [];
  let processed = 0;
  // findNodesThatPassFilters: from where the previous cycle stopped, until
  // enough feasible nodes are found (sequentially, so the count is exact).
  for (let i = 0; i < nodes.length && feasible.length < toFind; i++) {
    const n = nodes[(start + i) % nodes.length]!;
    const status = runFilterPlugins(state, n);
    if (status === undefined) feasible.push(n);
    else nodeToStatus.set(n.name, status);
    processed++;
  }
  const nextStartNodeIndex = (start + processed) % nodeInfos.length;

  if (feasible.length === 0) {
    return unschedulable(state, nodeInfos, nextStartNodeIndex, {
      nodeToStatus,
      ...(names !== undefined
        ? {
            absentNodesStatus: unresolvable(
              "NodeAffinity",
              "node(s) didn't satisfy plugin(s) [NodeAffinity]",
            ),
          }
        : {}),
    });
  }
  if (feasible.length === 1) {
    return {
      type: "bind",
      nodeName: feasible[0]!.name,
      feasibleNodes: 1,
      scores: [],
      nextStartNodeIndex,
    };
  }
  const scored = runScorePlugins(pod, feasible, nodeInfos, options.weights ?? defaultScoreWeights);
  let scores: NodeScore[] | undefined;
  return {
    type: "bind",
    nodeName: feasible[selectHostIndex(feasible, scored.totals, options.tieBreaker)]!.name,
    feasibleNodes: feasible.length,
    // The per-node records are built only for a caller that reads them: the
    // scheduler needs the chosen node alone.
    get scores(): readonly NodeScore[] {
      return (scores ??= nodeScores(feasible, scored));
    },
    nextStartNodeIndex,
  };
}

/** minFeasibleNodesToFind and minFeasibleNodesPercentageToFind of schedule_one.go. */
const minFeasibleNodesToFind = 100;
const minFeasibleNodesPercentageToFind = 5;

/**
 * numFeasibleNodesToFind(percentageOfNodesToScore, numAllNodes): every node
 * below 100 nodes; otherwise the given percentage, or when 0 the adaptive
 * one, 50% - nodes/125 (at least 5%), and never fewer than 100 nodes.
 * Example: 1000 nodes -> 42% -> 420 nodes; 5000 nodes -> 10% -> 500.
 */
export function numFeasibleNodesToFind(
  percentageOfNodesToScore: number,
  numAllNodes: number,
): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < minFeasibleNodesPercentageToFind)
      percentage = minFeasibleNodesPercentageToFind;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n;
}

/**
 * selectHost: the highest total; ties go to the smallest node name, or, with
 * a `tieBreaker`, to one of the tied nodes (in name order) chosen uniformly,
 * as upstream's reservoir sampling chooses.
 */
export function selectHost(
  scores: readonly NodeScore[],
  tieBreaker?: { int(maxExclusive: number): number },
): string {
  if (tieBreaker !== undefined && scores.length > 0) {
    const top = Math.max(...scores.map((s) => s.total));
    const tied = scores
      .filter((s) => s.total === top)
      .map((s) => s.nodeName)
      .sort(compareBytes);
    if (tied.length > 1) return tied[tieBreaker.int(tied.length)]!;
  }
  let best: NodeScore | undefined;
  for (const s of scores) {
    if (
      best === undefined ||
      s.total > best.total ||
      (s.total === best.total && compareBytes(s.nodeName, best.nodeName) < 0)
    ) {
      best = s;
    }
  }
  return best?.nodeName ?? "";
}

/**
 * selectHost over `runScorePlugins`' totals (the same choice, and the same
 * draw from `tieBreaker`), without building per-node records: the index of
 * the chosen node in `nodes`.
 */
function selectHostIndex(
  nodes: readonly NodeInfo[],
  totals: readonly number[],
  tieBreaker?: { int(maxExclusive: number): number },
): number {
  let best = -1;
  let tied = 0;
  for (let i = 0; i < totals.length; i++) {
    if (best < 0 || totals[i]! > totals[best]!) {
      best = i;
      tied = 1;
    } else if (totals[i] === totals[best]) {
      tied++;
      if (compareBytes(nodes[i]!.name, nodes[best]!.name) < 0) best = i;
    }
  }
  if (tieBreaker !== undefined && tied > 1) {
    const top = totals[best]!;
    const tiedAt: number[] = [];
    for (let i = 0; i < totals.length; i++) if (totals[i] === top) tiedAt.push(i);
    tiedAt.sort((a, b) => compareBytes(nodes[a]!.name, nodes[b]!.name));
    return tiedAt[tieBreaker.int(tiedAt.length)]!;
  }
  return best;
}

function unschedulable(
  state: PodFilterState,
  nodeInfos: readonly NodeInfo[],
  nextStartNodeIndex: number,
  filtered: Diagnosis,
): ScheduleResult {
  const post = preempt(state, nodeInfos, filtered);
  const diagnosis: Diagnosis = {
    ...filtered,
    ...(post.message !== "" ? { postFilterMsg: post.message } : {}),
  };
  return {
    type: "unschedulable",
    reason: "Unschedulable",
    message: fitErrorMessage(nodeInfos.length, diagnosis),
    diagnosis,
    nextStartNodeIndex,
    ...(post.candidate !== undefined
      ? { nominatedNodeName: post.candidate.nodeName, victims: post.candidate.victims }
      : {}),
  };
}
