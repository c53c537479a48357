/**
 * The EndpointSlice controller (`endpointslice-controller`): the acting part
 * of kubernetes/kubernetes pkg/controller/endpointslice/endpointslice_controller.go
 * (`NewController`, `syncService`, `addPod`/`updatePod`/`deletePod`,
 * `onServiceUpdate`/`onServiceDelete`, `onEndpointSliceAdd`/`Update`/`Delete`,
 * `handleErr`) and of staging/src/k8s.io/endpointslice/reconciler.go
 * (`finalize`, `deleteEndpointSlice`).
 *
 * One sync per service key, as upstream:
 *   service gone -> forget its trigger times and tracked slices (its slices
 *                   go with the garbage collector: they are owned by it)
 *   ExternalName, or no selector -> nothing
 *   pods   = the namespace's pods the selector matches
 *   slices = the service's slices managed by this controller, not being deleted
 *   stale cache (tracker) -> error, retried
 *   plan   = planReconcile(...)           reconciler.ts, pure
 *   creates (not while the service is being deleted), updates, deletes,
 *   each slice stamped with last-change-trigger-time
 * Failed syncs are retried with backoff 1 s doubling to 1000 s, at most 15
 * times. Slice events that echo the controller's own writes are ignored;
 * others requeue the service after 1 s (endpointSliceChangeMinSyncDelay).
 */
import type { Node, Pod, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { isNotFound, type ApiClient } from "@kubesim/api";
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  ReconcileResult,
  defineController,
  silentLogger,
  splitKey,
  unwrapTombstone,
  type Controller,
  type Lister,
  type Logger,
  type RateLimitingQueue,
  type ResourceEventHandler,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop, Millis } from "@kubesim/sim";
import { podEventHandler, serviceEventHandler } from "./event-handlers.js";
import { isNamespaceTerminating } from "../replicaset/controller-pod-control.js";
import { EndpointSliceTracker } from "./endpoint-slice-tracker.js";
import { labelIndexers, serviceSelectorIndexers } from "./label-index.js";
import { podsForService } from "./pod-util.js";
import { planReconcile } from "./reconciler.js";
import {
  DefaultMaxEndpointsPerSlice,
  EndpointSliceControllerName,
  LabelManagedBy,
  LabelServiceName,
} from "./slice-utils.js";
import {
  EndpointsLastChangeTriggerTime,
  TriggerTimeTracker,
  formatTriggerTime,
} from "./trigger-time-tracker.js";

/** kube-controller-manager's default --concurrent-service-endpoint-syncs. */
export const ConcurrentServiceEndpointSyncs = 5;
/** maxRetries: a service is dropped from the queue after this many failed syncs. */
export const EndpointSliceMaxRetries = 15;
/** defaultSyncBackOff / maxSyncBackOff. */
export const EndpointSliceSyncBackOff: Millis = 1000;
export const EndpointSliceMaxSyncBackOff: Millis = 1_000_000;
/** endpointSliceChangeMinSyncDelay. */
export const EndpointSliceChangeMinSyncDelay: Millis = 1000;
/** The controller's name in kube-controller-manager. */
export const EndpointSliceControllerComponent = "endpointslice-controller";
/** Index of managed EndpointSlices by "<namespace>/<service>". */
export const EndpointSliceServiceIndex = "endpointslice-controller/service";

export interface EndpointSliceControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  readonly logger?: Logger;
  /** --max-endpoints-per-slice (default 100). */
  readonly maxEndpointsPerSlice?: number;
  /** --endpointslice-updates-batch-period (default 0). */
  readonly endpointUpdatesBatchPeriod?: Millis;
  readonly workers?: number;
}

const managedByUs = (s: EndpointSlice): boolean =>
  s.metadata?.labels?.[LabelManagedBy] === EndpointSliceControllerName;

/** The index function: managed slices by namespace/service-name. */
export function endpointSliceServiceIndexFunc(s: EndpointSlice): readonly string[] {
  const svc = s.metadata?.labels?.[LabelServiceName] ?? "";
  if (!managedByUs(s) || svc === "") return [];
  return [`${s.metadata?.namespace ?? ""}/${svc}`];
}

