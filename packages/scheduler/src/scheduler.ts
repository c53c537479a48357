/**
 * kube-scheduler's acting part. Mirrors kubernetes/kubernetes
 * pkg/scheduler/scheduler.go (informers, WaitForCacheSync, Run),
 * eventhandlers.go (which informer event goes to the cache and which to the
 * queue) and schedule_one.go (`ScheduleOne`, `schedulingCycle`,
 * `bindingCycle`, `handleSchedulingFailure`, `handleBindingCycleError`,
 * `updatePod`) plus DefaultPreemption's `PreemptPod` (the victims' eviction).
 *
 * One attempt per loop task, one pod at a time:
 * 1. pop the next pod (queue.ts); a pod being deleted is skipped with a
 *    FailedScheduling "skip schedule deleting pod: default/web-abc";
 * 2. run the pure `scheduleOnNodeInfos` on the cache's nodes (cache.ts);
 * 3. success: assume the pod on the chosen node (it counts there at once),
 *    POST pods/binding, then the Normal event "Successfully assigned
 *    default/web-abc to node-1" (reason Scheduled). A failed binding forgets
 *    the assumed pod and is handled as a failure with reason SchedulerError;
 * 4. failure: evict preemption victims if preemption found a node; put the
 *    pod back (unschedulable pool, or backoff); record the Warning event
 *    FailedScheduling with the FitError message, e.g. "0/3 nodes are
 *    available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3
 *    No preemption victims found for incoming pod."; patch the pod status
 *    (PodScheduled False, reason Unschedulable, that message; nominatedNodeName)
 *    unless it already says exactly that.
 *
 * Pods: the scheduler's own informer leaves out terminal pods
 * (status.phase!=Succeeded,status.phase!=Failed), so a pod that finishes
 * frees its node as if deleted. Assigned pods feed the cache; unassigned pods
 * whose schedulerName is this scheduler's feed the queue. Cluster events move
 * unschedulable pods back per the rejecting plugins' queueing hints.
 *
 * kubesim deviations: attempts take no virtual time and the binding is
 * synchronous (upstream binds in a goroutine); events are core/v1 Events
 * from the legacy recorder (kube-scheduler writes events.k8s.io/v1 with
 * action Scheduling/Binding); nominated pods are not reserved for in later
 * filtering; PodScheduled conditions carry no observedGeneration
 * (kubernetes-types 1.30 has no such field).
 */
import type { ApiClient } from "@kubesim/api";
import { isApiError, isNotFound } from "@kubesim/api";
import type { Loop, Millis, Rng, TaskHandle } from "@kubesim/sim";
import { rfc3339 } from "@kubesim/sim";
import type {
  DeletedFinalStateUnknown,
  EventRecorder,
  HandlerRegistration,
  Logger,
  SharedIndexInformer,
  SharedInformerFactory,
} from "@kubesim/runtime";
import { isDeletedFinalStateUnknown, silentLogger, unwrapTombstone } from "@kubesim/runtime";
import type { Binding, Node, Pod, PodCondition } from "kubernetes-types/core/v1";
import { SchedulerCache } from "./cache.js";
import type { ClusterEvent } from "./events.js";
import {
  EventAssignedPodAdd,
  EventAssignedPodDelete,
  EventNodeAdd,
  EventNodeDelete,
  nodeSchedulingPropertiesChange,
  podSchedulingPropertiesChange,
} from "./events.js";
import type { Diagnosis } from "./fit-error.js";
import { truncateMessage } from "./fit-error.js";
import { updatePodCondition, statusPatch } from "./pod-status.js";
import { NotEligiblePreemptNever, NotEligibleTerminatingOnNominated } from "./preemption.js";
import type { QueuedPodInfo } from "./queue.js";
import { SchedulingQueue, podKey } from "./queue.js";
import { defaultEventsToRegister } from "./queueing-hints.js";
import { scheduleOnNodeInfos } from "./schedule.js";

/** The default profile's name (pod.spec.schedulerName). */
export const DefaultSchedulerName = "default-scheduler";
/** The scheduler's pod informer selection: terminal pods never reach it. */
export const SchedulerPodFieldSelector = "status.phase!=Succeeded,status.phase!=Failed";

