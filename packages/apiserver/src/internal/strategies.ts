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
 * | Service       | (no generation)                 | yes           | yes               | reset to {}            |
 * | Endpoints     | (no generation)                 | yes           | yes               | -                      |
 * | Event         | (no generation)                 | yes           | yes               | -                      |
 * | Lease         | (no generation)                 | yes           | NO                | -                      |
 * | Namespace     | (no generation)                 | no            | yes               | {phase: Active}        |
 * | Node, ConfigMap, Secret | (no generation)       | no            | yes               | kept                   |
 *
 * Kinds with a status subresource ignore status on main-resource updates (the
 * stored status is kept), as every upstream PrepareForUpdate does. Only pods
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
  readonly statusOnCreate: "keep" | "clear" | ((obj: Obj) => unknown);
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

const strategies: Readonly<Record<string, KindStrategy>> = {
  Pod: {
    ...base,
    generation: true,
    bumps: specChanged,
    statusOnCreate: (pod) => ({ phase: "Pending", qosClass: podQOSClass(pod) }),
    gracePeriod: podGracePeriod,
  },
  Deployment: {
    ...base,
    generation: true,
    bumps: (n, o) => specChanged(n, o) || !semanticEqual(annotationsOf(n), annotationsOf(o)),
    statusOnCreate: "clear",
  },
  ReplicaSet: { ...base, generation: true, bumps: specChanged, statusOnCreate: "clear" },
  Ingress: { ...base, generation: true, bumps: specChanged, statusOnCreate: "clear" },
  IngressClass: { ...base, generation: true, bumps: specChanged },
  EndpointSlice: { ...base, generation: true, bumps: outsideMetadataChanged },
  Service: { ...base, allowCreateOnUpdate: true, statusOnCreate: "clear" },
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

export function statusForCreate(strategy: KindStrategy, obj: Obj): unknown {
  const s = strategy.statusOnCreate;
  if (s === "keep") return KEEP_STATUS;
  if (s === "clear") return Object.freeze({});
  return s(obj);
}
