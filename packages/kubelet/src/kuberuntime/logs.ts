/**
 * A container's log, as the runtime keeps it: timestamped lines, bounded the
 * way the kubelet's log rotation bounds them (containerLogMaxSize, here
 * counted in lines). A request line is stored as a shared descriptor and
 * rendered when read, so a probe every few seconds costs two array slots.
 */
import { rfc3339Micro, type Millis } from "@kubesim/sim";

/** One served request, as the app's access log records it. */
export interface RequestLine {
  readonly source: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  readonly agent: string;
}

/** Lines kept per container instance before the oldest are dropped. */
export const MAX_LOG_LINES = 1_000;

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The common log format time: 01/Jan/2024:00:00:10 +0000. */
function clfTime(t: Millis): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function renderLine(t: Millis, item: string | RequestLine): string {
  if (typeof item === "string") return item;
  return `${item.source} - - [${clfTime(t)}] "${item.method} ${item.path} HTTP/1.1" ${item.status} ${item.bytes} "-" "${item.agent}"`;
}

export interface LogOptions {
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  /** Only lines at or after this time. */
  readonly since?: Millis;
}

/**
 * Lines repeated on a period (a probe's access-log line while its container
 * stays healthy): `first`, `first + period`, ... `count` of them, or, while
 * the run is open, every one up to the time of reading.
 */
export class LogRun {
  count: number | undefined = undefined;
  constructor(
    public first: Millis,
    readonly period: Millis,
    readonly line: RequestLine,
  ) {}

  /** How many of its lines exist at `now`. */
  linesAt(now: Millis): number {
    if (this.count !== undefined) return this.count;
    return now < this.first ? 0 : Math.floor((now - this.first) / this.period) + 1;
  }

  close(count: number): void {
    this.count = count;
  }
}

type Entry = string | RequestLine | LogRun;

export class LogBuffer {
  private times: Millis[] = [];
  private items: Entry[] = [];
  private start = 0;

  append(t: Millis, item: string | RequestLine | LogRun): void {
    this.times.push(t);
    this.items.push(item);
    if (this.times.length - this.start > MAX_LOG_LINES) this.start++;
    if (this.start >= MAX_LOG_LINES) {
      this.times = this.times.slice(this.start);
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  /** Opens a run of repeated lines (closed by the caller with its final count). */
  openRun(first: Millis, period: Millis, line: RequestLine): LogRun {
    const run = new LogRun(first, period, line);
    this.append(first, run);
    return run;
  }

  line(t: Millis, text: string): void {
    this.append(t, text);
  }

  /**
   * The log as `kubectl logs` prints it at `now`: one line each,
   * newline-terminated, in time order, the last MAX_LOG_LINES of them.
   */
  read(now: Millis, options: LogOptions = {}): string {
    const lines: [Millis, number, string | RequestLine][] = [];
    let order = 0;
    for (let i = this.start; i < this.times.length; i++) {
      const item = this.items[i]!;
      if (item instanceof LogRun) {
        const n = item.linesAt(now);
        for (let k = 0; k < n; k++) lines.push([item.first + k * item.period, order++, item.line]);
      } else if (this.times[i]! <= now) {
        lines.push([this.times[i]!, order++, item]);
      }
    }
    // Lines are appended when they happen or are scheduled (a latency, a start delay): order by
    // time. At one instant, the app's own lines come first, in the order written; requests served
    // at the same instant (simultaneous, so unordered in a real log) follow by path.
    const path = (x: string | RequestLine): string => (typeof x === "string" ? "" : x.path);
    lines.sort((a, b) => {
      if (a[0] !== b[0]) return a[0] - b[0];
      const pa = path(a[2]);
      const pb = path(b[2]);
      if (pa !== pb) return pa < pb ? -1 : 1;
      return a[1] - b[1];
    });
    let kept = lines.slice(Math.max(0, lines.length - MAX_LOG_LINES));
    if (options.since !== undefined) kept = kept.filter(([t]) => t >= options.since!);
    if (options.tailLines !== undefined && options.tailLines >= 0)
      kept = kept.slice(Math.max(0, kept.length - options.tailLines));
    let out = "";
    for (const [t, , item] of kept) {
      const text = renderLine(t, item);
      out +=
        options.timestamps === true
          ? `${rfc3339Micro(t).replace(/Z$/, "000Z")} ${text}\n`
          : `${text}\n`;
    }
    return out;
  }
}
