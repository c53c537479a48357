/**
 * The service load-balancer controller (`service-lb-controller`, Events
 * from "service-controller"): the acting part of k8s.io/cloud-provider
 * controllers/service/controller.go (`New`, `syncService`,
 * `processServiceCreateOrUpdate`, `syncLoadBalancerIfNeeded`,
 * `ensureLoadBalancer`, `processServiceDeletion`, `processLoadBalancerDelete`,
 * `syncNodes`, `nodeSyncService`, `lockedUpdateLoadBalancerHosts`), run
 * against a simulated cloud (cloud.ts).
 *
 * Two queues, as upstream:
 *   services: queued on add when they want a balancer or need cleanup, on
 *     update when `needsUpdate` or `needsCleanup` (no delete handler: the
 *     finalizer turns a delete into an update); retried 5 s doubling to 300 s
 *     (minRetryDelay, maxRetryDelay), without limit.
 *   nodes: any add or delete, and updates that change the exclusion label's
 *     verdict or the providerID, run `syncNodes`: every known balancer whose
 *     stable node set changed is given the new set (UpdatedLoadBalancer).
 *
 * The cloud call that creates a balancer takes virtual time. Upstream the
 * worker blocks in it; here the sync stops after the call and goes on when
 * the time is up, holding the key and the worker meanwhile: a key that comes
 * up while its own sync is under way, or while all `workers`
 * (--concurrent-service-syncs, default 1) are busy, waits and is queued again
 * when a worker is free, as the workqueue's dirty set and busy workers make
 * it wait upstream. Its back-off is kept while it waits.
 *
 * Not simulated: the 30 s and 100 s informer resyncs (serviceSyncPeriod,
 * nodeSyncPeriod); RetryError from the cloud.
 */
import type { LoadBalancerStatus, Node, Service } from "kubernetes-types/core/v1";
import { isNotFound, type ApiClient } from "@kubesim/api";
import {
  ItemExponentialFailureRateLimiter,
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
  type RateLimiter,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import { SimulatedCloud, type LoadBalancerCloud } from "./cloud.js";
import {
  DeleteLoadBalancerFailed,
  DeletedLoadBalancer,
  DeletedLoadBalancerMessage,
  DeletingLoadBalancer,
  DeletingLoadBalancerMessage,
  EnsuredLoadBalancer,
  EnsuredLoadBalancerMessage,
  EnsuringLoadBalancer,
  EnsuringLoadBalancerMessage,
  SyncLoadBalancerFailed,
  UnAvailableLoadBalancer,
  UnAvailableLoadBalancerMessage,
  UpdateLoadBalancerFailed,
  UpdatedLoadBalancer,
  UpdatedLoadBalancerMessage,
  deleteLoadBalancerFailedMessage,
  syncLoadBalancerFailedMessage,
  updateLoadBalancerFailedMessage,
} from "./events.js";
import { ensuredStatusPatch, planLoadBalancerSync, type LoadBalancerOperation } from "./plan.js";
import {
  filterWithPredicates,
  nodesSufficientlyEqual,
  shouldEnqueueOnAdd,
  shouldEnqueueOnUpdate,
  shouldSyncUpdatedNode,
  stableNodeSetPredicates,
  wantsLoadBalancer,
} from "./predicates.js";

/** kube-controller-manager's controller name. */
export const ServiceLBControllerName = "service-lb-controller";
/** --concurrent-service-syncs default. */
export const ConcurrentServiceSyncs = 1;
/** minRetryDelay / maxRetryDelay. */
export const ServiceMinRetryDelay: Millis = 5000;
export const ServiceMaxRetryDelay: Millis = 300_000;
/** --cluster-name default. */
export const DefaultClusterName = "kubernetes";

export interface ServiceControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** A recorder for component "service-controller". */
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  /** The cloud; default a SimulatedCloud built from the two options below. */
  readonly cloud?: LoadBalancerCloud;
  /** The simulated cloud's pool (default 172.18.255.200-172.18.255.250); not with `cloud`. */
  readonly loadBalancerIPPool?: string | readonly string[];
  /** The simulated cloud's time to create a balancer (default 3 s); not with `cloud`. */
  readonly provisioningDelay?: Millis;
  /** --cluster-name (default "kubernetes"). */
  readonly clusterName?: string;
  /** --concurrent-service-syncs (default 1). */
  readonly workers?: number;
}

