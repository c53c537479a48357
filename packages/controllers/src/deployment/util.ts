/**
 * Deployment arithmetic and bookkeeping. Mirrors pkg/controller/deployment/util/deployment_util.go
 * (newest upstream behaviour, default feature gates): ResolveFenceposts, MaxUnavailable, MaxSurge,
 * MinAvailable, NewRSNewReplicas, GetReplicaSetProportion / getReplicaSetFraction, IsSaturated,
 * DeploymentComplete / DeploymentProgressing / DeploymentTimedOut, the replica counters,
 * EqualIgnoreHash, FindNewReplicaSet, FindOldReplicaSets, FindActiveOrLatest, the revision and
 * annotation helpers, and getNonNegativeInt32FromAnnotation.
 *
 * Guarantees: pure functions of their arguments (time comes in as `now`); Go's in-place mutators
 * (SetNewReplicaSetAnnotations, SetReplicasAnnotations, SetDeploymentRevision) return a new object
 * and a `changed` flag instead. Objects are read as the apiserver defaults them: an unset
 * spec.replicas is 1, an unset strategy type is RollingUpdate, an unset maxSurge/maxUnavailable is 0
 * (ResolveFenceposts' ValueOrDefault).
 *
 * Worked example, 10 replicas with the defaults 25%/25%: MaxSurge = ceil(2.5) = 3,
 * MaxUnavailable = floor(2.5) = 2, MinAvailable = 10 - 2 = 8; at most 13 pods exist and at least 8
 * are available during the rollout.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from "kubernetes-types/apps/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { InvariantError, getScaledValueFromIntOrPercent, semanticEqual } from "@kubesim/api";
import type { IntOrString } from "@kubesim/api";
import type { Millis } from "@kubesim/sim";
import { DeploymentProgressing, NewRSAvailableReason, TimedOutReason } from "./conditions.js";
import { getDeploymentCondition } from "./conditions.js";
import {
  byCreationTimestamp,
  filterActiveReplicaSets,
  rsReplicas,
  sortedBy,
  timeOf,
} from "./order.js";

// ---------------------------------------------------------------------------------------------
// Annotations and labels

/** The rollout sequence number of a ReplicaSet (and, copied, of its Deployment). */
export const RevisionAnnotation = "deployment.kubernetes.io/revision";
/** Older revision numbers an RS served before a rollback re-used it: "1,3". */
export const RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
/** The Deployment's spec.replicas when the RS was last scaled or annotated. */
export const DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
/** spec.replicas + MaxSurge at that time; the denominator of proportional scaling. */
export const MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
/** kubectl apply's annotation (v1.LastAppliedConfigAnnotation). */
export const LastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
/** apps/v1's round-trip annotation for the legacy rollbackTo field (apps.DeprecatedRollbackTo). */
export const DeprecatedRollbackTo = "deprecated.deployment.rollback.to";
/** The change-cause annotation kubectl shows in `rollout history`; copied onto new RSes. */
export const ChangeCauseAnnotation = "kubernetes.io/change-cause";
/** apps.DefaultDeploymentUniqueLabelKey. */
export const DefaultDeploymentUniqueLabelKey = "pod-template-hash";
/** sync.go maxRevHistoryLengthInChars: revision-history keeps at most ~100 entries. */
export const MaxRevHistoryLengthInChars = 2000;

/**
 * annotationsToSkip: never copied Deployment → ReplicaSet, and kept on the Deployment by a rollback.
 * Everything else (kubernetes.io/change-cause included) is copied onto the new ReplicaSet.
 */
export const annotationsToSkip: ReadonlySet<string> = new Set([
  LastAppliedConfigAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  DeprecatedRollbackTo,
]);

/** The largest int32; as progressDeadlineSeconds or revisionHistoryLimit it means "unset". */
export const MaxInt32 = 2_147_483_647;

// ---------------------------------------------------------------------------------------------
// Reading a Deployment

