/**
 * Scaling, revisions, history and status of a Deployment. Mirrors
 * pkg/controller/deployment/sync.go: syncStatusOnly, sync, checkPausedConditions,
 * getAllReplicaSetsAndSyncRevision, getNewReplicaSet (naming, annotations, revision bump, collision
 * handling), scale (proportional scaling with leftovers), scaleReplicaSetAndRecordEvent,
 * scaleReplicaSet, cleanupDeployment, syncDeploymentStatus, calculateStatus, isScalingEvent.
 *
 * Guarantees: every function is a pure planner (see plan.ts): it yields the writes Go issues, in
 * Go's order, and branches on each write's result exactly where Go branches on the error. Where Go
 * edits the Deployment in place and carries on, the planners return the edited copy (`d`).
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from "kubernetes-types/apps/v1";
import type { LabelSelector, OwnerReference } from "kubernetes-types/meta/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { isAlreadyExists, isApiError, isNotFound, notFound } from "@kubesim/api";
import type { Millis } from "@kubesim/sim";
import {
  DeploymentAvailable,
  DeploymentProgressing,
  FailedRSCreateReason,
  FoundNewRSReason,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  NewReplicaSetReason,
  PausedDeployReason,
  ResumedDeployReason,
  TimedOutReason,
  getDeploymentCondition,
  newDeploymentCondition,
  setDeploymentCondition,
} from "./conditions.js";
import {
  failedCreateMessage,
  goQuote,
  newReplicaSetScaledUpEvent,
  replicaSetCreateErrorEvent,
  scalingReplicaSetEvent,
} from "./events.js";
import { computeHash } from "./hash.js";
import {
  bySizeNewer,
  bySizeOlder,
  filterActiveReplicaSets,
  rsReplicas,
  sortedBy,
} from "./order.js";
import { byCreationTimestamp } from "./order.js";
import type { Plan, ScaleReason } from "./plan.js";
import {
  DefaultDeploymentUniqueLabelKey,
  DeprecatedRollbackTo,
  MaxRevHistoryLengthInChars,
  RevisionAnnotation,
  byRevision,
  deploymentReplicas,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDesiredReplicasAnnotation,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  getReplicaSetProportion,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  parseInt64,
  replicasAnnotationsNeedUpdate,
  semanticDeepEqual,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  withReplicas,
} from "./util.js";

// ---------------------------------------------------------------------------------------------
// Scaling one ReplicaSet

/** scaleReplicaSet's answer: whether the size changed, and the RS as it now stands. */
export interface ScaleOutcome {
  readonly scaled: boolean;
  readonly rs: ReplicaSet;
  readonly error?: unknown;
}

/** scaleReplicaSetAndRecordEvent: nothing at all when the size is already `newScale`. */
export function* scaleReplicaSetAndRecordEvent(
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
  reason: ScaleReason,
  detail: string,
): Plan<ScaleOutcome> {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  return yield* scaleReplicaSet(rs, newScale, d, reason, detail);
}

/**
 * scaleReplicaSet: writes the RS when its size or its desired-replicas / max-replicas annotations
 * (d.spec.replicas and d.spec.replicas + MaxSurge) differ; records "Scaled up|down replica set …
 * from <old> to <new>" only when the size changed and the write succeeded.
 */
export function* scaleReplicaSet(
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
  reason: ScaleReason,
  detail: string,
): Plan<ScaleOutcome> {
  const oldScale = rsReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const desired = deploymentReplicas(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) {
    return { scaled: false, rs };
  }
  const rsCopy = withReplicas(setReplicasAnnotations(rs, desired, max).rs, newScale);
  const result = yield {
    type: "scaleReplicaSet",
    rs: rsCopy,
    from: oldScale,
    to: newScale,
    reason,
    detail,
  };
  if (!result.ok) return { scaled: false, rs, error: result.error };
  const written = (result.object as ReplicaSet | undefined) ?? rsCopy;
  if (sizeNeedsUpdate) {
    yield {
      type: "recordEvent",
      event: scalingReplicaSetEvent(nameOf(written), oldScale, newScale),
    };
  }
  return { scaled: sizeNeedsUpdate, rs: written };
}

