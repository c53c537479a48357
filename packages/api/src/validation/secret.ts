/**
 * Secrets. Mirrors kubernetes/pkg/apis/core/validation (ValidateSecret,
 * ValidateSecretUpdate).
 *
 * Guarantees:
 * - data keys are config keys (`data[a b]: Invalid value: "a b": a valid config key must consist of ...`);
 * - the decoded data totals at most 1 MiB (`data: Too long: may not be more than 1048576 bytes`);
 * - type-specific keys: kubernetes.io/service-account-token needs the
 *   `kubernetes.io/service-account.name` annotation; dockercfg and
 *   dockerconfigjson need their key holding JSON; basic-auth needs username or
 *   password; ssh-auth needs ssh-privatekey; tls needs tls.crt and tls.key;
 * - update: `type` is immutable, and an `immutable: true` Secret keeps its data.
 * Values are base64 on the wire; one that does not decode is a decode error
 * (400, decode.ts) before validation ever runs, so it only counts zero bytes here.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isConfigMapKey, nameIsDNSSubdomain } from "../names.js";
import { decodeBase64 } from "./base64.js";
import type { Obj } from "./json.js";
import { entries, optBool, str, stringMap } from "./json.js";
import {
  metaOf,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { key } from "./path.js";
import { semanticEqual } from "./semantic.js";

/** core.MaxSecretSize (also the ConfigMap limit). */
export const MAX_SECRET_SIZE = 1024 * 1024;

function decodedBytes(v: unknown): Uint8Array | undefined {
  if (typeof v !== "string") return undefined;
  const r = decodeBase64(v);
  return r.ok ? r.bytes : undefined;
}

function isJSON(bytes: Uint8Array | undefined): boolean {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

export function validateSecretCreate(secret: Obj): FieldError[] {
  const errs = validateObjectMeta(metaOf(secret), true, nameIsDNSSubdomain);
  const data = new Map<string, Uint8Array | undefined>();
  let total = 0;
  for (const [k, v] of entries(secret, "data")) {
    for (const m of isConfigMapKey(k)) errs.push(fieldError.invalid(key("data", k), k, m));
    const bytes = decodedBytes(v);
    data.set(k, bytes);
    total += bytes?.length ?? 0;
  }
  if (total > MAX_SECRET_SIZE) errs.push(fieldError.tooLong("data", MAX_SECRET_SIZE));
  const has = (k: string): boolean => data.has(k);
  switch (str(secret, "type")) {
    case "kubernetes.io/service-account-token": {
      const name =
        stringMap(metaOf(secret), "annotations")?.["kubernetes.io/service-account.name"] ?? "";
      if (name === "")
        errs.push(fieldError.required("metadata.annotations[kubernetes.io/service-account.name]"));
      break;
    }
    case "kubernetes.io/dockercfg":
    case "kubernetes.io/dockerconfigjson": {
      const k =
        str(secret, "type") === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
      if (!has(k)) errs.push(fieldError.required(key("data", k)));
      else if (!isJSON(data.get(k))) {
        errs.push(fieldError.invalid(key("data", k), "<secret contents redacted>", "invalid JSON"));
      }
      break;
    }
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) {
        errs.push(fieldError.required("data[username]"), fieldError.required("data[password]"));
      }
      break;
    case "kubernetes.io/ssh-auth":
      if ((data.get("ssh-privatekey")?.length ?? 0) === 0)
        errs.push(fieldError.required("data[ssh-privatekey]"));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(fieldError.required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(fieldError.required("data[tls.key]"));
      break;
    default:
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(metaOf(secret), metaOf(old));
  errs.push(...validateImmutableField(str(secret, "type"), str(old, "type"), "type"));
  if (optBool(old, "immutable") === true) {
    if (optBool(secret, "immutable") !== true) {
      errs.push(fieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
    }
    if (!semanticEqual(secret["data"], old["data"])) {
      errs.push(fieldError.forbidden("data", "field is immutable when `immutable` is set"));
    }
  }
  errs.push(...validateSecretCreate(secret));
  return errs;
}
