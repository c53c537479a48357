/**
 * The pod garbage collector (`pod-garbage-collector`): the acting part of
 * kubernetes/kubernetes pkg/controller/podgc/gc_controller.go (`Run`, `gc`,
 * `gcTerminated`, `gcTerminating`, `gcOrphaned`, `discoverDeletedNodes`,
 * `checkIfNodeExists`, `gcUnscheduledTerminating`,
 * `markFailedAndDeletePodWithCondition`) and `PatchPodStatus` of
 * pkg/util/pod.
 *
 * Every `gcCheckPeriod` (20 s; the first pass as soon as the Pod and Node
 * caches synced) it reads the caches and, in upstream's order:
 *   1. deletes terminated pods beyond `terminatedPodThreshold` (12500; 0 turns it off);
 *   2. deletes terminating pods on not-Ready nodes tainted out-of-service;
 *   3. quarantines each missing node a pod is bound to for `quarantineTime`
 *      (40 s, a delaying queue: a second sighting does not postpone it),
 *      then asks the API server for each node whose quarantine is over; pods
 *      on a node that is still gone are orphans: Failed +
 *      DisruptionTarget=True DeletionByPodGC "PodGC: node no longer exists";
 *   4. deletes terminating pods that were never scheduled.
 * Each deletion marks a non-terminal pod Failed first (a strategic merge
 * patch of the status carrying the pod's uid), then DELETEs it with grace 0.
 * Errors are logged; the next pass tries again.
 */
