/**
 * The node lifecycle controller: the acting part of kubernetes/kubernetes
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go (`Run`,
 * `monitorNodeHealth`, `processTaintBaseEviction`, `doNoExecuteTaintingPass`,
 * `doNoScheduleTaintingPass`, `reconcileNodeLabels`, `processPod`,
 * `classifyNodes`, `addPodEvictorForNewZone`, `markNodeForTainting`,
 * `markNodeAsReachable`, `handleDisruption`), with taint-based eviction and
 * without the taint manager (SeparateTaintEvictionController, on since v1.29:
 * the taint eviction controller deletes the pods).
 *
 * The decisions are pure (node-health.ts, zone-state.ts, no-schedule-tainting.ts,
 * no-execute-tainting.ts, mark-pods-not-ready.ts, node-labels.ts); this module
 * keeps the controller's memory, its timers on the sim loop, and writes:
 *
 * - every `nodeMonitorPeriod` (5 s, first pass once the caches synced):
 *   new nodes get `RegisteredNode` (`Node n event: Registered Node n in
 *   Controller`), vanished ones `RemovingNode`; each node's health is
 *   checked (node-health.ts) and Ready/MemoryPressure/DiskPressure/PIDPressure
 *   become Unknown after the grace period; a node whose Ready went from True
 *   to not-True gets Normal `NodeNotReady` and its pods Ready=False
 *   (MarkPodsNotReady, Warning `NodeNotReady` "Node is not ready" per pod);
 *   NoExecute taints are queued per zone or swapped at once; zone states
 *   are recomputed (zone-state.ts);
 * - every 100 ms while some zone's queue holds nodes (NodeEvictionPeriod,
 *   on a grid from the first pass): each zone's rate limiter lets one node at
 *   a time be tainted not-ready:NoExecute or unreachable:NoExecute;
 * - on every node add and update: the NoSchedule condition taints, and the
 *   beta OS/arch labels;
 * - on every pod bound to a node (or moved): Ready=False if the node is not Ready.
 *
 * Time is the sim loop's. Nodes are visited in name order (upstream: 8
 * parallel workers), zones in sorted order (upstream: Go map order).
 */
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Node, NodeCondition, Pod } from "kubernetes-types/core/v1";
import type { ApiClient } from "@kubesim/api";
import {
  ReconcileResult,
  defineController,
  metaNamespaceKey,
  silentLogger,
  unwrapTombstone,
  type Controller,
  type EventRecorder,
  type Lister,
  type Logger,
  type SharedInformerFactory,
  type SharedIndexInformer,
} from "@kubesim/runtime";
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import { PodNodeNameKeyIndex, podNodeNameIndexFunc } from "../tainteviction/pod-node-name-index.js";
import {
  DefaultNodeLifecycleConfig,
  EvictionRateLimiterBurst,
  NamespaceNodeLease,
  NodeEvictionPeriod,
  NodeHealthUpdateRetry,
  type NodeLifecycleConfig,
} from "./config.js";
import {
  addOrUpdateLabelsOnNode,
  markPodsNotReady,
  recordNodeEvent,
  recordNodeStatusChange,
  removeTaintOffNode,
  swapNodeControllerTaint,
} from "./controller-utils.js";
import { getNodeCondition, tryUpdateNodeHealth, type NodeHealthData } from "./node-health.js";
import { nodeLabelsToUpdate } from "./node-labels.js";
import {
  noExecuteTaintSwap,
  shouldRequeueForTainting,
  taintBasedEvictionAction,
} from "./no-execute-tainting.js";
import { noScheduleTaintChanges } from "./no-schedule-tainting.js";
import { RateLimitedTimedQueue, type TryResult } from "./rate-limited-queue.js";
import { NotReadyTaintTemplate, UnreachableTaintTemplate } from "./taints.js";
import {
  getZoneKey,
  isNodeExcludedFromDisruptionChecks,
  planDisruption,
  stateInitial,
  type ZoneState,
} from "./zone-state.js";

