/**
 * What `Cluster.runUntil` can wait for: a predicate, or a state of one object
 * read from the API server, in the spirit of `kubectl wait --for=condition=...`
 * (kubectl pkg/cmd/wait) and `kubectl rollout status`. Each target knows how
 * to describe itself and what it last saw, so a timeout says both.
 */
import { isNotFound, type ApiClient, type KindName, type KindTypes } from "@kubesim/api";
import { formatDuration, type Millis } from "@kubesim/sim";
import type { PodPhase } from "@kubesim/kubelet";
import { deploymentRolloutStatus } from "./rollout-status.js";

export type ConditionStatus = "True" | "False" | "Unknown";

/** Wait for a Deployment condition: `{ deployment: "web", condition: "Available" }` (status "True" unless given). */
export interface DeploymentConditionTarget {
  readonly deployment: string;
  readonly namespace?: string;
  readonly condition: "Available" | "Progressing" | "ReplicaFailure";
  readonly status?: ConditionStatus;
}

/** Wait until `kubectl rollout status deployment/<rollout>` would say "successfully rolled out". */
export interface RolloutTarget {
  readonly rollout: string;
  readonly namespace?: string;
}

/** Wait for a pod's phase: `{ pod: "web-1", phase: "Running" }`. */
export interface PodPhaseTarget {
  readonly pod: string;
  readonly namespace?: string;
  readonly phase: PodPhase;
}

/** Wait for a pod's Ready condition: `{ pod: "web-1", ready: true }`. */
export interface PodReadyTarget {
  readonly pod: string;
  readonly namespace?: string;
  readonly ready: boolean;
}

/** Wait for a Node condition: `{ node: "node-1", condition: "Ready", status: "Unknown" }` (condition Ready unless given). */
export interface NodeConditionTarget {
  readonly node: string;
  readonly condition?:
    "Ready" | "MemoryPressure" | "DiskPressure" | "PIDPressure" | "NetworkUnavailable";
  readonly status: ConditionStatus;
}

/** Wait until an object is gone from the API server: `{ deleted: "Pod", name: "web-1" }`. */
export interface DeletedTarget {
  readonly deleted: KindName;
  readonly name: string;
  readonly namespace?: string;
}

export type WaitTarget =
  | (() => boolean)
  | DeploymentConditionTarget
  | RolloutTarget
  | PodPhaseTarget
  | PodReadyTarget
  | NodeConditionTarget
  | DeletedTarget;

export interface RunUntilOptions {
  /** How much virtual time may pass (default "10m"). */
  readonly timeout?: string | Millis;
}

/** Thrown by `runUntil` when its target did not come true in time. */
export class WaitTimeoutError extends Error {
  readonly code = "WaitTimeout" as const;
  constructor(
    /** What was waited for: `deployment "web" condition Available=True`. */
    readonly target: string,
    /** The virtual time allowed. */
    readonly timeout: Millis,
    /** What the target last saw, when it can say. */
    readonly lastSeen: string | undefined,
  ) {
    super(
      `timed out after ${formatDuration(timeout)} waiting for ${target}` +
        (lastSeen === undefined ? "" : ` (last seen: ${lastSeen})`),
    );
    this.name = "WaitTimeoutError";
  }
}

export function isWaitTimeoutError(e: unknown): e is WaitTimeoutError {
  return e instanceof WaitTimeoutError;
}

/** Thrown by `runUntil({ rollout })` when the rollout fails, as `kubectl rollout status` exits 1. */
export class RolloutFailedError extends Error {
  readonly code = "RolloutFailed" as const;
  constructor(message: string) {
    super(message);
    this.name = "RolloutFailedError";
  }
}

export function isRolloutFailedError(e: unknown): e is RolloutFailedError {
  return e instanceof RolloutFailedError;
}

/** A target made ready to check: true once it holds; `lastSeen` says what it saw. */
export interface Waiter {
  readonly description: string;
  check(): boolean;
  lastSeen(): string | undefined;
}

function find<K extends KindName>(
  client: ApiClient,
  kind: K,
  namespace: string | undefined,
  name: string,
): KindTypes[K] | undefined {
  try {
    return client.get(kind, namespace, name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

function showCondition(c: Condition | undefined, type: string): string {
  if (c === undefined) return `no ${type} condition`;
  const why = c.reason === undefined ? "" : ` ${c.reason}`;
  const what = c.message === undefined || c.message === "" ? "" : `: ${c.message}`;
  return `${c.type}=${c.status}${why}${what}`;
}

/** Compiles a target against the client it reads through. */
export function waiterFor(client: ApiClient, target: WaitTarget): Waiter {
  if (typeof target === "function") {
    const name = target.name === "" ? "a predicate" : `predicate ${target.name}`;
    return { description: name, check: target, lastSeen: () => undefined };
  }
  let seen: string | undefined;
  const watchOne = (description: string, read: () => boolean): Waiter => ({
    description,
    check: read,
    lastSeen: () => seen,
  });
  if ("deployment" in target) {
    const ns = target.namespace ?? "default";
    const want = target.status ?? "True";
    return watchOne(
      `deployment "${target.deployment}" condition ${target.condition}=${want}`,
      () => {
        const d = find(client, "Deployment", ns, target.deployment);
        if (d === undefined) {
          seen = `deployments.apps "${target.deployment}" not found`;
          return false;
        }
        const c = d.status?.conditions?.find((x) => x.type === target.condition);
        seen = showCondition(c, target.condition);
        return c?.status === want;
      },
    );
  }
  if ("rollout" in target) {
    const ns = target.namespace ?? "default";
    return watchOne(`rollout of deployment "${target.rollout}" to finish`, () => {
      const d = find(client, "Deployment", ns, target.rollout);
      if (d === undefined) {
        seen = `deployments.apps "${target.rollout}" not found`;
        return false;
      }
      const s = deploymentRolloutStatus(d);
      if ("error" in s) throw new RolloutFailedError(s.error);
      seen = s.message.trimEnd();
      return s.done;
    });
  }
  if ("pod" in target) {
    const ns = target.namespace ?? "default";
    const read = (): KindTypes["Pod"] | undefined => {
      const p = find(client, "Pod", ns, target.pod);
      if (p === undefined) seen = `pods "${target.pod}" not found`;
      return p;
    };
    if ("phase" in target)
      return watchOne(`pod "${target.pod}" phase ${target.phase}`, () => {
        const p = read();
        if (p === undefined) return false;
        seen = `phase ${p.status?.phase ?? "<none>"}`;
        return p.status?.phase === target.phase;
      });
    return watchOne(`pod "${target.pod}" Ready=${target.ready ? "True" : "False"}`, () => {
      const p = read();
      if (p === undefined) return false;
      const c = p.status?.conditions?.find((x) => x.type === "Ready");
      seen = showCondition(c, "Ready");
      return (c?.status === "True") === target.ready;
    });
  }
  if ("node" in target) {
    const type = target.condition ?? "Ready";
    return watchOne(`node "${target.node}" condition ${type}=${target.status}`, () => {
      const n = find(client, "Node", undefined, target.node);
      if (n === undefined) {
        seen = `nodes "${target.node}" not found`;
        return false;
      }
      const c = n.status?.conditions?.find((x) => x.type === type);
      seen = showCondition(c, type);
      return c?.status === target.status;
    });
  }
  const ns = target.namespace ?? "default";
  return watchOne(`${target.deleted} "${target.name}" to be deleted`, () => {
    const o = find(client, target.deleted, ns, target.name);
    seen = o === undefined ? "gone" : "still present";
    return o === undefined;
  });
}
