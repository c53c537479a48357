/**
 * Deletion as the generic registry does it
 * (k8s.io/apiserver/pkg/registry/generic/registry/store.go Delete,
 * updateForGracefulDeletionAndFinalizers, deletionFinalizersForGarbageCollection,
 * markAsDeleting; registry/rest/delete.go BeforeDelete):
 *
 * - preconditions (uid, resourceVersion) fail with 409 Conflict, worded as
 *   BeforeDelete words them;
 * - graceful deletion (pods): the first delete sets deletionTimestamp = now +
 *   grace and deletionGracePeriodSeconds, bumps generation, and keeps the
 *   object; a later delete may only shorten the period; a period of 0 writes
 *   the object once more (deletionGracePeriodSeconds 0) and then removes it;
 * - finalizers: an object with finalizers is never removed by a delete, only
 *   marked (deletionTimestamp, deletionGracePeriodSeconds 0); the update that
 *   removes the last finalizer removes it (ShouldDeleteDuringUpdate);
 * - propagationPolicy for the garbage collector: Orphan adds the `orphan`
 *   finalizer, Foreground `foregroundDeletion`, Background neither (and
 *   removes both); without a policy the object's existing finalizer decides,
 *   else the kinds' default, Background (DeleteDependents) for every kind in scope.
 *
 * This module decides; the caller commits (see `DeletePlan`). Once an object
 * is removed (not under dry run), the store's AfterDelete hook runs
 * (`ctx.afterDelete`: a Service's Endpoints go with it).
 */
import {
  conflict,
  fieldError,
  groupResource,
  invalid,
  notFound,
  type DeleteOptions,
  type DeleteResult,
  type FieldError,
  type KindInfo,
  type KubeObject,
} from "@kubesim/api";
import { parseTime, rfc3339 } from "@kubesim/sim";
import type { ServerContext } from "./context.js";
import { deepEqual, withFields } from "./freeze.js";
import { finalizersOf, orderedMeta } from "./metadata.js";
import type { KindStrategy } from "./strategies.js";
import { strategyFor } from "./strategies.js";

type Obj = Record<string, unknown>;

export const FINALIZER_ORPHAN = "orphan";
export const FINALIZER_DELETE_DEPENDENTS = "foregroundDeletion";

/** What a delete request comes to. */
export type DeletePlan =
  /** Nothing to write: a graceful deletion is already pending (or nothing changed). */
  | { readonly kind: "pending"; readonly object: KubeObject }
  /** Write `metadata` onto the object and keep it. `expiresAt` is when its grace runs out. */
  | { readonly kind: "mark"; readonly metadata: Obj; readonly expiresAt?: number }
  /** Write `metadata` (grace 0), then remove the object. */
  | { readonly kind: "mark-then-remove"; readonly metadata: Obj }
  /** Remove the object now. */
  | { readonly kind: "remove" };

/** metav1/validation.ValidateDeleteOptions, plus the integer check a Go int64 gets from decoding. */
export function validateDeleteOptions(o: DeleteOptions): void {
  const errs: FieldError[] = [];
  const p = o.propagationPolicy as string | undefined;
  if (p !== undefined && p !== "Foreground" && p !== "Background" && p !== "Orphan") {
    errs.push(
      fieldError.notSupported("propagationPolicy", p, [
        "Foreground",
        "Background",
        "Orphan",
        "nil",
      ]),
    );
  }
  const g = o.gracePeriodSeconds;
  if (g !== undefined && (typeof g !== "number" || !Number.isInteger(g))) {
    errs.push(fieldError.invalid("gracePeriodSeconds", g, "must be an integer"));
  }
  if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind: "DeleteOptions" }, "", errs);
}

