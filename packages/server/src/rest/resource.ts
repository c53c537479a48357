/**
 * The REST verbs on one resource: get, list, create, update, patch,
 * delete and deletecollection, and the status, scale, binding and eviction
 * subresources. Mirrors staging/src/k8s.io/apiserver/pkg/endpoints/handlers
 * (get.go, create.go, update.go, patch.go, delete.go) over the cluster's
 * in-memory apiserver, which does the storage, admission and errors.
 *
 * Runs on the sim loop (inside the pacer's `run`), synchronously; watches
 * are served by watch.ts.
 */
import {
  ApiError,
  badRequest,
  type ApiClient,
  type KindInfo,
  type KindName,
  type KubeObject,
  type PatchType,
} from "@kubesim/api";
import type { Scale } from "kubernetes-types/autoscaling/v1";
import {
  decodeObject,
  mediaType,
  parseBody,
  parseData,
  unsupportedMediaType,
} from "../http/decode.js";
import { objectTarget, type ObjectTarget } from "../http/negotiate.js";
import type { ResourceRequest } from "../http/request-info.js";
import { includeObjectOf, objectTableMeta, partialObjectMetadata, toTable } from "../table.js";
import { dropDirectives, mergePatch } from "./merge-patch.js";
import {
  deleteOptionsOf,
  listOptionsOf,
  patchOptionsOf,
  writeOptionsOf as queryWriteOptions,
} from "./options.js";
import { warningHeaders, type ApiResponse } from "./response.js";

export interface RestContext {
  readonly client: ApiClient;
  /** Virtual time, for the Tables' ages. */
  now(): number;
  /** Warnings of the latest write (fieldValidation=Warn). */
  warnings(): readonly string[];
}

export interface RestRequest {
  readonly info: ResourceRequest;
  readonly kind: KindInfo;
  readonly query: URLSearchParams;
  readonly accept: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
  /** The User-Agent header ("" when absent): the field manager when the query names none. */
  readonly userAgent?: string;
}

/** kinds whose REST storage answers a finished DELETE with the object (ReturnDeletedObject). */
const RETURNS_DELETED_OBJECT = new Set(["Pod", "Service"]);

export const PATCH_MEDIA_TYPES: Readonly<Record<string, PatchType>> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

export function notFoundResource(): ApiError {
  return new ApiError("NotFound", "the server could not find the requested resource");
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    "MethodNotAllowed",
    "the server does not allow this method on the requested resource",
  );
}

export function handleRest(ctx: RestContext, r: RestRequest): ApiResponse {
  const { info, kind } = r;
  if (info.extra.length > 0) throw notFoundResource();
  // A Namespace's own name sits where a namespace does: /api/v1/namespaces/{name}.
  const namespace = kind.kind === "Namespace" ? "" : info.namespace;
  if (!kind.namespaced && namespace !== "") throw notFoundResource();
  // The answer's media type is negotiated before anything is done
  // (handlers/create.go, update.go, ... NegotiateOutputMediaType first),
  // so a 406 never follows a write.
  objectTarget(r.accept);
  switch (info.subresource) {
    case "":
      return main(ctx, r, namespace);
    case "status":
      return status(ctx, r, namespace);
    case "scale":
      return scale(ctx, r, namespace);
    case "binding":
    case "eviction":
      return podAction(ctx, r, namespace, info.subresource);
    default:
      throw notFoundResource();
  }
}

function kindName(r: RestRequest): KindName {
  return r.kind.kind as KindName;
}

function ok(body: unknown, code = 200, headers: ApiResponse["headers"] = {}): ApiResponse {
  return { code, body, headers };
}

/** An object or a one-row Table, as the Accept header asks. */
function answerObject(
  ctx: RestContext,
  r: RestRequest,
  obj: KubeObject,
  target: ObjectTarget,
  code = 200,
  headers: ApiResponse["headers"] = {},
): ApiResponse {
  if (target.as === "table")
    return ok(
      toTable(kindName(r), [obj], ctx.now(), {
        version: target.version,
        includeObject: includeObjectOf(r.query.get("includeObject")),
        listMeta: objectTableMeta(obj),
      }),
      code,
      headers,
    );
  if (target.as === "partial") return ok(partialObjectMetadata(obj, target.version), code, headers);
  return ok(obj, code, headers);
}

