/**
 * PATCH: apply a JSON patch, JSON merge patch or strategic merge patch to the
 * stored object, then run the result through the update path (admission,
 * preconditions, validation) exactly as a PUT of it. Mirrors
 * k8s.io/apiserver/pkg/endpoints/handlers/patch.go (patcher.applyPatch and
 * the update that follows).
 *
 * - 404 when the object does not exist (no create-on-patch);
 * - an unknown patch type is 415, as for an unsupported Content-Type;
 * - a patch that changes metadata.name or metadata.namespace is 400
 *   `the name of the object (x) does not match the name on the URL (y)`;
 * - the patched object keeps the stored resourceVersion unless the patch sets
 *   one, so a patch carrying a stale resourceVersion is 409 (the optimistic
 *   lock kubectl's `--resource-version` uses);
 * - a patch that changes metadata.uid is 422 `metadata.uid: Invalid value:
 *   "x": field is immutable` (a patch carries no uid precondition: patch.go
 *   passes a nil object to rest.DefaultUpdatedObjectInfo);
 * - a patch that changes nothing writes nothing;
 * - `apply` (server-side apply) is apply.ts; the options are validated first
 *   as ValidatePatchOptions does: an apply needs a fieldManager, `force` is
 *   for applies only (422 PatchOptions.meta.k8s.io).
 */
import {
  ApiError,
  badRequest,
  fieldError,
  groupResource,
  invalid,
  isApiError,
  notFound,
  patchContentTypes,
  type KindInfo,
  type KubeObject,
  type PatchOptions,
  type PatchType,
} from "@kubesim/api";
import { applyObject } from "./apply.js";
import type { ServerContext } from "./context.js";
import { requestNamespace } from "./keys.js";
import { applyJsonPatch } from "./patch/json-patch.js";
import { applyMergePatch } from "./patch/json-merge-patch.js";
import { applyStrategicMergePatch } from "./patch/strategic-merge-patch.js";
import { updateObject } from "./update.js";

/** The patched document, before admission. */
export function applyPatch(
  info: KindInfo,
  type: PatchType,
  current: KubeObject,
  patch: unknown,
): unknown {
  try {
    switch (type) {
      case "json":
        return applyJsonPatch(current, patch);
      case "merge":
        return applyMergePatch(current, patch);
      case "strategic":
        return applyStrategicMergePatch(current, patch, { group: info.group, kind: info.kind });
      default:
        throw new ApiError(
          "UnsupportedMediaType",
          `the body of the request was in an unknown format - accepted media types include: ${Object.values(patchContentTypes).join(", ")}`,
        );
    }
  } catch (e) {
    if (isApiError(e)) throw e;
    throw badRequest((e as Error).message);
  }
}

/** ValidatePatchOptions (apimachinery/pkg/apis/meta/v1/validation). */
export function validatePatchOptions(type: PatchType, options: PatchOptions): void {
  const errs = [];
  if (type !== "apply") {
    if (options.force !== undefined)
      errs.push(fieldError.forbidden("force", "may not be specified for non-apply patch"));
  } else if (options.fieldManager === undefined || options.fieldManager === "") {
    errs.push(fieldError.required("fieldManager", "is required for apply patch"));
  }
  if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", errs);
}

export function patchObject(
  ctx: ServerContext,
  info: KindInfo,
  namespace: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  options: PatchOptions = {},
): KubeObject {
  validatePatchOptions(type, options);
  if (type === "apply") return applyObject(ctx, info, namespace, name, patch, options);
  const ns = requestNamespace(info, namespace);
  const current = ctx.storage.store(info).lookup(ns, name);
  if (current === undefined) throw notFound(groupResource(info), name);
  const patched = applyPatch(info, type, current, patch);
  if (typeof patched !== "object" || patched === null || Array.isArray(patched)) {
    throw badRequest("the patched object is not a JSON object");
  }
  const meta = (patched as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
  if (meta?.name !== name) {
    throw badRequest(
      `the name of the object (${String(meta?.name ?? "")}) does not match the name on the URL (${name})`,
    );
  }
  if (info.namespaced && (meta?.namespace ?? ns) !== ns) {
    throw badRequest(
      `the namespace of the object (${String(meta?.namespace)}) does not match the namespace on the URL (${ns})`,
    );
  }
  return updateObject(ctx, info, patched, options, false);
}
