/**
 * A pod's total requests and limits, as `describe node` sums them: app
 * containers added, init containers taken at their maximum (restartable
 * sidecars added to both), pod overhead added.
 * Mirrors staging/src/k8s.io/kubectl/pkg/util/resource/resource.go
 * (PodRequestsAndLimits, podRequests, podLimits, addResourceList,
 * maxResourceList). In-place resize (container status resources) is not
 * modelled by kubesim, so the spec's requests are used.
 */
import { Quantity, tryParseQuantity } from "@kubesim/api";
import type { Pod } from "kubernetes-types/core/v1";

export type ResourceTotals = Map<string, Quantity>;

type List = Readonly<Record<string, string | number>> | undefined;

function parsed(list: List): [string, Quantity][] {
  const out: [string, Quantity][] = [];
  for (const [name, raw] of Object.entries(list ?? {})) {
    const q = tryParseQuantity(String(raw));
    if (q !== undefined) out.push([name, q]);
  }
  return out;
}

function add(acc: ResourceTotals, list: Iterable<[string, Quantity]>): void {
  for (const [name, q] of list) acc.set(name, acc.get(name)?.add(q) ?? q);
}

function max(acc: ResourceTotals, list: Iterable<[string, Quantity]>): void {
  for (const [name, q] of list) {
    const cur = acc.get(name);
    if (cur === undefined || q.cmp(cur) > 0) acc.set(name, q);
  }
}

function total(pod: Pod, which: "requests" | "limits"): ResourceTotals {
  const sum: ResourceTotals = new Map();
  for (const c of pod.spec?.containers ?? []) add(sum, parsed(c.resources?.[which]));
  const sidecars: ResourceTotals = new Map();
  const inits: ResourceTotals = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = parsed(c.resources?.[which]);
    if (c.restartPolicy === "Always") {
      add(sum, own);
      add(sidecars, own);
      max(inits, sidecars);
    } else {
      const tmp: ResourceTotals = new Map();
      add(tmp, own);
      add(tmp, sidecars);
      max(inits, tmp);
    }
  }
  max(sum, inits);
  const overhead = parsed(pod.spec?.overhead);
  if (which === "requests") add(sum, overhead);
  else
    for (const [name, q] of overhead) {
      const cur = sum.get(name);
      if (cur !== undefined && !cur.isZero()) sum.set(name, cur.add(q));
    }
  return sum;
}

/** PodRequestsAndLimits. */
export function podRequestsAndLimits(pod: Pod): {
  requests: ResourceTotals;
  limits: ResourceTotals;
} {
  return { requests: total(pod, "requests"), limits: total(pod, "limits") };
}

/** A quantity from a totals map, zero when missing. */
export function totalOf(t: ResourceTotals, name: string): Quantity {
  return t.get(name) ?? Quantity.fromInt(0);
}
