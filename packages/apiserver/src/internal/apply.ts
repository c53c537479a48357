/**
 * PATCH with `application/apply-patch+yaml`: server-side apply. Mirrors
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go (applyPatcher,
 * ValidatePatchOptions, forceAllowCreate) and the field manager's Apply
 * (fieldmanager/): the configuration is merged into the live object, fields
 * the applier stopped applying are removed, conflicts with other managers
 * are 409 unless `force`, and an object that does not exist is created.
 *
 * Refusals, in kube-apiserver's words:
 * - no fieldManager: 422 `PatchOptions.meta.k8s.io "" is invalid:
 *   fieldManager: Required value: is required for apply patch`;
 * - a body that is not an object: 400 `error decoding YAML: ...`;
 * - another apiVersion: 400 `Incorrect version specified in apply patch.
 *   Specified patch version: X, expected: Y`;
 * - managedFields in the body: 400 `metadata.managedFields must be nil`;
 * - a field the type does not declare: 400 `failed to create typed patch
 *   object (ns/name; apps/v1, Kind=Deployment): .spec.replica: field not
 *   declared in schema`;
 * - another name: 400 `the name of the object (x) does not match the name on the URL (y)`.
 */
import {
  badRequest,
  groupResource,
  notFound,
  type KindInfo,
  type KubeObject,
  type PatchOptions,
} from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import type { ServerContext } from "./context.js";
import { createObject } from "./create.js";
import { apiVersionOfInfo } from "./fieldmanager/fieldmanager.js";
import {
  applyManagers,
  decodeManagedFields,
  encodeManagedFields,
  syncLastApplied,
} from "./fieldmanager/index.js";
import { requestNamespace } from "./keys.js";
import { updateObject } from "./update.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Applies `config` (the decoded body) to the object `name` as `options.fieldManager`. */
export function applyObject(
  ctx: ServerContext,
  info: KindInfo,
  namespace: string | undefined,
  name: string,
  config: unknown,
  options: PatchOptions,
): KubeObject {
  const manager = options.fieldManager ?? "";
  if (!isObj(config)) {
    throw badRequest(
      `error decoding YAML: error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(config) ? "array" : typeof config === "string" ? "string" : "number"} into Go value of type map[string]interface {}`,
    );
  }
  const expected = apiVersionOfInfo(info);
  const given = typeof config["apiVersion"] === "string" ? config["apiVersion"] : "";
  if (given !== expected) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${given}, expected: ${expected}`,
    );
  }
  const meta = isObj(config["metadata"]) ? config["metadata"] : {};
  if (meta["managedFields"] !== undefined && meta["managedFields"] !== null)
    throw badRequest("metadata.managedFields must be nil");
  const ns = requestNamespace(info, namespace);
  if (meta["name"] !== name) {
    throw badRequest(
      `the name of the object (${String(meta["name"] ?? "")}) does not match the name on the URL (${name})`,
    );
  }
  if (info.namespaced && meta["namespace"] !== undefined && meta["namespace"] !== ns) {
    throw badRequest(
      `the namespace of the object (${String(meta["namespace"])}) does not match the namespace on the URL (${ns})`,
    );
  }
  const live = ctx.storage.store(info).lookup(ns, name) as Obj | undefined;
  const subresource = options.subresource ?? "";
  const liveMeta = live?.["metadata"] as Obj | undefined;
  const result = applyManagers({
    info,
    live,
    config,
    managed: decodeManagedFields(liveMeta?.["managedFields"]) ?? new Map(),
    manager,
    force: options.force === true,
    subresource,
    now: rfc3339(ctx.loop.now()),
  });
  const merged = syncLastApplied(manager, live, config, result.object);
  const list = encodeManagedFields(result.managed);
  const mergedMeta: Obj = { ...((merged["metadata"] as Obj | undefined) ?? {}) };
  if (list === undefined) delete mergedMeta["managedFields"];
  else mergedMeta["managedFields"] = list;
  if (info.namespaced) mergedMeta["namespace"] = ns;
  const body: Obj = { ...merged, metadata: mergedMeta };
  const writeOptions = {
    ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
    fieldValidation: "Ignore" as const,
    ...(options.subresource === undefined ? {} : { subresource: options.subresource }),
  };
  if (live === undefined) {
    if (subresource !== "") throw notFound(groupResource(info), name);
    return createObject(ctx, info, body, writeOptions, true);
  }
  return updateObject(ctx, info, body, writeOptions, false, { managedGiven: true });
}
