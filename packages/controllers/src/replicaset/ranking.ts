/**
 * Mirrors kubernetes/kubernetes pkg/controller/controller_utils.go
 * (`ActivePods.Less`, `ActivePodsWithRanks.Less`, `afterOrZero`,
 * `logarithmicRankDiff`, `maxContainerRestarts`, `podReadyTime`),
 * pkg/apis/core/helper (`GetDeletionCostFromPodAnnotations`) and
 * pkg/controller/replicaset/replica_set.go (`getPodsToDelete`,
 * `getPodsRankedByRelatedPodsOnSameNode`).
 *
 * `lessWithRanks(a, b)` is true when `a` should be deleted before `b`
 * (workloads.md §11.4), checking in this order:
 *  1. unassigned (no spec.nodeName) before assigned;
 *  2. phase Pending < Unknown < Running (any other phase counts as Pending);
 *  3. not ready before ready;
 *  4. lower `controller.kubernetes.io/pod-deletion-cost` first (missing or
 *     invalid = 0; gate PodDeletionCost, on by default);
 *  5. higher rank first (more related pods on the same node);
 *  6. both ready and Ready times differ: a zero time first, else the more
 *     recently ready first, compared on a log2 scale of "time since" in
 *     nanoseconds; within one bucket the smaller UID goes first and the
 *     comparison stops there (gate LogarithmicScaleDown, GA);
 *  7. higher max container restartCount first (a plain comparison: upstream
 *     has no log scale for restarts);
 *  8. creation times differ: as 6 with creationTimestamp (newer first);
 *  9. otherwise equal.
 *
 * Worked example of the bucket rule: two pods ready 5 h and 8 h ago are
 * 1.8e13 ns and 2.88e13 ns old; floor(log2) is 44 for both, so they are
 * ordered by UID, not by age. A pod ready 2 h ago (7.2e12 ns, bucket 42) goes
 * before both.
 *
 * Upstream's Less is not a strict weak order in every corner: with the UID
 * tie-break of step 6/8 three pods can form a cycle when two of them have
 * exactly equal times (see ranking.test.ts). kubesim keeps the comparator
 * exactly as upstream and sorts with a stable merge sort, so the result is
 * deterministic for a given input order.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { parseTime } from "@kubesim/sim";
import type { Millis } from "@kubesim/sim";
import { isPodActive, isPodReady, podReadySince } from "./active.js";

/** The annotation that lets users choose which pods go first on scale-down. */
export const PodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

/** Feature gates that shape the ranking (both on in current Kubernetes). */
export interface RankingGates {
  /** PodDeletionCost (beta, on by default since v1.22). */
  readonly podDeletionCost?: boolean;
  /** LogarithmicScaleDown (GA in v1.31; the gate was later removed). */
  readonly logarithmicScaleDown?: boolean;
}

const phaseOrdinal = (phase: string | undefined): number =>
  phase === "Running" ? 2 : phase === "Unknown" ? 1 : 0;

/**
 * helper.GetDeletionCostFromPodAnnotations: an int32 in decimal without "+" or
 * leading zeros ("0", "-5", "100"). Anything else counts as 0.
 */
export function getDeletionCost(annotations: Readonly<Record<string, string>> | undefined): number {
  const value = annotations?.[PodDeletionCostAnnotation];
  if (value === undefined) return 0;
  // validFirstDigit: "-", a lone "0", or 1-9 first; then strconv.ParseInt(value, 10, 32).
  const first = value[0];
  const validFirst =
    first === "-" || value === "0" || (first !== undefined && first >= "1" && first <= "9");
  if (!validFirst || !/^-?[0-9]+$/.test(value)) return 0;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** maxContainerRestarts: the highest restartCount of status.containerStatuses (0 if none). */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount);
  return max;
}

/**
 * Everything Less reads from one pod, computed once so that sorting thousands
 * of pods parses each timestamp only once. Times are undefined for Go's zero time.
 */
export interface PodRankKey {
  readonly pod: Pod;
  readonly rank: number;
  readonly nodeName: string;
  readonly phase: number;
  readonly ready: boolean;
  readonly readySince: Millis | undefined;
  readonly deletionCost: number;
  readonly restarts: number;
  readonly created: Millis | undefined;
  readonly uid: string;
  /** ActivePodsWithRanks.Now; undefined is Go's zero time (exact comparisons). */
  readonly now: Millis | undefined;
  /** logBucket(now, readySince) and logBucket(now, created), precomputed. */
  readonly readyBucket: number;
  readonly createdBucket: number;
}

/** The ranking key of one pod; every key compared together must share `now`. */
export function podRankKey(pod: Pod, rank = 0, now?: Millis): PodRankKey {
  const readySince = podReadySince(pod);
  const created = parseTime(pod.metadata?.creationTimestamp);
  const bucket = (t: Millis | undefined): number =>
    now === undefined || t === undefined ? -1 : logBucket(now, t);
  return {
    pod,
    rank,
    nodeName: pod.spec?.nodeName ?? "",
    phase: phaseOrdinal(pod.status?.phase),
    ready: isPodReady(pod),
    readySince,
    deletionCost: getDeletionCost(pod.metadata?.annotations),
    restarts: maxContainerRestarts(pod),
    created,
    uid: pod.metadata?.uid ?? "",
    now,
    readyBucket: bucket(readySince),
    createdBucket: bucket(created),
  };
}

