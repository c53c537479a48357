/**
 * core/v1 Events. Mirrors kubernetes/pkg/apis/core/validation/events.go
 * (ValidateEventCreate and ValidateEventUpdate for the v1 API, which run only
 * legacyValidateEvent: the stricter events.k8s.io/v1 checks, metadata included,
 * are skipped for v1 "for backwards compatibility", so an Event name is not checked).
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
import type { Obj } from "./json.js";
import { byteLength, obj, str } from "./json.js";

export function validateEventCreate(ev: Obj): FieldError[] {
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

/** v1 updates run the same legacy checks on the new Event (no immutability checks in v1). */
export function validateEventUpdate(ev: Obj, _old: Obj): FieldError[] {
  return validateEventCreate(ev);
}
