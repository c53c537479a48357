/**
 * Environment variables. Mirrors kubernetes/pkg/apis/core/validation
 * (ValidateEnv, validateEnvVarValueFrom, validateObjectFieldSelector,
 * validateContainerResourceFieldSelector, validateConfigMapKeySelector,
 * validateSecretKeySelector, ValidateEnvFrom).
 *
 * Guarantees: names are required and, as since Kubernetes 1.32
 * (RelaxedEnvironmentVariableValidation on by default), any printable ASCII
 * but '='; valueFrom has exactly one source and no `value` beside it;
 * fieldRef paths are the supported downward API fields; key selectors need a
 * valid object name and a valid config key.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isConfigMapKey, isQualifiedName, nameIsDNSSubdomain } from "../names.js";
import { isRelaxedEnvVarName } from "./formats.js";
import type { Obj } from "./json.js";
import { obj, str } from "./json.js";
import { child, index } from "./path.js";

const envFieldPaths = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
const resourceFieldPaths = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

/** validateObjectFieldSelector for env (volumes pass their own list). */
export function validateFieldRef(
  fs: Obj,
  supported: readonly string[],
  path: string,
): FieldError[] {
  if (str(fs, "apiVersion") === "") return [fieldError.required(child(path, "apiVersion"))];
  const fieldPath = str(fs, "fieldPath");
  if (fieldPath === "") return [fieldError.required(child(path, "fieldPath"))];
  // metadata.labels['key'] and metadata.annotations['key'] are subscripted forms.
  const m = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (m !== null) {
    const sub = m[1] === "metadata.annotations" ? (m[2] ?? "").toLowerCase() : (m[2] ?? "");
    return isQualifiedName(sub).map((msg) => fieldError.invalid(path, sub, msg));
  }
  if (/^[^[]+\[.*\]$/.test(fieldPath)) {
    return [
      fieldError.invalid(
        path,
        fieldPath.slice(0, fieldPath.indexOf("[")),
        "does not support subscript",
      ),
    ];
  }
  if (!supported.includes(fieldPath)) {
    return [fieldError.notSupported(child(path, "fieldPath"), fieldPath, [...supported].sort())];
  }
  return [];
}

function validateKeySelector(s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s, "name");
  for (const msg of nameIsDNSSubdomain(name, false))
    errs.push(fieldError.invalid(child(path, "name"), name, msg));
  const k = str(s, "key");
  if (k === "") errs.push(fieldError.required(child(path, "key")));
  else
    for (const msg of isConfigMapKey(k)) errs.push(fieldError.invalid(child(path, "key"), k, msg));
  return errs;
}

function validateValueFrom(ev: Obj, path: string): FieldError[] {
  const from = obj(ev, "valueFrom");
  if (from === undefined) return [];
  const errs: FieldError[] = [];
  let n = 0;
  const fieldRef = obj(from, "fieldRef");
  if (fieldRef !== undefined) {
    n++;
    errs.push(...validateFieldRef(fieldRef, envFieldPaths, child(path, "fieldRef")));
  }
  const resourceFieldRef = obj(from, "resourceFieldRef");
  if (resourceFieldRef !== undefined) {
    n++;
    const p = child(path, "resourceFieldRef");
    const resource = str(resourceFieldRef, "resource");
    if (resource === "") errs.push(fieldError.required(child(p, "resource")));
    else if (
      !resourceFieldPaths.includes(resource) &&
      !/^(requests|limits)\.hugepages-/.test(resource)
    ) {
      errs.push(fieldError.notSupported(child(p, "resource"), resource, resourceFieldPaths));
    }
  }
  for (const sel of ["configMapKeyRef", "secretKeyRef"] as const) {
    const s = obj(from, sel);
    if (s !== undefined) {
      n++;
      errs.push(...validateKeySelector(s, child(path, sel)));
    }
  }
  if (n === 0) {
    errs.push(
      fieldError.invalid(
        path,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  } else if (str(ev, "value") !== "") {
    errs.push(fieldError.invalid(path, "", "may not be specified when `value` is not empty"));
  } else if (n > 1) {
    errs.push(fieldError.invalid(path, "", "may not have more than one field specified at a time"));
  }
  return errs;
}

/** ValidateEnv. */
export function validateEnv(env: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((ev, i) => {
    const p = index(path, i);
    const name = str(ev, "name");
    if (name === "") errs.push(fieldError.required(child(p, "name")));
    else
      for (const msg of isRelaxedEnvVarName(name))
        errs.push(fieldError.invalid(child(p, "name"), name, msg));
    errs.push(...validateValueFrom(ev, child(p, "valueFrom")));
  });
  return errs;
}

/** ValidateEnvFrom. */
export function validateEnvFrom(envFrom: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  envFrom.forEach((ev, i) => {
    const p = index(path, i);
    const prefix = str(ev, "prefix");
    if (prefix !== "") {
      for (const msg of isRelaxedEnvVarName(prefix))
        errs.push(fieldError.invalid(child(p, "prefix"), prefix, msg));
    }
    let n = 0;
    for (const ref of ["configMapRef", "secretRef"] as const) {
      const r = obj(ev, ref);
      if (r === undefined) continue;
      n++;
      const name = str(r, "name");
      const rp = child(p, ref, "name");
      if (name === "") errs.push(fieldError.required(rp));
      else
        for (const msg of nameIsDNSSubdomain(name, true))
          errs.push(fieldError.invalid(rp, name, msg));
    }
    if (n === 0)
      errs.push(fieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (n > 1)
      errs.push(
        fieldError.invalid(path, "", "may not have more than one field specified at a time"),
      );
  });
  return errs;
}
