/**
 * The ReplicaSet sync read from the pod summaries (pod-summary.ts) instead of
 * the pods: a kubesim speed-up that must give exactly what the full
 * computation of replica_set.go gives (FilterPodsByOwner + FilterActivePods +
 * ClaimPods, calculateStatus, and getPodsToDelete with
 * getPodsRankedByRelatedPodsOnSameNode). Where it cannot be sure, it says so
 * and the controller takes the full path; summary-sync.test.ts checks the two
 * against each other on random pods.
 *
 * `summarizeClaim` answers "full" when ClaimPods would patch a pod (an orphan
 * to adopt, an owned pod to release) or the ReplicaSet has no namespace;
 * otherwise it gives the counts calculateStatus computes over the claimed
 * pods, and the claimed groups.
 *
 * `selectVictims` gives the pods getPodsToDelete would pick, in its order,
 * from classes of pods that ActivePodsWithRanks compares as equal (same node,
 * hence the same rank, and the same facts). Classes sorted by the first five
 * criteria (unassigned, phase, readiness, deletion cost, rank) form tiers of
 * equal pods whenever every class of a tier also has the same ready time,
 * restarts and creation time; a stable sort keeps such a tier in its input
 * order, which is key order, and puts it whole before every later tier (the
 * later criteria only order pods within a tier). When a tier that victims
 * come from is not uniform, the later criteria decide within it (with
 * upstream's UID tie-breaks, which are not always transitive), so it answers
 * undefined and the controller sorts the pods as upstream does.
 *
 * Example: scaling an old ReplicaSet of 9 ready pods from 9 to 6, with related
 * pods 4 on node-a, 3 on node-b and 2 on node-c: its pods on node-a (rank 4)
 * form the first tier, so the 3 victims are the first 3 keys of node-a.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Millis } from "@kubesim/sim";
import type { LabelMatcher } from "./claim.js";
import { getControllerOf } from "./claim.js";
import { specReplicas } from "./manage.js";
import type {
  NamespacePodsSummary,
  OwnedPodsSummary,
  PodLabelGroup,
  PodRankClass,
} from "./pod-summary.js";
import type { ReplicaSetCounts } from "./status.js";

/** The ReplicaSet kind, as controllerRefs name it. */
const ReplicaSetKind = "ReplicaSet";

/** What the summaries say about one sync's claim. */
export type SummaryClaim =
  | { readonly type: "full" }
  | {
      readonly type: "counts";
      readonly counts: ReplicaSetCounts;
      /** The label groups whose pods the ReplicaSet claims. */
      readonly groups: readonly PodLabelGroup[];
    };

const labelsInclude = (
  labels: Readonly<Record<string, string>> | undefined,
  required: Readonly<Record<string, string>>,
): boolean => Object.keys(required).every((k) => labels !== undefined && labels[k] === required[k]);

/**
 * The claim of `rs` (with its converted selector) from the summaries of its
 * UID's bucket and of the orphans' bucket, at `now` (for minReadySeconds).
 */
export function summarizeClaim(
  rs: ReplicaSet,
  selector: LabelMatcher,
  owned: OwnedPodsSummary | undefined,
  orphans: OwnedPodsSummary | undefined,
  now: Millis,
): SummaryClaim {
  const namespace = rs.metadata?.namespace ?? "";
  if (namespace === "") return { type: "full" };
  const rsDeleting = rs.metadata?.deletionTimestamp != null;
  // An orphan that ClaimPods would adopt (FilterPodsByOwner keeps the namespace's orphans).
  if (!rsDeleting && orphans !== undefined) {
    for (const g of orphans.groups.values()) {
      if (g.namespace === namespace && selector.matches(g.labels)) return { type: "full" };
    }
  }
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  const groups: PodLabelGroup[] = [];
  let replicas = 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const g of owned?.groups.values() ?? []) {
    // FilterPodsByOwner: same namespace, controlled by a ReplicaSet (this UID, by the bucket).
    if (g.namespace !== namespace || g.refKind !== ReplicaSetKind) continue;
    if (!selector.matches(g.labels)) {
      if (!rsDeleting) return { type: "full" }; // ClaimPods would release it
      continue; // being deleted: neither kept nor released
    }
    groups.push(g);
    replicas += g.count;
    if (labelsInclude(g.labels, templateLabels)) fullyLabeled += g.count;
    ready += g.readyCount;
    if (minReadySeconds === 0) available += g.readyCount;
    else {
      // IsPodAvailable: ready for at least minReadySeconds at `now`.
      for (const c of g.classes.values()) {
        if (c.ready && c.readySince !== undefined && c.readySince + minReadySeconds * 1000 <= now)
          available += c.keys.size;
      }
    }
  }
  return {
    type: "counts",
    counts: {
      replicas,
      fullyLabeledReplicas: fullyLabeled,
      readyReplicas: ready,
      availableReplicas: available,
    },
    groups,
  };
}