/** What a sync did: an operation, or one it will finish after `after` of virtual time. */
type SyncOutcome =
  | { readonly op: LoadBalancerOperation }
  | { readonly after: Millis; readonly finish: () => LoadBalancerOperation };

/** Wraps the back-off so that a key held by a busy or waiting sync keeps its failure count. */
class HoldingRateLimiter implements RateLimiter<string> {
  constructor(
    private readonly inner: RateLimiter<string>,
    private readonly held: (key: string) => boolean,
  ) {}
  when(item: string, now: Millis): Millis {
    return this.inner.when(item, now);
  }
  forget(item: string): void {
    if (!this.held(item)) this.inner.forget(item);
  }
  numRequeues(item: string): number {
    return this.inner.numRequeues(item);
  }
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** fmt.Errorf("<prefix>: %v", err). */
function wrap(prefix: string, err: unknown): Error {
  return new Error(`${prefix}: ${errorMessage(err)}`, { cause: err });
}

export class ServiceController {
  readonly cloud: LoadBalancerCloud;
  readonly clusterName: string;
  readonly serviceLister: Lister<Service>;
  readonly nodeLister: Lister<Node>;
  /** The service queue and its workers. */
  readonly controller: Controller;
  /** The node queue and its single worker. */
  readonly nodeController: Controller;
  /** serviceCache: the last state seen of each service processed, for deletions. */
  private readonly cache = new Map<string, Service>();
  /** lastSyncedNodes, per service key. */
  private readonly lastSyncedNodes = new Map<string, readonly Node[]>();
  /** Keys whose sync is in a cloud call, with the task that finishes it. */
  private readonly busy = new Map<string, TaskHandle>();
  /** Keys that came up while their own sync or every worker was busy. */
  private readonly waiting = new Set<string>();
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly recorder: EventRecorder | undefined;
  private readonly logger: Logger;
  private readonly workers: number;
  private stopped = false;

  constructor(options: ServiceControllerOptions) {
    if (
      options.cloud !== undefined &&
      (options.loadBalancerIPPool !== undefined || options.provisioningDelay !== undefined)
    ) {
      throw new Error(
        "service controller: loadBalancerIPPool and provisioningDelay configure the simulated cloud; give them to the cloud, not with it",
      );
    }
    this.cloud =
      options.cloud ??
      new SimulatedCloud({
        ...(options.loadBalancerIPPool === undefined
          ? {}
          : { loadBalancerIPPool: options.loadBalancerIPPool }),
        ...(options.provisioningDelay === undefined
          ? {}
          : { provisioningDelay: options.provisioningDelay }),
      });
    this.client = options.client;
    this.loop = options.loop;
    this.recorder = options.recorder;
    this.logger = options.logger ?? silentLogger();
    this.clusterName = options.clusterName ?? DefaultClusterName;
    this.workers = options.workers ?? ConcurrentServiceSyncs;
    this.serviceLister = options.informers.informerFor("Service").lister;
    this.nodeLister = options.informers.informerFor("Node").lister;
    const limiter = () =>
      new ItemExponentialFailureRateLimiter<string>(ServiceMinRetryDelay, ServiceMaxRetryDelay);
    this.controller = defineController({
      name: ServiceLBControllerName,
      loop: options.loop,
      informers: options.informers,
      workers: this.workers,
      logger: this.logger,
      queue: {
        rateLimiter: new HoldingRateLimiter(
          limiter(),
          (k) => this.busy.has(k) || this.waiting.has(k),
        ),
      },
      reconciler: { reconcile: (key, ctx) => this.reconcile(key, ctx.logger) },
      watches: [
        {
          kind: "Service",
          handler: (q) => ({
            onAdd: (svc) => {
              if (shouldEnqueueOnAdd(svc)) q.add(metaNamespaceKey(svc));
            },
            onUpdate: (old, cur) => {
              if (shouldEnqueueOnUpdate(old, cur)) q.add(metaNamespaceKey(cur));
            },
          }),
        },
        // The workers wait for the node cache too (WaitForNamedCacheSync).
        { kind: "Node", handler: () => ({}) },
      ],
    });
    this.nodeController = defineController({
      name: `${ServiceLBControllerName}/node`,
      loop: options.loop,
      informers: options.informers,
      workers: 1,
      logger: this.logger,
      queue: { rateLimiter: limiter() },
      reconciler: { reconcile: () => this.processNextNodeItem() },
      watches: [
        { kind: "Service", handler: () => ({}) },
        {
          kind: "Node",
          handler: (q) => ({
            onAdd: (node) => q.add(metaNamespaceKey(node)),
            onUpdate: (old, cur) => {
              if (shouldSyncUpdatedNode(old, cur)) q.add(metaNamespaceKey(cur));
            },
            onDelete: (obj) => q.add(metaNamespaceKey(unwrapTombstone(obj))),
          }),
        },
      ],
    });
  }

