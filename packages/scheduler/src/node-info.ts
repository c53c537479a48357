/**
 * Mirrors kubernetes/kubernetes pkg/scheduler/framework/types.go (`NodeInfo`:
 * `AddPod`, `RemovePod`, `Requested`, `NonZeroRequested`, `UsedPorts`,
 * `Allocatable`) and the pod informer of pkg/scheduler/scheduler.go, which
 * lists only non-terminal pods (`status.phase!=Succeeded,status.phase!=Failed`).
 *
 * Guarantees:
 * - `requested` is the sum of PodRequests of the node's pods;
 *   `nonZeroRequested` the same with 100m cpu / 200Mi memory for containers
 *   that request none; `usedPorts` their host ports.
 * - Pods being deleted still count (they hold their resources until they are
 *   gone), pods in a terminal phase never do (`buildNodeInfos`).
 * - Adding then removing a pod restores every total exactly.
 * - `ownedCount(uid)` counts the node's non-terminating pods whose
 *   controllerRef has that UID, in O(1), for spreading.
 */
import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import { HostPortInfo, getHostPorts } from "./ports.js";
import type { Resource } from "./resources.js";
import { cloneResource, emptyResource, nodeAllocatable, podRequests } from "./resources.js";
import { effectiveTaints } from "./taints.js";

/** How node state is read. */
export interface NodeInfoOptions {
  /**
   * Treat Ready=False/Unknown, pressure conditions and spec.unschedulable as
   * the NoSchedule taints the node lifecycle controller would add (default
   * true). Turn off when a node lifecycle controller maintains those taints.
   */
  readonly conditionTaints?: boolean;
}

const podId = (p: Pod): string =>
  p.metadata?.uid || `${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`;
const controllerUID = (p: Pod): string | undefined =>
  p.metadata?.ownerReferences?.find((r) => r.controller === true)?.uid;
const terminating = (p: Pod): boolean =>
  p.metadata?.deletionTimestamp !== undefined && p.metadata.deletionTimestamp !== null;

/** A node and what is scheduled on it. */
export class NodeInfo {
  readonly node: Node;
  readonly name: string;
  readonly allocatable: Resource;
  /** The taints the filters see (the node's, plus condition taints unless disabled). */
  readonly taints: readonly Taint[];
  readonly requested: Resource;
  readonly nonZeroRequested: { milliCPU: number; memory: number };
  readonly usedPorts: HostPortInfo;
  readonly #pods: Pod[];
  /** Position of each pod (by podId) in #pods. */
  readonly #slot: Map<string, number>;
  readonly #owned: Map<string, number>;
  /**
   * The last owner `ownedCount` was asked about, and its count (kept in step
   * by #apply): the pods of one ReplicaSet are scheduled one after another,
   * and each asks every node about the same owner.
   */
  #lastOwner: string | undefined = undefined;
  #lastOwned = 0;

  /**
   * `base`: copy its pods and totals instead of starting empty (clone and
   * withNode); its allocatable and taints are reused when the node object is
   * the same.
   */
  constructor(node: Node, options: NodeInfoOptions = {}, base?: NodeInfo) {
    this.node = node;
    this.name = node.metadata?.name ?? "";
    if (base !== undefined) {
      const same = base.node === node;
      this.allocatable = same ? base.allocatable : nodeAllocatable(node);
      this.taints = same ? base.taints : effectiveTaints(node, options.conditionTaints ?? true);
      this.requested = cloneResource(base.requested);
      this.nonZeroRequested = { ...base.nonZeroRequested };
      this.usedPorts = base.usedPorts.clone();
      this.#pods = [...base.#pods];
      this.#slot = new Map(base.#slot);
      this.#owned = new Map(base.#owned);
      return;
    }
    this.allocatable = nodeAllocatable(node);
    this.taints = effectiveTaints(node, options.conditionTaints ?? true);
    this.requested = emptyResource();
    this.nonZeroRequested = { milliCPU: 0, memory: 0 };
    this.usedPorts = new HostPortInfo();
    this.#pods = [];
    this.#slot = new Map();
    this.#owned = new Map();
  }