import type { Node, Pod, PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { isNotFound, type ApiClient } from "@kubesim/api";
import {
  DelayingWorkQueue,
  silentLogger,
  type Lister,
  type Logger,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import {
  failedStatus,
  missingNodes,
  orphanCondition,
  terminatedPodsToDelete,
  terminatingPodsToDelete,
  unscheduledTerminatingPods,
} from "./gc.js";

/** gcCheckPeriod. */
export const GCCheckPeriod: Millis = 20_000;
/** quarantineTime. */
export const QuarantineTime: Millis = 40_000;
/** --terminated-pod-gc-threshold's default. */
export const DefaultTerminatedPodGCThreshold = 12_500;
/** The controller's name in kube-controller-manager. */
export const PodGCControllerName = "pod-garbage-collector";

export interface PodGCControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  readonly logger?: Logger;
  /** --terminated-pod-gc-threshold (default 12500; <= 0 disables that part). */
  readonly terminatedPodThreshold?: number;
  readonly gcCheckPeriod?: Millis;
  readonly quarantineTime?: Millis;
}

/** The strategic merge patch PatchPodStatus would send: the uid, the phase and the changed conditions. */
export function podStatusPatch(pod: Pod, next: PodStatus): Record<string, unknown> {
  const old = pod.status ?? {};
  const status: Record<string, unknown> = {};
  if (next.phase !== old.phase) status["phase"] = next.phase;
  const changed = (next.conditions ?? []).filter((c) => {
    const o = old.conditions?.find((x) => x.type === c.type);
    return o === undefined || JSON.stringify(o) !== JSON.stringify(c);
  });
  if (changed.length > 0) status["conditions"] = changed;
  return { metadata: { uid: pod.metadata?.uid }, status };
}

export class PodGCController {
  readonly podLister: Lister<Pod>;
  readonly nodeLister: Lister<Node>;
  /** Missing nodes waiting out their quarantine. */
  readonly nodeQueue: DelayingWorkQueue<string>;
  readonly terminatedPodThreshold: number;
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly log: Logger;
  private readonly gcCheckPeriod: Millis;
  private readonly quarantineTime: Millis;
  private readonly informers: SharedInformerFactory;
  private timer: TaskHandle | undefined;
  private started = false;
  private stopped = false;

  constructor(options: PodGCControllerOptions) {
    this.client = options.client;
    this.loop = options.loop;
    this.log = options.logger ?? silentLogger();
    this.informers = options.informers;
    this.terminatedPodThreshold = options.terminatedPodThreshold ?? DefaultTerminatedPodGCThreshold;
    this.gcCheckPeriod = options.gcCheckPeriod ?? GCCheckPeriod;
    this.quarantineTime = options.quarantineTime ?? QuarantineTime;
    this.podLister = options.informers.informerFor("Pod").lister;
    this.nodeLister = options.informers.informerFor("Node").lister;
    this.nodeQueue = new DelayingWorkQueue<string>(options.loop);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.log.info({ controller: PodGCControllerName }, "Starting controller");
    const pods = this.informers.informerFor("Pod");
    const nodes = this.informers.informerFor("Node");
    pods.run();
    nodes.run();
    let pending = 2;
    const synced = () => {
      pending--;
      if (pending === 0) this.run();
    };
    pods.onSynced(synced);
    nodes.onSynced(synced);
  }

  stop(): void {
    this.stopped = true;
    this.nodeQueue.shutDown();
    if (this.timer !== undefined) this.loop.cancel(this.timer);
    this.timer = undefined;
  }

  /** wait.UntilWithContext(gc, gcCheckPeriod): now, then every period. */
  private run(): void {
    const tick = () => {
      this.timer = undefined;
      if (this.stopped) return;
      this.gc();
      this.timer = this.loop.after(this.gcCheckPeriod, tick, "podgc.gc");
    };
    this.timer = this.loop.after(0, tick, "podgc.gc");
  }

  /** One pass. */
  gc(): void {
    const pods = this.podLister.list();
    const nodes = this.nodeLister.list();
    if (this.terminatedPodThreshold > 0) this.gcTerminated(pods);
    this.gcTerminating(pods);
    this.gcOrphaned(pods, nodes);
    this.gcUnscheduledTerminating(pods);
  }

  private gcTerminated(pods: readonly Pod[]): void {
    const victims = terminatedPodsToDelete(pods, this.terminatedPodThreshold);
    if (victims.length === 0) return;
    this.log.info({ numPods: victims.length }, "Garbage collecting pods");
    for (const pod of victims) this.markFailedAndDeletePod(pod, undefined);
  }

  private gcTerminating(pods: readonly Pod[]): void {
    const victims = terminatingPodsToDelete(pods, (name) => this.nodeLister.get(name));
    for (const pod of victims) this.markFailedAndDeletePod(pod, undefined);
  }

  private gcOrphaned(pods: readonly Pod[], nodes: readonly Node[]): void {
    const existing = new Set(nodes.map((n) => n.metadata?.name ?? ""));
    // Newly found unknown nodes go into quarantine.
    for (const name of missingNodes(pods, existing))
      this.nodeQueue.addAfter(name, this.quarantineTime);
    const deleted = this.discoverDeletedNodes(existing);
    for (const pod of pods) {
      if (!deleted.has(pod.spec?.nodeName ?? "")) continue;
      this.log.debug(
        {
          pod: `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`,
          node: pod.spec?.nodeName,
        },
        "Found orphaned Pod assigned to the Node, deleting",
      );
      this.markFailedAndDeletePod(pod, orphanCondition());
    }
  }

  /** discoverDeletedNodes: the nodes out of quarantine that the API server does not know either. */
  private discoverDeletedNodes(existing: ReadonlySet<string>): Set<string> {
    const deleted = new Set<string>();
    while (this.nodeQueue.len() > 0) {
      const name = this.nodeQueue.get();
      if (name === undefined) break;
      if (!existing.has(name)) {
        try {
          this.client.get("Node", undefined, name);
        } catch (err) {
          if (isNotFound(err)) deleted.add(name);
          else this.log.error({ err, node: name }, "Error while getting node");
        }
      }
      this.nodeQueue.done(name);
    }
    return deleted;
  }

  private gcUnscheduledTerminating(pods: readonly Pod[]): void {
    for (const pod of unscheduledTerminatingPods(pods)) this.markFailedAndDeletePod(pod, undefined);
  }

  /** markFailedAndDeletePodWithCondition. */
  private markFailedAndDeletePod(pod: Pod, condition: PodCondition | undefined): void {
    const ns = pod.metadata?.namespace ?? "";
    const name = pod.metadata?.name ?? "";
    this.log.info({ pod: `${ns}/${name}` }, "PodGC is force deleting Pod");
    try {
      const status = failedStatus(pod, condition, this.loop.now());
      if (status !== undefined) {
        this.client.patch("Pod", ns, name, "strategic", podStatusPatch(pod, status), {
          subresource: "status",
        });
      }
      this.client.delete("Pod", ns, name, { gracePeriodSeconds: 0 });
    } catch (err) {
      this.log.error({ err, pod: `${ns}/${name}` }, "failed to delete pod");
    }
  }
}

/** Creates the pod garbage collector and starts it (its informers start with it). */
export function startPodGCController(options: PodGCControllerOptions): PodGCController {
  const c = new PodGCController(options);
  c.start();
  return c;
}
