/**
 * Ages for table cells: "<unknown>" for an unset time, else HumanDuration of the
 * time elapsed. Mirrors translateTimestampSince in pkg/printers/internalversion/printers.go,
 * with `now` passed in (the sim's clock) instead of time.Now.
 */
import type { Millis } from "kubesim";
import { humanDuration } from "kubesim";

/** Milliseconds of an RFC 3339 time; undefined when unset or unparseable (Go's zero time). */
export function parseTimestamp(timestamp: string | undefined): Millis | undefined {
  if (timestamp === undefined || timestamp === "") return undefined;
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? undefined : t;
}

/** `HumanDuration(now - timestamp)`, or "<unknown>" when the timestamp is unset. */
export function translateTimestampSince(timestamp: string | undefined, now: Millis): string {
  const t = parseTimestamp(timestamp);
  return t === undefined ? "<unknown>" : humanDuration(now - t);
}
