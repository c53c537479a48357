/**
 * The shared index informer: list, then watch, into a local cache with
 * indices, calling handlers for each change. Mirrors client-go
 * tools/cache/shared_informer.go (`sharedIndexInformer`, `sharedProcessor`),
 * reflector.go (`ListAndWatch`, resync, back-off) and delta_fifo.go
 * (`Replace`, `DeletedFinalStateUnknown`), on the sim loop. The list/watch
 * cycle itself is the pure state machine of watcher.ts; this class drives it.
 *
 * Consistency contract (client-go's `SharedInformer` doc): the cache is
 * eventually consistent with the server. For each object, the states the cache
 * shows (and the handlers see) are a subsequence of the states the server
 * committed, in order; nothing is promised about order across objects. When
 * the watch is healthy and the loop has run, the cache equals the server's
 * state for the informer's selection.
 *
 * Handlers:
 * - `onAdd(obj, isInInitialList)`: a new object; `isInInitialList` is true for
 *   objects of the first list and for the replay a late handler gets.
 * - `onUpdate(old, new)`: a changed object. On a periodic resync every cached
 *   object is delivered again with `old === new` (same resourceVersion):
 *   handlers that only care about changes compare resourceVersions, as the
 *   Deployment controller's `updateReplicaSet` does.
 * - `onDelete(obj)`: the object's final state from the DELETED event, or a
 *   `DeletedFinalStateUnknown` tombstone when the deletion was noticed only by
 *   a relist (the watch missed it).
 *
 * Handlers run synchronously inside the loop task that delivered the change
 * (client-go runs them on one goroutine per handler); they should be quick,
 * typically adding a key to a workqueue.
 */
import type { ApiClient, KindName, KindTypes, WatchEvent } from "@kubesim/api";
import type { Loop, Millis, Rng, TaskHandle } from "@kubesim/sim";
import type { WatchHandle } from "@kubesim/api";
import { deepFreeze } from "../internal/freeze.js";
import { silentLogger, type Logger } from "../log.js";
import {
  Indexer,
  NAMESPACE_INDEX,
  namespaceIndexFunc,
  readOnly,
  type IndexAggregate,
  type IndexAggregator,
  type Indexers,
  type Lister,
} from "./indexer.js";
import {
  deletedFinalStateUnknown,
  metaNamespaceKey,
  type DeletedFinalStateUnknown,
} from "./keys.js";
import {
  initialWatcherState,
  stepWatcher,
  type WatcherInput,
  type WatcherOutput,
  type WatcherState,
  type WatcherStep,
  type WatcherStepHook,
} from "./watcher.js";

/** client-go cache.ResourceEventHandler; every method optional (ResourceEventHandlerFuncs). */
export interface ResourceEventHandler<T> {
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

/** What `addEventHandler` returns (client-go ResourceEventHandlerRegistration). */
export interface HandlerRegistration {
  /** True once this handler has been given every object of the initial list. */
  hasSynced(): boolean;
  /** Stops delivering to this handler. */
  remove(): void;
}

export interface HandlerOptions {
  /** Per-handler resync period (AddEventHandlerWithResyncPeriod); default: the informer's. */
  readonly resyncPeriod?: Millis;
}

/** Which objects an informer watches: one namespace (or all), and selectors. */
export interface InformerSelection {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface InformerOptions<K extends KindName> extends InformerSelection {
  readonly client: ApiClient;
  readonly loop: Loop;
  readonly kind: K;
  /** Default resync period of handlers; 0 (the default) disables resync. */
  readonly resyncPeriod?: Millis;
  /**
   * How long a watch lasts before the informer re-opens it from its last
   * resourceVersion, as the reflector asks kube-apiserver for `timeoutSeconds`
   * (5 min, times 1 + a random fraction when `rng` is given). A silently
   * dropped watch is noticed at the latest then.
   */
  readonly watchTimeout?: Millis;
  /** Jitter for the watch timeout; without it the timeout is exact. */
  readonly rng?: Rng;
  /** Extra indexers; the namespace index is always present. */
  readonly indexers?: Indexers<KindTypes[K]>;
  readonly logger?: Logger;
  /** Wraps the list/watch transition function (tests of broken variants only); the real one when omitted. */
  readonly watcherStepHook?: WatcherStepHook;
}

/** client-go's reflector back-off: 800 ms, doubling to 30 s, reset after 2 min without failures. */
export const REFLECTOR_BACKOFF = Object.freeze({
  initial: 800,
  max: 30_000,
  reset: 120_000,
  factor: 2,
});
/** client-go minWatchTimeout. */
export const MIN_WATCH_TIMEOUT: Millis = 5 * 60_000;
/** client-go minimumResyncPeriod. */
export const MINIMUM_RESYNC_PERIOD: Millis = 1000;

interface Listener<T> {
  readonly handler: ResourceEventHandler<T>;
  resyncPeriod: Millis;
  nextResync: Millis;
  synced: boolean;
  removed: boolean;
}

export class SharedIndexInformer<K extends KindName> {
  readonly kind: K;
  readonly selection: InformerSelection;
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly log: Logger;
  private readonly rng: Rng | undefined;
  private readonly watchTimeout: Millis;
  private readonly step: <T>(state: WatcherState, input: WatcherInput<T>) => WatcherStep<T>;
  private readonly indexer: Indexer<KindTypes[K]>;
  /**
   * The handlers. Replaced, never changed in place, when one is added or
   * removed: a delivery iterates the array it started with (handlers added or
   * removed meanwhile are seen from the next change on, as with a copy), and
   * none is copied per change.
   */
  private listeners: readonly Listener<KindTypes[K]>[] = [];
  private readonly syncCallbacks: (() => void)[] = [];
  private readonly defaultResync: Millis;
  private resyncCheckPeriod: Millis;

