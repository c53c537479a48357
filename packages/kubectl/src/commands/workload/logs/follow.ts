/**
 * `kubectl logs -f`: the kubelet's follow, on the virtual clock. Each stream
 * prints what its container logged so far (within --tail/--since), then, as
 * the clock runs, each new line once, in time order across streams; a stream
 * ends when its container terminates or restarts (the kubelet closes the
 * response then) or its pod is gone. Mirrors kubectl pkg/cmd/logs/logs.go
 * (parallelConsumeRequest, prefixingWriter) over the kubelet's
 * ReadLogs(follow=true).
 */
import { isApiError } from "@kubesim/api";
import type { ContainerStatus } from "kubernetes-types/core/v1";
import type { CommandContext } from "../../../cli/command.js";
import { runStream, StreamPrinter } from "../../../cli/stream.js";
import {
  logPrefix,
  readLog,
  truncateBytes,
  type LogSource,
  type PodLogOptions,
} from "./log-source.js";
import { LogCursor, parseLogLines, type LogLine } from "./log-cursor.js";

class FollowedStream {
  private readonly cursor = new LogCursor();
  private readonly restarts: number;
  private remaining: number;
  ended = false;

  constructor(
    private readonly ctx: CommandContext,
    readonly source: LogSource,
    private readonly options: PodLogOptions,
    private readonly prefix: string,
  ) {
    this.restarts = this.status()?.restartCount ?? 0;
    this.remaining = options.limitBytes ?? Infinity;
  }

  private status(): ContainerStatus | undefined | null {
    const pod = this.source.pod;
    let now;
    try {
      now = this.ctx.cluster.apiserver.get(
        "Pod",
        pod.metadata?.namespace ?? "",
        pod.metadata?.name ?? "",
      );
    } catch (e) {
      if (isApiError(e)) return null;
      throw e;
    }
    if (now.metadata?.uid !== pod.metadata?.uid) return null;
    return [
      ...(now.status?.containerStatuses ?? []),
      ...(now.status?.initContainerStatuses ?? []),
    ].find((c) => c.name === this.source.container);
  }

  /** The first answer: the log so far within the user's limits. Throws as the request would. */
  start(): LogLine[] {
    const previous = this.options.previous === true ? { previous: true } : {};
    // Everything logged so far marks where following starts; --tail/--since only trim what is shown.
    this.cursor.mark(
      parseLogLines(readLog(this.ctx.cluster, this.source, { ...previous, timestamps: true })),
    );
    const { limitBytes: _limit, ...asked } = this.options;
    const shown = parseLogLines(
      readLog(this.ctx.cluster, this.source, { ...asked, timestamps: true }),
    );
    if (this.options.previous === true || this.terminated()) this.ended = true;
    return shown;
  }

  private terminated(): boolean {
    const s = this.status();
    return (
      s === null || s?.state?.terminated !== undefined || (s?.restartCount ?? 0) > this.restarts
    );
  }

  /** Lines logged since the last poll; ends the stream when its container has stopped. */
  poll(): LogLine[] {
    if (this.ended) return [];
    const s = this.status();
    if (s === null) {
      this.ended = true;
      return [];
    }
    const restarted = (s?.restartCount ?? 0) > this.restarts;
    let text: string;
    try {
      text = readLog(this.ctx.cluster, this.source, {
        timestamps: true,
        ...(restarted ? { previous: true } : {}),
      });
    } catch {
      this.ended = true;
      return [];
    }
    const fresh = this.cursor.next(text);
    if (restarted || s?.state?.terminated !== undefined) this.ended = true;
    return fresh;
  }

  /** The text to print for these lines: stamps as asked, prefix, within --limit-bytes. */
  render(lines: readonly LogLine[]): string {
    let out = "";
    for (const l of lines)
      out += this.prefix + (this.options.timestamps === true ? l.stamped : l.text);
    if (this.remaining === Infinity) return out;
    const cut = truncateBytes(out, this.remaining);
    this.remaining -= new TextEncoder().encode(cut).length;
    return cut;
  }
}

/**
 * Follows every source until each has ended or the host stops watching.
 * Returns kubectl's exit code (an error ends the command unless ignoreErrors).
 */
export function followLogs(
  ctx: CommandContext,
  sources: readonly LogSource[],
  options: PodLogOptions,
  prefixed: boolean,
  ignoreErrors: boolean,
): number {
  const out = new StreamPrinter(ctx);
  const streams: FollowedStream[] = [];
  for (const s of sources) {
    const f = new FollowedStream(ctx, s, options, prefixed ? logPrefix(s) : "");
    try {
      out.write(f.render(f.start()));
      streams.push(f);
    } catch (e) {
      if (!ignoreErrors) throw e;
      out.write(`error: ${(e as Error).message}\n`);
    }
  }
  runStream(ctx, {
    done: () => streams.every((s) => s.ended),
    lastOutput: () => out.lastOutput,
    poll: () => {
      const batch: { t: number; i: number; text: string }[] = [];
      streams.forEach((s, i) => {
        for (const l of s.poll()) batch.push({ t: l.t, i, text: s.render([l]) });
      });
      batch.sort((a, b) => a.t - b.t || a.i - b.i);
      out.write(batch.map((b) => b.text).join(""));
    },
    every: 1000,
  });
  return 0;
}
