/**
 * Running the virtual clock for a watching command (`kubectl events -w`):
 * where kubectl blocks on a watch until Ctrl-C, kubesim runs the sim loop
 * forward while the watch prints, and stops once nothing was printed for the
 * host's `stream.quiet` (default 30 s) or after `stream.max` in all (default
 * 10 min), both in virtual time.
 */
import type { Millis } from "kubesim";
import type { CommandContext } from "../../cli/command.js";

export const DEFAULT_QUIET: Millis = 30_000;
export const DEFAULT_MAX: Millis = 600_000;

/**
 * Runs the loop until the quiet window or the maximum passes. `lastOutput`
 * says when output last appeared; the quiet window restarts from it.
 */
export function runWatch(ctx: CommandContext, lastOutput: () => Millis): void {
  const loop = ctx.cluster.loop;
  const quiet = ctx.host.stream?.quiet ?? DEFAULT_QUIET;
  const end = loop.now() + (ctx.host.stream?.max ?? DEFAULT_MAX);
  for (;;) {
    const now = loop.now();
    const until = Math.min(end, lastOutput() + quiet);
    if (now >= until) return;
    const before = lastOutput();
    loop.runUntil(() => lastOutput() !== before, { timeout: until - now });
  }
}
