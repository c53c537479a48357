/**
 * PUT: replace one object, or its status. Mirrors the generic store's Update
 * (k8s.io/apiserver/pkg/registry/generic/registry/store.go) and
 * rest.BeforeUpdate, in that order:
 *
 *   decode -> defaults -> namespace lifecycle -> DefaultTolerationSeconds
 *   (pods, not for status writes) -> find (404, or create when the
 *   kind allows create-on-update) -> uid precondition (409) -> resourceVersion:
 *   empty = unconditional where the kind allows it, else 422 "must be
 *   specified for an update"; stale = 409 Conflict "the object has been
 *   modified" -> BeginUpdate (Services: ClusterIP and NodePort allocation and
 *   release, see service-alloc/) -> PrepareForUpdate (status kept for main writes; spec, and
 *   what the kind's status strategy resets, kept for status writes; system
 *   metadata kept; generation bump)
 *   -> validation -> no-op check -> delete-if-finalized -> commit
 *
 * A write that changes nothing is not written (etcd's GuaranteedUpdate skips
 * identical bytes): no new resourceVersion, no watch event, no trace entry.
 * An update that removes the last finalizer of an object being deleted
 * removes the object instead (ShouldDeleteDuringUpdate).
 */
import {
  badRequest,
  conflict,
  fieldError,
  groupResource,
  invalid,
  notFound,
  OBJECT_MODIFIED,
  type KindInfo,
  type KubeObject,
  type UpdateOptions,
} from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import { admitUpdate, decodeBody, defaultObject } from "./admission.js";
import type { ServerContext } from "./context.js";
import { admitDefaultTolerationSeconds } from "./default-toleration-seconds.js";
import { createDecoded } from "./create.js";
import { shouldDeleteDuringUpdate } from "./delete.js";
import { deepEqual, withFields } from "./freeze.js";
import { etcdKey, requestNamespace, storeKey } from "./keys.js";
import { orderedMeta, statusUpdateMeta, updateMeta } from "./metadata.js";
import { updateManagedFields } from "./fieldmanager/index.js";
import { admitNamespaceLifecycle } from "./namespaces.js";
import type { Begun } from "./service-alloc/rest.js";
import { serviceStatusForUpdate } from "./service-alloc/strategy.js";
import { hasStatusSubresource, statusForUpdate, strategyFor } from "./strategies.js";

type Obj = Record<string, unknown>;

/** True when `a` and `b` differ only in metadata.resourceVersion. */
function sameButVersion(a: KubeObject, b: KubeObject): boolean {
  const x = a as unknown as Obj;
  const y = b as unknown as Obj;
  let n = 0;
  for (const k of Object.keys(x)) {
    n++;
    if (k !== "metadata" && !deepEqual(x[k], y[k])) return false;
  }
  if (n !== Object.keys(y).length) return false;
  const mx = x["metadata"] as Obj;
  const my = y["metadata"] as Obj;
  let m = 0;
  for (const k of Object.keys(mx)) {
    m++;
    if (k !== "resourceVersion" && !deepEqual(mx[k], my[k])) return false;
  }
  return m === Object.keys(my).length;
}

/** How a write's managedFields are kept (fieldmanager/). */
export interface FieldsMode {
  /** The subresource the manager wrote through ("scale"); defaults to options.subresource. */
  readonly subresource?: string;
  /** The body's managedFields are final (an apply computed them): no Update is recorded. */
  readonly managedGiven?: boolean;
}

/**
 * Updates the object `body` names (by its metadata.namespace and metadata.name).
 * `uidPrecondition` is false for PATCH (see the uid check below).
 */
