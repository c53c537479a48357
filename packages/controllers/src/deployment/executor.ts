/**
 * The acting half of the Deployment controller: runs a plan (plan.ts) against the API. Mirrors the
 * client calls that pkg/controller/deployment/{sync,rolling,recreate,progress,rollback}.go make
 * inline, and what each Go call site does with the answer:
 *
 * | action             | write                                        | fed back to the plan                         |
 * | ------------------ | -------------------------------------------- | -------------------------------------------- |
 * | `createReplicaSet` | `ReplicaSets(ns).Create(rs)`                 | the created RS; on AlreadyExists also the RS of that name from the informer cache (Go's `rsLister.Get`) |
 * | `updateReplicaSet` | `ReplicaSets(ns).Update(rs)`                 | the RS the API returned                      |
 * | `scaleReplicaSet`  | `ReplicaSets(ns).Update(rs)`                 | the RS the API returned                      |
 * | `deleteReplicaSet` | `ReplicaSets(ns).Delete(name)`               | success or the error (NotFound is the plan's to ignore) |
 * | `updateStatus`     | `Deployments(ns).UpdateStatus(d)`            | success or the error; the object is dropped, as Go drops it |
 * | `updateDeployment` | `Deployments(ns).Update(d)`                  | success or the error                         |
 * | `recordEvent`      | `eventRecorder.Eventf(d, type, reason, msg)` | success                                      |
 *
 * Guarantees: one client call per write action, in the plan's order; nothing is retried here (a
 * Conflict is the plan's error, and the work queue retries the whole sync, as upstream); an error
 * thrown by the client becomes `{ ok: false, error }` so the plan takes the branch Go takes, except
 * an `InvariantError` (a bug), which propagates. Events are about the Deployment the sync started
 * from, as Go's are (the status writes in between do not change its uid or resourceVersion on the
 * Go side either: Go discards what UpdateStatus returns).
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { isAlreadyExists, isInvariantError, type ApiClient } from "@kubesim/api";
import { objectKey, type EventRecorder, type Lister, type Logger } from "@kubesim/runtime";
import type { DeploymentAction, Plan, WriteResult } from "./plan.js";
import { WRITE_OK } from "./plan.js";

/** What the executor needs to act for one sync. */
export interface ExecutorContext {
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  /** The Deployment being synced: the involved object of its Events. */
  readonly deployment: Deployment;
  /** The ReplicaSet cache, read when a create meets AlreadyExists. */
  readonly replicaSets: Lister<ReplicaSet>;
  /** Receives one debug line per action, with the planner's reason and worked numbers. */
  readonly logger?: Logger;
}

/**
 * Runs `plan` to its end, executing each action and feeding its WriteResult back; returns the
 * plan's value (a SyncOutcome for syncDeployment).
 */
export function executePlan<T>(plan: Plan<T>, ctx: ExecutorContext): T {
  let step = plan.next();
  while (step.done !== true) {
    step = plan.next(executeAction(step.value, ctx));
  }
  return step.value;
}

/** Executes one action through the client (or the recorder) and returns what the plan gets back. */
export function executeAction(action: DeploymentAction, ctx: ExecutorContext): WriteResult {
  ctx.logger?.debug(describe(action), "deployment action");
  switch (action.type) {
    case "recordEvent": {
      const { type, reason, message } = action.event;
      ctx.recorder.event(involvedObject(ctx.deployment), type, reason, message);
      return WRITE_OK;
    }
    case "createReplicaSet":
      return attempt(
        () => ctx.client.create("ReplicaSet", action.rs),
        (error) => {
          if (!isAlreadyExists(error)) return { ok: false, error };
          const existing = ctx.replicaSets.get(
            objectKey(action.rs.metadata?.namespace, action.rs.metadata?.name ?? ""),
          );
          return existing === undefined ? { ok: false, error } : { ok: false, error, existing };
        },
      );
    case "updateReplicaSet":
    case "scaleReplicaSet":
      return attempt(() => ctx.client.update("ReplicaSet", action.rs));
    case "deleteReplicaSet":
      return attempt(() => {
        ctx.client.delete(
          "ReplicaSet",
          action.rs.metadata?.namespace,
          action.rs.metadata?.name ?? "",
        );
        return undefined;
      });
    case "updateStatus":
      return attempt(() => {
        ctx.client.update("Deployment", action.deployment, { subresource: "status" });
        return undefined;
      });
    case "updateDeployment":
      return attempt(() => {
        ctx.client.update("Deployment", action.deployment);
        return undefined;
      });
  }
}

/**
 * Runs one client call: its returned object (if any) on success, `onError(error)` on failure.
 * InvariantErrors are bugs, not API answers: they propagate.
 */
function attempt(
  write: () => ReplicaSet | Deployment | undefined,
  onError: (error: unknown) => WriteResult = (error) => ({ ok: false, error }),
): WriteResult {
  let object: ReplicaSet | Deployment | undefined;
  try {
    object = write();
  } catch (error) {
    if (isInvariantError(error)) throw error;
    return onError(error);
  }
  return object === undefined ? WRITE_OK : { ok: true, object };
}

/**
 * The Deployment as an event's involved object. Objects from the apiserver carry kind and
 * apiVersion; a hand-built one may not, and the recorder needs both (GetReference).
 */
function involvedObject(d: Deployment): Deployment {
  if (d.kind !== undefined && d.apiVersion !== undefined) return d;
  return { ...d, apiVersion: "apps/v1", kind: "Deployment" };
}

/** A log record for an action: its type, target and reason (and the scale numbers). */
function describe(action: DeploymentAction): Record<string, unknown> {
  switch (action.type) {
    case "recordEvent":
      return { action: action.type, reason: action.event.reason, message: action.event.message };
    case "scaleReplicaSet":
      return {
        action: action.type,
        replicaSet: action.rs.metadata?.name,
        from: action.from,
        to: action.to,
        reason: action.reason,
        detail: action.detail,
      };
    case "createReplicaSet":
      return { action: action.type, replicaSet: action.rs.metadata?.name };
    case "updateReplicaSet":
    case "deleteReplicaSet":
      return { action: action.type, replicaSet: action.rs.metadata?.name, reason: action.reason };
    case "updateStatus":
    case "updateDeployment":
      return { action: action.type, reason: action.reason };
  }
}
