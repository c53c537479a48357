/**
 * One probe worker's decisions (pkg/kubelet/prober/worker.go doProbe), as pure
 * functions over a small state: `beforeProbe` runs the checks that come before
 * executing the probe, `afterProbe` counts consecutive results against the
 * thresholds. The manager (manager.ts) owns the timing: the ticker, manual
 * triggers, and executing the probe in between.
 */
import type { ContainerStatus } from "kubernetes-types/core/v1";

export type ProbeType = "liveness" | "readiness" | "startup";
export type ProbeResult = "Success" | "Failure" | "Unknown";

/** What a worker caches for a container it has not probed yet (worker.go newWorker). */
export function initialValue(type: ProbeType): ProbeResult {
  return type === "readiness" ? "Failure" : type === "liveness" ? "Success" : "Unknown";
}

export interface WorkerState {
  /** The container instance the worker last saw; "" before any. */
  readonly containerID: string;
  /** Consecutive-result counting (lastResult starts as Unknown, resultRun at 0). */
  readonly lastResult: ProbeResult;
  readonly resultRun: number;
  /** Set after a published liveness/startup failure (and a startup success): idle until a new container. */
  readonly onHold: boolean;
}

export const newWorkerState: WorkerState = Object.freeze({
  containerID: "",
  lastResult: "Unknown",
  resultRun: 0,
  onHold: false,
});

/** What the worker reads from the kubelet's status manager and pod. */
export interface ProbeView {
  /** The pod's phase in the kubelet's own status; undefined when it has none yet. */
  readonly phase: string | undefined;
  /** The container's status (regular containers first, then init containers). */
  readonly container: ContainerStatus | undefined;
  readonly restartPolicy: string;
  readonly deleting: boolean;
  /** Whole seconds since the container's state.running.startedAt (truncated). */
  readonly secondsSinceStart: number;
}

export interface ProbeSettings {
  readonly initialDelaySeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** A write to the results cache: the container's published result. */
export interface CacheWrite {
  readonly containerID: string;
  readonly result: ProbeResult;
  /** Drop the cached result of this previous container first. */
  readonly removeContainerID?: string;
}

export interface BeforeProbe {
  readonly state: WorkerState;
  readonly writes: readonly CacheWrite[];
  /** false: the worker stops for good. */
  readonly keepGoing: boolean;
  /** true: execute the probe now and pass its result to afterProbe. */
  readonly execute: boolean;
}

/** Steps 1-9 of doProbe. */
export function beforeProbe(
  type: ProbeType,
  settings: ProbeSettings,
  state: WorkerState,
  view: ProbeView,
): BeforeProbe {
  const writes: CacheWrite[] = [];
  const done = (keepGoing: boolean): BeforeProbe => ({ state, writes, keepGoing, execute: false });
  if (view.phase === undefined) return done(true);
  if (view.phase === "Failed" || view.phase === "Succeeded") return done(false);
  const c = view.container;
  const id = c?.containerID ?? "";
  if (c === undefined || id === "") return done(true);
  if (state.containerID !== id) {
    writes.push(
      state.containerID === ""
        ? { containerID: id, result: initialValue(type) }
        : { containerID: id, result: initialValue(type), removeContainerID: state.containerID },
    );
    state = { ...state, containerID: id, onHold: false };
  }
  if (state.onHold) return done(true);
  if (c.state?.running === undefined) {
    writes.push({ containerID: id, result: "Failure" });
    return done(c.state?.terminated === undefined || view.restartPolicy !== "Never");
  }
  if (view.deleting && (type === "liveness" || type === "startup")) {
    writes.push({ containerID: id, result: "Success" });
    return done(false);
  }
  if (view.secondsSinceStart < settings.initialDelaySeconds) return done(true);
  if (c.started === true) {
    if (type === "startup") return done(true);
  } else if (type !== "startup") {
    return done(true);
  }
  return { state, writes, keepGoing: true, execute: true };
}

export interface AfterProbe {
  readonly state: WorkerState;
  readonly write: CacheWrite | undefined;
}

/** Steps 11-12 of doProbe: thresholds, then hold after a published failure. */
export function afterProbe(
  type: ProbeType,
  settings: ProbeSettings,
  state: WorkerState,
  result: ProbeResult,
): AfterProbe {
  const resultRun = state.lastResult === result ? state.resultRun + 1 : 1;
  let next: WorkerState = { ...state, lastResult: result, resultRun };
  if (
    (result === "Failure" && resultRun < settings.failureThreshold) ||
    (result === "Success" && resultRun < settings.successThreshold)
  ) {
    return { state: next, write: undefined };
  }
  const write: CacheWrite = { containerID: state.containerID, result };
  if ((type === "liveness" || type === "startup") && result === "Failure") {
    next = { ...next, onHold: true, resultRun: 0 };
  } else if (type === "startup" && result === "Success") {
    // Newer kubelets: a startup probe is done with a container instance after its first success.
    next = { ...next, onHold: true };
  }
  return { state: next, write };
}