/** *(d.Spec.Replicas), unset read as the apps/v1 default 1. */
export function deploymentReplicas(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

/** IsRollingUpdate; an unset type is the default RollingUpdate. */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

/** HasProgressDeadline: set and not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const pds = d.spec?.progressDeadlineSeconds;
  return pds !== undefined && pds !== MaxInt32;
}

/** HasRevisionHistoryLimit: set and not MaxInt32. */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const limit = d.spec?.revisionHistoryLimit;
  return limit !== undefined && limit !== MaxInt32;
}

// ---------------------------------------------------------------------------------------------
// Fenceposts

/** ResolveFenceposts' answer; on error both numbers are 0, as in Go. */
export interface Fenceposts {
  readonly surge: number;
  readonly unavailable: number;
  readonly error?: unknown;
}

/**
 * ResolveFenceposts: surge rounds up, unavailable rounds down, and when both come out 0,
 * unavailable becomes 1 (a surge might be blocked by a quota, so the rollout must be able to
 * remove a pod). A missing value counts as 0.
 *   ("25%", "25%", 10) → surge 3, unavailable 2
 *   ("39%", "39%", 10) → surge ceil(3.9) = 4, unavailable floor(3.9) = 3
 *   ("1%",  "0%",  2)  → surge ceil(0.02) = 1, unavailable 0
 *   ("0%",  "1%",  2)  → 0 and floor(0.02) = 0 → unavailable 1
 *   ("oops", "39%", 10) → error, 0 / 0
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): Fenceposts {
  let surge: number;
  let unavailable: number;
  try {
    surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
    unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  } catch (error) {
    return { surge: 0, unavailable: 0, error };
  }
  if (surge === 0 && unavailable === 0) {
    // Validation rejects both being 0 at once, but "0%" of a small Deployment resolves to 0 too.
    unavailable = 1;
  }
  return { surge, unavailable };
}

function fenceposts(d: Deployment): Fenceposts {
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, deploymentReplicas(d));
}

/**
 * MaxUnavailable: 0 for Recreate or 0 replicas; else the resolved value capped at spec.replicas.
 *   replicas 5, maxUnavailable 10 → 5; replicas 10, "50%" → 5; replicas 0 → 0.
 */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || deploymentReplicas(d) === 0) return 0;
  const { unavailable } = fenceposts(d);
  return Math.min(unavailable, deploymentReplicas(d));
}

/** MaxSurge: 0 for Recreate; else the resolved surge (not zeroed when replicas is 0: ceil(0) = 0). */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return fenceposts(d).surge;
}

/** MinAvailable: 0 for Recreate; else spec.replicas - MaxUnavailable (10, "60%" → 10 - 6 = 4). */
export function minAvailable(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return deploymentReplicas(d) - maxUnavailable(d);
}

/**
 * NewRSNewReplicas: how far the new ReplicaSet may grow in one step.
 * RollingUpdate: maxTotal = replicas + ceil(maxSurge); if Σ spec.replicas of `allRSs` already
 * reaches it the new RS keeps its size, else it grows by min(maxTotal - Σ, replicas - new).
 *   replicas 10, surge 3, old 10, new 0 → Σ 10 < 13 → 0 + min(3, 10) = 3
 *   replicas 10, surge 3, old 8, new 3 → Σ 11 < 13 → 3 + min(2, 7) = 5
 * Recreate: spec.replicas at once. Other types cannot pass validation; they raise InvariantError.
 * An invalid maxSurge string raises the ApiError of getScaledValueFromIntOrPercent.
 */
export function newRSNewReplicas(
  d: Deployment,
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  newRS: ReplicaSet,
): number {
  const type = d.spec?.strategy?.type ?? "RollingUpdate";
  const replicas = deploymentReplicas(d);
  switch (type) {
    case "RollingUpdate": {
      const surge = getScaledValueFromIntOrPercent(
        d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0,
        replicas,
        true,
      );
      const currentPodCount = getReplicaCountForReplicaSets(allRSs);
      const maxTotalPods = replicas + surge;
      if (currentPodCount >= maxTotalPods) return rsReplicas(newRS);
      const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - rsReplicas(newRS));
      return rsReplicas(newRS) + scaleUpCount;
    }
    case "Recreate":
      return replicas;
    default:
      throw new InvariantError(`deployment type ${type} isn't supported`);
  }
}

