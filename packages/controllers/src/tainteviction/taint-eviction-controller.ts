/**
 * The taint eviction controller (`taint-eviction-controller`): the acting part
 * of kubernetes/kubernetes pkg/controller/tainteviction/taint_eviction.go
 * (`New`, `Run`, `worker`, `PodUpdated`, `NodeUpdated`, `handlePodUpdate`,
 * `handleNodeUpdate`, `processPodOnNode`, `deletePodHandler`,
 * `addConditionAndDeletePod`, the two Event emitters).
 *
 * It keeps every node's NoExecute taints (`taintedNodes`) and, for each pod on
 * a tainted node, decides with process-pod-on-node.ts: evict now, evict at
 * observedAt + min(tolerationSeconds) (timed-workers.ts), or cancel. When an
 * eviction fires:
 *
 *   Normal TaintManagerEviction  "Marking for deletion Pod <ns>/<name>"
 *   pod status: DisruptionTarget=True, reason DeletionByTaintManager,
 *     message "Taint manager: deleting due to NoExecute taint"
 *     (a strategic merge patch of the status, with the pod's uid)
 *   DELETE of the pod with default options (its own grace period)
 *
 * up to 5 tries. Removing the taint (or tolerating it forever) before then
 * cancels it: Normal TaintManagerEviction "Cancelling deletion of Pod <ns>/<name>".
 *
 * Node updates are handled before pod updates, as upstream's workers
 * prioritise them; both wait until the Node and Pod caches have synced.
 * Each batch of updates is handled in one loop task, in arrival order.
 */
import type { Node, Pod, PodCondition, Taint } from "kubernetes-types/core/v1";
import { semanticEqual, type ApiClient } from "@kubesim/api";
import {
  objectKey,
  silentLogger,
  splitKey,
  unwrapTombstone,
  type EventRecorder,
  type HandlerRegistration,
  type Lister,
  type Logger,
  type SharedInformerFactory,
  type SharedIndexInformer,
} from "@kubesim/runtime";
import { rfc3339, type Loop, type Millis, type TaskHandle } from "@kubesim/sim";
import { PodNodeNameKeyIndex, podNodeNameIndexFunc } from "./pod-node-name-index.js";
import { decidePodOnNode } from "./process-pod-on-node.js";
import { TimedWorkerQueue } from "./timed-workers.js";
import { getNoExecuteTaints } from "./tolerations.js";

/** The controller's name, and its Events' source component. */
export const TaintEvictionControllerName = "taint-eviction-controller";
/** Attempts of one pod deletion (retries). */
export const TaintEvictionRetries = 5;

export const TaintManagerEvictionReason = "TaintManagerEviction";
export const DeletionByTaintManager = "DeletionByTaintManager";
export const DeletionByTaintManagerMessage = "Taint manager: deleting due to NoExecute taint";

interface PodUpdateItem {
  readonly namespace: string;
  readonly name: string;
  readonly nodeName: string;
}

export interface TaintEvictionControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** A recorder for component "taint-eviction-controller". */
  readonly recorder: EventRecorder;
  readonly logger?: Logger;
}

export class TaintEvictionController {
  readonly nodeLister: Lister<Node>;
  readonly podLister: Lister<Pod>;
  /** Scheduled evictions, by pod key "ns/name". */
  readonly taintEvictionQueue: TimedWorkerQueue;
  /** Every node's NoExecute taints (nodes without any are absent). */
  readonly taintedNodes = new Map<string, readonly Taint[]>();
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly nodeInformer: SharedIndexInformer<"Node">;
  private readonly podInformer: SharedIndexInformer<"Pod">;
  private registrations: HandlerRegistration[] = [];
  /** Pending node updates (a set: one entry per node, in arrival order). */
  private readonly nodeUpdates = new Set<string>();
  /** Pending pod updates, keyed so that equal items are queued once. */
  private readonly podUpdates = new Map<string, PodUpdateItem>();
  private drainTask: TaskHandle | undefined;
  private started = false;
  private stopped = false;