// ---------------------------------------------------------------------------------------------
// The new ReplicaSet and revisions

/** getNewReplicaSet's answer: the Deployment as edited in memory, and the new RS if any. */
export interface NewReplicaSetOutcome {
  readonly d: Deployment;
  readonly newRS?: ReplicaSet;
  readonly error?: unknown;
}

/** getAllReplicaSetsAndSyncRevision's answer. */
export interface AllReplicaSetsOutcome extends NewReplicaSetOutcome {
  /** Every owned RS but the new one, oldest first. */
  readonly oldRSs: ReplicaSet[];
}

/**
 * getAllReplicaSetsAndSyncRevision: old RSes, then the new RS with its revision raised to
 * MaxRevision(old) + 1 (created when `createIfNotExisted`). `rsList` is the Deployment's owned
 * ReplicaSets from the informer cache (after adoption).
 */
export function* getAllReplicaSetsAndSyncRevision(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  createIfNotExisted: boolean,
  now: Millis,
): Plan<AllReplicaSetsOutcome> {
  const { allOldRSs } = findOldReplicaSets(d, rsList);
  const got = yield* getNewReplicaSet(d, rsList, allOldRSs, createIfNotExisted, now);
  return { ...got, oldRSs: allOldRSs };
}

/**
 * getNewReplicaSet.
 *
 * Existing new RS: copy the Deployment's annotations onto it and raise its revision; if that (or
 * minReadySeconds) changed, write the RS and return what the API returned. Otherwise copy the RS
 * revision onto the Deployment and, when a deadline is set and no Progressing condition exists,
 * add Progressing=True FoundNewReplicaSet; write the Deployment status if either changed.
 *
 * No new RS (and `createIfNotExisted`): create `<deployment>-<hash>` with the template plus the
 * pod-template-hash label, the selector plus that label, a controller ownerReference, replicas
 * NewRSNewReplicas, revision MaxRevision(old) + 1 and the desired/max-replicas annotations. Then:
 * - created: event "Scaled up replica set <rs> from 0 to <n>" (n > 0), the revision onto the
 *   Deployment, Progressing=True NewReplicaSetCreated `Created new replica set "<rs>"`, status write;
 * - AlreadyExists with our controllerRef and an EqualIgnoreHash template: it is ours (no event, no
 *   NewReplicaSetCreated); any other AlreadyExists is a hash collision: collisionCount + 1, status
 *   write, and the error (the next sync hashes with the new count);
 * - namespace terminating: the error;
 * - any other error: Progressing=False ReplicaSetCreateError (if a deadline is set, status write),
 *   a Warning event with the same message, and the error.
 */
