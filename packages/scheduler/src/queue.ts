/**
 * The scheduling queue. Mirrors kubernetes/kubernetes
 * pkg/scheduler/backend/queue (scheduling_queue.go `PriorityQueue`,
 * active_queue.go, backoff_queue.go, unschedulable_pods.go) with the
 * defaults of v1.34: SchedulerQueueingHints and SchedulerPopFromBackoffQ on.
 *
 * Three places a pending pod can be:
 * - activeQ: ready to be tried, ordered by PrioritySort (spec.priority
 *   descending, then the time it was queued; kubesim breaks the remaining
 *   ties by arrival order, where upstream's heap is arbitrary).
 * - backoffQ: waiting out its backoff, 1s doubling to 10s per failure
 *   (`initial << (count - 1)`, capped), counted separately for rejections and
 *   for errors (the error backoffQ). Expirations are aligned down to whole
 *   seconds and flushed to activeQ on the second's tick, so a pod rejected at
 *   10.3s with a 1s backoff expires in the 11s window and moves at 12s. When
 *   activeQ is empty, `pop` takes the head of the (rejection) backoffQ at once
 *   (SchedulerPopFromBackoffQ).
 * - unschedulablePods: rejected and waiting for a cluster event that may help.
 *   `moveAllToActiveOrBackoffQueue(event)` asks the QueueingHints of the
 *   plugins that rejected each pod (queueing-hints.ts); a pod with no
 *   rejecting plugin (an error) always goes to backoff. Every 30s, pods that
 *   have been there longer than 5 minutes are flushed
 *   (podMaxInUnschedulablePodsDuration, the UnschedulableTimeout event).
 *
 * A failed attempt goes back through `addUnschedulableIfNotPresent`: to the
 * unschedulable pool when plugins rejected it, to the error backoffQ when
 * none did ("no nodes available", an API error).
 *
 * Gated pods (spec.schedulingGates) fail the SchedulingGates PreEnqueue check
 * and wait in the unschedulable pool until their gates are removed.
 *
 * Timers: upstream ticks every second and every 30 seconds for ever; kubesim
 * schedules a loop task only for the next tick that can move something, on
 * the same tick grid, so idle clusters cost nothing and moves happen at the
 * same virtual instants.
 *
 * Scheduling attempts are synchronous loop tasks here, so no cluster event can
 * arrive while a pod is in flight (upstream records such events and replays
 * them when the pod comes back); the in-flight set only guards re-adds.
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import { silentLogger, type Logger } from "@kubesim/runtime";
import type { ClusterEvent } from "./events.js";
import {
  BackoffComplete,
  EventUnschedulableTimeout,
  EventUnscheduledPodAdd,
  EventUnscheduledPodUpdate,
  ScheduleAttemptFailure,
  eventLabel,
  isWildCard,
  matchClusterEvent,
  podSchedulingPropertiesChange,
} from "./events.js";
import { KeyedHeap } from "./internal/heap.js";
import type { ClusterEventWithHint, QueueingHintFn } from "./queueing-hints.js";
import {
  SchedulingGatesPlugin,
  defaultEventsToRegister,
  schedulingGatesPreEnqueue,
} from "./queueing-hints.js";

/** DefaultPodInitialBackoffDuration. */
export const DefaultPodInitialBackoff: Millis = 1000;
/** DefaultPodMaxBackoffDuration. */
export const DefaultPodMaxBackoff: Millis = 10_000;
/** DefaultPodMaxInUnschedulablePodsDuration. */
export const DefaultPodMaxInUnschedulablePodsDuration: Millis = 5 * 60_000;
/** backoffQOrderingWindowDuration: the backoffQ's flush tick and expiration granularity. */
export const BackoffQOrderingWindow: Millis = 1000;
/** The period of flushUnschedulablePodsLeftover. */
export const UnschedulableFlushPeriod: Millis = 30_000;

