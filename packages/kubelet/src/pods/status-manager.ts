/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go). It
 * caches the status the kubelet generated for each pod, with a version that
 * grows on every change, and remembers which version the API server holds.
 *
 * - setStatus caches a status that differs from the cached one (as far as
 *   the kubelet owns it: isPodStatusByKubeletEqual) and syncs every pod whose
 *   cached version the API server does not hold yet (syncBatch(false)), so a
 *   write that failed is retried with the next status change of any pod.
 * - Every 10 s (syncPeriod) syncBatch(true) syncs every pod that needs an
 *   update (a version not written yet, or a terminated pod not yet deleted)
 *   and every pod whose status in the API server, as the kubelet's informer
 *   last saw it, differs from the cached one (needsReconcile): the kubelet is
 *   the source of truth for its pods' status, so after a partition it writes
 *   back what it failed to write and undoes the node controller's
 *   Ready=False (MarkPodsNotReady).
 * - A sync reads the pod, merges (the conditions and fields the kubelet does
 *   not own are kept as the API server has them: mergePodStatus) and writes
 *   when that changes anything; a terminated pod whose terminal phase the API
 *   server holds is then deleted with grace 0 and a UID precondition.
 */
import { ApiError, semanticEqual, type ApiClient } from "@kubesim/api";
import type { Logger } from "@kubesim/runtime";
import type { Loop, Millis, TaskHandle } from "@kubesim/sim";
import type { Pod, PodStatus } from "kubernetes-types/core/v1";
import { isPodStatusByKubeletEqual, mergePodStatus } from "../status/merge.js";

/** How often every cached status is checked against the API server (syncPeriod). */
export const STATUS_SYNC_PERIOD: Millis = 10_000;

interface VersionedPodStatus {
  /** Grows by one on every cached change. */
  readonly version: number;
  readonly namespace: string;
  readonly name: string;
  readonly status: PodStatus;
  /** The pod worker finished the pod: delete it from the API once its terminal status is there. */
  readonly finished: boolean;
}

export interface StatusManagerOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  readonly log: Logger;
  /** The pod as the kubelet last saw it from the API server (its pod manager), if it runs it. */
  readonly podOf: (uid: string) => Pod | undefined;
}

const terminal = (phase: string | undefined): boolean =>
  phase === "Succeeded" || phase === "Failed";

export class StatusManager {
  private readonly statuses = new Map<string, VersionedPodStatus>();
  /** The latest cached version the API server holds, by pod UID (apiStatusVersions). */
  private readonly apiStatusVersions = new Map<string, number>();
  /**
   * The pod's resourceVersion right after the last sync, or when its status
   * last matched the cached one: while the informer's copy still has it,
   * nobody else wrote the pod and there is nothing to reconcile.
   */
  private readonly checkedResourceVersions = new Map<string, string>();
  /** UIDs whose cached version the API server may not hold: syncBatch(false)'s candidates. */
  private readonly pending = new Set<string>();
  private ticker: TaskHandle | undefined;

  constructor(private readonly options: StatusManagerOptions) {}

  /** Starts the periodic sync (every STATUS_SYNC_PERIOD from now). */
  start(): void {
    if (this.ticker !== undefined) return;
    this.tick(this.options.loop.now() + STATUS_SYNC_PERIOD);
  }

  /** Stops syncing and forgets everything (the kubelet's memory is gone). */
  stop(): void {
    if (this.ticker !== undefined) this.options.loop.cancel(this.ticker);
    this.ticker = undefined;
    this.statuses.clear();
    this.apiStatusVersions.clear();
    this.checkedResourceVersions.clear();
    this.pending.clear();
  }

  private tick(at: Millis): void {
    this.ticker = this.options.loop.at(
      at,
      () => {
        this.syncBatch(true);
        this.tick(at + STATUS_SYNC_PERIOD);
      },
      "kubelet/status-manager/sync",
    );
  }

  /** SetPodStatus: cache the status when it changed, then sync what the API server lacks. */
  setStatus(pod: Pod, status: PodStatus): void {
    const uid = pod.metadata?.uid ?? "";
    const cached = this.statuses.get(uid);
    if (cached !== undefined && isPodStatusByKubeletEqual(cached.status, status)) return;
    this.statuses.set(uid, {
      version: (cached?.version ?? 0) + 1,
      namespace: pod.metadata?.namespace ?? "default",
      name: pod.metadata?.name ?? "",
      status,
      finished: cached?.finished ?? false,
    });
    this.pending.add(uid);
    this.syncBatch(false);
  }

