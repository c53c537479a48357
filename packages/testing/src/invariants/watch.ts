/**
 * watchInvariants: the rollout invariants checked after every step of the
 * sim loop that wrote something (a trace entry), not only at the end: the
 * rolling-update bounds, one ReplicaSet per template hash, generations, no
 * ReplicaSet with more active pods than it asked for, resourceVersion order
 * over a watch, and no lost or duplicated watch events (WatchDeliveryMonitor,
 * through its own connection, resuming across dropped watches). A fault that
 * takes pods away by force (a pod deleted, a node stopped or cut off, a
 * container killed: the trace's fault entries) counts as a disruption for the
 * bounds (RolloutBounds.disrupted). Time runs through its `advance` and
 * `runUntil`, which use the loop's per-task predicate (Loop.runUntil checks it
 * after every task).
 *
 *   const w = watchInvariants(cluster, { deployment: "web" });
 *   cluster.apply(manifest);
 *   w.advance("2m");
 *   expect(w.violations).toEqual([]);
 */
import type { Cluster } from "kubesim";
import { parseDuration } from "kubesim";
import { getDeployment } from "./owned.js";
import { ResourceVersionMonitor } from "./resource-version.js";
import { WatchDeliveryMonitor } from "./watch-delivery.js";
import { ReplicaSetPodsBound } from "./replicaset-pods.js";
import { RolloutBounds } from "./rolling-update-bounds.js";
import { checkGenerations, checkOneReplicaSetPerHash } from "./structure.js";
import type { DeploymentRef, Violation } from "./violation.js";

export interface WatchInvariantsOptions {
  /** The Deployment to watch (default "web"). */
  readonly deployment?: string;
  readonly namespace?: string;
  /** Stop running time at the first violation (default true). */
  readonly stopAtFirst?: boolean;
  /** Check watch delivery with a WatchDeliveryMonitor (default true). */
  readonly watchDelivery?: boolean;
}

/** Faults (trace entries of type "fault") that take pods away by force. */
export const DISRUPTIVE_FAULTS: ReadonlySet<string> = new Set([
  "deletePod",
  "stopNode",
  "startNode",
  "partitionNode",
  "killContainer",
]);

/** Whether a trace entry is a fault that disrupts the rollout (DISRUPTIVE_FAULTS). */
export function isDisruption(e: { readonly type: string; readonly data: unknown }): boolean {
  return e.type === "fault" && DISRUPTIVE_FAULTS.has(String((e.data as { fault?: unknown }).fault));
}

export class InvariantWatch {
  readonly violations: Violation[] = [];
  readonly bounds: RolloutBounds;
  readonly replicaSetPods: ReplicaSetPodsBound;
  /** Checks made (loop steps that wrote something). */
  checks = 0;
  private dirty = true;
  private readonly unsubscribe: () => void;
  /** Only with watchDelivery: false (the delivery monitor checks the order too). */
  private readonly rv: ResourceVersionMonitor | undefined;
  /** The watch-delivery monitor (undefined with watchDelivery: false). */
  readonly delivery: WatchDeliveryMonitor | undefined;
  private readonly stopAtFirst: boolean;

  constructor(
    readonly cluster: Cluster,
    readonly ref: DeploymentRef,
    options: WatchInvariantsOptions = {},
  ) {
    this.bounds = new RolloutBounds(cluster, ref);
    const delivery = options.watchDelivery ?? true;
    this.delivery = delivery ? new WatchDeliveryMonitor(cluster) : undefined;
    this.rv = delivery ? undefined : new ResourceVersionMonitor(cluster);
    this.replicaSetPods = new ReplicaSetPodsBound(cluster, { namespace: ref.namespace });
    this.stopAtFirst = options.stopAtFirst ?? true;
    this.unsubscribe = cluster.trace.subscribe((e) => {
      this.dirty = true;
      if (isDisruption(e)) this.bounds.disrupted();
      if (e.type === "fault") this.bounds.fault(e.data, e.t);
    });
  }

  /** Checks now (when something was written since the last check); true once violated. */
  check(): boolean {
    if (this.rv !== undefined && this.rv.violations.length > 0)
      this.violations.push(...this.rv.violations.splice(0));
    if (this.delivery !== undefined) {
      this.delivery.check();
      if (this.delivery.violations.length > 0)
        this.violations.push(...this.delivery.violations.splice(0));
    }
    if (this.dirty) {
      this.dirty = false;
      this.checks++;
      this.violations.push(...this.replicaSetPods.check());
      const d = getDeployment(this.cluster, this.ref);
      if (d !== undefined) {
        this.violations.push(
          ...this.bounds.check(),
          ...checkOneReplicaSetPerHash(this.cluster, d),
          ...checkGenerations(this.cluster, d),
        );
      }
    }
    return this.stopAtFirst && this.violations.length > 0;
  }

  /** Lets `d` of virtual time pass, checking after every loop task; stops early at a violation. */
  advance(d: string | number): void {
    const ms = parseDuration(d);
    this.cluster.loop.runUntil(() => this.check(), { timeout: ms });
  }

  /** Runs until `predicate` holds or a violation (checked after every task); true if it held. */
  runUntil(predicate: () => boolean, timeout: string | number): boolean {
    let held = false;
    this.cluster.loop.runUntil(
      () => {
        if (this.check()) return true;
        held = predicate();
        return held;
      },
      { timeout: parseDuration(timeout) },
    );
    return held;
  }

  stop(): void {
    this.unsubscribe();
    this.rv?.stop();
    this.delivery?.stop();
  }
}

/** Watches a Deployment's rollout invariants as the cluster runs. */
export function watchInvariants(
  cluster: Cluster,
  options: WatchInvariantsOptions = {},
): InvariantWatch {
  return new InvariantWatch(
    cluster,
    { name: options.deployment ?? "web", namespace: options.namespace ?? "default" },
    options,
  );
}
