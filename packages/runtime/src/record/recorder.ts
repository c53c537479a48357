/**
 * The event recorder: how components report what they did as core/v1 Events.
 * Mirrors client-go tools/record/event.go (`EventBroadcaster`,
 * `EventRecorder.Event/Eventf/AnnotatedEventf`, `makeEvent`, `recordToSink`,
 * `recordEvent`) with the correlator of events_cache.go.
 *
 *   const broadcaster = new EventBroadcaster({ client, loop });
 *   const recorder = broadcaster.newRecorder({ component: "deployment-controller" });
 *   recorder.eventf(deployment, "Normal", "ScalingReplicaSet",
 *     "Scaled up replica set %s from %d to %d", "web-7d9c6b5f4", 0, 1);
 *
 * writes, as kube-controller-manager does:
 *
 *   { apiVersion: v1, kind: Event,
 *     metadata: { name: "web.17a1e4a2b3c4d5e6", namespace: "default" },
 *     involvedObject: { kind: Deployment, apiVersion: apps/v1, name: web, namespace: default, uid, resourceVersion },
 *     reason: ScalingReplicaSet, message: "Scaled up replica set web-7d9c6b5f4 from 0 to 1",
 *     source: { component: deployment-controller }, type: Normal, count: 1,
 *     firstTimestamp: "...Z", lastTimestamp: "...Z", eventTime: null,
 *     reportingComponent: deployment-controller, reportingInstance: "" }
 *
 * Repeats are correlated (correlator.ts): an identical event patches the
 * existing Event's count and lastTimestamp; a patch that finds the Event gone
 * (NotFound) creates it again.
 *
 * Names are `<involvedObject.name>.<16 hex digits>`, upstream's
 * `%x` of UnixNano. The nanoseconds come from the virtual clock plus a
 * per-recorder sequence within the millisecond, so names are reproducible
 * and distinct.
 *
 * Deviations: events are written synchronously, inside the call, where
 * upstream hands them to a broadcaster goroutine; an API error (a Status) is
 * logged and the event dropped, as upstream, and other errors are retried
 * every 10 s up to 12 tries, without upstream's random first delay.
 */
import { isApiError, isNotFound, type ApiClient, type KubeObject } from "@kubesim/api";
import type { Loop, Millis, Trace } from "@kubesim/sim";
import { rfc3339 } from "@kubesim/sim";
import type { Event, ObjectReference } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { silentLogger, type Logger } from "../log.js";
import { EventCorrelator, type CorrelateResult, type CorrelatorOptions } from "./correlator.js";
import { sprintf } from "./sprintf.js";

export type EventType = "Normal" | "Warning";

/** What an event is about: an object with kind and apiVersion, or a reference. */
export type InvolvedObject = KubeObject | ObjectReference;

export interface EventSource {
  /** source.component and reportingComponent: "deployment-controller". */
  readonly component: string;
  /** source.host and reportingInstance: the node name for a kubelet; "" for controllers. */
  readonly host?: string;
}

/** client-go record.EventRecorder. */
export interface EventRecorder {
  event(object: InvolvedObject, type: EventType, reason: string, message: string): void;
  eventf(
    object: InvolvedObject,
    type: EventType,
    reason: string,
    format: string,
    ...args: readonly unknown[]
  ): void;
  annotatedEventf(
    object: InvolvedObject,
    annotations: Readonly<Record<string, string>>,
    type: EventType,
    reason: string,
    format: string,
    ...args: readonly unknown[]
  ): void;
}

export interface EventBroadcasterOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  /** When given, each written Event is also recorded as a trace entry of type "event". */
  readonly trace?: Trace;
  readonly logger?: Logger;
  /** Overrides for the correlator (cache size, burst, qps, aggregation limits). */
  readonly correlator?: Omit<CorrelatorOptions, "clock" | "namer">;
}

/** Upstream maxTriesPerEvent and sleepDuration. */
export const MAX_TRIES_PER_EVENT = 12;
export const EVENT_RETRY_INTERVAL: Millis = 10_000;

/**
 * Builds the involved object's reference (client-go tools/reference
 * GetReference): kind, apiVersion, name, namespace, uid, resourceVersion.
 * Returns undefined when the object lacks kind or apiVersion.
 */
export function getReference(object: InvolvedObject): ObjectReference | undefined {
  if (!("metadata" in object)) return object.kind === undefined ? undefined : object;
  const { kind, apiVersion, metadata } = object as {
    kind?: string;
    apiVersion?: string;
    metadata?: ObjectMeta;
  };
  if (kind === undefined || kind === "" || apiVersion === undefined || apiVersion === "")
    return undefined;
  const ref: ObjectReference = { kind, apiVersion };
  if (metadata?.name !== undefined) ref.name = metadata.name;
  if (metadata?.namespace !== undefined && metadata.namespace !== "")
    ref.namespace = metadata.namespace;
  if (metadata?.uid !== undefined) ref.uid = metadata.uid;
  if (metadata?.resourceVersion !== undefined) ref.resourceVersion = metadata.resourceVersion;
  return ref;
}

/** A stable small hash, to keep different recorders' names apart within one millisecond. */
function hash1000(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return h % 1000;
}

/**
 * Creates recorders that share one correlator, as the recorders of one
 * kube-controller-manager share its broadcaster's sink.
 */