// ---------------------------------------------------------------------------------------------
// Integer annotations and proportional scaling

/** getNonNegativeInt32FromAnnotation's answer: `valid` is false when missing or malformed. */
export interface AnnotationInt {
  readonly value: number;
  readonly valid: boolean;
  /** Go's error text when the value is present but malformed; absent when missing or valid. */
  readonly error?: string;
}

/**
 * getNonNegativeInt32FromAnnotation: strconv.ParseUint(v, 10, 32) then a MaxInt32 check.
 *   missing → (0, false, no error); "13" → (13, true); "-1" / "invalid" → invalid syntax;
 *   "2147483648" → `value 2147483648 is out of range (higher than 2147483647)`;
 *   "4294967296" → `strconv.ParseUint: parsing "4294967296": value out of range`.
 */
export function getNonNegativeInt32FromAnnotation(
  obj: { readonly metadata?: ObjectMeta },
  key: string,
): AnnotationInt {
  const annotations = obj.metadata?.annotations;
  if (annotations === undefined || !Object.hasOwn(annotations, key)) {
    return { value: 0, valid: false };
  }
  const s = annotations[key] ?? "";
  if (!/^[0-9]+$/.test(s)) {
    return {
      value: 0,
      valid: false,
      error: `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`,
    };
  }
  const v = BigInt(s);
  if (v > 4_294_967_295n) {
    return {
      value: 0,
      valid: false,
      error: `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`,
    };
  }
  if (v > BigInt(MaxInt32)) {
    return {
      value: 0,
      valid: false,
      error: `value ${v} is out of range (higher than ${MaxInt32})`,
    };
  }
  return { value: Number(v), valid: true };
}

/** GetDesiredReplicasAnnotation: (value, ok). */
export function getDesiredReplicasAnnotation(rs: ReplicaSet): AnnotationInt {
  return getNonNegativeInt32FromAnnotation(rs, DesiredReplicasAnnotation);
}

/** getMaxReplicasAnnotation: (value, ok). */
export function getMaxReplicasAnnotation(rs: ReplicaSet): AnnotationInt {
  return getNonNegativeInt32FromAnnotation(rs, MaxReplicasAnnotation);
}

/** k8s.io/utils/integer.RoundToInt32: half away from zero. */
export function roundToInt32(a: number): number {
  return a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5);
}

/**
 * getReplicaSetFraction: how many replicas `rs` gains (or loses) when the Deployment's allowed
 * size changes from the RS's max-replicas annotation to spec.replicas + MaxSurge.
 *   replicas 0                        → -rs.spec (everything goes)
 *   rs 50, max-replicas 100, now 120  → round(50 × 120 / 100) - 50 = 10
 *   rs 50, max-replicas 110, now 130  → round(59.09) - 50 = 9
 *   rs 6,  max-replicas 12,  now 10   → round(5) - 6 = -1
 * A missing, malformed or 0 annotation falls back to status.replicas; if that is 0 too the
 * Deployment is unsynced and the fraction is 0.
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = deploymentReplicas(d);
  if (replicas === 0) return -rsReplicas(rs);
  const deploymentMaxReplicas = replicas + maxSurge(d);
  const annotated = getMaxReplicasAnnotation(rs);
  let maxBefore = annotated.value;
  if (!annotated.valid || maxBefore === 0) {
    // The annotation was removed or zeroed by a third party: use the observed size instead.
    maxBefore = d.status?.replicas ?? 0;
  }
  if (maxBefore === 0) return 0;
  const newRSSize = (rsReplicas(rs) * deploymentMaxReplicas) / maxBefore;
  return roundToInt32(newRSSize) - rsReplicas(rs);
}

/**
 * GetReplicaSetProportion (GetProportion before the rename): the fraction, clamped so that the
 * total added never passes `toAdd`: min(fraction, toAdd - added) when scaling up, max(…) down.
 */
export function getReplicaSetProportion(
  rs: ReplicaSet | undefined,
  d: Deployment,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (
    rs === undefined ||
    rsReplicas(rs) === 0 ||
    deploymentReplicasToAdd === 0 ||
    deploymentReplicasToAdd === deploymentReplicasAdded
  ) {
    return 0;
  }
  const rsFraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  return deploymentReplicasToAdd > 0
    ? Math.min(rsFraction, allowed)
    : Math.max(rsFraction, allowed);
}

