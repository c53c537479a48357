/**
 * The event correlator. Mirrors client-go tools/record/events_cache.go
 * (`EventCorrelator`, `EventAggregator`, `eventLogger`,
 * `EventSourceObjectSpamFilter`), on the sim clock.
 *
 * Each event goes through three stages, in upstream's order:
 *
 * 1. **Aggregate similar events.** Events with the same source, involved
 *    object, type, reason, reportingController and reportingInstance but
 *    different messages are "similar". Once 10 distinct messages have been
 *    seen within 10 minutes of each other, further similar events are
 *    replaced by one aggregate event whose message is
 *    "(combined from similar events): " + the latest message, and which is
 *    counted under the aggregate key.
 * 2. **Count identical events.** An event identical to one seen before (same
 *    source, involved object incl. fieldPath, type, reason and message, or the
 *    same aggregate) is not created again: the existing Event gets count + 1,
 *    a new lastTimestamp and the same firstTimestamp and name, written as a
 *    strategic merge patch `{ count, lastTimestamp, message }`.
 * 3. **Filter spam.** A token bucket per source + involved object (burst 25,
 *    refilled at 1 token per 5 minutes) drops events beyond the budget. As
 *    upstream, a dropped event has still been counted in stage 2, so the next
 *    write carries the higher count.
 *
 *   ten "Scaled up replica set web-1 from 0 to 1" events at t, t+1s, ...:
 *     one Event, count 10, firstTimestamp t, lastTimestamp t+9s.
 *
 * Deviation: upstream drops an arbitrary message from a full aggregation
 * record (sets.String.PopAny); here the oldest one, so runs are reproducible.
 */
import type { Event } from "kubernetes-types/core/v1";
import type { Clock, Millis } from "@kubesim/sim";
import { rfc3339 } from "@kubesim/sim";
import { Lru } from "../internal/lru.js";
import { TokenBucket } from "../internal/token-bucket.js";

export const MAX_LRU_CACHE_ENTRIES = 4096;
/** If more than 10 similar events arrive in a 10 minute window, aggregate them. */
export const DEFAULT_AGGREGATE_MAX_EVENTS = 10;
export const DEFAULT_AGGREGATE_INTERVAL_SECONDS = 600;
/** A source may send 25 events about an object, then 1 every 5 minutes. */
export const DEFAULT_SPAM_BURST = 25;
export const DEFAULT_SPAM_QPS = 1 / 300;

export const AGGREGATE_MESSAGE_PREFIX = "(combined from similar events): ";

/** A name for an event at virtual time `now`: `<object>.<hex nanoseconds>`. */
export type EventNamer = (involvedObjectName: string, now: Millis) => string;

export interface CorrelatorOptions {
  readonly clock: Clock;
  /** Makes names for aggregate events (the recorder passes its own, so names never clash). */
  readonly namer: EventNamer;
  readonly lruCacheSize?: number;
  readonly burstSize?: number;
  readonly qps?: number;
  readonly maxEvents?: number;
  readonly maxIntervalInSeconds?: number;
}

export interface CorrelateResult {
  /** The event to write: a new one, or the existing one with count + 1. */
  readonly event: Event;
  /** When set, write by patching the existing Event with this body (strategic merge). */
  readonly patch?: {
    readonly count: number;
    readonly lastTimestamp: string;
    readonly message?: string;
  };
  /** True when the spam filter dropped the event. */
  readonly skip: boolean;
}

/** One part of a key: Go's string fields are "" when unset. */
const f = (part: string | undefined): string => part ?? "";

// The keys below are strings.Join of the fields. They are built with join()
// rather than `+`: join makes one flat string, where `+` leaves a tree of
// pieces that the caches keep (4096 entries each) and every lookup walks.

/** getEventKey: everything that makes two events identical. */
export function eventKey(e: Event): string {
  const o = e.involvedObject;
  return [
    f(e.source?.component),
    f(e.source?.host),
    f(o.kind),
    f(o.namespace),
    f(o.name),
    f(o.fieldPath),
    f(o.uid),
    f(o.apiVersion),
    f(e.type),
    f(e.reason),
    f(e.message),
  ].join("");
}

/** getSpamKey: the source and the involved object. */
export function spamKey(e: Event): string {
  const o = e.involvedObject;
  return [
    f(e.source?.component),
    f(e.source?.host),
    f(o.kind),
    f(o.namespace),
    f(o.name),
    f(o.uid),
    f(o.apiVersion),
  ].join("");
}

/** EventAggregatorByReasonFunc: [aggregate key, local key (the message)]. */
export function aggregateKeys(e: Event): readonly [string, string] {
  const o = e.involvedObject;
  return [
    [
      f(e.source?.component),
      f(e.source?.host),
      f(o.kind),
      f(o.namespace),
      f(o.name),
      f(o.uid),
      f(o.apiVersion),
      f(e.type),
      f(e.reason),
      f(e.reportingComponent),
      f(e.reportingInstance),
    ].join(""),
    e.message ?? "",
  ];
}

interface AggregateRecord {
  /** Distinct messages seen, oldest first. */
  readonly localKeys: Set<string>;
  lastTimestamp: Millis;
}

