/**
 * The trace: an append-only record of what happened, each entry stamped with
 * virtual time. The apiserver records every write, the event recorder every
 * Event. Two runs with the same seed and inputs give the same trace, and so the
 * same hash: tests compare hashes to prove determinism.
 *
 * The hash is a running SHA-256 over each entry's canonical JSON, so computing
 * it costs nothing extra per query, and entries need not be kept to hash them.
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
}

export interface TraceOptions {
  /** Keep entries in memory for `entries()` and `toJSONLines()` (default true). */
  readonly retain?: boolean;
}

export type TraceListener = (entry: TraceEntry) => void;

export class Trace {
  private readonly clock: Clock;
  private readonly retain: boolean;
  private readonly kept: TraceEntry[] = [];
  private readonly digest: Hash = createHash("sha256");
  private readonly listeners = new Set<TraceListener>();
  private count = 0;

  constructor(clock: Clock, options: TraceOptions = {}) {
    this.clock = clock;
    this.retain = options.retain ?? true;
  }

  get length(): number {
    return this.count;
  }

  record<T>(type: string, data: T): TraceEntry<T> {
    const entry: TraceEntry<T> = { t: this.clock.now(), seq: this.count++, type, data };
    this.digest.update(canonicalJson(entry));
    this.digest.update("\n");
    if (this.retain) this.kept.push(entry);
    for (const l of this.listeners) l(entry);
    return entry;
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
    return this.digest.copy().digest("hex");
  }

  /** One canonical JSON object per line, in order, ending with a newline. */
  toJSONLines(): string {
    return this.kept.map((e) => `${canonicalJson(e)}\n`).join("");
  }
}
