/**
 * kube-scheduler as its own process: its own informers and event broadcaster,
 * talking to the API server only through the client.
 *
 * The node lifecycle controller (kube-controller-manager) writes the
 * NoSchedule condition taints (not-ready, unreachable, pressure,
 * unschedulable, ...), so the scheduler reads taints only, as upstream's
 * does: its `conditionTaints` stand-in is off by default here. Turn it on
 * (`conditionTaints: true`) for a cluster without the controller manager.
 */
import type { ApiClient } from "@kubesim/api";
import { EventBroadcaster, SharedInformerFactory, type Logger } from "@kubesim/runtime";
import { DefaultSchedulerName, startScheduler } from "@kubesim/scheduler";
import type { Loop, Rng, Trace } from "@kubesim/sim";

export interface SchedulerProcessOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  readonly trace: Trace;
  readonly rng: Rng;
  readonly logger: Logger;
  /** Derive NoSchedule taints from node conditions in the scheduler itself (default false). */
  readonly conditionTaints?: boolean;
}

export interface SchedulerProcess {
  /** The process ends: the scheduler stops and its informers stop watching. */
  stop(): void;
}

export function startSchedulerProcess(options: SchedulerProcessOptions): SchedulerProcess {
  const { client, loop, trace, rng, logger } = options;
  const informers = new SharedInformerFactory({ client, loop, logger });
  const scheduler = startScheduler({
    client,
    informers,
    loop,
    recorder: new EventBroadcaster({ client, loop, trace, logger }).newRecorder({
      component: DefaultSchedulerName,
    }),
    logger,
    rng,
    conditionTaints: options.conditionTaints ?? false,
  });
  return {
    stop: () => {
      scheduler.stop();
      informers.shutdown();
    },
  };
}
