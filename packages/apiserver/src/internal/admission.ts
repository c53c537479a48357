/**
 * The request-side checks every write passes before it can reach storage, in
 * kube-apiserver's order (k8s.io/apiserver/pkg/endpoints/handlers create.go,
 * update.go, patch.go, then rest.BeforeCreate / BeforeUpdate):
 *
 * 1. decode: apiVersion and kind must be the endpoint's (filled in when
 *    absent, as client-go's typed clients do); unknown fields are refused
 *    under fieldValidation=Strict (the default) with 400
 *    `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"`,
 *    reported as warnings under Warn, and ignored under Ignore (both drop the
 *    unknown fields, as the lenient decoder does);
 * 2. defaulting (`applyDefaults`, the scheme defaulters);
 * 3. validation (`validateCreate` / `validateUpdate`, which include
 *    ValidateObjectMeta / ValidateObjectMetaUpdate), as 422 Invalid naming every field.
 *
 * Namespace lifecycle admission lives in namespaces.ts, the system metadata in
 * metadata.ts. Nothing here changes any state: a refused write leaves the
 * store, indices, counters, trace and watchers as they were.
 */
import {
  applyDefaults,
  apiVersionOf,
  badRequest,
  invalid,
  validateCreate,
  validateUpdate,
  type FieldValidation,
  type KindInfo,
  type KubeObject,
} from "@kubesim/api";
import { sharesDefaultedFields, type StrictFields } from "./memo.js";
import { pruneUnknownFields } from "./prune.js";
import { strictDecodingMessage, unknownFields } from "./schema/index.js";
import { adopt } from "./freeze.js";

/** Warnings of one request (the `Warning:` headers kube-apiserver would send). */
export type Warnings = string[];

function fail(info: KindInfo, message: string): never {
  throw badRequest(
    `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${message}`,
  );
}

/**
 * Step 1: the decoded body. Returns a frozen object with apiVersion and kind
 * set; refuses a body of another kind or version, or that is not an object.
 */
export function decodeBody(
  info: KindInfo,
  body: unknown,
  validation: FieldValidation | undefined,
  warnings: Warnings,
  strict: StrictFields,
  reference?: KubeObject,
): KubeObject {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    fail(
      info,
      `json: cannot unmarshal ${Array.isArray(body) ? "array" : typeof body} into Go value of type ${info.kind}`,
    );
  }
  const o = body as Record<string, unknown>;
  const expected = apiVersionOf(info);
  const apiVersion = o["apiVersion"];
  const kind = o["kind"];
  if (apiVersion !== undefined && apiVersion !== "" && apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${expected})`,
    );
  }
  if (kind !== undefined && kind !== "" && kind !== info.kind) {
    throw badRequest(
      `${String(kind)} in version "${info.version}" cannot be handled as a ${info.kind}: kind mismatch`,
    );
  }
  if (
    o["metadata"] !== undefined &&
    (typeof o["metadata"] !== "object" || o["metadata"] === null || Array.isArray(o["metadata"]))
  ) {
    fail(
      info,
      `json: cannot unmarshal ${typeof o["metadata"]} into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  const mode = validation ?? "Strict";
  if (mode !== "Strict" && mode !== "Warn" && mode !== "Ignore") {
    throw badRequest(
      `fieldValidation: Unsupported value: ${JSON.stringify(mode)}: supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  let obj = adopt(body) as KubeObject;
  if (apiVersion !== expected || kind !== info.kind) {
    const { apiVersion: _a, kind: _k, ...rest } = obj as unknown as Record<string, unknown>;
    obj = Object.freeze({
      kind: info.kind,
      apiVersion: expected,
      ...rest,
    }) as unknown as KubeObject;
  }
  // Only what is new relative to the stored object is walked (memo.ts).
  const toCheck = strict.toCheck(obj, reference);
  if (toCheck === undefined) return obj;
  const unknown = unknownFields(toCheck);
  if (unknown.length > 0) {
    if (mode === "Strict") fail(info, strictDecodingMessage(unknown));
    if (mode === "Warn")
      for (const f of unknown) warnings.push(`unknown field ${JSON.stringify(f)}`);
    // Warn and Ignore decode leniently: the unknown fields are not kept.
    obj = adopt(pruneUnknownFields(obj));
  }
  return obj;
}

/**
 * Step 2: the scheme defaulters. The result is frozen and shares what did not
 * change. An object whose fields are all the stored object's (`reference`) is
 * already defaulted and is returned as is (memo.ts).
 */
export function defaultObject(obj: KubeObject, reference?: KubeObject): KubeObject {
  if (sharesDefaultedFields(obj, reference)) return obj;
  return adopt(applyDefaults(obj));
}

/**
 * Step 3 on create: 422 Invalid when the object breaks a rule. Every kind's
 * validateCreate includes the metadata checks (a nameless object is refused
 * with `metadata.name: Required value: name or generateName is required`),
 * so nothing is added here.
 */
export function admitCreate(info: KindInfo, obj: KubeObject): void {
  const errs = validateCreate(obj);
  if (errs.length > 0) throw invalid(info, obj.metadata?.name ?? "", errs);
}

/** Step 3 on update: ValidateObjectMetaUpdate and the kind's update validation. */
export function admitUpdate(info: KindInfo, next: KubeObject, old: KubeObject): void {
  const errs = validateUpdate(next, old);
  if (errs.length > 0) throw invalid(info, next.metadata?.name ?? "", errs);
}
