/**
 * Virtual time. Every component reads time from a `Clock`; nothing reads the
 * wall clock (DESIGN.md, "Determinism"). Times are milliseconds since the Unix
 * epoch, starting from a fixed default epoch so that timestamps are stable.
 */
import type { Millis } from "./duration.js";

/** 2024-01-01T00:00:00Z: the instant every simulation starts at unless told otherwise. */
export const DEFAULT_EPOCH: Millis = 1_704_067_200_000;

/** Read-only view of virtual time, handed to components. */
export interface Clock {
  now(): Millis;
}

/**
 * The last conversion of each formatter. Components stamp many objects at one
 * virtual instant (a rollout writes thousands of pods at the same second), so
 * remembering the last result makes the call a comparison, and every object
 * stamped at that instant shares one string instead of holding its own copy.
 */
let secondsKey = Number.NaN;
let secondsText = "";
let microKey = Number.NaN;
let microText = "";

/**
 * RFC 3339 with second precision, as metav1.Time serialises: "2024-01-01T00:00:00Z".
 * (new Date(t) with an argument is a pure conversion, not a wall-clock read.)
 */
export function rfc3339(t: Millis): string {
  const s = Math.floor(t / 1000) * 1000;
  if (s === secondsKey) return secondsText;
  // "….000Z" -> "…Z". join() builds one flat string: `replace` or `+` would
  // leave a tree of string pieces in every object holding the timestamp.
  const text = [new Date(s).toISOString().slice(0, -5), "Z"].join("");
  secondsKey = s;
  secondsText = text;
  return text;
}

/** RFC 3339 with microseconds, as metav1.MicroTime serialises: "2024-01-01T00:00:00.000000Z". */
export function rfc3339Micro(t: Millis): string {
  if (t === microKey) return microText;
  const text = [new Date(t).toISOString().slice(0, -1), "000Z"].join("");
  microKey = t;
  microText = text;
  return text;
}

/** Parses an RFC 3339 timestamp back to milliseconds; undefined when malformed. */
export function parseTime(s: string | undefined): Millis | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
