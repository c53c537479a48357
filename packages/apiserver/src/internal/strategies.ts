/**
 * Per-kind registry behaviour: the parts of each upstream REST strategy
 * (pkg/registry/<group>/<resource>/strategy.go) that the generic store calls.
 *
 * | kind          | generation bump on              | create-on-PUT | unconditional PUT | status on create       |
 * |---------------|---------------------------------|---------------|-------------------|------------------------|
 * | Pod           | spec                            | no            | yes               | {phase: Pending, qosClass} |
 * | Deployment    | spec or metadata.annotations    | no            | yes               | reset to {}            |
 * | ReplicaSet    | spec                            | no            | yes               | reset to {}            |
 * | Ingress       | spec                            | no            | yes               | reset to {}            |
 * | IngressClass  | spec                            | no            | yes               | -                      |
 * | EndpointSlice | anything outside metadata, labels | no          | yes               | -                      |
 * | Service       | (no generation)                 | yes           | yes               | {loadBalancer: {}}     |
 * | Endpoints     | (no generation)                 | yes           | yes               | -                      |
 * | Event         | (no generation)                 | yes           | yes               | -                      |
 * | Lease         | (no generation)                 | yes           | NO                | -                      |
 * | Namespace     | (no generation)                 | no            | yes               | {phase: Active}        |
 * | Node, ConfigMap, Secret | (no generation)       | no            | yes               | kept                   |
 *
 * Kinds with a status subresource ignore status on main-resource updates (the
 * stored status is kept), as every upstream PrepareForUpdate does; their
 * status writes keep the stored spec and take the request's metadata, except
 * what the status strategy resets (`statusKeepsMeta`: Deployment labels, Pod
 * ownerReferences). Only pods
 * are deleted gracefully (CheckGracefulDelete).
 */
import type { KindInfo } from "@kubesim/api";
import { podQOSClass } from "./qos.js";
import { semanticEqual } from "./freeze.js";

type Obj = Record<string, unknown>;

export interface KindStrategy {
  /** metadata.generation is maintained (1 on create, +1 when `bumps` says so). */
  readonly generation: boolean;
  /** Whether an update from `old` to `next` increments metadata.generation. */
  readonly bumps: (next: Obj, old: Obj) => boolean;
  /** AllowCreateOnUpdate: a PUT of a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** AllowUnconditionalUpdate: a PUT without metadata.resourceVersion overwrites. */
  readonly allowUnconditionalUpdate: boolean;
  /** PrepareForCreate's status handling. */
  readonly statusOnCreate: "keep" | "clear" | ((obj: Obj, now: string) => unknown);
  /**
   * The metadata fields the kind's status strategy (PrepareForUpdate) resets
   * from the stored object; the spec is always reset.
   */
  readonly statusKeepsMeta: readonly string[];
  /** RESTGracefulDeleteStrategy.CheckGracefulDelete: the grace period to use, or undefined (delete at once). */
  readonly gracePeriod?: (obj: Obj, requested: number | undefined) => number;
}

const specChanged = (next: Obj, old: Obj): boolean => !semanticEqual(next["spec"], old["spec"]);

const annotationsOf = (o: Obj): unknown => (o["metadata"] as Obj | undefined)?.["annotations"];
const labelsOf = (o: Obj): unknown => (o["metadata"] as Obj | undefined)?.["labels"];

/** Everything but metadata differs, or the labels do (endpointSliceStrategy.PrepareForUpdate). */
function outsideMetadataChanged(next: Obj, old: Obj): boolean {
  const keys = new Set([...Object.keys(next), ...Object.keys(old)]);
  for (const k of keys) {
    if (k === "metadata") continue;
    if (!semanticEqual(next[k], old[k])) return true;
  }
  return !semanticEqual(labelsOf(next), labelsOf(old));
}

const never = (): boolean => false;

const base: KindStrategy = {
  generation: false,
  bumps: never,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  statusOnCreate: "keep",
  statusKeepsMeta: [],
};

/**
 * podStrategy.CheckGracefulDelete: the requested period, else
 * spec.terminationGracePeriodSeconds (else 0); 0 for an unscheduled pod or one
 * that already Succeeded or Failed; a negative period becomes 1.
 */
function podGracePeriod(pod: Obj, requested: number | undefined): number {
  const spec = (pod["spec"] ?? {}) as Obj;
  const status = (pod["status"] ?? {}) as Obj;
  let period =
    requested ??
    (typeof spec["terminationGracePeriodSeconds"] === "number"
      ? spec["terminationGracePeriodSeconds"]
      : 0);
  if (typeof spec["nodeName"] !== "string" || spec["nodeName"] === "") period = 0;
  if (status["phase"] === "Failed" || status["phase"] === "Succeeded") period = 0;
  if (period < 0) period = 1;
  return period;
}

/** PodReasonSchedulingGated and applySchedulingGatedCondition's message. */
export const REASON_SCHEDULING_GATED = "SchedulingGated";
const SCHEDULING_GATED_MESSAGE = "Scheduling is blocked due to non-empty scheduling gates";

/**
 * podStrategy.PrepareForCreate's status: `{phase: Pending, qosClass}`, and,
 * for a pod with spec.schedulingGates, applySchedulingGatedCondition's
 * PodScheduled=False condition (the status was just reset, so there is no
 * PodScheduled condition to defer to). Keys in PodStatus's and PodCondition's
 * field order; lastProbeTime is the zero metav1.Time, which encodes as null:
 *
 *   { phase: "Pending",
 *     conditions: [{ type: "PodScheduled", status: "False", lastProbeTime: null,
 *       lastTransitionTime: now, reason: "SchedulingGated",
 *       message: "Scheduling is blocked due to non-empty scheduling gates" }],
 *     qosClass: "BestEffort" }
 */
