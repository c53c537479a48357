/**
 * A small in-memory `ApiClient` for runtime's own tests, in the spirit of
 * controller-runtime's pkg/client/fake and candid about its limits the way
 * its doc.go is. It keeps what informers, workqueues and recorders depend on:
 *
 * - one resourceVersion counter for all writes; uid and creationTimestamp set
 *   on create; Conflict on a stale resourceVersion; NotFound, AlreadyExists;
 * - watch from a resourceVersion: exactly the changes after it, in commit
 *   order, each delivered as its own sim-loop task (never inside the write);
 *   from "0" or no version, ADDED for what exists first;
 * - a bounded event history: a watch from a version older than the window
 *   gets an ERROR event with a 410 Expired Status;
 * - faults: `dropWatches()` (silently stops every watch), `failWatches(status)`
 *   (an ERROR event, then the watch ends), `compact()` (forget history).
 *
 * Known limitations: no defaulting or validation; label selectors only
 * `k=v`, `k==v`, `k!=v`, `k` and `!k`; field selectors only metadata.name and
 * metadata.namespace; strategic merge patch is applied as a JSON merge patch;
 * no JSON patch, scale or binding; delete is immediate (no grace periods or
 * finalizers); eviction is a DisruptionTarget condition and that immediate
 * delete (no dry run, no preconditions); no namespace existence checks. Use the real in-memory
 * apiserver (`@kubesim/apiserver`) when in doubt.
 */
import {
  alreadyExists,
  badRequest,
  conflict,
  groupResource,
  kindInfo,
  methodNotAllowed,
  notFound,
  OBJECT_MODIFIED,
  type ApiClient,
  type DeleteOptions,
  type DeleteResult,
  type KindName,
  type KindTypes,
  type KubeObject,
  type ListOptions,
  type ObjectList,
  type PatchOptions,
  type PatchType,
  type UpdateOptions,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
  type WriteOptions,
  apiVersionOf,
} from "@kubesim/api";
import { rfc3339, type Loop } from "@kubesim/sim";
import type { Scale } from "kubernetes-types/autoscaling/v1";
import type { Binding, Pod } from "kubernetes-types/core/v1";
import type { Eviction } from "kubernetes-types/policy/v1";
import type { Status } from "kubernetes-types/meta/v1";
import { deepFreeze } from "../internal/freeze.js";

type Obj = KubeObject & { metadata: NonNullable<KubeObject["metadata"]> };

interface HistoryEntry {
  readonly rv: number;
  readonly kind: KindName;
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  readonly object: Obj;
  readonly old: Obj | undefined;
}

interface Watcher {
  readonly kind: KindName;
  readonly options: WatchOptions;
  readonly handler: (e: WatchEvent<KubeObject>) => void;
  /** The server sends nothing more (dropped, failed, or stopped by the client). */
  stopped: boolean;
  /** The client called stop(): nothing more is delivered, not even events already in flight. */
  stoppedByClient: boolean;
}

export interface FakeApiClientOptions {
  readonly loop: Loop;
  /** How many change events are kept for watch resume (default 1000). */
  readonly historyLimit?: number;
}

const infoOf = (kind: KindName) => {
  const info = kindInfo(kind);
  if (info === undefined) throw badRequest(`unknown kind ${kind}`);
  return info;
};

export const expiredStatus = (message = "too old resource version"): Status => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message,
  reason: "Expired",
  code: 410,
});

export class FakeApiClient implements ApiClient {
  private readonly loop: Loop;
  private readonly historyLimit: number;
  private readonly stores = new Map<KindName, Map<string, Obj>>();
  private history: HistoryEntry[] = [];
  private readonly watchers: Watcher[] = [];
  /**
   * The store's revision. Like etcd's, it starts at 1, so a list never
   * answers resourceVersion "0": a reflector would watch from "0" ("any
   * version": the current objects as ADDED, in key order), and resuming after
   * the last of them would replay older versions of the others.
   */
  private rv = 1;
  private uid = 0;
  private nameSuffix = 0;
  /** Calls per verb, for tests ("list" counts relists). */
  readonly calls: Record<string, number> = {};