export function* getNewReplicaSet(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  createIfNotExisted: boolean,
  now: Millis,
): Plan<NewReplicaSetOutcome> {
  const existingNewRS = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);

  if (existingNewRS !== undefined) {
    const annotated = setNewReplicaSetAnnotations(
      d,
      existingNewRS,
      newRevision,
      true,
      MaxRevHistoryLengthInChars,
    );
    const minReadySeconds = d.spec?.minReadySeconds ?? 0;
    const minReadySecondsNeedsUpdate =
      (annotated.rs.spec?.minReadySeconds ?? 0) !== minReadySeconds;
    if (annotated.changed || minReadySecondsNeedsUpdate) {
      const rsCopy = withMinReadySeconds(annotated.rs, minReadySeconds);
      const result = yield { type: "updateReplicaSet", rs: rsCopy, reason: "syncRevision" };
      if (!result.ok) return { d, error: result.error };
      return { d, newRS: (result.object as ReplicaSet | undefined) ?? rsCopy };
    }
    // The RS's own revision wins: it was set by an earlier pass.
    const rev = setDeploymentRevision(
      d,
      annotated.rs.metadata?.annotations?.[RevisionAnnotation] ?? "",
    );
    let dd = rev.deployment;
    let needsUpdate = rev.changed;
    // Users who start caring about progress late: count from the first time the RS was noticed.
    if (
      hasProgressDeadline(dd) &&
      getDeploymentCondition(dd.status, DeploymentProgressing) === undefined
    ) {
      const condition = newDeploymentCondition(
        DeploymentProgressing,
        "True",
        FoundNewRSReason,
        `Found new replica set ${goQuote(nameOf(annotated.rs))}`,
        now,
      );
      dd = withStatus(dd, setDeploymentCondition(dd.status ?? {}, condition));
      needsUpdate = true;
    }
    if (needsUpdate) {
      const result = yield { type: "updateStatus", deployment: dd, reason: "syncRevision" };
      if (!result.ok) return { d: dd, error: result.error };
    }
    return { d: dd, newRS: annotated.rs };
  }

  if (!createIfNotExisted) return { d };

  // The new ReplicaSet does not exist: create one.
  const template = d.spec?.template ?? {};
  const podTemplateSpecHash = computeHash(template, d.status?.collisionCount);
  const labels = {
    ...template.metadata?.labels,
    [DefaultDeploymentUniqueLabelKey]: podTemplateSpecHash,
  };
  const newRSTemplate: PodTemplateSpec = {
    ...template,
    metadata: { ...template.metadata, labels },
  };
  const minReadySeconds = d.spec?.minReadySeconds ?? 0;
  let newRS: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      // Deterministic, for idempotence: a retried create hits AlreadyExists instead of duplicating.
      name: `${nameOf(d)}-${podTemplateSpecHash}`,
      ...(d.metadata?.namespace === undefined ? {} : { namespace: d.metadata.namespace }),
      labels,
      ownerReferences: [newControllerRef(d)],
    },
    spec: {
      replicas: 0,
      ...(minReadySeconds === 0 ? {} : { minReadySeconds }),
      selector: cloneSelectorAndAddLabel(
        d.spec?.selector,
        DefaultDeploymentUniqueLabelKey,
        podTemplateSpecHash,
      ),
      template: newRSTemplate,
    },
  };
  let newReplicasCount: number;
  try {
    newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  } catch (error) {
    return { d, error };
  }
  newRS = withReplicas(newRS, newReplicasCount);
  newRS = setNewReplicaSetAnnotations(d, newRS, newRevision, false, MaxRevHistoryLengthInChars).rs;

  const created = yield { type: "createReplicaSet", rs: newRS };
  let createdRS: ReplicaSet;
  let alreadyExists = false;
  if (created.ok) {
    createdRS = (created.object as ReplicaSet | undefined) ?? newRS;
  } else if (isAlreadyExists(created.error)) {
    // A slow cache or a fast resync. Read the RS of that name from the cache.
    alreadyExists = true;
    const rs = created.existing;
    if (rs === undefined) {
      return { d, error: notFound({ group: "apps", resource: "replicaset" }, nameOf(newRS)) };
    }
    const controllerRef = rs.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (
      controllerRef !== undefined &&
      controllerRef.uid === d.metadata?.uid &&
      equalIgnoreHash(d.spec?.template, rs.spec?.template)
    ) {
      createdRS = rs;
    } else {
      // A hash collision: bump collisionCount and retry on the next sync with a new hash.
      const collisionCount = (d.status?.collisionCount ?? 0) + 1;
      const dd = withStatus(d, { ...d.status, collisionCount });
      yield { type: "updateStatus", deployment: dd, reason: "collision" };
      return { d: dd, error: created.error };
    }
  } else if (isNamespaceTerminating(created.error)) {
    // Every later create would fail too; nothing to report.
    return { d, error: created.error };
  } else {
    let dd = d;
    if (hasProgressDeadline(d)) {
      const condition = newDeploymentCondition(
        DeploymentProgressing,
        "False",
        FailedRSCreateReason,
        failedCreateMessage(nameOf(newRS), created.error),
        now,
      );
      dd = withStatus(d, setDeploymentCondition(d.status ?? {}, condition));
      // Its own error does not matter: the create error is the bigger issue.
      yield { type: "updateStatus", deployment: dd, reason: "replicaSetCreateError" };
    }
    yield { type: "recordEvent", event: replicaSetCreateErrorEvent(nameOf(newRS), created.error) };
    return { d: dd, error: created.error };
  }

  if (!alreadyExists && newReplicasCount > 0) {
    yield {
      type: "recordEvent",
      event: newReplicaSetScaledUpEvent(nameOf(createdRS), newReplicasCount),
    };
  }
  const rev = setDeploymentRevision(d, newRevision);
  let dd = rev.deployment;
  let needsUpdate = rev.changed;
  if (!alreadyExists && hasProgressDeadline(dd)) {
    const condition = newDeploymentCondition(
      DeploymentProgressing,
      "True",
      NewReplicaSetReason,
      `Created new replica set ${goQuote(nameOf(createdRS))}`,
      now,
    );
    dd = withStatus(dd, setDeploymentCondition(dd.status ?? {}, condition));
    needsUpdate = true;
  }
  if (needsUpdate) {
    const result = yield { type: "updateStatus", deployment: dd, reason: "newReplicaSetCreated" };
    if (!result.ok) return { d: dd, newRS: createdRS, error: result.error };
  }
  return { d: dd, newRS: createdRS };
}

