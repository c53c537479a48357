/**
 * The plan types of the Deployment controller. Mirrors no single upstream file: they name the
 * writes that pkg/controller/deployment/{sync,rolling,recreate,progress}.go issue through the
 * client and the Events they record, so that the deciding part stays pure.
 *
 * How a plan runs. Every planner is a generator that yields one {@link DeploymentAction} at a
 * time and receives the {@link WriteResult} of that action before it decides the next one, exactly
 * where the Go code calls the API and branches on the error. The planners read no clock (they take
 * `now`), do no I/O and keep no state, so the same inputs and the same write results always give
 * the same actions. A runtime executes each action and feeds back the result; tests use
 * {@link runPlan}, which answers every write with success.
 *
 * Object identity, as in Go. A ReplicaSet written twice in one sync (revision annotations, then a
 * scale) is written the second time from the object the first write returned (`WriteResult.object`),
 * as Go reuses the object the API hands back. A Deployment status is always written from the
 * Deployment the sync started with (Go discards what `UpdateStatus` returns), so a second status
 * write in the same sync carries a stale resourceVersion and meets a Conflict, as in Kubernetes.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Millis } from "@kubesim/sim";
import type { DeploymentEvent } from "./events.js";

/** Which upstream step asked for a ReplicaSet size change. */
export type ScaleReason =
  /** rolling.go reconcileNewReplicaSet: the new RS grows within maxSurge, or shrinks to spec.replicas. */
  | "reconcileNewReplicaSet"
  /** rolling.go cleanupUnhealthyReplicas: old RSes lose their unavailable replicas first. */
  | "cleanupUnhealthyReplicas"
  /** rolling.go scaleDownOldReplicaSetsForRollingUpdate: old RSes shrink within maxUnavailable. */
  | "scaleDownOldReplicaSetsForRollingUpdate"
  /** sync.go scale: the only active (or the newest) RS takes every replica. */
  | "scaleActiveOrLatest"
  /** sync.go scale: the new RS is saturated, so active old RSes go to 0. */
  | "scaleSaturated"
  /** sync.go scale: a replica change during a rollout, spread over the active RSes. */
  | "proportionalScaling"
  /** recreate.go scaleDownOldReplicaSetsForRecreate. */
  | "scaleDownOldReplicaSetsForRecreate"
  /** recreate.go scaleUpNewReplicaSetForRecreate. */
  | "scaleUpNewReplicaSetForRecreate";

/**
 * Update a ReplicaSet's `spec.replicas` (and its desired-replicas / max-replicas annotations).
 * `rs` is the full object to write; `to === from` when only the annotations change.
 */
export interface ScaleReplicaSetAction {
  readonly type: "scaleReplicaSet";
  readonly rs: ReplicaSet;
  readonly from: number;
  readonly to: number;
  readonly reason: ScaleReason;
  /** The worked numbers behind the decision, e.g. "maxSurge 3: 10 + 3 - 11 = 2 more". */
  readonly detail: string;
}

/** Create the new ReplicaSet `<deployment>-<hash>` (sync.go getNewReplicaSet). */
export interface CreateReplicaSetAction {
  readonly type: "createReplicaSet";
  readonly rs: ReplicaSet;
}

/** Write a ReplicaSet's revision annotations / minReadySeconds (sync.go getNewReplicaSet). */
export interface UpdateReplicaSetAction {
  readonly type: "updateReplicaSet";
  readonly rs: ReplicaSet;
  readonly reason: "syncRevision";
}

/** Delete an old ReplicaSet beyond revisionHistoryLimit (sync.go cleanupDeployment). */
export interface DeleteReplicaSetAction {
  readonly type: "deleteReplicaSet";
  readonly rs: ReplicaSet;
  readonly reason: "cleanupDeployment";
}

/** Why the Deployment's status subresource is written. */
export type UpdateStatusReason =
  | "selectingAll"
  | "checkPausedConditions"
  | "syncRevision"
  | "newReplicaSetCreated"
  | "collision"
  | "replicaSetCreateError"
  | "syncDeploymentStatus"
  | "syncRolloutStatus";

/**
 * `UpdateStatus` of the whole Deployment. The status strategy keeps metadata.annotations, which is
 * how the Deployment's revision annotation is written.
 */
export interface UpdateStatusAction {
  readonly type: "updateStatus";
  readonly deployment: Deployment;
  readonly reason: UpdateStatusReason;
}

/**
 * `Update` of the whole Deployment (spec and metadata): only the legacy controller-side rollback
 * (rollback.go) does this, to write the old template back and clear its request annotation.
 */
export interface UpdateDeploymentAction {
  readonly type: "updateDeployment";
  readonly deployment: Deployment;
  readonly reason: "clearRollbackTo";
}

/** Record an Event on the Deployment (source component `deployment-controller`). */
export interface RecordEventAction {
  readonly type: "recordEvent";
  readonly event: DeploymentEvent;
}

export type DeploymentAction =
  | ScaleReplicaSetAction
  | CreateReplicaSetAction
  | UpdateReplicaSetAction
  | DeleteReplicaSetAction
  | UpdateStatusAction
  | UpdateDeploymentAction
  | RecordEventAction;

/**
 * What the executor answers for one action. For a failed create with AlreadyExists, `existing` is
 * the ReplicaSet of that name in the informer cache (Go reads it from the lister), if any.
 */
export type WriteResult =
  | { readonly ok: true; readonly object?: ReplicaSet | Deployment }
  | { readonly ok: false; readonly error: unknown; readonly existing?: ReplicaSet };

/** requeueStuckDeployment's decision (progress.go). */
export type Requeue =
  /** Re-check the progress deadline after `after` ms (Go adds one second to the wait it computed). */
  | { readonly type: "after"; readonly after: Millis }
  /** Less than a second is left: requeue at once, rate-limited. */
  | { readonly type: "rateLimited" };

/** How a whole sync ended: an error to retry with back-off, and/or a deadline requeue. */
export interface SyncOutcome {
  readonly error?: unknown;
  readonly requeue?: Requeue;
}

/** A planner: yields actions, receives each action's result, returns its value. */
export type Plan<T> = Generator<DeploymentAction, T, WriteResult>;

/** The success answer, for actions whose result does not matter (events) and for tests. */
export const WRITE_OK: WriteResult = Object.freeze({ ok: true });

/**
 * Runs a plan to the end, answering every action with `respond` (success by default), and returns
 * the actions in order with the plan's value. Tests and dry runs use this; a runtime executes the
 * actions instead.
 */
export function runPlan<T>(
  plan: Plan<T>,
  respond: (action: DeploymentAction) => WriteResult = () => WRITE_OK,
): { readonly actions: DeploymentAction[]; readonly result: T } {
  const actions: DeploymentAction[] = [];
  let step = plan.next();
  while (step.done !== true) {
    actions.push(step.value);
    step = plan.next(respond(step.value));
  }
  return { actions, result: step.value };
}
