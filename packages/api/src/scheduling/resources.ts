/**
 * Mirrors kubernetes/kubernetes staging/src/k8s.io/component-helpers/resource/helpers.go
 * (`PodRequests`, `AggregateContainerRequests`, `NonMissingContainerRequests`),
 * pkg/scheduler/framework/types.go (`Resource`, `Resource.Add`,
 * `SetMaxResource`), pkg/scheduler/util (`DefaultMilliCPURequest`,
 * `DefaultMemoryRequest`, `IsScalarResourceName`) and
 * pkg/api/v1/resource (scalar resource names).
 *
 * A pod's request is the sum over its containers, then the max with what any
 * init container needs at its turn, then plus the pod overhead. Sidecars
 * (init containers with restartPolicy Always) keep running, so they add to
 * the sum and to every later init container. Worked example (upstream's
 * comment in fit.go):
 *
 *   init IC1 cpu 2 mem 1G, IC2 cpu 2 mem 3G; containers C1 cpu 2 mem 1G,
 *   C2 cpu 1 mem 1G  ->  cpu max(3, 2) = 3, mem max(2G, 3G) = 3G.
 *
 * Sums are exact (Quantity arithmetic) and converted once: cpu to millicores,
 * everything else to integer units (rounded up, as Quantity.Value()).
 * Results are memoised per pod object: pods are immutable values.
 */
import type { Node, Pod, ResourceRequirements } from "kubernetes-types/core/v1";
import { Quantity, tryParseQuantity } from "../quantity.js";

/** schedutil.DefaultMilliCPURequest: 0.1 core for a container that requests no cpu. */
export const DefaultMilliCPURequest = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB for a container that requests no memory. */
export const DefaultMemoryRequest = 200 * 1024 * 1024;
/** The kubelet's default maxPods, used when a node does not publish allocatable pods. */
export const DefaultMaxPods = 110;

/** framework.Resource: cpu in millicores, the rest in integer units. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended, hugepages-*, attachable-volumes-* and *kubernetes.io/* resources. */
  scalar: Map<string, number>;
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: new Map(r.scalar) };
}

/**
 * schedutil.IsScalarResourceName: extended resources ("example.com/gpu"),
 * prefixed native ones ("kubernetes.io/..."), hugepages-* and
 * attachable-volumes-*.
 */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) return true;
  if (name.includes("kubernetes.io/")) return true;
  return name.includes("/") && !name.startsWith("requests.");
}

type QuantityList = Map<string, Quantity>;

function toQuantityList(list: Readonly<Record<string, string>> | undefined): QuantityList {
  const out: QuantityList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = tryParseQuantity(String(v));
    if (q !== undefined) out.set(k, q);
  }
  return out;
}

function addList(into: QuantityList, add: QuantityList): void {
  for (const [k, v] of add) {
    const cur = into.get(k);
    into.set(k, cur === undefined ? v : cur.add(v));
  }
}

function maxList(into: QuantityList, other: QuantityList): void {
  for (const [k, v] of other) {
    const cur = into.get(k);
    if (cur === undefined || v.cmp(cur) > 0) into.set(k, v);
  }
}

const defaultsForMissing: QuantityList = new Map([
  ["cpu", Quantity.fromMilli(DefaultMilliCPURequest)],
  ["memory", Quantity.fromInt(DefaultMemoryRequest)],
]);

/** applyNonMissing: a container without a cpu (memory) request counts the default. */
function containerRequests(r: ResourceRequirements | undefined, nonZero: boolean): QuantityList {
  const list = toQuantityList(r?.requests);
  if (nonZero) for (const [k, v] of defaultsForMissing) if (!list.has(k)) list.set(k, v);
  return list;
}

/** resourcehelper.PodRequests(pod, {NonMissingContainerRequests: nonZero ? defaults : none}). */
function podRequestList(pod: Pod, nonZero: boolean): QuantityList {
  const reqs: QuantityList = new Map();
  for (const c of pod.spec?.containers ?? [])
    addList(reqs, containerRequests(c.resources, nonZero));
  const restartable: QuantityList = new Map();
  const initMax: QuantityList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = containerRequests(c.resources, nonZero);
    let atItsTurn: QuantityList;
    if (c.restartPolicy === "Always") {
      addList(reqs, own);
      addList(restartable, own);
      atItsTurn = new Map(restartable);
    } else {
      atItsTurn = new Map(own);
      addList(atItsTurn, restartable);
    }
    maxList(initMax, atItsTurn);
  }
  maxList(reqs, initMax);
  addList(reqs, toQuantityList(pod.spec?.overhead));
  return reqs;
}

/** framework.Resource from a resource list (Resource.Add). */
function resourceOf(list: QuantityList): Resource {
  const r = emptyResource();
  for (const [name, q] of list) {
    switch (name) {
      case "cpu":
        r.milliCPU += Number(q.milliValue());
        break;
      case "memory":
        r.memory += Number(q.value());
        break;
      case "ephemeral-storage":
        r.ephemeralStorage += Number(q.value());
        break;
      case "pods":
        r.allowedPodNumber += Number(q.value());
        break;
      default:
        if (isScalarResourceName(name))
          r.scalar.set(name, (r.scalar.get(name) ?? 0) + Number(q.value()));
    }
  }
  return r;
}

/** What the scheduler reads from one pod's requests. */
export interface PodRequests {
  /** PodRequests(pod) as framework.Resource: what NodeResourcesFit checks and NodeInfo.Requested sums. */
  readonly requests: Resource;
  /** cpu and memory with the 100m / 200Mi defaults for containers that request none (NonZeroRequested). */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
}

const memo = new WeakMap<object, PodRequests>();

/**
 * The requests of a pod, memoised per pod spec: they read only the spec
 * (containers, initContainers, overhead), and a pod's status updates keep its
 * frozen spec object, so each pod is parsed once, not once per version.
 */
export function podRequests(pod: Pod): PodRequests {
  const key: object = pod.spec ?? pod;
  let r = memo.get(key);
  if (r === undefined) {
    const nonZero = resourceOf(podRequestList(pod, true));
    r = {
      requests: resourceOf(podRequestList(pod, false)),
      nonZeroMilliCPU: nonZero.milliCPU,
      nonZeroMemory: nonZero.memory,
    };
    memo.set(key, r);
  }
  return r;
}

/**
 * framework.NewResource(node.status.allocatable). kubesim deviation: a node
 * that publishes no `pods` allocatable gets the kubelet default of 110.
 */
export function nodeAllocatable(node: Node): Resource {
  const list = toQuantityList(node.status?.allocatable);
  const r = resourceOf(list);
  if (!list.has("pods")) r.allowedPodNumber = DefaultMaxPods;
  return r;
}