/** metav1.NewControllerRef(d, apps/v1 Deployment): controller and blockOwnerDeletion true. */
export function newControllerRef(d: Deployment): OwnerReference {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    name: nameOf(d),
    uid: d.metadata?.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * labelsutil.CloneSelectorAndAddLabel: a copy of the selector whose matchLabels also hold
 * key=value ({app: web} → {app: web, pod-template-hash: 7fb96c846b}).
 */
export function cloneSelectorAndAddLabel(
  selector: LabelSelector | undefined,
  key: string,
  value: string,
): LabelSelector {
  const out: LabelSelector = { matchLabels: { ...selector?.matchLabels, [key]: value } };
  if (selector?.matchExpressions !== undefined) {
    out.matchExpressions = selector.matchExpressions.map((e) => ({
      key: e.key,
      operator: e.operator,
      ...(e.values === undefined ? {} : { values: [...e.values] }),
    }));
  }
  return out;
}

/** errors.HasStatusCause(err, v1.NamespaceTerminatingCause). */
export function isNamespaceTerminating(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.status.details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating")
  );
}

// ---------------------------------------------------------------------------------------------
// Proportional scaling

/**
 * scale: a replica-count change while several ReplicaSets are active (a paused rollout, or
 * `kubectl scale` mid-rollout).
 * 1. At most one active RS: it (or the newest RS) gets spec.replicas outright.
 * 2. The new RS is saturated: every active old RS goes to 0.
 * 3. RollingUpdate: allowed = replicas + MaxSurge (0 when replicas is 0); toAdd = allowed - Σ spec.
 *    Each RS gets its proportion (getReplicaSetFraction, clamped so the total never passes toAdd),
 *    largest first (ties: newest first when adding, oldest first when removing), and the rounding
 *    leftover goes to the first (largest) RS, never below 0.
 * Example (TestScale "proportional scaling: 5 -> 10", surge 0): new 2 and old 3, both annotated
 * max-replicas 5; toAdd 5; old (larger) gets round(3 × 10/5) - 3 = 3, new gets round(2 × 10/5) - 2
 * = 2, leftover 0 → new 4, old 6. Recreate Deployments are left alone in case 3.
 */
