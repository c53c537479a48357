/**
 * Namespaces. Mirrors kubernetes/pkg/apis/core/validation (ValidateNamespace,
 * ValidateNamespaceUpdate, validateFinalizerName).
 *
 * Guarantees: the name is a DNS label (`metadata.name: Invalid value: "a.b": a
 * lowercase RFC 1123 label ...`); metadata.namespace is forbidden;
 * spec.finalizers are qualified names or standard ones (reported at
 * `spec.finalizers`, without an index, as upstream); an update validates only
 * the metadata (the registry keeps spec and status from the stored object).
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isQualifiedName, nameIsDNSLabel } from "../names.js";
import type { Obj } from "./json.js";
import { obj, strings } from "./json.js";
import {
  metaOf,
  validateKubeFinalizerName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";

export function validateNamespaceCreate(ns: Obj): FieldError[] {
  const errs = validateObjectMeta(metaOf(ns), false, nameIsDNSLabel);
  for (const f of strings(obj(ns, "spec"), "finalizers")) {
    for (const m of isQualifiedName(f)) errs.push(fieldError.invalid("spec.finalizers", f, m));
    errs.push(...validateKubeFinalizerName(f, "spec.finalizers"));
  }
  return errs;
}

export function validateNamespaceUpdate(ns: Obj, old: Obj): FieldError[] {
  return validateObjectMetaUpdate(metaOf(ns), metaOf(old));
}
