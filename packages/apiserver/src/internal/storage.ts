/**
 * The in-memory etcd: one store per kind and ONE revision counter across all
 * of them (etcd's cluster-wide revision, which kube-apiserver reports as
 * metadata.resourceVersion). Mirrors the write half of
 * k8s.io/apiserver/pkg/storage/etcd3/store.go.
 *
 * Guarantees:
 * - `commit` is the only way anything changes. It takes the next revision,
 *   applies the change to the kind's store (objects, indices, log), records
 *   the write in the trace (with the new object as the entry's detail, which
 *   only a trace that keeps details holds on to), then tells the listeners (the watch hub queues
 *   events; it never calls a watcher from here);
 * - revisions increase by exactly one per committed change, across kinds;
 * - a write that fails before `commit` leaves no trace anywhere.
 */
import { InvariantError, type KindInfo, type KubeObject } from "@kubesim/api";
import type { Trace } from "@kubesim/sim";
import type { LogEntry } from "./event-log.js";
import { KindStore } from "./store.js";
import { withResourceVersion } from "./freeze.js";

export type CommitListener = (store: KindStore, entry: LogEntry) => void;

/** The compact trace record of one committed write. */
export interface WriteRecord {
  readonly verb: "create" | "update" | "delete";
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly resourceVersion: string;
}

export class Storage {
  private revision = 0;
  private readonly stores = new Map<string, KindStore>();
  private readonly listeners: CommitListener[] = [];
  private readonly watchWindow: number;
  private readonly trace: Trace | undefined;

  constructor(watchWindow: number, trace: Trace | undefined) {
    this.watchWindow = watchWindow;
    this.trace = trace;
  }

  /** The latest committed revision (0 before the first write). */
  get resourceVersion(): number {
    return this.revision;
  }

  /** The revision the next commit will take: objects are stamped with it before committing. */
  get nextResourceVersion(): number {
    return this.revision + 1;
  }

  store(info: KindInfo): KindStore {
    let s = this.stores.get(info.kind);
    if (s === undefined) this.stores.set(info.kind, (s = new KindStore(info, this.watchWindow)));
    return s;
  }

  /** Stores that exist (a kind gets one on first use). */
  allStores(): IterableIterator<KindStore> {
    return this.stores.values();
  }

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /**
   * Commits a create (old undefined), update, or delete (next undefined).
   * `next` must already carry the next revision as its resourceVersion.
   */
  commit(
    store: KindStore,
    key: string,
    old: KubeObject | undefined,
    next: KubeObject | undefined,
  ): LogEntry {
    const rv = this.revision + 1;
    const rvString = String(rv);
    if (next !== undefined && next.metadata?.resourceVersion !== rvString) {
      throw new InvariantError(
        `commit of ${store.info.kind} ${key}: resourceVersion ${String(next.metadata?.resourceVersion)} is not the next revision ${rvString}`,
      );
    }
    if (old === undefined && next === undefined)
      throw new InvariantError(`empty commit for ${key}`);
    this.revision = rv;
    const tombstone = next === undefined ? withResourceVersion(old!, rvString) : undefined;
    // Every field present from the start: entries keep one shape.
    const entry: LogEntry = {
      rv,
      key,
      old,
      next,
      tombstone,
      oldFields: undefined,
      nextFields: undefined,
    };
    const slot = store.apply(entry);
    if (this.trace !== undefined) {
      const meta = (next ?? old)!.metadata ?? {};
      const verb = old === undefined ? "create" : next === undefined ? "delete" : "update";
      // Key order is part of the trace hash (Trace.record): keep it fixed.
      const record: WriteRecord = store.info.namespaced
        ? {
            verb,
            kind: store.info.kind,
            namespace: meta.namespace ?? "",
            name: meta.name ?? "",
            resourceVersion: rvString,
          }
        : { verb, kind: store.info.kind, name: meta.name ?? "", resourceVersion: rvString };
      // The object the write left, as the entry's detail (kept only by a trace with details).
      this.trace.record("write", record, next);
    }
    for (const l of this.listeners) l(store, entry);
    if (slot !== undefined && entry.nextFields !== undefined) store.noteFields(slot, entry);
    // Every live watcher has seen the change (they are offered it synchronously):
    // the slot keeps the new object's fields, and the log keeps none (it holds
    // thousands of changes; a watch replaying them computes what it needs).
    entry.oldFields = undefined;
    entry.nextFields = undefined;
    return entry;
  }
}
