/**
 * The prober manager (pkg/kubelet/prober/prober_manager.go): one worker per
 * (pod, container, probe type), ticking every periodSeconds from its creation
 * on the sim loop, plus manual triggers for readiness; the results caches the
 * kubelet reads; and UpdatePodStatus, which fills `started` and `ready` into a
 * generated pod status.
 */
import { parseTime, type Loop, type Millis, type Rng, type TaskHandle } from "@kubesim/sim";
import type { Container, ContainerStatus, Pod, PodStatus, Probe } from "kubernetes-types/core/v1";
import { httpEndpoint } from "../kuberuntime/app.js";
import { KUBE_PROBE_VERSION, resolvePort, type ProbeError, type ProbeOutcome } from "./prober.js";
import {
  afterProbe,
  beforeProbe,
  newWorkerState,
  type ProbeResult,
  type ProbeSettings,
  type ProbeType,
  type WorkerState,
} from "./worker.js";

export interface ProberHost {
  readonly loop: Loop;
  readonly rng: Rng;
  /** When the kubelet started (workers created within one period of it sleep a random jitter first). */
  readonly kubeletStart: Millis;
  /** The kubelet's own latest status of the pod (the status manager's cache). */
  statusOf(podUID: string): PodStatus | undefined;
  podOf(podUID: string): Pod | undefined;
  /** The exact start time of a running container instance (the API's startedAt has whole seconds). */
  startedAt(podUID: string, containerID: string): Millis | undefined;
  runProbe(podUID: string, container: Container, probe: Probe): ProbeOutcome | ProbeError;
  /**
   * The steady-state path: true when the probe of this container instance
   * succeeds now, with its side effects (the app's log line) done; false
   * sends the worker down the full path. See QuickPlan.
   */
  quickProbe(
    podUID: string,
    containerName: string,
    containerID: string,
    plan: QuickPlan,
  ): QuickHandle | undefined;
  /** A probe attempt finished (for events): result, output, or the prober error. */
  probed(
    podUID: string,
    container: Container,
    type: ProbeType,
    outcome: ProbeOutcome | ProbeError,
  ): void;
  /** The cached result for a container changed. */
  resultChanged(podUID: string, containerName: string, type: ProbeType, result: ProbeResult): void;
}

/**
 * What a probe checks, resolved once per worker: the port (named ports
 * resolved), the path or command, and the timeout. A worker whose container
 * is running, started, past its initial delay and already cached as Success
 * probes through this plan and only counts the repeated success, which is all
 * doProbe does in that state (runtime.md 1.3, steps 10-11).
 */
export type QuickPlan =
  | {
      readonly kind: "http";
      readonly port: number;
      readonly path: string;
      /** The app's endpoint key for port and path (app.ts httpEndpoint). */
      readonly key: string;
      readonly timeout: Millis;
      readonly agent: string;
    }
  | { readonly kind: "tcp"; readonly port: number; readonly timeout: Millis }
  | { readonly kind: "exec"; readonly command: readonly string[]; readonly timeout: Millis };

function quickPlanOf(probe: Probe, container: Container): QuickPlan | null {
  const timeout = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet !== undefined) {
    const port = resolvePort(probe.httpGet.port, container);
    if (typeof port !== "number" || probe.httpGet.host !== undefined) return null;
    if ((probe.httpGet.httpHeaders ?? []).length > 0) return null;
    let path = probe.httpGet.path ?? "/";
    if (!path.startsWith("/")) path = `/${path}`;
    return {
      kind: "http",
      port,
      path,
      key: httpEndpoint(port, path),
      timeout,
      agent: `kube-probe/${KUBE_PROBE_VERSION}`,
    };
  }
  if (probe.tcpSocket !== undefined) {
    const port = resolvePort(probe.tcpSocket.port, container);
    return typeof port === "number" && probe.tcpSocket.host === undefined
      ? { kind: "tcp", port, timeout }
      : null;
  }
  if (probe.exec !== undefined) return { kind: "exec", command: probe.exec.command ?? [], timeout };
  return null;
}

/** A steady-state probe, repeated cheaply until `probe()` says to take the full path again. */
export interface QuickHandle {
  probe(): boolean;
  /** Until when (exclusive) the answer stays a success if nothing about the pod changes. */
  quietUntil(now: Millis): Millis;
  /** Log lines for the ticks at first, first + period, ... until closed with their count. */
  openRun(first: Millis, period: Millis): { close(count: number): void } | undefined;
}

