/**
 * The Endpoints controller (`endpoint-controller`): the acting part of
 * kubernetes/kubernetes pkg/controller/endpoint/endpoints_controller.go
 * (`NewEndpointController`, `syncService`, `handleErr`,
 * `checkLeftoverEndpoints`, the pod/service/endpoints handlers,
 * `staleEndpointsTracker`).
 *
 * One sync per service key:
 *   service gone -> DELETE its Endpoints (NotFound is fine), forget its state
 *   ExternalName, or no selector -> nothing (selector-less Endpoints are the user's)
 *   subsets = computeSubsets(service, matching pods)          desired.ts, pure
 *   cached Endpoints older than our last write -> error, retried
 *   planEndpoints(...) -> nothing, create, or update           desired.ts, pure
 * A failed write records a Warning FailedToCreateEndpoint /
 * FailedToUpdateEndpoint on the Endpoints and is retried (5 ms doubling,
 * at most 15 times). At start, every existing Endpoints is looked at once,
 * so that those left without a service are deleted.
 */
import type { Endpoints, Pod, Service } from "kubernetes-types/core/v1";
import { isNotFound, type ApiClient } from "@kubesim/api";
import {
  ReconcileResult,
  defineController,
  metaNamespaceKey,
  silentLogger,
  splitKey,
  unwrapTombstone,
  type Controller,
  type EventRecorder,
  type Lister,
  type Logger,
  type RateLimitingQueue,
  type ResourceEventHandler,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop, Millis } from "@kubesim/sim";
import { podEventHandler, serviceEventHandler } from "../endpointslice/event-handlers.js";
import { labelIndexers, serviceSelectorIndexers } from "../endpointslice/label-index.js";
import { podsForService } from "../endpointslice/pod-util.js";
import { TriggerTimeTracker } from "../endpointslice/trigger-time-tracker.js";
import { isNamespaceTerminating } from "../replicaset/controller-pod-control.js";
import { computeSubsets, planEndpoints } from "./desired.js";

/** kube-controller-manager's default --concurrent-endpoint-syncs. */
export const ConcurrentEndpointSyncs = 5;
/** maxRetries. */
export const EndpointsMaxRetries = 15;
/** The Event source component. */
export const EndpointControllerComponent = "endpoint-controller";
/** resourcelock.LeaderElectionRecordAnnotationKey: such Endpoints are never cleaned up. */
export const LeaderElectionRecordAnnotationKey = "control-plane.alpha.kubernetes.io/leader";

export interface EndpointsControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** A recorder for component "endpoint-controller". */
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  /** --endpoint-updates-batch-period (default 0). */
  readonly endpointUpdatesBatchPeriod?: Millis;
  readonly workers?: number;
}

export class EndpointsController {
  readonly serviceLister: Lister<Service>;
  readonly podLister: Lister<Pod>;
  readonly endpointsLister: Lister<Endpoints>;
  readonly controller: Controller;
  readonly triggerTimeTracker = new TriggerTimeTracker();
  /** staleEndpointsTracker: the resourceVersion each Endpoints had before our last update. */
  private readonly staleVersions = new Map<string, string>();
  private readonly client: ApiClient;
  private readonly recorder: EventRecorder | undefined;
  private readonly batchPeriod: Millis;
  private readonly informers: SharedInformerFactory;

  constructor(options: EndpointsControllerOptions) {
    this.client = options.client;
    this.recorder = options.recorder;
    this.informers = options.informers;
    this.batchPeriod = options.endpointUpdatesBatchPeriod ?? 0;
    // The label indices podsForService and the pod handler read (label-index.ts).
    this.serviceLister = options.informers.informerFor("Service", {
      indexers: serviceSelectorIndexers,
    }).lister;
    this.podLister = options.informers.informerFor("Pod", { indexers: labelIndexers }).lister;
    this.endpointsLister = options.informers.informerFor("Endpoints").lister;
    this.controller = defineController({
      name: EndpointControllerComponent,
      loop: options.loop,
      informers: options.informers,
      workers: options.workers ?? ConcurrentEndpointSyncs,
      logger: options.logger ?? silentLogger(),
      reconciler: { reconcile: (key, ctx) => this.reconcile(key, ctx.logger) },
      watches: [
        { kind: "Service", handler: (q) => this.serviceHandler(q) },
        { kind: "Pod", handler: (q) => this.podHandler(q) },
        { kind: "Endpoints", handler: (q) => this.endpointsHandler(q) },
      ],
    });
  }

