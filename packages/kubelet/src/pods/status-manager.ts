/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go): writes
 * a pod's status to the API when it changed, keeping the conditions other
 * components own (PodScheduled's time, DisruptionTarget, ...), and deletes a
 * terminated pod with grace 0 and a UID precondition once its terminal status
 * is written.
 */
import { ApiError, semanticEqual, type ApiClient } from "@kubesim/api";
import type { Logger } from "@kubesim/runtime";
import type { Pod, PodStatus } from "kubernetes-types/core/v1";
import { podConditionByKubelet } from "../status/conditions.js";

export class StatusManager {
  private readonly written = new Map<string, PodStatus>();

  constructor(
    private readonly client: ApiClient,
    private readonly log: Logger,
  ) {}

  setStatus(pod: Pod, status: PodStatus): void {
    const uid = pod.metadata?.uid ?? "";
    if (semanticEqual(this.written.get(uid), status)) return;
    const ns = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    let fresh: Pod;
    try {
      fresh = this.client.get("Pod", ns, name);
    } catch (e) {
      if (e instanceof ApiError) return;
      throw e;
    }
    if (fresh.metadata?.uid !== uid) return;
    const others = (fresh.status?.conditions ?? []).filter((c) => !podConditionByKubelet(c.type));
    const mine = (status.conditions ?? []).filter((c) => podConditionByKubelet(c.type));
    const merged: PodStatus = {
      ...status,
      conditions: [...mine, ...others.filter((o) => !mine.some((m) => m.type === o.type))],
    };
    if (fresh.status?.nominatedNodeName !== undefined)
      merged.nominatedNodeName = fresh.status.nominatedNodeName;
    if (fresh.status?.qosClass !== undefined) merged.qosClass = fresh.status.qosClass;
    if (semanticEqual(fresh.status, merged)) {
      this.written.set(uid, status);
      return;
    }
    try {
      this.client.update("Pod", { ...fresh, status: merged }, { subresource: "status" });
      this.written.set(uid, status);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.log.debug({ pod: `${ns}/${name}`, err: e.message }, "status update failed");
    }
  }

  /** The pod is terminated on the node: remove it from the API (grace 0, UID precondition). */
  deleteTerminated(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    this.written.delete(uid);
    try {
      this.client.delete("Pod", pod.metadata?.namespace ?? "default", pod.metadata?.name ?? "", {
        gracePeriodSeconds: 0,
        preconditions: { uid },
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  forget(uid: string): void {
    this.written.delete(uid);
  }
}
