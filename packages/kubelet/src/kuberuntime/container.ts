/**
 * One container instance as the fake runtime runs it: created and started at
 * once, running until it exits by itself (its behavior's exit or the OOM
 * killer) or is killed (SIGTERM, then SIGKILL at the grace period). A new
 * instance with a new ID replaces it on restart; the kubelet keeps the two
 * most recent per container name (state and lastState).
 */
import type { Millis, TaskHandle } from "@kubesim/sim";
import { fillBody, type AppSpec } from "./app.js";
import { LogBuffer, type RequestLine } from "./logs.js";

export interface Termination {
  readonly exitCode: number;
  readonly reason: string;
  readonly finishedAt: Millis;
  readonly signal?: number;
  readonly message?: string;
}

export class ContainerInstance {
  termination: Termination | undefined;
  /** The exit the runtime has scheduled (own exit, OOM, or the end of a kill). */
  exitTask: TaskHandle | undefined;
  /** Set while a kill is in progress: SIGTERM sent, SIGKILL due at `killDeadline`. */
  killing: { readonly message: string; readonly deadline: Millis } | undefined;
  readonly logs = new LogBuffer();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly image: string,
    readonly imageID: string,
    readonly startedAt: Millis,
    readonly restartCount: number,
    readonly app: AppSpec,
    readonly env: readonly { readonly name: string; readonly value: string }[],
  ) {}

  private readonly okLines = new Map<object, RequestLine>();

  /** The access-log line of a 200 answer to a probe (shared: the app answers a path the same way). */
  okLine(probe: { readonly path: string; readonly agent: string }, source: string): RequestLine {
    let line = this.okLines.get(probe);
    if (line === undefined) {
      const path = probe.path;
      line = {
        source,
        method: "GET",
        path,
        status: 200,
        bytes: fillBody(this.app, path).length,
        agent: probe.agent,
      };
      this.okLines.set(probe, line);
    }
    return line;
  }

  get running(): boolean {
    return this.termination === undefined;
  }
}
