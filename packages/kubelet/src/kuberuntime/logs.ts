/**
 * A container's log, as the runtime keeps it: timestamped lines, bounded the
 * way the kubelet's log rotation bounds them (containerLogMaxSize 10Mi, here
 * counted in lines). Request lines are stored as records and rendered when
 * read, so a probe every few seconds costs little.
 */
import { rfc3339Micro, type Millis } from "@kubesim/sim";

export type LogRecord =
  | { readonly t: Millis; readonly text: string }
  | {
      readonly t: Millis;
      readonly request: { readonly source: string; readonly method: string; readonly path: string; readonly status: number; readonly bytes: number; readonly agent: string };
    };

/** Lines kept per container instance before the oldest are dropped. */
export const MAX_LOG_LINES = 10_000;

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The common log format time: 01/Jan/2024:00:00:10 +0000. */
function clfTime(t: Millis): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function renderLog(r: LogRecord): string {
  if ("text" in r) return r.text;
  const q = r.request;
  return `${q.source} - - [${clfTime(r.t)}] "${q.method} ${q.path} HTTP/1.1" ${q.status} ${q.bytes} "-" "${q.agent}"`;
}

export interface LogOptions {
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  /** Only lines at or after this time. */
  readonly since?: Millis;
}

export class LogBuffer {
  private records: LogRecord[] = [];
  private start = 0;

  append(record: LogRecord): void {
    this.records.push(record);
    if (this.records.length - this.start > MAX_LOG_LINES) this.start++;
    if (this.start > MAX_LOG_LINES) {
      this.records = this.records.slice(this.start);
      this.start = 0;
    }
  }

  line(t: Millis, text: string): void {
    this.append({ t, text });
  }

  get length(): number {
    return this.records.length - this.start;
  }

  /** The log as `kubectl logs` prints it: one line each, newline-terminated. */
  read(options: LogOptions = {}): string {
    let rs = this.records.slice(this.start);
    if (options.since !== undefined) rs = rs.filter((r) => r.t >= options.since!);
    if (options.tailLines !== undefined && options.tailLines >= 0) rs = rs.slice(Math.max(0, rs.length - options.tailLines));
    return rs
      .map((r) => (options.timestamps === true ? `${rfc3339Micro(r.t).replace(/Z$/, "000Z")} ${renderLog(r)}` : renderLog(r)))
      .map((l) => `${l}\n`)
      .join("");
  }
}