export function* scale(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): Plan<{ readonly error?: unknown }> {
  const replicas = deploymentReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if (rsReplicas(activeOrLatest) === replicas) return {};
    const r = yield* scaleReplicaSetAndRecordEvent(
      activeOrLatest,
      replicas,
      d,
      "scaleActiveOrLatest",
      `only active (or newest) replica set takes all ${replicas} replicas`,
    );
    return r.error === undefined ? {} : { error: r.error };
  }

  // FindActiveOrLatest sorted the old RSes newest first, in place; Go walks them in that order.
  const newestFirst = sortedBy(oldRSs, (a, b) => byCreationTimestamp(b, a));
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(newestFirst)) {
      const r = yield* scaleReplicaSetAndRecordEvent(
        old,
        0,
        d,
        "scaleSaturated",
        `new replica set is saturated (${replicas} available): old replica sets go to 0`,
      );
      if (r.error !== undefined) return { error: r.error };
    }
    return {};
  }

  if (!isRollingUpdate(d)) return {};
  const allRSs = filterActiveReplicaSets([...newestFirst, newRS]);
  const allRSsReplicas = getReplicaCountForReplicaSets(allRSs);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - allRSsReplicas;
  const ordered =
    toAdd > 0 ? sortedBy(allRSs, bySizeNewer) : toAdd < 0 ? sortedBy(allRSs, bySizeOlder) : allRSs;

  let added = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of ordered) {
    if (toAdd !== 0) {
      const proportion = getReplicaSetProportion(rs, d, toAdd, added);
      nameToSize.set(nameOf(rs), rsReplicas(rs) + proportion);
      added += proportion;
    } else {
      nameToSize.set(nameOf(rs), rsReplicas(rs));
    }
  }
  for (const [i, rs] of ordered.entries()) {
    let size = nameToSize.get(nameOf(rs)) ?? rsReplicas(rs);
    if (i === 0 && toAdd !== 0) {
      size = Math.max(0, size + (toAdd - added));
      nameToSize.set(nameOf(rs), size);
    }
    const detail =
      `allowed ${allowedSize}, active total ${allRSsReplicas}, to add ${toAdd}` +
      (i === 0 && toAdd !== 0 ? `, leftover ${toAdd - added} to this first replica set` : "");
    const r = yield* scaleReplicaSet(rs, size, d, "proportionalScaling", detail);
    if (r.error !== undefined) return { error: r.error };
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// History

/**
 * cleanupDeployment: keep the newest revisionHistoryLimit old ReplicaSets. Candidates are the old
 * RSes not being deleted, oldest revision first; of the first (count - limit) only those at 0
 * (spec and status) whose status observed their generation are deleted. A busy candidate is
 * skipped, not replaced by a newer one. NotFound is ignored; any other error stops the cleanup.
 * Example: limit 1, revisions 1 (3 replicas), 2 (0), 3 (0) → diff 2 → revision 1 kept (busy),
 * revision 2 deleted, revision 3 kept.
 */
export function* cleanupDeployment(
  oldRSs: ReadonlyArray<ReplicaSet | undefined>,
  d: Deployment,
): Plan<{ readonly error?: unknown }> {
  if (!hasRevisionHistoryLimit(d)) return {};
  const cleanable = oldRSs.filter(
    (rs): rs is ReplicaSet => rs !== undefined && rs.metadata?.deletionTimestamp === undefined,
  );
  const diff = cleanable.length - (d.spec?.revisionHistoryLimit ?? 0);
  if (diff <= 0) return {};
  const byOldestRevision = sortedBy(cleanable, byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = byOldestRevision[i];
    if (rs === undefined) break;
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      rsReplicas(rs) !== 0 ||
      (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      rs.metadata?.deletionTimestamp !== undefined
    ) {
      continue;
    }
    const result = yield { type: "deleteReplicaSet", rs, reason: "cleanupDeployment" };
    if (!result.ok && !isNotFound(result.error)) return { error: result.error };
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Status

/**
 * calculateStatus: observedGeneration = generation; replicas, ready and available summed from
 * the RS statuses; updated = the new RS's status.replicas; unavailable = max(0, Σ spec.replicas -
 * available); collisionCount carried; conditions copied, then Available set:
 * True MinimumReplicasAvailable "Deployment has minimum availability." when available ≥
 * replicas - MaxUnavailable, else False MinimumReplicasUnavailable "Deployment does not have
 * minimum availability.". Zero counts are left out, as Go's omitempty JSON leaves them out.
 */
export function calculateStatus(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: Millis,
): DeploymentStatus {
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);
  const totalReplicas = getReplicaCountForReplicaSets(allRSs);
  // More available than desired happens while scaling down: not negative.
  const unavailableReplicas = Math.max(0, totalReplicas - availableReplicas);
  let status = buildStatus({
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: getActualReplicaCountForReplicaSets(allRSs),
    updatedReplicas: getActualReplicaCountForReplicaSets([newRS]),
    readyReplicas: getReadyReplicaCountForReplicaSets(allRSs),
    availableReplicas,
    unavailableReplicas,
    conditions: [...(d.status?.conditions ?? [])],
    collisionCount: d.status?.collisionCount,
  });
  if (availableReplicas >= deploymentReplicas(d) - maxUnavailable(d)) {
    status = setDeploymentCondition(
      status,
      newDeploymentCondition(
        DeploymentAvailable,
        "True",
        MinimumReplicasAvailable,
        "Deployment has minimum availability.",
        now,
      ),
    );
  } else {
    status = setDeploymentCondition(
      status,
      newDeploymentCondition(
        DeploymentAvailable,
        "False",
        MinimumReplicasUnavailable,
        "Deployment does not have minimum availability.",
        now,
      ),
    );
  }
  return status;
}

/** A DeploymentStatus in Go's field order, zero counts and empty conditions omitted. */
function buildStatus(s: {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: DeploymentStatus["conditions"];
  collisionCount: number | undefined;
}): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (s.observedGeneration !== 0) out.observedGeneration = s.observedGeneration;
  if (s.replicas !== 0) out.replicas = s.replicas;
  if (s.updatedReplicas !== 0) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas !== 0) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas !== 0) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas !== 0) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions !== undefined && s.conditions.length > 0) out.conditions = s.conditions;
  // A pointer in Go: 0 is kept once set.
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