/** nodeUpdateWorkerSize and podUpdateWorkerSize. */
export const NodeUpdateWorkerSize = 8;
export const PodUpdateWorkerSize = 4;

export interface NodeLifecycleControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** A recorder for component "node-controller". */
  readonly recorder: EventRecorder;
  readonly logger?: Logger;
  /** Overrides of kube-controller-manager's defaults (config.ts). */
  readonly config?: Partial<NodeLifecycleConfig>;
}

export class NodeLifecycleController {
  readonly config: NodeLifecycleConfig;
  readonly nodeLister: Lister<Node>;
  readonly leaseLister: Lister<Lease>;
  readonly podLister: Lister<Pod>;
  /** Nodes the monitor has seen (knownNodeSet). */
  readonly knownNodeSet = new Map<string, Node>();
  /** What was last seen of each node, on the controller's clock (nodeHealthMap). */
  readonly nodeHealthMap = new Map<string, NodeHealthData>();
  /** The NoExecute tainter of each zone (zoneNoExecuteTainter). */
  readonly zoneNoExecuteTainter = new Map<string, RateLimitedTimedQueue>();
  /** The state of each zone (zoneStates). */
  readonly zoneStates = new Map<string, ZoneState>();
  /** Nodes whose pods could not all be marked not ready (nodesToRetry). */
  readonly nodesToRetry = new Set<string>();
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly informers: readonly SharedIndexInformer<"Node" | "Lease" | "Pod">[];
  private readonly nodeController: Controller;
  private readonly podController: Controller;
  private started = false;
  private stopped = false;
  private monitorTimer: TaskHandle | undefined;
  private taintTimer: TaskHandle | undefined;
  /** The start of the tainting pass's 100 ms grid. */
  private taintGridStart: Millis | undefined;

  constructor(options: NodeLifecycleControllerOptions) {
    this.client = options.client;
    this.loop = options.loop;
    this.recorder = options.recorder;
    this.log = options.logger ?? silentLogger();
    this.config = { ...DefaultNodeLifecycleConfig, ...options.config };
    const nodeInformer = options.informers.informerFor("Node");
    const leaseInformer = options.informers.informerFor("Lease");
    const podInformer = options.informers.informerFor("Pod", {
      indexers: { [PodNodeNameKeyIndex]: podNodeNameIndexFunc },
    });
    this.informers = [nodeInformer, leaseInformer, podInformer] as unknown as SharedIndexInformer<
      "Node" | "Lease" | "Pod"
    >[];
    this.nodeLister = nodeInformer.lister;
    this.leaseLister = leaseInformer.lister;
    this.podLister = podInformer.lister;
    this.nodeController = defineController({
      name: "node-lifecycle",
      loop: options.loop,
      informers: options.informers,
      workers: NodeUpdateWorkerSize,
      logger: this.log,
      reconciler: { reconcile: (key) => this.doNodeProcessingPass(key) },
      watches: [
        {
          kind: "Node",
          handler: (queue) => ({
            onAdd: (node) => queue.add(node.metadata?.name ?? ""),
            onUpdate: (_old, node) => queue.add(node.metadata?.name ?? ""),
            onDelete: (obj) => {
              this.nodesToRetry.delete(unwrapTombstone(obj).metadata?.name ?? "");
            },
          }),
        },
      ],
    });
    this.podController = defineController({
      name: "node-lifecycle-pods",
      loop: options.loop,
      informers: options.informers,
      workers: PodUpdateWorkerSize,
      logger: this.log,
      reconciler: { reconcile: (key) => this.processPod(key) },
      watches: [
        {
          kind: "Pod",
          handler: (queue) => ({
            onAdd: (pod) => this.podUpdated(queue, undefined, pod),
            onUpdate: (old, pod) => this.podUpdated(queue, old, pod),
          }),
        },
        // The Lease informer is started with the controller; nothing is queued from it.
        { kind: "Lease", handler: () => ({}) },
      ],
    });
  }

