/**
 * The fake process inside a container: a small HTTP app whose answers follow
 * its ImageBehavior over time. It listens on the declared containerPorts (plus
 * the behavior's extra ports) once `start` has passed. The endpoints the pod's
 * readiness probe checks answer 200 while the readiness schedule says ready
 * and 503 otherwise; the liveness probe's endpoints answer 200 until
 * `liveness.failAfter`, then `liveness.status`; every other path answers 200
 * with the body template filled in.
 */
import type { Dial, HttpRequest } from "@kubesim/network";
import type { Millis } from "@kubesim/sim";
import type { ImageBehavior, ReadinessSchedule } from "../images/behavior.js";

/** An endpoint a probe checks, as the app sees it. */
export type EndpointKey = string;
export const httpEndpoint = (port: number, path: string): EndpointKey =>
  `http:${port}:${path.split("?")[0] ?? path}`;
export const tcpEndpoint = (port: number): EndpointKey => `tcp:${port}`;
export const execEndpoint = (command: readonly string[]): EndpointKey =>
  `exec:${command.join(" ")}`;
export const grpcEndpoint = (port: number, service: string): EndpointKey =>
  `grpc:${port}:${service}`;

export interface AppSpec {
  readonly behavior: ImageBehavior;
  readonly ports: ReadonlySet<number>;
  readonly readinessEndpoints: ReadonlySet<EndpointKey>;
  readonly livenessEndpoints: ReadonlySet<EndpointKey>;
  /** Values for the body template: POD_NAME, POD_NAMESPACE, POD_IP, HOSTNAME, IMAGE, CONTAINER. */
  readonly vars: Readonly<Record<string, string>>;
}

export function isReadyAt(schedule: ReadinessSchedule, sinceStart: Millis): boolean {
  switch (schedule.kind) {
    case "never":
      return false;
    case "after":
      return sinceStart >= schedule.after;
    case "flapping": {
      if (sinceStart < schedule.after) return false;
      const cycle = schedule.up + schedule.down;
      return cycle <= 0 || (sinceStart - schedule.after) % cycle < schedule.up;
    }
  }
}

export function isLiveAt(behavior: ImageBehavior, sinceStart: Millis): boolean {
  const f = behavior.liveness.failAfter;
  return f === undefined || sinceStart < f;
}

/** What an endpoint answers at `sinceStart`: "ok", "unready" or "dead" (failing liveness). */
export function endpointHealth(
  app: AppSpec,
  key: EndpointKey,
  sinceStart: Millis,
): "ok" | "unready" | "dead" {
  if (app.livenessEndpoints.has(key) && !isLiveAt(app.behavior, sinceStart)) return "dead";
  if (app.readinessEndpoints.has(key) && !isReadyAt(app.behavior.readiness, sinceStart))
    return "unready";
  return "ok";
}

export function isListening(app: AppSpec, port: number, sinceStart: Millis): boolean {
  return sinceStart >= app.behavior.start && app.ports.has(port);
}

export function fillBody(app: AppSpec, path: string): string {
  return app.behavior.body.replace(/\$\(([A-Z_]+)\)/g, (whole, name: string) =>
    name === "PATH" ? path : (app.vars[name] ?? whole),
  );
}

export function connect(app: AppSpec, port: number, sinceStart: Millis): Dial {
  if (!isListening(app, port, sinceStart)) return { kind: "refused" };
  if (endpointHealth(app, tcpEndpoint(port), sinceStart) !== "ok") return { kind: "refused" };
  return { kind: "open", latency: 0 };
}

export function answerHttp(
  app: AppSpec,
  port: number,
  request: HttpRequest,
  sinceStart: Millis,
): Dial {
  if (!isListening(app, port, sinceStart)) return { kind: "refused" };
  const path = request.path.split("?")[0] ?? request.path;
  const health = endpointHealth(app, httpEndpoint(port, path), sinceStart);
  const status =
    health === "dead" ? app.behavior.liveness.status : health === "unready" ? 503 : 200;
  const body =
    status === 200 ? fillBody(app, path) : status === 503 ? "not ready\n" : "unhealthy\n";
  return {
    kind: "answered",
    latency: app.behavior.latency,
    response: {
      status,
      // As Go's net/http writes them for a handler that sets no headers (Date is added by the pod worker's clock).
      headers: {
        "Content-Length": String(Buffer.byteLength(body, "utf8")),
        "Content-Type": "text/plain; charset=utf-8",
      },
      body,
    },
  };
}

/** When and how the process ends by itself, if it does: its exit, or the OOM killer. */
export interface PlannedExit {
  readonly after: Millis;
  readonly exitCode: number;
  readonly reason: "Completed" | "Error" | "OOMKilled";
}

export function plannedExit(
  behavior: ImageBehavior,
  memoryLimit: number | undefined,
): PlannedExit | undefined {
  let oom: PlannedExit | undefined;
  const { start, growthPerSecond } = behavior.memory;
  if (memoryLimit !== undefined && memoryLimit > 0) {
    if (start > memoryLimit) oom = { after: 0, exitCode: 137, reason: "OOMKilled" };
    else if (growthPerSecond > 0)
      oom = {
        after: Math.floor(((memoryLimit - start) / growthPerSecond) * 1000) + 1,
        exitCode: 137,
        reason: "OOMKilled",
      };
  }
  const exit = behavior.exit;
  const own: PlannedExit | undefined =
    exit === undefined
      ? undefined
      : { after: exit.after, exitCode: exit.code, reason: exit.code === 0 ? "Completed" : "Error" };
  if (oom === undefined) return own;
  if (own === undefined) return oom;
  return own.after <= oom.after ? own : oom;
}

/** Resident memory in bytes at `sinceStart`. */
export function memoryAt(behavior: ImageBehavior, sinceStart: Millis): number {
  return Math.floor(behavior.memory.start + (behavior.memory.growthPerSecond * sinceStart) / 1000);
}
