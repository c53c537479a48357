/**
 * `follow=true`: the kubelet's follow on the virtual clock
 * (pkg/kubelet/kuberuntime/logs ReadLogs with Follow). The first answer is
 * what the container logged so far within tailLines/sinceTime; each poll
 * then gives the lines logged since, once each, in time order. The stream
 * ends when the container terminates or restarts (the kubelet follows one
 * container instance and stops at its end), when its pod is gone, or once
 * limitBytes have been sent.
 *
 * Runs on the sim loop (inside the pacer's run); the caller polls.
 */
import { LogCursor, parseLogLines, type LogLine } from "@kubesim/kubectl";
import { limitBytes, type ContainerLog, type ReadOptions } from "./container-log.js";

export interface FollowOptions {
  readonly previous?: boolean;
  readonly timestamps?: boolean;
  readonly tailLines?: number;
  readonly since?: number;
  readonly limitBytes?: number;
}

export class LogFollower {
  private readonly cursor = new LogCursor();
  private restarts = 0;
  private remaining: number;
  ended = false;

  constructor(
    private readonly log: ContainerLog,
    private readonly options: FollowOptions,
  ) {
    this.remaining = options.limitBytes ?? Infinity;
  }

  /** The first answer; throws (before any byte is sent) as the request would. */
  start(): string {
    const s = this.log.status();
    this.restarts = (s === null ? undefined : s?.restartCount) ?? 0;
    const previous: ReadOptions = this.options.previous === true ? { previous: true } : {};
    // All that is logged so far marks where following starts; tailLines and since only trim what is sent.
    this.cursor.mark(parseLogLines(this.log.read({ ...previous, timestamps: true })));
    const shown = parseLogLines(
      this.log.read({
        ...previous,
        timestamps: true,
        ...(this.options.tailLines === undefined ? {} : { tailLines: this.options.tailLines }),
        ...(this.options.since === undefined ? {} : { since: this.options.since }),
      }),
    );
    if (this.options.previous === true || this.terminated()) this.ended = true;
    return this.render(shown);
  }

  private terminated(): boolean {
    const s = this.log.status();
    return (
      s === null || s?.state?.terminated !== undefined || (s?.restartCount ?? 0) > this.restarts
    );
  }

  /** What was logged since the last poll; sets `ended` once the container has stopped. */
  poll(): string {
    if (this.ended) return "";
    const s = this.log.status();
    if (s === null) {
      this.ended = true;
      return "";
    }
    const restarted = (s?.restartCount ?? 0) > this.restarts;
    let text: string;
    const since = this.cursor.since;
    try {
      // From the newest line passed on: each poll reads what is new, not the whole log again.
      text = this.log.read({
        timestamps: true,
        ...(restarted ? { previous: true } : {}),
        ...(since === undefined ? {} : { since }),
      });
    } catch {
      this.ended = true;
      return "";
    }
    const fresh = this.cursor.next(text);
    if (restarted || s?.state?.terminated !== undefined) this.ended = true;
    return this.render(fresh);
  }

  /** The bytes to send for these lines: stamped as asked, within limitBytes. */
  private render(lines: readonly LogLine[]): string {
    let out = "";
    for (const l of lines) out += this.options.timestamps === true ? l.stamped : l.text;
    if (this.remaining === Infinity) return out;
    const cut = limitBytes(out, this.remaining);
    this.remaining -= Buffer.byteLength(cut);
    if (this.remaining <= 0) this.ended = true;
    return cut;
  }
}
