/**
 * The pod orderings kubectl uses to pick one pod of many. Mirrors
 * kubectl pkg/util/podutils/podutils.go: ByLogging (`kubectl logs deploy/x`
 * takes the first) and ActivePods (`kubectl exec deploy/x` takes the last,
 * the most active).
 */
import type { Pod } from "kubernetes-types/core/v1";

/** IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

function isPodDeleting(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp != null;
}

/** podReadyTime: when Ready turned True; 0 for "zero time". */
function podReadyTime(pod: Pod): number {
  for (const c of pod.status?.conditions ?? []) {
    if (c.type === "Ready" && c.status === "True") return time(c.lastTransitionTime);
  }
  return 0;
}

function time(t: string | undefined): number {
  if (t === undefined || t === "") return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount);
  return max;
}

/** afterOrZero: t1 after t2, a zero time counting as after every other. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

type Less = (a: Pod, b: Pod) => boolean;

const assigned = (p: Pod): boolean => (p.spec?.nodeName ?? "") !== "";

/** ByLogging.Less: the pod whose logs are most worth reading first. */
export const byLogging: Less = (a, b) => {
  const na = a.spec?.nodeName ?? "";
  const nb = b.spec?.nodeName ?? "";
  if (na !== nb && (!assigned(a) || !assigned(b))) return assigned(a);
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const ra = rank[a.status?.phase ?? ""] ?? 0;
  const rb = rank[b.status?.phase ?? ""] ?? 0;
  if (ra !== rb) return ra < rb;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a);
  if (isPodReady(a) && isPodReady(b) && podReadyTime(a) !== podReadyTime(b))
    return afterOrZero(podReadyTime(b), podReadyTime(a));
  if (maxContainerRestarts(a) !== maxContainerRestarts(b))
    return maxContainerRestarts(a) > maxContainerRestarts(b);
  const ca = time(a.metadata?.creationTimestamp);
  const cb = time(b.metadata?.creationTimestamp);
  if (ca !== cb) return afterOrZero(cb, ca);
  return false;
};

/** ActivePods.Less: the pod a controller would delete first. */
export const activePods: Less = (a, b) => {
  const na = a.spec?.nodeName ?? "";
  const nb = b.spec?.nodeName ?? "";
  if (na !== nb && (!assigned(a) || !assigned(b))) return !assigned(a);
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const ra = rank[a.status?.phase ?? ""] ?? 0;
  const rb = rank[b.status?.phase ?? ""] ?? 0;
  if (ra !== rb) return ra < rb;
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  if (isPodDeleting(a) !== isPodDeleting(b)) return isPodDeleting(a);
  if (isPodDeleting(a) && isPodDeleting(b)) {
    const da = time(a.metadata?.deletionTimestamp);
    const db = time(b.metadata?.deletionTimestamp);
    if (da !== db) return da < db;
  }
  if (isPodReady(a) && isPodReady(b) && podReadyTime(a) !== podReadyTime(b))
    return afterOrZero(podReadyTime(a), podReadyTime(b));
  if (maxContainerRestarts(a) !== maxContainerRestarts(b))
    return maxContainerRestarts(a) > maxContainerRestarts(b);
  const ca = time(a.metadata?.creationTimestamp);
  const cb = time(b.metadata?.creationTimestamp);
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
};

/** sort.Reverse. */
export function reverse(less: Less): Less {
  return (a, b) => less(b, a);
}

/** Sorts by a Go-style Less (stable, as Go's insertion sort is for the small lists kubectl sorts). */
export function sortPods(pods: readonly Pod[], less: Less): Pod[] {
  return [...pods].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}
