/**
 * kube-controller-manager in miniature: one shared informer factory and one
 * event broadcaster for the controllers it runs, as the real binary has.
 * It reaches the API server only through the client it is given.
 *
 * Controllers, with their Event source components: deployment
 * ("deployment-controller"), replicaset ("replicaset-controller"),
 * garbagecollector ("garbage-collector-controller"), node-lifecycle
 * ("node-controller"), taint-eviction-controller ("taint-eviction-controller"),
 * pod-garbage-collector (no events), endpoint-controller ("endpoint-controller")
 * and endpointslice-controller (no events). Custom controllers (the user's,
 * custom-controllers.ts) run beside them on the same informers and broadcaster.
 */
import type { ApiClient } from "@kubesim/api";
import {
  DEPLOYMENT_CONTROLLER_COMPONENT,
  EndpointControllerComponent,
  EndpointSliceControllerComponent,
  GarbageCollectorComponent,
  NodeLifecycleControllerComponent,
  TaintEvictionControllerName,
  startDeploymentController,
  startEndpointSliceController,
  startEndpointsController,
  startGarbageCollector,
  startNodeLifecycleController,
  startPodGCController,
  startReplicaSetController,
  startServiceController,
  ServiceControllerComponent,
  ServiceLBControllerName,
  startTaintEvictionController,
  type ControllerExpectations,
  type DeploymentSyncHook,
  type NodeLifecycleConfig,
} from "@kubesim/controllers";
import {
  EventBroadcaster,
  SharedInformerFactory,
  type Logger,
  type WatcherStepHook,
} from "@kubesim/runtime";
import type { Loop, Millis, Trace } from "@kubesim/sim";
import { startCustomController, type CustomController } from "./custom-controllers.js";

export interface ControllerManagerOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  readonly trace: Trace;
  readonly logger: Logger;
  /**
   * Node lifecycle flags (--node-monitor-period, --node-monitor-grace-period,
   * ...); kube-controller-manager's defaults when omitted, with the v1.31
   * grace period of 40 s (v1.32+: pass `nodeMonitorGracePeriod: 50_000`).
   */
  readonly nodeLifecycle?: Partial<NodeLifecycleConfig>;
  /**
   * The cloud's load balancers for Services of type LoadBalancer (the service
   * controller against a simulated cloud): false turns them off; the pool is
   * 172.18.255.200-172.18.255.250 and provisioning takes 3 s unless given.
   */
  readonly loadBalancers?: false | LoadBalancerOptions;
  /** --terminated-pod-gc-threshold (default 12500). */
  readonly terminatedPodGCThreshold?: number;
  /** Wraps the Deployment controller's plan (tests of deliberately broken variants only). */
  readonly deploymentSyncHook?: DeploymentSyncHook;
  /** Run the built-in controllers (default true); false runs only the custom ones. */
  readonly builtIn?: boolean;
  /** The user's controllers, set up in this process after the built-in ones. */
  readonly custom?: readonly CustomController[];
  /** The ReplicaSet controller's expectations (tests of deliberately broken variants only). */
  readonly replicaSetExpectations?: ControllerExpectations;
  /** Wraps the list/watch machine of every informer of this process (broken variants only). */
  readonly watcherStepHook?: WatcherStepHook;
}

export interface LoadBalancerOptions {
  /** Ranges ("a-b") or CIDRs the simulated cloud hands out. */
  readonly pool?: string | readonly string[];
  /** Virtual time from EnsuringLoadBalancer to the IP in status. */
  readonly provisioningDelay?: Millis;
}

export interface ControllerManager {
  readonly informers: SharedInformerFactory;
  /** Sets up and starts a custom controller in this process. */
  addController(controller: CustomController): void;
  /**
   * The process ends: every controller stops taking work and every informer
   * stops watching. (Its connection to the API server is its owner's to close.)
   */
  stop(): void;
}

