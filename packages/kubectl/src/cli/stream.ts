/**
 * Streaming commands on the virtual clock (`get -w`, `events -w`,
 * `rollout status`, `logs -f`): where kubectl blocks on a watch or a chunked
 * response until it is done or the user presses Ctrl-C, kubesim runs the sim
 * loop forward, printing as things happen. A stream ends when its command is
 * done, at its own deadline (`--timeout`), once nothing was printed for the
 * host's `stream.quiet` (default 30 s), or after `stream.max` in all (default
 * 10 min), all in virtual time.
 */
import type { Millis } from "kubesim";
import type { CommandContext } from "./command.js";

/** Defaults of KubectlHost.stream: 30 s without output, 10 min in all (virtual time). */
export const DEFAULT_QUIET: Millis = 30_000;
export const DEFAULT_MAX: Millis = 600_000;

/** Why a stream stopped. */
export type StreamEnd = "done" | "deadline" | "quiet" | "max";

export interface StreamOptions {
  /** True once the command has nothing more to wait for. */
  readonly done: () => boolean;
  /** The virtual time printed output last appeared (quiet is measured from it). */
  readonly lastOutput: () => Millis;
  /** The command's own deadline (absolute virtual time), e.g. from `--timeout`. */
  readonly deadline?: Millis;
  /**
   * Called every `every` ms of virtual time (and before stopping) for commands
   * that read rather than watch (following a log). Without it the stream only
   * runs the loop until `done` or a limit.
   */
  readonly poll?: () => void;
  readonly every?: Millis;
}

/**
 * Runs the loop until the stream ends and says why. The quiet window restarts
 * whenever `lastOutput()` moves.
 */
export function runStream(ctx: CommandContext, options: StreamOptions): StreamEnd {
  const loop = ctx.cluster.loop;
  const quiet = ctx.host.stream?.quiet ?? DEFAULT_QUIET;
  const max = loop.now() + (ctx.host.stream?.max ?? DEFAULT_MAX);
  const every = options.poll === undefined ? Infinity : (options.every ?? 1000);
  options.poll?.();
  for (;;) {
    if (options.done()) return "done";
    const now = loop.now();
    const deadline = options.deadline ?? Infinity;
    const quietEnd = options.lastOutput() + quiet;
    if (now >= deadline) return "deadline";
    if (now >= max) return "max";
    if (now >= quietEnd) return "quiet";
    const until = Math.min(deadline, max, quietEnd, now + every);
    const before = options.lastOutput();
    loop.runUntil(() => options.done() || options.lastOutput() !== before, {
      timeout: until - now,
    });
    options.poll?.();
  }
}

/** Wraps a context's stdout, remembering when it last printed (for `runStream`). */
export class StreamPrinter {
  private last: Millis;

  constructor(private readonly ctx: CommandContext) {
    this.last = ctx.cluster.loop.now();
  }

  write(text: string): void {
    if (text === "") return;
    this.ctx.out.write(text);
    this.last = this.ctx.cluster.loop.now();
  }

  get lastOutput(): Millis {
    return this.last;
  }
}
