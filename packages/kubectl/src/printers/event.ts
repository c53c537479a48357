/**
 * The `kubectl get events` row: LAST SEEN TYPE REASON OBJECT MESSAGE, and with
 * `-o wide` SUBOBJECT SOURCE FIRST SEEN COUNT NAME. Mirrors printEvent,
 * formatEventSource and eventColumnDefinitions in
 * pkg/printers/internalversion/printers.go.
 *
 * LAST SEEN falls back to the first time (firstTimestamp, else eventTime) and
 * to the series' last observation; OBJECT is `kind/name` in lower case.
 * `kubectl get events` prints the events in the order the list returns them
 * (by name): printEventList does not sort.
 */
import type { Event } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

const col = (
  name: string,
  description: string,
  priority: number,
  format = "",
): TableColumnDefinition => ({ name, type: "string", format, description, priority });

export const eventColumnDefinitions: readonly TableColumnDefinition[] = [
  col("Last Seen", "The time at which the most recent occurrence of this event was recorded.", 0),
  col("Type", "Type of this event (Normal, Warning), new types could be added in the future", 0),
  col(
    "Reason",
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    0,
  ),
  col("Object", "The object that this event is about.", 0),
  col(
    "Subobject",
    'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
    1,
  ),
  col(
    "Source",
    "The component reporting this event. Should be a short machine understandable string.",
    1,
  ),
  col("Message", "A human-readable description of the status of this operation.", 0),
  col(
    "First Seen",
    "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
    1,
  ),
  col("Count", "The number of times this event has occurred.", 1),
  col("Name", nameDescription, 1, "name"),
];

const firstNonEmpty = (...ss: (string | undefined)[]): string =>
  ss.find((s) => s !== undefined && s.length > 0) ?? "";

/** `kubelet, node-1`: the component (or reporting controller) and, when known, the host. */
export function formatEventSource(e: Event): string {
  const component = firstNonEmpty(e.source?.component, e.reportingComponent);
  const instance = firstNonEmpty(e.source?.host, e.reportingInstance);
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

/** Go's zero time: unset, null or empty. */
const isZero = (t: string | null | undefined): boolean => t == null || t === "";

/** The row for one Event at virtual time `now`. Pure. */
export function printEventRow(e: Event, now: Millis, options?: GenerateOptions): TableRow {
  const first = isZero(e.firstTimestamp)
    ? translateTimestampSince(e.eventTime ?? undefined, now)
    : translateTimestampSince(e.firstTimestamp, now);
  let last = isZero(e.lastTimestamp) ? first : translateTimestampSince(e.lastTimestamp, now);
  let count = e.count ?? 0;
  if (e.series != null) {
    last = translateTimestampSince(e.series.lastObservedTime ?? undefined, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // singleton events of the new API carry no count
    count = 1;
  }
  const kind = (e.involvedObject?.kind ?? "").toLowerCase();
  const name = e.involvedObject?.name ?? "";
  const target = name.length > 0 ? `${kind}/${name}` : kind;
  const message = (e.message ?? "").trim();
  if (options?.wide ?? true) {
    return {
      cells: [
        last,
        e.type ?? "",
        e.reason ?? "",
        target,
        e.involvedObject?.fieldPath ?? "",
        formatEventSource(e),
        message,
        first,
        String(count),
        e.metadata?.name ?? "",
      ],
    };
  }
  return { cells: [last, e.type ?? "", e.reason ?? "", target, message] };
}
