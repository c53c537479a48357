/**
 * Logging. Components take an optional pino `Logger`; without one they log
 * nothing (DESIGN.md: pino, silent unless asked). There are no module-level
 * loggers: `silentLogger()` makes a fresh one per component.
 */
import { pino, type Logger } from "pino";

export type { Logger };

/** A pino logger at level "silent". */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