/**
 * reflect.DeepEqual of two DeploymentStatus values as Go sees them: an omitted count is 0, and
 * an empty condition list equals a missing one.
 */
export function deploymentStatusEqual(
  a: DeploymentStatus | undefined,
  b: DeploymentStatus | undefined,
): boolean {
  const counts = [
    "observedGeneration",
    "replicas",
    "updatedReplicas",
    "readyReplicas",
    "availableReplicas",
    "unavailableReplicas",
  ] as const;
  for (const k of counts) if ((a?.[k] ?? 0) !== (b?.[k] ?? 0)) return false;
  if (a?.collisionCount !== b?.collisionCount) return false;
  return semanticDeepEqual(a?.conditions, b?.conditions);
}

/** syncDeploymentStatus: calculateStatus, written only if it differs from d.status. */
export function* syncDeploymentStatus(
  allRSs: ReadonlyArray<ReplicaSet | undefined>,
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: Millis,
): Plan<{ readonly error?: unknown }> {
  const newStatus = calculateStatus(allRSs, newRS, d, now);
  if (deploymentStatusEqual(d.status, newStatus)) return {};
  const result = yield {
    type: "updateStatus",
    deployment: withStatus(d, newStatus),
    reason: "syncDeploymentStatus",
  };
  return result.ok ? {} : { error: result.error };
}

// ---------------------------------------------------------------------------------------------
// The scaling / paused path

/** syncStatusOnly: a Deployment being deleted gets its status refreshed, nothing else. */
export function* syncStatusOnly(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  now: Millis,
): Plan<{ readonly error?: unknown }> {
  const all = yield* getAllReplicaSetsAndSyncRevision(d, rsList, false, now);
  if (all.error !== undefined) return { error: all.error };
  return yield* syncDeploymentStatus([...all.oldRSs, all.newRS], all.newRS, all.d, now);
}

/**
 * sync: scaling events and paused Deployments. No new ReplicaSet is created (template edits of a
 * paused Deployment wait); replica changes are applied by `scale`; a paused Deployment without a
 * pending legacy rollback also cleans up its history; the status is recomputed without any
 * progress estimation, so a paused Deployment never times out.
 */