/** The write options of the query, with the request's User-Agent. */
function writeOptionsOf(
  query: URLSearchParams,
  kind: Parameters<typeof queryWriteOptions>[1],
  r?: RestRequest,
): ReturnType<typeof queryWriteOptions> {
  const o = queryWriteOptions(query, kind);
  return r?.userAgent === undefined ? o : { ...o, userAgent: r.userAgent };
}

function requireNamespace(r: RestRequest, namespace: string): void {
  if (r.kind.namespaced && namespace === "") throw notFoundResource();
}

function main(ctx: RestContext, r: RestRequest, namespace: string): ApiResponse {
  const { info, query } = r;
  const k = kindName(r);
  switch (info.verb) {
    case "get": {
      requireNamespace(r, namespace);
      const target = objectTarget(r.accept);
      return answerObject(ctx, r, ctx.client.get(k, nsArg(r, namespace), info.name), target);
    }
    case "list": {
      const target = objectTarget(r.accept);
      const list = ctx.client.list(k, listOptionsOf(query, namespace));
      if (target.as === "table")
        return ok(
          toTable(k, list.items, ctx.now(), {
            version: target.version,
            includeObject: includeObjectOf(query.get("includeObject")),
            listMeta: list.metadata as Record<string, unknown>,
          }),
        );
      if (target.as === "partial")
        return ok({
          kind: "PartialObjectMetadataList",
          apiVersion: `meta.k8s.io/${target.version}`,
          metadata: list.metadata,
          items: list.items.map((o) => partialObjectMetadata(o, target.version)),
        });
      return ok({
        kind: list.kind,
        apiVersion: list.apiVersion,
        metadata: list.metadata,
        items: list.items.map(withoutTypeMeta),
      });
    }
    case "create": {
      if (info.name !== "") throw methodNotAllowed();
      if (r.kind.namespaced && namespace === "") throw methodNotAllowed();
      const obj = withNamespace(decodeObject(requireBody(r), r.contentType, r.kind), r, namespace);
      const created = ctx.client.create(k, obj as never, writeOptionsOf(query, "CreateOptions", r));
      return answerObject(
        ctx,
        r,
        created,
        objectTarget(r.accept),
        201,
        warningHeaders(ctx.warnings()),
      );
    }
    case "update": {
      if (info.name === "") throw methodNotAllowed();
      requireNamespace(r, namespace);
      const obj = withName(
        withNamespace(decodeObject(requireBody(r), r.contentType, r.kind), r, namespace),
        info.name,
      );
      const updated = ctx.client.update(k, obj as never, writeOptionsOf(query, "UpdateOptions", r));
      return answerObject(
        ctx,
        r,
        updated,
        objectTarget(r.accept),
        200,
        warningHeaders(ctx.warnings()),
      );
    }
    case "patch": {
      if (info.name === "") throw methodNotAllowed();
      requireNamespace(r, namespace);
      const { type, patch } = decodePatch(r);
      // An apply creates a missing object: 201 Created, as patch.go answers wasCreated.
      const existed = type !== "apply" || exists(ctx, k, nsArg(r, namespace), info.name);
      const patched = ctx.client.patch(
        k,
        nsArg(r, namespace),
        info.name,
        type,
        patch,
        patchOptionsOf(query, r.userAgent),
      );
      return answerObject(
        ctx,
        r,
        patched,
        objectTarget(r.accept),
        type === "apply" && !existed ? 201 : 200,
        warningHeaders(ctx.warnings()),
      );
    }
    case "delete": {
      requireNamespace(r, namespace);
      const options = deleteOptionsOf(query, optionalJson(r));
      const result = ctx.client.delete(k, nsArg(r, namespace), info.name, options);
      const headers = warningHeaders(ctx.warnings());
      if (!result.deleted || RETURNS_DELETED_OBJECT.has(r.kind.kind))
        return ok(result.object, 200, headers);
      const meta = result.object.metadata ?? {};
      return ok(
        {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Success",
          details: {
            name: meta.name ?? info.name,
            ...(r.kind.group === "" ? {} : { group: r.kind.group }),
            kind: r.kind.plural,
            ...(meta.uid === undefined ? {} : { uid: meta.uid }),
          },
        },
        200,
        headers,
      );
    }
    case "deletecollection": {
      if (r.kind.kind === "Namespace") throw methodNotAllowed();
      if (r.kind.namespaced && namespace === "") throw methodNotAllowed();
      const options = {
        ...listOptionsOf(query, namespace),
        ...deleteOptionsOf(query, optionalJson(r)),
      };
      const list = ctx.client.deleteCollection(k, options);
      return ok(
        {
          kind: list.kind,
          apiVersion: list.apiVersion,
          metadata: list.metadata,
          items: list.items.map(withoutTypeMeta),
        },
        200,
        warningHeaders(ctx.warnings()),
      );
    }
    default:
      throw methodNotAllowed();
  }
}