  start(): void {
    this.stopped = false;
    this.controller.start();
    this.nodeController.start();
  }

  /** Stops both queues; a cloud call under way is abandoned (the process is gone). */
  stop(): void {
    this.stopped = true;
    for (const handle of this.busy.values()) this.loop.cancel(handle);
    this.busy.clear();
    this.waiting.clear();
    this.controller.stop();
    this.nodeController.stop();
  }

  hasSynced(): boolean {
    return this.controller.hasSynced() && this.nodeController.hasSynced();
  }

  /** processNextServiceItem: errors are retried with back-off, without limit. */
  private reconcile(key: string, logger: Logger): ReconcileResult {
    if (this.busy.has(key) || this.busy.size >= this.workers) {
      this.waiting.add(key);
      return ReconcileResult.done();
    }
    try {
      this.syncService(key);
    } catch (err) {
      logger.error({ key, err }, "error processing service (retrying with exponential backoff)");
      throw err;
    }
    return ReconcileResult.done();
  }

  /** syncService(key). Throws the sync's error. */
  syncService(key: string): void {
    const service = this.serviceLister.get(key);
    if (service === undefined) {
      this.processServiceDeletion(key);
      return;
    }
    this.processServiceCreateOrUpdate(service, key);
  }

  private processServiceCreateOrUpdate(service: Service, key: string): void {
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.metadata?.uid !== service.metadata?.uid) {
      // Deleted and re-created without our finalizer in between.
      this.processLoadBalancerDelete(cached);
    }
    this.cache.set(key, service);
    let outcome: SyncOutcome;
    try {
      outcome = this.syncLoadBalancerIfNeeded(service, key);
    } catch (err) {
      this.syncFailed(service, err);
      throw err;
    }
    if ("op" in outcome) {
      this.afterSync(key, outcome.op);
      return;
    }
    const { finish } = outcome;
    const handle = this.loop.after(
      outcome.after,
      () => this.finishInFlight(service, key, finish),
      `${ServiceLBControllerName}.ensure ${key}`,
    );
    this.busy.set(key, handle);
  }

  /** The cloud call has returned: finish the sync, then free the worker. */
  private finishInFlight(service: Service, key: string, finish: () => LoadBalancerOperation): void {
    if (this.stopped) return;
    let failed = false;
    try {
      this.afterSync(key, finish());
    } catch (err) {
      failed = true;
      this.syncFailed(service, err);
      this.logger.error(
        { key, err },
        "error processing service (retrying with exponential backoff)",
      );
    }
    this.busy.delete(key);
    const waiting = [...this.waiting];
    this.waiting.clear();
    const queue = this.controller.queue;
    if (failed) queue.addRateLimited(key);
    else queue.forget(key);
    for (const k of waiting) queue.add(k);
  }