export class EndpointSliceController {
  readonly serviceLister: Lister<Service>;
  readonly podLister: Lister<Pod>;
  readonly nodeLister: Lister<Node>;
  readonly sliceLister: Lister<EndpointSlice>;
  readonly controller: Controller;
  readonly tracker = new EndpointSliceTracker();
  readonly triggerTimeTracker = new TriggerTimeTracker();
  readonly maxEndpointsPerSlice: number;
  private readonly client: ApiClient;
  private readonly batchPeriod: Millis;

  constructor(options: EndpointSliceControllerOptions) {
    this.client = options.client;
    this.maxEndpointsPerSlice = options.maxEndpointsPerSlice ?? DefaultMaxEndpointsPerSlice;
    this.batchPeriod = options.endpointUpdatesBatchPeriod ?? 0;
    // The label indices podsForService and the pod handler read (label-index.ts).
    this.serviceLister = options.informers.informerFor("Service", {
      indexers: serviceSelectorIndexers,
    }).lister;
    this.podLister = options.informers.informerFor("Pod", { indexers: labelIndexers }).lister;
    this.nodeLister = options.informers.informerFor("Node").lister;
    this.sliceLister = options.informers.informerFor("EndpointSlice", {
      indexers: { [EndpointSliceServiceIndex]: endpointSliceServiceIndexFunc },
    }).lister;
    this.controller = defineController({
      name: EndpointSliceControllerComponent,
      loop: options.loop,
      informers: options.informers,
      workers: options.workers ?? ConcurrentServiceEndpointSyncs,
      logger: options.logger ?? silentLogger(),
      queue: {
        rateLimiter: new MaxOfRateLimiter<string>(
          new ItemExponentialFailureRateLimiter<string>(
            EndpointSliceSyncBackOff,
            EndpointSliceMaxSyncBackOff,
          ),
          new BucketRateLimiter<string>(10, 100),
        ),
      },
      reconciler: { reconcile: (key, ctx) => this.reconcile(key, ctx.logger) },
      watches: [
        { kind: "Service", handler: (q) => this.serviceHandler(q) },
        { kind: "Pod", handler: (q) => this.podHandler(q) },
        { kind: "EndpointSlice", handler: (q) => this.sliceHandler(q) },
        // Nodes are read for zones; node events need not requeue (topology hints are not simulated).
        { kind: "Node", handler: () => ({}) },
      ],
    });
  }

  start(): void {
    this.controller.start();
  }

  stop(): void {
    this.controller.stop();
  }

  hasSynced(): boolean {
    return this.controller.hasSynced();
  }

  /** handleErr: errors are retried up to 15 times, then the key is dropped. */
  private reconcile(key: string, logger: Logger): ReconcileResult {
    try {
      this.syncService(key, logger);
    } catch (err) {
      if (this.controller.queue.numRequeues(key) < EndpointSliceMaxRetries) throw err;
      logger.info({ key, err }, "Dropping service out of the queue");
    }
    return ReconcileResult.done();
  }

