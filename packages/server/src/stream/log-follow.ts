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
import { limitBytes, type ContainerLog, type ReadOptions } from "./container-log.js";

/** One timestamped line as the kubelet renders it: `2024-01-01T00:00:09.848000000Z text`. */
interface Line {
  readonly t: number;
  readonly stamped: string;
  readonly text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

export function parseLines(text: string): Line[] {
  const out: Line[] = [];
  for (const stamped of text.split("\n")) {
    if (stamped === "") continue;
    const space = stamped.indexOf(" ");
    const m = STAMP.exec(space < 0 ? stamped : stamped.slice(0, space));
    const t =
      m === null ? 0 : Date.parse(`${m[1]}Z`) + Number((m[2] ?? "").padEnd(3, "0").slice(0, 3));
    out.push({
      t,
      stamped: `${stamped}\n`,
      text: space < 0 ? "\n" : `${stamped.slice(space + 1)}\n`,
    });
  }
  return out;
}

export interface FollowOptions {
  readonly previous?: boolean;
  readonly timestamps?: boolean;
  readonly tailLines?: number;
  readonly since?: number;
  readonly limitBytes?: number;
}

export class LogFollower {
  /** Time of the newest line sent (or seen at the start), and the lines sent at that time. */
  private lastT = -Infinity;
  private atLastT: string[] = [];
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
    this.mark(parseLines(this.log.read({ ...previous, timestamps: true })));
    const shown = parseLines(
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

  private mark(lines: readonly Line[]): void {
    for (const l of lines) {
      if (l.t > this.lastT) {
        this.lastT = l.t;
        this.atLastT = [];
      }
      if (l.t === this.lastT) this.atLastT.push(l.stamped);
    }
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
    try {
      text = this.log.read({ timestamps: true, ...(restarted ? { previous: true } : {}) });
    } catch {
      this.ended = true;
      return "";
    }
    const fresh: Line[] = [];
    const seenAtLastT = [...this.atLastT];
    for (const l of parseLines(text)) {
      if (l.t < this.lastT) continue;
      if (l.t === this.lastT) {
        const i = seenAtLastT.indexOf(l.stamped);
        if (i >= 0) {
          seenAtLastT.splice(i, 1);
          continue;
        }
      }
      fresh.push(l);
    }
    this.mark(fresh);
    if (restarted || s?.state?.terminated !== undefined) this.ended = true;
    return this.render(fresh);
  }

  /** The bytes to send for these lines: stamped as asked, within limitBytes. */
  private render(lines: readonly Line[]): string {
    let out = "";
    for (const l of lines) out += this.options.timestamps === true ? l.stamped : l.text;
    if (this.remaining === Infinity) return out;
    const cut = limitBytes(out, this.remaining);
    this.remaining -= Buffer.byteLength(cut);
    if (this.remaining <= 0) this.ended = true;
    return cut;
  }
}