/** afterOrZero: a zero time counts as "after" any other; otherwise t1 after t2. */
function afterOrZero(t1: Millis | undefined, t2: Millis | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/**
 * int64(math.Log2(float64(d))) for a positive duration d in nanoseconds, or -1
 * when d <= 0. Computed exactly (floor of log2 of the float64 value), which
 * agrees with Go's math.Log2 for every duration a simulation can produce.
 */
export function logBucket(now: Millis, t: Millis): number {
  const ns = (now - t) * 1e6;
  if (!(ns > 0)) return -1;
  let k = Math.floor(Math.log2(ns));
  if (2 ** k > ns) k--;
  else if (2 ** (k + 1) <= ns) k++;
  return k;
}

/**
 * Steps 6 and 8 (the times are known to differ): exact times when the gate is
 * off, `now` is zero or either time is zero; otherwise log2 buckets, and the
 * UID decides within one bucket.
 */
function timeLess(
  t1: Millis | undefined,
  t2: Millis | undefined,
  bucket1: number,
  bucket2: number,
  a: PodRankKey,
  b: PodRankKey,
  logarithmic: boolean,
): boolean {
  if (!logarithmic || a.now === undefined || t1 === undefined || t2 === undefined) {
    return afterOrZero(t1, t2);
  }
  if (bucket1 === bucket2) return a.uid < b.uid;
  return bucket1 < bucket2;
}

/**
 * ActivePodsWithRanks.Less(i, j): true when `a` is deleted before `b`. Both
 * keys carry the collection's `Now`.
 */
export function lessWithRanks(a: PodRankKey, b: PodRankKey, gates: RankingGates = {}): boolean {
  // 1. Unassigned < assigned.
  if (a.nodeName !== b.nodeName && (a.nodeName === "" || b.nodeName === "")) {
    return a.nodeName === "";
  }
  // 2. Pending < Unknown < Running.
  if (a.phase !== b.phase) return a.phase < b.phase;
  // 3. Not ready < ready.
  if (a.ready !== b.ready) return !a.ready;
  // 4. Lower pod-deletion-cost < higher.
  if (gates.podDeletionCost ?? true) {
    if (a.deletionCost !== b.deletionCost) return a.deletionCost < b.deletionCost;
  }
  // 5. Doubled up < not doubled up: more co-located related pods first.
  if (a.rank !== b.rank) return a.rank > b.rank;
  const logarithmic = gates.logarithmicScaleDown ?? true;
  // 6. Been ready for empty time < less time < more time.
  if (a.ready && b.ready && a.readySince !== b.readySince) {
    return timeLess(a.readySince, b.readySince, a.readyBucket, b.readyBucket, a, b, logarithmic);
  }
  // 7. Higher restart count < lower.
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  // 8. Empty creation time < newer < older.
  if (a.created !== b.created) {
    return timeLess(a.created, b.created, a.createdBucket, b.createdBucket, a, b, logarithmic);
  }
  return false;
}

/**
 * ActivePods.Less: the un-ranked order (no cost, no rank, exact times), still
 * used by other controllers.
 */
export function lessActivePods(a: PodRankKey, b: PodRankKey): boolean {
  if (a.nodeName !== b.nodeName && (a.nodeName === "" || b.nodeName === "")) {
    return a.nodeName === "";
  }
  if (a.phase !== b.phase) return a.phase < b.phase;
  if (a.ready !== b.ready) return !a.ready;
  if (a.ready && b.ready && a.readySince !== b.readySince) {
    return afterOrZero(a.readySince, b.readySince);
  }
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  if (a.created !== b.created) return afterOrZero(a.created, b.created);
  return false;
}

/** A stable sort by a Less function (Array.prototype.sort is stable in ES2019+). */
function sortByLess<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  return [...items].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** Sorts pods into deletion order with ActivePodsWithRanks; `ranks[i]` belongs to `pods[i]`. */
export function sortActivePodsWithRanks(
  pods: readonly Pod[],
  ranks: readonly number[],
  now: Millis | undefined,
  gates: RankingGates = {},
): Pod[] {
  const keys = pods.map((p, i) => podRankKey(p, ranks[i] ?? 0, now));
  return sortByLess(keys, (a, b) => lessWithRanks(a, b, gates)).map((k) => k.pod);
}

/** Sorts pods with the plain ActivePods order. */
export function sortActivePods(pods: readonly Pod[]): Pod[] {
  return sortByLess(
    pods.map((p) => podRankKey(p)),
    lessActivePods,
  ).map((k) => k.pod);
}

/**
 * getPodsRankedByRelatedPodsOnSameNode: the rank of a pod is the number of
 * active related pods on its node (unscheduled pods share the node name "").
 * Returns one rank per pod of `podsToRank`.
 *
 * Example: related pods a1, a2, a3 on node A and b1, b2 on node B give every
 * pod on A rank 3 and every pod on B rank 2, so scaling 5 -> 2 deletes the
 * three pods on A (kubernetes/kubernetes#102948, still the behaviour).
 */
export function rankPodsByRelatedPodsOnSameNode(
  podsToRank: readonly Pod[],
  relatedPods: readonly Pod[],
): number[] {
  const podsOnNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? "";
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((p) => podsOnNode.get(p.spec?.nodeName ?? "") ?? 0);
}

/**
 * getPodsToDelete(filteredPods, relatedPods, diff): the first `diff` pods in
 * deletion order. When every pod goes (diff >= len), no sorting happens and
 * the pods are returned in their given order, as upstream.
 */
export function getPodsToDelete(
  filteredPods: readonly Pod[],
  relatedPods: readonly Pod[],
  diff: number,
  now: Millis | undefined,
  gates: RankingGates = {},
): Pod[] {
  if (diff < filteredPods.length) {
    const ranks = rankPodsByRelatedPodsOnSameNode(filteredPods, relatedPods);
    return sortActivePodsWithRanks(filteredPods, ranks, now, gates).slice(0, Math.max(diff, 0));
  }
  return filteredPods.slice(0, diff);
}
