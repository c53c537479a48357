/**
 * The ReplicaSet controller: the acting part of kubernetes/kubernetes
 * pkg/controller/replicaset/replica_set.go (`NewBaseController`,
 * `syncReplicaSet`, `claimPods`, `manageReplicas`, `getIndirectlyRelatedPods`)
 * and replica_set_utils.go (`updateReplicaSetStatus`), with
 * pkg/controller/controller_ref_manager.go (`ClaimPods`, `AdoptPod`,
 * `ReleasePod`, `RecheckDeletionTimestamp`) and controller_utils.go
 * (`FilterPodsByOwner`, `AddPodControllerUIDIndexer`).
 *
 * The deciding is done by the pure planners of this folder (claim.ts,
 * manage.ts, ranking.ts, slow-start.ts, status.ts); this module reads the
 * informer caches, writes their plans through the client, records Events and
 * keeps the expectations. One sync, as upstream (workloads.md §11.2):
 *
 *   rs from cache (gone -> forget its expectations)
 *   needsSync = expectations satisfied
 *   pods = its own pods and the orphans of its namespace, active only
 *   pods = claimPods(rs, pods)           adopt / release by strategic merge patch
 *   if needsSync and rs not being deleted: manageReplicas(pods, rs)
 *   status = calculateStatus(...)         written only when it changed (one retry)
 *   minReadySeconds > 0, all ready, not all available -> look again after minReadySeconds
 *
 * kubesim reads the claim from pod summaries that the pod cache keeps up to
 * date (pod-summary.ts, summary-sync.ts) instead of listing the pods: the
 * same counts, the same victims, in time that does not grow with the
 * ReplicaSet's size. It lists the pods as above only when the claim would
 * adopt or release a pod, or when ranking victims needs upstream's full sort
 * (pods of one rank that differ in ready time, restarts or age). Example: a
 * rolling update of 100,000 replicas syncs each ReplicaSet about once per pod
 * event; listing and sorting 100,000 pods each time would be O(pods²).
 *
 * Guarantees:
 * - never more than `burstReplicas` (500) creations or deletions per sync, and
 *   no second round while the cache has not shown the first (expectations);
 * - creates in slow-start batches 1, 2, 4, ...; a refused create stops the
 *   batches, lowers the expectations for every pod not created, and becomes
 *   the ReplicaFailure condition;
 * - never creates a pod it does not own: every pod carries the controllerRef
 *   (controller and blockOwnerDeletion true);
 * - a failed sync throws, so the key is retried with the rate limiter
 *   (no maximum number of retries, as upstream).
 */
import type { ReplicaSet, ReplicaSetStatus } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { isInvalid, isNotFound, type ApiClient, type Selector } from "@kubesim/api";
import {
  CONTROLLER_UID_INDEX,
  NAMESPACE_INDEX,
  ReconcileResult,
  controllerUidIndexFunc,
  defineController,
  metaNamespaceKey,
  silentLogger,
  splitKey,
  type Controller,
  type EventRecorder,
  type IndexAggregate,
  type Lister,
  type Logger,
  type SharedInformerFactory,
} from "@kubesim/runtime";
import type { Loop } from "@kubesim/sim";
import { filterActivePods, podKey } from "./active.js";
import { adoptPodPatch, claimPods, getControllerOf, releasePodPatch } from "./claim.js";
import {
  ReplicaSetKind,
  podEventHandler,
  replicaSetEventHandler,
  replicaSetSelector,
} from "./controller-handlers.js";
import { PodControl, isNamespaceTerminating } from "./controller-pod-control.js";
import { ControllerExpectations } from "./expectations.js";
import {
  getIndirectlyRelatedPods,
  getReplicaSetsWithSameController,
  planManageReplicas,
  specReplicas,
  type ManageReplicasPlan,
} from "./manage.js";
import {
  namespacePodsAggregator,
  ownedPodsAggregator,
  type NamespacePodsSummary,
  type OwnedPodsSummary,
} from "./pod-summary.js";
import {
  BurstReplicas,
  SlowStartInitialBatchSize,
  slowStartBatch,
  slowStartBatchSizes,
} from "./slow-start.js";
import {
  calculateStatus,
  calculateStatusFromCounts,
  minReadySecondsRequeue,
  replicaSetStatusNeedsUpdate,
  statusToWrite,
} from "./status.js";
import { relatedPodsPerNode, selectVictims, summarizeClaim } from "./summary-sync.js";

