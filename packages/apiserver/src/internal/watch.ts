/**
 * Watches, as the watch cache serves them
 * (k8s.io/apiserver/pkg/storage/cacher: cacher.go, cache_watcher.go,
 * watch_cache.go), delivered through the sim loop.
 *
 * Guarantees:
 * - a watch from resourceVersion R sees every change with rv > R exactly once,
 *   in commit order: the log's entries after R first, then live ones; nothing
 *   can commit between the replay and the registration (one thread);
 * - with selectors, each change is judged on its old and new object, as
 *   cacheWatcher.convertToWatchEvent does: both match -> MODIFIED, only the
 *   new -> ADDED, only the old -> DELETED carrying the old object stamped with
 *   the change's resourceVersion;
 * - R omitted or "0": synthetic ADDED events for what matches now, then live;
 *   sendInitialEvents=true: the same, then (with allowWatchBookmarks) a
 *   BOOKMARK annotated `k8s.io/initial-events-end: "true"`;
 * - R older than the kind's event window: one ERROR event with a 410 Expired
 *   Status, then the watch ends;
 * - bookmarks (allowWatchBookmarks): every `bookmarkInterval` of virtual time
 *   (a minute, as the cacher's bookmark frequency) a BOOKMARK carrying only
 *   apiVersion, kind and metadata.resourceVersion;
 * - delivery: each event is queued with due time commit time + latency and
 *   handed over by a loop task, never inside the write that caused it. A task
 *   delivers only what was queued before it started, so a handler that writes
 *   cannot starve the loop. After stop() nothing more is delivered.
 */
import { apiVersionOf, type KubeObject, type WatchEvent, type WatchHandle } from "@kubesim/api";
import type { Loop, TaskHandle } from "@kubesim/sim";
import type { LogEntry } from "./event-log.js";
import { withResourceVersion } from "./freeze.js";
import type { Selection } from "./selection.js";
import { selectCurrent } from "./selection.js";
import type { KindStore } from "./store.js";

export type WatchHandler = (event: WatchEvent<KubeObject>) => void;

/** The annotation on the bookmark that ends the initial events of a watch-list. */
export const INITIAL_EVENTS_END_ANNOTATION = "k8s.io/initial-events-end";

export interface WatchHubOptions {
  readonly loop: Loop;
  /** Delivery delay in virtual ms (default 0: the next loop task). */
  readonly latency: number;
  /** Virtual ms between periodic bookmarks; 0 disables them. */
  readonly bookmarkInterval: number;
  /** The latest committed revision. */
  readonly currentRevision: () => number;
}

/** How a watch starts: replay the log after `fromRv`, or list the current state. */
export type WatchStart =
  | { readonly kind: "since"; readonly fromRv: number }
  | { readonly kind: "now"; readonly initialEvents: boolean; readonly endBookmark: boolean }
  | { readonly kind: "expired"; readonly error: { readonly status: unknown } };

interface Queued {
  readonly at: number;
  readonly event: WatchEvent<KubeObject>;
}

/** The object a DELETED event carries for a change: the old object at the change's revision. */
function tombstoneOf(entry: LogEntry): KubeObject {
  if (entry.tombstone === undefined) {
    entry.tombstone = withResourceVersion(entry.old!, String(entry.rv));
  }
  return entry.tombstone;
}

/** cacheWatcher.convertToWatchEvent: the event a watcher with selection `sel` gets for a change. */
export function eventFor(sel: Selection, entry: LogEntry): WatchEvent<KubeObject> | undefined {
  const cur = entry.next !== undefined && sel.matchesChange(entry, true);
  const prev = entry.old !== undefined && sel.matchesChange(entry, false);
  if (cur) return { type: prev ? "MODIFIED" : "ADDED", object: entry.next! };
  if (prev) return { type: "DELETED", object: tombstoneOf(entry) };
  return undefined;
}

class Watcher implements WatchHandle {
  private readonly queue: Queued[] = [];
  private head = 0;
  private task: TaskHandle | undefined;
  private bookmarkTask: TaskHandle | undefined;
  private done = false;
  /** Set by expire(): the watch ends once its queue (the ERROR event) is delivered. */
  private closeAfterQueue = false;

  constructor(
    private readonly hub: WatchHub,
    readonly store: KindStore,
    readonly sel: Selection,
    private readonly handler: WatchHandler,
    readonly bookmarks: boolean,
  ) {}

  get stopped(): boolean {
    return this.done;
  }