/**
 * ReplicasAnnotationsNeedUpdate: desired-replicas or max-replicas differ from the decimal strings
 * of `desired` and `max` (or the RS has no annotations at all).
 */
export function replicasAnnotationsNeedUpdate(
  rs: ReplicaSet,
  desiredReplicas: number,
  maxReplicas: number,
): boolean {
  const annotations = rs.metadata?.annotations;
  if (annotations === undefined) return true;
  return (
    annotations[DesiredReplicasAnnotation] !== String(desiredReplicas) ||
    annotations[MaxReplicasAnnotation] !== String(maxReplicas)
  );
}

/** SetReplicasAnnotations: a copy with both annotations set, and whether anything changed. */
export function setReplicasAnnotations(
  rs: ReplicaSet,
  desiredReplicas: number,
  maxReplicas: number,
): { readonly rs: ReplicaSet; readonly changed: boolean } {
  const annotations = { ...(rs.metadata?.annotations ?? {}) };
  let changed = false;
  if (annotations[DesiredReplicasAnnotation] !== String(desiredReplicas)) {
    annotations[DesiredReplicasAnnotation] = String(desiredReplicas);
    changed = true;
  }
  if (annotations[MaxReplicasAnnotation] !== String(maxReplicas)) {
    annotations[MaxReplicasAnnotation] = String(maxReplicas);
    changed = true;
  }
  return { rs: withAnnotations(rs, annotations), changed };
}

/**
 * IsSaturated: the RS has spec.replicas == desired-replicas == available == d.spec.replicas.
 * A missing or malformed desired-replicas annotation means not saturated.
 */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (!desired.valid) return false;
  const replicas = deploymentReplicas(d);
  return (
    rsReplicas(rs) === replicas &&
    desired.value === replicas &&
    (rs.status?.availableReplicas ?? 0) === replicas
  );
}

// ---------------------------------------------------------------------------------------------
// Revisions

/** Revision's answer: the number, or Go's ParseInt error (value 0). */
export interface RevisionValue {
  readonly value: number;
  readonly error?: string;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** strconv.ParseInt(s, 10, 64). */
export function parseInt64(s: string): RevisionValue {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    return { value: 0, error: `strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax` };
  }
  const v = BigInt(s);
  if (v > INT64_MAX || v < INT64_MIN) {
    return {
      value: 0,
      error: `strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`,
    };
  }
  return { value: Number(v) };
}

/** Revision: the revision annotation as an integer; 0 when absent; an error when malformed. */
export function revision(obj: { readonly metadata?: ObjectMeta }): RevisionValue {
  const annotations = obj.metadata?.annotations;
  if (annotations === undefined || !Object.hasOwn(annotations, RevisionAnnotation)) {
    return { value: 0 };
  }
  return parseInt64(annotations[RevisionAnnotation] ?? "");
}

/** MaxRevision: the highest parsable revision (0 if none); malformed ones are skipped. */
export function maxRevision(rss: ReadonlyArray<ReplicaSet | undefined>): number {
  let max = 0;
  for (const rs of rss) {
    if (rs === undefined) continue;
    const v = revision(rs);
    if (v.error === undefined && v.value > max) max = v.value;
  }
  return max;
}

/** LastRevision: the second-highest revision (a value equal to the max pushes the old max down). */
export function lastRevision(rss: ReadonlyArray<ReplicaSet | undefined>): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    if (rs === undefined) continue;
    const v = revision(rs);
    if (v.error !== undefined) continue;
    if (v.value >= max) {
      secMax = max;
      max = v.value;
    } else if (v.value > secMax) {
      secMax = v.value;
    }
  }
  return secMax;
}

/**
 * ReplicaSetsByRevision: revision ascending; when either revision does not parse, or both are
 * equal, by creation timestamp. An RS without the annotation is revision 0, so it sorts first.
 */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revision(a);
  const rb = revision(b);
  if (ra.error !== undefined || rb.error !== undefined || ra.value === rb.value) {
    return byCreationTimestamp(a, b);
  }
  return ra.value < rb.value ? -1 : 1;
}