  start(): void {
    this.controller.start();
    // checkLeftoverEndpoints, once the caches are there.
    this.informers.informerFor("Endpoints").onSynced(() => this.checkLeftoverEndpoints());
  }

  stop(): void {
    this.controller.stop();
  }

  hasSynced(): boolean {
    return this.controller.hasSynced();
  }

  /** checkLeftoverEndpoints: every Endpoints (but leader-election records) is synced once. */
  checkLeftoverEndpoints(): void {
    for (const ep of this.endpointsLister.list()) {
      if (ep.metadata?.annotations?.[LeaderElectionRecordAnnotationKey] !== undefined) continue;
      this.controller.queue.add(metaNamespaceKey(ep));
    }
  }

  /** handleErr: errors are retried up to 15 times, then the key is dropped. */
  private reconcile(key: string, logger: Logger): ReconcileResult {
    try {
      this.syncService(key, logger);
    } catch (err) {
      if (this.controller.queue.numRequeues(key) < EndpointsMaxRetries) throw err;
      logger.info({ key, err }, "Dropping service out of the queue");
    }
    return ReconcileResult.done();
  }

  /** syncService(key). Throws the sync's error. */
  syncService(key: string, logger: Logger = silentLogger()): void {
    const { namespace, name } = splitKey(key);
    const service = this.serviceLister.get(key);
    if (service === undefined) {
      try {
        this.client.delete("Endpoints", namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.triggerTimeTracker.deleteService(namespace, name);
      this.staleVersions.delete(key);
      return;
    }
    if (service.spec?.type === "ExternalName") return;
    if (service.spec?.selector == null) return;

    const pods = podsForService(this.podLister, service);
    // Computed before the no-op check so the tracker's state moves on either way.
    const triggerTime = this.triggerTimeTracker.compute(namespace, service, pods);
    const { subsets, readyEps, notReadyEps } = computeSubsets(service, pods);
    const current = this.endpointsLister.get(key);
    if (
      current !== undefined &&
      this.staleVersions.get(key) === current.metadata?.resourceVersion
    ) {
      throw new Error(
        `endpoints informer cache is out of date, resource version ${current.metadata?.resourceVersion ?? ""} already processed for endpoints ${key}`,
      );
    }
    const plan = planEndpoints({ service, subsets, current, triggerTime });
    if (plan.action === "none") {
      logger.debug({ service: key }, "endpoints are equal, skipping update");
      return;
    }
    logger.debug(
      { service: key, readyEndpoints: readyEps, notreadyEndpoints: notReadyEps },
      "Update endpoints",
    );
    try {
      if (plan.action === "create") {
        this.client.create("Endpoints", plan.endpoints);
      } else {
        const updated = this.client.update("Endpoints", plan.endpoints);
        if (updated.metadata?.resourceVersion !== current?.metadata?.resourceVersion)
          this.staleVersions.set(key, current?.metadata?.resourceVersion ?? "");
      }
    } catch (err) {
      // A terminating namespace refuses creates for good: drop the key.
      if (plan.action === "create" && isNamespaceTerminating(err)) return;
      const msg = (err as Error).message;
      if (plan.action === "create") {
        this.recorder?.event(
          plan.endpoints,
          "Warning",
          "FailedToCreateEndpoint",
          `Failed to create endpoint for service ${namespace}/${name}: ${msg}`,
        );
      } else {
        this.recorder?.event(
          plan.endpoints,
          "Warning",
          "FailedToUpdateEndpoint",
          `Failed to update endpoint ${namespace}/${name}: ${msg}`,
        );
      }
      throw err;
    }
  }

  private serviceHandler(queue: RateLimitingQueue<string>): ResourceEventHandler<Service> {
    return serviceEventHandler(queue);
  }

  private podHandler(queue: RateLimitingQueue<string>): ResourceEventHandler<Pod> {
    return podEventHandler(queue, this.serviceLister, this.batchPeriod);
  }

  private endpointsHandler(queue: RateLimitingQueue<string>): ResourceEventHandler<Endpoints> {
    return { onDelete: (obj) => queue.add(metaNamespaceKey(unwrapTombstone(obj))) };
  }
}

/** Creates the Endpoints controller and starts it (its informers start with it). */
export function startEndpointsController(options: EndpointsControllerOptions): EndpointsController {
  const c = new EndpointsController(options);
  c.start();
  return c;
}