/**
 * getPodsRankedByRelatedPodsOnSameNode's counts: active related pods per node,
 * where the related pods are those of `rs`'s namespace selected by a
 * ReplicaSet with the same controller (`siblings`, `rs` among them, as
 * getReplicaSetsWithSameController returns them). Empty without a controller.
 */
export function relatedPodsPerNode(
  rs: ReplicaSet,
  siblings: readonly ReplicaSet[],
  selectorOf: (rs: ReplicaSet) => LabelMatcher | undefined,
  namespacePods: NamespacePodsSummary | undefined,
): Map<string, number> {
  const perNode = new Map<string, number>();
  if (getControllerOf(rs) === undefined || namespacePods === undefined) return perNode;
  const namespace = rs.metadata?.namespace ?? "";
  const selectors: LabelMatcher[] = [];
  for (const other of siblings) {
    // getIndirectlyRelatedPods reads the pods of rs's namespace, keeping those in the sibling's.
    if ((other.metadata?.namespace ?? "") !== namespace) continue;
    const s = selectorOf(other);
    if (s !== undefined) selectors.push(s);
  }
  if (selectors.length === 0) return perNode;
  for (const g of namespacePods.groups.values()) {
    if (!selectors.some((s) => s.matches(g.labels))) continue;
    for (const [node, n] of g.perNode) perNode.set(node, (perNode.get(node) ?? 0) + n);
  }
  return perNode;
}

interface RankedClass {
  readonly cls: PodRankClass;
  readonly rank: number;
}

/** lessWithRanks' criteria 1-5 (default gates): negative when `a`'s pods go first. */
function compareTier(a: RankedClass, b: RankedClass): number {
  const x = a.cls;
  const y = b.cls;
  const ax = x.nodeName === "" ? 0 : 1;
  const ay = y.nodeName === "" ? 0 : 1;
  if (ax !== ay) return ax - ay;
  if (x.phase !== y.phase) return x.phase - y.phase;
  if (x.ready !== y.ready) return x.ready ? 1 : -1;
  if (x.deletionCost !== y.deletionCost) return x.deletionCost - y.deletionCost;
  return b.rank - a.rank;
}

/** Whether every pair of pods of the two classes compares equal on criteria 6-8. */
function sameLaterCriteria(x: PodRankClass, y: PodRankClass): boolean {
  return (
    (!x.ready || x.readySince === y.readySince) &&
    x.restarts === y.restarts &&
    x.created === y.created
  );
}

/** The first `count` keys, in key order, of the union of the classes' (disjoint) key sets. */
function firstKeys(classes: readonly PodRankClass[], count: number): string[] {
  // Each class's first `count` keys hold the union's first `count`.
  const lists = classes.map((c) => c.keys.first(count));
  const at = lists.map(() => 0);
  const out: string[] = [];
  while (out.length < count) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const k = lists[i]![at[i]!];
      if (k !== undefined && (best < 0 || k < lists[best]![at[best]!]!)) best = i;
    }
    if (best < 0) break;
    out.push(lists[best]![at[best]!]!);
    at[best]!++;
  }
  return out;
}

/**
 * The keys of the pods getPodsToDelete(claimed, related, count) picks, first
 * victim first, or undefined when a stable sort with upstream's comparator is
 * needed to know. `total` is the number of claimed pods.
 */
export function selectVictims(
  groups: readonly PodLabelGroup[],
  total: number,
  count: number,
  relatedPerNode: ReadonlyMap<string, number>,
): string[] | undefined {
  const classes: PodRankClass[] = [];
  for (const g of groups) for (const c of g.classes.values()) classes.push(c);
  // Every pod goes: no sorting, the claimed pods in their order.
  if (count >= total) return firstKeys(classes, count);
  const ranked = classes
    .map((cls) => ({ cls, rank: relatedPerNode.get(cls.nodeName) ?? 0 }))
    .sort(compareTier);
  const victims: string[] = [];
  for (let i = 0; i < ranked.length && victims.length < count;) {
    let j = i + 1;
    while (j < ranked.length && compareTier(ranked[i]!, ranked[j]!) === 0) j++;
    const tier = ranked.slice(i, j).map((r) => r.cls);
    if (!tier.every((c) => sameLaterCriteria(tier[0]!, c))) return undefined;
    victims.push(...firstKeys(tier, count - victims.length));
    i = j;
  }
  return victims;
}

/** manageReplicas' diff from the claim: len(filteredPods) - spec.replicas. */
export function claimDiff(rs: ReplicaSet, counts: ReplicaSetCounts): number {
  return counts.replicas - specReplicas(rs);
}