  /** Starts the informers and, once they synced, the monitor and tainting loops. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.nodeController.start();
    this.podController.start();
    let pending = this.informers.length;
    for (const inf of this.informers) {
      inf.onSynced(() => {
        pending--;
        if (pending === 0) this.run();
      });
    }
  }

  stop(): void {
    this.stopped = true;
    this.nodeController.stop();
    this.podController.stop();
    if (this.monitorTimer !== undefined) this.loop.cancel(this.monitorTimer);
    if (this.taintTimer !== undefined) this.loop.cancel(this.taintTimer);
    this.monitorTimer = undefined;
    this.taintTimer = undefined;
  }

  hasSynced(): boolean {
    return this.nodeController.hasSynced() && this.podController.hasSynced();
  }

  /** Run: the periodic loops, from the moment the caches synced. */
  private run(): void {
    if (this.stopped) return;
    this.taintGridStart = this.loop.now();
    const tick = () => {
      this.monitorTimer = undefined;
      if (this.stopped) return;
      try {
        this.monitorNodeHealth();
      } catch (err) {
        this.log.error({ err }, "Error monitoring node health");
      }
      this.monitorTimer = this.loop.after(
        this.config.nodeMonitorPeriod,
        tick,
        "node-lifecycle.monitor",
      );
    };
    this.monitorTimer = this.loop.after(0, tick, "node-lifecycle.monitor");
  }

  // ---- monitorNodeHealth ----

  /** One pass of the node health monitor. */
  monitorNodeHealth(): void {
    const now = this.loop.now();
    const nodes = [...this.nodeLister.list()];
    const { added, deleted, newZoneRepresentatives } = this.classifyNodes(nodes);
    for (const n of newZoneRepresentatives) this.addPodEvictorForNewZone(n);
    for (const n of added) {
      const name = n.metadata?.name ?? "";
      this.log.debug({ node: name }, "Controller observed a new Node");
      recordNodeEvent(
        this.recorder,
        name,
        n.metadata?.uid,
        "Normal",
        "RegisteredNode",
        `Registered Node ${name} in Controller`,
      );
      this.knownNodeSet.set(name, n);
      this.addPodEvictorForNewZone(n);
      this.markNodeAsReachable(n);
    }
    for (const n of deleted) {
      const name = n.metadata?.name ?? "";
      this.log.debug({ node: name }, "Controller observed a Node deletion");
      recordNodeEvent(
        this.recorder,
        name,
        n.metadata?.uid,
        "Normal",
        "RemovingNode",
        `Removing Node ${name} from Controller`,
      );
      this.knownNodeSet.delete(name);
    }

    const zoneToNodeConditions = new Map<string, (NodeCondition | undefined)[]>();
    for (const listed of nodes) {
      const name = listed.metadata?.name ?? "";
      let node = listed;
      let outcome: ReturnType<typeof tryUpdateNodeHealth> | undefined;
      for (let attempt = 1; attempt <= NodeHealthUpdateRetry && outcome === undefined; attempt++) {
        const r = tryUpdateNodeHealth({
          node,
          lease: this.leaseLister.get(`${NamespaceNodeLease}/${name}`),
          saved: this.nodeHealthMap.get(name),
          now,
          config: this.config,
        });
        if (r.statusToWrite === undefined) {
          this.nodeHealthMap.set(name, r.health);
          outcome = r;
          break;
        }
        try {
          this.client.update(
            "Node",
            { ...node, status: r.statusToWrite },
            { subresource: "status" },
          );
          this.nodeHealthMap.set(name, r.healthAfterWrite!);
          outcome = r;
          break;
        } catch (err) {
          this.log.error({ err, node: name }, "Error updating node");
          this.nodeHealthMap.set(name, r.health);
        }
        try {
          node = this.client.get("Node", undefined, name);
        } catch (err) {
          this.log.error(
            { err, node: name },
            "Failed while getting a Node to retry updating node health. Probably Node was deleted",
          );
          break;
        }
      }
      if (outcome === undefined) {
        this.log.error(
          { node: name },
          "Update health of Node from Controller error, Skipping - no pods will be evicted",
        );
        continue;
      }
      const { observedReadyCondition, currentReadyCondition } = outcome;
      if (!isNodeExcludedFromDisruptionChecks(node)) {
        const zone = getZoneKey(node);
        const list = zoneToNodeConditions.get(zone) ?? [];
        list.push(currentReadyCondition);
        zoneToNodeConditions.set(zone, list);
      }
      if (currentReadyCondition !== undefined) {
        const pods = this.podLister.byIndex(PodNodeNameKeyIndex, name);
        this.processTaintBaseEviction(node, observedReadyCondition);
        const needsRetry = this.nodesToRetry.has(name);
        let mark = false;
        if (currentReadyCondition.status !== "True" && observedReadyCondition.status === "True") {
          // Report the event only once, when the status changes.
          recordNodeStatusChange(this.recorder, node, "NodeNotReady");
          mark = true;
        } else if (needsRetry && observedReadyCondition.status !== "True") {
          mark = true;
        }
        if (mark) {
          const errs = markPodsNotReady(this.client, this.recorder, pods, name, this.loop.now());
          if (errs.length > 0) {
            this.log.error(
              { node: name, errs: errs.map((e) => e.message) },
              "unable to mark all pods NotReady on node; queuing for retry",
            );
            this.nodesToRetry.add(name);
            continue;
          }
        }
      }
      this.nodesToRetry.delete(name);
    }
    this.handleDisruption(zoneToNodeConditions, nodes);
  }