/** BeforeDelete's precondition check: 409 naming the kind (upstream puts the Kind in the resource slot). */
export function checkDeletePreconditions(info: KindInfo, obj: KubeObject, o: DeleteOptions): void {
  const meta = obj.metadata ?? {};
  const gr = { group: info.group, resource: info.kind };
  const name = meta.name ?? "";
  const uid = o.preconditions?.uid;
  if (uid !== undefined && uid !== meta.uid) {
    throw conflict(
      gr,
      name,
      `the UID in the precondition (${uid}) does not match the UID in record (${meta.uid ?? ""}). The object might have been deleted and then recreated`,
    );
  }
  const rv = o.preconditions?.resourceVersion;
  if (rv !== undefined && rv !== meta.resourceVersion) {
    throw conflict(
      gr,
      name,
      `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ""}). The object might have been modified`,
    );
  }
}

/** deletionFinalizersForGarbageCollection: the finalizers after applying the policy, or undefined when unchanged. */
export function gcFinalizers(
  current: readonly string[],
  policy: DeleteOptions["propagationPolicy"],
): string[] | undefined {
  let orphan: boolean;
  let foreground: boolean;
  if (policy === "Orphan") [orphan, foreground] = [true, false];
  else if (policy === "Foreground") [orphan, foreground] = [false, true];
  else if (policy === "Background") [orphan, foreground] = [false, false];
  else {
    // No policy: an existing GC finalizer decides; the default policy is DeleteDependents (Background).
    const first = current.find((f) => f === FINALIZER_ORPHAN || f === FINALIZER_DELETE_DEPENDENTS);
    orphan = first === FINALIZER_ORPHAN;
    foreground = first === FINALIZER_DELETE_DEPENDENTS;
  }
  const next = current.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_DELETE_DEPENDENTS);
  if (orphan) next.push(FINALIZER_ORPHAN);
  if (foreground) next.push(FINALIZER_DELETE_DEPENDENTS);
  const a = new Set(current);
  const b = new Set(next);
  if (a.size === b.size && [...a].every((f) => b.has(f))) return undefined;
  return next;
}

/**
 * Decides what a delete of `obj` does at virtual time `now` (ms). Preconditions
 * and options must have been checked.
 */
export function planDelete(
  strategy: KindStrategy,
  obj: KubeObject,
  o: DeleteOptions,
  now: number,
): DeletePlan {
  const meta = (obj.metadata ?? {}) as Obj;
  let requested = o.gracePeriodSeconds;
  if (requested !== undefined && requested < 0) requested = 1;
  const m: Obj = { ...meta };
  let graceful = false;
  let grace = 0;
  let expiresAt: number | undefined;

  if (strategy.gracePeriod !== undefined) {
    const ts = meta["deletionTimestamp"];
    const current = meta["deletionGracePeriodSeconds"] as number | undefined;
    if (ts !== undefined) {
      // Already being deleted: only a shorter grace period may be given.
      if (current !== undefined && current !== 0) {
        if (requested === undefined || requested >= current)
          return { kind: "pending", object: obj };
        const base = (parseTime(String(ts)) ?? now) - current * 1000;
        expiresAt = base + requested * 1000;
        m["deletionTimestamp"] = rfc3339(expiresAt);
        m["deletionGracePeriodSeconds"] = requested;
        graceful = true;
        grace = requested;
      }
    } else {
      grace = strategy.gracePeriod(obj as unknown as Obj, requested);
      expiresAt = now + grace * 1000;
      m["deletionTimestamp"] = rfc3339(expiresAt);
      m["deletionGracePeriodSeconds"] = grace;
      if (typeof m["generation"] === "number" && m["generation"] > 0)
        m["generation"] = m["generation"] + 1;
      graceful = true;
    }
  }

  const current = finalizersOf(meta);
  const changed = gcFinalizers(current, o.propagationPolicy);
  if (changed !== undefined) m["finalizers"] = changed;
  const pendingFinalizers = (changed ?? current).length > 0;

  if (!graceful) {
    if (!pendingFinalizers) return { kind: "remove" };
    // markAsDeleting: generation bump on first marking, timestamp now (or earlier), grace 0.
    if (
      m["deletionTimestamp"] === undefined &&
      typeof m["generation"] === "number" &&
      m["generation"] > 0
    ) {
      m["generation"] = m["generation"] + 1;
    }
    const existing = m["deletionTimestamp"];
    if (existing === undefined || (parseTime(String(existing)) ?? now) > now)
      m["deletionTimestamp"] = rfc3339(now);
    m["deletionGracePeriodSeconds"] = 0;
    return { kind: "mark", metadata: orderedMeta(m) };
  }
  if (pendingFinalizers || grace > 0) {
    return {
      kind: "mark",
      metadata: orderedMeta(m),
      ...(grace > 0 && expiresAt !== undefined ? { expiresAt } : {}),
    };
  }
  return { kind: "mark-then-remove", metadata: orderedMeta(m) };
}