  constructor(options: FakeApiClientOptions) {
    this.loop = options.loop;
    this.historyLimit = options.historyLimit ?? 1000;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  create<K extends KindName>(kind: K, obj: KindTypes[K], _options?: WriteOptions): KindTypes[K] {
    this.count("create");
    const info = infoOf(kind);
    const meta = obj.metadata ?? {};
    let name = meta.name ?? "";
    if (name === "" && meta.generateName !== undefined)
      name = `${meta.generateName}${(++this.nameSuffix).toString(36).padStart(5, "b")}`;
    if (name === "") throw badRequest("name or generateName is required");
    const namespace = info.namespaced ? (meta.namespace ?? "default") : undefined;
    const key = this.key(namespace, name);
    if (this.store(kind).has(key)) throw alreadyExists(groupResource(info), name);
    const created = deepFreeze({
      ...structuredClone(obj),
      apiVersion: apiVersionOf(info),
      kind: info.kind,
      metadata: {
        ...structuredClone(meta),
        name,
        ...(namespace === undefined ? {} : { namespace }),
        uid: `uid-${++this.uid}`,
        resourceVersion: String(++this.rv),
        creationTimestamp: rfc3339(this.loop.now()),
        generation: 1,
      },
    }) as Obj;
    this.store(kind).set(key, created);
    this.commit(kind, "ADDED", created, undefined);
    return created as KindTypes[K];
  }

  get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindTypes[K] {
    this.count("get");
    const obj = this.store(kind).get(this.key(this.ns(kind, namespace), name));
    if (obj === undefined) throw notFound(groupResource(infoOf(kind)), name);
    return obj as KindTypes[K];
  }

  list<K extends KindName>(kind: K, options: ListOptions = {}): ObjectList<KindTypes[K]> {
    this.count("list");
    return this.doList(kind, options);
  }

  private doList<K extends KindName>(kind: K, options: ListOptions): ObjectList<KindTypes[K]> {
    const items = [...this.store(kind).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o)
      .filter((o) => this.matches(kind, o, options));
    const info = infoOf(kind);
    return {
      apiVersion: apiVersionOf(info),
      kind: `${info.kind}List`,
      metadata: { resourceVersion: String(this.rv) },
      items: items as KindTypes[K][],
    };
  }

  update<K extends KindName>(
    kind: K,
    obj: KindTypes[K],
    options: UpdateOptions = {},
  ): KindTypes[K] {
    this.count("update");
    return this.doUpdate(kind, obj, options);
  }

  private doUpdate<K extends KindName>(
    kind: K,
    obj: KindTypes[K],
    options: UpdateOptions,
  ): KindTypes[K] {
    const info = infoOf(kind);
    const name = obj.metadata?.name ?? "";
    const key = this.key(this.ns(kind, obj.metadata?.namespace), name);
    const old = this.store(kind).get(key);
    if (old === undefined) throw notFound(groupResource(info), name);
    const rv = obj.metadata?.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) {
      throw conflict(groupResource(info), name, OBJECT_MODIFIED);
    }
    const next = structuredClone(obj) as Obj & { spec?: unknown; status?: unknown };
    const prev = old as Obj & { spec?: unknown; status?: unknown };
    if (options.subresource === "status") {
      if (prev.spec !== undefined) next.spec = prev.spec;
      next.metadata = structuredClone(old.metadata);
    }
    const specChanged = JSON.stringify(next.spec) !== JSON.stringify(prev.spec);
    const updated = deepFreeze({
      ...next,
      apiVersion: apiVersionOf(info),
      kind: info.kind,
      metadata: {
        ...next.metadata,
        name,
        ...(old.metadata.namespace === undefined ? {} : { namespace: old.metadata.namespace }),
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        resourceVersion: String(++this.rv),
        generation: (old.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      },
    }) as Obj;
    this.store(kind).set(key, updated);
    this.commit(kind, "MODIFIED", updated, old);
    return updated as KindTypes[K];
  }

  patch<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: PatchOptions = {},
  ): KindTypes[K] {
    this.count("patch");
    if (type === "json") throw badRequest("the fake client does not support JSON patch");
    const current = this.store(kind).get(this.key(this.ns(kind, namespace), name));
    if (current === undefined) throw notFound(groupResource(infoOf(kind)), name);
    const merged = mergePatch(structuredClone(current), patch) as KindTypes[K];
    return this.doUpdate(
      kind,
      merged,
      options.subresource === undefined ? {} : { subresource: options.subresource },
    );
  }

