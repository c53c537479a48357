/**
 * networking.k8s.io/v1 Ingresses. Mirrors kubernetes/pkg/apis/networking/validation
 * (ValidateIngressCreate, ValidateIngressUpdate, ValidateIngressSpec,
 * validateIngressRules, validateHTTPIngressPath, validateIngressBackend,
 * validateIngressTLS).
 *
 * Guarantees:
 * - `spec: Invalid value: null: either `defaultBackend` or `rules` must be specified`;
 * - rule hosts are DNS names (or `*.` wildcards), never IP addresses;
 * - http rules need paths; each path needs a pathType
 *   (`spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified`)
 *   among Exact, ImplementationSpecific and Prefix; Exact and Prefix paths are
 *   absolute and free of "//", "/./", "/../", "%2f" and trailing "/." or "/..";
 * - backends: a service (DNS-1035 name, port name or number, not both) or a resource, not both;
 * - TLS hosts are DNS names; secretName a DNS subdomain; ingressClassName a DNS subdomain;
 * - on create, the kubernetes.io/ingress.class annotation must match ingressClassName.
 * Not reproduced: the leniency upstream grants on update to values that were
 * already invalid in the stored object.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import {
  isDNS1123Subdomain,
  isValidPortName,
  nameIsDNS1035Label,
  nameIsDNSSubdomain,
} from "../names.js";
import { isPathSegmentName, isValidPortNum, isWildcardDNS1123Subdomain } from "./formats.js";
import { parseIP } from "./ip.js";
import type { Obj } from "./json.js";
import { items, num, obj, optStr, str, stringMap, strings } from "./json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { child, index } from "./path.js";

const pathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
const invalidSequences = ["//", "/./", "/../", "%2f", "%2F"];
const invalidSuffixes = ["/..", "/."];

function hostErrors(host: string, path: string): FieldError[] {
  if (host.includes("*"))
    return isWildcardDNS1123Subdomain(host).map((m) => fieldError.invalid(path, host, m));
  return isDNS1123Subdomain(host).map((m) => fieldError.invalid(path, host, m));
}

/** validateIngressBackend. */
export function validateIngressBackend(backend: Obj, path: string): FieldError[] {
  const resource = obj(backend, "resource");
  const service = obj(backend, "service");
  if (resource !== undefined && service !== undefined) {
    return [fieldError.invalid(path, "", "cannot set both resource and service backends")];
  }
  const errs: FieldError[] = [];
  if (resource !== undefined) {
    const p = child(path, "resource");
    const apiGroup = optStr(resource, "apiGroup");
    if (apiGroup !== undefined)
      for (const m of isDNS1123Subdomain(apiGroup))
        errs.push(fieldError.invalid(child(p, "apiGroup"), apiGroup, m));
    for (const f of ["kind", "name"]) {
      const v = str(resource, f);
      if (v === "") errs.push(fieldError.required(child(p, f)));
      else for (const m of isPathSegmentName(v)) errs.push(fieldError.invalid(child(p, f), v, m));
    }
    return errs;
  }
  if (service === undefined)
    return [fieldError.invalid(path, "", "resource or service backend is required")];
  const name = str(service, "name");
  if (name === "") errs.push(fieldError.required(child(path, "service", "name")));
  else
    for (const m of nameIsDNS1035Label(name, false))
      errs.push(fieldError.invalid(child(path, "service", "name"), name, m));
  const port = obj(service, "port");
  const portName = str(port, "name");
  const portNumber = num(port, "number");
  if (portName !== "" && portNumber !== 0)
    errs.push(fieldError.invalid(path, "", "cannot set both port name & port number"));
  else if (portName !== "") {
    for (const m of isValidPortName(portName))
      errs.push(fieldError.invalid(child(path, "service", "port", "name"), portName, m));
  } else if (portNumber !== 0) {
    for (const m of isValidPortNum(portNumber))
      errs.push(fieldError.invalid(child(path, "service", "port", "number"), portNumber, m));
  } else errs.push(fieldError.required(path, "port name or number is required"));
  return errs;
}

