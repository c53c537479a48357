/**
 * A probe in its steady state (see QuickPlan in prober/manager.ts): the same
 * container instance, running, its pod unchanged since the handle was made,
 * the network still routing its IP to the pod. Then only time can change the
 * answer: whether the app listens yet, and its readiness and liveness
 * schedules. `probe()` checks exactly that, and logs the request as the full
 * path would; false sends the worker back to the full path.
 */
import type { PodEndpoint, PodNetwork } from "@kubesim/network";
import type { Millis } from "@kubesim/sim";
import { isReadyAt } from "../kuberuntime/app.js";
import type { ContainerInstance } from "../kuberuntime/container.js";
import type { LogRun, RequestLine } from "../kuberuntime/logs.js";

/** What QuickProbe needs of its pod worker (the pod's endpoint on the network). */
export interface QuickProbeOwner extends PodEndpoint {
  readonly generation: number;
  readonly podIP: string | undefined;
  readonly network: Pick<PodNetwork, "version" | "routes">;
  now(): Millis;
}

export class QuickProbe {
  private readonly generation: number;
  private networkVersion: number;
  /** Until when the answer stays a success, by the app's own schedule (its start, readiness, liveness). */
  private readonly okFrom: Millis;
  private okUntil: Millis;
  private readonly logs: ContainerInstance["logs"];
  private readonly latency: Millis;
  private readonly readiness: boolean;

  constructor(
    private readonly owner: QuickProbeOwner,
    private readonly inst: ContainerInstance,
    /** The port an http or tcp probe dials (undefined for exec). */
    port: number | undefined,
    key: string,
    private readonly line: RequestLine | undefined,
  ) {
    this.generation = owner.generation;
    this.networkVersion = owner.network.version;
    const app = inst.app;
    const b = app.behavior;
    this.logs = inst.logs;
    this.latency = b.latency;
    this.okFrom = inst.startedAt + (port === undefined ? 0 : b.start);
    this.okUntil = port !== undefined && !app.ports.has(port) ? -Infinity : Infinity;
    if (app.livenessEndpoints.has(key) && b.liveness.failAfter !== undefined)
      this.okUntil = Math.min(this.okUntil, inst.startedAt + b.liveness.failAfter);
    this.readiness = app.readinessEndpoints.has(key);
  }

  probe(): boolean {
    const owner = this.owner;
    if (owner.generation !== this.generation) return false;
    if (owner.network.version !== this.networkVersion) {
      if (owner.podIP === undefined || !owner.network.routes(owner.podIP, owner)) return false;
      this.networkVersion = owner.network.version;
    }
    const now = owner.now();
    if (now < this.okFrom || now >= this.okUntil) return false;
    if (this.readiness && !isReadyAt(this.inst.app.behavior.readiness, now - this.inst.startedAt))
      return false;
    if (this.line !== undefined) this.logs.append(now + this.latency, this.line);
    return true;
  }

  /**
   * Until when (exclusive) the answer stays a success if nothing about the pod
   * changes: the liveness failure time, or the next readiness flip.
   */
  quietUntil(now: Millis): Millis {
    let until = this.okUntil;
    const r = this.inst.app.behavior.readiness;
    if (this.readiness && r.kind === "flapping") {
      const cycle = r.up + r.down;
      const since = now - this.inst.startedAt;
      if (cycle > 0 && since >= r.after) {
        const phase = (since - r.after) % cycle;
        until = Math.min(until, now + (r.up - phase));
      }
    }
    return until;
  }

  /** The log lines of the ticks at first, first + period, ... (closed with their count). */
  openRun(first: Millis, period: Millis): LogRun | undefined {
    return this.line === undefined
      ? undefined
      : this.logs.openRun(first + this.latency, period, this.line);
  }
}
