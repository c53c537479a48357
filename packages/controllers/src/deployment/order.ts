/**
 * ReplicaSet orderings and filters used by the Deployment controller. Mirrors
 * pkg/controller/controller_utils.go (ReplicaSetsByCreationTimestamp, ReplicaSetsBySizeOlder,
 * ReplicaSetsBySizeNewer, FilterActiveReplicaSets). ReplicaSetsByRevision lives in util.ts, beside
 * the revision helpers of deployment_util.go.
 *
 * Guarantees: the comparators are Kubernetes' (creationTimestamp, then name); sorts return new
 * arrays (the Go code sorts in place) and are stable, which equals Go's unstable sort.Sort whenever
 * the comparator is total, i.e. whenever names are unique.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import { parseTime } from "@kubesim/sim";
import type { Millis } from "@kubesim/sim";

/** Go's zero time.Time (0001-01-01T00:00:00Z): what an unset metav1.Time compares as. */
export const GO_ZERO_TIME: Millis = -62_135_596_800_000;

/** A metav1.Time string as milliseconds; unset or malformed is Go's zero time. */
export function timeOf(t: string | undefined): Millis {
  return parseTime(t) ?? GO_ZERO_TIME;
}

/** spec.replicas, read as the apiserver defaults it (apps/v1 defaults an unset value to 1). */
export function rsReplicas(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

function nameOf(rs: ReplicaSet): string {
  return rs.metadata?.name ?? "";
}

/** ReplicaSetsByCreationTimestamp.Less as a comparator: older first, ties by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = timeOf(a.metadata?.creationTimestamp);
  const tb = timeOf(b.metadata?.creationTimestamp);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = nameOf(a);
  const nb = nameOf(b);
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: larger first; equal sizes older first (scaling down). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: larger first; equal sizes newer first (scaling up). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(b, a);
}

/**
 * A sorted copy (stable). A Deployment has a handful of ReplicaSets and every
 * sync sorts them several times, so short lists are insertion-sorted in the
 * copy: the same order as Array.prototype.sort (both are stable), without
 * its scratch space.
 */
export function sortedBy(
  rss: readonly ReplicaSet[],
  compare: (a: ReplicaSet, b: ReplicaSet) => number,
): ReplicaSet[] {
  const out = rss.slice();
  if (out.length > 16) return out.sort(compare);
  for (let i = 1; i < out.length; i++) {
    const x = out[i]!;
    let j = i - 1;
    while (j >= 0 && compare(out[j]!, x) > 0) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = x;
  }
  return out;
}

/** FilterActiveReplicaSets: the defined ReplicaSets with spec.replicas > 0. */
export function filterActiveReplicaSets(rss: ReadonlyArray<ReplicaSet | undefined>): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && rsReplicas(rs) > 0);
}