export class EventBroadcaster {
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly trace: Trace | undefined;
  private readonly log: Logger;
  private readonly correlator: EventCorrelator;
  private lastNameMs: Millis = -1;
  private nameSeq = 0;

  constructor(options: EventBroadcasterOptions) {
    this.client = options.client;
    this.loop = options.loop;
    this.trace = options.trace;
    this.log = options.logger ?? silentLogger();
    this.correlator = new EventCorrelator({
      ...options.correlator,
      clock: options.loop,
      namer: (name, now) => this.eventName(name, now, ""),
    });
  }

  newRecorder(source: EventSource): EventRecorder {
    // Frozen: every Event of this recorder then shares it (the API server keeps frozen parts as they are).
    const src = Object.freeze({
      component: source.component,
      ...(source.host === undefined || source.host === "" ? {} : { host: source.host }),
    });
    const emit = (
      object: InvolvedObject,
      annotations: Readonly<Record<string, string>> | undefined,
      type: EventType,
      reason: string,
      message: string,
    ): void => {
      const ref = getReference(object);
      if (ref === undefined) {
        this.log.error(
          { reason, message },
          "Could not construct reference to object: kind and apiVersion are required",
        );
        return;
      }
      if (type !== "Normal" && type !== "Warning") {
        this.log.error({ type }, `Unsupported event type: '${String(type)}'`);
        return;
      }
      this.record(this.makeEvent(ref, src, annotations, type, reason, message));
    };
    return {
      event: (object, type, reason, message) => emit(object, undefined, type, reason, message),
      eventf: (object, type, reason, format, ...args) =>
        emit(object, undefined, type, reason, sprintf(format, ...args)),
      annotatedEventf: (object, annotations, type, reason, format, ...args) =>
        emit(object, annotations, type, reason, sprintf(format, ...args)),
    };
  }

  /** `<name>.<hex of UnixNano>`, the nanoseconds made unique per broadcaster and source. */
  private eventName(name: string, now: Millis, salt: string): string {
    if (now !== this.lastNameMs) {
      this.lastNameMs = now;
      this.nameSeq = 0;
    }
    const sub = hash1000(salt) * 1000 + (this.nameSeq++ % 1000);
    const nanos = BigInt(Math.floor(now)) * 1_000_000n + BigInt(sub);
    // join() makes a flat string: the name is a store key, looked up and compared often.
    return [name, ".", nanos.toString(16)].join("");
  }

  /** makeEvent (event.go). */
  private makeEvent(
    ref: ObjectReference,
    source: { component: string; host?: string },
    annotations: Readonly<Record<string, string>> | undefined,
    type: EventType,
    reason: string,
    message: string,
  ): Event {
    const now = this.loop.now();
    const t = rfc3339(now);
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        name: this.eventName(ref.name ?? "", now, `${source.component}/${source.host ?? ""}`),
        namespace: ref.namespace === undefined || ref.namespace === "" ? "default" : ref.namespace,
        ...(annotations === undefined ? {} : { annotations: { ...annotations } }),
      },
      involvedObject: ref,
      reason,
      message,
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      type,
      source,
      // the legacy core/v1 recorder leaves eventTime zero, which serialises as null
      eventTime: null as unknown as string,
      reportingComponent: source.component,
      reportingInstance: source.host ?? "",
    };
  }

  /** recordToSink: correlate, then write (with retries for non-API errors). */
  private record(event: Event): void {
    const result = this.correlator.correlate(event);
    if (result.skip) {
      this.log.debug({ reason: event.reason }, "event dropped by the spam filter");
      return;
    }
    this.attempt(result, 1);
  }

  private attempt(result: CorrelateResult, tries: number): void {
    if (this.write(result)) return;
    if (tries >= MAX_TRIES_PER_EVENT) {
      this.log.error(
        { reason: result.event.reason },
        `Unable to write event (retry limit exceeded!)`,
      );
      return;
    }
    this.loop.after(EVENT_RETRY_INTERVAL, () => this.attempt(result, tries + 1), "record.retry");
  }

  /** recordEvent: returns true when done (written, or given up for good). */
  private write({ event, patch }: CorrelateResult): boolean {
    const ns = event.metadata?.namespace;
    const name = event.metadata?.name ?? "";
    let written: Event | undefined;
    try {
      if (patch !== undefined && (event.count ?? 1) > 1) {
        try {
          written = this.client.patch("Event", ns, name, "strategic", patch);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      if (written === undefined) {
        // the Event may have been removed: create it again, without a resourceVersion
        const { resourceVersion: _rv, ...meta } = event.metadata ?? {};
        written = this.client.create("Event", { ...event, metadata: meta });
      }
    } catch (e) {
      if (isApiError(e)) {
        this.log.error({ err: e, reason: event.reason }, "Server rejected event (will not retry!)");
        return true;
      }
      this.log.error(
        { err: e, reason: event.reason },
        "Unable to write event (may retry after sleeping)",
      );
      return false;
    }
    this.correlator.updateState(written);
    this.trace?.record("event", {
      namespace: written.metadata?.namespace ?? "",
      name: written.metadata?.name ?? "",
      involvedObject: `${event.involvedObject.kind ?? ""}/${event.involvedObject.namespace ?? ""}/${event.involvedObject.name ?? ""}`,
      type: written.type ?? "",
      reason: written.reason ?? "",
      message: written.message ?? "",
      count: written.count ?? 1,
    });
    return true;
  }
}