/**
 * SetNewReplicaSetAnnotations, on a copy:
 * 1. copies every Deployment annotation outside annotationsToSkip whose value differs;
 * 2. raises the RS revision to `newRevision` when it is lower (integer compare); an unparsable
 *    existing revision makes it give up (changed false, the copied annotations kept, as Go leaves
 *    them on its copy);
 * 3. when an existing revision was raised (a rollback re-uses the RS), appends the old number to
 *    revision-history, dropping the oldest entries while the text would exceed
 *    `revHistoryLimitInChars` (limit 5: "11,12" + "13" → "12,13");
 * 4. on creation (`exists` false) sets desired-replicas and max-replicas.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
  revHistoryLimitInChars: number = MaxRevHistoryLengthInChars,
): { readonly rs: ReplicaSet; readonly changed: boolean } {
  const annotations: Record<string, string> = { ...(rs.metadata?.annotations ?? {}) };
  let changed = false;
  // 1. copyDeploymentAnnotationsToReplicaSet (sorted keys: Go's map order is random, the result is not).
  const dAnnotations = d.metadata?.annotations ?? {};
  for (const k of Object.keys(dAnnotations).sort()) {
    const v = dAnnotations[k] ?? "";
    if (annotationsToSkip.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  // 2. the revision is only ever raised.
  const hadRevision = Object.hasOwn(annotations, RevisionAnnotation);
  const oldRevision = annotations[RevisionAnnotation] ?? "";
  let oldRevisionInt = 0;
  const parsedOld = parseInt64(oldRevision);
  if (parsedOld.error !== undefined) {
    if (oldRevision !== "") return { rs: withAnnotations(rs, annotations), changed: false };
  } else {
    oldRevisionInt = parsedOld.value;
  }
  const parsedNew = parseInt64(newRevision);
  if (parsedNew.error !== undefined) {
    return { rs: withAnnotations(rs, annotations), changed: false };
  }
  const newRevisionInt = parsedNew.value;
  if (oldRevisionInt < newRevisionInt) {
    annotations[RevisionAnnotation] = newRevision;
    changed = true;
  }
  // 3. keep the numbers a re-used RS served under.
  if (hadRevision && oldRevisionInt < newRevisionInt) {
    const history = annotations[RevisionHistoryAnnotation] ?? "";
    const oldRevisions = history.split(",");
    if ((oldRevisions[0] ?? "").length === 0) {
      annotations[RevisionHistoryAnnotation] = oldRevision;
    } else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < oldRevisions.length) {
        totalLen = totalLen - (oldRevisions[start] ?? "").length - 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars) {
        annotations[RevisionHistoryAnnotation] = [...oldRevisions.slice(start), oldRevision].join(
          ",",
        );
      }
    }
  }
  let out = withAnnotations(rs, annotations);
  // 4. a ReplicaSet about to be created records the Deployment's size.
  if (!exists) {
    const replicas = deploymentReplicas(d);
    const set = setReplicasAnnotations(out, replicas, replicas + maxSurge(d));
    out = set.rs;
    changed = changed || set.changed;
  }
  return { rs: out, changed };
}

/** SetDeploymentRevision: a copy whose revision annotation is `rev`, and whether it changed. */
export function setDeploymentRevision(
  d: Deployment,
  rev: string,
): { readonly deployment: Deployment; readonly changed: boolean } {
  const annotations = d.metadata?.annotations ?? {};
  if (annotations[RevisionAnnotation] === rev) return { deployment: d, changed: false };
  return {
    deployment: withAnnotations(d, { ...annotations, [RevisionAnnotation]: rev }),
    changed: true,
  };
}