function podStatusOnCreate(pod: Obj, now: string): unknown {
  const qosClass = podQOSClass(pod);
  const gates = ((pod["spec"] ?? {}) as Obj)["schedulingGates"];
  if (!Array.isArray(gates) || gates.length === 0) return { phase: "Pending", qosClass };
  const condition = Object.freeze({
    type: "PodScheduled",
    status: "False",
    lastProbeTime: null,
    lastTransitionTime: now,
    reason: REASON_SCHEDULING_GATED,
    message: SCHEDULING_GATED_MESSAGE,
  });
  return { phase: "Pending", conditions: Object.freeze([condition]), qosClass };
}

const strategies: Readonly<Record<string, KindStrategy>> = {
  Pod: {
    ...base,
    generation: true,
    bumps: specChanged,
    statusOnCreate: podStatusOnCreate,
    // podStatusStrategy: deletionTimestamp (BeforeUpdate restores the stored
    // one anyway) and ownerReferences, "since old kubelets corrupt them".
    statusKeepsMeta: ["ownerReferences"],
    gracePeriod: podGracePeriod,
  },
  Deployment: {
    ...base,
    generation: true,
    bumps: (n, o) => specChanged(n, o) || !semanticEqual(annotationsOf(n), annotationsOf(o)),
    statusOnCreate: "clear",
    // deploymentStatusStrategy.PrepareForUpdate resets spec and labels.
    statusKeepsMeta: ["labels"],
  },
  ReplicaSet: { ...base, generation: true, bumps: specChanged, statusOnCreate: "clear" },
  Ingress: { ...base, generation: true, bumps: specChanged, statusOnCreate: "clear" },
  IngressClass: { ...base, generation: true, bumps: specChanged },
  EndpointSlice: { ...base, generation: true, bumps: outsideMetadataChanged },
  // ServiceStatus{} encodes as {"loadBalancer": {}} (LoadBalancerStatus is a struct, not a pointer).
  Service: { ...base, allowCreateOnUpdate: true, statusOnCreate: () => ({ loadBalancer: {} }) },
  Endpoints: { ...base, allowCreateOnUpdate: true },
  Event: { ...base, allowCreateOnUpdate: true },
  Lease: { ...base, allowCreateOnUpdate: true, allowUnconditionalUpdate: false },
  Namespace: { ...base, statusOnCreate: () => ({ phase: "Active" }) },
};

export function strategyFor(info: KindInfo): KindStrategy {
  return Object.hasOwn(strategies, info.kind) ? strategies[info.kind]! : base;
}

/** True when the kind serves a status subresource (main-resource writes then keep the stored status). */
export function hasStatusSubresource(info: KindInfo): boolean {
  return info.subresources.includes("status");
}

/**
 * PrepareForCreate's status: the value to store, or `KEEP_STATUS` to keep the
 * request's. Upstream resets status to its zero struct, which serialises as
 * `"status": {}`.
 */
export const KEEP_STATUS: unique symbol = Symbol("keep status");

/**
 * The status a status write stores: the request's. For pods an empty
 * status.qosClass is backfilled from the stored one (podStatusStrategy: the
 * QoS class is immutable and old kubelets dropped it).
 */
export function statusForUpdate(info: KindInfo, given: unknown, stored: unknown): unknown {
  if (info.kind !== "Pod") return given;
  const s = (given ?? {}) as Obj;
  const q = (stored as Obj | undefined)?.["qosClass"];
  const conditions = podConditions(s["conditions"]);
  const backfill = (s["qosClass"] === undefined || s["qosClass"] === "") && q !== undefined;
  if (!backfill && conditions === s["conditions"]) return given;
  const out: Obj = { ...s };
  if (conditions !== undefined) out["conditions"] = conditions;
  if (backfill) out["qosClass"] = q;
  return Object.freeze(out);
}

/** PodCondition's fields in its Go struct order (the order kube-apiserver encodes them in). */
const POD_CONDITION_ORDER = [
  "type",
  "observedGeneration",
  "status",
  "lastProbeTime",
  "lastTransitionTime",
  "reason",
  "message",
] as const;

/**
 * Pod conditions as kube-apiserver encodes them: lastProbeTime and
 * lastTransitionTime are metav1.Time structs, whose zero value marshals as
 * `null` (omitempty does not apply to structs), so a condition written without
 * them reads back with `lastProbeTime: null`. Returns `conditions` itself when
 * nothing changes.
 */
function podConditions(conditions: unknown): unknown {
  if (!Array.isArray(conditions)) return conditions;
  let changed = false;
  const out = conditions.map((c: unknown) => {
    if (typeof c !== "object" || c === null) return c;
    const o = c as Obj;
    if (o["lastProbeTime"] !== undefined && o["lastTransitionTime"] !== undefined) return c;
    changed = true;
    const n: Obj = {};
    for (const k of POD_CONDITION_ORDER) {
      if (o[k] !== undefined) n[k] = o[k];
      else if (k === "lastProbeTime" || k === "lastTransitionTime") n[k] = null;
    }
    for (const k of Object.keys(o)) if (!(k in n)) n[k] = o[k];
    return Object.freeze(n);
  });
  return changed ? Object.freeze(out) : conditions;
}

export function statusForCreate(strategy: KindStrategy, obj: Obj, now: string): unknown {
  const s = strategy.statusOnCreate;
  if (s === "keep") return KEEP_STATUS;
  if (s === "clear") return Object.freeze({});
  return s(obj, now);
}
