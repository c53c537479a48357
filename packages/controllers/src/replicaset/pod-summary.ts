/**
 * Incremental summaries of the pod cache for the ReplicaSet controller: a
 * kubesim speed-up with no upstream counterpart. Upstream's syncReplicaSet
 * (pkg/controller/replicaset/replica_set.go) lists every pod of the
 * ReplicaSet on every sync (FilterPodsByOwner, ClaimPods, calculateStatus) and
 * ranks them all on a scale-down (getPodsToDelete); with one sync per pod
 * event that is O(pods²) for a rollout. The informer's Indexer keeps these
 * summaries up to date on every write (runtime IndexAggregator), so a sync
 * reads counts instead of pods. summary-sync.ts turns them into exactly what
 * the full computation gives, or says that it cannot.
 *
 * Only *active* pods (controller.IsPodActive: not Succeeded/Failed, no
 * deletionTimestamp) are summarised: nothing else ever counts.
 *
 * - `ownedPodsAggregator`, on the pods-by-controller-UID index: per bucket
 *   (one ReplicaSet's UID, or the orphans), the pods grouped by namespace,
 *   controllerRef kind and label set (`PodLabelGroup`, with counts of pods
 *   and of ready pods), and within a group by everything ActivePodsWithRanks
 *   compares (`PodRankClass`: node, phase, readiness, ready time, deletion
 *   cost, restarts, creation time), each class holding its pod keys.
 *   Example: 1,000 pods of one template on 100 nodes, all Running and ready
 *   at the same instant, form one group of 100 classes.
 * - `namespacePodsAggregator`, on the namespace index: per namespace, the
 *   active pods counted per label set and node, which is what
 *   getPodsRankedByRelatedPodsOnSameNode needs of the related pods.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { SortedKeys, type IndexAggregator } from "@kubesim/runtime";
import { parseTime, type Millis } from "@kubesim/sim";
import { getPodReadyCondition, isPodActive } from "./active.js";
import { getControllerOf } from "./claim.js";
import { getDeletionCost, maxContainerRestarts } from "./ranking.js";

type Labels = Readonly<Record<string, string>> | undefined;

/** Pods whose comparison by ActivePodsWithRanks (rank aside) is "equal": same node and the same facts. */
export interface PodRankClass {
  readonly nodeName: string;
  /** Pending (or any other phase) 0, Unknown 1, Running 2, as ranking.ts orders them. */
  readonly phase: number;
  readonly ready: boolean;
  /** podReadySince: undefined unless ready with a lastTransitionTime. */
  readonly readySince: Millis | undefined;
  readonly deletionCost: number;
  readonly restarts: number;
  readonly created: Millis | undefined;
  /** The keys ("namespace/name") of its pods. */
  readonly keys: SortedKeys;
}

/** Active pods of one bucket with the same namespace, controllerRef kind and labels. */
export interface PodLabelGroup {
  readonly namespace: string;
  /** The kind of the pod's controllerRef ("" for orphans). */
  readonly refKind: string;
  /** The labels of the first pod seen (every pod of the group has equal labels). */
  readonly labels: Labels;
  count: number;
  readyCount: number;
  readonly classes: Map<string, PodRankClass>;
}

/** The summary of one bucket of the pods-by-controller-UID index. */
export interface OwnedPodsSummary {
  readonly groups: Map<string, PodLabelGroup>;
}

/** Active pods of one namespace with the same labels, counted per node ("" = unscheduled). */
export interface NamespaceLabelGroup {
  readonly labels: Labels;
  readonly perNode: Map<string, number>;
}

/** The summary of one namespace: its active pods by label set. */
export interface NamespacePodsSummary {
  readonly groups: Map<string, NamespaceLabelGroup>;
}

const labelKeys = new WeakMap<object, string>();

/**
 * A string equal for equal label sets and different otherwise:
 * `{b: "2", a: "1"}` -> `["a","1","b","2"]`; no labels -> "-".
 */
export function labelSetKey(labels: Labels): string {
  if (labels === undefined) return "-";
  let key = labelKeys.get(labels);
  if (key === undefined) {
    const names = Object.keys(labels).sort();
    key = JSON.stringify(names.flatMap((n) => [n, labels[n]]));
    labelKeys.set(labels, key);
  }
  return key;
}

/** What the summaries read from one active pod (computed once per cached object). */
interface PodFacts {
  readonly groupKey: string;
  readonly namespace: string;
  readonly refKind: string;
  readonly labels: Labels;
  readonly labelsKey: string;
  readonly classKey: string;
  readonly nodeName: string;
  readonly phase: number;
  readonly ready: boolean;
  readonly readySince: Millis | undefined;
  readonly deletionCost: number;
  readonly restarts: number;
  readonly created: Millis | undefined;
}

/**
 * The facts of the last two pods asked about. A cache write calls remove(old)
 * and add(new) on each aggregator in turn, so each version's facts are
 * computed once; nothing is kept beyond that (a WeakMap over every cached pod
 * kept a second copy of what the summaries need alive, for the GC to trace).
 */
let recentPod0: Pod | undefined;
let recentFacts0: PodFacts | null = null;
let recentPod1: Pod | undefined;
let recentFacts1: PodFacts | null = null;

/**
 * parseTime, remembering the last string: the pods of one burst share their
 * creationTimestamp and ready time, so most calls repeat the previous one.
 */