/** controller.PodControllerUIDIndex: pods by their controller's UID, orphans under one key. */
export const PodControllerUIDIndex = "podControllerUID";
/** controller.OrphanPodIndexKey: the index value of pods without a controller. */
export const OrphanPodIndexKey = "_ORPHAN_POD";

const ORPHAN_VALUES: readonly string[] = Object.freeze([OrphanPodIndexKey]);
/** The function's answer per frozen ownerReferences list (shared by a pod's versions and, often, by a ReplicaSet's pods). */
const podControllerUidValues = new WeakMap<object, readonly string[]>();

/** The index function AddPodControllerUIDIndexer installs (values are shared, read-only arrays). */
export function podControllerUidIndexFunc(pod: Pod): readonly string[] {
  const refs = pod.metadata?.ownerReferences;
  const frozen = refs !== undefined && Object.isFrozen(refs);
  if (frozen) {
    const known = podControllerUidValues.get(refs);
    if (known !== undefined) return known;
  }
  const ref = getControllerOf(pod);
  const values = ref === undefined ? ORPHAN_VALUES : Object.freeze([ref.uid]);
  if (frozen) podControllerUidValues.set(refs, values);
  return values;
}

/** statusUpdateRetries: one more try after a failed status write. */
export const StatusUpdateRetries = 1;

/** kube-controller-manager's default --concurrent-replicaset-syncs. */
export const ConcurrentReplicaSetSyncs = 5;

/**
 * controller.FilterPodsByOwner(podIndexer, rs, "ReplicaSet", true): the pods
 * whose controller is `rs`, then the orphans of its namespace.
 */
export function filterPodsByOwner(podLister: Lister<Pod>, rs: ReplicaSet): Pod[] {
  const namespace = rs.metadata?.namespace ?? "";
  const uid = rs.metadata?.uid ?? "";
  const out: Pod[] = [];
  for (const key of [uid, OrphanPodIndexKey]) {
    for (const pod of podLister.byIndex(PodControllerUIDIndex, key)) {
      if ((pod.metadata?.namespace ?? "") !== namespace || namespace === "") continue;
      const ref = getControllerOf(pod);
      if (ref !== undefined && (ref.kind !== ReplicaSetKind || ref.uid !== uid)) continue;
      out.push(pod);
    }
  }
  return out;
}

