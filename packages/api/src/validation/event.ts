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
import { isDNS1123Subdomain, isQualifiedName } from "../names.js";
import { isPathSegmentName, isPathSegmentPrefix } from "./formats.js";
import type { Obj } from "./json.js";
import { byteLength, obj, str } from "./json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";

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
