/**
 * Virtual time over HTTP: the clock's state, pause, resume, speed and
 * advance (/sim/v1/status, /pause, /resume, /speed, /advance). Each acts on
 * the real-time pacer (pacer.ts), which is what moves the sim loop while
 * the server runs; none has a Kubernetes counterpart (a real cluster lives
 * in wall time).
 */
import { ApiError } from "@kubesim/api";
import { formatDuration, rfc3339, type Millis } from "kubesim";
import { SpeedError } from "../pacer.js";
import type { SimContext } from "./context.js";
import { badField, durationField, isObject } from "./shapes.js";
import { fieldError } from "@kubesim/api";

export const SIM_API_VERSION = "sim.kubesim.io/v1";

/** The clock's state: the answer of status, pause, resume, speed and advance. */
export interface SimStatus {
  readonly kind: "SimStatus";
  readonly apiVersion: typeof SIM_API_VERSION;
  /** Virtual time now (RFC 3339). */
  readonly time: string;
  /** Virtual time when the server started. */
  readonly startTime: string;
  /** Virtual time since then, as a Go duration ("1m30s"). */
  readonly elapsed: string;
  readonly elapsedMillis: Millis;
  /** Virtual milliseconds per wall millisecond; 0 when paused. */
  readonly speed: number;
  readonly paused: boolean;
}

export function simStatus(ctx: SimContext): SimStatus {
  const now = ctx.cluster.now();
  return {
    kind: "SimStatus",
    apiVersion: SIM_API_VERSION,
    time: rfc3339(now),
    startTime: rfc3339(ctx.start),
    elapsed: formatDuration(now - ctx.start),
    elapsedMillis: now - ctx.start,
    speed: ctx.pacer.speed,
    paused: ctx.pacer.paused,
  };
}

/** Current virtual time, with every task due by the wall clock run first. */
export function status(ctx: SimContext): SimStatus {
  ctx.pacer.run(() => undefined);
  return simStatus(ctx);
}

export function pause(ctx: SimContext): SimStatus {
  if (!ctx.pacer.paused) {
    ctx.resumeSpeed = ctx.pacer.speed;
    ctx.pacer.setSpeed(0);
  }
  return simStatus(ctx);
}

export function resume(ctx: SimContext): SimStatus {
  if (ctx.pacer.paused) ctx.pacer.setSpeed(ctx.resumeSpeed);
  return simStatus(ctx);
}

/** `{ "speed": 10 }`: virtual time runs at 10× wall time from now (0 pauses). */
export function setSpeed(ctx: SimContext, body: unknown): SimStatus {
  if (!isObject(body)) throw new ApiError("BadRequest", 'the body must be an object: {"speed": N}');
  const speed = body["speed"];
  for (const key of Object.keys(body))
    if (key !== "speed") throw badField(fieldError.notSupported(key, body[key] ?? null, []));
  if (speed === undefined || speed === null) throw badField(fieldError.required("speed"));
  if (typeof speed !== "number" || !Number.isFinite(speed) || speed < 0)
    throw badField(fieldError.invalid("speed", speed, "must be a number >= 0"));
  if (speed === 0) return pause(ctx);
  try {
    ctx.pacer.setSpeed(speed);
  } catch (e) {
    if (e instanceof SpeedError) throw badField(fieldError.invalid("speed", speed, e.message));
    throw e;
  }
  ctx.resumeSpeed = speed;
  return simStatus(ctx);
}

/** `{ "duration": "5m" }`: lets that much virtual time pass at once, running all that falls due. */
export function advance(ctx: SimContext, body: unknown): SimStatus {
  if (!isObject(body))
    throw new ApiError("BadRequest", 'the body must be an object: {"duration": "30s"}');
  for (const key of Object.keys(body))
    if (key !== "duration") throw badField(fieldError.notSupported(key, body[key] ?? null, []));
  if (body["duration"] === undefined) throw badField(fieldError.required("duration"));
  const ms = durationField(body["duration"], "duration");
  if (ms < 0)
    throw badField(fieldError.invalid("duration", body["duration"], "must not be negative"));
  ctx.pacer.advance(ms);
  return simStatus(ctx);
}
