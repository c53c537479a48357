/**
 * Mirrors kubernetes/kubernetes pkg/controller/controller_utils.go
 * (`FailedCreatePodReason`, `SuccessfulCreatePodReason`,
 * `FailedDeletePodReason`, `SuccessfulDeletePodReason` and the messages of
 * `RealPodControl.createPods` / `DeletePod`), as the ReplicaSet controller
 * (source component "replicaset-controller") records them on the ReplicaSet.
 *
 * | type    | reason           | message                    |
 * | Normal  | SuccessfulCreate | Created pod: web-7d9c6-x2x4z |
 * | Warning | FailedCreate     | Error creating: <err>       |
 * | Normal  | SuccessfulDelete | Deleted pod: web-7d9c6-x2x4z |
 * | Warning | FailedDelete     | Error deleting: <err>       |
 *
 * When upstream stays silent (the namespace is terminating on create; the pod
 * is already gone on delete; the template has no labels, which fails before
 * any API call) the helpers below return undefined.
 */

/** The component name events carry as their source. */
export const ReplicaSetControllerComponent = "replicaset-controller";

export const FailedCreatePodReason = "FailedCreate";
export const SuccessfulCreatePodReason = "SuccessfulCreate";
export const FailedDeletePodReason = "FailedDelete";
export const SuccessfulDeletePodReason = "SuccessfulDelete";

/** An event to record on the ReplicaSet. */
export interface ReplicaSetEvent {
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly message: string;
}

/** "Created pod: <name>" (the name the apiserver generated). */
export function successfulCreateEvent(podName: string): ReplicaSetEvent {
  return { type: "Normal", reason: SuccessfulCreatePodReason, message: `Created pod: ${podName}` };
}

/**
 * "Error creating: <err>", or undefined when the failure came from a
 * terminating namespace (status cause NamespaceTerminating), which upstream
 * does not report.
 */
export function failedCreateEvent(
  errorMessage: string,
  namespaceTerminating = false,
): ReplicaSetEvent | undefined {
  if (namespaceTerminating) return undefined;
  return {
    type: "Warning",
    reason: FailedCreatePodReason,
    message: `Error creating: ${errorMessage}`,
  };
}

/** "Deleted pod: <name>". */
export function successfulDeleteEvent(podName: string): ReplicaSetEvent {
  return { type: "Normal", reason: SuccessfulDeletePodReason, message: `Deleted pod: ${podName}` };
}

/** "Error deleting: <err>", or undefined for NotFound (the pod is already gone). */
export function failedDeleteEvent(
  errorMessage: string,
  notFound = false,
): ReplicaSetEvent | undefined {
  if (notFound) return undefined;
  return {
    type: "Warning",
    reason: FailedDeletePodReason,
    message: `Error deleting: ${errorMessage}`,
  };
}

/**
 * The error DeletePod returns for a failed (non-NotFound) delete, which is
 * what the ReplicaFailure condition then carries: "unable to delete pods: <err>".
 */
export function deletePodError(errorMessage: string): string {
  return `unable to delete pods: ${errorMessage}`;
}