export interface SchedulerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** Records Scheduled, FailedScheduling and Preempted events (component "default-scheduler"). */
  readonly recorder: EventRecorder;
  readonly logger?: Logger;
  /** When given, ties between equally scored nodes are broken at random from it, as upstream. */
  readonly rng?: Rng;
  /** The profile name pods select with spec.schedulerName (default "default-scheduler"). */
  readonly schedulerName?: string;
  /**
   * Read node conditions and spec.unschedulable as the node lifecycle
   * controller's NoSchedule taints (default true). Turn off once a node
   * lifecycle controller maintains those taints.
   */
  readonly conditionTaints?: boolean;
  /** percentageOfNodesToScore (default 0: adaptive). */
  readonly percentageOfNodesToScore?: number;
  readonly podInitialBackoff?: Millis;
  readonly podMaxBackoff?: Millis;
  readonly podMaxInUnschedulablePodsDuration?: Millis;
  /** SchedulerPopFromBackoffQ (default true). */
  readonly popFromBackoffQ?: boolean;
}

/** NominatingInfo with ModeOverride: set (or, with "", clear) status.nominatedNodeName. */
interface Nominating {
  readonly nodeName: string;
}
const clearNominatedNode: Nominating = { nodeName: "" };

interface Failure {
  readonly reason: "Unschedulable" | "SchedulerError";
  readonly message: string;
  /** The rejecting plugins (a FitError's diagnosis); none for errors. */
  readonly plugins: readonly string[];
}

const assigned = (pod: Pod): boolean => (pod.spec?.nodeName ?? "") !== "";
const priorityOf = (pod: Pod): number => pod.spec?.priority ?? 0;
const withKind = (pod: Pod): Pod =>
  pod.kind === undefined || pod.apiVersion === undefined
    ? { ...pod, apiVersion: "v1", kind: "Pod" }
    : pod;

/** diagnosis.UnschedulablePlugins: every plugin that rejected some node (or all, at PreFilter). */
export function unschedulablePlugins(d: Diagnosis): string[] {
  const out = new Set<string>();
  for (const s of d.nodeToStatus.values()) out.add(s.plugin);
  if (d.absentNodesStatus !== undefined) out.add(d.absentNodesStatus.plugin);
  return [...out].sort();
}

export class Scheduler {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly schedulerName: string;
  readonly #client: ApiClient;
  readonly #informers: SharedInformerFactory;
  readonly #loop: Loop;
  readonly #recorder: EventRecorder;
  readonly #log: Logger;
  readonly #rng: Rng | undefined;
  readonly #conditionTaints: boolean;
  readonly #percentageOfNodesToScore: number;
  readonly #podInformer: SharedIndexInformer<"Pod">;
  readonly #nodeInformer: SharedIndexInformer<"Node">;
  readonly #registrations: HandlerRegistration[] = [];
  #nextStartNodeIndex = 0;
  #started = false;
  #running = false;
  #stopped = false;
  #task: TaskHandle | undefined;