function status(ctx: RestContext, r: RestRequest, namespace: string): ApiResponse {
  const { info, query } = r;
  if (!r.kind.subresources.includes("status") || info.name === "") throw notFoundResource();
  requireNamespace(r, namespace);
  const k = kindName(r);
  switch (info.verb) {
    case "get":
      return answerObject(
        ctx,
        r,
        ctx.client.get(k, nsArg(r, namespace), info.name),
        objectTarget(r.accept),
      );
    case "update": {
      const obj = withName(
        withNamespace(decodeObject(requireBody(r), r.contentType, r.kind), r, namespace),
        info.name,
      );
      const updated = ctx.client.update(k, obj as never, {
        ...writeOptionsOf(query, "UpdateOptions", r),
        subresource: "status",
      });
      return answerObject(
        ctx,
        r,
        updated,
        objectTarget(r.accept),
        200,
        warningHeaders(ctx.warnings()),
      );
    }
    case "patch": {
      const { type, patch } = decodePatch(r);
      const patched = ctx.client.patch(k, nsArg(r, namespace), info.name, type, patch, {
        ...patchOptionsOf(query, r.userAgent),
        subresource: "status",
      });
      return answerObject(
        ctx,
        r,
        patched,
        objectTarget(r.accept),
        200,
        warningHeaders(ctx.warnings()),
      );
    }
    default:
      throw methodNotAllowed();
  }
}

function scale(ctx: RestContext, r: RestRequest, namespace: string): ApiResponse {
  const { info, query } = r;
  if (!r.kind.subresources.includes("scale") || info.name === "") throw notFoundResource();
  requireNamespace(r, namespace);
  const k = r.kind.kind as "Deployment" | "ReplicaSet";
  switch (info.verb) {
    case "get":
      return ok(ctx.client.getScale(k, namespace, info.name));
    case "update": {
      const body = parseScale(r);
      const name = (body.metadata?.name ?? "") === "" ? info.name : body.metadata!.name!;
      if (name !== info.name)
        throw badRequest(
          `the name of the object (${name}) does not match the name on the URL (${info.name})`,
        );
      const scaled = ctx.client.updateScale(
        k,
        namespace,
        info.name,
        body,
        writeOptionsOf(query, "UpdateOptions", r),
      );
      return ok(scaled, 200, warningHeaders(ctx.warnings()));
    }
    case "patch": {
      const { type, patch } = decodePatch(r);
      if (type === "json" || type === "apply")
        throw unsupportedMediaType([
          "application/merge-patch+json",
          "application/strategic-merge-patch+json",
        ]);
      const current = ctx.client.getScale(k, namespace, info.name);
      const next = mergePatch(
        current,
        type === "strategic" ? dropDirectives(patch) : patch,
      ) as Scale;
      const scaled = ctx.client.updateScale(
        k,
        namespace,
        info.name,
        next,
        writeOptionsOf(query, "PatchOptions", r),
      );
      return ok(scaled, 200, warningHeaders(ctx.warnings()));
    }
    default:
      throw methodNotAllowed();
  }
}

function podAction(
  ctx: RestContext,
  r: RestRequest,
  namespace: string,
  sub: "binding" | "eviction",
): ApiResponse {
  const { info, query } = r;
  if (r.kind.kind !== "Pod" || info.name === "") throw notFoundResource();
  if (info.verb !== "create") throw methodNotAllowed();
  const expected =
    sub === "binding"
      ? { apiVersion: "v1", kind: "Binding" }
      : { apiVersion: "policy/v1", kind: "Eviction" };
  const body = parseBody(requireBody(r), r.contentType, expected, (m) => badRequest(m));
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw badRequest(`the body of a ${sub} must be an object`);
  const obj = body as Record<string, unknown>;
  const meta = (obj["metadata"] ?? {}) as Record<string, unknown>;
  const named = { ...obj, metadata: { ...meta, name: meta["name"] ?? info.name, namespace } };
  const options = writeOptionsOf(query, "CreateOptions", r);
  if (sub === "binding") ctx.client.bind(namespace, named as never, options);
  else ctx.client.evict(namespace, named as never, options);
  return ok({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }, 201);
}