  private state: WatcherState = initialWatcherState;
  private readonly inbox: WatcherInput<KindTypes[K]>[] = [];
  private draining = false;
  private started = false;
  private synced = false;
  private lastSyncRV = "";

  private watch: WatchHandle | undefined;
  private watchId = 0;
  private watchTimer: TaskHandle | undefined;
  private backoffTimer: TaskHandle | undefined;
  private resyncTimer: TaskHandle | undefined;
  private backoffCurrent: Millis = REFLECTOR_BACKOFF.initial;
  private lastBackoffAt: Millis | undefined;

  constructor(options: InformerOptions<K>) {
    this.kind = options.kind;
    this.client = options.client;
    this.loop = options.loop;
    this.selection = {
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
      ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }),
    };
    this.log = (options.logger ?? silentLogger()).child({ informer: options.kind });
    this.rng = options.rng;
    this.watchTimeout = options.watchTimeout ?? MIN_WATCH_TIMEOUT;
    const hook = options.watcherStepHook;
    this.step =
      hook === undefined ? stepWatcher : (state, input) => hook(state, input, stepWatcher);
    this.defaultResync = options.resyncPeriod ?? 0;
    this.resyncCheckPeriod = this.defaultResync;
    this.indexer = new Indexer<KindTypes[K]>({
      [NAMESPACE_INDEX]: namespaceIndexFunc,
      ...options.indexers,
    });
  }

  /** Read-only view of the cache. */
  get lister(): Lister<KindTypes[K]> {
    return readOnly(this.indexer);
  }

  /** True once the first list has been applied to the cache and handed to the handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion the informer would resume its watch from. */
  lastSyncResourceVersion(): string {
    return this.lastSyncRV;
  }

  /** The state of the list/watch machine (for tests and introspection). */
  get watcherState(): WatcherState {
    return this.state;
  }

  /** Calls `cb` once when the informer has synced (at once if it already has). */
  onSynced(cb: () => void): void {
    if (this.synced) cb();
    else this.syncCallbacks.push(cb);
  }

  /** Adds indexers; allowed at any time, existing objects are indexed at once. */
  addIndexers(indexers: Indexers<KindTypes[K]>): void {
    this.indexer.addIndexers(indexers);
  }

  /**
   * Keeps an incremental summary of each bucket of one of the cache's indices
   * (see IndexAggregator in indexer.ts); the index must have been added.
   */
  addAggregator<S>(
    indexName: string,
    aggregator: IndexAggregator<KindTypes[K], S>,
  ): IndexAggregate<S> {
    return this.indexer.addAggregator(indexName, aggregator);
  }