  delete<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): DeleteResult<KindTypes[K]> {
    this.count("delete");
    const info = infoOf(kind);
    const key = this.key(this.ns(kind, namespace), name);
    const old = this.store(kind).get(key);
    if (old === undefined) throw notFound(groupResource(info), name);
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== old.metadata.uid) {
      throw conflict(
        groupResource(info),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid ?? ""}`,
      );
    }
    this.store(kind).delete(key);
    const gone = deepFreeze({
      ...structuredClone(old),
      metadata: { ...structuredClone(old.metadata), resourceVersion: String(++this.rv) },
    }) as Obj;
    this.commit(kind, "DELETED", gone, old);
    return { object: gone as KindTypes[K], deleted: true };
  }

  deleteCollection<K extends KindName>(
    kind: K,
    options: ListOptions & DeleteOptions = {},
  ): ObjectList<KindTypes[K]> {
    this.count("deletecollection");
    const list = this.doList(kind, options);
    for (const o of list.items) this.delete(kind, o.metadata?.namespace, o.metadata?.name ?? "");
    return list;
  }

  watch<K extends KindName>(
    kind: K,
    options: WatchOptions,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle {
    this.count("watch");
    const w: Watcher = {
      kind,
      options,
      handler: handler as (e: WatchEvent<KubeObject>) => void,
      stopped: false,
      stoppedByClient: false,
    };
    this.watchers.push(w);
    const from = options.resourceVersion;
    if (from === undefined || from === "" || from === "0") {
      for (const o of this.doList(kind, options).items)
        this.deliver(w, { type: "ADDED", object: o });
    } else {
      const v = Number(from);
      const oldest = this.history[0]?.rv ?? this.rv + 1;
      if (v < oldest - 1) {
        this.deliver(w, {
          type: "ERROR",
          object: expiredStatus(`too old resource version: ${from} (${oldest - 1})`),
        });
        w.stopped = true;
      } else {
        for (const h of this.history) if (h.rv > v && h.kind === kind) this.send(w, h);
      }
    }
    return {
      stop: () => {
        w.stopped = true;
        w.stoppedByClient = true;
      },
      get stopped() {
        return w.stopped;
      },
    };
  }

  getScale(kind: "Deployment" | "ReplicaSet", _namespace: string, _name: string): Scale {
    throw methodNotAllowed("get scale (fake client)", groupResource(infoOf(kind)));
  }

  updateScale(
    kind: "Deployment" | "ReplicaSet",
    _namespace: string,
    _name: string,
    _scale: Scale,
  ): Scale {
    throw methodNotAllowed("update scale (fake client)", groupResource(infoOf(kind)));
  }

  bind(_namespace: string, _binding: Binding): void {
    throw methodNotAllowed("bind (fake client)", groupResource(infoOf("Pod")));
  }

  /**
   * POST pods/{name}/eviction, simplified: NotFound for a missing pod, else the
   * DisruptionTarget condition (reason EvictionByEvictionAPI) and a delete.
   */
  evict(namespace: string, eviction: Eviction, _options?: WriteOptions): void {
    this.count("evict");
    const name = eviction.metadata?.name ?? "";
    const pod = this.get("Pod", namespace, name);
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== "DisruptionTarget");
    this.doUpdate(
      "Pod",
      {
        ...pod,
        status: {
          ...pod.status,
          conditions: [
            ...conditions,
            {
              type: "DisruptionTarget",
              status: "True",
              reason: "EvictionByEvictionAPI",
              message: "Eviction API: evicting",
              lastTransitionTime: rfc3339(this.loop.now()),
            },
          ],
        },
      } as Pod,
      { subresource: "status" },
    );
    this.delete("Pod", namespace, name);
  }

  // ---- faults ----

  /** Stops every open watch without a word, as a dropped connection does. */
  dropWatches(): void {
    for (const w of this.watchers) w.stopped = true;
  }

  /** Sends an ERROR event (default 410 Expired) to every open watch, then ends them. */
  failWatches(status: Status = expiredStatus()): void {
    for (const w of this.watchers) {
      if (w.stopped) continue;
      this.deliver(w, { type: "ERROR", object: status });
      w.stopped = true;
    }
  }

  /** Forgets the event history, so resuming any watch older than now gets 410. */
  compact(): void {
    this.history = [];
  }

  /** Number of watches not stopped. */
  openWatches(): number {
    return this.watchers.filter((w) => !w.stopped).length;
  }

  // ---- internals ----

  private count(verb: string): void {
    this.calls[verb] = (this.calls[verb] ?? 0) + 1;
  }

  private store(kind: KindName): Map<string, Obj> {
    let s = this.stores.get(kind);
    if (s === undefined) {
      s = new Map();
      this.stores.set(kind, s);
    }
    return s;
  }

  private ns(kind: KindName, namespace: string | undefined): string | undefined {
    return infoOf(kind).namespaced
      ? namespace === undefined || namespace === ""
        ? "default"
        : namespace
      : undefined;
  }

  private key(namespace: string | undefined, name: string): string {
    return namespace === undefined ? name : `${namespace}/${name}`;
  }

  private commit(
    kind: KindName,
    type: HistoryEntry["type"],
    object: Obj,
    old: Obj | undefined,
  ): void {
    const entry: HistoryEntry = { rv: this.rv, kind, type, object, old };
    this.history.push(entry);
    if (this.history.length > this.historyLimit) this.history.shift();
    for (const w of this.watchers) if (!w.stopped && w.kind === kind) this.send(w, entry);
    if (this.watchers.length > 64) {
      const open = this.watchers.filter((w) => !w.stopped);
      this.watchers.splice(0, this.watchers.length, ...open);
    }
  }

  /** Sends one committed change to a watcher, turned into what its selection sees. */
  private send(w: Watcher, h: HistoryEntry): void {
    const now = this.matches(h.kind, h.object, w.options);
    const before = h.old !== undefined && this.matches(h.kind, h.old, w.options);
    if (h.type === "DELETED") {
      if (before) this.deliver(w, { type: "DELETED", object: h.object });
    } else if (now && before) this.deliver(w, { type: "MODIFIED", object: h.object });
    else if (now) this.deliver(w, { type: "ADDED", object: h.object });
    else if (before) this.deliver(w, { type: "DELETED", object: h.object });
  }

  private deliver(w: Watcher, event: WatchEvent<KubeObject>): void {
    this.loop.after(
      0,
      () => {
        if (!w.stoppedByClient) w.handler(event);
      },
      "fake.watch",
    );
  }

  private matches(kind: KindName, o: KubeObject, options: ListOptions | WatchOptions): boolean {
    const meta = o.metadata ?? {};
    if (infoOf(kind).namespaced && options.namespace !== undefined && options.namespace !== "") {
      if (meta.namespace !== options.namespace) return false;
    }
    const labels = meta.labels ?? {};
    for (const req of splitSelector(options.labelSelector)) {
      if (!matchRequirement(req, (k) => labels[k])) return false;
    }
    for (const req of splitSelector(options.fieldSelector)) {
      const fields: Record<string, string | undefined> = {
        "metadata.name": meta.name,
        "metadata.namespace": meta.namespace,
      };
      if (!matchRequirement(req, (k) => fields[k])) return false;
    }
    return true;
  }
}

function splitSelector(s: string | undefined): string[] {
  return s === undefined || s.trim() === "" ? [] : s.split(",").map((p) => p.trim());
}

function matchRequirement(req: string, value: (key: string) => string | undefined): boolean {
  let m = /^([^=!]+)!=(.*)$/.exec(req);
  if (m !== null) return value(m[1]!.trim()) !== m[2]!.trim();
  m = /^([^=!]+)==?(.*)$/.exec(req);
  if (m !== null) return value(m[1]!.trim()) === m[2]!.trim();
  if (req.startsWith("!")) return value(req.slice(1).trim()) === undefined;
  return value(req) !== undefined;
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
