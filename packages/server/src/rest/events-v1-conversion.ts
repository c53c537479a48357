/**
 * events.k8s.io/v1 Event ⇄ core/v1 Event, the one conversion between the
 * two versions kube-apiserver serves over one storage. Mirrors
 * kubernetes/pkg/apis/events/v1/conversion.go (Convert_v1_Event_To_core_Event,
 * Convert_core_Event_To_v1_Event, AddFieldLabelConversionsForEvent) and the
 * generated field copies (zz_generated.conversion.go), composed with core/v1's
 * so that the internal Event never appears:
 *
 *   note ↔ message, regarding ↔ involvedObject, reportingController ↔
 *   reportingComponent, deprecatedSource ↔ source, deprecatedFirstTimestamp ↔
 *   firstTimestamp, deprecatedLastTimestamp ↔ lastTimestamp, deprecatedCount ↔
 *   count; eventTime, series, related, reportingInstance, action, reason, type
 *   and metadata as they are.
 *
 * Fields Go writes even when zero (no omitempty, or a struct) come out as Go
 * writes them: `eventTime: null`, `regarding: {}`, `deprecatedSource: {}`,
 * `deprecatedFirstTimestamp: null`, `deprecatedLastTimestamp: null`. The
 * functions are pure; results are frozen when their input is.
 */
import {
  badRequest,
  parseFieldSelector,
  transformFieldSelector,
  type FieldSelector,
} from "@kubesim/api";
import type { Event as CoreEvent } from "kubernetes-types/core/v1";
import type { Event as EventsV1Event } from "kubernetes-types/events/v1";

export const EVENTS_V1_API_VERSION = "events.k8s.io/v1";

/** events.k8s.io/v1 top-level field → core/v1 field, where the names differ. */
const V1_TO_CORE: Readonly<Record<string, string>> = {
  note: "message",
  regarding: "involvedObject",
  reportingController: "reportingComponent",
  deprecatedSource: "source",
  deprecatedFirstTimestamp: "firstTimestamp",
  deprecatedLastTimestamp: "lastTimestamp",
  deprecatedCount: "count",
};

const CORE_TO_V1: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(V1_TO_CORE).map(([v1, core]) => [core, v1]),
);

/** The fields both versions name alike (besides apiVersion and kind). */
const SHARED = [
  "metadata",
  "eventTime",
  "series",
  "reportingInstance",
  "action",
  "reason",
  "related",
  "type",
] as const;

/** events.k8s.io/v1 string fields Go leaves out when empty. */
const OMIT_EMPTY = ["note", "reportingController", "reportingInstance", "action", "reason", "type"];

type Json = Record<string, unknown>;

const present = (v: unknown): boolean => v !== undefined;

/** The events.k8s.io/v1 field name of a core/v1 top-level field (itself when alike). */
export function eventsV1FieldOf(coreField: string): string {
  return Object.hasOwn(CORE_TO_V1, coreField) ? CORE_TO_V1[coreField]! : coreField;
}

/** The core/v1 field name of an events.k8s.io/v1 top-level field (itself when alike). */
export function coreFieldOf(v1Field: string): string {
  return Object.hasOwn(V1_TO_CORE, v1Field) ? V1_TO_CORE[v1Field]! : v1Field;
}

const cache = new WeakMap<object, EventsV1Event>();

/**
 * Convert_core_Event_To_v1_Event: a stored core/v1 Event as events.k8s.io/v1
 * shows it. Frozen inputs are converted once (watch fan-out and lists share
 * the result).
 */
export function toEventsV1Event(ev: CoreEvent): EventsV1Event {
  const hit = cache.get(ev);
  if (hit !== undefined) return hit;
  const src = ev as unknown as Json;
  const out: Json = { apiVersion: EVENTS_V1_API_VERSION, kind: "Event" };
  for (const f of SHARED) if (present(src[f])) out[f] = src[f];
  out["eventTime"] ??= null;
  out["regarding"] = src["involvedObject"] ?? {};
  if (present(src["message"])) out["note"] = src["message"];
  if (present(src["reportingComponent"])) out["reportingController"] = src["reportingComponent"];
  // omitempty in events.k8s.io/v1 (core/v1 writes reportingComponent and reportingInstance always).
  for (const f of OMIT_EMPTY) if (out[f] === "") delete out[f];
  out["deprecatedSource"] = src["source"] ?? {};
  out["deprecatedFirstTimestamp"] = src["firstTimestamp"] ?? null;
  out["deprecatedLastTimestamp"] = src["lastTimestamp"] ?? null;
  if (typeof src["count"] === "number" && src["count"] !== 0) out["deprecatedCount"] = src["count"];
  const result = out as unknown as EventsV1Event;
  if (Object.isFrozen(ev)) {
    Object.freeze(result);
    cache.set(ev, result);
  }
  return result;
}