/** getSkippedAnnotations: the annotations in annotationsToSkip, which a rollback keeps. */
export function getSkippedAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(annotations ?? {})) {
    if (annotationsToSkip.has(k)) out[k] = annotations?.[k] ?? "";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Templates, new and old ReplicaSets

/** apiequality.Semantic.DeepEqual on JSON values; see @kubesim/api's semanticEqual. */
export const semanticDeepEqual = semanticEqual;

/** A template without the pod-template-hash label (a copy; the input is not touched). */
export function withoutHashLabel(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const t = template ?? {};
  const labels = t.metadata?.labels;
  if (labels === undefined || !Object.hasOwn(labels, DefaultDeploymentUniqueLabelKey)) return t;
  const { [DefaultDeploymentUniqueLabelKey]: _hash, ...rest } = labels;
  return { ...t, metadata: { ...t.metadata, labels: rest } };
}

/**
 * EqualIgnoreHash: semantic equality of two pod templates once the pod-template-hash label is
 * removed from both. {a: x, pod-template-hash: 1} equals {a: x}; {pod-template-hash: 1} does not
 * equal {pod-template-hash: 1, a: x}.
 */
export function equalIgnoreHash(
  t1: PodTemplateSpec | undefined,
  t2: PodTemplateSpec | undefined,
): boolean {
  // Cached templates are frozen and kept across versions of their objects, and every sync
  // compares the Deployment's with each ReplicaSet's: remember the answer per pair.
  if (t1 === undefined || t2 === undefined || !Object.isFrozen(t1) || !Object.isFrozen(t2)) {
    return semanticDeepEqual(withoutHashLabel(t1), withoutHashLabel(t2));
  }
  let known = equalIgnoreHashMemo.get(t1);
  if (known === undefined) {
    known = new WeakMap();
    equalIgnoreHashMemo.set(t1, known);
  }
  let equal = known.get(t2);
  if (equal === undefined) {
    equal = semanticDeepEqual(withoutHashLabel(t1), withoutHashLabel(t2));
    known.set(t2, equal);
  }
  return equal;
}

/** equalIgnoreHash's answers for pairs of frozen templates. */
const equalIgnoreHashMemo = new WeakMap<PodTemplateSpec, WeakMap<PodTemplateSpec, boolean>>();

/**
 * FindNewReplicaSet: the oldest ReplicaSet (creationTimestamp, then name) whose template
 * EqualIgnoreHash-matches the Deployment's; undefined when there is none. After an upgrade two
 * RSes can match (issue #40415); the oldest wins, deterministically.
 */
export function findNewReplicaSet(
  d: Deployment,
  rsList: readonly ReplicaSet[],
): ReplicaSet | undefined {
  // The first match in creation order, i.e. the oldest match (ties keep list order, as the stable sort).
  let found: ReplicaSet | undefined;
  for (const rs of rsList) {
    if (found !== undefined && byCreationTimestamp(rs, found) >= 0) continue;
    if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) found = rs;
  }
  return found;
}

/** Same object, or same UID (Go compares UIDs). */
function sameReplicaSet(a: ReplicaSet, b: ReplicaSet): boolean {
  if (a === b) return true;
  const ua = a.metadata?.uid;
  return ua !== undefined && ua !== "" && ua === b.metadata?.uid;
}

/**
 * FindOldReplicaSets: every RS but the new one (`allOldRSs`, in creation order, as Go's in-place
 * sort leaves them) and those of them with spec.replicas > 0 (`requiredRSs`).
 */
export function findOldReplicaSets(
  d: Deployment,
  rsList: readonly ReplicaSet[],
): { readonly requiredRSs: ReplicaSet[]; readonly allOldRSs: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const allOldRSs = sortedBy(rsList, byCreationTimestamp).filter(
    (rs) => newRS === undefined || !sameReplicaSet(rs, newRS),
  );
  return { requiredRSs: allOldRSs.filter((rs) => rsReplicas(rs) !== 0), allOldRSs };
}

