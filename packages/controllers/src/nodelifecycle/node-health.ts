/**
 * Node health, decided: the pure half of `tryUpdateNodeHealth` in
 * kubernetes/kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go,
 * with `GetNodeCondition` of pkg/controller/util/node/controller_utils.go.
 *
 * The controller never trusts the kubelet's clock. It remembers, per node, the
 * time *on its own clock* when it last saw a sign of life (`probeTimestamp`):
 *
 *   first sight of the node                      -> probe = now
 *     (no Ready condition at all: probe = creationTimestamp, grace = startup grace 60 s)
 *   Ready.lastHeartbeatTime differs from the saved -> probe = now
 *   the Lease kube-node-lease/<node> renewTime is later than the saved Lease's
 *     (or no Lease was saved)                     -> probe = now
 *   now > probe + grace (40 s; startup grace while Ready was never posted):
 *     Ready, MemoryPressure, DiskPressure, PIDPressure each
 *       missing     -> added Unknown / NodeStatusNeverUpdated / "Kubelet never posted node status."
 *                      (lastHeartbeatTime = creationTimestamp, lastTransitionTime = now)
 *       not Unknown -> Unknown / NodeStatusUnknown / "Kubelet stopped posting node status."
 *                      (lastTransitionTime = now, lastHeartbeatTime kept)
 *     NetworkUnavailable is never touched (the network plugin owns it);
 *     the status is written only when the Ready condition changed.
 *
 * Worked example (grace 40 s, period 5 s): a kubelet posts at t=0 and then
 * dies. Passes at 5, 10, ... 40 see nothing new; at 45 s, 45 > 0 + 40 and
 * Ready becomes Unknown with lastTransitionTime t=45.
 */
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Node, NodeCondition, NodeStatus } from "kubernetes-types/core/v1";
import { parseTime, rfc3339, type Millis } from "@kubesim/sim";
import type { NodeLifecycleConfig } from "./config.js";

/** nodeHealthData: what the controller last saw of a node, and when (its own clock). */
export interface NodeHealthData {
  readonly probeTimestamp: Millis;
  readonly readyTransitionTimestamp: Millis;
  readonly status: NodeStatus | undefined;
  readonly lease: Lease | undefined;
}

/** The conditions that become Unknown when the kubelet falls silent, in upstream's order. */
export const NodeConditionTypesSetUnknown = [
  "Ready",
  "MemoryPressure",
  "DiskPressure",
  "PIDPressure",
] as const;

export const NodeStatusNeverUpdated = "NodeStatusNeverUpdated";
export const NodeStatusNeverUpdatedMessage = "Kubelet never posted node status.";
export const NodeStatusUnknown = "NodeStatusUnknown";
export const NodeStatusUnknownMessage = "Kubelet stopped posting node status.";

/** GetNodeCondition: the condition of this type, if any. */
export function getNodeCondition(
  status: NodeStatus | undefined,
  type: string,
): NodeCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** The time a creationTimestamp stands for (0 when absent, as Go's zero time is "long ago"). */
const timeOf = (s: string | undefined): Millis => (s === undefined ? 0 : (parseTime(s) ?? 0));

/** MicroTime.Before on two possibly nil renew times: false when either is missing. */
function renewedAfter(saved: Lease, observed: Lease): boolean {
  const a = saved.spec?.renewTime;
  const b = observed.spec?.renewTime;
  if (a === undefined || b === undefined) return false;
  const ta = parseTime(a);
  const tb = parseTime(b);
  return ta !== undefined && tb !== undefined && ta < tb;
}

/** apiequality.Semantic.DeepEqual on two node conditions (times as written). */
export function sameNodeCondition(
  a: NodeCondition | undefined,
  b: NodeCondition | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? "") === (b.reason ?? "") &&
    (a.message ?? "") === (b.message ?? "") &&
    (a.lastHeartbeatTime ?? "") === (b.lastHeartbeatTime ?? "") &&
    (a.lastTransitionTime ?? "") === (b.lastTransitionTime ?? "")
  );
}

export interface NodeHealthInput {
  readonly node: Node;
  /** The node's Lease from the cache, if any. */
  readonly lease: Lease | undefined;
  /** What was remembered of the node, if anything. */
  readonly saved: NodeHealthData | undefined;
  readonly now: Millis;
  readonly config: Pick<NodeLifecycleConfig, "nodeMonitorGracePeriod" | "nodeStartupGracePeriod">;
}

