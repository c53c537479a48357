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

export class LogBuffer {
  private times: Millis[] = [];
  private items: (string | RequestLine)[] = [];
  private start = 0;

  append(t: Millis, item: string | RequestLine): void {
    this.times.push(t);
    this.items.push(item);
    if (this.times.length - this.start > MAX_LOG_LINES) this.start++;
    if (this.start >= MAX_LOG_LINES) {
      this.times = this.times.slice(this.start);
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  line(t: Millis, text: string): void {
    this.append(t, text);
  }

  get length(): number {
    return this.times.length - this.start;
  }

  /** The log as `kubectl logs` prints it: one line each, newline-terminated, in time order. */
  read(options: LogOptions = {}): string {
    let idx: number[] = [];
    for (let i = this.start; i < this.times.length; i++)
      if (options.since === undefined || this.times[i]! >= options.since) idx.push(i);
    // lines are appended when they happen or are scheduled (a latency, a start delay): order by time
    idx.sort((a, b) => this.times[a]! - this.times[b]! || a - b);
    if (options.tailLines !== undefined && options.tailLines >= 0)
      idx = idx.slice(Math.max(0, idx.length - options.tailLines));
    let out = "";
    for (const i of idx) {
      const t = this.times[i]!;
      const text = renderLine(t, this.items[i]!);
      out +=
        options.timestamps === true
          ? `${rfc3339Micro(t).replace(/Z$/, "000Z")} ${text}\n`
          : `${text}\n`;
    }
    return out;
  }
}
