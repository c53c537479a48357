/**
 * Namespace deletion: the namespace registry's two-phase Delete
 * (pkg/registry/core/namespace/storage/storage.go) plus, FOR NOW, the
 * namespace controller of kube-controller-manager
 * (pkg/controller/namespace/deletion/namespaced_resources_deleter.go), folded
 * into the apiserver until kubesim has a controller manager to host it.
 *
 * 1. DELETE of an Active namespace sets deletionTimestamp and status.phase
 *    Terminating (and the GC finalizers its propagationPolicy asks for); the
 *    namespace stays, and creates into it are refused from then on.
 * 2. A loop task deletes everything the namespace holds, kind by kind, with
 *    default options (pods get their grace period, finalizers hold objects).
 * 3. When the last object in it is gone (checked after each removal, as a
 *    loop task, never inside the write), the `kubernetes` spec finalizer is
 *    removed (the controller's /finalize call) and the namespace is deleted;
 *    metadata finalizers, if any, still hold it until an update removes them.
 *
 * A second DELETE while it terminates changes nothing. Upstream's status
 * conditions (NamespaceDeletionContentFailure, ...) are not modelled.
 */
import {
  conflict,
  isApiError,
  kinds,
  notFound,
  type DeleteOptions,
  type DeleteResult,
  type KubeObject,
} from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import type { ServerContext } from "./context.js";
import { deleteObject, gcFinalizers, validateDeleteOptions } from "./delete.js";
import type { LogEntry } from "./event-log.js";
import { withFields } from "./freeze.js";
import { finalizersOf, orderedMeta } from "./metadata.js";
import { admitNamespaceDelete, isTerminating, NAMESPACE_INFO } from "./namespaces.js";
import type { KindStore } from "./store.js";

type Obj = Record<string, unknown>;

/** The spec finalizer kube-apiserver puts on every namespace. */
export const FINALIZER_KUBERNETES = "kubernetes";

const namespacedKinds = kinds.filter((k) => k.namespaced);

export class NamespaceController {
  private readonly checks = new Set<string>();

  constructor(private readonly ctx: ServerContext) {
    ctx.storage.onCommit(this.onCommit);
  }

  /** DELETE /api/v1/namespaces/{name}. */
  delete(name: string, options: DeleteOptions = {}): DeleteResult<KubeObject> {
    admitNamespaceDelete(name);
    const { storage, loop } = this.ctx;
    const store = storage.store(NAMESPACE_INFO);
    const existing = store.get(name);
    if (existing === undefined) throw notFound({ group: "", resource: "namespaces" }, name);
    validateDeleteOptions(options);
    const meta = (existing.metadata ?? {}) as Obj;
    const gr = { group: "", resource: "namespaces" };
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== meta["uid"]) {
      throw conflict(
        gr,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(meta["uid"] ?? "")}`,
      );
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== meta["resourceVersion"]) {
      throw conflict(
        gr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(meta["resourceVersion"] ?? "")}`,
      );
    }
    if (meta["deletionTimestamp"] === undefined) {
      const m: Obj = { ...meta, deletionTimestamp: rfc3339(loop.now()) };
      const f = gcFinalizers(finalizersOf(meta), options.propagationPolicy);
      if (f !== undefined) m["finalizers"] = f;
      const status = { ...((existing as { status?: Obj }).status ?? {}), phase: "Terminating" };
      if (options.dryRun === true) {
        return {
          object: withFields<KubeObject>(existing, { metadata: orderedMeta(m), status }),
          deleted: false,
        };
      }
      m["resourceVersion"] = String(storage.nextResourceVersion);
      const next = withFields<KubeObject>(existing, { metadata: orderedMeta(m), status });
      storage.commit(store, name, existing, next);
      loop.after(0, () => this.purge(name), "apiserver/namespace-purge");
      return { object: next, deleted: false };
    }
    const spec = (existing as { spec?: { finalizers?: unknown[] } }).spec;
    if ((spec?.finalizers ?? []).length > 0) return { object: existing, deleted: false };
    return deleteObject(this.ctx, NAMESPACE_INFO, "", name, options);
  }

  /** Deletes every object in the namespace (the controller's deleteAllContent). */
  private purge(ns: string): void {
    for (const info of namespacedKinds) {
      const store = this.ctx.storage.store(info);
      for (const key of [...store.indices.namespace(ns)]) {
        const obj = store.get(key);
        if (obj === undefined) continue;
        try {
          deleteObject(this.ctx, info, ns, obj.metadata?.name ?? "", {});
        } catch (e) {
          if (!isApiError(e)) throw e;
          this.ctx.logger?.debug(
            { namespace: ns, kind: info.kind, key, err: e.message },
            "namespace purge: delete failed",
          );
        }
      }
    }
    this.check(ns);
  }

  /** After a removal in a terminating namespace: finalize it once empty. */
  private readonly onCommit = (store: KindStore, entry: LogEntry): void => {
    if (entry.next !== undefined || !store.info.namespaced) return;
    const ns = entry.old?.metadata?.namespace ?? "";
    if (this.checks.has(ns) || !isTerminating(this.ctx.storage, ns)) return;
    this.checks.add(ns);
    this.ctx.loop.after(
      0,
      () => {
        this.checks.delete(ns);
        this.check(ns);
      },
      "apiserver/namespace-finalize",
    );
  };

  private isEmpty(ns: string): boolean {
    for (const info of namespacedKinds)
      if (this.ctx.storage.store(info).indices.namespace(ns).size > 0) return false;
    return true;
  }

  /** Removes the `kubernetes` finalizer of an empty terminating namespace, then deletes it. */
  private check(ns: string): void {
    const { storage } = this.ctx;
    const store = storage.store(NAMESPACE_INFO);
    const existing = store.get(ns);
    if (
      existing === undefined ||
      existing.metadata?.deletionTimestamp === undefined ||
      !this.isEmpty(ns)
    )
      return;
    const spec = ((existing as { spec?: Obj }).spec ?? {}) as Obj;
    const finalizers = Array.isArray(spec["finalizers"]) ? (spec["finalizers"] as string[]) : [];
    if (finalizers.includes(FINALIZER_KUBERNETES)) {
      const rest = finalizers.filter((f) => f !== FINALIZER_KUBERNETES);
      const { finalizers: _f, ...others } = spec;
      const nextSpec = rest.length > 0 ? { ...others, finalizers: rest } : others;
      const next = withFields<KubeObject>(existing, {
        spec: nextSpec,
        metadata: { ...existing.metadata, resourceVersion: String(storage.nextResourceVersion) },
      });
      storage.commit(store, ns, existing, next);
      if (rest.length > 0) return;
    }
    deleteObject(this.ctx, NAMESPACE_INFO, "", ns, {});
  }
}
