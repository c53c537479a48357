/**
 * How kube-scheduler writes pod status. Mirrors kubernetes/kubernetes
 * pkg/api/v1/pod/util.go (`UpdatePodCondition`) and pkg/scheduler/util/utils.go
 * (`PatchPodStatus`: a strategic merge patch of the status subresource,
 * computed as strategicpatch.CreateTwoWayMergePatch would compute it).
 *
 * Guarantees:
 * - `updatePodCondition` sets lastTransitionTime to now, unless the status
 *   (True/False) is unchanged, in which case the old one is kept; it reports
 *   whether anything (status, reason, message, times) changed, so an
 *   identical failure writes nothing.
 * - `statusPatch(old, new)` is undefined when nothing changed; otherwise
 *   `{status: {...}}` with only the changed fields, keys in Go's sorted map
 *   order, conditions merged by `type` (a changed condition carries only its
 *   changed fields and its type, with `$setElementOrder/conditions` listing the
 *   order), a removed field as null. Example, a second failure with a new
 *   message:
 *
 *     {"status":{"$setElementOrder/conditions":[{"type":"PodScheduled"}],
 *                "conditions":[{"message":"0/4 nodes ...","type":"PodScheduled"}]}}
 */
import type { PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { jsonEqual } from "./events.js";

type Obj = Record<string, unknown>;

/**
 * UpdatePodCondition: `status` with `condition` set (by type). `condition`
 * carries type, status, reason, message; `now` becomes its lastTransitionTime
 * unless the status did not change.
 */
export function updatePodCondition(
  status: PodStatus | undefined,
  condition: PodCondition,
  now: string,
): { readonly status: PodStatus; readonly changed: boolean } {
  const conditions = status?.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === condition.type);
  const old = i >= 0 ? conditions[i]! : undefined;
  const next = {
    type: condition.type,
    status: condition.status,
    lastProbeTime: condition.lastProbeTime ?? null,
    lastTransitionTime:
      old !== undefined && old.status === condition.status ? old.lastTransitionTime : now,
    ...(condition.reason === undefined ? {} : { reason: condition.reason }),
    ...(condition.message === undefined ? {} : { message: condition.message }),
  } as unknown as PodCondition;
  if (old === undefined)
    return { status: { ...status, conditions: [...conditions, next] }, changed: true };
  const equal =
    old.status === next.status &&
    (old.reason ?? "") === (next.reason ?? "") &&
    (old.message ?? "") === (next.message ?? "") &&
    (old.lastProbeTime ?? null) === (next.lastProbeTime ?? null) &&
    (old.lastTransitionTime ?? null) === (next.lastTransitionTime ?? null);
  return {
    status: { ...status, conditions: conditions.map((c, j) => (j === i ? next : c)) },
    changed: !equal,
  };
}

const sorted = (o: Obj): Obj =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The two-way diff of one map: changed keys with their new value, removed ones as null. */
function diffMap(oldObj: Obj, newObj: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(newObj)) {
    if (v === undefined) continue;
    if (!jsonEqual(oldObj[k], v)) out[k] = v;
  }
  for (const [k, v] of Object.entries(oldObj)) {
    if (v !== undefined && newObj[k] === undefined) out[k] = null;
  }
  return out;
}

/** PatchPodStatus's patch body, or undefined when the status did not change. */
export function statusPatch(
  oldStatus: PodStatus | undefined,
  newStatus: PodStatus,
): Obj | undefined {
  const o = (oldStatus ?? {}) as Obj;
  const n = newStatus as Obj;
  const patch: Obj = {};
  for (const [k, v] of Object.entries(diffMap(o, n))) {
    if (k !== "conditions" || !Array.isArray(v)) {
      patch[k] = v;
      continue;
    }
    if (!Array.isArray(o["conditions"])) {
      patch[k] = (v as Obj[]).map(sorted);
      continue;
    }
    const oldConds = o["conditions"] as Obj[];
    const items: Obj[] = [];
    for (const c of v as Obj[]) {
      const prev = oldConds.find((x) => x["type"] === c["type"]);
      if (prev === undefined) items.push(sorted(c));
      else if (!jsonEqual(prev, c)) items.push(sorted({ ...diffMap(prev, c), type: c["type"] }));
    }
    const gone = oldConds.filter((x) => !(v as Obj[]).some((c) => c["type"] === x["type"]));
    for (const g of gone) items.push({ $patch: "delete", type: g["type"] });
    patch["$setElementOrder/conditions"] = (v as Obj[]).map((c) => ({ type: c["type"] }));
    patch["conditions"] = items;
  }
  if (Object.keys(patch).length === 0) return undefined;
  return { status: sorted(patch) };
}