const typeName: Record<ProbeType, string> = {
  liveness: "Liveness",
  readiness: "Readiness",
  startup: "Startup",
};
export const probeTypeTitle = (t: ProbeType): string => typeName[t];

function settingsOf(probe: Probe): ProbeSettings {
  return {
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

function findStatus(status: PodStatus, name: string): ContainerStatus | undefined {
  const c = status.containerStatuses?.find((s) => s.name === name);
  if (c !== undefined && (c.containerID ?? "") !== "") return c;
  return status.initContainerStatuses?.find((s) => s.name === name) ?? c;
}

class Worker {
  private state: WorkerState = newWorkerState;
  private ticker: TaskHandle | undefined;
  private busyUntil: Millis = -Infinity;
  private pendingTick = false;
  private manual: TaskHandle | undefined;
  stopped = false;
  private readonly plan: QuickPlan | null;
  /** The worker is in the steady state QuickPlan describes. */
  private quick = false;
  private handle: QuickHandle | undefined;
  /** Successes counted on the quick path, not yet folded into state.resultRun. */
  private quickRuns = 0;
  private nextTickAt: Millis = 0;
  /** Ticks the quick path found would all succeed: the worker sleeps through them (see sleep()). */
  private sleepFor = 0;
  private sleeping:
    | {
        readonly from: Millis;
        readonly ticks: number;
        readonly run: { close(count: number): void } | undefined;
      }
    | undefined;
  private readonly onTick = (): void => {
    const at = this.nextTickAt;
    if (this.sleeping !== undefined) this.wake(at);
    this.sleepFor = 0;
    this.tick();
    if (this.sleepFor > 0 && !this.stopped) this.sleep(at, this.sleepFor);
    else this.scheduleTick(at + this.period);
    this.sleepFor = 0;
  };
  private readonly settings: ProbeSettings;
  private readonly period: Millis;
  /** Ticks due at one instant run in worker creation order (Loop.atFirst), sleeping or not. */
  private readonly rank: number;

  constructor(
    private readonly manager: ProbeManager,
    private readonly host: ProberHost,
    readonly podUID: string,
    readonly container: Container,
    readonly type: ProbeType,
    readonly probe: Probe,
  ) {
    this.settings = settingsOf(probe);
    this.period = (probe.periodSeconds ?? 10) * 1000;
    this.rank = host.loop.reserveRank();
    this.plan = type === "startup" ? null : quickPlanOf(probe, container);
  }

  start(): void {
    const { loop } = this.host;
    const sinceStart = loop.now() - this.host.kubeletStart;
    if (sinceStart < this.period) {
      const jitter = Math.floor(this.host.rng.float() * this.period);
      this.ticker = loop.atFirst(loop.now() + jitter, () => this.begin(), "", this.rank);
    } else {
      this.begin();
    }
  }

  private begin(): void {
    if (this.stopped) return;
    this.tick();
    this.scheduleTick(this.host.loop.now() + this.period);
  }

  /** The ticker: phase set by the worker's start, unaffected by manual triggers. */
  private scheduleTick(at: Millis): void {
    if (this.stopped) return;
    this.nextTickAt = at;
    this.ticker = this.host.loop.atFirst(at, this.onTick, "", this.rank);
  }

  stop(): void {
    if (this.sleeping !== undefined) this.wake(this.host.loop.now());
    this.stopped = true;
    if (this.ticker !== undefined) this.host.loop.cancel(this.ticker);
    if (this.manual !== undefined) this.host.loop.cancel(this.manual);
  }

  /**
   * Steady state, skipped: after the tick at `at` the next `ticks` ticks are
   * known successes (nothing about the pod can change their answer before
   * `quietUntil`, and anything that does change the pod wakes the worker,
   * see interrupt()). Their log lines go in as one run; the worker's next
   * task is the first tick that needs a real answer.
   */
  private sleep(at: Millis, ticks: number): void {
    const run = this.handle?.openRun(at + this.period, this.period);
    this.sleeping = { from: at, ticks, run };
    if (Number.isFinite(ticks)) this.scheduleTick(at + (ticks + 1) * this.period);
    else this.ticker = undefined;
  }

  /**
   * Ends a sleep at `now`: the ticks up to `now` count as done (their
   * successes, their lines). Ticks run first at their instant (Loop.atFirst),
   * so a tick due at `now` ran before whatever changed the pod at `now`.
   */
  private wake(now: Millis): number {
    const s = this.sleeping!;
    this.sleeping = undefined;
    const passed = Math.max(0, Math.floor((now - s.from) / this.period));
    const done = Math.min(s.ticks, passed);
    this.quickRuns += done;
    s.run?.close(done);
    return done;
  }

  /** Something about the pod changed: a sleeping worker resumes at its next tick. */
  interrupt(): void {
    if (this.sleeping === undefined || this.stopped) return;
    const from = this.sleeping.from;
    const done = this.wake(this.host.loop.now());
    if (this.ticker !== undefined) this.host.loop.cancel(this.ticker);
    this.scheduleTick(from + (done + 1) * this.period);
  }

  /** A manual trigger (buffered once, like the worker's channel): probe right away. */
  trigger(): void {
    if (this.stopped || this.manual !== undefined) return;
    this.interrupt();
    this.manual = this.host.loop.after(0, () => {
      this.manual = undefined;
      this.tick();
    });
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.host.loop.now() < this.busyUntil) {
      this.pendingTick = true;
      return;
    }
    this.doProbe();
  }

  private doProbe(): void {
    if (this.quick) {
      let ok: boolean;
      if (this.handle !== undefined) ok = this.handle.probe();
      else {
        this.handle = this.host.quickProbe(
          this.podUID,
          this.container.name,
          this.state.containerID,
          this.plan!,
        );
        ok = this.handle !== undefined;
      }
      if (ok) {
        this.quickRuns++;
        if (this.manager.lazy) {
          const now = this.host.loop.now();
          const until = this.handle!.quietUntil(now);
          const ticks = until === Infinity ? Infinity : Math.ceil((until - now) / this.period) - 1;
          if (ticks >= 2) this.sleepFor = ticks;
        }
        return;
      }
      this.handle = undefined;
      this.quick = false;
      this.state = { ...this.state, resultRun: this.state.resultRun + this.quickRuns };
      this.quickRuns = 0;
    }
    const pod = this.host.podOf(this.podUID);
    const status = this.host.statusOf(this.podUID);
    const c = status === undefined ? undefined : findStatus(status, this.container.name);
    const now = this.host.loop.now();
    const startedAt =
      c?.state?.running === undefined
        ? undefined
        : (this.host.startedAt(this.podUID, c.containerID ?? "") ??
          parseTime(c.state.running.startedAt));
    const before = beforeProbe(this.type, this.settings, this.state, {
      phase: status?.phase,
      container: c?.name === this.container.name ? c : undefined,
      restartPolicy: pod?.spec?.restartPolicy ?? "Always",
      deleting: pod?.metadata?.deletionTimestamp != null,
      secondsSinceStart: startedAt === undefined ? 0 : Math.trunc((now - startedAt) / 1000),
    });
    this.state = before.state;
    for (const w of before.writes)
      this.manager.setResult(this, w.containerID, w.result, w.removeContainerID);
    if (!before.keepGoing) {
      this.manager.removeWorker(this);
      return;
    }
    if (!before.execute) return;
    const outcome = this.host.runProbe(this.podUID, this.container, this.probe);
    if ("error" in outcome) {
      this.host.probed(this.podUID, this.container, this.type, outcome);
      return;
    }
    if (outcome.duration <= 0) {
      this.complete(outcome);
      return;
    }
    this.busyUntil = now + outcome.duration;
    this.host.loop.after(outcome.duration, () => {
      if (this.stopped) return;
      this.complete(outcome);
      if (this.pendingTick) {
        this.pendingTick = false;
        this.doProbe();
      }
    });
  }

  private complete(outcome: ProbeOutcome): void {
    this.host.probed(this.podUID, this.container, this.type, outcome);
    const result: ProbeResult = outcome.result === "Failure" ? "Failure" : "Success";
    const after = afterProbe(this.type, this.settings, this.state, result);
    this.state = after.state;
    if (after.write !== undefined)
      this.manager.setResult(this, after.write.containerID, after.write.result);
    this.quick =
      this.plan !== null &&
      !this.stopped &&
      !this.state.onHold &&
      this.state.lastResult === "Success" &&
      outcome.result === "Success" &&
      outcome.duration < this.period &&
      this.manager.result(this.type, this.state.containerID) === "Success";
  }
}

export class ProbeManager {
  /** podUID -> workers of that pod. */
  private readonly workers = new Map<string, Worker[]>();
  /** Results per probe type, keyed by container ID. */
  private readonly results: Record<ProbeType, Map<string, ProbeResult>> = {
    liveness: new Map(),
    readiness: new Map(),
    startup: new Map(),
  };

  constructor(
    private readonly host: ProberHost,
    /** Let workers in the steady state sleep through ticks whose answer is known (default true). */
    readonly lazy = true,
  ) {}

  /** The pod changed (a sync, an exit, a kill, an update): sleeping workers wake up. */
  podChanged(uid: string): void {
    for (const w of this.workers.get(uid) ?? []) w.interrupt();
  }

  /** AddPod: a worker for each probe of each container (startup, readiness, liveness). */
  addPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    if (this.workers.has(uid)) return;
    const list: Worker[] = [];
    this.workers.set(uid, list);
    const containers = [
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
      ...(pod.spec?.containers ?? []),
    ];
    for (const c of containers) {
      const probes: [ProbeType, Probe | undefined][] = [
        ["startup", c.startupProbe],
        ["readiness", c.readinessProbe],
        ["liveness", c.livenessProbe],
      ];
      for (const [type, probe] of probes) {
        if (probe === undefined) continue;
        const w = new Worker(this, this.host, uid, c, type, probe);
        list.push(w);
      }
    }
    for (const w of list) if (!w.stopped) w.start();
  }

  removePod(uid: string): void {
    for (const w of this.workers.get(uid) ?? []) w.stop();
    this.workers.delete(uid);
  }

  hasPod(uid: string): boolean {
    return this.workers.has(uid);
  }

  /** @internal a worker decided to stop. */
  removeWorker(w: Worker): void {
    w.stop();
    const list = this.workers.get(w.podUID);
    if (list === undefined) return;
    const i = list.indexOf(w);
    if (i >= 0) list.splice(i, 1);
  }

  /** Drop every cached result of these container IDs (the pod is gone). */
  forgetContainers(ids: readonly string[]): void {
    for (const id of ids)
      for (const t of ["liveness", "readiness", "startup"] as const) this.results[t].delete(id);
  }

  /** @internal a worker publishes a result. */
  setResult(w: Worker, containerID: string, result: ProbeResult, removeContainerID?: string): void {
    const cache = this.results[w.type];
    if (removeContainerID !== undefined) cache.delete(removeContainerID);
    const prev = cache.get(containerID);
    cache.set(containerID, result);
    if (prev !== result) this.host.resultChanged(w.podUID, w.container.name, w.type, result);
  }

  result(type: ProbeType, containerID: string): ProbeResult | undefined {
    return this.results[type].get(containerID);
  }

  private worker(uid: string, name: string, type: ProbeType): Worker | undefined {
    return this.workers.get(uid)?.find((w) => w.container.name === name && w.type === type);
  }

  private hasProbe(pod: Pod, name: string, type: ProbeType): boolean {
    const c =
      pod.spec?.containers?.find((x) => x.name === name) ??
      pod.spec?.initContainers?.find((x) => x.name === name);
    const probe =
      type === "startup"
        ? c?.startupProbe
        : type === "readiness"
          ? c?.readinessProbe
          : c?.livenessProbe;
    return probe !== undefined;
  }

  /**
   * UpdatePodStatus: `started` and `ready` for each container of a generated
   * status (running containers only), triggering an immediate readiness probe
   * for a started container that is not ready yet.
   */
  updateContainerStatus(pod: Pod, s: ContainerStatus, trigger = true): ContainerStatus {
    const uid = pod.metadata?.uid ?? "";
    const id = s.containerID ?? "";
    const running = s.state?.running !== undefined;
    let started = false;
    if (running) {
      const r = this.result("startup", id);
      if (r !== undefined) started = r === "Success";
      else
        started =
          this.worker(uid, s.name, "startup") === undefined &&
          !this.hasProbe(pod, s.name, "startup")
            ? true
            : false;
    }
    let ready = false;
    if (running && started) {
      const r = this.result("readiness", id);
      if (r === "Success") ready = true;
      else {
        const w = this.worker(uid, s.name, "readiness");
        if (w === undefined && !this.hasProbe(pod, s.name, "readiness")) ready = true;
        else if (trigger) w?.trigger();
      }
    }
    if (s.started === started && s.ready === ready) return s;
    return { ...s, started, ready };
  }
}
