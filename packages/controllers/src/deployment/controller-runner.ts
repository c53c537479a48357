/**
 * The Deployment controller, wired. Mirrors pkg/controller/deployment/deployment_controller.go:
 * NewDeploymentController (informers on Deployments, ReplicaSets and Pods with upstream's
 * handlers), Run (workers once the caches synced), processNextWorkItem / handleErr (maxRetries),
 * getReplicaSetsForDeployment (adoption and release), getPodMapForDeployment and syncDeployment.
 *
 *   const dc = startDeploymentController({ client, informers, loop, recorder });
 *
 * One sync of key "default/web":
 * 1. read the Deployment from the cache (gone: nothing to do);
 * 2. unless its selector is `{}` (which the plan answers with a SelectingAll Warning and nothing
 *    else), claim its ReplicaSets: adopt matching orphans (after a live GET of the Deployment),
 *    release owned ones that stopped matching; any failed patch ends the sync with that error;
 * 3. for a Recreate Deployment, group its pods by ReplicaSet UID;
 * 4. run the pure plan (controller.ts syncDeployment) through the executor (executor.ts), at the
 *    loop's current time.
 *
 * What the outcome does to the key (handleErr and requeueStuckDeployment):
 * - `requeue: after` → `AddAfter(key, after)`; `requeue: rateLimited` → `AddRateLimited(key)`;
 * - no error, or a NamespaceTerminating error → `Forget(key)` (the back-off restarts);
 * - an error → `AddRateLimited(key)` (5 ms, 10 ms, 20 ms, ... up to 1000 s) while the key has been
 *   requeued fewer than 15 times (maxRetries), then the key is dropped (`Forget`) until an informer
 *   event adds it again: 5ms·(2^15 − 1) ≈ 164 s of retries.
 *
 * Deviation, invisible from outside: the pod map is built only for Recreate Deployments (the only
 * strategy that reads it), from the pods' controllerUID index, so a RollingUpdate sync costs its
 * ReplicaSets, not the namespace's pods.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { ApiClient } from "@kubesim/api";
import type { Loop } from "@kubesim/sim";
import {
  CONTROLLER_UID_INDEX,
  ReconcileResult,
  controllerUidIndexFunc,
  defineController,
  metaNamespaceKey,
  silentLogger,
  type Controller,
  type EventRecorder,
  type Lister,
  type Logger,
  type RateLimitingQueueOptions,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import { syncDeployment, type DeploymentSyncInput } from "./controller.js";
import {
  deploymentEventHandler,
  podEventHandler,
  replicaSetEventHandler,
  type HandlerContext,
} from "./controller-runner-handlers.js";
import {
  claimReplicaSets,
  deploymentSelector,
  getPodMapForDeployment,
} from "./controller-runner-refs.js";
import { executePlan } from "./executor.js";
import type { Plan, SyncOutcome } from "./plan.js";
import type { PodMap } from "./recreate.js";
import { isNamespaceTerminating } from "./sync.js";

/** The controller's name, as kube-controller-manager names it (queue, logs). */
export const DeploymentControllerName = "deployment";

/**
 * deployment_controller.go maxRetries: a failing Deployment is retried 15 times (5 ms, 10 ms, ...,
 * 82 s) before it is dropped out of the queue.
 */
export const DeploymentMaxRetries = 15;

/** kube-controller-manager's --concurrent-deployment-syncs default. */
export const ConcurrentDeploymentSyncs = 5;

/**
 * A replacement for the pure plan of one sync, given the real one (`syncDeployment`) to wrap.
 * For property tests that need a deliberately broken variant of the controller (for example one
 * that plans as if maxUnavailable were 100%); the default is the real plan, unchanged.
 */
export type DeploymentSyncHook = (
  input: DeploymentSyncInput,
  real: (input: DeploymentSyncInput) => Plan<SyncOutcome>,
) => Plan<SyncOutcome>;

export interface DeploymentControllerOptions {
  /** The client the controller writes through (and re-reads Deployments with before adopting). */
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** A recorder for component `deployment-controller` (DEPLOYMENT_CONTROLLER_COMPONENT). */
  readonly recorder: EventRecorder;
  readonly logger?: Logger;
  /** Concurrent syncs (default ConcurrentDeploymentSyncs, 5). */
  readonly workers?: number;
  /** Queue options (default: client-go's default controller rate limiter). */
  readonly queue?: RateLimitingQueueOptions<string>;
  /** Wraps the pure plan of each sync (tests only: see DeploymentSyncHook); the real plan when omitted. */
  readonly syncHook?: DeploymentSyncHook;
}

/** An `{}` selector (set, but with neither matchLabels nor matchExpressions) selects everything. */
function selectsEverything(d: Deployment): boolean {
  const s = d.spec?.selector;
  return s !== undefined && s.matchLabels === undefined && s.matchExpressions === undefined;
}