  /**
   * Registers a handler. On a running informer the handler is first given
   * every cached object as an add (isInInitialList = true), synchronously, as
   * upstream replays the indexer into a new listener.
   */
  addEventHandler(
    handler: ResourceEventHandler<KindTypes[K]>,
    options: HandlerOptions = {},
  ): HandlerRegistration {
    let resyncPeriod = options.resyncPeriod ?? this.defaultResync;
    if (resyncPeriod > 0) {
      resyncPeriod = Math.max(resyncPeriod, MINIMUM_RESYNC_PERIOD);
      if (resyncPeriod < this.resyncCheckPeriod || this.resyncCheckPeriod === 0) {
        // upstream: a running informer cannot check more often, so the handler gets the check period
        if (this.started && this.resyncCheckPeriod > 0) resyncPeriod = this.resyncCheckPeriod;
        else if (this.started)
          resyncPeriod = 0; // started without resync: upstream warns and disables it
        else this.resyncCheckPeriod = resyncPeriod;
      }
    }
    const listener: Listener<KindTypes[K]> = {
      handler,
      resyncPeriod,
      nextResync: this.loop.now() + resyncPeriod,
      synced: false,
      removed: false,
    };
    this.listeners = [...this.listeners, listener];
    if (this.synced) {
      for (const obj of this.indexer.list()) handler.onAdd?.(obj, true);
      listener.synced = true;
    }
    return {
      hasSynced: () => listener.synced,
      remove: () => {
        listener.removed = true;
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  }

  /** Starts the informer: the first list runs as a loop task at the current instant. Idempotent. */
  run(): void {
    if (this.started) return;
    this.started = true;
    this.loop.after(0, () => this.dispatch({ type: "Start" }), `informer.${this.kind}.start`);
  }

  /** Stops watching and resyncing; the cache keeps its contents. */
  stop(): void {
    this.dispatch({ type: "Stop" });
    for (const t of [this.backoffTimer, this.resyncTimer, this.watchTimer]) {
      if (t !== undefined) this.loop.cancel(t);
    }
  }

  // ---- driving the state machine ----

  private dispatch(input: WatcherInput<KindTypes[K]>): void {
    this.inbox.push(input);
    if (this.draining) return; // an output of the current step fed back an input: handled next
    this.draining = true;
    try {
      for (let next = this.inbox.shift(); next !== undefined; next = this.inbox.shift()) {
        const [state, outputs] = this.step(this.state, next);
        this.state = state;
        for (const out of outputs) this.perform(out);
      }
    } finally {
      this.draining = false;
    }
  }

  private perform(out: WatcherOutput<KindTypes[K]>): void {
    switch (out.type) {
      case "List":
        this.list();
        return;
      case "Watch":
        this.openWatch(out.resourceVersion, out.sendInitialEvents);
        return;
      case "CloseWatch":
        this.closeWatch();
        return;
      case "Replace":
        this.replace(out.items, out.resourceVersion);
        return;
      case "Apply":
        this.apply(out.object);
        return;
      case "Delete":
        this.remove(out.object);
        return;
      case "Backoff":
        this.backoff(out.reason);
        return;
    }
  }

  private list(): void {
    try {
      const result = this.client.list(this.kind, this.selection);
      this.dispatch({
        type: "Listed",
        items: result.items,
        resourceVersion: result.metadata.resourceVersion ?? "",
      });
    } catch (error) {
      this.dispatch({ type: "ListFailed", error });
    }
  }

  private openWatch(resourceVersion: string, sendInitialEvents?: boolean): void {
    const id = ++this.watchId;
    const handler = (event: WatchEvent<KindTypes[K]>): void => {
      if (id !== this.watchId) return; // from a watch we have already closed
      this.dispatch(this.toInput(event));
    };
    try {
      this.watch = this.client.watch(
        this.kind,
        {
          ...this.selection,
          resourceVersion,
          allowWatchBookmarks: true,
          ...(sendInitialEvents === undefined ? {} : { sendInitialEvents }),
        },
        handler,
      );
    } catch (error) {
      this.watchId++;
      this.dispatch({ type: "WatchFailed", error });
      return;
    }
    const timeout =
      this.rng === undefined
        ? this.watchTimeout
        : Math.floor(this.watchTimeout * (1 + this.rng.float()));
    this.watchTimer = this.loop.after(
      timeout,
      () => {
        if (id !== this.watchId) return;
        this.watchTimer = undefined;
        this.log.debug({ resourceVersion: this.lastSyncRV }, "watch closed; re-watching");
        this.dispatch({ type: "WatchClosed" });
      },
      `informer.${this.kind}.watchTimeout`,
    );
  }

  private toInput(event: WatchEvent<KindTypes[K]>): WatcherInput<KindTypes[K]> {
    if (event.type === "ERROR") return { type: "Error", status: event.object };
    const obj = event.object as KindTypes[K];
    const resourceVersion = obj.metadata?.resourceVersion ?? "";
    switch (event.type) {
      case "ADDED":
        return { type: "Added", object: obj, resourceVersion };
      case "MODIFIED":
        return { type: "Modified", object: obj, resourceVersion };
      case "DELETED":
        return { type: "Deleted", object: obj, resourceVersion };
      case "BOOKMARK":
        return { type: "Bookmark", resourceVersion };
    }
  }

  private closeWatch(): void {
    this.watchId++;
    this.watch?.stop();
    this.watch = undefined;
    if (this.watchTimer !== undefined) this.loop.cancel(this.watchTimer);
    this.watchTimer = undefined;
  }

  private backoff(reason: string): void {
    const now = this.loop.now();
    // wait.NewExponentialBackoffManager: reset after a quiet period, else the next step
    if (this.lastBackoffAt === undefined || now - this.lastBackoffAt > REFLECTOR_BACKOFF.reset) {
      this.backoffCurrent = REFLECTOR_BACKOFF.initial;
    }
    this.lastBackoffAt = now;
    const delay = this.backoffCurrent;
    this.backoffCurrent = Math.min(
      this.backoffCurrent * REFLECTOR_BACKOFF.factor,
      REFLECTOR_BACKOFF.max,
    );
    this.log.info({ reason, delay }, "list/watch ended; relisting after back-off");
    this.backoffTimer = this.loop.after(
      delay,
      () => {
        this.backoffTimer = undefined;
        this.dispatch({ type: "BackoffElapsed" });
      },
      `informer.${this.kind}.backoff`,
    );
  }

  // ---- the cache and the handlers (DeltaFIFO + HandleDeltas) ----

  private replace(items: readonly KindTypes[K][], resourceVersion: string): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = deepFreeze(raw);
      const key = metaNamespaceKey(obj);
      seen.add(key);
      const old = this.indexer.get(key);
      this.indexer.upsert(obj);
      if (old === undefined) this.distribute((h) => h.onAdd?.(obj, initial));
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) {
        this.distribute((h) => h.onUpdate?.(old, obj));
      }
    }
    // objects gone while we were not watching: deleted with an unknown final state
    for (const key of this.indexer.keys()) {
      if (seen.has(key)) continue;
      const last = this.indexer.delete(key)!;
      const tombstone = deletedFinalStateUnknown(key, last);
      this.distribute((h) => h.onDelete?.(tombstone));
    }
    this.lastSyncRV = resourceVersion;
    if (initial) {
      this.synced = true;
      for (const l of this.listeners) l.synced = true;
      this.startResync();
      for (const cb of this.syncCallbacks.splice(0)) cb();
    }
  }

  private apply(raw: KindTypes[K]): void {
    const obj = deepFreeze(raw);
    const old = this.indexer.upsertKeyed(metaNamespaceKey(obj), obj);
    this.lastSyncRV = obj.metadata?.resourceVersion ?? this.lastSyncRV;
    // Written out rather than through distribute(): one change, no closure.
    const listeners = this.listeners;
    if (old === undefined) {
      for (const l of listeners) if (!l.removed) l.handler.onAdd?.(obj, false);
    } else {
      for (const l of listeners) if (!l.removed) l.handler.onUpdate?.(old, obj);
    }
  }

  private remove(raw: KindTypes[K]): void {
    const obj = deepFreeze(raw);
    this.lastSyncRV = obj.metadata?.resourceVersion ?? this.lastSyncRV;
    // DeltaFIFO ignores the deletion of an object it never knew
    if (this.indexer.delete(metaNamespaceKey(obj)) === undefined) return;
    this.distribute((h) => h.onDelete?.(obj));
  }

  private distribute(deliver: (h: ResourceEventHandler<KindTypes[K]>) => void): void {
    for (const l of this.listeners) if (!l.removed) deliver(l.handler);
  }

  // ---- resync (reflector resync timer + sharedProcessor.shouldResync) ----

  private startResync(): void {
    if (this.resyncCheckPeriod <= 0 || this.resyncTimer !== undefined) return;
    this.resyncTimer = this.loop.after(
      this.resyncCheckPeriod,
      () => {
        this.resyncTimer = undefined;
        this.resync();
        if (this.state.phase !== "Stopped") this.startResync();
      },
      `informer.${this.kind}.resync`,
    );
  }

  private resync(): void {
    const now = this.loop.now();
    const due = this.listeners.filter((l) => l.resyncPeriod > 0 && now >= l.nextResync);
    if (due.length === 0) return;
    for (const l of due) l.nextResync = now + l.resyncPeriod;
    for (const obj of this.indexer.list()) {
      for (const l of due) if (!l.removed) l.handler.onUpdate?.(obj, obj);
    }
  }
}