export function* sync(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  now: Millis,
): Plan<{ readonly error?: unknown }> {
  const all = yield* getAllReplicaSetsAndSyncRevision(d, rsList, false, now);
  if (all.error !== undefined) return { error: all.error };
  const dd = all.d;
  const scaled = yield* scale(dd, all.newRS, all.oldRSs);
  if (scaled.error !== undefined) return { error: scaled.error };
  if (dd.spec?.paused === true && getRollbackTo(dd) === undefined) {
    const cleaned = yield* cleanupDeployment(all.oldRSs, dd);
    if (cleaned.error !== undefined) return { error: cleaned.error };
  }
  return yield* syncDeploymentStatus([...all.oldRSs, all.newRS], all.newRS, dd, now);
}

/**
 * checkPausedConditions (only with a progress deadline, and never over ProgressDeadlineExceeded):
 * paused without a DeploymentPaused condition → Progressing=Unknown DeploymentPaused
 * "Deployment is paused"; resumed while it says DeploymentPaused → Progressing=Unknown
 * DeploymentResumed "Deployment is resumed" (a fresh lastUpdateTime: the deadline starts over).
 * Written at once; the sync goes on with the edited Deployment.
 */
export function* checkPausedConditions(
  d: Deployment,
  now: Millis,
): Plan<{ readonly d: Deployment; readonly error?: unknown }> {
  if (!hasProgressDeadline(d)) return { d };
  const cond = getDeploymentCondition(d.status, DeploymentProgressing);
  if (cond !== undefined && cond.reason === TimedOutReason) return { d };
  const pausedCondExists = cond !== undefined && cond.reason === PausedDeployReason;
  const paused = d.spec?.paused === true;
  let condition;
  if (paused && !pausedCondExists) {
    condition = newDeploymentCondition(
      DeploymentProgressing,
      "Unknown",
      PausedDeployReason,
      "Deployment is paused",
      now,
    );
  } else if (!paused && pausedCondExists) {
    condition = newDeploymentCondition(
      DeploymentProgressing,
      "Unknown",
      ResumedDeployReason,
      "Deployment is resumed",
      now,
    );
  } else {
    return { d };
  }
  const dd = withStatus(d, setDeploymentCondition(d.status ?? {}, condition));
  const result = yield { type: "updateStatus", deployment: dd, reason: "checkPausedConditions" };
  return result.ok ? { d: dd } : { d: dd, error: result.error };
}

/**
 * isScalingEvent: some active RS has a desired-replicas annotation different from spec.replicas
 * (a replica change rather than a template change). Runs getAllReplicaSetsAndSyncRevision, whose
 * writes happen here too, as in Go.
 */
export function* isScalingEvent(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  now: Millis,
): Plan<{ readonly d: Deployment; readonly scaling: boolean; readonly error?: unknown }> {
  const all = yield* getAllReplicaSetsAndSyncRevision(d, rsList, false, now);
  if (all.error !== undefined) return { d: all.d, scaling: false, error: all.error };
  for (const rs of filterActiveReplicaSets([...all.oldRSs, all.newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (!desired.valid) continue;
    if (desired.value !== deploymentReplicas(all.d)) return { d: all.d, scaling: true };
  }
  return { d: all.d, scaling: false };
}

/**
 * getRollbackTo: the legacy rollback request carried by the deprecated.deployment.rollback.to
 * annotation; undefined when absent, empty or not an integer.
 */
export function getRollbackTo(d: Deployment): { readonly revision: number } | undefined {
  const v = d.metadata?.annotations?.[DeprecatedRollbackTo] ?? "";
  if (v === "") return undefined;
  const parsed = parseInt64(v);
  return parsed.error === undefined ? { revision: parsed.value } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A copy of the Deployment with `status`. */
export function withStatus(d: Deployment, status: DeploymentStatus): Deployment {
  return { ...d, status };
}

function withMinReadySeconds(rs: ReplicaSet, minReadySeconds: number): ReplicaSet {
  const { minReadySeconds: _old, ...spec } = rs.spec ?? ({} as NonNullable<ReplicaSet["spec"]>);
  return {
    ...rs,
    spec: (minReadySeconds === 0 ? spec : { ...spec, minReadySeconds }) as NonNullable<
      ReplicaSet["spec"]
    >,
  };
}

function nameOf(obj: { readonly metadata?: { readonly name?: string } }): string {
  return obj.metadata?.name ?? "";
}
