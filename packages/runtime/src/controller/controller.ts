/**
 * The controller runner: declarative wiring from informers to a workqueue,
 * and workers that hand keys to a reconciler. Mirrors controller-runtime
 * pkg/builder/controller.go (`For`, `Owns`, `Watches`, and the build-time
 * checks) and pkg/internal/controller/controller.go (`processNextWorkItem`,
 * `reconcileHandler`), on the sim loop.
 *
 *   const c = defineController({
 *     name: "deployment",
 *     loop, informers,
 *     for: "Deployment",                      // its own key
 *     owns: ["ReplicaSet"],                   // the key of the controller owner
 *     watches: [{ kind: "Pod", map: podToDeployments }],
 *     reconciler,
 *   });
 *   c.start();
 *
 * - `for: K` is sugar for a watch of K with `keyForObject`.
 * - `owns: [C]` is sugar for a watch of C with `controllerOwnerKeys(K)`: only
 *   the owner reference with `controller: true` counts.
 * - `watches: [{ kind, map }]` maps each object (old and new on updates) to
 *   keys; `{ kind, handler }` instead gives a client-go style event handler
 *   that can use the queue directly, for controllers whose handlers do more
 *   than map (kube-controller-manager's).
 * - Misuse is refused when the controller is defined: no triggers at all,
 *   `owns` without `for`, no name.
 *
 * Scheduling: keys are processed only after every informer the controller
 * uses has synced (controller-runtime waits for its caches). Each worker is a
 * loop task that takes one key, reconciles it, marks it done, and schedules
 * itself again while keys are ready. `workers: N` allows at most N worker
 * tasks pending at once; the loop runs one task at a time, so a reconcile is
 * never interrupted, and the queue never hands one key to two workers.
 */
import { InvariantError, type KindName, type KindTypes } from "@kubesim/api";
import type { Loop } from "@kubesim/sim";
import type { SharedInformerFactory } from "../cache/factory.js";
import type {
  HandlerRegistration,
  InformerSelection,
  ResourceEventHandler,
  SharedIndexInformer,
} from "../cache/informer.js";
import { unwrapTombstone, type MetaObject } from "../cache/keys.js";
import { silentLogger, type Logger } from "../log.js";
import { isTerminalError, type ReconcileResult, type Reconciler } from "../reconcile/reconcile.js";
import {
  RateLimitingWorkQueue,
  type RateLimitingQueue,
  type RateLimitingQueueOptions,
} from "../workqueue/rate-limiting-queue.js";
import { controllerOwnerKeys, keyForObject, type KeyMapper } from "./handlers.js";

/** A kind, or a kind with an informer selection (one namespace, selectors). */
export type SourceSpec<K extends KindName> = K | ({ readonly kind: K } & InformerSelection);

/** One `watches` entry: a kind and either a pure key mapper or a raw handler. */
export type WatchSpec = {
  [K in KindName]: { readonly kind: K; readonly selection?: InformerSelection } & (
    | { readonly map: KeyMapper<KindTypes[K]>; readonly handler?: never }
    | {
        readonly handler: (queue: RateLimitingQueue<string>) => ResourceEventHandler<KindTypes[K]>;
        readonly map?: never;
      }
  );
}[KindName];

export interface ControllerDefinition {
  /** Used in logs; defaults to the lower-cased `for` kind ("deployment"). */
  readonly name?: string;
  readonly loop: Loop;
  readonly informers: SharedInformerFactory;
  readonly reconciler: Reconciler;
  readonly for?: SourceSpec<KindName>;
  readonly owns?: readonly SourceSpec<KindName>[];
  readonly watches?: readonly WatchSpec[];
  /** Workers (MaxConcurrentReconciles); default 1. */
  readonly workers?: number;
  /** Queue options; the rate limiter defaults to client-go's default controller rate limiter. */
  readonly queue?: RateLimitingQueueOptions<string>;
  readonly logger?: Logger;
}

interface Source {
  readonly informer: SharedIndexInformer<KindName>;
  readonly handler: ResourceEventHandler<KindTypes[KindName]>;
}

const kindOf = (s: SourceSpec<KindName>): KindName => (typeof s === "string" ? s : s.kind);
const selectionOf = (s: SourceSpec<KindName>): InformerSelection => {
  if (typeof s === "string") return {};
  const { kind: _kind, ...selection } = s;
  return selection;
};

/** A handler that maps every event's object(s) to keys and adds them to the queue. */
function mappingHandler<T extends MetaObject>(
  queue: RateLimitingQueue<string>,
  map: KeyMapper<T>,
): ResourceEventHandler<T> {
  const enqueue = (obj: T) => {
    for (const key of map(obj)) queue.add(key);
  };
  return {
    onAdd: (obj) => enqueue(obj),
    onUpdate: (oldObj, newObj) => {
      enqueue(oldObj);
      enqueue(newObj);
    },
    onDelete: (obj) => enqueue(unwrapTombstone(obj)),
  };
}

/** Builds a controller from its definition, refusing wiring that can never work. */
export function defineController(def: ControllerDefinition): Controller {
  const fail = (msg: string): never => {
    throw new InvariantError(`controller ${JSON.stringify(def.name ?? "")}: ${msg}`);
  };
  const owns = def.owns ?? [];
  const watches = def.watches ?? [];
  if (def.for === undefined && owns.length === 0 && watches.length === 0) {
    fail(
      "there are no watches configured, controller will never get triggered. Use for, owns or watches to set them up",
    );
  }
  if (def.for === undefined && owns.length > 0) fail("owns can only be used together with for");
  if (def.name === undefined && def.for === undefined)
    fail("a name is required when for is not set");
  const workers = def.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1)
    fail(`workers must be a positive integer, got ${workers}`);
  for (const w of watches) {
    if ((w.map === undefined) === (w.handler === undefined))
      fail(`watches of ${w.kind}: give exactly one of map or handler`);
  }
  return new Controller(def, workers);
}

