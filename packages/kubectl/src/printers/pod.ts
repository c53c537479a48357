/**
 * The `kubectl get pods` row: NAME READY STATUS RESTARTS AGE, and with `-o wide`
 * IP NODE NOMINATED NODE READINESS GATES. Mirrors printPod and
 * podColumnDefinitions in pkg/printers/internalversion/printers.go (the
 * server-side Table generator, which always fills the wide cells).
 *
 * STATUS, worked examples: a waiting container's reason ("CrashLoopBackOff",
 * "ContainerCreating"), an init container's progress ("Init:0/2",
 * "Init:CrashLoopBackOff"), a terminated container's reason ("Completed",
 * "Error", "OOMKilled"), "Terminating" once deleted, else the phase.
 */
import type { Container, Pod, PodCondition } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import { humanDuration } from "kubesim";
import type { TableColumnDefinition, TableRow, TableRowCondition } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { parseTimestamp, translateTimestampSince } from "./timestamp.js";

/** The pod table's columns; the last four are wide-only (priority 1). */
export const podColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Ready",
    type: "string",
    format: "",
    description: "The aggregate readiness state of this pod for accepting traffic.",
    priority: 0,
  },
  {
    name: "Status",
    type: "string",
    format: "",
    description: "The aggregate status of the containers in this pod.",
    priority: 0,
  },
  {
    name: "Restarts",
    type: "string",
    format: "",
    description:
      "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    priority: 0,
  },
  {
    name: "Age",
    type: "string",
    format: "",
    description: creationTimestampDescription,
    priority: 0,
  },
  {
    name: "IP",
    type: "string",
    format: "",
    description:
      "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
    priority: 1,
  },
  {
    name: "Node",
    type: "string",
    format: "",
    description:
      "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.",
    priority: 1,
  },
  {
    name: "Nominated Node",
    type: "string",
    format: "",
    description:
      "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.",
    priority: 1,
  },
  {
    name: "Readiness Gates",
    type: "string",
    format: "",
    description:
      'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    priority: 1,
  },
];

const podSuccessConditions: readonly TableRowCondition[] = [
  {
    type: "Completed",
    status: "True",
    reason: "Succeeded",
    message: "The pod has completed successfully.",
  },
];
const podFailedConditions: readonly TableRowCondition[] = [
  { type: "Completed", status: "True", reason: "Failed", message: "The pod failed." },
];

/** The kubelet's reason for pods on a node that stopped answering (node.NodeUnreachablePodReason). */
const NodeUnreachablePodReason = "NodeLost";

const isRestartableInitContainer = (c: Container | undefined): boolean =>
  c?.restartPolicy === "Always";

const hasPodReadyCondition = (conditions: readonly PodCondition[]): boolean =>
  conditions.some((c) => c.type === "Ready" && c.status === "True");

const isPodInitializedConditionTrue = (conditions: readonly PodCondition[]): boolean =>
  conditions.find((c) => c.type === "Initialized")?.status === "True";

/** Later of two times, Go-zero (undefined) being earliest (lastRestartDate.Before(&t)). */
const later = (a: Millis | undefined, b: Millis | undefined): Millis | undefined =>
  b !== undefined && (a === undefined || a < b) ? b : a;

/**
 * The row for one pod at virtual time `now`: nine cells (NAME, READY, STATUS,
 * RESTARTS, AGE, IP, NODE, NOMINATED NODE, READINESS GATES) and, for
 * Succeeded/Failed pods, the `Completed` row condition. Pure: reads only `pod`.
 */
export function printPodRow(pod: Pod, now: Millis): TableRow {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const initContainerSpecs = spec?.initContainers ?? [];
  const initContainerStatuses = status.initContainerStatuses ?? [];
  const containerStatuses = status.containerStatuses ?? [];

  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestartDate: Millis | undefined;
  let lastRestartableInitContainerRestartDate: Millis | undefined;

  const podPhase = status.phase ?? "";
  let reason = status.reason !== undefined && status.reason !== "" ? status.reason : podPhase;

  // a pod carrying {type: PodScheduled, reason: SchedulingGated} reads SchedulingGated
  for (const c of conditions) {
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  }

  let rowConditions: readonly TableRowCondition[] | undefined;
  if (podPhase === "Succeeded") rowConditions = podSuccessConditions;
  else if (podPhase === "Failed") rowConditions = podFailedConditions;

  const initContainers = new Map<string, Container>();
  for (const c of initContainerSpecs) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  for (const [i, container] of initContainerStatuses.entries()) {
    restarts += container.restartCount ?? 0;
    const finishedAt = parseTimestamp(container.lastState?.terminated?.finishedAt);
    lastRestartDate = later(lastRestartDate, finishedAt);
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartDate = later(
        lastRestartableInitContainerRestartDate,
        finishedAt,
      );
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated != null && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated != null) {
      // initialization failed
      if (terminated.reason === undefined || terminated.reason === "") {
        reason =
          terminated.signal !== undefined && terminated.signal !== 0
            ? `Init:Signal:${terminated.signal}`
            : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (
      waiting != null &&
      waiting.reason !== undefined &&
      waiting.reason !== "" &&
      waiting.reason !== "PodInitializing"
    ) {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainerSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    // last to first: the first container with a reason wins
    for (let i = containerStatuses.length - 1; i >= 0; i--) {
      const container = containerStatuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestartDate = later(
        lastRestartDate,
        parseTimestamp(container.lastState?.terminated?.finishedAt),
      );
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting != null && waiting.reason !== undefined && waiting.reason !== "") {
        reason = waiting.reason;
      } else if (
        terminated != null &&
        terminated.reason !== undefined &&
        terminated.reason !== ""
      ) {
        reason = terminated.reason;
      } else if (terminated != null) {
        reason =
          terminated.signal !== undefined && terminated.signal !== 0
            ? `Signal:${terminated.signal}`
            : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running != null) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // back to "Running" if a container still reports running
    if (reason === "Completed" && hasRunning) {
      reason = hasPodReadyCondition(conditions) ? "Running" : "NotReady";
    }
  }

  const deleting = pod.metadata?.deletionTimestamp != null;
  if (deleting && status.reason === NodeUnreachablePodReason) {
    reason = "Unknown";
  } else if (deleting && podPhase !== "Succeeded" && podPhase !== "Failed") {
    reason = "Terminating";
  }

  const restartsCell =
    restarts !== 0 && lastRestartDate !== undefined
      ? `${restarts} (${humanDuration(now - lastRestartDate)} ago)`
      : String(restarts);

  const podIP = status.podIPs?.[0]?.ip ?? "";
  const readinessGates = spec?.readinessGates ?? [];
  let readinessGatesCell = "<none>";
  if (readinessGates.length > 0) {
    let trueConditions = 0;
    for (const gate of readinessGates) {
      if (conditions.find((c) => c.type === gate.conditionType)?.status === "True") {
        trueConditions++;
      }
    }
    readinessGatesCell = `${trueConditions}/${readinessGates.length}`;
  }

  const cells = [
    pod.metadata?.name ?? "",
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsCell,
    translateTimestampSince(pod.metadata?.creationTimestamp, now),
    podIP === "" ? "<none>" : podIP,
    spec?.nodeName ? spec.nodeName : "<none>",
    status.nominatedNodeName ? status.nominatedNodeName : "<none>",
    readinessGatesCell,
  ];
  return rowConditions === undefined ? { cells } : { cells, conditions: rowConditions };
}