  stop(): void {
    if (this.done) return;
    this.done = true;
    this.hub.remove(this);
    const loop = this.hub.options.loop;
    if (this.task !== undefined) loop.cancel(this.task);
    if (this.bookmarkTask !== undefined) loop.cancel(this.bookmarkTask);
    this.task = undefined;
    this.bookmarkTask = undefined;
    this.queue.length = 0;
    this.head = 0;
  }

  /** A committed change of this watcher's kind. */
  offer(entry: LogEntry): void {
    const ev = eventFor(this.sel, entry);
    if (ev !== undefined) this.enqueue(ev);
  }

  enqueue(event: WatchEvent<KubeObject>): void {
    if (this.done) return;
    const { loop, latency } = this.hub.options;
    this.queue.push({ at: loop.now() + latency, event });
    this.schedule();
  }

  bookmark(annotations?: Record<string, string>): void {
    const info = this.store.info;
    const rv = String(this.hub.options.currentRevision());
    const object = Object.freeze({
      apiVersion: apiVersionOf(info),
      kind: info.kind,
      metadata: Object.freeze({
        resourceVersion: rv,
        ...(annotations === undefined ? {} : { annotations: Object.freeze(annotations) }),
      }),
    }) as KubeObject;
    this.enqueue({ type: "BOOKMARK", object });
  }

  startBookmarks(): void {
    const { loop, bookmarkInterval } = this.hub.options;
    if (!this.bookmarks || bookmarkInterval <= 0 || this.done) return;
    this.bookmarkTask = loop.after(
      bookmarkInterval,
      () => {
        this.bookmarkTask = undefined;
        if (this.done) return;
        this.bookmark();
        this.startBookmarks();
      },
      "apiserver/watch-bookmark",
    );
  }

  /** Ends the watch after delivering a 410 ERROR event. */
  expire(status: unknown): void {
    this.hub.remove(this);
    this.enqueue({ type: "ERROR", object: status } as WatchEvent<KubeObject>);
    this.closeAfterQueue = true;
  }

  private schedule(): void {
    if (this.task !== undefined || this.done || this.head >= this.queue.length) return;
    this.task = this.hub.options.loop.at(
      this.queue[this.head]!.at,
      this.flush,
      "apiserver/watch-deliver",
    );
  }

  private readonly flush = (): void => {
    this.task = undefined;
    const now = this.hub.options.loop.now();
    const end = this.queue.length;
    try {
      while (!this.done && this.head < end) {
        const item = this.queue[this.head]!;
        if (item.at > now) break;
        this.head++;
        this.handler(item.event);
      }
    } finally {
      if (!this.done && this.closeAfterQueue && this.head >= this.queue.length) this.stop();
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.schedule();
    }
  };
}

export class WatchHub {
  readonly options: WatchHubOptions;
  private readonly byKind = new Map<string, Set<Watcher>>();

  constructor(options: WatchHubOptions) {
    this.options = options;
  }

  /** Number of live watchers (all kinds). */
  get size(): number {
    let n = 0;
    for (const s of this.byKind.values()) n += s.size;
    return n;
  }

  /** Queues the change for every watcher of its kind. Called by the storage after each commit. */
  readonly onCommit = (store: KindStore, entry: LogEntry): void => {
    const set = this.byKind.get(store.info.kind);
    if (set === undefined) return;
    for (const w of set) w.offer(entry);
  };

  remove(w: Watcher): void {
    this.byKind.get(w.store.info.kind)?.delete(w);
  }

  start(
    store: KindStore,
    sel: Selection,
    start: WatchStart,
    bookmarks: boolean,
    handler: WatchHandler,
  ): WatchHandle {
    const w = new Watcher(this, store, sel, handler, bookmarks);
    if (start.kind === "expired") {
      w.expire(start.error.status);
      return w;
    }
    if (start.kind === "since") {
      for (const entry of store.log.since(start.fromRv)) w.offer(entry);
    } else {
      if (start.initialEvents)
        for (const obj of selectCurrent(store, sel)) w.enqueue({ type: "ADDED", object: obj });
      if (start.endBookmark) w.bookmark({ [INITIAL_EVENTS_END_ANNOTATION]: "true" });
    }
    let set = this.byKind.get(store.info.kind);
    if (set === undefined) this.byKind.set(store.info.kind, (set = new Set()));
    set.add(w);
    w.startBookmarks();
    return w;
  }
}
