/**
 * Rollback. Mirrors kubernetes/kubectl pkg/polymorphichelpers/rollback.go (DeploymentRollbacker:
 * what `kubectl rollout undo [--to-revision=N]` does, since apps/v1 has no rollback API) and
 * pkg/controller/deployment/rollback.go (the legacy controller-side rollback driven by the
 * `deprecated.deployment.rollback.to` annotation).
 *
 * kubectl (`planRollback`):
 * - N = 0 picks the ReplicaSet with the second-highest revision (`no rollout history found for
 *   deployment "<name>"` without one); N > 0 the RS with revision N; a missing or negative N is
 *   `unable to find specified revision N in history`;
 * - a paused Deployment is refused (`you cannot rollback a paused deployment; resume it first with
 *   'kubectl rollout resume' and try again`);
 * - when the template already matches: `skipped rollback (current template already matches
 *   revision N)` (N as given, so 0 for a plain undo), no patch;
 * - otherwise a JSON patch replaces /spec/template with the RS's template minus pod-template-hash
 *   and /metadata/annotations with the Deployment's annotationsToSkip plus the RS's other
 *   annotations (so kubernetes.io/change-cause comes back too); kubectl prints "rolled back".
 * The controller then finds that RS as the new one and raises its revision to max + 1, appending
 * its old number to revision-history: revisions 1, 2, 3, `undo --to-revision=1` → the RS of 1
 * becomes revision 4 with revision-history "1"; history lists 2, 3, 4.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { Millis } from "@kubesim/sim";
import {
  RollbackDone,
  RollbackRevisionNotFound,
  RollbackTemplateUnchanged,
  goQuote,
} from "./events.js";
import type { DeploymentEvent } from "./events.js";
import { byCreationTimestamp, sortedBy } from "./order.js";
import type { Plan, SyncOutcome } from "./plan.js";
import { getAllReplicaSetsAndSyncRevision, getRollbackTo } from "./sync.js";
import {
  DeprecatedRollbackTo,
  annotationsToSkip,
  equalIgnoreHash,
  findNewReplicaSet,
  getSkippedAnnotations,
  lastRevision,
  revision,
  withAnnotations,
  withoutHashLabel,
} from "./util.js";

/** One RFC 6902 operation of kubectl's rollback patch. */
export interface JsonPatchReplace {
  readonly op: "replace";
  readonly path: "/spec/template" | "/metadata/annotations";
  readonly value: unknown;
}

/** What `kubectl rollout undo` decides. */
export type RollbackPlan =
  | {
      readonly type: "rollback";
      /** The revision rolled back to (the chosen RS's, also for a plain undo). */
      readonly revision: number;
      readonly rs: ReplicaSet;
      readonly template: PodTemplateSpec;
      readonly annotations: Record<string, string>;
      /** The application/json-patch+json body kubectl PATCHes. */
      readonly patch: readonly JsonPatchReplace[];
      /** kubectl prints `deployment.apps/<name> rolled back`. */
      readonly message: "rolled back";
    }
  | { readonly type: "skipped"; readonly message: string }
  | { readonly type: "error"; readonly message: string };

/**
 * deploymentRevision: the ReplicaSet to roll back to. `rsList` is the Deployment's owned
 * ReplicaSets (new one included).
 */
export function deploymentRevision(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  toRevision: number,
): { readonly rs: ReplicaSet } | { readonly error: string } {
  const newRS = findNewReplicaSet(d, rsList);
  const allRSs = [
    ...sortedBy(rsList, byCreationTimestamp).filter((rs) => rs !== newRS),
    ...(newRS === undefined ? [] : [newRS]),
  ];
  let latestRevision = -1;
  let latest: ReplicaSet | undefined;
  let previousRevision = -1;
  let previous: ReplicaSet | undefined;
  for (const rs of allRSs) {
    const v = revision(rs);
    if (v.error !== undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v.value) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v.value;
        latest = rs;
      } else if (previousRevision < v.value) {
        previousRevision = v.value;
        previous = rs;
      }
    } else if (toRevision === v.value) {
      return { rs };
    }
  }
  if (toRevision > 0) return { error: revisionNotFound(toRevision) };
  if (previous === undefined) {
    return { error: `no rollout history found for deployment ${goQuote(d.metadata?.name ?? "")}` };
  }
  return { rs: previous };
}

function revisionNotFound(toRevision: number): string {
  return `unable to find specified revision ${toRevision} in history`;
}

/** `kubectl rollout undo deployment/<name> [--to-revision=N]` as a decision. */
export function planRollback(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  toRevision = 0,
): RollbackPlan {
  if (toRevision < 0) return { type: "error", message: revisionNotFound(toRevision) };
  const found = deploymentRevision(d, rsList, toRevision);
  if ("error" in found) return { type: "error", message: found.error };
  if (d.spec?.paused === true) {
    return {
      type: "error",
      message:
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    };
  }
  const rs = found.rs;
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) {
    return {
      type: "skipped",
      message: `skipped rollback (current template already matches revision ${toRevision})`,
    };
  }
  const template = withoutHashLabel(rs.spec?.template);
  const annotations = getSkippedAnnotations(d.metadata?.annotations);
  const rsAnnotations = rs.metadata?.annotations ?? {};
  for (const k of Object.keys(rsAnnotations)) {
    if (!annotationsToSkip.has(k)) annotations[k] = rsAnnotations[k] ?? "";
  }
  return {
    type: "rollback",
    revision: revision(rs).value,
    rs,
    template,
    annotations,
    patch: [
      { op: "replace", path: "/spec/template", value: template },
      { op: "replace", path: "/metadata/annotations", value: annotations },
    ],
    message: "rolled back",
  };
}