export class DeploymentController {
  /** The runtime controller: its queue, its workers, `hasSynced`. */
  readonly controller: Controller;
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly deployments: Lister<Deployment>;
  private readonly replicaSets: Lister<ReplicaSet>;
  private readonly pods: Lister<Pod>;
  private readonly syncHook: DeploymentSyncHook | undefined;

  constructor(options: DeploymentControllerOptions) {
    this.client = options.client;
    this.loop = options.loop;
    this.recorder = options.recorder;
    this.log = options.logger ?? silentLogger();
    this.syncHook = options.syncHook;
    const informers = options.informers;
    this.deployments = informers.lister("Deployment");
    this.replicaSets = informers.lister("ReplicaSet");
    this.pods = informers.informerFor("Pod", {
      indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
    }).lister;

    const handlers = (queue: { add(key: string): void }): HandlerContext => ({
      deployments: this.deployments,
      replicaSets: this.replicaSets,
      pods: this.pods,
      client: this.client,
      enqueue: (d) => queue.add(metaNamespaceKey(d)),
      logger: this.log,
    });
    this.controller = defineController({
      name: DeploymentControllerName,
      loop: options.loop,
      informers,
      workers: options.workers ?? ConcurrentDeploymentSyncs,
      logger: this.log,
      ...(options.queue === undefined ? {} : { queue: options.queue }),
      watches: [
        { kind: "Deployment", handler: (q) => deploymentEventHandler(handlers(q)) },
        { kind: "ReplicaSet", handler: (q) => replicaSetEventHandler(handlers(q)) },
        { kind: "Pod", handler: (q) => podEventHandler(handlers(q)) },
      ],
      reconciler: { reconcile: (key, ctx) => this.reconcile(key, ctx.logger) },
    });
  }

  /** Registers the handlers and starts the informers; keys are synced once every cache has synced. */
  start(): void {
    this.controller.start();
  }

  stop(): void {
    this.controller.stop();
  }

  hasSynced(): boolean {
    return this.controller.hasSynced();
  }

  /**
   * syncDeployment for one key, with the caches as they are now: claims ReplicaSets, runs the
   * plan through the client, and returns its outcome (the queue is not touched; see reconcile).
   */
  syncDeployment(key: string, logger: Logger = this.log): SyncOutcome {
    const d = this.deployments.get(key);
    if (d === undefined) {
      logger.debug({ key }, "Deployment has been deleted");
      return {};
    }
    let replicaSets: readonly ReplicaSet[] = [];
    let podMap: PodMap | undefined;
    // An `{}` selector would claim every ReplicaSet of the namespace; the plan refuses it first.
    if (!selectsEverything(d)) {
      const sel = deploymentSelector(d);
      if ("error" in sel) return { error: sel.error };
      const claim = claimReplicaSets(
        this.client,
        d,
        sel.selector,
        this.replicaSets.list({ namespace: d.metadata?.namespace ?? "" }),
      );
      if (claim.error !== undefined) return { error: claim.error };
      replicaSets = claim.claimed;
      if (d.spec?.strategy?.type === "Recreate") {
        podMap = getPodMapForDeployment(d, sel.selector, replicaSets, this.pods);
      }
    }
    const input: DeploymentSyncInput = {
      deployment: d,
      replicaSets,
      ...(podMap === undefined ? {} : { podMap }),
      now: this.loop.now(),
    };
    const plan =
      this.syncHook === undefined ? syncDeployment(input) : this.syncHook(input, syncDeployment);
    return executePlan(plan, {
      client: this.client,
      recorder: this.recorder,
      deployment: d,
      replicaSets: this.replicaSets,
      logger,
    });
  }

  /** processNextWorkItem's syncHandler + handleErr, in the runtime's Reconciler shape. */
  private reconcile(key: string, logger: Logger): ReconcileResult {
    const outcome = this.syncDeployment(key, logger);
    const queue = this.controller.queue;
    // requeueStuckDeployment queues directly; handleErr then forgets the key's failures.
    if (outcome.requeue?.type === "after") queue.addAfter(key, outcome.requeue.after);
    else if (outcome.requeue?.type === "rateLimited") queue.addRateLimited(key);
    const error = outcome.error;
    if (error === undefined || isNamespaceTerminating(error)) return ReconcileResult.done();
    if (queue.numRequeues(key) < DeploymentMaxRetries) {
      logger.debug({ err: error }, "Error syncing deployment");
      throw error; // the runtime adds the key rate-limited
    }
    logger.info({ err: error }, "Dropping deployment out of the queue");
    return ReconcileResult.done();
  }
}

/** Creates the Deployment controller and starts it (for the cluster assembly). */
export function startDeploymentController(
  options: DeploymentControllerOptions,
): DeploymentController {
  const dc = new DeploymentController(options);
  dc.start();
  return dc;
}