interface EventLog {
  readonly count: number;
  readonly firstTimestamp: string | undefined;
  readonly name: string;
  readonly resourceVersion: string | undefined;
}

export class EventCorrelator {
  private readonly clock: Clock;
  private readonly namer: EventNamer;
  private readonly maxEvents: number;
  private readonly maxInterval: Millis;
  private readonly burst: number;
  private readonly qps: number;
  private readonly aggregates: Lru<string, AggregateRecord>;
  private readonly observations: Lru<string, EventLog>;
  private readonly spam: Lru<string, TokenBucket>;

  constructor(options: CorrelatorOptions) {
    this.clock = options.clock;
    this.namer = options.namer;
    const size = options.lruCacheSize ?? MAX_LRU_CACHE_ENTRIES;
    this.maxEvents = options.maxEvents ?? DEFAULT_AGGREGATE_MAX_EVENTS;
    this.maxInterval = (options.maxIntervalInSeconds ?? DEFAULT_AGGREGATE_INTERVAL_SECONDS) * 1000;
    this.burst = options.burstSize ?? DEFAULT_SPAM_BURST;
    this.qps = options.qps ?? DEFAULT_SPAM_QPS;
    this.aggregates = new Lru(size);
    this.observations = new Lru(size);
    this.spam = new Lru(size);
  }

  /** EventCorrelate: aggregate, observe, then filter. */
  correlate(newEvent: Event): CorrelateResult {
    const [aggregated, key] = this.aggregate(newEvent);
    const { event, patch } = this.observe(aggregated, key);
    if (this.filter(event)) return { event, skip: true };
    return patch === undefined ? { event, skip: false } : { event, patch, skip: false };
  }

  /** UpdateState: remember what the server returned (name, resourceVersion, count). */
  updateState(event: Event): void {
    this.observations.add(eventKey(event), {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata?.name ?? "",
      resourceVersion: event.metadata?.resourceVersion,
    });
  }

  private aggregate(newEvent: Event): readonly [Event, string] {
    const now = this.clock.now();
    const fullKey = eventKey(newEvent);
    const [aggregateKey, localKey] = aggregateKeys(newEvent);
    let record = this.aggregates.get(aggregateKey);
    if (record === undefined || now - record.lastTimestamp > this.maxInterval) {
      record = { localKeys: new Set(), lastTimestamp: now };
    }
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.aggregates.add(aggregateKey, record);
    if (record.localKeys.size < this.maxEvents) return [newEvent, fullKey];

    // do not grow the set beyond the max (upstream pops an arbitrary key; we pop the oldest)
    const oldest = record.localKeys.values().next();
    if (oldest.done !== true) record.localKeys.delete(oldest.value);

    const ts = rfc3339(now);
    const aggregate: Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        name: this.namer(newEvent.involvedObject.name ?? "", now),
        ...(newEvent.metadata?.namespace === undefined
          ? {}
          : { namespace: newEvent.metadata.namespace }),
      },
      count: 1,
      firstTimestamp: ts,
      involvedObject: newEvent.involvedObject,
      lastTimestamp: ts,
      message: AGGREGATE_MESSAGE_PREFIX + (newEvent.message ?? ""),
      ...(newEvent.type === undefined ? {} : { type: newEvent.type }),
      ...(newEvent.reason === undefined ? {} : { reason: newEvent.reason }),
      ...(newEvent.source === undefined ? {} : { source: newEvent.source }),
      // the legacy recorder's fields, which upstream's aggregate copy leaves zero
      eventTime: null as unknown as string,
      reportingComponent: "",
      reportingInstance: "",
    };
    return [aggregate, aggregateKey];
  }

  private observe(
    newEvent: Event,
    key: string,
  ): { event: Event; patch?: CorrelateResult["patch"] } {
    const last = this.observations.get(key);
    let event = newEvent;
    let patch: CorrelateResult["patch"];
    if (last !== undefined && last.count > 0) {
      event = {
        ...newEvent,
        metadata: {
          ...newEvent.metadata,
          name: last.name,
          ...(last.resourceVersion === undefined ? {} : { resourceVersion: last.resourceVersion }),
        },
        ...(last.firstTimestamp === undefined ? {} : { firstTimestamp: last.firstTimestamp }),
        count: last.count + 1,
      };
      // CreateTwoWayMergePatch against a copy with count 0, lastTimestamp at the Unix epoch and no message
      const message = event.message ?? "";
      patch = {
        count: event.count!,
        lastTimestamp: event.lastTimestamp ?? rfc3339(this.clock.now()),
        ...(message === "" ? {} : { message }),
      };
    }
    this.observations.add(key, {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata?.name ?? "",
      resourceVersion: event.metadata?.resourceVersion,
    });
    return patch === undefined ? { event } : { event, patch };
  }

  /** EventSourceObjectSpamFilter.Filter: true when the event must be dropped. */
  private filter(event: Event): boolean {
    const key = spamKey(event);
    let bucket = this.spam.get(key);
    if (bucket === undefined) bucket = new TokenBucket(this.qps, this.burst);
    const drop = !bucket.tryAccept(this.clock.now());
    this.spam.add(key, bucket);
    return drop;
  }
}