/** The Deployment after kubectl's patch (what the apiserver would store). */
export function applyRollback(d: Deployment, plan: RollbackPlan): Deployment {
  if (plan.type !== "rollback") return d;
  return {
    ...withAnnotations(d, { ...plan.annotations }),
    spec: { ...d.spec, template: plan.template } as NonNullable<Deployment["spec"]>,
  };
}

// ---------------------------------------------------------------------------------------------
// Legacy controller-side rollback (rollback.go)

/**
 * rollback: the controller's handling of `deprecated.deployment.rollback.to: "<N>"`. Revision 0 means
 * LastRevision. The matching RS's template (minus pod-template-hash) and its annotations (minus
 * annotationsToSkip) are copied onto the Deployment; the annotation is always cleared with an Update.
 * Events: Warning DeploymentRollbackRevisionNotFound "Unable to find last revision." / "Unable to
 * find the revision to rollback to."; Warning DeploymentRollbackTemplateUnchanged "The rollback
 * revision contains the same template as current deployment "<d>""; Normal DeploymentRollback
 * "Rolled back deployment "<d>" to revision <N>".
 */
export function* rollback(
  d: Deployment,
  rsList: readonly ReplicaSet[],
  now: Millis,
): Plan<SyncOutcome> {
  const all = yield* getAllReplicaSetsAndSyncRevision(d, rsList, true, now);
  if (all.error !== undefined) return { error: all.error };
  let dd = all.d;
  const allRSs = [...all.oldRSs, ...(all.newRS === undefined ? [] : [all.newRS])];
  let toRevision = getRollbackTo(dd)?.revision ?? 0;
  const name = dd.metadata?.name ?? "";
  if (toRevision === 0) {
    toRevision = lastRevision(allRSs);
    if (toRevision === 0) {
      yield event("Warning", RollbackRevisionNotFound, "Unable to find last revision.");
      return yield* updateDeploymentAndClearRollbackTo(dd);
    }
  }
  for (const rs of allRSs) {
    const v = revision(rs);
    if (v.error !== undefined || v.value !== toRevision) continue;
    // rollbackToTemplate
    let performedRollback = false;
    if (!equalIgnoreHash(dd.spec?.template, rs.spec?.template)) {
      dd = setFromReplicaSetTemplate(dd, rs.spec?.template);
      dd = setDeploymentAnnotationsTo(dd, rs);
      performedRollback = true;
    } else {
      yield event(
        "Warning",
        RollbackTemplateUnchanged,
        `The rollback revision contains the same template as current deployment ${goQuote(name)}`,
      );
    }
    const updated = yield* updateDeploymentAndClearRollbackTo(dd);
    if (performedRollback && updated.error === undefined) {
      yield event(
        "Normal",
        RollbackDone,
        `Rolled back deployment ${goQuote(name)} to revision ${toRevision}`,
      );
    }
    return updated;
  }
  yield event("Warning", RollbackRevisionNotFound, "Unable to find the revision to rollback to.");
  return yield* updateDeploymentAndClearRollbackTo(dd);
}

function* updateDeploymentAndClearRollbackTo(d: Deployment): Plan<SyncOutcome> {
  const { [DeprecatedRollbackTo]: _cleared, ...annotations } = d.metadata?.annotations ?? {};
  const result = yield {
    type: "updateDeployment",
    deployment: withAnnotations(d, annotations),
    reason: "clearRollbackTo",
  };
  return result.ok ? {} : { error: result.error };
}

/** SetFromReplicaSetTemplate: the RS template, without pod-template-hash, as the Deployment's. */
export function setFromReplicaSetTemplate(
  d: Deployment,
  template: PodTemplateSpec | undefined,
): Deployment {
  return {
    ...d,
    spec: { ...d.spec, template: withoutHashLabel(template) } as NonNullable<Deployment["spec"]>,
  };
}

/** SetDeploymentAnnotationsTo: the Deployment keeps its annotationsToSkip and takes the RS's others. */
export function setDeploymentAnnotationsTo(d: Deployment, rs: ReplicaSet): Deployment {
  const annotations = getSkippedAnnotations(d.metadata?.annotations);
  const rsAnnotations = rs.metadata?.annotations ?? {};
  for (const k of Object.keys(rsAnnotations)) {
    if (!annotationsToSkip.has(k)) annotations[k] = rsAnnotations[k] ?? "";
  }
  return withAnnotations(d, annotations);
}

function event(
  type: DeploymentEvent["type"],
  reason: string,
  message: string,
): { readonly type: "recordEvent"; readonly event: DeploymentEvent } {
  return { type: "recordEvent", event: { type, reason, message } };
}
