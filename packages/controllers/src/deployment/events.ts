/**
 * Events of the Deployment controller. Mirrors the `eventRecorder.Eventf` calls of
 * pkg/controller/deployment/{sync.go,deployment_controller.go,rollback.go} and the reason
 * constants of pkg/controller/deployment/util/deployment_util.go.
 *
 * Guarantees: reasons and message texts are Kubernetes' own, in their newest wording
 * (PR #125118, v1.31+, orders sizes "from <old> to <new>"):
 *   Normal  ScalingReplicaSet  Scaled up replica set web-7d9c6b5f4 from 0 to 1
 *   Normal  ScalingReplicaSet  Scaled down replica set web-5d4b8b from 3 to 2
 *   Warning ReplicaSetCreateError  Failed to create new replica set "web-7d9c6b5f4": <error>
 *   Warning SelectingAll  This deployment is selecting all pods. A non-empty selector is required.
 */
import { FailedRSCreateReason } from "./conditions.js";

/** The source component that Kubernetes' deployment controller records Events as. */
export const DEPLOYMENT_CONTROLLER_COMPONENT = "deployment-controller";

export const ScalingReplicaSetReason = "ScalingReplicaSet";
export const SelectingAllReason = "SelectingAll";
/** Legacy controller-side rollback (extensions/v1beta1 rollbackTo); kept for completeness. */
export const RollbackRevisionNotFound = "DeploymentRollbackRevisionNotFound";
export const RollbackTemplateUnchanged = "DeploymentRollbackTemplateUnchanged";
export const RollbackDone = "DeploymentRollback";

/** An Event about the Deployment being synced (its involvedObject). */
export interface DeploymentEvent {
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly message: string;
}

/**
 * Go's `%q` for the names and texts that appear in these messages: a double-quoted string with
 * backslash escapes. Object names are DNS labels, so JSON quoting gives the same text.
 */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * scaleReplicaSet's event. The direction is "up" when the new size is larger, else "down"
 * (newest sync.go derives it from the two sizes; see NOTES.md).
 *   scalingReplicaSetEvent("web-5d4b8b", 3, 2).message === "Scaled down replica set web-5d4b8b from 3 to 2"
 */
export function scalingReplicaSetEvent(rsName: string, from: number, to: number): DeploymentEvent {
  const direction = from < to ? "up" : "down";
  return {
    type: "Normal",
    reason: ScalingReplicaSetReason,
    message: `Scaled ${direction} replica set ${rsName} from ${from} to ${to}`,
  };
}

/**
 * getNewReplicaSet's event after creating the new ReplicaSet with n > 0 replicas:
 * "Scaled up replica set web-7d9c6b5f4 from 0 to 1".
 */
export function newReplicaSetScaledUpEvent(rsName: string, replicas: number): DeploymentEvent {
  return {
    type: "Normal",
    reason: ScalingReplicaSetReason,
    message: `Scaled up replica set ${rsName} from 0 to ${replicas}`,
  };
}

/** `Failed to create new replica set "<name>": <err>`, also the ReplicaSetCreateError condition message. */
export function failedCreateMessage(rsName: string, error: unknown): string {
  return `Failed to create new replica set ${goQuote(rsName)}: ${errorText(error)}`;
}

export function replicaSetCreateErrorEvent(rsName: string, error: unknown): DeploymentEvent {
  return {
    type: "Warning",
    reason: FailedRSCreateReason,
    message: failedCreateMessage(rsName, error),
  };
}

export function selectingAllEvent(): DeploymentEvent {
  return {
    type: "Warning",
    reason: SelectingAllReason,
    message: "This deployment is selecting all pods. A non-empty selector is required.",
  };
}

/** Go's `%v` of an error: its message. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