  /** syncService(key). Throws the sync's error. */
  syncService(key: string, logger: Logger = silentLogger()): void {
    const { namespace, name } = splitKey(key);
    const service = this.serviceLister.get(key);
    if (service === undefined) {
      this.triggerTimeTracker.deleteService(namespace, name);
      this.tracker.deleteService(namespace, name);
      return;
    }
    if (service.spec?.type === "ExternalName") return;
    if (service.spec?.selector == null) return;

    const pods = podsForService(this.podLister, service);
    const slices = this.sliceLister
      .byIndex(EndpointSliceServiceIndex, key)
      .filter((s) => s.metadata?.deletionTimestamp == null);
    if (this.tracker.staleSlices(key, slices)) {
      throw new Error(`EndpointSlice informer cache is out of date`);
    }
    const triggerTime = this.triggerTimeTracker.compute(namespace, service, pods);
    const plan = planReconcile({
      service,
      pods,
      existingSlices: slices,
      getNode: (n) => this.nodeLister.get(n),
      maxEndpointsPerSlice: this.maxEndpointsPerSlice,
      controllerName: EndpointSliceControllerName,
    });
    for (const e of plan.errors) logger.info({ key }, e);

    const stamp = (s: EndpointSlice): EndpointSlice => {
      const annotations = { ...(s.metadata?.annotations ?? {}) };
      if (triggerTime !== undefined)
        annotations[EndpointsLastChangeTriggerTime] = formatTriggerTime(triggerTime);
      else delete annotations[EndpointsLastChangeTriggerTime];
      return { ...s, metadata: { ...s.metadata, annotations } };
    };
    const svcRef = `${namespace}/${name}`;
    // finalize: no new slices while the service is being deleted (the GC is removing them).
    if (service.metadata?.deletionTimestamp == null) {
      for (const s of plan.create) {
        try {
          this.tracker.update(this.client.create("EndpointSlice", stamp(s)));
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          throw new Error(
            `failed to create EndpointSlice for Service ${svcRef}: ${(err as Error).message}`,
          );
        }
      }
    }
    for (const s of plan.update) {
      try {
        this.tracker.update(this.client.update("EndpointSlice", stamp(s)));
      } catch (err) {
        throw new Error(
          `failed to update ${s.metadata?.name ?? ""} EndpointSlice for Service ${svcRef}: ${(err as Error).message}`,
        );
      }
    }
    for (const s of plan.delete) {
      try {
        this.client.delete("EndpointSlice", namespace, s.metadata?.name ?? "");
        this.tracker.expectDeletion(s);
      } catch (err) {
        if (isNotFound(err)) continue;
        throw new Error(
          `failed to delete ${s.metadata?.name ?? ""} EndpointSlice for Service ${svcRef}: ${(err as Error).message}`,
        );
      }
    }
    if (plan.errors.length === 1) throw new Error(plan.errors[0]);
    if (plan.errors.length > 1) throw new Error(`[${plan.errors.join(", ")}]`);
  }

  private serviceHandler(queue: RateLimitingQueue<string>): ResourceEventHandler<Service> {
    return serviceEventHandler(queue);
  }

  private podHandler(queue: RateLimitingQueue<string>): ResourceEventHandler<Pod> {
    return podEventHandler(queue, this.serviceLister, this.batchPeriod);
  }

  /** onEndpointSliceAdd / Update / Delete. */
  private sliceHandler(queue: RateLimitingQueue<string>): ResourceEventHandler<EndpointSlice> {
    const delay = Math.max(EndpointSliceChangeMinSyncDelay, this.batchPeriod);
    const queueSlice = (s: EndpointSlice) => {
      const svc = s.metadata?.labels?.[LabelServiceName] ?? "";
      if (svc === "") return;
      queue.addAfter(`${s.metadata?.namespace ?? ""}/${svc}`, delay);
    };
    return {
      onAdd: (s) => {
        if (managedByUs(s) && this.tracker.shouldSync(s)) queueSlice(s);
      },
      onUpdate: (prev, cur) => {
        // A slice moved to another service or away from this controller: both sides look again.
        const prevSvc = prev.metadata?.labels?.[LabelServiceName];
        const curSvc = cur.metadata?.labels?.[LabelServiceName];
        if (managedByUs(prev) !== managedByUs(cur) || (managedByUs(cur) && prevSvc !== curSvc)) {
          queueSlice(prev);
          queueSlice(cur);
          return;
        }
        if (managedByUs(cur) && this.tracker.shouldSync(cur)) queueSlice(cur);
      },
      onDelete: (obj) => {
        const s = unwrapTombstone(obj);
        if (managedByUs(s) && this.tracker.has(s)) {
          if (this.tracker.handleDeletion(s)) queueSlice(s);
        }
      },
    };
  }
}

/** Creates the EndpointSlice controller and starts it (its informers start with it). */
export function startEndpointSliceController(
  options: EndpointSliceControllerOptions,
): EndpointSliceController {
  const c = new EndpointSliceController(options);
  c.start();
  return c;
}