interface Stoppable {
  stop(): void;
}

export function startControllerManager(options: ControllerManagerOptions): ControllerManager {
  const { client, loop, trace, logger } = options;
  const informers = new SharedInformerFactory({
    client,
    loop,
    logger,
    ...(options.watcherStepHook === undefined ? {} : { watcherStepHook: options.watcherStepHook }),
  });
  const events = new EventBroadcaster({ client, loop, trace, logger });
  const running: Stoppable[] = [];
  if (options.builtIn ?? true) startBuiltIn(options, informers, events, running);
  const host = { client, loop, informers, events, logger };
  const addController = (c: CustomController) => running.push(startCustomController(c, host));
  for (const c of options.custom ?? []) addController(c);
  return {
    informers,
    addController,
    stop: () => {
      for (const c of running) c.stop();
      informers.shutdown();
    },
  };
}

/** The built-in controllers, each with its Event source component. */
function startBuiltIn(
  options: ControllerManagerOptions,
  informers: SharedInformerFactory,
  events: EventBroadcaster,
  running: Stoppable[],
): void {
  const { client, loop, logger } = options;
  running.push(
    startDeploymentController({
      client,
      informers,
      loop,
      recorder: events.newRecorder({ component: DEPLOYMENT_CONTROLLER_COMPONENT }),
      logger: logger.child({ controller: "deployment" }),
      ...(options.deploymentSyncHook === undefined ? {} : { syncHook: options.deploymentSyncHook }),
    }),
  );
  running.push(
    startReplicaSetController({
      client,
      informers,
      loop,
      recorder: events.newRecorder({ component: "replicaset-controller" }),
      logger: logger.child({ controller: "replicaset" }),
      ...(options.replicaSetExpectations === undefined
        ? {}
        : { expectations: options.replicaSetExpectations }),
    }),
  );
  running.push(
    startGarbageCollector({
      client,
      informers,
      loop,
      recorder: events.newRecorder({ component: GarbageCollectorComponent }),
      logger: logger.child({ controller: "garbagecollector" }),
    }),
  );
  running.push(
    startNodeLifecycleController({
      client,
      informers,
      loop,
      recorder: events.newRecorder({ component: NodeLifecycleControllerComponent }),
      logger: logger.child({ controller: "node-lifecycle-controller" }),
      ...(options.nodeLifecycle === undefined ? {} : { config: options.nodeLifecycle }),
    }),
  );
  running.push(
    startTaintEvictionController({
      client,
      informers,
      loop,
      recorder: events.newRecorder({ component: TaintEvictionControllerName }),
      logger: logger.child({ controller: TaintEvictionControllerName }),
    }),
  );
  running.push(
    startPodGCController({
      client,
      informers,
      loop,
      logger: logger.child({ controller: "pod-garbage-collector" }),
      ...(options.terminatedPodGCThreshold === undefined
        ? {}
        : { terminatedPodThreshold: options.terminatedPodGCThreshold }),
    }),
  );
  running.push(
    startEndpointsController({
      client,
      informers,
      loop,
      recorder: events.newRecorder({ component: EndpointControllerComponent }),
      logger: logger.child({ controller: EndpointControllerComponent }),
    }),
  );
  running.push(
    startEndpointSliceController({
      client,
      informers,
      loop,
      logger: logger.child({ controller: EndpointSliceControllerComponent }),
    }),
  );
  if (options.loadBalancers !== false) {
    const lb = options.loadBalancers ?? {};
    running.push(
      startServiceController({
        client,
        informers,
        loop,
        recorder: events.newRecorder({ component: ServiceControllerComponent }),
        logger: logger.child({ controller: ServiceLBControllerName }),
        ...(lb.pool === undefined ? {} : { loadBalancerIPPool: lb.pool }),
        ...(lb.provisioningDelay === undefined ? {} : { provisioningDelay: lb.provisioningDelay }),
      }),
    );
  }
}
