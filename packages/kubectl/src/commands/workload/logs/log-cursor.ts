/**
 * Following a container's log by polling it: which timestamped lines are
 * new since the last look. The kubelet's follow (pkg/kubelet/kuberuntime/logs
 * ReadLogs with Follow) hands each line on once, in time order; a poller
 * sees the whole log each time, so it remembers the newest time it has
 * passed on and the lines at that very time (several lines can share an
 * instant of virtual time). Shared by `kubectl logs -f` and the API
 * server's `pods/log?follow=true`.
 */

/** One timestamped line as the kubelet renders it: `2024-01-01T00:00:09.848000000Z text`. */
export interface LogLine {
  /** Milliseconds since the epoch (0 for a line without a stamp). */
  readonly t: number;
  /** The line with its stamp and newline. */
  readonly stamped: string;
  /** The line without its stamp, with its newline. */
  readonly text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** The lines of a log read with timestamps. */
export function parseLogLines(text: string): LogLine[] {
  const out: LogLine[] = [];
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

export class LogCursor {
  /** Time of the newest line passed on (or seen at the start), and the lines passed on at that time. */
  private lastT = -Infinity;
  private atLastT: string[] = [];

  /**
   * The newest time passed on (undefined before any line): a read from this
   * time on ("at or after", as the kubelet's since) holds every line `next`
   * can still pass on, so a poller need not read the whole log each time.
   */
  get since(): number | undefined {
    return Number.isFinite(this.lastT) ? this.lastT : undefined;
  }

  /** Records lines as passed on. */
  mark(lines: readonly LogLine[]): void {
    for (const l of lines) {
      if (l.t > this.lastT) {
        this.lastT = l.t;
        this.atLastT = [];
      }
      if (l.t === this.lastT) this.atLastT.push(l.stamped);
    }
  }

  /** The lines of a fresh read (with timestamps) not passed on yet, marked as passed on. */
  next(text: string): LogLine[] {
    const fresh: LogLine[] = [];
    const seenAtLastT = [...this.atLastT];
    for (const l of parseLogLines(text)) {
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
    return fresh;
  }
}