  private afterSync(key: string, op: LoadBalancerOperation): void {
    if (op === "delete") {
      // Only forget the service once its balancer is gone.
      this.cache.delete(key);
      this.lastSyncedNodes.delete(key);
    }
  }

  private syncFailed(service: Service, err: unknown): void {
    this.recorder?.event(
      service,
      "Warning",
      SyncLoadBalancerFailed,
      syncLoadBalancerFailedMessage(errorMessage(err)),
    );
  }

  /**
   * syncLoadBalancerIfNeeded: creates or updates the balancer when the service
   * wants one, deletes it when it no longer does; keeps the finalizer and
   * status.loadBalancer in step. Throws the first error, worded as upstream.
   */
  private syncLoadBalancerIfNeeded(service: Service, key: string): SyncOutcome {
    const plan = planLoadBalancerSync(
      service,
      () => this.cloud.getLoadBalancer(this.clusterName, service).exists,
    );
    if (plan.op === "delete") {
      if (plan.deleteLoadBalancer) {
        this.logger.info({ service: key }, "Deleting existing load balancer for service");
        this.event(service, "Normal", DeletingLoadBalancer, DeletingLoadBalancerMessage);
        try {
          this.cloud.ensureLoadBalancerDeleted(this.clusterName, service);
        } catch (err) {
          throw wrap("failed to delete load balancer", err);
        }
      }
      // Always remove the finalizer once the balancer is gone, so the service can go.
      if (plan.removeFinalizer !== undefined) {
        try {
          this.patchService(service, plan.removeFinalizer);
        } catch (err) {
          throw wrap("failed to remove load balancer cleanup finalizer", err);
        }
      }
      this.event(service, "Normal", DeletedLoadBalancer, DeletedLoadBalancerMessage);
      this.patchStatus(service, plan.clearStatus);
      return { op: "delete" };
    }

    this.logger.info({ service: key }, "Ensuring load balancer for service");
    this.event(service, "Normal", EnsuringLoadBalancer, EnsuringLoadBalancerMessage);
    // Always add the finalizer before creating a balancer, so the service cannot go before it.
    if (plan.addFinalizer !== undefined) {
      try {
        this.patchService(service, plan.addFinalizer);
      } catch (err) {
        throw wrap("failed to add load balancer cleanup finalizer", err);
      }
    }
    let result: { status: LoadBalancerStatus; took: Millis };
    try {
      result = this.ensureLoadBalancer(service, key);
    } catch (err) {
      throw wrap("failed to ensure load balancer", err);
    }
    const finish = (): LoadBalancerOperation => {
      this.event(service, "Normal", EnsuredLoadBalancer, EnsuredLoadBalancerMessage);
      this.patchStatus(service, ensuredStatusPatch(service, result.status));
      return "ensure";
    };
    if (result.took > 0) return { after: result.took, finish };
    return { op: finish() };
  }

  /** ensureLoadBalancer: the stable node set, a warning when it is empty, the cloud call. */
  private ensureLoadBalancer(
    service: Service,
    key: string,
  ): { status: LoadBalancerStatus; took: Millis } {
    const nodes = filterWithPredicates(this.nodeLister.list(), stableNodeSetPredicates);
    if (nodes.length === 0) {
      this.event(service, "Warning", UnAvailableLoadBalancer, UnAvailableLoadBalancerMessage);
    }
    this.lastSyncedNodes.set(key, nodes);
    return this.cloud.ensureLoadBalancer(this.clusterName, service, nodes);
  }

  /** processServiceDeletion: the service is gone from the cache; clean up after it if we knew it. */
  private processServiceDeletion(key: string): void {
    const cached = this.cache.get(key);
    if (cached === undefined) return;
    this.logger.info(
      { service: key },
      "Service has been deleted. Attempting to cleanup load balancer resources",
    );
    this.processLoadBalancerDelete(cached);
    this.cache.delete(key);
    this.lastSyncedNodes.delete(key);
  }

