/**
 * @kubesim/sim: the physics. Virtual clock, event loop ordered by
 * (time, sequence), seeded random streams, and the trace. Imports nothing from
 * kubesim; payloads are generic.
 */
export type { Clock } from "./clock.js";
export { DEFAULT_EPOCH, parseTime, rfc3339, rfc3339Micro } from "./clock.js";
export type { Millis } from "./duration.js";
export { DurationError, formatDuration, humanDuration, parseDuration } from "./duration.js";
export type { LoopOptions, RunUntilOptions, TaskHandle } from "./loop.js";
export { Loop, ReentrancyError } from "./loop.js";
export { Rng } from "./rng.js";
export type { TraceEntry, TraceListener, TraceOptions } from "./trace.js";
export { Trace } from "./trace.js";
export { canonicalJson } from "./canonical-json.js";