  /** classifyNodes: new nodes, vanished nodes, and known nodes of a zone without a state. */
  private classifyNodes(nodes: readonly Node[]): {
    added: Node[];
    deleted: Node[];
    newZoneRepresentatives: Node[];
  } {
    const added: Node[] = [];
    const newZoneRepresentatives: Node[] = [];
    const names = new Set<string>();
    for (const n of nodes) {
      const name = n.metadata?.name ?? "";
      names.add(name);
      if (!this.knownNodeSet.has(name)) added.push(n);
      else if (!this.zoneStates.has(getZoneKey(n))) newZoneRepresentatives.push(n);
    }
    const deleted = [...this.knownNodeSet.entries()]
      .filter(([name]) => !names.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, n]) => n);
    return { added, deleted, newZoneRepresentatives };
  }

  /** addPodEvictorForNewZone: a state and a tainter for a zone seen for the first time. */
  private addPodEvictorForNewZone(node: Node): void {
    const zone = getZoneKey(node);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, stateInitial);
    this.zoneNoExecuteTainter.set(
      zone,
      new RateLimitedTimedQueue(this.config.evictionLimiterQPS, EvictionRateLimiterBurst),
    );
    this.log.info({ zone }, "Initializing eviction metric for zone");
  }

  private tainter(zone: string): RateLimitedTimedQueue {
    let q = this.zoneNoExecuteTainter.get(zone);
    if (q === undefined) {
      q = new RateLimitedTimedQueue(this.config.evictionLimiterQPS, EvictionRateLimiterBurst);
      this.zoneNoExecuteTainter.set(zone, q);
    }
    return q;
  }

  /** processTaintBaseEviction. */
  private processTaintBaseEviction(node: Node, observed: NodeCondition): void {
    const name = node.metadata?.name ?? "";
    const action = taintBasedEvictionAction(node, observed);
    switch (action.type) {
      case "swap":
        if (
          !swapNodeControllerTaint(
            this.client,
            this.loop.now(),
            [action.add],
            [action.remove],
            node,
            (err) => this.log.error({ err, node: name }, "unable to swap NoExecute taints"),
          )
        ) {
          this.log.error(
            { node: name },
            "Failed to instantly swap taints. Will try again in the next cycle",
          );
        }
        return;
      case "markForTainting": {
        const q = this.tainter(getZoneKey(node));
        if (shouldRequeueForTainting(node, action.status)) q.remove(name);
        if (q.add(name, node.metadata?.uid ?? "", this.loop.now())) {
          this.log.debug(
            { node: name, status: action.status },
            "Node is not ready. Adding it to the Taint queue",
          );
        }
        this.scheduleTaintPass();
        return;
      }
      case "markReachable":
        this.markNodeAsReachable(node);
        return;
      case "none":
        return;
    }
  }

  /** markNodeAsReachable: both NoExecute taints off, the queue entry forgotten. */
  private markNodeAsReachable(node: Node): boolean {
    const name = node.metadata?.name ?? "";
    try {
      removeTaintOffNode(this.client, node, UnreachableTaintTemplate);
      removeTaintOffNode(this.client, node, NotReadyTaintTemplate);
    } catch (err) {
      this.log.error({ err, node: name }, "Failed to remove taints from node");
      return false;
    }
    return this.tainter(getZoneKey(node)).remove(name);
  }

  /** handleDisruption: zone states, rate limits, and the "whole cluster down" safety. */
  private handleDisruption(
    zoneToNodeConditions: ReadonlyMap<string, readonly (NodeCondition | undefined)[]>,
    nodes: readonly Node[],
  ): void {
    const plan = planDisruption({
      zoneToNodeConditions,
      zoneStates: this.zoneStates,
      config: this.config,
    });
    if (plan.transition === "entering") {
      this.log.info(
        "Controller detected that all Nodes are not-Ready. Entering master disruption mode",
      );
      for (const n of nodes) this.markNodeAsReachable(n);
    }
    if (plan.transition === "exiting") {
      this.log.info(
        "Controller detected that some Nodes are Ready. Exiting master disruption mode",
      );
    }
    if (plan.resetProbeTimestamps) {
      const now = this.loop.now();
      for (const n of nodes) {
        const name = n.metadata?.name ?? "";
        const h = this.nodeHealthMap.get(name);
        if (h !== undefined)
          this.nodeHealthMap.set(name, {
            ...h,
            probeTimestamp: now,
            readyTransitionTimestamp: now,
          });
      }
    }
    for (const [zone, qps] of plan.limiters) {
      this.tainter(zone).swapLimiter(qps, EvictionRateLimiterBurst);
    }
    this.zoneStates.clear();
    for (const [zone, state] of plan.zoneStates) this.zoneStates.set(zone, state);
    this.scheduleTaintPass();
  }

  // ---- doNoExecuteTaintingPass ----

  /** The earliest 100 ms grid point after now at which some zone's tainter can act. */
  private scheduleTaintPass(): void {
    if (this.stopped || this.taintGridStart === undefined) return;
    const now = this.loop.now();
    let next: Millis | undefined;
    for (const q of this.zoneNoExecuteTainter.values()) {
      const t = q.nextAttemptAt(now);
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    if (next === undefined) return;
    const start = this.taintGridStart;
    const earliest = Math.max(next, now + 1);
    const at = start + Math.ceil((earliest - start) / NodeEvictionPeriod) * NodeEvictionPeriod;
    if (this.taintTimer !== undefined) {
      if (this.taintTimer.time <= at) return;
      this.loop.cancel(this.taintTimer);
    }
    this.taintTimer = this.loop.at(
      at,
      () => {
        this.taintTimer = undefined;
        if (this.stopped) return;
        this.doNoExecuteTaintingPass();
        this.scheduleTaintPass();
      },
      "node-lifecycle.noexecute-tainting",
    );
  }

  /** doNoExecuteTaintingPass: each zone's tainter takes what its rate limiter allows. */
  doNoExecuteTaintingPass(): void {
    const now = this.loop.now();
    for (const zone of [...this.zoneNoExecuteTainter.keys()].sort()) {
      this.zoneNoExecuteTainter.get(zone)!.tryProcess(now, (value): TryResult => {
        const node = this.nodeLister.get(value.value);
        if (node === undefined) {
          this.log.info({ node: value.value }, "Node no longer present in nodeLister");
          return { ok: true };
        }
        const ready = getNodeCondition(node.status, "Ready");
        if (ready === undefined) {
          this.log.info({ node: value.value }, "Failed to get NodeCondition from the node status");
          return { ok: false, wait: 50 };
        }
        // "unreachable" and "not ready" mimic Ready and are mutually exclusive.
        const swap = noExecuteTaintSwap(ready);
        if (swap === undefined) return { ok: true }; // ready again
        const ok = swapNodeControllerTaint(
          this.client,
          now,
          [swap.add],
          [swap.remove],
          node,
          (err) => this.log.error({ err, node: value.value }, "unable to taint unresponsive Node"),
        );
        return ok ? { ok: true } : { ok: false, wait: 0 };
      });
    }
  }

  // ---- node and pod updates ----

  /** doNodeProcessingPassWorker: NoSchedule condition taints, then labels. Errors are logged, not retried. */
  private doNodeProcessingPass(name: string): ReconcileResult {
    try {
      this.doNoScheduleTaintingPass(name);
    } catch (err) {
      this.log.error({ err, node: name }, "Failed to taint NoSchedule on node, requeue it");
    }
    try {
      this.reconcileNodeLabels(name);
    } catch (err) {
      this.log.error({ err, node: name }, "Failed to reconcile labels for node, requeue it");
    }
    return ReconcileResult.done();
  }

  /** doNoScheduleTaintingPass. */
  doNoScheduleTaintingPass(name: string): void {
    const node = this.nodeLister.get(name);
    if (node === undefined) return;
    const { add, remove } = noScheduleTaintChanges(node);
    if (add.length === 0 && remove.length === 0) return;
    let failure: unknown;
    if (
      !swapNodeControllerTaint(
        this.client,
        this.loop.now(),
        add,
        remove,
        node,
        (e) => (failure = e),
      )
    ) {
      throw new Error(
        `failed to swap taints of node ${name}: ${String((failure as Error)?.message ?? failure)}`,
      );
    }
  }

  /** reconcileNodeLabels. */
  reconcileNodeLabels(name: string): void {
    const node = this.nodeLister.get(name);
    if (node === undefined) return;
    const labels = nodeLabelsToUpdate(node);
    addOrUpdateLabelsOnNode(this.client, name, labels);
  }

  /** podUpdated: queue a pod when it is bound to a node, or moved to another. */
  private podUpdated(queue: { add(key: string): void }, old: Pod | undefined, pod: Pod): void {
    const node = pod.spec?.nodeName ?? "";
    if (node !== "" && (old === undefined || node !== (old.spec?.nodeName ?? ""))) {
      queue.add(metaNamespaceKey(pod));
    }
  }

  /**
   * processPod: a pod bound to a node that is not Ready is marked not ready.
   * Throws (the key is retried with back-off) when the node cannot be read or
   * the write fails.
   */
  private processPod(key: string): ReconcileResult {
    const pod = this.podLister.get(key);
    if (pod === undefined) return ReconcileResult.done();
    const nodeName = pod.spec?.nodeName ?? "";
    const health = this.nodeHealthMap.get(nodeName);
    // Node data not gathered yet, or the node was removed meanwhile.
    if (health === undefined) return ReconcileResult.done();
    if (this.nodeLister.get(nodeName) === undefined) {
      throw new Error(`failed to read node ${nodeName}: node "${nodeName}" not found`);
    }
    const ready = getNodeCondition(health.status, "Ready");
    if (ready === undefined) return ReconcileResult.done();
    if (ready.status !== "True") {
      const errs = markPodsNotReady(this.client, this.recorder, [pod], nodeName, this.loop.now());
      if (errs.length > 0) throw errs[0]!;
    }
    return ReconcileResult.done();
  }
}

/** Creates the node lifecycle controller and starts it (its informers start with it). */
export function startNodeLifecycleController(
  options: NodeLifecycleControllerOptions,
): NodeLifecycleController {
  const c = new NodeLifecycleController(options);
  c.start();
  return c;
}