let lastTimeText: string | undefined;
let lastTime: Millis | undefined;
function parseTimeCached(s: string | undefined): Millis | undefined {
  if (s === undefined) return undefined;
  if (s !== lastTimeText) {
    lastTimeText = s;
    lastTime = parseTime(s);
  }
  return lastTime;
}

const phaseOrdinal = (phase: string | undefined): number =>
  phase === "Running" ? 2 : phase === "Unknown" ? 1 : 0;

/** The facts of an active pod; null for an inactive one. */
function podFacts(pod: Pod): PodFacts | null {
  if (pod === recentPod0) return recentFacts0;
  if (pod === recentPod1) return recentFacts1;
  const facts = computeFacts(pod);
  recentPod1 = recentPod0;
  recentFacts1 = recentFacts0;
  recentPod0 = pod;
  recentFacts0 = facts;
  return facts;
}

/** podFacts without the cache: a pure function of the (frozen) pod. */
function computeFacts(pod: Pod): PodFacts | null {
  if (!isPodActive(pod)) return null;
  const namespace = pod.metadata?.namespace ?? "";
  const refKind = getControllerOf(pod)?.kind ?? "";
  const labels = pod.metadata?.labels;
  const labelsKey = labelSetKey(labels);
  const nodeName = pod.spec?.nodeName ?? "";
  const phase = phaseOrdinal(pod.status?.phase);
  const readyCondition = getPodReadyCondition(pod);
  const ready = readyCondition?.status === "True";
  // podReadySince: the Ready condition's lastTransitionTime, when ready.
  const readySince = ready ? parseTimeCached(readyCondition?.lastTransitionTime) : undefined;
  const deletionCost = getDeletionCost(pod.metadata?.annotations);
  const restarts = maxContainerRestarts(pod);
  const created = parseTimeCached(pod.metadata?.creationTimestamp);
  return {
    groupKey: `${namespace}\u0000${refKind}\u0000${labelsKey}`,
    namespace,
    refKind,
    labels,
    labelsKey,
    classKey: `${nodeName}\u0000${phase}\u0000${ready ? 1 : 0}\u0000${readySince ?? ""}\u0000${deletionCost}\u0000${restarts}\u0000${created ?? ""}`,
    nodeName,
    phase,
    ready,
    readySince,
    deletionCost,
    restarts,
    created,
  };
}

/** The aggregator for the pods-by-controller-UID index (one summary per ReplicaSet UID, and the orphans). */
export const ownedPodsAggregator: IndexAggregator<Pod, OwnedPodsSummary> = Object.freeze({
  create: (): OwnedPodsSummary => ({ groups: new Map() }),
  add(summary: OwnedPodsSummary, key: string, pod: Pod): void {
    const f = podFacts(pod);
    if (f === null) return;
    let group = summary.groups.get(f.groupKey);
    if (group === undefined) {
      group = {
        namespace: f.namespace,
        refKind: f.refKind,
        labels: f.labels,
        count: 0,
        readyCount: 0,
        classes: new Map(),
      };
      summary.groups.set(f.groupKey, group);
    }
    group.count++;
    if (f.ready) group.readyCount++;
    let cls = group.classes.get(f.classKey);
    if (cls === undefined) {
      cls = {
        nodeName: f.nodeName,
        phase: f.phase,
        ready: f.ready,
        readySince: f.readySince,
        deletionCost: f.deletionCost,
        restarts: f.restarts,
        created: f.created,
        keys: new SortedKeys(),
      };
      group.classes.set(f.classKey, cls);
    }
    cls.keys.add(key);
  },
  remove(summary: OwnedPodsSummary, key: string, pod: Pod): void {
    const f = podFacts(pod);
    if (f === null) return;
    const group = summary.groups.get(f.groupKey);
    if (group === undefined) return;
    group.count--;
    if (f.ready) group.readyCount--;
    const cls = group.classes.get(f.classKey);
    if (cls !== undefined) {
      cls.keys.delete(key);
      if (cls.keys.size === 0) group.classes.delete(f.classKey);
    }
    if (group.count === 0) summary.groups.delete(f.groupKey);
  },
});

/** The aggregator for the namespace index: active pods per label set and node. */
export const namespacePodsAggregator: IndexAggregator<Pod, NamespacePodsSummary> = Object.freeze({
  create: (): NamespacePodsSummary => ({ groups: new Map() }),
  add(summary: NamespacePodsSummary, _key: string, pod: Pod): void {
    const f = podFacts(pod);
    if (f === null) return;
    let group = summary.groups.get(f.labelsKey);
    if (group === undefined) {
      group = { labels: f.labels, perNode: new Map() };
      summary.groups.set(f.labelsKey, group);
    }
    group.perNode.set(f.nodeName, (group.perNode.get(f.nodeName) ?? 0) + 1);
  },
  remove(summary: NamespacePodsSummary, _key: string, pod: Pod): void {
    const f = podFacts(pod);
    if (f === null) return;
    const group = summary.groups.get(f.labelsKey);
    if (group === undefined) return;
    const n = (group.perNode.get(f.nodeName) ?? 0) - 1;
    if (n > 0) group.perNode.set(f.nodeName, n);
    else group.perNode.delete(f.nodeName);
    if (group.perNode.size === 0) summary.groups.delete(f.labelsKey);
  },
});
