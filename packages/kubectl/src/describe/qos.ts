/**
 * A pod's QoS class, as describe's `QoS Class:` line shows it: the one in
 * status.qosClass, else computed from the containers' requests and limits.
 * Mirrors staging/src/k8s.io/kubectl/pkg/util/qos/qos.go (GetPodQOS,
 * ComputePodQOS).
 */
import { Quantity, tryParseQuantity } from "@kubesim/api";
import type { Pod } from "kubernetes-types/core/v1";

type List = Readonly<Record<string, string | number>> | undefined;

const SUPPORTED = new Set(["cpu", "memory"]);
const ZERO = Quantity.fromInt(0);

/** The positive cpu/memory quantities of a list. */
function positive(list: List): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (!SUPPORTED.has(name)) continue;
    const q = tryParseQuantity(String(raw));
    if (q !== undefined && q.cmp(ZERO) === 1) out.set(name, q);
  }
  return out;
}

function addInto(acc: Map<string, Quantity>, list: List): void {
  for (const [name, q] of positive(list)) acc.set(name, acc.get(name)?.add(q) ?? q);
}

/** ComputePodQOS: BestEffort, Guaranteed or Burstable. */
export function computePodQOS(pod: Pod): "BestEffort" | "Guaranteed" | "Burstable" {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const podLevel = (pod.spec as { resources?: { requests?: List; limits?: List } } | undefined)
    ?.resources;
  const hasBoth = (list: List) => {
    const p = positive(list);
    return p.has("cpu") && p.has("memory");
  };
  if (podLevel !== undefined) {
    addInto(requests, podLevel.requests);
    if (podLevel.limits !== undefined) {
      addInto(limits, podLevel.limits);
      if (!hasBoth(podLevel.limits)) guaranteed = false;
    }
  } else {
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      addInto(requests, c.resources?.requests);
      addInto(limits, c.resources?.limits);
      if (!hasBoth(c.resources?.limits)) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

/** GetPodQOS: status.qosClass when set. */
export function getPodQOS(pod: Pod): string {
  const s = pod.status?.qosClass;
  return s !== undefined && s !== "" ? s : computePodQOS(pod);
}
