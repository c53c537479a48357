/**
 * networking.k8s.io/v1 IngressClasses. Mirrors kubernetes/pkg/apis/networking/validation
 * (ValidateIngressClass, ValidateIngressClassUpdate, validateIngressClassSpec,
 * validateIngressClassParametersReference).
 *
 * Guarantees: cluster-scoped (no namespace), a DNS-subdomain name;
 * `spec.controller: Required value`, at most 250 characters, a domain-prefixed
 * path ("example.com/ingress-nginx"), immutable on update; parameters need a
 * kind, a name and a scope (Cluster, or Namespace with a namespace).
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isDNS1123Subdomain, nameIsDNSLabel, nameIsDNSSubdomain } from "../names.js";
import { isDomainPrefixedPath, isPathSegmentName } from "./formats.js";
import type { Obj } from "./json.js";
import { obj, optStr, str } from "./json.js";
import {
  metaOf,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { child } from "./path.js";

function validateParameters(params: Obj | undefined, path: string): FieldError[] {
  if (params === undefined) return [];
  const errs: FieldError[] = [];
  const apiGroup = optStr(params, "apiGroup");
  if (apiGroup !== undefined)
    for (const m of isDNS1123Subdomain(apiGroup))
      errs.push(fieldError.invalid(child(path, "apiGroup"), apiGroup, m));
  for (const f of ["kind", "name"]) {
    const v = str(params, f);
    if (v === "") errs.push(fieldError.required(child(path, f)));
    else for (const m of isPathSegmentName(v)) errs.push(fieldError.invalid(child(path, f), v, m));
  }
  const scope = optStr(params, "scope");
  if (scope === undefined) return [...errs, fieldError.required(child(path, "scope"))];
  const namespace = optStr(params, "namespace");
  if (scope !== "Cluster" && scope !== "Namespace") {
    errs.push(fieldError.notSupported(child(path, "scope"), scope, ["Cluster", "Namespace"]));
  } else if (scope === "Namespace") {
    if (namespace === undefined)
      errs.push(
        fieldError.required(child(path, "namespace"), "`parameters.scope` is set to 'Namespace'"),
      );
    else
      for (const m of nameIsDNSLabel(namespace, false))
        errs.push(fieldError.invalid(child(path, "namespace"), namespace, m));
  } else if (namespace !== undefined) {
    errs.push(
      fieldError.forbidden(child(path, "namespace"), "`parameters.scope` is set to 'Cluster'"),
    );
  }
  return errs;
}

export function validateIngressClassCreate(ic: Obj): FieldError[] {
  const errs = validateObjectMeta(metaOf(ic), false, nameIsDNSSubdomain);
  const spec = obj(ic, "spec");
  const controller = str(spec, "controller");
  if (controller === "") errs.push(fieldError.required("spec.controller"));
  else {
    if (controller.length > 250) errs.push(fieldError.tooLong("spec.controller", 250));
    const r = isDomainPrefixedPath(controller);
    if (r === "required") errs.push(fieldError.required("spec.controller"));
    else for (const [v, m] of r) errs.push(fieldError.invalid("spec.controller", v, m));
  }
  errs.push(...validateParameters(obj(spec, "parameters"), "spec.parameters"));
  return errs;
}

export function validateIngressClassUpdate(ic: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(metaOf(ic), metaOf(old));
  errs.push(
    ...validateImmutableField(
      str(obj(ic, "spec"), "controller"),
      str(obj(old, "spec"), "controller"),
      "spec.controller",
    ),
  );
  errs.push(...validateIngressClassCreate(ic));
  return errs;
}