/**
 * FindActiveOrLatest: with at most one active RS, the one to give every replica to: the single
 * active RS; with none active, the new RS, or else the newest old RS; undefined when several RSes
 * are active (proportional scaling) or there is no RS at all.
 */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = sortedBy(oldRSs, (a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Counting

function sum(
  rss: ReadonlyArray<ReplicaSet | undefined>,
  pick: (rs: ReplicaSet) => number | undefined,
): number {
  let total = 0;
  for (const rs of rss) if (rs !== undefined) total += pick(rs) ?? 0;
  return total;
}

/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export function getReplicaCountForReplicaSets(rss: ReadonlyArray<ReplicaSet | undefined>): number {
  return sum(rss, rsReplicas);
}

/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export function getActualReplicaCountForReplicaSets(
  rss: ReadonlyArray<ReplicaSet | undefined>,
): number {
  return sum(rss, (rs) => rs.status?.replicas);
}

/** GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas. */
export function getReadyReplicaCountForReplicaSets(
  rss: ReadonlyArray<ReplicaSet | undefined>,
): number {
  return sum(rss, (rs) => rs.status?.readyReplicas);
}

/** GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
export function getAvailableReplicaCountForReplicaSets(
  rss: ReadonlyArray<ReplicaSet | undefined>,
): number {
  return sum(rss, (rs) => rs.status?.availableReplicas);
}

/**
 * GetTerminatingReplicaCountForReplicaSets (status.terminatingReplicas, 1.33+; absent from
 * kubernetes-types 1.30, read loosely): Σ, where an RS never synced (observedGeneration 0) without
 * a value counts 0, and a synced RS without a value makes the total unknown (undefined).
 */
export function getTerminatingReplicaCountForReplicaSets(
  rss: ReadonlyArray<ReplicaSet | undefined>,
): number | undefined {
  let total = 0;
  for (const rs of rss) {
    if (rs === undefined) continue;
    const terminating = (rs.status as { terminatingReplicas?: number } | undefined)
      ?.terminatingReplicas;
    if (terminating === undefined) {
      if ((rs.status?.observedGeneration ?? 0) > 0) return undefined;
      continue;
    }
    total += terminating;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Rollout state

/**
 * DeploymentComplete: updated == replicas == available == spec.replicas and the status observed
 * the current generation. (5 desired, 5/5 updated, 4 available → not complete.)
 */
export function deploymentComplete(d: Deployment, status: DeploymentStatus | undefined): boolean {
  const replicas = deploymentReplicas(d);
  return (
    (status?.updatedReplicas ?? 0) === replicas &&
    (status?.replicas ?? 0) === replicas &&
    (status?.availableReplicas ?? 0) === replicas &&
    (status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/**
 * DeploymentProgressing: compared with the stored d.status, the new status has more updated,
 * fewer old (replicas - updated), more ready, or more available replicas.
 */
export function deploymentProgressing(d: Deployment, newStatus: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldStatusOldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newStatusOldReplicas = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newStatusOldReplicas < oldStatusOldReplicas ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * DeploymentTimedOut: with a deadline and a Progressing condition in `newStatus` that is not
 * NewReplicaSetAvailable: already ProgressDeadlineExceeded, or lastUpdateTime + deadline < now
 * (strictly). Deadline 10 s, last update 00:01:09, now 00:01:20 → 00:01:19 < 00:01:20 → timed out.
 */
export function deploymentTimedOut(
  d: Deployment,
  newStatus: DeploymentStatus,
  now: Millis,
): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getDeploymentCondition(newStatus, DeploymentProgressing);
  if (condition === undefined) return false;
  // A finished rollout is not re-judged: the cached Deployment may lag behind a new RS.
  if (condition.reason === NewRSAvailableReason) return false;
  if (condition.reason === TimedOutReason) return true;
  const from = timeOf(condition.lastUpdateTime);
  const delta = (d.spec?.progressDeadlineSeconds ?? 0) * 1000;
  return from + delta < now;
}

// ---------------------------------------------------------------------------------------------
// Small object helpers

/** A copy of a Deployment or ReplicaSet with `annotations` as metadata.annotations. */
export function withAnnotations<T extends { readonly metadata?: ObjectMeta }>(
  obj: T,
  annotations: Record<string, string>,
): T {
  return { ...obj, metadata: { ...obj.metadata, annotations } };
}

/** A copy of `rs` with spec.replicas = n. */
export function withReplicas(rs: ReplicaSet, n: number): ReplicaSet {
  return { ...rs, spec: { ...rs.spec, replicas: n } as NonNullable<ReplicaSet["spec"]> };
}
