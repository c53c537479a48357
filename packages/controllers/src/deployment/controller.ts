/**
 * One sync of one Deployment. Mirrors the deciding part of syncDeployment in
 * pkg/controller/deployment/deployment_controller.go; the informers, the work queue, adoption of
 * ReplicaSets (getReplicaSetsForDeployment) and the pod map are the runtime's job and come in as
 * arguments.
 *
 * Order of checks, as upstream:
 * 1. an empty selector `{}` selects everything: Warning SelectingAll, observedGeneration bumped,
 *    nothing else;
 * 2. being deleted → syncStatusOnly;
 * 3. checkPausedConditions (DeploymentPaused / DeploymentResumed);
 * 4. paused → sync (scale only; no new ReplicaSet, no rollout, no deadline);
 * 5. deprecated.deployment.rollback.to set → the legacy rollback;
 * 6. a scaling event (desired-replicas ≠ spec.replicas on an active RS) → sync (proportional scaling);
 * 7. the strategy: Recreate → rolloutRecreate, RollingUpdate → rolloutRolling.
 *
 * Because isScalingEvent and the rollout both run getAllReplicaSetsAndSyncRevision on the same
 * cached objects, a revision write in step 6 is attempted again in step 7 with a stale
 * resourceVersion and meets a Conflict: Kubernetes behaves the same and simply retries.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { InvariantError } from "@kubesim/api";
import type { Millis } from "@kubesim/sim";
import { selectingAllEvent } from "./events.js";
import type { Plan, SyncOutcome } from "./plan.js";
import { rolloutRecreate } from "./recreate.js";
import type { PodMap } from "./recreate.js";
import { rollback } from "./rollback.js";
import { rolloutRolling } from "./rolling.js";
import {
  checkPausedConditions,
  getRollbackTo,
  isScalingEvent,
  sync,
  syncStatusOnly,
  withStatus,
} from "./sync.js";

/** What one sync reads: the cached Deployment, its owned ReplicaSets, its pods, and the time. */
export interface DeploymentSyncInput {
  readonly deployment: Deployment;
  /** The ReplicaSets this Deployment controls, after adoption and release. */
  readonly replicaSets: readonly ReplicaSet[];
  /** Its pods by controlling ReplicaSet UID (only Recreate looks at them). */
  readonly podMap?: PodMap;
  readonly now: Millis;
}

const EMPTY_POD_MAP: PodMap = new Map();

/** syncDeployment as a plan. */
export function* syncDeployment(input: DeploymentSyncInput): Plan<SyncOutcome> {
  let d = input.deployment;
  const rsList = input.replicaSets;
  const { now } = input;

  const selector = d.spec?.selector;
  if (
    selector !== undefined &&
    selector.matchLabels === undefined &&
    selector.matchExpressions === undefined
  ) {
    yield { type: "recordEvent", event: selectingAllEvent() };
    const generation = d.metadata?.generation ?? 0;
    if ((d.status?.observedGeneration ?? 0) < generation) {
      d = withStatus(d, { ...d.status, observedGeneration: generation });
      // Its error is ignored upstream.
      yield { type: "updateStatus", deployment: d, reason: "selectingAll" };
    }
    return {};
  }

  if (d.metadata?.deletionTimestamp !== undefined) {
    return yield* syncStatusOnly(d, rsList, now);
  }

  // Unknown Progressing while paused, so that a resumed Deployment does not time out at once.
  const paused = yield* checkPausedConditions(d, now);
  if (paused.error !== undefined) return { error: paused.error };
  d = paused.d;

  if (d.spec?.paused === true) return yield* sync(d, rsList, now);

  // Not re-entrant: the request annotation must be cleared before ReplicaSets move again.
  if (getRollbackTo(d) !== undefined) return yield* rollback(d, rsList, now);

  const scaling = yield* isScalingEvent(d, rsList, now);
  if (scaling.error !== undefined) return { error: scaling.error };
  d = scaling.d;
  if (scaling.scaling) return yield* sync(d, rsList, now);

  const type = d.spec?.strategy?.type ?? "RollingUpdate";
  switch (type) {
    case "Recreate":
      return yield* rolloutRecreate(d, rsList, input.podMap ?? EMPTY_POD_MAP, now);
    case "RollingUpdate":
      return yield* rolloutRolling(d, rsList, now);
    default:
      return { error: new InvariantError(`unexpected deployment strategy type: ${type}`) };
  }
}
