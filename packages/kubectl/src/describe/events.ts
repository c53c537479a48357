/**
 * Events as describe shows them: which Events belong to an object
 * (searchEvents' field selector on involvedObject), the `10s (x3 over 2m)`
 * interval, and the `Events:` table.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (DescribeEvents,
 * searchEvents, translateTimestampSince, translateMicroTimestampSince),
 * pkg/util/event/sorted_event_list.go (SortableEvents, by lastTimestamp) and
 * client-go's EventInterface.GetFieldSelector.
 *
 * Deviation: Go's sort.Sort is not stable for more than 12 events; kubesim
 * keeps the list order (by name, as the API server lists them) among events
 * with the same lastTimestamp.
 */
import type { Millis } from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import { parseTimestamp, translateTimestampSince } from "../printers/timestamp.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./prefix-writer.js";

/** What searchEvents asks for: involvedObject.name/namespace always, kind and uid when set. */
export interface EventQuery {
  readonly name: string;
  /** "" for cluster-scoped objects (nodes). */
  readonly namespace: string;
  /** Omitted for pods (PodDescriber clears ref.Kind). */
  readonly kind?: string;
  readonly uid?: string;
}

/** The events matching `q`, as the involvedObject field selector picks them. */
export function searchEvents(events: readonly Event[], q: EventQuery): Event[] {
  return events.filter((e) => {
    const o = e.involvedObject;
    if ((o.name ?? "") !== q.name) return false;
    if ((o.namespace ?? "") !== q.namespace) return false;
    if (q.kind !== undefined && q.kind !== "" && (o.kind ?? "") !== q.kind) return false;
    if (q.uid !== undefined && q.uid !== "" && (o.uid ?? "") !== q.uid) return false;
    return true;
  });
}

/** translateMicroTimestampSince / translateTimestampSince: "<unknown>" for an unset time. */
function since(timestamp: string | null | undefined, now: Millis): string {
  return translateTimestampSince(timestamp ?? undefined, now);
}

const isZero = (t: string | null | undefined): boolean =>
  parseTimestamp(t ?? undefined) === undefined;

/** The Age / LAST SEEN cell: `5s`, or `10s (x3 over 2m)` for a repeated event. */
export function eventInterval(e: Event, now: Millis): string {
  const first = isZero(e.eventTime) ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  if (e.series !== undefined && e.series !== null)
    return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** SortableEvents (describe): oldest lastTimestamp first; stable among equals. */
export function sortEventsByLastTimestamp(events: readonly Event[]): Event[] {
  // An unset time is Go's zero time, before every other.
  const t = (e: Event) => parseTimestamp(e.lastTimestamp ?? undefined) ?? Number.MIN_SAFE_INTEGER;
  return [...events].sort((a, b) => t(a) - t(b));
}

/** DescribeEvents: `Events:\t<none>`, or the Type/Reason/Age/From/Message table. */
export function describeEvents(events: readonly Event[], w: PrefixWriter, now: Millis): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sortEventsByLastTimestamp(events)) {
    const source =
      e.source?.component !== undefined && e.source.component !== ""
        ? e.source.component
        : (e.reportingComponent ?? "");
    w.write(
      LEVEL_1,
      `${e.type ?? ""}\t${e.reason ?? ""}\t${eventInterval(e, now)}\t${source}\t${(e.message ?? "").trim()}\n`,
    );
  }
}
