/**
 * Expected Events and conditions, spelled as the Deployment controller spells them
 * (pkg/controller/deployment/sync.go scaleReplicaSet, util/deployment_util.go, progress.go;
 * workloads.md §9 and §13). Tests build their expectations from these so that a typo in an
 * expected message cannot pass by accident: every string here is Kubernetes' own wording.
 */
import type { Deployment, DeploymentCondition, ReplicaSet } from "kubernetes-types/apps/v1";
import type { EventLine } from "./harness.js";

/** Normal ScalingReplicaSet, "Scaled up|down replica set <rs> from <a> to <b>" (v1.31+ wording). */
export function scaled(rs: string, from: number, to: number, count = 1): EventLine {
  return {
    type: "Normal",
    reason: "ScalingReplicaSet",
    message: `Scaled ${to > from ? "up" : "down"} replica set ${rs} from ${from} to ${to}`,
    count,
  };
}

/**
 * The event client-go's EventAggregator writes once 10 distinct messages of one reason about one
 * object arrived within 10 minutes of each other (tools/record/events_cache.go): the message is
 * prefixed with "(combined from similar events): ", and later similar events bump its count and
 * replace its message with their own.
 */
export function combined(line: EventLine, count = 1): EventLine {
  return { ...line, message: `(combined from similar events): ${line.message}`, count };
}

export interface ConditionView {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

/** The Deployment's conditions without their timestamps, in stored order. */
export function conditionsOf(d: Deployment): ConditionView[] {
  return (d.status?.conditions ?? []).map((c: DeploymentCondition) => ({
    type: c.type,
    status: c.status,
    reason: c.reason ?? "",
    message: c.message ?? "",
  }));
}

export function condition(d: Deployment, type: string): DeploymentCondition | undefined {
  return d.status?.conditions?.find((c) => c.type === type);
}

export const availableTrue: ConditionView = {
  type: "Available",
  status: "True",
  reason: "MinimumReplicasAvailable",
  message: "Deployment has minimum availability.",
};

export const availableFalse: ConditionView = {
  type: "Available",
  status: "False",
  reason: "MinimumReplicasUnavailable",
  message: "Deployment does not have minimum availability.",
};

/** Progressing True NewReplicaSetAvailable (progress.go, DeploymentComplete). */
export function progressed(rs: string): ConditionView {
  return {
    type: "Progressing",
    status: "True",
    reason: "NewReplicaSetAvailable",
    message: `ReplicaSet "${rs}" has successfully progressed.`,
  };
}

/** Progressing False ProgressDeadlineExceeded (progress.go, DeploymentTimedOut). */
export function timedOut(rs: string): ConditionView {
  return {
    type: "Progressing",
    status: "False",
    reason: "ProgressDeadlineExceeded",
    message: `ReplicaSet "${rs}" has timed out progressing.`,
  };
}

/** Progressing True ReplicaSetUpdated (progress.go, DeploymentProgressing). */
export function progressing(rs: string): ConditionView {
  return {
    type: "Progressing",
    status: "True",
    reason: "ReplicaSetUpdated",
    message: `ReplicaSet "${rs}" is progressing.`,
  };
}

export const RevisionAnnotation = "deployment.kubernetes.io/revision";
export const RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
export const DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
export const MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

/** The deployment.kubernetes.io annotations of a ReplicaSet or Deployment. */
export function deploymentAnnotations(obj: ReplicaSet | Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.metadata?.annotations ?? {})) {
    if (k.startsWith("deployment.kubernetes.io/")) out[k] = v;
  }
  return out;
}

/** The status counters, zero included (Go omits zeros from JSON; a reader sees 0). */
export function counters(d: Deployment): Record<string, number> {
  const s = d.status ?? {};
  return {
    observedGeneration: s.observedGeneration ?? 0,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
  };
}
