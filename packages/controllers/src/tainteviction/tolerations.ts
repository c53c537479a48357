/**
 * Tolerations against taints, as the taint eviction controller uses them:
 * Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go),
 * `GetMatchingTolerations` (pkg/apis/core/v1/helper/helpers.go), and
 * `getNoExecuteTaints` / `getMinTolerationTime` of
 * kubernetes/kubernetes pkg/controller/tainteviction/taint_eviction.go.
 *
 * - A toleration tolerates a taint when its effect is empty or equal, its key
 *   empty or equal, and its operator Exists, or Equal (the default) with an
 *   equal value.
 * - Each taint is matched by the *first* toleration that tolerates it; those
 *   are the "used" tolerations. One untolerated taint means not tolerated.
 * - The time a pod may stay is the smallest tolerationSeconds among the used
 *   tolerations; none given means forever (-1); any value <= 0 means now (0).
 */
import { scheduling } from "@kubesim/api";
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import type { Millis } from "@kubesim/sim";

/** Toleration.ToleratesTaint, shared with the scheduler and the kubelet. */
export const toleratesTaint = scheduling.toleratesTaint;

/** getNoExecuteTaints: the NoExecute taints, in order. */
export function getNoExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === "NoExecute");
}

/** GetMatchingTolerations: [all tolerated, the first tolerating toleration of each taint]. */
export function getMatchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): [boolean, Toleration[]] {
  if (taints.length === 0) return [true, []];
  const list = tolerations ?? [];
  if (list.length === 0) return [false, []];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = list.find((x) => toleratesTaint(x, taint));
    if (t === undefined) return [false, []];
    used.push(t);
  }
  return [true, used];
}

/** getMinTolerationTime: the smallest tolerationSeconds in ms; -1 for forever; 0 for none given at all. */
export function getMinTolerationTime(tolerations: readonly Toleration[]): Millis {
  if (tolerations.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of tolerations) {
    const s = t.tolerationSeconds;
    if (s === undefined || s === null) continue;
    if (s <= 0) return 0;
    if (s < min) min = s;
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min * 1000;
}