/** Go's utilerrors.NewAggregate(errs).Error(): one message, or "[a, b]". */
function aggregate(errors: readonly Error[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new Error(`[${errors.map((e) => e.message).join(", ")}]`);
}

export interface ReplicaSetControllerOptions {
  readonly client: ApiClient;
  readonly informers: SharedInformerFactory;
  readonly loop: Loop;
  /** A recorder for component "replicaset-controller". */
  readonly recorder: EventRecorder;
  readonly logger?: Logger;
  /** Concurrent syncs (default 5, kube-controller-manager's default). */
  readonly workers?: number;
  /** Creations or deletions per sync (default 500, upstream's BurstReplicas). */
  readonly burstReplicas?: number;
  /**
   * The expectations this controller keeps (default: a fresh ControllerExpectations). A test seam
   * for deliberately broken variants, such as one whose `satisfiedExpectations` always says yes.
   */
  readonly expectations?: ControllerExpectations;
}

export class ReplicaSetController {
  /** Outstanding creations and deletions per ReplicaSet key. */
  readonly expectations: ControllerExpectations;
  readonly rsLister: Lister<ReplicaSet>;
  readonly podLister: Lister<Pod>;
  readonly controller: Controller;
  private readonly client: ApiClient;
  private readonly loop: Loop;
  private readonly podControl: PodControl;
  private readonly burstReplicas: number;
  /** Active pods per controller UID, summarised by the pod cache (pod-summary.ts). */
  private readonly ownedPods: IndexAggregate<OwnedPodsSummary>;
  /** Active pods per namespace, by label set and node (pod-summary.ts). */
  private readonly namespacePods: IndexAggregate<NamespacePodsSummary>;

  constructor(options: ReplicaSetControllerOptions) {
    this.client = options.client;
    this.loop = options.loop;
    this.burstReplicas = options.burstReplicas ?? BurstReplicas;
    this.expectations = options.expectations ?? new ControllerExpectations();
    this.podControl = new PodControl(options.client, options.recorder);
    this.rsLister = options.informers.informerFor("ReplicaSet", {
      indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
    }).lister;
    const podInformer = options.informers.informerFor("Pod", {
      indexers: { [PodControllerUIDIndex]: podControllerUidIndexFunc },
    });
    this.podLister = podInformer.lister;
    this.ownedPods = podInformer.addAggregator(PodControllerUIDIndex, ownedPodsAggregator);
    this.namespacePods = podInformer.addAggregator(NAMESPACE_INDEX, namespacePodsAggregator);
    this.controller = defineController({
      name: "replicaset",
      loop: options.loop,
      informers: options.informers,
      workers: options.workers ?? ConcurrentReplicaSetSyncs,
      logger: options.logger ?? silentLogger(),
      reconciler: { reconcile: (key, ctx) => this.syncReplicaSet(key, ctx.logger) },
      watches: [
        { kind: "ReplicaSet", handler: (queue) => replicaSetEventHandler(this, queue) },
        { kind: "Pod", handler: (queue) => podEventHandler(this, queue) },
      ],
    });
  }

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
   * syncReplicaSet(key). Throws the sync's error (the key is then retried
   * with the rate limiter); may ask to look again after minReadySeconds.
   */
  syncReplicaSet(key: string, logger: Logger = silentLogger()): ReconcileResult {
    const rs = this.rsLister.get(key);
    if (rs === undefined) {
      logger.debug({ key }, "ReplicaSet has been deleted");
      this.expectations.deleteExpectations(key);
      return ReconcileResult.done();
    }
    const now = this.loop.now();
    const rsNeedsSync = this.expectations.satisfiedExpectations(key, now);
    const selector = replicaSetSelector(rs);
    if (selector === undefined) {
      // Upstream reports it and gives up on this key until the ReplicaSet changes.
      logger.error({ key }, "error converting pod selector to selector for rs");
      return ReconcileResult.done();
    }

    // The pod summaries give the same answer as the pods without reading
    // them all, unless the claim has pods to adopt or release.
    const summary = summarizeClaim(
      rs,
      selector,
      this.ownedPods.get(rs.metadata?.uid ?? ""),
      this.ownedPods.get(OrphanPodIndexKey),
      now,
    );
    let manageError: Error | undefined;
    let newStatus: ReplicaSetStatus;
    if (summary.type === "counts") {
      if (rsNeedsSync && rs.metadata?.deletionTimestamp == null) {
        const diff = summary.counts.replicas - specReplicas(rs);
        manageError =
          diff === 0
            ? undefined
            : this.applyManagePlan(
                diff < 0
                  ? this.createPlan(diff)
                  : this.deletePlanFromSummary(rs, selector, summary, diff, now),
                rs,
                key,
                logger,
              );
      }
      newStatus = calculateStatusFromCounts(rs, summary.counts, manageError?.message, now);
    } else {
      // Its own pods and the orphans of the namespace; inactive ones do not count.
      const filteredPods = filterActivePods(filterPodsByOwner(this.podLister, rs));
      const claimed = this.claimPods(rs, selector, filteredPods);
      if (rsNeedsSync && rs.metadata?.deletionTimestamp == null) {
        manageError = this.manageReplicas(claimed, rs, key, logger);
      }
      newStatus = calculateStatus(rs, claimed, manageError?.message, this.loop.now());
    }
    // Always update the status as pods come up or die.
    const updated = this.updateReplicaSetStatus(rs, newStatus);
    if (manageError !== undefined) throw manageError;
    // A last line of defence against missed updates: look again once the
    // ready pods should have become available.
    const after = minReadySecondsRequeue(updated, updated.status ?? newStatus, undefined);
    return after === undefined ? ReconcileResult.done() : ReconcileResult.requeueAfter(after);
  }

  /**
   * claimPods: adopt matching orphans, release owned pods that stopped
   * matching (ClaimPods, in pod order), and return the pods the ReplicaSet
   * owns. Before the first adoption the ReplicaSet is read live, so that a
   * ReplicaSet deleted meanwhile adopts nothing (RecheckDeletionTimestamp).
   * Errors are collected and thrown together after every pod was handled.
   */
  private claimPods(rs: ReplicaSet, selector: Selector, pods: readonly Pod[]): Pod[] {
    const plan = claimPods(rs, selector, pods);
    if (plan.adopt.length === 0 && plan.release.length === 0) return [...plan.claimed];
    const adopt = new Set(plan.adopt);
    const release = new Set(plan.release);
    const claimedSet = new Set(plan.claimed);
    const errors: Error[] = [];
    const claimed: Pod[] = [];
    let canAdopt: Error | null | undefined; // sync.Once: undefined until checked
    for (const pod of pods) {
      const ns = pod.metadata?.namespace ?? "";
      const name = pod.metadata?.name ?? "";
      if (adopt.has(pod)) {
        canAdopt ??= this.recheckDeletionTimestamp(rs);
        if (canAdopt !== null) {
          errors.push(
            new Error(
              `can't adopt Pod ${ns}/${name} (${pod.metadata?.uid ?? ""}): ${canAdopt.message}`,
            ),
          );
          continue;
        }
        try {
          this.podControl.patchPod(ns, name, adoptPodPatch(rs, pod));
          claimed.push(pod);
        } catch (err) {
          // A pod that is gone is simply not ours; anything else is retried.
          if (!isNotFound(err)) errors.push(err as Error);
        }
      } else if (release.has(pod)) {
        try {
          this.podControl.patchPod(ns, name, releasePodPatch(rs, pod));
        } catch (err) {
          // NotFound: gone. Invalid: no ownerReference left, or the pod was
          // replaced (its uid in the patch no longer matches). Both are fine.
          if (!isNotFound(err) && !isInvalid(err)) errors.push(err as Error);
        }
      } else if (claimedSet.has(pod)) {
        claimed.push(pod);
      }
    }
    const err = aggregate(errors);
    if (err !== undefined) throw err;
    return claimed;
  }

  /** The canAdopt check: null when the live ReplicaSet is the same one and not being deleted. */
  private recheckDeletionTimestamp(rs: ReplicaSet): Error | null {
    const ns = rs.metadata?.namespace ?? "";
    const name = rs.metadata?.name ?? "";
    let fresh: ReplicaSet;
    try {
      fresh = this.client.get("ReplicaSet", ns, name);
    } catch (err) {
      return err as Error;
    }
    if (fresh.metadata?.uid !== rs.metadata?.uid) {
      return new Error(
        `original ReplicaSet ${ns}/${name} is gone: got uid ${fresh.metadata?.uid ?? ""}, wanted ${rs.metadata?.uid ?? ""}`,
      );
    }
    if (fresh.metadata?.deletionTimestamp != null) {
      return new Error(
        `${ns}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
      );
    }
    return null;
  }

  /**
   * manageReplicas: create or delete pods towards spec.replicas, at most
   * `burstReplicas` per sync. Returns the error for the status condition and
   * the retry, or undefined.
   */
  private manageReplicas(
    activePods: readonly Pod[],
    rs: ReplicaSet,
    key: string,
    logger: Logger,
  ): Error | undefined {
    const now = this.loop.now();
    const overshoot = activePods.length > specReplicas(rs);
    const plan = planManageReplicas({
      rs,
      filteredPods: activePods,
      relatedPods: overshoot ? this.getIndirectlyRelatedPods(rs) : [],
      now,
      burstReplicas: this.burstReplicas,
    });
    return this.applyManagePlan(plan, rs, key, logger);
  }

  /** planManageReplicas' create plan for a (negative) diff. */
  private createPlan(diff: number): ManageReplicasPlan {
    const count = Math.min(-diff, this.burstReplicas);
    return {
      type: "create",
      diff,
      count,
      batches: slowStartBatchSizes(count, SlowStartInitialBatchSize),
    };
  }

  /**
   * planManageReplicas' delete plan for a (positive) diff, with the victims
   * chosen from the pod summaries when they can tell (summary-sync.ts), else
   * by ranking the claimed pods as upstream does.
   */
  private deletePlanFromSummary(
    rs: ReplicaSet,
    selector: Selector,
    summary: Extract<ReturnType<typeof summarizeClaim>, { type: "counts" }>,
    diff: number,
    now: number,
  ): ManageReplicasPlan {
    const count = Math.min(diff, this.burstReplicas);
    const total = summary.counts.replicas;
    const related =
      count >= total
        ? new Map<string, number>()
        : relatedPodsPerNode(
            rs,
            this.sameControllerReplicaSets(rs),
            replicaSetSelector,
            this.namespacePods.get(rs.metadata?.namespace ?? ""),
          );
    const keys = selectVictims(summary.groups, total, count, related);
    if (keys === undefined) {
      // Nothing to adopt or release (the summary said so): the claim is the owned matching pods.
      const claimed = claimPods(
        rs,
        selector,
        filterActivePods(filterPodsByOwner(this.podLister, rs)),
      ).claimed;
      return planManageReplicas({
        rs,
        filteredPods: claimed,
        relatedPods: this.getIndirectlyRelatedPods(rs),
        now,
        burstReplicas: this.burstReplicas,
      });
    }
    const victims = keys.map((k) => this.podLister.get(k)!);
    return { type: "delete", diff, victims, podKeys: victims.map(podKey) };
  }

  /** Carries out a manageReplicas plan; returns the error for the status condition and the retry. */
  private applyManagePlan(
    plan: ManageReplicasPlan,
    rs: ReplicaSet,
    key: string,
    logger: Logger,
  ): Error | undefined {
    const now = this.loop.now();
    switch (plan.type) {
      case "none":
        return undefined;
      case "create": {
        // Expect the creations before making them: their watch events may
        // arrive before this sync ends.
        this.expectations.expectCreations(key, plan.count, now);
        logger.info(
          { need: specReplicas(rs), creating: plan.count },
          "Too few replicas for ReplicaSet",
        );
        const template = this.podControl.podTemplate(rs);
        const result = slowStartBatch(plan.count, SlowStartInitialBatchSize, () => {
          const err = this.podControl.createPod(rs, template);
          // Creations into a terminating namespace fail anyway: not an error.
          return err !== undefined && isNamespaceTerminating(err) ? undefined : err;
        });
        // Pods never created will never be observed: lower the expectations for them.
        for (let i = result.successes; i < plan.count; i++) this.expectations.creationObserved(key);
        return result.error;
      }
      case "delete": {
        // Deletions are expected by pod key, so a pod seen deleted twice
        // (deletionTimestamp, then gone) counts once.
        this.expectations.expectDeletions(key, plan.podKeys, now);
        logger.info(
          { need: specReplicas(rs), deleting: plan.victims.length },
          "Too many replicas for ReplicaSet",
        );
        let first: Error | undefined;
        for (const pod of plan.victims) {
          const err = this.podControl.deletePod(
            rs,
            pod.metadata?.namespace ?? "",
            pod.metadata?.name ?? "",
          );
          if (err === undefined) continue;
          // The delete failed or the pod was gone: no event will lower the count.
          this.expectations.deletionObserved(key, podKey(pod));
          if (!isNotFound(err)) first ??= err;
        }
        return first;
      }
    }
  }

  /** getReplicaSetsWithSameController over the cache (empty without a controller). */
  private sameControllerReplicaSets(rs: ReplicaSet): ReplicaSet[] {
    const ref = getControllerOf(rs);
    if (ref === undefined) return [];
    return getReplicaSetsWithSameController(
      rs,
      this.rsLister.byIndex(CONTROLLER_UID_INDEX, ref.uid),
    );
  }

  /** getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller. */
  private getIndirectlyRelatedPods(rs: ReplicaSet): Pod[] {
    const ref = getControllerOf(rs);
    if (ref === undefined) return [];
    const siblings = this.sameControllerReplicaSets(rs);
    const pods = this.podLister.list({ namespace: rs.metadata?.namespace ?? "" });
    return getIndirectlyRelatedPods(rs, siblings, pods, replicaSetSelector);
  }

  /**
   * updateReplicaSetStatus: writes the status only when it changed, with
   * observedGeneration = generation; on failure reads the ReplicaSet again and
   * retries once with the same status. Returns the ReplicaSet as written (or
   * as cached, when nothing changed); throws the last error.
   */
  private updateReplicaSetStatus(rs: ReplicaSet, newStatus: ReplicaSetStatus): ReplicaSet {
    if (!replicaSetStatusNeedsUpdate(rs, newStatus)) return rs;
    const status = statusToWrite(rs, newStatus);
    let current = rs;
    for (let i = 0; ; i++) {
      try {
        return this.client.update("ReplicaSet", { ...current, status }, { subresource: "status" });
      } catch (err) {
        if (i >= StatusUpdateRetries) throw err;
        // If this read fails the status count cannot be trusted: its error is the one to report.
        const { namespace, name } = splitKey(metaNamespaceKey(rs));
        current = this.client.get("ReplicaSet", namespace, name);
      }
    }
  }
}

/** Creates the ReplicaSet controller and starts it (its informers start with it). */
export function startReplicaSetController(
  options: ReplicaSetControllerOptions,
): ReplicaSetController {
  const c = new ReplicaSetController(options);
  c.start();
  return c;
}
