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
 * the run is open, every one up to the time of reading. The oldest
 * `dropped` of them have been rotated away.
 */
export class LogRun {
  count: number | undefined = undefined;
  dropped = 0;
  constructor(
    readonly first: Millis,
    readonly period: Millis,
    readonly line: RequestLine,
  ) {}

  /** How many of its lines exist at `now` (rotated ones included). */
  totalAt(now: Millis): number {
    if (this.count !== undefined) return this.count;
    return now < this.first ? 0 : Math.floor((now - this.first) / this.period) + 1;
  }

  close(count: number): void {
    this.count = count;
  }
}

type Entry = string | RequestLine | LogRun;
type Line = [t: Millis, order: number, item: string | RequestLine];

/** One instant's lines: the app's own first (as written), then requests by path. */
function byTime(a: Line, b: Line): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  const pa = typeof a[2] === "string" ? "" : a[2].path;
  const pb = typeof b[2] === "string" ? "" : b[2].path;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a[1] - b[1];
}

export class LogBuffer {
  private times: Millis[] = [];
  private items: Entry[] = [];

  append(t: Millis, item: string | RequestLine | LogRun): void {
    this.times.push(t);
    this.items.push(item);
    if (this.items.length > 2 * MAX_LOG_LINES) this.rotate(t);
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

  private lines(now: Millis): Line[] {
    const out: Line[] = [];
    let order = 0;
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i]!;
      if (item instanceof LogRun) {
        const n = item.totalAt(now);
        for (let k = item.dropped; k < n; k++)
          out.push([item.first + k * item.period, order++, item.line]);
      } else if (this.times[i]! <= now) {
        out.push([this.times[i]!, order++, item]);
      }
    }
    return out.sort(byTime);
  }

  /**
   * Log rotation: keeps the lines no older than the MAX_LOG_LINES-th newest
   * at `now` (all a reader can see from now on), dropping the rest.
   */
  private rotate(now: Millis): void {
    const all = this.lines(now);
    if (all.length <= MAX_LOG_LINES) return;
    const cutoff = all[all.length - MAX_LOG_LINES]![0];
    const times: Millis[] = [];
    const items: Entry[] = [];
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i]!;
      const t = this.times[i]!;
      if (item instanceof LogRun) {
        const keepFrom = Math.max(0, Math.ceil((cutoff - item.first) / item.period));
        item.dropped = Math.max(item.dropped, keepFrom);
        if (item.count !== undefined && item.dropped >= item.count) continue;
      } else if (t < cutoff) continue;
      times.push(t);
      items.push(item);
    }
    this.times = times;
    this.items = items;
  }

  /**
   * The log as `kubectl logs` prints it at `now`: one line each,
   * newline-terminated, in time order, the last MAX_LOG_LINES of them.
   */
  read(now: Millis, options: LogOptions = {}): string {
    const lines = this.lines(now);
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
