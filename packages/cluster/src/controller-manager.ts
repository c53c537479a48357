/**
 * kube-controller-manager in miniature: one shared informer factory and one
 * event broadcaster for the controllers it runs, as the real binary has.
 * It reaches the API server only through the client it is given.
 */
import type { ApiClient } from "@kubesim/api";
import {
  DEPLOYMENT_CONTROLLER_COMPONENT,
  GarbageCollectorComponent,
  startDeploymentController,
  startGarbageCollector,
  startReplicaSetController,
} from "@kubesim/controllers";
import { EventBroadcaster, SharedInformerFactory, type Logger } from "@kubesim/runtime";
import type { Loop, Trace } from "@kubesim/sim";

export interface ControllerManagerOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  readonly trace: Trace;
  readonly logger: Logger;
}

export interface ControllerManager {
  readonly informers: SharedInformerFactory;
}

export function startControllerManager(options: ControllerManagerOptions): ControllerManager {
  const { client, loop, trace, logger } = options;
  const informers = new SharedInformerFactory({ client, loop, logger });
  const events = new EventBroadcaster({ client, loop, trace, logger });
  startDeploymentController({
    client,
    informers,
    loop,
    recorder: events.newRecorder({ component: DEPLOYMENT_CONTROLLER_COMPONENT }),
    logger: logger.child({ controller: "deployment" }),
  });
  startReplicaSetController({
    client,
    informers,
    loop,
    recorder: events.newRecorder({ component: "replicaset-controller" }),
    logger: logger.child({ controller: "replicaset" }),
  });
  startGarbageCollector({
    client,
    informers,
    loop,
    recorder: events.newRecorder({ component: GarbageCollectorComponent }),
    logger: logger.child({ controller: "garbagecollector" }),
  });
  return { informers };
}
