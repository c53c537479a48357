/**
 * @kubesim/runtime: what every component uses to talk to the apiserver, in
 * the shape of client-go and controller-runtime. Typed client with
 * interceptors, shared informers with indexers (list/watch as a state
 * machine), workqueue with rate limiters, the Reconciler contract and
 * controller runner, and the event recorder. Imports only api and sim, and
 * reaches the apiserver through the `ApiClient` interface.
 */

// client
export type { ClientOptions, Interceptors } from "./client/client.js";
export { Client, ResourceClient } from "./client/client.js";

// cache: keys, indexer, watcher state machine, informers
export type { DeletedFinalStateUnknown, MetaObject } from "./cache/keys.js";
export {
  deletedFinalStateUnknown,
  deletionHandlingKey,
  isDeletedFinalStateUnknown,
  metaNamespaceKey,
  objectKey,
  splitKey,
  unwrapTombstone,
} from "./cache/keys.js";
export type {
  IndexAggregate,
  IndexAggregator,
  IndexFunc,
  Indexers,
  Lister,
} from "./cache/indexer.js";
export {
  CONTROLLER_UID_INDEX,
  NAMESPACE_INDEX,
  controllerUidIndexFunc,
  namespaceIndexFunc,
} from "./cache/indexer.js";
export { SortedKeys } from "./cache/sorted-keys.js";
export type {
  WatcherInput,
  WatcherOutput,
  WatcherState,
  WatcherStep,
  WatcherStepHook,
} from "./cache/watcher.js";
export { initialWatcherState, stepWatcher } from "./cache/watcher.js";
export type {
  HandlerOptions,
  HandlerRegistration,
  InformerOptions,
  InformerSelection,
  ResourceEventHandler,
} from "./cache/informer.js";
export {
  MINIMUM_RESYNC_PERIOD,
  MIN_WATCH_TIMEOUT,
  REFLECTOR_BACKOFF,
  SharedIndexInformer,
} from "./cache/informer.js";
export type { InformerForOptions, SharedInformerFactoryOptions } from "./cache/factory.js";
export { SharedInformerFactory } from "./cache/factory.js";

// rate limiting on virtual time
export { TokenBucket } from "./internal/token-bucket.js";

// workqueue
export type { Queue, ReadyListener } from "./workqueue/queue.js";
export { WorkQueue } from "./workqueue/queue.js";
export type { DelayingQueue } from "./workqueue/delaying-queue.js";
export { DelayingWorkQueue } from "./workqueue/delaying-queue.js";
export type { RateLimiter } from "./workqueue/rate-limiters.js";
export {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
  defaultItemBasedRateLimiter,
} from "./workqueue/rate-limiters.js";
export type {
  RateLimitingQueue,
  RateLimitingQueueOptions,
} from "./workqueue/rate-limiting-queue.js";
export { RateLimitingWorkQueue } from "./workqueue/rate-limiting-queue.js";

// reconcile + controller
export type { ReconcileContext, Reconciler } from "./reconcile/reconcile.js";
export {
  ReconcileResult,
  TerminalError,
  isTerminalError,
  reconcilerFunc,
} from "./reconcile/reconcile.js";
export type { KeyMapper } from "./controller/handlers.js";
export { controllerOwnerKeys, keyForObject } from "./controller/handlers.js";
export type { ControllerDefinition, SourceSpec, WatchSpec } from "./controller/controller.js";
export { Controller, defineController } from "./controller/controller.js";

// events
export type {
  EventBroadcasterOptions,
  EventRecorder,
  EventSource,
  EventType,
  InvolvedObject,
} from "./record/recorder.js";
export {
  EVENT_RETRY_INTERVAL,
  EventBroadcaster,
  MAX_TRIES_PER_EVENT,
  getReference,
} from "./record/recorder.js";
export type { CorrelateResult, CorrelatorOptions, EventNamer } from "./record/correlator.js";
export {
  AGGREGATE_MESSAGE_PREFIX,
  DEFAULT_AGGREGATE_INTERVAL_SECONDS,
  DEFAULT_AGGREGATE_MAX_EVENTS,
  DEFAULT_SPAM_BURST,
  DEFAULT_SPAM_QPS,
  EventCorrelator,
  MAX_LRU_CACHE_ENTRIES,
} from "./record/correlator.js";
export { sprintf } from "./record/sprintf.js";

// logging
export type { Logger } from "./log.js";
export { silentLogger } from "./log.js";