/** The namespace argument of a client call: none for cluster-scoped kinds. */
function nsArg(r: RestRequest, namespace: string): string | undefined {
  return r.kind.namespaced ? namespace : undefined;
}

function requireBody(r: RestRequest): Buffer {
  return r.body ?? Buffer.alloc(0);
}

/** A DELETE body, if any: JSON DeleteOptions. */
function optionalJson(r: RestRequest): unknown {
  if (r.body === undefined || r.body.length === 0) return undefined;
  const media = mediaType(r.contentType);
  return parseData(r.body, media === "application/yaml" ? media : "application/json", (m) =>
    badRequest(`couldn't get version/kind; ${m}`),
  );
}

/** True when the object exists (an apply that finds none creates it). */
function exists(
  ctx: RestContext,
  k: KindName,
  namespace: string | undefined,
  name: string,
): boolean {
  try {
    ctx.client.get(k, namespace, name);
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.reason === "NotFound") return false;
    throw e;
  }
}

function decodePatch(r: RestRequest): { type: PatchType; patch: unknown } {
  const media = mediaType(r.contentType);
  const type = PATCH_MEDIA_TYPES[media];
  if (type === undefined) throw unsupportedMediaType(Object.keys(PATCH_MEDIA_TYPES));
  // An apply body is YAML (JSON is YAML too); the applier checks its shape (apply.ts).
  if (type === "apply")
    return {
      type,
      patch: parseData(requireBody(r), "application/yaml", (m) =>
        badRequest(`error decoding YAML: ${m.replace(/^yaml: /, "")}`),
      ),
    };
  const patch = parseData(requireBody(r), "application/json", (m) => badRequest(m));
  if (
    type === "json"
      ? !Array.isArray(patch)
      : patch === null || typeof patch !== "object" || Array.isArray(patch)
  )
    throw badRequest(
      type === "json"
        ? "json: cannot unmarshal object into Go value of type jsonpatch.Patch"
        : "json: cannot unmarshal array into Go value of type map[string]interface {}",
    );
  return { type, patch };
}

function parseScale(r: RestRequest): Scale {
  const expected = { apiVersion: "autoscaling/v1", kind: "Scale" };
  const v = parseBody(requireBody(r), r.contentType, expected, (m) =>
    badRequest(
      `the object provided is unrecognized (must be of type Scale): couldn't get version/kind; ${m}`,
    ),
  );
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw badRequest("the object provided is unrecognized (must be of type Scale)");
  return v as Scale;
}

/** Sets the URL's namespace on a body, refusing a different one (create.go / update.go). */
function withNamespace(
  obj: Record<string, unknown>,
  r: RestRequest,
  namespace: string,
): Record<string, unknown> {
  if (!r.kind.namespaced) return obj;
  const meta = obj["metadata"];
  const m =
    meta !== null && typeof meta === "object" && !Array.isArray(meta)
      ? (meta as Record<string, unknown>)
      : {};
  const given = m["namespace"];
  if (typeof given === "string" && given !== "" && given !== namespace)
    throw badRequest(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  return { ...obj, metadata: { ...m, namespace } };
}

/** Checks a PUT body's name against the URL's (update.go). */
function withName(obj: Record<string, unknown>, name: string): Record<string, unknown> {
  const m = (obj["metadata"] ?? {}) as Record<string, unknown>;
  const given = typeof m["name"] === "string" ? m["name"] : "";
  if (given !== name)
    throw badRequest(
      `the name of the object (${given}) does not match the name on the URL (${name})`,
    );
  return obj;
}

/** A list's item as kube-apiserver encodes it: without apiVersion and kind. */
function withoutTypeMeta(obj: KubeObject): object {
  const {
    apiVersion: _a,
    kind: _k,
    ...rest
  } = obj as KubeObject & { apiVersion?: string; kind?: string };
  return rest;
}