  /** The pods on this node: in the order they were added, except that a removal moves the last pod into the gap (upstream's order). */
  get pods(): readonly Pod[] {
    return this.#pods;
  }

  /** NodeInfo.AddPod. */
  addPod(pod: Pod): void {
    this.#apply(pod, 1);
    this.#slot.set(podId(pod), this.#pods.length);
    this.#pods.push(pod);
  }

  /**
   * NodeInfo.RemovePod (matched by UID, else by namespace/name); false when
   * absent. As upstream, the last pod takes the removed one's place.
   */
  removePod(pod: Pod): boolean {
    const id = podId(pod);
    const i = this.#slot.get(id);
    if (i === undefined) return false;
    const old = this.#pods[i]!;
    const last = this.#pods.pop()!;
    this.#slot.delete(id);
    if (i < this.#pods.length) {
      this.#pods[i] = last;
      this.#slot.set(podId(last), i);
    }
    this.#apply(old, -1);
    return true;
  }

  /** Non-terminating pods on this node controlled by the owner with this UID. */
  ownedCount(ownerUID: string): number {
    if (ownerUID === this.#lastOwner) return this.#lastOwned;
    const n = this.#owned.get(ownerUID) ?? 0;
    this.#lastOwner = ownerUID;
    this.#lastOwned = n;
    return n;
  }

  /** A deep copy (NodeInfo.Snapshot), for trying pods without touching the original. */
  clone(): NodeInfo {
    return new NodeInfo(this.node, {}, this);
  }

  /** NodeInfo.SetNode: the same pods on a new version of the node (allocatable, taints re-read). */
  withNode(node: Node, options: NodeInfoOptions = {}): NodeInfo {
    return new NodeInfo(node, options, this);
  }

  #apply(pod: Pod, sign: 1 | -1): void {
    const r = podRequests(pod);
    this.requested.milliCPU += sign * r.requests.milliCPU;
    this.requested.memory += sign * r.requests.memory;
    this.requested.ephemeralStorage += sign * r.requests.ephemeralStorage;
    for (const [k, v] of r.requests.scalar) {
      this.requested.scalar.set(k, (this.requested.scalar.get(k) ?? 0) + sign * v);
    }
    this.nonZeroRequested.milliCPU += sign * r.nonZeroMilliCPU;
    this.nonZeroRequested.memory += sign * r.nonZeroMemory;
    for (const p of getHostPorts(pod)) {
      if (sign > 0) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort ?? 0);
      else this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort ?? 0);
    }
    const owner = controllerUID(pod);
    if (owner !== undefined && !terminating(pod)) {
      const n = (this.#owned.get(owner) ?? 0) + sign;
      if (n === 0) this.#owned.delete(owner);
      else this.#owned.set(owner, n);
      if (owner === this.#lastOwner) this.#lastOwned = n;
    }
  }
}

/** Pods in a terminal phase hold no resources (the scheduler's informer drops them). */
export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/**
 * One NodeInfo per node, in the nodes' order, with every non-terminal pod
 * whose spec.nodeName names one of them. `pods` may be every pod of the
 * cluster, or a map from node name to its pods.
 */
export function buildNodeInfos(
  nodes: readonly Node[],
  pods: readonly Pod[] | ReadonlyMap<string, readonly Pod[]>,
  options: NodeInfoOptions = {},
): NodeInfo[] {
  const infos = nodes.map((n) => new NodeInfo(n, options));
  const byName = new Map(infos.map((i) => [i.name, i]));
  const all: Iterable<Pod> = Array.isArray(pods)
    ? (pods as readonly Pod[])
    : [...(pods as ReadonlyMap<string, readonly Pod[]>).values()].flat();
  for (const p of all) {
    const info = byName.get(p.spec?.nodeName ?? "");
    if (info !== undefined && !isTerminal(p)) info.addPod(p);
  }
  return infos;
}
