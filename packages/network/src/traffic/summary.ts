/**
 * What a stream of simulated requests came to: each result as recorded, and
 * a summary broken down by outcome (HTTP status, or the client's error) and
 * by the image of the container that answered, with latency percentiles.
 * A request succeeds when it got a 2xx or 3xx answer (what a load test counts
 * as not lost). No Kubernetes counterpart: this is the measuring tape of the
 * zero-downtime lessons.
 */
import type { Millis } from "@kubesim/sim";
import type { ClientError, ServedBy } from "../dataplane/types.js";

/** One request sent by a generator. */
export interface TrafficResult {
  /** 0, 1, 2 ... in the order sent. */
  readonly seq: number;
  /** When it was sent (virtual time). */
  readonly time: Millis;
  readonly latency: Millis;
  /** "200", "503", or the client error ("refused", "timeout", ...). */
  readonly outcome: string;
  readonly status?: number;
  readonly error?: ClientError;
  readonly ok: boolean;
  readonly servedBy?: ServedBy;
}

export interface OutcomeCount {
  readonly outcome: string;
  readonly ok: boolean;
  readonly count: number;
}

export interface ImageCount {
  readonly image: string;
  /** Answers from containers running this image. */
  readonly count: number;
  readonly succeeded: number;
  readonly failed: number;
}

export interface LatencySummary {
  readonly min: Millis;
  readonly mean: Millis;
  readonly p50: Millis;
  readonly p90: Millis;
  readonly p99: Millis;
  readonly max: Millis;
}

export interface TrafficSummary {
  readonly sent: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Statuses first (ascending), then errors (by name). */
  readonly byOutcome: readonly OutcomeCount[];
  /** Answered requests per serving image, by image name. */
  readonly byImage: readonly ImageCount[];
  /** Over every request (errors count with the time they took); undefined when none was sent. */
  readonly latency: LatencySummary | undefined;
  /** Send time of the first and last request counted. */
  readonly first: Millis | undefined;
  readonly last: Millis | undefined;
}

/** Whether an HTTP status counts as success: 2xx and 3xx. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 400;
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(results: readonly TrafficResult[]): TrafficSummary {
  const outcomes = new Map<string, OutcomeCount>();
  const images = new Map<string, { count: number; succeeded: number; failed: number }>();
  let succeeded = 0;
  const latencies: number[] = [];
  for (const r of results) {
    if (r.ok) succeeded++;
    const o = outcomes.get(r.outcome);
    outcomes.set(r.outcome, { outcome: r.outcome, ok: r.ok, count: (o?.count ?? 0) + 1 });
    if (r.servedBy !== undefined) {
      const i = images.get(r.servedBy.image) ?? { count: 0, succeeded: 0, failed: 0 };
      i.count++;
      if (r.ok) i.succeeded++;
      else i.failed++;
      images.set(r.servedBy.image, i);
    }
    latencies.push(r.latency);
  }
  latencies.sort((a, b) => a - b);
  const byOutcome = [...outcomes.values()].sort((a, b) => {
    const na = /^\d+$/.test(a.outcome);
    const nb = /^\d+$/.test(b.outcome);
    if (na !== nb) return na ? -1 : 1;
    if (na) return Number(a.outcome) - Number(b.outcome);
    return a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : 0;
  });
  const byImage = [...images.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([image, c]) => ({ image, ...c }));
  const n = results.length;
  return {
    sent: n,
    succeeded,
    failed: n - succeeded,
    byOutcome,
    byImage,
    latency:
      n === 0
        ? undefined
        : {
            min: latencies[0]!,
            mean: latencies.reduce((s, x) => s + x, 0) / n,
            p50: percentile(latencies, 50),
            p90: percentile(latencies, 90),
            p99: percentile(latencies, 99),
            max: latencies[n - 1]!,
          },
    first: results[0]?.time,
    last: results[n - 1]?.time,
  };
}