export interface NodeHealthResult {
  /** The grace period the node is entitled to. */
  readonly gracePeriod: Millis;
  /** The Ready condition as the node showed it (a fake Unknown one when it had none). */
  readonly observedReadyCondition: NodeCondition;
  /** The Ready condition after this pass (undefined when the node has none and keeps none). */
  readonly currentReadyCondition: NodeCondition | undefined;
  /** What to remember when nothing is written, or when the write fails. */
  readonly health: NodeHealthData;
  /** The status to write with UpdateStatus, when the Ready condition changed. */
  readonly statusToWrite?: NodeStatus;
  /** What to remember once `statusToWrite` was written. */
  readonly healthAfterWrite?: NodeHealthData;
}

/** tryUpdateNodeHealth, decided. */
export function tryUpdateNodeHealth(input: NodeHealthInput): NodeHealthResult {
  const { node, now, config } = input;
  const status: NodeStatus = node.status ?? {};
  const created = node.metadata?.creationTimestamp;
  let health = input.saved;
  let gracePeriod: Millis;
  let observedReadyCondition: NodeCondition;
  const currentReady = getNodeCondition(status, "Ready");
  if (currentReady === undefined) {
    // Never posted: a fake Unknown condition dated at creation, and the longer startup grace.
    observedReadyCondition = {
      type: "Ready",
      status: "Unknown",
      ...(created === undefined ? {} : { lastHeartbeatTime: created, lastTransitionTime: created }),
    };
    gracePeriod = config.nodeStartupGracePeriod;
    health =
      health !== undefined
        ? { ...health, status }
        : {
            status,
            probeTimestamp: timeOf(created),
            readyTransitionTimestamp: timeOf(created),
            lease: undefined,
          };
  } else {
    observedReadyCondition = currentReady;
    gracePeriod = config.nodeMonitorGracePeriod;
  }

  const savedCondition = getNodeCondition(health?.status, "Ready");
  const savedLease = health?.lease;
  if (health === undefined) {
    // Missing timestamp for Node: assume now.
    health = { status, probeTimestamp: now, readyTransitionTimestamp: now, lease: undefined };
  } else if (savedCondition === undefined && currentReady !== undefined) {
    // Newly observed Ready condition (e.g. the controller restarted).
    health = { status, probeTimestamp: now, readyTransitionTimestamp: now, lease: undefined };
  } else if (savedCondition !== undefined && currentReady === undefined) {
    // Ready was removed: an error upstream; treated as above.
    health = { status, probeTimestamp: now, readyTransitionTimestamp: now, lease: undefined };
  } else if (
    savedCondition !== undefined &&
    currentReady !== undefined &&
    (savedCondition.lastHeartbeatTime ?? "") !== (currentReady.lastHeartbeatTime ?? "")
  ) {
    const transition =
      (savedCondition.lastTransitionTime ?? "") !== (currentReady.lastTransitionTime ?? "")
        ? now
        : health.readyTransitionTimestamp;
    health = {
      status,
      probeTimestamp: now,
      readyTransitionTimestamp: transition,
      lease: undefined,
    };
  }

  // Always update the probe time when the Lease was renewed.
  const observedLease = input.lease;
  if (
    observedLease !== undefined &&
    (savedLease === undefined || renewedAfter(savedLease, observedLease))
  ) {
    health = { ...health, lease: observedLease, probeTimestamp: now };
  }

  if (!(now > health.probeTimestamp + gracePeriod)) {
    return { gracePeriod, observedReadyCondition, currentReadyCondition: currentReady, health };
  }

  // Silent for longer than the grace period: Unknown, whatever the conditions said.
  const nowTime = rfc3339(now);
  const conditions: NodeCondition[] = [...(status.conditions ?? [])];
  for (const type of NodeConditionTypesSetUnknown) {
    const i = conditions.findIndex((c) => c.type === type);
    if (i < 0) {
      conditions.push({
        type,
        status: "Unknown",
        reason: NodeStatusNeverUpdated,
        message: NodeStatusNeverUpdatedMessage,
        ...(created === undefined ? {} : { lastHeartbeatTime: created }),
        lastTransitionTime: nowTime,
      });
    } else if (conditions[i]!.status !== "Unknown") {
      conditions[i] = {
        ...conditions[i]!,
        status: "Unknown",
        reason: NodeStatusUnknown,
        message: NodeStatusUnknownMessage,
        lastTransitionTime: nowTime,
      };
    }
  }
  const newStatus: NodeStatus = { ...status, conditions };
  const newReady = getNodeCondition(newStatus, "Ready");
  if (sameNodeCondition(newReady, observedReadyCondition)) {
    return { gracePeriod, observedReadyCondition, currentReadyCondition: newReady, health };
  }
  return {
    gracePeriod,
    observedReadyCondition,
    currentReadyCondition: newReady,
    health,
    statusToWrite: newStatus,
    healthAfterWrite: {
      status: newStatus,
      probeTimestamp: health.probeTimestamp,
      readyTransitionTimestamp: now,
      lease: observedLease,
    },
  };
}
