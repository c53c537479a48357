/**
 * The `endpoints.kubernetes.io/last-change-trigger-time` annotation. Mirrors
 * kubernetes/kubernetes
 * staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go.
 *
 * Per service it remembers the trigger times seen at the last sync: each
 * pod's Ready condition lastTransitionTime and the service's
 * creationTimestamp. A sync returns the earliest of the times that moved
 * since then; the first sync of a service returns its creationTimestamp;
 * undefined means "no new trigger": the annotation is removed.
 */
import type { Pod, Service } from "kubernetes-types/core/v1";
import { parseTime, type Millis } from "@kubesim/sim";

/** v1.EndpointsLastChangeTriggerTime. */
export const EndpointsLastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";

interface ServiceState {
  lastServiceTriggerTime: Millis | undefined;
  lastPodTriggerTimes: Map<string, Millis>;
}

/** getPodTriggerTime: the Ready condition's lastTransitionTime. */
export function getPodTriggerTime(pod: Pod): Millis | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  return parseTime(ready?.lastTransitionTime);
}

const min = (cur: Millis | undefined, v: Millis): Millis =>
  cur === undefined || v < cur ? v : cur;

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** ComputeEndpointLastChangeTriggerTime (updates the remembered state). */
  compute(namespace: string, service: Service, pods: readonly Pod[]): Millis | undefined {
    const key = `${namespace}/${service.metadata?.name ?? ""}`;
    const prev = this.states.get(key);
    let minChanged: Millis | undefined;
    const podTimes = new Map<string, Millis>();
    for (const pod of pods) {
      const t = getPodTriggerTime(pod);
      if (t === undefined) continue;
      const name = pod.metadata?.name ?? "";
      podTimes.set(name, t);
      const last = prev?.lastPodTriggerTimes.get(name);
      if (last === undefined || t > last) minChanged = min(minChanged, t);
    }
    const svcTime = parseTime(service.metadata?.creationTimestamp);
    if (svcTime !== undefined) {
      const last = prev?.lastServiceTriggerTime;
      if (last === undefined || svcTime > last) minChanged = min(minChanged, svcTime);
    }
    this.states.set(key, { lastServiceTriggerTime: svcTime, lastPodTriggerTimes: podTimes });
    if (prev === undefined) return svcTime;
    return minChanged;
  }

  /** DeleteService. */
  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}

/** time.RFC3339Nano of a trigger time (Go drops trailing zeros of the fraction). */
export function formatTriggerTime(t: Millis): string {
  const iso = new Date(t).toISOString(); // 2024-01-01T00:00:00.120Z
  const [secs, frac = "000Z"] = iso.split(".");
  const digits = frac.slice(0, -1).replace(/0+$/, "");
  return digits === "" ? `${secs}Z` : `${secs}.${digits}Z`;
}
