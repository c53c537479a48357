/**
 * ConfigMaps. Mirrors kubernetes/pkg/apis/core/validation (ValidateConfigMap,
 * ValidateConfigMapUpdate).
 *
 * Guarantees: data and binaryData keys are config keys and do not repeat
 * across the two (`data[k]: Invalid value: "k": duplicate of key present in
 * binaryData`); the total size is at most 1 MiB, reported against the whole
 * object (upstream's empty path: `: Too long: may not be more than 1048576 bytes`);
 * an `immutable: true` ConfigMap keeps its data, binaryData and immutability.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isConfigMapKey, nameIsDNSSubdomain } from "../names.js";
import { decodeBase64 } from "./base64.js";
import type { Obj } from "./json.js";
import { byteLength, entries, obj, optBool } from "./json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { key } from "./path.js";
import { MAX_SECRET_SIZE } from "./secret.js";
import { semanticEqual } from "./semantic.js";

export function validateConfigMapCreate(cm: Obj): FieldError[] {
  const errs = validateObjectMeta(metaOf(cm), true, nameIsDNSSubdomain);
  const binary = obj(cm, "binaryData") ?? {};
  let total = 0;
  for (const [k, v] of entries(cm, "data")) {
    for (const m of isConfigMapKey(k)) errs.push(fieldError.invalid(key("data", k), k, m));
    if (Object.hasOwn(binary, k))
      errs.push(fieldError.invalid(key("data", k), k, "duplicate of key present in binaryData"));
    total += typeof v === "string" ? byteLength(v) : 0;
  }
  for (const [k, v] of entries(cm, "binaryData")) {
    for (const m of isConfigMapKey(k)) errs.push(fieldError.invalid(key("binaryData", k), k, m));
    const decoded = typeof v === "string" ? decodeBase64(v) : undefined;
    total += decoded?.ok === true ? decoded.bytes.length : 0;
  }
  if (total > MAX_SECRET_SIZE) errs.push(fieldError.tooLong("", MAX_SECRET_SIZE));
  return errs;
}

export function validateConfigMapUpdate(cm: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(metaOf(cm), metaOf(old));
  if (optBool(old, "immutable") === true) {
    if (optBool(cm, "immutable") !== true) {
      errs.push(fieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
    }
    for (const f of ["data", "binaryData"]) {
      if (!semanticEqual(cm[f], old[f]))
        errs.push(fieldError.forbidden(f, "field is immutable when `immutable` is set"));
    }
  }
  errs.push(...validateConfigMapCreate(cm));
  return errs;
}
