/**
 * The trace: an append-only record of what happened, each entry stamped with
 * virtual time. The apiserver records every write, the event recorder every
 * Event. Two runs with the same seed and inputs give the same trace, and so the
 * same hash: tests compare hashes to prove determinism.
 *
 * The hash is a running SHA-256 over each entry's JSON, one line per entry, so
 * entries need not be kept to hash them. It is computed for every write of the
 * apiserver, so it is kept cheap:
 *
 * - each line is `JSON.stringify({ t, seq, type, data })`: keys in insertion
 *   order, not sorted. Insertion order is deterministic (a recorder builds its
 *   data with the same code, in the same order, in every run), so the hash is
 *   as stable as with sorted keys. A recorder must therefore build `data` in a
 *   fixed key order (an object literal does); `{ a: 1, b: 2 }` and
 *   `{ b: 2, a: 1 }` hash differently. Values follow JSON.stringify (undefined
 *   members are dropped, undefined array elements become null, a Date becomes
 *   its ISO string).
 * - lines are buffered and fed to the digest in chunks of about 64 KB (and on
 *   `hash()`): SHA-256 over a stream does not depend on how it is split, so
 *   the hash is the SHA-256 of the concatenated lines, whatever the chunking.
 *
 *   trace.record("write", { verb: "create", name: "web" });   // at t=0
 *   // hashed line: {"t":0,"seq":0,"type":"write","data":{"verb":"create","name":"web"}}\n
 *
 * `toJSONLines()` still writes canonical JSON (sorted keys), for people and diffs.
 *
 * Details (TraceOptions.details): a recorder may attach a detail to an entry
 * (the apiserver attaches the object a write left), and the entry is stamped
 * with the loop task that recorded it. Details are kept on the retained
 * entries and handed to listeners, but are part neither of the hash nor of
 * `toJSONLines()`: turning them on changes no hash. They let a recorded trace
 * be replayed offline (@kubesim/testing's checkTrace rebuilds every object's
 * states from them), at the cost of keeping every version of every object.
 */
import { createHash, type Hash } from "node:crypto";
import type { Clock } from "./clock.js";
import type { Millis } from "./duration.js";
import { canonicalJson } from "./canonical-json.js";

export interface TraceEntry<T = unknown> {
  /** Virtual time of the entry. */
  readonly t: Millis;
  /** Position in the trace, from 0. */
  readonly seq: number;
  /** What kind of entry: "write", "event", ... (the recorder's choice). */
  readonly type: string;
  readonly data: T;
  /** With `details`: what the recorder attached (a write: the object it left). Never hashed. */
  readonly detail?: unknown;
  /**
   * With `details`: the loop task that recorded the entry (TraceOptions.task);
   * absent for an entry recorded between tasks. Never hashed.
   */
  readonly task?: number;
}

export interface TraceOptions {
  /** Keep entries in memory for `entries()` and `toJSONLines()` (default true). */
  readonly retain?: boolean;
  /** Keep each entry's detail and task stamp (default false; see above). */
  readonly details?: boolean;
  /** Which loop task is running (Loop.currentTask), for the task stamp of entries with `details`. */
  readonly task?: () => number | undefined;
}

/**
 * `JSON.stringify(entry)`, written out for the usual case (a finite time and
 * data that serialises) so that only `data` goes through the serialiser:
 * the same text, for about half the work.
 */
function entryJson(entry: TraceEntry): string {
  const data = JSON.stringify(entry.data) as string | undefined;
  if (data === undefined || !Number.isFinite(entry.t)) return JSON.stringify(hashed(entry));
  return `{"t":${entry.t},"seq":${entry.seq},"type":${JSON.stringify(entry.type)},"data":${data}}`;
}

/** The part of an entry that is hashed and exported: no detail, no task stamp. */
function hashed(entry: TraceEntry): TraceEntry {
  return { t: entry.t, seq: entry.seq, type: entry.type, data: entry.data };
}

/** Buffered characters that trigger a digest update (about 64 KB of ASCII). */
const FLUSH_AT = 64 * 1024;

export type TraceListener = (entry: TraceEntry) => void;

export class Trace {
  private readonly clock: Clock;
  private readonly retain: boolean;
  private readonly details: boolean;
  private readonly task: (() => number | undefined) | undefined;
  private readonly kept: TraceEntry[] = [];
  private readonly digest: Hash = createHash("sha256");
  /** Lines not yet fed to the digest (flushed past FLUSH_AT characters and on `hash()`). */
  private pending = "";
  private readonly listeners = new Set<TraceListener>();
  private count = 0;

  constructor(clock: Clock, options: TraceOptions = {}) {
    this.clock = clock;
    this.retain = options.retain ?? true;
    this.details = options.details ?? false;
    this.task = options.task;
  }

  get length(): number {
    return this.count;
  }

  /** Records an entry; `detail` is kept only with `details` (and never hashed). */
  record<T>(type: string, data: T, detail?: unknown): TraceEntry<T> {
    const t = this.clock.now();
    const seq = this.count++;
    const entry: TraceEntry<T> = !this.details
      ? { t, seq, type, data }
      : {
          t,
          seq,
          type,
          data,
          ...(detail === undefined ? {} : { detail }),
          ...this.taskStamp(),
        };
    this.pending += `${entryJson(entry)}\n`;
    if (this.pending.length >= FLUSH_AT) this.flush();
    if (this.retain) this.kept.push(entry);
    if (this.listeners.size > 0) for (const l of this.listeners) l(entry);
    return entry;
  }

  private taskStamp(): { task?: number } {
    const task = this.task?.();
    return task === undefined ? {} : { task };
  }

  /** Calls `listener` for every entry recorded from now on; returns an unsubscribe function. */
  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The retained entries (empty when created with retain: false). */
  entries(): readonly TraceEntry[] {
    return this.kept;
  }

  /** Hex SHA-256 of every entry so far, in order; stable across runs and machines. */
  hash(): string {
    this.flush();
    return this.digest.copy().digest("hex");
  }

  private flush(): void {
    if (this.pending === "") return;
    this.digest.update(this.pending);
    this.pending = "";
  }

  /** One canonical JSON object per line, in order, ending with a newline. */
  toJSONLines(): string {
    return this.kept.map((e) => `${canonicalJson(this.details ? hashed(e) : e)}\n`).join("");
  }
}