  constructor(options: TaintEvictionControllerOptions) {
    this.client = options.client;
    this.loop = options.loop;
    this.recorder = options.recorder;
    this.log = options.logger ?? silentLogger();
    this.nodeInformer = options.informers.informerFor("Node");
    this.podInformer = options.informers.informerFor("Pod", {
      indexers: { [PodNodeNameKeyIndex]: podNodeNameIndexFunc },
    });
    this.nodeLister = this.nodeInformer.lister;
    this.podLister = this.podInformer.lister;
    this.taintEvictionQueue = new TimedWorkerQueue(options.loop, (key, fireAt) =>
      this.deletePod(key, fireAt),
    );
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.log.info({ controller: TaintEvictionControllerName }, "Starting controller");
    this.registrations.push(
      this.podInformer.addEventHandler({
        onAdd: (pod) => this.podUpdated(undefined, pod),
        onUpdate: (old, pod) => this.podUpdated(old, pod),
        onDelete: (obj) => this.podUpdated(unwrapTombstone(obj), undefined),
      }),
      this.nodeInformer.addEventHandler({
        onAdd: (node) => this.nodeUpdated(undefined, node),
        onUpdate: (old, node) => this.nodeUpdated(old, node),
        onDelete: (obj) => this.nodeUpdated(unwrapTombstone(obj), undefined),
      }),
    );
    this.podInformer.run();
    this.nodeInformer.run();
    this.podInformer.onSynced(() => this.kick());
    this.nodeInformer.onSynced(() => this.kick());
  }

  stop(): void {
    this.stopped = true;
    for (const r of this.registrations) r.remove();
    this.registrations = [];
    if (this.drainTask !== undefined) this.loop.cancel(this.drainTask);
    this.drainTask = undefined;
  }

  hasSynced(): boolean {
    return this.registrations.length === 2 && this.registrations.every((r) => r.hasSynced());
  }

  /** PodUpdated: queue the pod unless neither its tolerations nor its node changed. */
  podUpdated(oldPod: Pod | undefined, newPod: Pod | undefined): void {
    const pod = newPod ?? oldPod;
    if (pod === undefined) return;
    if (
      oldPod !== undefined &&
      newPod !== undefined &&
      semanticEqual(oldPod.spec?.tolerations ?? [], newPod.spec?.tolerations ?? []) &&
      (oldPod.spec?.nodeName ?? "") === (newPod.spec?.nodeName ?? "")
    ) {
      return;
    }
    const item: PodUpdateItem = {
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      nodeName: pod.spec?.nodeName ?? "",
    };
    this.podUpdates.set(`${item.namespace}/${item.name}@${item.nodeName}`, item);
    this.kick();
  }

  /** NodeUpdated: queue the node unless its NoExecute taints did not change. */
  nodeUpdated(oldNode: Node | undefined, newNode: Node | undefined): void {
    const node = newNode ?? oldNode;
    if (node === undefined) return;
    if (
      oldNode !== undefined &&
      newNode !== undefined &&
      semanticEqual(
        getNoExecuteTaints(oldNode.spec?.taints),
        getNoExecuteTaints(newNode.spec?.taints),
      )
    ) {
      return;
    }
    this.nodeUpdates.add(node.metadata?.name ?? "");
    this.kick();
  }

  /** Schedules one drain of the pending updates, once the caches have synced. */
  private kick(): void {
    if (!this.started || this.stopped || this.drainTask !== undefined) return;
    if (!this.hasSynced()) return;
    if (this.nodeUpdates.size === 0 && this.podUpdates.size === 0) return;
    this.drainTask = this.loop.after(
      0,
      () => {
        this.drainTask = undefined;
        this.drain();
      },
      "taint-eviction.worker",
    );
  }

  /** The workers: node updates first, then pod updates, until both are empty. */
  private drain(): void {
    if (this.stopped) return;
    for (;;) {
      const node = this.nodeUpdates.values().next();
      if (!node.done) {
        this.nodeUpdates.delete(node.value);
        this.handleNodeUpdate(node.value);
        continue;
      }
      const pod = this.podUpdates.entries().next();
      if (pod.done) return;
      this.podUpdates.delete(pod.value[0]);
      this.handlePodUpdate(pod.value[1]);
    }
  }

  /** handlePodUpdate. */
  private handlePodUpdate(item: PodUpdateItem): void {
    const key = objectKey(item.namespace, item.name);
    const pod = this.podLister.get(key);
    if (pod === undefined) {
      // Deleted: whatever was scheduled for it goes.
      this.cancelWorkWithEvent(key);
      return;
    }
    // Queued under another node: a later update of this pod is handled under the current one.
    if ((pod.spec?.nodeName ?? "") !== item.nodeName) return;
    const nodeName = pod.spec?.nodeName ?? "";
    if (nodeName === "") return;
    const taints = this.taintedNodes.get(nodeName);
    if (taints === undefined) return;
    this.processPodOnNode(key, pod, taints, this.loop.now());
  }

