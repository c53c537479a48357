/**
 * Your own controllers, on the runtime the built-in ones use. Mirrors
 * controller-runtime's pkg/manager (the `Manager` a controller is set up
 * with: client, cache, event recorders, logger) and pkg/builder
 * (`NewControllerManagedBy(mgr).For(..).Owns(..).Watches(..).Complete(r)`).
 *
 *   const readyIps: CustomController = (mgr) => {
 *     const services = mgr.informers.lister("Service");
 *     return {
 *       name: "ready-ips",
 *       for: "Service",
 *       owns: ["ConfigMap"],
 *       watches: [{ kind: "Pod", map: (pod) => servicesOf(services, pod) }],
 *       reconciler: { reconcile: (key, ctx) => { ...; return ReconcileResult.done(); } },
 *     };
 *   };
 *   Cluster.create({ customControllers: [readyIps] });   // or cluster.addController(readyIps)
 *
 * A custom controller runs inside kube-controller-manager, beside the
 * built-in ones: the same connection to the API server, the same shared
 * informer factory and event broadcaster, and `defineController`'s
 * rate-limited workqueue and workers on the sim loop. The setup function is
 * called again each time the process starts, so `faults.restartController(
 * "kube-controller-manager")` gives it fresh caches and a fresh queue, as
 * it gives the built-in controllers.
 *
 * Deviation: a real operator runs as a process of its own (usually a pod
 * with its own manager); here it shares kube-controller-manager's process.
 */
import type { ApiClient, KindName } from "@kubesim/api";
import {
  ReconcileResult,
  defineController,
  type Controller,
  type EventBroadcaster,
  type EventRecorder,
  type Logger,
  type RateLimitingQueueOptions,
  type Reconciler,
  type SharedInformerFactory,
  type SourceSpec,
  type WatchSpec,
} from "@kubesim/runtime";
import type { Loop, Millis } from "@kubesim/sim";

/** What a controller is set up with (controller-runtime's Manager). */
export interface Manager {
  /** The process's connection to the API server: every read and write goes through it. */
  readonly client: ApiClient;
  /** The process's shared informer factory: `informers.lister("Pod")` reads its cache. */
  readonly informers: SharedInformerFactory;
  /** An event recorder whose Events name `component` as their source (GetEventRecorderFor). */
  eventRecorder(component: string): EventRecorder;
  /** The process's pino logger; each reconcile gets a child with `{ controller, key, reconcileId }`. */
  readonly logger: Logger;
  /** Virtual time now, in ms since the Unix epoch. */
  now(): Millis;
}

/** What a controller watches and who reconciles (controller-runtime's builder). */
export interface CustomControllerDefinition {
  /** The controller's name, in logs and in the loop's task labels. */
  readonly name: string;
  /** The kind it reconciles: each object's own key ("default/web"). */
  readonly for?: SourceSpec<KindName>;
  /** Kinds it creates: each object's controller owner of the `for` kind is reconciled. */
  readonly owns?: readonly SourceSpec<KindName>[];
  /** Other kinds, each with a pure mapper from an object to the keys to reconcile. */
  readonly watches?: readonly WatchSpec[];
  /** Concurrent reconciles (MaxConcurrentReconciles, default 1). */
  readonly workers?: number;
  /** The workqueue's rate limiter (default: client-go's default controller rate limiter). */
  readonly queue?: RateLimitingQueueOptions<string>;
  readonly reconciler: Reconciler;
}

/** A controller of yours: built from the manager each time its process starts (SetupWithManager). */
export type CustomController = (manager: Manager) => CustomControllerDefinition;

/** The parts of kube-controller-manager a custom controller shares. */
export interface CustomControllerHost {
  readonly client: ApiClient;
  readonly loop: Loop;
  readonly informers: SharedInformerFactory;
  readonly events: EventBroadcaster;
  readonly logger: Logger;
}

/**
 * While an informer the controller reads but does not watch is still
 * listing, reconciles wait this long and try again (controller-runtime's
 * cache-backed client blocks until the cache has synced).
 */
export const CACHE_SYNC_RETRY: Millis = 100;

/** Sets up one custom controller in the host process and starts it. */
export function startCustomController(
  setup: CustomController,
  host: CustomControllerHost,
): Controller {
  const manager: Manager = {
    client: host.client,
    informers: host.informers,
    eventRecorder: (component) => host.events.newRecorder({ component }),
    logger: host.logger,
    now: () => host.loop.now(),
  };
  const def = setup(manager);
  const reconciler = def.reconciler;
  const controller = defineController({
    name: def.name,
    loop: host.loop,
    informers: host.informers,
    logger: host.logger.child({ controller: def.name }),
    ...(def.for === undefined ? {} : { for: def.for }),
    ...(def.owns === undefined ? {} : { owns: def.owns }),
    ...(def.watches === undefined ? {} : { watches: def.watches }),
    ...(def.workers === undefined ? {} : { workers: def.workers }),
    ...(def.queue === undefined ? {} : { queue: def.queue }),
    reconciler: {
      reconcile: (key, ctx) =>
        host.informers.hasSynced()
          ? reconciler.reconcile(key, ctx)
          : ReconcileResult.requeueAfter(CACHE_SYNC_RETRY),
    },
  });
  controller.start();
  // informers the setup only reads from (listers) are started too
  host.informers.start();
  return controller;
}
