/**
 * core/v1 Events. Mirrors kubernetes/pkg/apis/core/validation/events.go
 * (ValidateEventCreate and ValidateEventUpdate for the v1 API, which run only
 * legacyValidateEvent: the stricter events.k8s.io/v1 checks, metadata included,
 * are skipped for v1 "for backwards compatibility"), plus the metadata checks
 * the generic registry runs for every kind (k8s.io/apiserver/pkg/registry/rest):
 *
 * - create (BeforeCreate): only once the Event checks pass, the generic
 *   ValidateObjectMetaAccessor with path-segment names:
 *   `metadata.name: Required value: name or generateName is required`,
 *   `metadata.name: Invalid value: "a/b": may not contain '/'`, labels,
 *   annotations, ownerReferences, finalizers (qualified names only);
 * - update (BeforeUpdate's validateCommonFields, then the Event checks): the
 *   same generic metadata checks and ValidateObjectMetaAccessorUpdate
 *   (immutable name, namespace, uid, creationTimestamp and deletion fields,
 *   resourceVersion required, no new finalizers while deleting).
 *
 * Guarantees:
 * - without eventTime: involvedObject.namespace matches metadata.namespace (an
 *   involved object without a namespace allows "" or "default");
 * - with eventTime: reportingController (JSON `reportingComponent`, a qualified name), reportingInstance,
 *   action and reason are required; length limits 128/128/128 and message 1024;
 * - metadata.namespace is a DNS subdomain (reported as `namespace`).
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from "../names.js";
import { isPathSegmentName, isPathSegmentPrefix } from "./formats.js";
import type { Obj } from "./json.js";
import { byteLength, obj, str } from "./json.js";
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  metaOf,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { semanticEqual } from "./semantic.js";

/** path.ValidatePathSegmentName: the name check of the generic registry. */
const pathSegmentName = (name: string, prefix: boolean): string[] =>
  prefix ? isPathSegmentPrefix(name) : isPathSegmentName(name);

/** The generic ValidateObjectMetaAccessor (no core-only finalizer-name check). */
function genericMetaErrors(ev: Obj): FieldError[] {
  return validateObjectMeta(metaOf(ev), true, pathSegmentName, "metadata", {
    kubeFinalizers: false,
  });
}

export function validateEventCreate(ev: Obj): FieldError[] {
  const errs = legacyValidateEvent(ev);
  // BeforeCreate runs the generic metadata checks only after the kind's own pass.
  return errs.length > 0 ? errs : genericMetaErrors(ev);
}

/** legacyValidateEvent. */
function legacyValidateEvent(ev: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = str(obj(ev, "metadata"), "namespace");
  const involvedNs = str(obj(ev, "involvedObject"), "namespace");
  const eventTime = ev["eventTime"];
  const mismatch = (): FieldError =>
    fieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
  if (eventTime === undefined || eventTime === null || eventTime === "") {
    if (involvedNs === "") {
      if (namespace !== "" && namespace !== "default") errs.push(mismatch());
    } else if (namespace !== involvedNs) errs.push(mismatch());
  } else {
    if (involvedNs === "" && namespace !== "default" && namespace !== "kube-system")
      errs.push(mismatch());
    // The v1 JSON name of the internal ReportingController field is reportingComponent;
    // errors keep the internal name, as upstream's do.
    const controller = str(ev, "reportingComponent");
    if (controller === "") errs.push(fieldError.required("reportingController"));
    for (const m of isQualifiedName(controller))
      errs.push(fieldError.invalid("reportingController", controller, m));
    const limits: [string, number][] = [
      ["reportingInstance", 128],
      ["action", 128],
      ["reason", 128],
    ];
    for (const [f, limit] of limits) {
      const v = str(ev, f);
      if (v === "") errs.push(fieldError.required(f));
      if (byteLength(v) > limit)
        errs.push(fieldError.invalid(f, "", `can have at most ${limit} characters`));
    }
    if (byteLength(str(ev, "message")) > 1024)
      errs.push(fieldError.invalid("message", "", "can have at most 1024 characters"));
  }
  for (const m of isDNS1123Subdomain(namespace))
    errs.push(fieldError.invalid("namespace", namespace, m));
  return errs;
}

/**
 * v1 updates: BeforeUpdate's common metadata checks, then the same legacy
 * checks on the new Event (the v1 strategy adds no immutability checks of its own).
 */
export function validateEventUpdate(ev: Obj, old: Obj): FieldError[] {
  return [
    ...genericMetaErrors(ev),
    ...validateObjectMetaUpdate(metaOf(ev), metaOf(old), "metadata", { kubeFinalizers: false }),
    ...legacyValidateEvent(ev),
  ];
}