  /** processLoadBalancerDelete (the path without finalizer). */
  private processLoadBalancerDelete(service: Service): void {
    if (!wantsLoadBalancer(service)) return;
    this.event(service, "Normal", DeletingLoadBalancer, DeletingLoadBalancerMessage);
    try {
      this.cloud.ensureLoadBalancerDeleted(this.clusterName, service);
    } catch (err) {
      this.event(
        service,
        "Warning",
        DeleteLoadBalancerFailed,
        deleteLoadBalancerFailedMessage(errorMessage(err)),
      );
      throw err;
    }
    this.event(service, "Normal", DeletedLoadBalancer, DeletedLoadBalancerMessage);
  }

  /** PatchService: a strategic merge patch to the status subresource. */
  private patchService(service: Service, patch: object): void {
    const { namespace, name } = splitKey(metaNamespaceKey(service));
    this.client.patch("Service", namespace, name, "strategic", patch, { subresource: "status" });
  }

  /** patchStatus; a service already gone (NotFound) is fine. */
  private patchStatus(service: Service, patch: object | undefined): void {
    if (patch === undefined) return;
    try {
      this.patchService(service, patch);
    } catch (err) {
      if (!isNotFound(err)) throw wrap("failed to update load balancer status", err);
    }
  }

  /** processNextNodeItem: syncNodes, then retry the services that failed through the service queue. */
  private processNextNodeItem(): ReconcileResult {
    for (const key of this.syncNodes()) this.controller.queue.add(key);
    return ReconcileResult.done();
  }

  /** syncNodes: every known service's balancer follows the node set. Returns the keys to retry. */
  syncNodes(): string[] {
    const retry: string[] = [];
    for (const [key, svc] of [...this.cache.entries()]) {
      if (this.nodeSyncService(key, svc)) retry.push(key);
    }
    return retry;
  }

  /** nodeSyncService: true when the service should be retried. */
  private nodeSyncService(key: string, service: Service): boolean {
    if (!wantsLoadBalancer(service)) return false;
    const newNodes = filterWithPredicates(this.nodeLister.list(), stableNodeSetPredicates);
    const oldNodes = filterWithPredicates(
      this.lastSyncedNodes.get(key) ?? [],
      stableNodeSetPredicates,
    );
    this.lastSyncedNodes.set(key, newNodes);
    if (nodesSufficientlyEqual(oldNodes, newNodes)) return false;
    try {
      this.lockedUpdateLoadBalancerHosts(service, newNodes);
    } catch (err) {
      this.logger.error({ service: key, err }, "failed to update load balancer hosts for service");
      return true;
    }
    return false;
  }

  /** lockedUpdateLoadBalancerHosts: only the final event is recorded. */
  private lockedUpdateLoadBalancerHosts(service: Service, hosts: readonly Node[]): void {
    try {
      this.cloud.updateLoadBalancer(this.clusterName, service, hosts);
    } catch (err) {
      // It is only an error if the balancer still exists.
      if (!this.cloud.getLoadBalancer(this.clusterName, service).exists) return;
      const names = hosts.map((n) => n.metadata?.name ?? "");
      this.event(
        service,
        "Warning",
        UpdateLoadBalancerFailed,
        updateLoadBalancerFailedMessage(names, errorMessage(err)),
      );
      throw err;
    }
    if (hosts.length === 0) {
      this.event(service, "Warning", UnAvailableLoadBalancer, UnAvailableLoadBalancerMessage);
    } else {
      this.event(service, "Normal", UpdatedLoadBalancer, UpdatedLoadBalancerMessage);
    }
  }

  private event(
    service: Service,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
  ): void {
    this.recorder?.event(service, type, reason, message);
  }
}

/** Creates the service load-balancer controller and starts it (its informers start with it). */
export function startServiceController(options: ServiceControllerOptions): ServiceController {
  const c = new ServiceController(options);
  c.start();
  return c;
}
