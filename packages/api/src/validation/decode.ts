/**
 * Decode errors: the values kube-apiserver rejects while decoding the request
 * body, before defaulting and validation, with 400 BadRequest instead of 422
 * Invalid. Mirrors the request decoding of k8s.io/apiserver
 * (handlers/create.go and update.go: transformDecodeError) for the two value
 * types kubesim's JSON bodies can get wrong:
 *
 * - `[]byte` fields (Secret.data, ConfigMap.binaryData) must be standard
 *   base64: Go's decoder says `illegal base64 data at input byte 4`;
 * - resource quantities must parse: `quantities must match the regular
 *   expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`.
 *
 * `decodeError` returns the first such error in document order (the Go
 * decoder stops at or reports the first one), and `decodeErrorMessage` wraps it
 * the way the apiserver does:
 *
 *   Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4
 *
 * Unknown fields (strict field validation) are the apiserver's
 * internal/schema business; type mismatches (a string where a number belongs)
 * are not detected here.
 */
import { decodeBase64, base64ErrorMessage } from "./base64.js";
import type { Obj } from "./json.js";
import { entries, isObj, items, obj, str } from "./json.js";
import { quantityOrError } from "./resources.js";

function firstBase64Error(o: Obj, field: string): string | undefined {
  for (const [, v] of entries(o, field)) {
    if (typeof v !== "string") continue;
    const r = decodeBase64(v);
    if (!r.ok) return base64ErrorMessage(r.offset);
  }
  return undefined;
}

function firstQuantityError(list: Obj | undefined): string | undefined {
  for (const [, v] of Object.entries(list ?? {})) {
    const q = quantityOrError(v);
    if (typeof q === "string") return q;
  }
  return undefined;
}

function podSpecError(spec: Obj | undefined): string | undefined {
  if (spec === undefined) return undefined;
  for (const [k, v] of Object.entries(spec)) {
    if (k === "containers" || k === "initContainers" || k === "ephemeralContainers") {
      for (const c of items(spec, k)) {
        const resources = obj(c, "resources");
        for (const [list] of entries(c, "resources")) {
          const err = firstQuantityError(obj(resources, list));
          if (err !== undefined) return err;
        }
      }
    } else if (k === "overhead") {
      const err = firstQuantityError(obj(spec, k));
      if (err !== undefined) return err;
    } else if (k === "resources" && isObj(v)) {
      for (const list of ["limits", "requests"]) {
        const err = firstQuantityError(obj(v, list));
        if (err !== undefined) return err;
      }
    } else if (k === "volumes") {
      for (const vol of items(spec, k)) {
        const size = obj(vol, "emptyDir")?.["sizeLimit"];
        if (size === undefined) continue;
        const q = quantityOrError(size);
        if (typeof q === "string") return q;
      }
    }
  }
  return undefined;
}

/** The first decode error of `o` (its kind decides where to look), or undefined. */
export function decodeError(o: object): string | undefined {
  if (!isObj(o)) return undefined;
  const kind = `${str(o, "apiVersion")}/${str(o, "kind")}`;
  switch (kind) {
    case "v1/Secret":
      return firstBase64Error(o, "data");
    case "v1/ConfigMap":
      return firstBase64Error(o, "binaryData");
    case "v1/Pod":
      return podSpecError(obj(o, "spec"));
    case "apps/v1/Deployment":
    case "apps/v1/ReplicaSet":
      return podSpecError(obj(obj(obj(o, "spec"), "template"), "spec"));
    case "v1/Node": {
      const status = obj(o, "status");
      return (
        firstQuantityError(obj(status, "capacity")) ??
        firstQuantityError(obj(status, "allocatable"))
      );
    }
    default:
      return undefined;
  }
}

/**
 * transformDecodeError's wording for a body whose apiVersion and kind were read:
 * `Deployment in version "v1" cannot be handled as a Deployment: <err>`.
 */
export function decodeErrorMessage(o: object, err: string): string {
  const rec = isObj(o) ? o : {};
  const apiVersion = str(rec, "apiVersion");
  const version = apiVersion.includes("/")
    ? apiVersion.slice(apiVersion.indexOf("/") + 1)
    : apiVersion;
  const kind = str(rec, "kind");
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${err}`;
}