export class Controller {
  readonly name: string;
  readonly queue: RateLimitingWorkQueue<string>;
  private readonly loop: Loop;
  private readonly reconciler: Reconciler;
  private readonly workers: number;
  private readonly log: Logger;
  private readonly sources: Source[] = [];
  private registrations: HandlerRegistration[] = [];
  private pendingWorkers = 0;
  private reconcileCount = 0;
  private started = false;
  private stopped = false;

  /** Use defineController. */
  constructor(def: ControllerDefinition, workers: number) {
    this.name = def.name ?? (def.for === undefined ? "" : kindOf(def.for).toLowerCase());
    this.loop = def.loop;
    this.reconciler = def.reconciler;
    this.workers = workers;
    this.log = def.logger ?? silentLogger();
    this.queue = new RateLimitingWorkQueue<string>(def.loop, def.queue ?? {});

    const informer = (s: SourceSpec<KindName>) =>
      def.informers.informerFor(kindOf(s), selectionOf(s));
    if (def.for !== undefined) {
      this.sources.push({
        informer: informer(def.for),
        handler: mappingHandler(this.queue, keyForObject),
      });
      const ownerKind = kindOf(def.for);
      for (const o of def.owns ?? []) {
        this.sources.push({
          informer: informer(o),
          handler: mappingHandler(this.queue, controllerOwnerKeys(ownerKind)),
        });
      }
    }
    for (const w of def.watches ?? []) {
      const inf = def.informers.informerFor(
        w.kind,
        w.selection ?? {},
      ) as SharedIndexInformer<KindName>;
      const handler =
        w.map !== undefined
          ? mappingHandler(this.queue, w.map as KeyMapper<MetaObject>)
          : (w.handler(this.queue) as ResourceEventHandler<KindTypes[KindName]>);
      this.sources.push({ informer: inf, handler });
    }
    this.queue.onReady(() => this.kick());
  }

  /** Registers the handlers, starts the informers it uses, and processes keys once they have synced. */
  start(): void {
    if (this.started) return;
    this.log.info({ controller: this.name, workers: this.workers }, "Starting Controller");
    // register every handler before any key may be handed out: a handler added to an informer
    // that has already synced is given the cache at once, before the others are registered
    for (const s of this.sources) this.registrations.push(s.informer.addEventHandler(s.handler));
    this.started = true;
    for (const s of this.sources) s.informer.run();
    for (const s of this.sources) s.informer.onSynced(() => this.kick());
    this.kick();
  }

  /** Stops taking keys: the queue shuts down and the handlers are removed. */
  stop(): void {
    this.stopped = true;
    this.queue.shutDown();
    for (const r of this.registrations) r.remove();
    this.registrations = [];
  }

  /** True when every handler of this controller has been given its informer's initial list. */
  hasSynced(): boolean {
    return (
      this.started &&
      this.registrations.length === this.sources.length &&
      this.registrations.every((r) => r.hasSynced())
    );
  }

  /** Schedules worker tasks for ready keys, up to `workers` pending at once. */
  private kick(): void {
    if (!this.started || this.stopped || !this.hasSynced()) return;
    while (this.pendingWorkers < this.workers && this.pendingWorkers < this.queue.len()) {
      this.pendingWorkers++;
      this.loop.after(0, () => this.worker(), `controller.${this.name}.worker`);
    }
  }

  private worker(): void {
    this.pendingWorkers--;
    if (this.stopped || !this.hasSynced()) return; // kicked again when the caches sync
    this.processNextWorkItem();
    this.kick();
  }

  /** Takes one key and reconciles it; returns false when none was ready. */
  processNextWorkItem(): boolean {
    const key = this.queue.get();
    if (key === undefined) return false;
    try {
      this.reconcileHandler(key);
    } finally {
      this.queue.done(key);
    }
    return true;
  }

  /** Maps each outcome to one queue operation (controller-runtime reconcileHandler). */
  private reconcileHandler(key: string): void {
    const reconcileId = ++this.reconcileCount;
    const log = this.log.child({ controller: this.name, key, reconcileId });
    let result: ReconcileResult;
    try {
      result = this.reconciler.reconcile(key, { controller: this.name, reconcileId, logger: log });
      if (!isResult(result))
        throw new InvariantError(
          `reconcile returned ${JSON.stringify(result)}, not a ReconcileResult`,
        );
    } catch (err) {
      if (isTerminalError(err)) {
        log.error({ err }, "Reconciler error (terminal, not requeued)");
      } else {
        this.queue.addRateLimited(key);
        log.error({ err, requeues: this.queue.numRequeues(key) }, "Reconciler error");
      }
      return;
    }
    switch (result.type) {
      case "requeueAfter":
        if (result.after > 0) {
          this.queue.forget(key);
          this.queue.addAfter(key, result.after);
          log.debug({ after: result.after }, "Reconcile done, requeueing after");
          return;
        }
        break;
      case "requeue":
        this.queue.addRateLimited(key);
        log.debug("Reconcile done, requeueing");
        return;
      case "done":
        break;
    }
    this.queue.forget(key);
    log.debug("Reconcile successful");
  }
}

function isResult(r: unknown): r is ReconcileResult {
  if (typeof r !== "object" || r === null) return false;
  const t = (r as { type?: unknown }).type;
  if (t === "requeueAfter") return typeof (r as { after?: unknown }).after === "number";
  return t === "done" || t === "requeue";
}
