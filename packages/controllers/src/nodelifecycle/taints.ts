/**
 * Taint sets, as kubernetes/kubernetes pkg/util/taints/taints.go has them
 * (`TaintExists`, `TaintSetDiff`, `TaintSetFilter`, `AddOrUpdateTaint`,
 * `RemoveTaint`), plus the well-known node taint keys of k8s.io/api/core/v1
 * (well_known_taints.go) and the node lifecycle controller's templates.
 *
 * Two taints "match" when key and effect are equal (Taint.MatchTaint): value
 * and timeAdded do not count. All functions are pure and never mutate.
 */
import type { Node, Taint } from "kubernetes-types/core/v1";

export const TaintNodeNotReady = "node.kubernetes.io/not-ready";
export const TaintNodeUnreachable = "node.kubernetes.io/unreachable";
export const TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";
export const TaintNodeMemoryPressure = "node.kubernetes.io/memory-pressure";
export const TaintNodeDiskPressure = "node.kubernetes.io/disk-pressure";
export const TaintNodeNetworkUnavailable = "node.kubernetes.io/network-unavailable";
export const TaintNodePIDPressure = "node.kubernetes.io/pid-pressure";
export const TaintNodeOutOfService = "node.kubernetes.io/out-of-service";

/** UnreachableTaintTemplate: Ready Unknown, NoExecute. */
export const UnreachableTaintTemplate: Taint = Object.freeze({
  key: TaintNodeUnreachable,
  effect: "NoExecute",
});

/** NotReadyTaintTemplate: Ready False, NoExecute. */
export const NotReadyTaintTemplate: Taint = Object.freeze({
  key: TaintNodeNotReady,
  effect: "NoExecute",
});

/**
 * nodeConditionToTaintKeyStatusMap: which condition, in which status, is
 * shown by which NoSchedule taint.
 */
export const nodeConditionToTaintKeyStatusMap: Readonly<
  Record<string, Readonly<Record<string, string>>>
> = Object.freeze({
  Ready: Object.freeze({ False: TaintNodeNotReady, Unknown: TaintNodeUnreachable }),
  MemoryPressure: Object.freeze({ True: TaintNodeMemoryPressure }),
  DiskPressure: Object.freeze({ True: TaintNodeDiskPressure }),
  NetworkUnavailable: Object.freeze({ True: TaintNodeNetworkUnavailable }),
  PIDPressure: Object.freeze({ True: TaintNodePIDPressure }),
});

/** taintKeyToNodeConditionMap: the taint keys the NoSchedule pass owns (besides unschedulable). */
export const taintKeyToNodeConditionMap: Readonly<Record<string, string>> = Object.freeze({
  [TaintNodeNotReady]: "Ready",
  [TaintNodeUnreachable]: "Ready",
  [TaintNodeNetworkUnavailable]: "NetworkUnavailable",
  [TaintNodeMemoryPressure]: "MemoryPressure",
  [TaintNodeDiskPressure]: "DiskPressure",
  [TaintNodePIDPressure]: "PIDPressure",
});

/** Taint.MatchTaint: same key and effect. */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** TaintExists: some taint of the list matches. */
export function taintExists(taints: readonly Taint[] | undefined, taint: Taint): boolean {
  return (taints ?? []).some((t) => matchTaint(t, taint));
}

/** TaintKeyExists: some taint has this key. */
export function taintKeyExists(taints: readonly Taint[] | undefined, key: string): boolean {
  return (taints ?? []).some((t) => t.key === key);
}

/** TaintSetDiff(t1, t2): what t1 has that t2 lacks (to add), and what t2 has that t1 lacks (to remove). */
export function taintSetDiff(
  want: readonly Taint[],
  have: readonly Taint[],
): { readonly add: Taint[]; readonly remove: Taint[] } {
  return {
    add: want.filter((t) => !taintExists(have, t)),
    remove: have.filter((t) => !taintExists(want, t)),
  };
}

/** Semantic equality of two taints (timeAdded compared as written). */
function sameTaint(a: Taint, b: Taint): boolean {
  return (
    a.key === b.key &&
    a.effect === b.effect &&
    (a.value ?? "") === (b.value ?? "") &&
    (a.timeAdded ?? "") === (b.timeAdded ?? "")
  );
}

/**
 * AddOrUpdateTaint: the list with `taint` in place of a matching one (kept
 * in its position) or appended; undefined when an equal taint is there.
 */
export function addOrUpdateTaint(
  taints: readonly Taint[] | undefined,
  taint: Taint,
): Taint[] | undefined {
  const list = taints ?? [];
  const out: Taint[] = [];
  let updated = false;
  for (const t of list) {
    if (matchTaint(taint, t)) {
      if (sameTaint(taint, t)) return undefined;
      out.push(taint);
      updated = true;
      continue;
    }
    out.push(t);
  }
  if (!updated) out.push(taint);
  return out;
}

/** RemoveTaint: the list without every taint matching `taint`; undefined when none matched. */
export function removeTaint(
  taints: readonly Taint[] | undefined,
  taint: Taint,
): Taint[] | undefined {
  const list = taints ?? [];
  if (!taintExists(list, taint)) return undefined;
  return list.filter((t) => !matchTaint(t, taint));
}

/**
 * The taint list after adding `add` (AddOrUpdateTaint each, in order) and
 * removing `remove` (RemoveTaint each), or undefined when nothing changes.
 */
export function swapTaints(
  taints: readonly Taint[] | undefined,
  add: readonly Taint[],
  remove: readonly Taint[],
): Taint[] | undefined {
  let current: readonly Taint[] = taints ?? [];
  let changed = false;
  for (const t of add) {
    const next = addOrUpdateTaint(current, t);
    if (next !== undefined) {
      current = next;
      changed = true;
    }
  }
  for (const t of remove) {
    const next = removeTaint(current, t);
    if (next !== undefined) {
      current = next;
      changed = true;
    }
  }
  return changed ? [...current] : undefined;
}

/** The node's taints (never undefined). */
export const taintsOf = (node: Node): readonly Taint[] => node.spec?.taints ?? [];
