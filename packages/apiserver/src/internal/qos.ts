/**
 * A pod's QoS class, which the pod registry's PrepareForCreate stores in
 * status.qosClass. Mirrors pkg/apis/core/helper/qos/qos.go (ComputePodQOS)
 * for container-level resources:
 *
 * - no cpu/memory request or limit anywhere          -> BestEffort
 * - every container limits cpu and memory, and the summed requests equal the
 *   summed limits for each resource                    -> Guaranteed
 * - anything else                                      -> Burstable
 *
 *   { limits: { cpu: "1", memory: "1Gi" } } (requests defaulted to limits) -> Guaranteed
 *   { requests: { cpu: "100m" } }                                         -> Burstable
 */
import { tryParseQuantity, type Quantity } from "@kubesim/api";

type Resources = {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
};
type PodLike = {
  readonly spec?: {
    readonly containers?: readonly { readonly resources?: Resources }[];
    readonly initContainers?: readonly { readonly resources?: Resources }[];
  };
};

const qosResources = new Set(["cpu", "memory"]);

/** Adds the positive cpu/memory quantities of `list` into `sum`; returns the names found. */
function addPositive(
  sum: Map<string, Quantity>,
  list: Readonly<Record<string, string>> | undefined,
): Set<string> {
  const found = new Set<string>();
  for (const name of Object.keys(list ?? {})) {
    if (!qosResources.has(name)) continue;
    const q = tryParseQuantity(String(list![name]));
    if (q === undefined || q.sign() <= 0) continue;
    found.add(name);
    const prev = sum.get(name);
    sum.set(name, prev === undefined ? q : prev.add(q));
  }
  return found;
}

export function podQOSClass(pod: PodLike): "Guaranteed" | "Burstable" | "BestEffort" {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    addPositive(requests, c.resources?.requests);
    const found = addPositive(limits, c.resources?.limits);
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
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