/** framework.QueuedPodInfo. */
export interface QueuedPodInfo {
  pod: Pod;
  /** When the pod was queued, refreshed at each failed attempt. */
  timestamp: Millis;
  /** When the pod first entered activeQ. */
  initialAttemptTimestamp: Millis | undefined;
  /** Scheduling attempts so far (incremented by pop). */
  attempts: number;
  /** Attempts rejected by plugins (drives the backoff). */
  unschedulableCount: number;
  /** Consecutive attempts that ended in an error (drives the error backoff). */
  consecutiveErrorsCount: number;
  /** Cached backoff expiration; cleared at pop and at each failure. */
  backoffExpiration: Millis | undefined;
  /** The plugins that rejected the last attempt (filled by the scheduler on failure). */
  readonly unschedulablePlugins: Set<string>;
  readonly pendingPlugins: Set<string>;
  /** The PreEnqueue plugin that keeps the pod out of activeQ ("" when none). */
  gatingPlugin: string;
  gatingPluginEvents: readonly ClusterEvent[];
  /** Arrival order, the final tie-breaker. */
  readonly seq: number;
}

/** Where a pending pod is. */
export type QueueName = "Active" | "Backoff" | "Unschedulable";

type Strategy = "QueueSkip" | "QueueAfterBackoff" | "QueueImmediately";

interface HintEntry {
  readonly plugin: string;
  readonly event: ClusterEvent;
  readonly hint: QueueingHintFn | undefined;
}

export interface SchedulingQueueOptions {
  readonly loop: Loop;
  readonly podInitialBackoff?: Millis;
  readonly podMaxBackoff?: Millis;
  readonly podMaxInUnschedulablePodsDuration?: Millis;
  /** SchedulerPopFromBackoffQ (default true, as since v1.33). */
  readonly popFromBackoffQ?: boolean;
  /** Plugins' registered events and hints (default: defaultEventsToRegister()). */
  readonly eventsToRegister?: ReadonlyMap<string, readonly ClusterEventWithHint[]>;
  /** Called when a pod becomes poppable (upstream's cond.Broadcast). */
  readonly onReady?: () => void;
  readonly logger?: Logger;
}

/** cache.NewObjectName(ns, name).String(). */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

const priorityOf = (p: Pod): number => p.spec?.priority ?? 0;

/** queuesort.PrioritySort.Less (then arrival order). */
export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = priorityOf(a.pod);
  const pb = priorityOf(b.pod);
  if (pa !== pb) return pa > pb;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}

const isGated = (p: QueuedPodInfo): boolean => p.gatingPlugin !== "";

export class SchedulingQueue {
  readonly #loop: Loop;
  readonly #log: Logger;
  readonly #initialBackoff: Millis;
  readonly #maxBackoff: Millis;
  readonly #maxInUnschedulable: Millis;
  readonly #popFromBackoffQ: boolean;
  readonly #hints: readonly HintEntry[];
  readonly #pluginEvents = new Map<string, ClusterEvent[]>();
  readonly #onReady: () => void;

  readonly #activeQ = new KeyedHeap<QueuedPodInfo>((p) => podKey(p.pod), prioritySortLess);
  readonly #podBackoffQ: KeyedHeap<QueuedPodInfo>;
  readonly #podErrorBackoffQ: KeyedHeap<QueuedPodInfo>;
  readonly #unschedulable = new Map<string, QueuedPodInfo>();
  readonly #inFlight = new Set<string>();

  #seq = 0;
  #schedulingCycle = 0;
  #running = false;
  #runStart: Millis = 0;
  #backoffTimer: TaskHandle | undefined;
  #lastBackoffFlush: Millis = Number.NEGATIVE_INFINITY;
  #unschedulableTimer: TaskHandle | undefined;
  #lastUnschedulableFlush: Millis = Number.NEGATIVE_INFINITY;