  /** The pod is terminated on the node: remove it from the API (grace 0, UID precondition). */
  deleteTerminated(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    const cached = this.statuses.get(uid);
    this.statuses.set(uid, {
      version: cached?.version ?? 0,
      namespace: pod.metadata?.namespace ?? "default",
      name: pod.metadata?.name ?? "",
      status: cached?.status ?? pod.status ?? {},
      finished: true,
    });
    this.pending.add(uid);
    this.syncBatch(false);
  }

  /** The pod is gone from the API server (RemoveOrphanedStatuses). */
  forget(uid: string): void {
    this.statuses.delete(uid);
    this.apiStatusVersions.delete(uid);
    this.checkedResourceVersions.delete(uid);
    this.pending.delete(uid);
  }

  /**
   * syncBatch: with `all` false, the pods with a version the API server does
   * not hold (or a deletion to make); with `all` true, also every pod whose
   * API status differs from the cached one.
   */
  syncBatch(all: boolean): number {
    const updates: string[] = [];
    if (all) {
      for (const [uid, s] of this.statuses)
        if (this.needsUpdate(uid, s) || this.needsReconcile(uid, s)) updates.push(uid);
    } else {
      for (const uid of this.pending) {
        const s = this.statuses.get(uid);
        if (s === undefined || !this.needsUpdate(uid, s)) this.pending.delete(uid);
        else updates.push(uid);
      }
    }
    for (const uid of updates) {
      const s = this.statuses.get(uid);
      if (s !== undefined) this.syncPod(uid, s);
    }
    return updates.length;
  }

  /** A version the API server does not hold, or a finished pod still to delete. */
  private needsUpdate(uid: string, s: VersionedPodStatus): boolean {
    const latest = this.apiStatusVersions.get(uid);
    return latest === undefined || latest < s.version || s.finished;
  }

  /**
   * needsReconcile: the API server's status, as the kubelet's informer last
   * saw it, says something else than the cached one (someone else wrote it,
   * or a write was lost).
   */
  private needsReconcile(uid: string, s: VersionedPodStatus): boolean {
    const pod = this.options.podOf(uid);
    if (pod === undefined || pod.metadata?.uid !== uid) return false;
    const rv = pod.metadata?.resourceVersion;
    if (rv !== undefined && rv === this.checkedResourceVersions.get(uid)) return false;
    if (!isPodStatusByKubeletEqual(pod.status, mergePodStatus(pod.status, s.status))) return true;
    if (rv !== undefined) this.checkedResourceVersions.set(uid, rv);
    return false;
  }

  /** syncPod: read the pod, write the merged status when it differs, delete a finished pod. */
  private syncPod(uid: string, s: VersionedPodStatus): void {
    const { client, log } = this.options;
    const key = `${s.namespace}/${s.name}`;
    let pod: Pod;
    try {
      pod = client.get("Pod", s.namespace, s.name);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // Gone: its removal forgets the status. Otherwise (a partition) the next sync retries.
      if (e.status.reason === "NotFound" && s.finished) this.forget(uid);
      else log.debug({ pod: key, err: e.message }, "failed to get status for pod");
      return;
    }
    if (pod.metadata?.uid !== uid) {
      // Deleted and created again under the same name: this status is not the new pod's.
      this.forget(uid);
      return;
    }
    const merged = mergePodStatus(pod.status, s.status);
    if (!semanticEqual(pod.status, merged)) {
      try {
        pod = client.update("Pod", { ...pod, status: merged }, { subresource: "status" });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        log.debug({ pod: key, err: e.message }, "status update failed");
        return;
      }
    }
    this.apiStatusVersions.set(uid, s.version);
    const rv = pod.metadata?.resourceVersion;
    if (rv !== undefined) this.checkedResourceVersions.set(uid, rv);
    if (!this.canBeDeleted(pod, s)) {
      this.pending.delete(uid);
      return;
    }
    try {
      client.delete("Pod", s.namespace, s.name, {
        gracePeriodSeconds: 0,
        preconditions: { uid },
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status.reason !== "NotFound" && e.status.reason !== "Conflict") {
        log.debug({ pod: key, err: e.message }, "failed to delete pod");
        return;
      }
    }
    this.forget(uid);
  }

  /** canBeDeleted: the pod worker finished it and the API server holds its terminal phase. */
  private canBeDeleted(pod: Pod, s: VersionedPodStatus): boolean {
    return s.finished && pod.metadata?.deletionTimestamp != null && terminal(pod.status?.phase);
  }
}