/**
 * ShouldDeleteDuringUpdate: an update that leaves no finalizers on an object
 * being deleted with no grace period left removes it. Namespaces also wait
 * for their spec finalizers (ShouldDeleteNamespaceDuringUpdate).
 */
export function shouldDeleteDuringUpdate(next: KubeObject, old: KubeObject): boolean {
  const nm = (next.metadata ?? {}) as Obj;
  const om = (old.metadata ?? {}) as Obj;
  if (finalizersOf(nm).length > 0) return false;
  if (om["deletionTimestamp"] === undefined) return false;
  const g = om["deletionGracePeriodSeconds"];
  if (g !== undefined && g !== 0) return false;
  if (next.kind === "Namespace") {
    const f = (next as { spec?: { finalizers?: unknown[] } }).spec?.finalizers;
    if (Array.isArray(f) && f.length > 0) return false;
  }
  return true;
}

/** A frozen copy of `obj` with new metadata stamped with resourceVersion `rv`. */
function withMetadata(obj: KubeObject, metadata: Obj, rv: string | undefined): KubeObject {
  const m = { ...metadata };
  if (rv === undefined) delete m["resourceVersion"];
  else m["resourceVersion"] = rv;
  return withFields<KubeObject>(obj, { metadata: orderedMeta(m) });
}

/**
 * DELETE of one object: 404 when absent; otherwise as `planDelete` decides,
 * committing at most one update and one removal.
 */
export function deleteObject(
  ctx: ServerContext,
  info: KindInfo,
  namespace: string,
  name: string,
  options: DeleteOptions = {},
): DeleteResult<KubeObject> {
  const store = ctx.storage.store(info);
  const found = store.find(namespace, name);
  if (found === undefined) throw notFound(groupResource(info), name);
  const { key, obj: existing } = found;
  validateDeleteOptions(options);
  checkDeletePreconditions(info, existing, options);
  const dryRun = options.dryRun === true;
  const plan = planDelete(strategyFor(info), existing, options, ctx.loop.now());
  switch (plan.kind) {
    case "pending":
      return { object: existing, deleted: false };
    case "remove":
      if (!dryRun) {
        ctx.storage.commit(store, key, existing, undefined);
        ctx.afterDelete(info.kind, existing);
      }
      return { object: existing, deleted: true };
    case "mark": {
      const oldMeta = (existing.metadata ?? {}) as Obj;
      const { resourceVersion: _a, ...was } = oldMeta;
      const { resourceVersion: _b, ...will } = plan.metadata;
      if (deepEqual(was, will)) return { object: existing, deleted: false };
      if (dryRun)
        return {
          object: withMetadata(existing, plan.metadata, String(oldMeta["resourceVersion"] ?? "")),
          deleted: false,
        };
      const next = withMetadata(existing, plan.metadata, String(ctx.storage.nextResourceVersion));
      ctx.storage.commit(store, key, existing, next);
      if (plan.expiresAt !== undefined) {
        ctx.scheduleGraceExpiry(
          info.kind,
          namespace,
          name,
          String(oldMeta["uid"] ?? ""),
          plan.expiresAt,
        );
      }
      return { object: next, deleted: false };
    }
    case "mark-then-remove": {
      if (dryRun)
        return { object: withMetadata(existing, plan.metadata, undefined), deleted: true };
      const next = withMetadata(existing, plan.metadata, String(ctx.storage.nextResourceVersion));
      ctx.storage.commit(store, key, existing, next);
      ctx.storage.commit(store, key, next, undefined);
      ctx.afterDelete(info.kind, next);
      return { object: next, deleted: true };
    }
  }
}