/** A Go time (metav1.Time / MicroTime) left at its zero value. */
const zeroTime = (v: unknown): boolean => v === undefined || v === null || v === "";

/** validateV1EventSeries: a series counts at least 2 and has a lastObservedTime. */
function validateV1EventSeries(ev: Obj): FieldError[] {
  const series = ev["series"];
  if (series === undefined || series === null) return [];
  const errs: FieldError[] = [];
  const s = obj(ev, "series") ?? {};
  const count = typeof s["count"] === "number" ? s["count"] : 0;
  if (count < 2) errs.push(fieldError.invalid("series.count", "", "should be at least 2"));
  if (zeroTime(s["lastObservedTime"])) errs.push(fieldError.required("series.lastObservedTime"));
  return errs;
}

/**
 * ValidateEventCreate for a request through events.k8s.io/v1, on the Event
 * converted to core/v1 field names (upstream validates the internal Event, so
 * the paths are `firstTimestamp`, `source`, `count`, not their deprecated*
 * events.k8s.io names): the legacy checks, then the strict ones — ObjectMeta
 * with DNS-subdomain names, the series, `eventTime: Required value`, type
 * Normal or Warning, and no firstTimestamp, lastTimestamp, count or source.
 * The generic registry's metadata checks follow only when these pass.
 */
export function validateEventsV1EventCreate(ev: Obj): FieldError[] {
  const errs = legacyValidateEvent(ev);
  errs.push(...validateObjectMeta(metaOf(ev), true, nameIsDNSSubdomain));
  errs.push(...validateV1EventSeries(ev));
  if (zeroTime(ev["eventTime"])) errs.push(fieldError.required("eventTime"));
  const type = str(ev, "type");
  if (type !== "Normal" && type !== "Warning")
    errs.push(fieldError.invalid("type", "", `has invalid value: ${type}`));
  if (!zeroTime(ev["firstTimestamp"]))
    errs.push(fieldError.invalid("firstTimestamp", "", "needs to be unset"));
  if (!zeroTime(ev["lastTimestamp"]))
    errs.push(fieldError.invalid("lastTimestamp", "", "needs to be unset"));
  const count = ev["count"];
  if (typeof count === "number" && count !== 0)
    errs.push(fieldError.invalid("count", "", "needs to be unset"));
  const source = obj(ev, "source");
  if (str(source, "component") !== "" || str(source, "host") !== "")
    errs.push(fieldError.invalid("source", "", "needs to be unset"));
  return errs.length > 0 ? errs : genericMetaErrors(ev);
}

/** The internal Event's fields ValidateEventUpdate keeps immutable, by their core/v1 names. */
const IMMUTABLE: readonly [string, string][] = [
  ["involvedObject", "involvedObject"],
  ["reason", "reason"],
  ["message", "message"],
  ["source", "source"],
  ["firstTimestamp", "firstTimestamp"],
  ["lastTimestamp", "lastTimestamp"],
  ["count", "count"],
  ["reason", "reason"],
  ["type", "type"],
  ["eventTime", "eventTime"],
  ["action", "action"],
  ["related", "related"],
  ["reportingComponent", "reportingController"],
  ["reportingInstance", "reportingInstance"],
];

/** Go's zero value for a field left out of the JSON, so that absent and zero compare equal. */
function goValue(ev: Obj, field: string): unknown {
  const v = ev[field];
  if (v !== undefined && v !== null) return v;
  if (field === "count") return 0;
  if (field === "involvedObject" || field === "source") return {};
  if (field === "related") return null;
  if (field.endsWith("Timestamp") || field === "eventTime") return null;
  return "";
}

/**
 * ValidateEventUpdate for a request through events.k8s.io/v1 (core/v1 field
 * names): BeforeUpdate's common metadata checks, then the legacy checks,
 * ValidateObjectMetaUpdate, the series when it changed, and every field but
 * the series immutable (`field is immutable`).
 */
export function validateEventsV1EventUpdate(ev: Obj, old: Obj): FieldError[] {
  const errs = [
    ...genericMetaErrors(ev),
    ...validateObjectMetaUpdate(metaOf(ev), metaOf(old), "metadata", { kubeFinalizers: false }),
    ...legacyValidateEvent(ev),
    ...validateObjectMetaUpdate(metaOf(ev), metaOf(old), "metadata"),
  ];
  if (!semanticEqual(ev["series"] ?? null, old["series"] ?? null))
    errs.push(...validateV1EventSeries(ev));
  for (const [field, path] of IMMUTABLE) {
    const v = goValue(ev, field);
    if (!semanticEqual(v, goValue(old, field)))
      errs.push(fieldError.invalid(path, v, FIELD_IMMUTABLE_ERROR_MSG));
  }
  return errs;
}