  constructor(options: SchedulingQueueOptions) {
    this.#loop = options.loop;
    this.#log = options.logger ?? silentLogger();
    this.#initialBackoff = options.podInitialBackoff ?? DefaultPodInitialBackoff;
    this.#maxBackoff = options.podMaxBackoff ?? DefaultPodMaxBackoff;
    this.#maxInUnschedulable =
      options.podMaxInUnschedulablePodsDuration ?? DefaultPodMaxInUnschedulablePodsDuration;
    this.#popFromBackoffQ = options.popFromBackoffQ ?? true;
    this.#onReady = options.onReady ?? (() => {});
    const hints: HintEntry[] = [];
    for (const [plugin, list] of options.eventsToRegister ?? defaultEventsToRegister()) {
      for (const e of list) {
        hints.push({ plugin, event: e.event, hint: e.hint });
        const evs = this.#pluginEvents.get(plugin) ?? [];
        evs.push(e.event);
        this.#pluginEvents.set(plugin, evs);
      }
    }
    this.#hints = hints;
    const backoffLess = (a: QueuedPodInfo, b: QueuedPodInfo): boolean => {
      const x = this.#backoffTime(a) ?? Number.NEGATIVE_INFINITY;
      const y = this.#backoffTime(b) ?? Number.NEGATIVE_INFINITY;
      if (x !== y) return x < y;
      return this.#popFromBackoffQ ? prioritySortLess(a, b) : a.seq < b.seq;
    };
    this.#podBackoffQ = new KeyedHeap((p) => podKey(p.pod), backoffLess);
    this.#podErrorBackoffQ = new KeyedHeap(
      (p) => podKey(p.pod),
      (a, b) => {
        const x = this.#backoffTime(a) ?? Number.NEGATIVE_INFINITY;
        const y = this.#backoffTime(b) ?? Number.NEGATIVE_INFINITY;
        return x !== y ? x < y : a.seq < b.seq;
      },
    );
  }

  /** Starts the flush timers (PriorityQueue.Run). */
  run(): void {
    if (this.#running) return;
    this.#running = true;
    this.#runStart = this.#loop.now();
    this.#scheduleBackoffFlush();
    this.#scheduleUnschedulableFlush();
  }

  /** Stops the timers; the queue keeps its pods. */
  close(): void {
    this.#running = false;
    for (const t of [this.#backoffTimer, this.#unschedulableTimer])
      if (t !== undefined) this.#loop.cancel(t);
    this.#backoffTimer = undefined;
    this.#unschedulableTimer = undefined;
  }

  /** The number of pods popped so far. */
  get schedulingCycle(): number {
    return this.#schedulingCycle;
  }

  // ---- adding, updating, deleting pods (informer events) ----

  /** Add: a new unscheduled pod. */
  add(pod: Pod): void {
    if (this.#moveToActiveQ(this.#newQueuedPodInfo(pod), eventLabel(EventUnscheduledPodAdd), false))
      this.#onReady();
  }

  /**
   * Update: refresh the pod where it waits. In the unschedulable pool, the
   * update's events are judged by the hints of the plugins that rejected it;
   * a pod in no queue is added to activeQ.
   */
  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    if (this.#inFlight.has(newPod.metadata?.uid ?? "")) return;
    for (const heap of [this.#activeQ, this.#podBackoffQ, this.#podErrorBackoffQ]) {
      const p = heap.get(podKey(oldPod));
      if (p !== undefined) {
        p.pod = newPod;
        heap.addOrUpdate(p);
        return;
      }
    }
    const p = this.#unschedulable.get(key);
    if (p !== undefined) {
      p.pod = newPod;
      for (const evt of podSchedulingPropertiesChange(newPod, oldPod)) {
        const hint = this.#isPodWorthRequeuing(p, evt, oldPod, newPod);
        const queue = this.#requeue(p, hint, eventLabel(evt));
        if (queue === "Active" || (this.#popFromBackoffQ && queue === "Backoff")) {
          this.#onReady();
          break;
        }
      }
      return;
    }
    if (
      this.#moveToActiveQ(
        this.#newQueuedPodInfo(newPod),
        eventLabel(EventUnscheduledPodUpdate),
        false,
      )
    )
      this.#onReady();
  }

  /** Delete: the pod leaves whichever queue holds it. */
  delete(pod: Pod): void {
    const key = podKey(pod);
    if (this.#activeQ.delete(key)) return;
    if (this.#podBackoffQ.delete(key) || this.#podErrorBackoffQ.delete(key)) return;
    this.#unschedulable.delete(key);
  }

  // ---- the scheduling loop ----

  /** True when `pop` would return a pod. */
  hasPoppable(): boolean {
    return this.#activeQ.size > 0 || (this.#popFromBackoffQ && this.#podBackoffQ.size > 0);
  }

  /**
   * Pop: the head of activeQ, else (SchedulerPopFromBackoffQ) the head of the
   * backoffQ; undefined when neither has a pod (upstream blocks).
   */
  pop(): QueuedPodInfo | undefined {
    let p = this.#activeQ.pop();
    if (p === undefined && this.#popFromBackoffQ) p = this.#podBackoffQ.pop();
    if (p === undefined) return undefined;
    p.attempts++;
    p.backoffExpiration = undefined;
    this.#schedulingCycle++;
    p.unschedulablePlugins.clear();
    p.pendingPlugins.clear();
    this.#inFlight.add(p.pod.metadata?.uid ?? podKey(p.pod));
    return p;
  }

  /** Done: the popped pod's attempt is over. */
  done(uid: string): void {
    this.#inFlight.delete(uid);
  }

  /**
   * AddUnschedulableIfNotPresent: a failed attempt comes back. Rejected by
   * plugins -> the unschedulable pool; no rejecting plugin (an error) ->
   * backoff. Returns false when the pod is already queued.
   */
  addUnschedulableIfNotPresent(p: QueuedPodInfo): boolean {
    const key = podKey(p.pod);
    this.done(p.pod.metadata?.uid ?? key);
    if (
      this.#unschedulable.has(key) ||
      this.#activeQ.has(key) ||
      this.#podBackoffQ.has(key) ||
      this.#podErrorBackoffQ.has(key)
    )
      return false;
    const rejected = p.unschedulablePlugins.size > 0 || p.pendingPlugins.size > 0;
    if (rejected) {
      p.unschedulableCount++;
      p.consecutiveErrorsCount = 0;
    } else {
      p.consecutiveErrorsCount++;
    }
    p.timestamp = this.#loop.now();
    p.backoffExpiration = undefined;
    // determineSchedulingHintForInFlightPod: no event can have happened in flight here.
    const strategy: Strategy = rejected ? "QueueSkip" : "QueueAfterBackoff";
    const queue = this.#requeue(p, strategy, ScheduleAttemptFailure);
    this.#log.debug(
      { pod: key, queue, unschedulablePlugins: [...p.unschedulablePlugins] },
      "Pod moved to an internal scheduling queue",
    );
    if (queue === "Active" || (this.#popFromBackoffQ && queue === "Backoff")) this.#onReady();
    return true;
  }

  /**
   * MoveAllToActiveOrBackoffQueue: a cluster event happened; move the
   * unschedulable pods it may help (per their rejecting plugins' hints).
   * `preCheck` narrows the candidates (e.g. lower-priority pods only).
   */
  moveAllToActiveOrBackoffQueue(
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    if (!this.#isEventOfInterest(event)) return;
    const candidates = [...this.#unschedulable.values()].filter(
      (p) => preCheck === undefined || preCheck(p.pod),
    );
    this.#movePods(candidates, event, oldObj, newObj);
  }

  // ---- introspection (PendingPods, GetPod) ----

  /** Where the pod waits, if anywhere. */
  locate(pod: Pod): QueueName | undefined {
    const key = podKey(pod);
    if (this.#activeQ.has(key)) return "Active";
    if (this.#podBackoffQ.has(key) || this.#podErrorBackoffQ.has(key)) return "Backoff";
    if (this.#unschedulable.has(key)) return "Unschedulable";
    return undefined;
  }

  /** The queued pod info of a pending pod. */
  get(pod: Pod): QueuedPodInfo | undefined {
    const key = podKey(pod);
    return (
      this.#activeQ.get(key) ??
      this.#podBackoffQ.get(key) ??
      this.#podErrorBackoffQ.get(key) ??
      this.#unschedulable.get(key)
    );
  }

  /** PendingPods: activeQ and backoffQ in pop order, then the unschedulable pool. */
  pendingPods(): { active: Pod[]; backoff: Pod[]; unschedulable: Pod[] } {
    return {
      active: this.#activeQ.list().map((p) => p.pod),
      backoff: [...this.#podBackoffQ.list(), ...this.#podErrorBackoffQ.list()].map((p) => p.pod),
      unschedulable: [...this.#unschedulable.values()].map((p) => p.pod),
    };
  }

  /** The backoff expiration of a queued pod (aligned), for tests and debugging. */
  backoffExpiration(p: QueuedPodInfo): Millis | undefined {
    return this.#backoffTime(p);
  }

  // ---- internals ----

  #newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    return {
      pod,
      timestamp: this.#loop.now(),
      initialAttemptTimestamp: undefined,
      attempts: 0,
      unschedulableCount: 0,
      consecutiveErrorsCount: 0,
      backoffExpiration: undefined,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      gatingPlugin: "",
      gatingPluginEvents: [],
      seq: this.#seq++,
    };
  }

  /** runPreEnqueuePlugins: SchedulingGates. */
  #runPreEnqueuePlugins(p: QueuedPodInfo): void {
    if (schedulingGatesPreEnqueue(p.pod) === undefined) {
      p.gatingPlugin = "";
      return;
    }
    p.unschedulablePlugins.add(SchedulingGatesPlugin);
    p.gatingPlugin = SchedulingGatesPlugin;
    p.gatingPluginEvents = this.#pluginEvents.get(SchedulingGatesPlugin) ?? [];
  }

  /** moveToActiveQ; a gated pod goes to the unschedulable pool instead. */
  #moveToActiveQ(p: QueuedPodInfo, event: string, movesFromBackoffQ: boolean): boolean {
    if (!(this.#popFromBackoffQ && movesFromBackoffQ)) this.#runPreEnqueuePlugins(p);
    const key = podKey(p.pod);
    if (isGated(p)) {
      if (
        this.#activeQ.has(key) ||
        this.#podBackoffQ.has(key) ||
        this.#podErrorBackoffQ.has(key) ||
        this.#unschedulable.has(key)
      )
        return false;
      this.#addUnschedulable(p);
      this.#log.debug({ pod: key, event }, "Pod is gated");
      return false;
    }
    if (p.initialAttemptTimestamp === undefined) p.initialAttemptTimestamp = this.#loop.now();
    this.#unschedulable.delete(key);
    this.#podBackoffQ.delete(key);
    this.#podErrorBackoffQ.delete(key);
    this.#activeQ.addOrUpdate(p);
    return true;
  }

  /** moveToBackoffQ: the rejection backoffQ, or the error one when no plugin rejected. */
  #moveToBackoffQ(p: QueuedPodInfo): boolean {
    const key = podKey(p.pod);
    if (this.#popFromBackoffQ) {
      this.#runPreEnqueuePlugins(p);
      if (isGated(p)) {
        if (!this.#unschedulable.has(key)) this.#addUnschedulable(p);
        return false;
      }
    }
    this.#unschedulable.delete(key);
    if (p.unschedulablePlugins.size === 0 && p.pendingPlugins.size === 0) {
      this.#podBackoffQ.delete(key);
      this.#podErrorBackoffQ.addOrUpdate(p);
    } else {
      this.#podErrorBackoffQ.delete(key);
      this.#podBackoffQ.addOrUpdate(p);
    }
    this.#scheduleBackoffFlush(p);
    return true;
  }

  #addUnschedulable(p: QueuedPodInfo): void {
    this.#unschedulable.set(podKey(p.pod), p);
    if (!isGated(p)) this.#scheduleUnschedulableFlush(p);
  }

  /** requeuePodWithQueueingStrategy. */
  #requeue(p: QueuedPodInfo, strategy: Strategy, event: string): QueueName {
    if (strategy === "QueueSkip") {
      this.#addUnschedulable(p);
      return "Unschedulable";
    }
    if (strategy === "QueueAfterBackoff" && this.#isPodBackingOff(p)) {
      return this.#moveToBackoffQ(p) ? "Backoff" : "Unschedulable";
    }
    return this.#moveToActiveQ(p, event, false) ? "Active" : "Unschedulable";
  }

  #isEventOfInterest(event: ClusterEvent): boolean {
    return isWildCard(event) || this.#hints.some((h) => matchClusterEvent(h.event, event));
  }

  /** isPodWorthRequeuing: ask the hints of the plugins that rejected the pod. */
  #isPodWorthRequeuing(
    p: QueuedPodInfo,
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
  ): Strategy {
    if (p.unschedulablePlugins.size === 0 && p.pendingPlugins.size === 0)
      return "QueueAfterBackoff";
    if (isWildCard(event)) {
      // A wildcard carrying a pod is meant for that pod only.
      const target = newObj as Pod | undefined;
      if (target?.metadata !== undefined && target.metadata.uid !== p.pod.metadata?.uid)
        return "QueueSkip";
      return "QueueAfterBackoff";
    }
    let strategy: Strategy = "QueueSkip";
    for (const h of this.#hints) {
      if (!matchClusterEvent(h.event, event)) continue;
      if (!p.unschedulablePlugins.has(h.plugin) && !p.pendingPlugins.has(h.plugin)) continue;
      const hint = h.hint === undefined ? "Queue" : h.hint(p.pod, oldObj, newObj);
      if (hint === "QueueSkip") continue;
      if (p.pendingPlugins.has(h.plugin)) return "QueueImmediately";
      if (p.pendingPlugins.size === 0) return "QueueAfterBackoff";
      strategy = "QueueAfterBackoff";
    }
    return strategy;
  }

  /** movePodsToActiveOrBackoffQueue. */
  #movePods(
    candidates: readonly QueuedPodInfo[],
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
  ): void {
    let activated = false;
    for (const p of candidates) {
      if (isGated(p) && !p.gatingPluginEvents.some((e) => matchClusterEvent(e, event))) continue;
      const hint = this.#isPodWorthRequeuing(p, event, oldObj, newObj);
      if (hint === "QueueSkip") continue;
      this.#unschedulable.delete(podKey(p.pod));
      const queue = this.#requeue(p, hint, eventLabel(event));
      if (queue === "Active" || (this.#popFromBackoffQ && queue === "Backoff")) activated = true;
    }
    if (activated) this.#onReady();
  }

  // ---- backoff ----

  /** calculateBackoffDuration(count): initial << (count - 1), capped at max. */
  #backoffDuration(count: number): Millis {
    if (count === 0) return 0;
    const factor = 2 ** (count - 1);
    if (this.#initialBackoff > Math.floor(this.#maxBackoff / factor)) return this.#maxBackoff;
    return this.#initialBackoff * factor;
  }

  /** alignToWindow: whole seconds with SchedulerPopFromBackoffQ, else unchanged. */
  #alignToWindow(t: Millis): Millis {
    return this.#popFromBackoffQ
      ? Math.floor(t / BackoffQOrderingWindow) * BackoffQOrderingWindow
      : t;
  }

  /** getBackoffTime: undefined when the pod has no failure to pay for. */
  #backoffTime(p: QueuedPodInfo): Millis | undefined {
    const count = p.consecutiveErrorsCount > 0 ? p.consecutiveErrorsCount : p.unschedulableCount;
    if (count === 0) return undefined;
    if (p.backoffExpiration === undefined)
      p.backoffExpiration = this.#alignToWindow(p.timestamp + this.#backoffDuration(count));
    return p.backoffExpiration;
  }

  /** isPodBackingoff: the expiration is in the current window or later. */
  #isPodBackingOff(p: QueuedPodInfo, at: Millis = this.#loop.now()): boolean {
    const bo = this.#backoffTime(p);
    return bo !== undefined && bo >= this.#alignToWindow(at);
  }

  /** flushBackoffQCompleted: every pod whose backoff is over moves to activeQ. */
  #flushBackoffQCompleted(): void {
    this.#lastBackoffFlush = this.#loop.now();
    const completed: QueuedPodInfo[] = [];
    for (const heap of [this.#podBackoffQ, this.#podErrorBackoffQ]) {
      for (let p = heap.peek(); p !== undefined && !this.#isPodBackingOff(p); p = heap.peek()) {
        heap.pop();
        completed.push(p);
      }
    }
    let activated = false;
    for (const p of completed) if (this.#moveToActiveQ(p, BackoffComplete, true)) activated = true;
    if (activated) this.#onReady();
  }

  /**
   * The first flush tick at or after `from`. The ticker is aligned to whole
   * seconds with SchedulerPopFromBackoffQ (waitUntilAlignedWithOrderingWindow),
   * else it ticks every second from `run`.
   */
  #nextBackoffTick(from: Millis): Millis {
    const w = BackoffQOrderingWindow;
    if (this.#popFromBackoffQ) return Math.ceil(from / w) * w;
    return this.#runStart + Math.max(1, Math.ceil((from - this.#runStart) / w)) * w;
  }

  /** The tick at which `p` (in a backoffQ) completes its backoff. */
  #backoffDueTick(p: QueuedPodInfo): Millis {
    const bo = this.#backoffTime(p) ?? Number.NEGATIVE_INFINITY;
    const now = this.#loop.now();
    let t = this.#nextBackoffTick(Math.max(now, bo + 1));
    if (t <= this.#lastBackoffFlush) t += BackoffQOrderingWindow;
    return t;
  }

  /** Keeps one timer at the earliest tick that completes a backoff. */
  #scheduleBackoffFlush(added?: QueuedPodInfo): void {
    if (!this.#running) return;
    let due: Millis | undefined;
    if (added !== undefined) due = this.#backoffDueTick(added);
    else {
      for (const heap of [this.#podBackoffQ, this.#podErrorBackoffQ]) {
        const head = heap.peek();
        if (head === undefined) continue;
        const t = this.#backoffDueTick(head);
        if (due === undefined || t < due) due = t;
      }
    }
    if (due === undefined) return;
    if (this.#backoffTimer !== undefined) {
      if (this.#backoffTimer.time <= due) return;
      this.#loop.cancel(this.#backoffTimer);
    }
    this.#backoffTimer = this.#loop.at(
      due,
      () => {
        this.#backoffTimer = undefined;
        this.#flushBackoffQCompleted();
        this.#scheduleBackoffFlush();
      },
      "scheduler.flushBackoffQCompleted",
    );
  }

  // ---- unschedulable pool ----

  /** flushUnschedulablePodsLeftover: pods waiting longer than the limit get another chance. */
  #flushUnschedulablePodsLeftover(): void {
    const now = this.#loop.now();
    this.#lastUnschedulableFlush = now;
    const toMove = [...this.#unschedulable.values()].filter(
      (p) => now - p.timestamp > this.#maxInUnschedulable,
    );
    if (toMove.length > 0) {
      this.#movePods(toMove, EventUnschedulableTimeout, undefined, undefined);
    }
  }

  /**
   * The first 30s tick (wait.Until from `run`, first tick at once) that is
   * strictly past the moment `p` has waited the limit, and not in the past.
   */
  #unschedulableDueTick(p: QueuedPodInfo): Millis {
    const period = UnschedulableFlushPeriod;
    const start = this.#runStart;
    const limit = p.timestamp + this.#maxInUnschedulable;
    const afterLimit = start + Math.max(0, Math.floor((limit - start) / period) + 1) * period;
    const notPast = start + Math.max(0, Math.ceil((this.#loop.now() - start) / period)) * period;
    let t = Math.max(afterLimit, notPast);
    if (t <= this.#lastUnschedulableFlush) t = this.#lastUnschedulableFlush + period;
    return t;
  }

  #scheduleUnschedulableFlush(added?: QueuedPodInfo): void {
    if (!this.#running) return;
    let due: Millis | undefined;
    const consider = (p: QueuedPodInfo): void => {
      if (isGated(p)) return;
      const t = this.#unschedulableDueTick(p);
      if (due === undefined || t < due) due = t;
    };
    if (added !== undefined) consider(added);
    else for (const p of this.#unschedulable.values()) consider(p);
    if (due === undefined) return;
    if (this.#unschedulableTimer !== undefined) {
      if (this.#unschedulableTimer.time <= due) return;
      this.#loop.cancel(this.#unschedulableTimer);
    }
    this.#unschedulableTimer = this.#loop.at(
      due,
      () => {
        this.#unschedulableTimer = undefined;
        this.#flushUnschedulablePodsLeftover();
        this.#scheduleUnschedulableFlush();
      },
      "scheduler.flushUnschedulablePodsLeftover",
    );
  }
}