  constructor(options: SchedulerOptions) {
    this.#client = options.client;
    this.#informers = options.informers;
    this.#loop = options.loop;
    this.#recorder = options.recorder;
    this.#log = options.logger ?? silentLogger();
    this.#rng = options.rng;
    this.schedulerName = options.schedulerName ?? DefaultSchedulerName;
    this.#conditionTaints = options.conditionTaints ?? true;
    this.#percentageOfNodesToScore = options.percentageOfNodesToScore ?? 0;
    this.cache = new SchedulerCache({ conditionTaints: this.#conditionTaints, logger: this.#log });
    this.queue = new SchedulingQueue({
      loop: this.#loop,
      logger: this.#log,
      eventsToRegister: defaultEventsToRegister({ conditionTaints: this.#conditionTaints }),
      onReady: () => this.#kick(),
      ...(options.podInitialBackoff === undefined
        ? {}
        : { podInitialBackoff: options.podInitialBackoff }),
      ...(options.podMaxBackoff === undefined ? {} : { podMaxBackoff: options.podMaxBackoff }),
      ...(options.podMaxInUnschedulablePodsDuration === undefined
        ? {}
        : { podMaxInUnschedulablePodsDuration: options.podMaxInUnschedulablePodsDuration }),
      ...(options.popFromBackoffQ === undefined
        ? {}
        : { popFromBackoffQ: options.popFromBackoffQ }),
    });
    this.#podInformer = this.#informers.informerFor("Pod", {
      fieldSelector: SchedulerPodFieldSelector,
    });
    this.#nodeInformer = this.#informers.informerFor("Node");
  }

  /**
   * Registers the event handlers, starts the informers, and begins scheduling
   * once both caches have synced (WaitForCacheSync, then Run).
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#registrations.push(
      this.#podInformer.addEventHandler({
        onAdd: (pod) => this.#addPod(pod),
        onUpdate: (oldPod, newPod) => this.#updatePod(oldPod, newPod),
        onDelete: (obj) => this.#deletePod(obj),
      }),
      this.#nodeInformer.addEventHandler({
        onAdd: (node) => this.#addNode(node),
        onUpdate: (oldNode, newNode) => this.#updateNode(oldNode, newNode),
        onDelete: (obj) => this.#deleteNode(unwrapTombstone(obj)),
      }),
    );
    this.#informers.start();
    const ready = (): void => {
      if (this.#running || this.#stopped) return;
      if (!this.#podInformer.hasSynced() || !this.#nodeInformer.hasSynced()) return;
      this.#running = true;
      this.queue.run();
      this.#kick();
    };
    this.#podInformer.onSynced(ready);
    this.#nodeInformer.onSynced(ready);
  }

  /** Stops scheduling and the queue's timers (the informers belong to the factory). */
  stop(): void {
    this.#stopped = true;
    this.#running = false;
    if (this.#task !== undefined) this.#loop.cancel(this.#task);
    this.#task = undefined;
    this.queue.close();
    for (const r of this.#registrations.splice(0)) r.remove();
  }

  /** True once the informers synced and scheduling began. */
  hasSynced(): boolean {
    return this.#running;
  }

  // ---- the scheduling loop ----

  #kick(): void {
    if (!this.#running || this.#task !== undefined || !this.queue.hasPoppable()) return;
    this.#task = this.#loop.after(
      0,
      () => {
        this.#task = undefined;
        this.scheduleOne();
        this.#kick();
      },
      "scheduler.scheduleOne",
    );
  }

  /** ScheduleOne: one attempt for the next pod; false when no pod was waiting. */
  scheduleOne(): boolean {
    const pInfo = this.queue.pop();
    if (pInfo === undefined) return false;
    const pod = pInfo.pod;
    const uid = pod.metadata?.uid ?? podKey(pod);
    try {
      if (this.#skipPodSchedule(pod)) return true;
      this.#schedulingCycle(pInfo);
    } finally {
      this.queue.done(uid);
    }
    return true;
  }

  /** skipPodSchedule: pods being deleted, and pods already assumed. */
  #skipPodSchedule(pod: Pod): boolean {
    if (pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null) {
      this.#recorder.eventf(
        withKind(pod),
        "Warning",
        "FailedScheduling",
        "skip schedule deleting pod: %v/%v",
        pod.metadata.namespace ?? "",
        pod.metadata.name ?? "",
      );
      return true;
    }
    return this.cache.isAssumedPod(pod);
  }

  #schedulingCycle(pInfo: QueuedPodInfo): void {
    const pod = pInfo.pod;
    const result = scheduleOnNodeInfos(pod, this.cache.nodeInfoList(), {
      startNodeIndex: this.#nextStartNodeIndex,
      percentageOfNodesToScore: this.#percentageOfNodesToScore,
      conditionTaints: this.#conditionTaints,
      ...(this.#rng === undefined ? {} : { tieBreaker: this.#rng }),
    });
    if (result.type === "unschedulable") {
      if (result.nextStartNodeIndex !== undefined)
        this.#nextStartNodeIndex = result.nextStartNodeIndex;
      const d = result.diagnosis;
      if (d === undefined) {
        // ErrNoNodesAvailable: no plugin rejected the pod.
        this.#handleSchedulingFailure(
          pInfo,
          { reason: result.reason, message: result.message, plugins: [] },
          clearNominatedNode,
        );
        return;
      }
      let nominating: Nominating | undefined = clearNominatedNode;
      if (result.nominatedNodeName !== undefined) {
        this.#prepareCandidate(pod, result.nominatedNodeName, result.victims ?? []);
        nominating = { nodeName: result.nominatedNodeName };
      } else if (
        d.postFilterMsg === `preemption: ${NotEligiblePreemptNever}` ||
        d.postFilterMsg === `preemption: ${NotEligibleTerminatingOnNominated}`
      ) {
        nominating = undefined; // PostFilter returned no result: leave nominatedNodeName
      }
      this.#handleSchedulingFailure(
        pInfo,
        { reason: result.reason, message: result.message, plugins: unschedulablePlugins(d) },
        nominating,
      );
      return;
    }

    const host = result.nodeName;
    this.#nextStartNodeIndex = result.nextStartNodeIndex;
    // Frozen like the informer's pods (whose children are frozen), so the spec can key memos;
    // Object.assign, as a spread adding nodeName would give each copy a hidden class of its own.
    const assumed: Pod = {
      ...pod,
      spec: Object.freeze(Object.assign({}, pod.spec!, { nodeName: host })),
    };
    this.cache.assumePod(assumed);
    // The binding cycle (upstream: a goroutine), DefaultBinder.Bind.
    const ns = pod.metadata?.namespace ?? "";
    const name = pod.metadata?.name ?? "";
    const binding: Binding = {
      apiVersion: "v1",
      kind: "Binding",
      metadata: {
        namespace: ns,
        name,
        ...(pod.metadata?.uid === undefined ? {} : { uid: pod.metadata.uid }),
      },
      target: { kind: "Node", name: host },
    };
    try {
      this.#client.bind(ns, binding);
    } catch (err) {
      this.cache.finishBinding(assumed);
      this.#handleBindingCycleError({ ...pInfo, pod: assumed }, err);
      return;
    }
    this.cache.finishBinding(assumed);
    this.#log.debug({ pod: `${ns}/${name}`, node: host }, "Successfully bound pod to node");
    this.#recorder.eventf(
      withKind(assumed),
      "Normal",
      "Scheduled",
      "Successfully assigned %v/%v to %v",
      ns,
      name,
      host,
    );
  }

  /** handleBindingCycleError: forget the assumed pod (its room frees up), then fail. */
  #handleBindingCycleError(pInfo: QueuedPodInfo, err: unknown): void {
    const assumedPod = pInfo.pod;
    this.cache.forgetPod(assumedPod);
    this.queue.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, assumedPod, undefined);
    const detail = err instanceof Error ? err.message : String(err);
    this.#handleSchedulingFailure(
      pInfo,
      {
        reason: "SchedulerError",
        message: `running Bind plugin "DefaultBinder": ${detail}`,
        plugins: [],
      },
      clearNominatedNode,
    );
  }

  /**
   * handleSchedulingFailure: requeue the pod (if the informer still has it,
   * unassigned), record FailedScheduling, and patch its PodScheduled condition.
   */
  #handleSchedulingFailure(
    pInfo: QueuedPodInfo,
    failure: Failure,
    nominating: Nominating | undefined,
  ): void {
    const pod = pInfo.pod;
    for (const p of failure.plugins) pInfo.unschedulablePlugins.add(p);
    const cached = this.#podInformer.lister.get(podKey(pod));
    if (cached === undefined) {
      this.#log.info({ pod: podKey(pod) }, "Pod doesn't exist in informer cache");
      this.queue.done(pod.metadata?.uid ?? podKey(pod));
    } else if (assigned(cached)) {
      this.#log.info(
        { pod: podKey(pod), node: cached.spec?.nodeName },
        "Pod has been assigned to node. Abort adding it back to queue.",
      );
      this.queue.done(pod.metadata?.uid ?? podKey(pod));
    } else {
      pInfo.pod = cached;
      this.queue.addUnschedulableIfNotPresent(pInfo);
    }
    this.#recorder.eventf(
      withKind(pod),
      "Warning",
      "FailedScheduling",
      truncateMessage(failure.message),
    );
    this.#updatePodStatus(
      pod,
      { type: "PodScheduled", status: "False", reason: failure.reason, message: failure.message },
      nominating,
    );
  }

  /** updatePod (schedule_one.go): the condition and nominatedNodeName, in one status patch. */
  #updatePodStatus(pod: Pod, condition: PodCondition, nominating: Nominating | undefined): void {
    const now = rfc3339(this.#loop.now());
    const { status, changed } = updatePodCondition(pod.status, condition, now);
    const nnnNeedsUpdate =
      nominating !== undefined && (pod.status?.nominatedNodeName ?? "") !== nominating.nodeName;
    if (!changed && !nnnNeedsUpdate) return;
    const next = { ...status };
    if (nnnNeedsUpdate) {
      if (nominating.nodeName === "") delete next.nominatedNodeName;
      else next.nominatedNodeName = nominating.nodeName;
    }
    this.#patchStatus(pod, next, pod.status);
  }

  #patchStatus(pod: Pod, next: NonNullable<Pod["status"]>, prev: Pod["status"]): void {
    const patch = statusPatch(prev, next);
    if (patch === undefined) return;
    try {
      this.#client.patch(
        "Pod",
        pod.metadata?.namespace,
        pod.metadata?.name ?? "",
        "strategic",
        patch,
        { subresource: "status" },
      );
    } catch (err) {
      this.#log.warn({ pod: podKey(pod), err: String(err) }, "Error updating pod");
    }
  }

  /**
   * prepareCandidate / PreemptPod: mark each victim with the DisruptionTarget
   * condition, delete it, and record "Preempted by pod <uid> on node <node>".
   */
  #prepareCandidate(preemptor: Pod, nodeName: string, victims: readonly Pod[]): void {
    const now = rfc3339(this.#loop.now());
    for (const victim of victims) {
      if (
        victim.metadata?.deletionTimestamp !== undefined &&
        victim.metadata.deletionTimestamp !== null
      )
        continue;
      const { status, changed } = updatePodCondition(
        victim.status,
        {
          type: "DisruptionTarget",
          status: "True",
          reason: "PreemptionByScheduler",
          message: `${preemptor.spec?.schedulerName ?? this.schedulerName}: preempting to accommodate a higher priority pod`,
        },
        now,
      );
      if (changed) this.#patchStatus(victim, status, victim.status);
      try {
        this.#client.delete("Pod", victim.metadata?.namespace, victim.metadata?.name ?? "");
      } catch (err) {
        if (!(isApiError(err) && isNotFound(err)))
          this.#log.warn({ pod: podKey(victim), err: String(err) }, "Tried to preempt pod");
        continue;
      }
      this.#recorder.eventf(
        withKind(victim),
        "Normal",
        "Preempted",
        "Preempted by pod %v on node %v",
        preemptor.metadata?.uid ?? "",
        nodeName,
      );
    }
  }

  // ---- event handlers (eventhandlers.go) ----

  #responsibleForPod(pod: Pod): boolean {
    return (pod.spec?.schedulerName ?? "") === this.schedulerName;
  }

  #addPod(pod: Pod): void {
    if (assigned(pod)) this.#addAssignedPodToCache(pod);
    else if (this.#responsibleForPod(pod)) this.queue.add(pod);
  }

  #updatePod(oldPod: Pod, newPod: Pod): void {
    if (assigned(oldPod)) {
      this.#updateAssignedPodInCache(oldPod, newPod);
    } else if (assigned(newPod)) {
      // A binding: add to the cache (confirming an assumed pod).
      this.#addAssignedPodToCache(newPod);
      if (this.#responsibleForPod(oldPod)) this.#deletePodFromSchedulingQueue(oldPod, true);
    } else if (this.#responsibleForPod(oldPod)) {
      this.#updatePodInSchedulingQueue(oldPod, newPod);
    }
  }

  #deletePod(obj: Pod | DeletedFinalStateUnknown<Pod>): void {
    if (isDeletedFinalStateUnknown(obj)) {
      // The carried object may be stale: clean up both ways.
      const pod = obj.obj;
      this.#deleteAssignedPodFromCache(pod);
      if (this.#responsibleForPod(pod)) this.#deletePodFromSchedulingQueue(pod, false);
      return;
    }
    if (assigned(obj)) this.#deleteAssignedPodFromCache(obj);
    else if (this.#responsibleForPod(obj)) this.#deletePodFromSchedulingQueue(obj, false);
  }

  #addAssignedPodToCache(pod: Pod): void {
    this.cache.addPod(pod);
    this.queue.moveAllToActiveOrBackoffQueue(EventAssignedPodAdd, undefined, pod);
  }

  #updateAssignedPodInCache(oldPod: Pod, newPod: Pod): void {
    if (oldPod === newPod) return; // a resync: nothing changed
    this.cache.updatePod(oldPod, newPod);
    for (const evt of podSchedulingPropertiesChange(newPod, oldPod))
      this.queue.moveAllToActiveOrBackoffQueue(evt, oldPod, newPod);
  }

  #deleteAssignedPodFromCache(pod: Pod): void {
    this.cache.removePod(pod);
    this.queue.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, pod, undefined);
  }

  #updatePodInSchedulingQueue(oldPod: Pod, newPod: Pod): void {
    // Bypass updates carrying identical objects (resyncs), as #96071.
    if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return;
    if (this.cache.isAssumedPod(newPod)) {
      if (newPod.metadata?.deletionTimestamp != null && oldPod.metadata?.deletionTimestamp == null)
        this.#handleAssumedPodDeletion(newPod);
      return;
    }
    this.queue.update(oldPod, newPod);
    const oldNominated = oldPod.status?.nominatedNodeName ?? "";
    if (oldNominated !== "" && oldNominated !== (newPod.status?.nominatedNodeName ?? "")) {
      const p = priorityOf(oldPod);
      this.queue.moveAllToActiveOrBackoffQueue(
        EventAssignedPodDelete,
        oldPod,
        undefined,
        (q) => priorityOf(q) <= p,
      );
    }
  }

  #deletePodFromSchedulingQueue(pod: Pod, inBinding: boolean): void {
    this.queue.delete(pod);
    if (inBinding) return;
    if (this.cache.isAssumedPod(pod)) {
      this.#handleAssumedPodDeletion(pod);
    } else if ((pod.status?.nominatedNodeName ?? "") !== "") {
      const p = priorityOf(pod);
      this.queue.moveAllToActiveOrBackoffQueue(
        EventAssignedPodDelete,
        pod,
        undefined,
        (q) => priorityOf(q) <= p,
      );
    }
  }

  /** handleAssumedPodDeletion: an assumed pod was deleted before its binding was seen. */
  #handleAssumedPodDeletion(pod: Pod): void {
    const assumedPod = this.cache.getPod(pod);
    if (assumedPod === undefined) return;
    this.cache.forgetPod(assumedPod);
    this.queue.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, assumedPod, undefined);
  }

  #addNode(node: Node): void {
    this.cache.addNode(node);
    this.queue.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, node);
  }

  #updateNode(oldNode: Node, newNode: Node): void {
    this.cache.updateNode(oldNode, newNode);
    if (oldNode === newNode) return;
    const events: ClusterEvent[] = nodeSchedulingPropertiesChange(newNode, oldNode, {
      conditionTaints: this.#conditionTaints,
    });
    for (const evt of events) this.queue.moveAllToActiveOrBackoffQueue(evt, oldNode, newNode);
  }

  #deleteNode(node: Node): void {
    this.queue.moveAllToActiveOrBackoffQueue(EventNodeDelete, node, undefined);
    this.cache.removeNode(node);
  }
}

/** Creates and starts the scheduler; it schedules once its informers have synced. */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const s = new Scheduler(options);
  s.start();
  return s;
}