/**
 * Convert_v1_Event_To_core_Event: an events.k8s.io/v1 Event in core/v1
 * field names, for the core storage. apiVersion becomes v1; fields the body
 * leaves out stay out.
 */
export function toCoreEvent(ev: EventsV1Event): CoreEvent {
  const src = ev as unknown as Json;
  const out: Json = { apiVersion: "v1", kind: "Event" };
  for (const [k, v] of Object.entries(src)) {
    if (k === "apiVersion" || k === "kind" || v === undefined) continue;
    out[coreFieldOf(k)] = v;
  }
  return out as unknown as CoreEvent;
}

/**
 * A patch written against events.k8s.io/v1 fields, rewritten for the core/v1
 * object: the two versions differ only in top-level names (the nested
 * ObjectReference, EventSource and EventSeries are alike), so a merge or
 * strategic patch renames its top-level keys and a JSON patch the first
 * segment of each `path` and `from`. A patch of apiVersion or kind is left
 * as it is, so that the storage refuses it as it would.
 */
export function toCorePatch(
  type: "json" | "merge" | "strategic" | "apply",
  patch: unknown,
): unknown {
  if (type !== "json") {
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
    const renamed = Object.fromEntries(
      Object.entries(patch as Json).map(([k, v]) => [coreFieldOf(k), v]),
    );
    // An apply configuration names its version: the storage's is core/v1.
    return type === "apply" && "apiVersion" in renamed ? { ...renamed, apiVersion: "v1" } : renamed;
  }
  if (!Array.isArray(patch)) return patch;
  return patch.map((op: unknown) => {
    if (op === null || typeof op !== "object" || Array.isArray(op)) return op;
    const o = { ...(op as Json) };
    for (const key of ["path", "from"])
      if (typeof o[key] === "string") o[key] = corePointer(o[key] as string);
    return o;
  });
}

/** A JSON pointer into an events.k8s.io/v1 Event, pointing into the core/v1 one. */
function corePointer(pointer: string): string {
  if (!pointer.startsWith("/")) return pointer;
  const rest = pointer.slice(1);
  const slash = rest.indexOf("/");
  const head = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? "" : rest.slice(slash);
  return `/${coreFieldOf(head)}${tail}`;
}

/** AddFieldLabelConversionsForEvent's mapping: events.k8s.io/v1 label → the storage's field. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  reason: "reason",
  "regarding.kind": "involvedObject.kind",
  "regarding.namespace": "involvedObject.namespace",
  "regarding.name": "involvedObject.name",
  "regarding.uid": "involvedObject.uid",
  "regarding.apiVersion": "involvedObject.apiVersion",
  "regarding.resourceVersion": "involvedObject.resourceVersion",
  "regarding.fieldPath": "involvedObject.fieldPath",
  reportingController: "reportingComponent",
  source: "source",
  type: "type",
  "metadata.namespace": "metadata.namespace",
  "metadata.name": "metadata.name",
};

/**
 * An events.k8s.io/v1 field selector rewritten into the core/v1 Event's
 * labels (`regarding.name=web` → `involvedObject.name=web`), or the 400 of an
 * unsupported label: `field label not supported: involvedObject.name`.
 */
export function toCoreFieldSelector(selector: string): FieldSelector {
  return transformFieldSelector(parseFieldSelector(selector), (label, value) => {
    const mapped = Object.hasOwn(FIELD_LABELS, label) ? FIELD_LABELS[label] : undefined;
    if (mapped === undefined) throw badRequest(`field label not supported: ${label}`);
    return [mapped, value];
  });
}