  /** handleNodeUpdate. */
  private handleNodeUpdate(nodeName: string): void {
    const node = this.nodeLister.get(nodeName);
    if (node === undefined) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = getNoExecuteTaints(node.spec?.taints);
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const pods = this.podLister.byIndex(PodNodeNameKeyIndex, nodeName);
    if (pods.length === 0) return;
    if (taints.length === 0) {
      // All taints were removed from the node: cancel every eviction.
      for (const p of pods)
        this.cancelWorkWithEvent(objectKey(p.metadata?.namespace, p.metadata?.name ?? ""));
      return;
    }
    const now = this.loop.now();
    for (const p of pods) {
      this.processPodOnNode(
        objectKey(p.metadata?.namespace, p.metadata?.name ?? ""),
        p,
        taints,
        now,
      );
    }
  }

  /** processPodOnNode: carries out decidePodOnNode's decision. */
  private processPodOnNode(key: string, pod: Pod, taints: readonly Taint[], now: Millis): void {
    const scheduled = this.taintEvictionQueue.getWorker(key);
    const d = decidePodOnNode(taints, pod.spec?.tolerations, now, scheduled);
    switch (d.type) {
      case "keep":
        return;
      case "cancel":
        this.cancelWorkWithEvent(key);
        return;
      case "schedule":
        if (d.cancelFirst) this.cancelWorkWithEvent(key);
        this.taintEvictionQueue.addWork(key, d.createdAt, d.fireAt);
        return;
    }
  }

  private cancelWorkWithEvent(key: string): void {
    if (this.taintEvictionQueue.cancelWork(key)) this.emitCancelPodDeletionEvent(key);
  }

  /** deletePodHandler: the event, then up to 5 tries of condition + delete. */
  private deletePod(key: string, _fireAt: Millis): boolean {
    const { namespace, name } = splitKey(key);
    this.log.info({ controller: TaintEvictionControllerName, pod: key }, "Deleting pod");
    this.emitPodDeletionEvent(key);
    let last: unknown;
    for (let i = 0; i < TaintEvictionRetries; i++) {
      try {
        this.addConditionAndDeletePod(namespace, name);
        return true;
      } catch (err) {
        last = err;
      }
    }
    this.log.error({ err: last, pod: key }, "NoExecuteTaintManager: timed worker failed");
    return false;
  }

  /** addConditionAndDeletePod: read live, DisruptionTarget by status patch, then DELETE. */
  private addConditionAndDeletePod(namespace: string, name: string): void {
    const pod = this.client.get("Pod", namespace, name);
    const condition = disruptionTargetCondition(pod, this.loop.now());
    if (condition !== undefined) {
      this.client.patch(
        "Pod",
        namespace,
        name,
        "strategic",
        { metadata: { uid: pod.metadata?.uid }, status: { conditions: [condition] } },
        { subresource: "status" },
      );
    }
    this.client.delete("Pod", namespace, name);
  }

  private podRef(key: string) {
    const { namespace, name } = splitKey(key);
    return { apiVersion: "v1", kind: "Pod", name, namespace };
  }

  private emitPodDeletionEvent(key: string): void {
    this.recorder.eventf(
      this.podRef(key),
      "Normal",
      TaintManagerEvictionReason,
      "Marking for deletion Pod %s",
      key,
    );
  }

  private emitCancelPodDeletionEvent(key: string): void {
    this.recorder.eventf(
      this.podRef(key),
      "Normal",
      TaintManagerEvictionReason,
      "Cancelling deletion of Pod %s",
      key,
    );
  }
}

/**
 * UpdatePodCondition for DisruptionTarget=True DeletionByTaintManager: the
 * condition to patch in, or undefined when the pod already carries it.
 */
export function disruptionTargetCondition(pod: Pod, now: Millis): PodCondition | undefined {
  const old = pod.status?.conditions?.find((c) => c.type === "DisruptionTarget");
  const lastTransitionTime =
    old !== undefined && old.status === "True" ? old.lastTransitionTime : rfc3339(now);
  const cond: PodCondition = {
    type: "DisruptionTarget",
    status: "True",
    ...(lastTransitionTime === undefined ? {} : { lastTransitionTime }),
    reason: DeletionByTaintManager,
    message: DeletionByTaintManagerMessage,
  };
  if (
    old !== undefined &&
    old.status === cond.status &&
    old.reason === cond.reason &&
    old.message === cond.message &&
    old.lastTransitionTime === cond.lastTransitionTime &&
    (old.lastProbeTime ?? null) === null
  ) {
    return undefined;
  }
  return cond;
}

/** Creates the taint eviction controller and starts it (its informers start with it). */
export function startTaintEvictionController(
  options: TaintEvictionControllerOptions,
): TaintEvictionController {
  const c = new TaintEvictionController(options);
  c.start();
  return c;
}
