/**
 * One informer per kind and selection, shared by every controller of a
 * process. Mirrors client-go informers/factory.go (`sharedInformerFactory`:
 * `InformerFor`, `Start`, `WaitForCacheSync`, `Shutdown`).
 *
 * Two controllers asking for Pods in all namespaces get the same informer, so
 * the server sees one list and one watch, and both read one cache. A different
 * namespace or selector is a different informer, as client-go's filtered
 * factories are.
 *
 *   const factory = new SharedInformerFactory({ client, loop });
 *   const pods = factory.informerFor("Pod");
 *   pods.addEventHandler({ onAdd: (p) => queue.add(metaNamespaceKey(p)) });
 *   factory.start();
 *   loop.runUntil(() => factory.hasSynced());
 */
import type { ApiClient, KindName, KindTypes } from "@kubesim/api";
import type { Loop, Millis, Rng } from "@kubesim/sim";
import { silentLogger, type Logger } from "../log.js";
import type { Indexers, Lister } from "./indexer.js";
import { SharedIndexInformer, type InformerSelection } from "./informer.js";
import type { WatcherStepHook } from "./watcher.js";

export interface SharedInformerFactoryOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  /** Default resync period of every informer; 0 (the default) means none. */
  readonly defaultResync?: Millis;
  /** See InformerOptions.watchTimeout. */
  readonly watchTimeout?: Millis;
  /** Jitter for watch timeouts; each informer gets its own named stream. */
  readonly rng?: Rng;
  readonly logger?: Logger;
  /** Wraps every informer's list/watch transition function (tests of broken variants only). */
  readonly watcherStepHook?: WatcherStepHook;
}

export interface InformerForOptions<K extends KindName> extends InformerSelection {
  /** Resync period for this informer (only used when it is created). */
  readonly resyncPeriod?: Millis;
  /** Indexers to add (merged into the shared informer; names must not clash). */
  readonly indexers?: Indexers<KindTypes[K]>;
}

type AnyInformer = SharedIndexInformer<KindName>;

export class SharedInformerFactory {
  private readonly options: SharedInformerFactoryOptions;
  private readonly log: Logger;
  private readonly informers = new Map<string, AnyInformer>();
  private shuttingDown = false;

  constructor(options: SharedInformerFactoryOptions) {
    this.options = options;
    this.log = options.logger ?? silentLogger();
  }

  /** The shared informer for a kind and selection, created on first use. */
  informerFor<K extends KindName>(
    kind: K,
    options: InformerForOptions<K> = {},
  ): SharedIndexInformer<K> {
    const key = informerKey(kind, options);
    let informer = this.informers.get(key) as SharedIndexInformer<K> | undefined;
    if (informer === undefined) {
      const o = this.options;
      informer = new SharedIndexInformer<K>({
        client: o.client,
        loop: o.loop,
        kind,
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
        ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
        ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }),
        resyncPeriod: options.resyncPeriod ?? o.defaultResync ?? 0,
        ...(o.watchTimeout === undefined ? {} : { watchTimeout: o.watchTimeout }),
        ...(o.rng === undefined ? {} : { rng: o.rng.stream(`informer/${key}`) }),
        logger: this.log,
        ...(o.watcherStepHook === undefined ? {} : { watcherStepHook: o.watcherStepHook }),
      });
      this.informers.set(key, informer as unknown as AnyInformer);
    }
    if (options.indexers !== undefined) informer.addIndexers(options.indexers);
    return informer;
  }

  /** Read-only cache of the shared informer for a kind and selection. */
  lister<K extends KindName>(kind: K, options: InformerSelection = {}): Lister<KindTypes[K]> {
    return this.informerFor(kind, options).lister;
  }

  /** Starts every informer created so far that is not running yet (call again after creating more). */
  start(): void {
    if (this.shuttingDown) return;
    for (const key of [...this.informers.keys()].sort()) this.informers.get(key)!.run();
  }

  /** True when every informer created so far has synced. */
  hasSynced(): boolean {
    for (const informer of this.informers.values()) if (!informer.hasSynced()) return false;
    return true;
  }

  /** Sync state per informer ("Pod", "Pod?namespace=default"), as WaitForCacheSync reports it. */
  syncStatus(): Readonly<Record<string, boolean>> {
    const out: Record<string, boolean> = {};
    for (const key of [...this.informers.keys()].sort())
      out[key] = this.informers.get(key)!.hasSynced();
    return out;
  }

  /** Stops every informer; the factory starts no more. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const key of [...this.informers.keys()].sort()) this.informers.get(key)!.stop();
  }
}

/** "Pod", or "Pod?namespace=default&labelSelector=app%3Dweb" for a narrowed informer. */
function informerKey(kind: KindName, s: InformerSelection): string {
  const parts: string[] = [];
  if (s.namespace !== undefined && s.namespace !== "")
    parts.push(`namespace=${encodeURIComponent(s.namespace)}`);
  if (s.labelSelector !== undefined && s.labelSelector !== "") {
    parts.push(`labelSelector=${encodeURIComponent(s.labelSelector)}`);
  }
  if (s.fieldSelector !== undefined && s.fieldSelector !== "") {
    parts.push(`fieldSelector=${encodeURIComponent(s.fieldSelector)}`);
  }
  return parts.length === 0 ? kind : `${kind}?${parts.join("&")}`;
}