function validateHTTPPath(p: Obj, path: string): FieldError[] {
  const pathType = optStr(p, "pathType");
  if (pathType === undefined)
    return [fieldError.required(child(path, "pathType"), "pathType must be specified")];
  const value = str(p, "path");
  const errs: FieldError[] = [];
  if (pathType === "Exact" || pathType === "Prefix") {
    if (!value.startsWith("/"))
      errs.push(fieldError.invalid(child(path, "path"), value, "must be an absolute path"));
    if (value !== "") {
      for (const seq of invalidSequences) {
        if (value.includes(seq))
          errs.push(fieldError.invalid(child(path, "path"), value, `must not contain '${seq}'`));
      }
      for (const suffix of invalidSuffixes) {
        if (value.endsWith(suffix))
          errs.push(fieldError.invalid(child(path, "path"), value, `cannot end with '${suffix}'`));
      }
    }
  } else if (pathType === "ImplementationSpecific") {
    if (value !== "" && !value.startsWith("/"))
      errs.push(fieldError.invalid(child(path, "path"), value, "must be an absolute path"));
  } else {
    errs.push(fieldError.notSupported(child(path, "pathType"), pathType, pathTypes));
  }
  errs.push(...validateIngressBackend(obj(p, "backend") ?? {}, child(path, "backend")));
  return errs;
}

function validateIngressSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const rules = items(spec, "rules");
  const defaultBackend = obj(spec, "defaultBackend");
  if (rules.length === 0 && defaultBackend === undefined) {
    errs.push(
      fieldError.invalid(
        "spec",
        spec["rules"] ?? null,
        "either `defaultBackend` or `rules` must be specified",
      ),
    );
  }
  if (defaultBackend !== undefined)
    errs.push(...validateIngressBackend(defaultBackend, "spec.defaultBackend"));
  rules.forEach((rule, i) => {
    const p = index("spec.rules", i);
    const host = str(rule, "host");
    if (host !== "") {
      if (parseIP(host) !== undefined)
        errs.push(
          fieldError.invalid(child(p, "host"), host, "must be a DNS name, not an IP address"),
        );
      errs.push(...hostErrors(host, child(p, "host")));
    }
    const http = obj(rule, "http");
    if (http !== undefined) {
      const hp = child(p, "http");
      const paths = items(http, "paths");
      if (paths.length === 0) errs.push(fieldError.required(child(hp, "paths")));
      paths.forEach((path, j) =>
        errs.push(...validateHTTPPath(path, index(child(hp, "paths"), j))),
      );
    }
  });
  items(spec, "tls").forEach((tls, i) => {
    const p = index("spec.tls", i);
    strings(tls, "hosts").forEach((h, j) =>
      errs.push(...hostErrors(h, index(child(p, "hosts"), j))),
    );
    const secretName = str(tls, "secretName");
    if (secretName !== "") {
      for (const m of nameIsDNSSubdomain(secretName, false))
        errs.push(fieldError.invalid(child(p, "secretName"), secretName, m));
    }
  });
  const className = optStr(spec, "ingressClassName");
  if (className !== undefined) {
    for (const m of nameIsDNSSubdomain(className, false))
      errs.push(fieldError.invalid("spec.ingressClassName", className, m));
  }
  return errs;
}

function validateIngress(ing: Obj): FieldError[] {
  return [
    ...validateObjectMeta(metaOf(ing), true, nameIsDNSSubdomain),
    ...validateIngressSpec(obj(ing, "spec") ?? {}),
  ];
}

export function validateIngressCreate(ing: Obj): FieldError[] {
  const errs = validateIngress(ing);
  const annotation = stringMap(metaOf(ing), "annotations")?.["kubernetes.io/ingress.class"];
  const className = optStr(obj(ing, "spec"), "ingressClassName");
  if (annotation !== undefined && className !== undefined && annotation !== className) {
    errs.push(
      fieldError.invalid(
        "annotations.kubernetes.io/ingress.class",
        annotation,
        "must match `ingressClassName` when both are specified",
      ),
    );
  }
  return errs;
}

export function validateIngressUpdate(ing: Obj, old: Obj): FieldError[] {
  return [...validateObjectMetaUpdate(metaOf(ing), metaOf(old)), ...validateIngress(ing)];
}