export function updateObject(
  ctx: ServerContext,
  info: KindInfo,
  body: unknown,
  options: UpdateOptions = {},
  uidPrecondition = true,
  fields: FieldsMode = {},
): KubeObject {
  const status = options.subresource === "status";
  if (options.subresource !== undefined && !status) {
    throw badRequest(
      `subresource: Unsupported value: ${JSON.stringify(options.subresource)}: supported values: "status"`,
    );
  }
  if (status && !hasStatusSubresource(info)) throw notFound(groupResource(info), "status");
  // The stored object the body names: what the body shares with it needs no second check (memo.ts).
  const peek = (
    typeof body === "object" && body !== null ? (body as Obj)["metadata"] : undefined
  ) as Obj | undefined;
  const store = ctx.storage.store(info);
  const peekNamespace = requestNamespace(
    info,
    typeof peek?.["namespace"] === "string" ? peek["namespace"] : undefined,
  );
  const peekName = peek?.["name"];
  const found = typeof peekName === "string" ? store.find(peekNamespace, peekName) : undefined;
  const reference = found?.obj;
  const foundKey = found?.key;
  let decoded = defaultObject(
    decodeBody(info, body, options.fieldValidation, ctx.warnings, ctx.strict, reference),
    reference,
  );
  let meta = (decoded.metadata ?? {}) as Obj;
  const name = typeof meta["name"] === "string" ? meta["name"] : "";
  if (name === "") {
    throw invalid(info, "", [
      fieldError.required("metadata.name", "name or generateName is required"),
    ]);
  }
  const namespace = requestNamespace(
    info,
    typeof meta["namespace"] === "string" ? meta["namespace"] : undefined,
  );
  // EnsureObjectNamespaceMatchesRequestNamespace: a body without a namespace takes the request's.
  if (info.namespaced && (meta["namespace"] === undefined || meta["namespace"] === "")) {
    meta = { ...meta, namespace };
  }
  admitNamespaceLifecycle(ctx.storage, info, "update", namespace, name);
  // Mutating admission on the main resource (DefaultTolerationSeconds handles no subresource).
  if (!status) decoded = admitDefaultTolerationSeconds(decoded);

  const strategy = strategyFor(info);
  const gr = groupResource(info);
  // Decoding and defaulting keep metadata.name and namespace, so this is the
  // object looked up above; look again only if they somehow differ.
  const same = name === peekName && namespace === peekNamespace;
  const existing = same ? reference : store.lookup(namespace, name);
  const key = (same ? foundKey : undefined) ?? storeKey(info, namespace, name);
  if (existing === undefined) {
    if (status || !strategy.allowCreateOnUpdate) throw notFound(gr, name);
    const { resourceVersion: _rv, ...rest } = meta;
    return createDecoded(
      ctx,
      info,
      Object.freeze({ ...decoded, metadata: Object.freeze(rest) }) as KubeObject,
      options,
      fields.managedGiven === true,
    );
  }
  const old = existing.metadata as Obj;

  // The uid in a PUT body is a storage precondition
  // (defaultUpdatedObjectInfo.Preconditions). A PATCH has none: patch.go
  // builds DefaultUpdatedObjectInfo(nil, ...), so a patched uid reaches
  // validation as 422 `metadata.uid: Invalid value: "x": field is immutable`.
  const uid = meta["uid"];
  if (uidPrecondition && typeof uid === "string" && uid !== "" && uid !== old["uid"]) {
    throw conflict(
      gr,
      name,
      `StorageError: invalid object, Code: 4, Key: ${etcdKey(info, namespace, name)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${uid}, UID in object meta: ${String(old["uid"])}`,
    );
  }
  const given = typeof meta["resourceVersion"] === "string" ? meta["resourceVersion"] : "";
  if (given === "") {
    if (!strategy.allowUnconditionalUpdate) {
      throw invalid({ group: info.group, kind: info.plural }, name, [
        fieldError.invalid("metadata.resourceVersion", 0, "must be specified for an update"),
      ]);
    }
  } else {
    if (!/^[0-9]+$/.test(given)) {
      throw invalid({ group: info.group, kind: info.plural }, name, [
        fieldError.invalid(
          "metadata.resourceVersion",
          given,
          "must be a non-negative decimal integer",
        ),
      ]);
    }
    if (given !== old["resourceVersion"]) throw conflict(gr, name, OBJECT_MODIFIED);
  }

  const rv = String(ctx.storage.nextResourceVersion);
  // BeginUpdate: the Service registry allocates before BeforeUpdate validates.
  const begun: Begun | undefined =
    !status && info.kind === "Service"
      ? ctx.services.beginUpdate(decoded, existing, options.dryRun === true)
      : undefined;
  let committed = false;
  try {
    const prepared = prepareUpdate(info, status, begun?.obj ?? decoded, existing, meta, rv);
    admitUpdate(info, prepared, existing);
    const next =
      fields.managedGiven === true
        ? prepared
        : updateManagedFields({
            info,
            live: existing,
            next: prepared,
            options,
            subresource: fields.subresource ?? options.subresource ?? "",
            now: rfc3339(ctx.loop.now()),
          });

    if (sameButVersion(next, existing)) {
      committed = true;
      return existing;
    }
    if (shouldDeleteDuringUpdate(next, existing)) {
      if (options.dryRun !== true) {
        ctx.storage.commit(store, key, existing, undefined);
        ctx.afterDelete(info.kind, existing);
      }
      return next;
    }
    if (options.dryRun === true) {
      return Object.freeze({
        ...next,
        metadata: Object.freeze({ ...next.metadata, resourceVersion: old["resourceVersion"] }),
      }) as KubeObject;
    }
    ctx.storage.commit(store, key, existing, next);
    committed = true;
    return next;
  } finally {
    // finishUpdate(ctx, success)
    if (committed) begun?.txn.commit();
    else begun?.txn.revert();
  }
}

/**
 * PrepareForUpdate and BeforeUpdate's system fields: the object to validate
 * and store, stamped with revision `rv`.
 */
function prepareUpdate(
  info: KindInfo,
  status: boolean,
  decoded: KubeObject,
  existing: KubeObject,
  meta: Obj,
  rv: string,
): KubeObject {
  const strategy = strategyFor(info);
  const e = existing as unknown as Obj;
  const old = existing.metadata as Obj;
  if (status) {
    // Status strategy (<kind>StatusStrategy.PrepareForUpdate): the stored spec
    // is kept and the request's status and metadata are taken, with the system
    // fields of BeforeUpdate and what the kind's strategy resets (statusResets).
    return withFields<KubeObject>(e, {
      status: statusForUpdate(info, (decoded as unknown as Obj)["status"], e["status"]),
      metadata: Object.freeze(
        statusUpdateMeta(meta, old, info.namespaced, rv, strategy.statusKeepsMeta),
      ),
    });
  }
  const base = decoded as unknown as Obj;
  // Every value in it is already deep-frozen (the decoded body's or the stored
  // object's), so freezing the new object makes it deep-frozen: withFields
  // then keeps it as it is instead of copying it.
  const m = Object.freeze(updateMeta(meta, old, info.namespaced, rv));
  const fields: Obj = { metadata: m };
  if (hasStatusSubresource(info)) {
    fields["status"] =
      info.kind === "Service" ? serviceStatusForUpdate(base["spec"], e["status"]) : e["status"];
  }
  if (info.kind === "Namespace") fields["spec"] = e["spec"];
  const candidate = withFields<KubeObject>(base, fields);
  if (strategy.generation && strategy.bumps(candidate as unknown as Obj, e)) {
    fields["metadata"] = orderedMeta({
      ...m,
      generation: ((old["generation"] as number | undefined) ?? 0) + 1,
    });
    return withFields<KubeObject>(base, fields);
  }
  return candidate;
}
