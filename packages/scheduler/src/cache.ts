/**
 * The scheduler cache. Mirrors kubernetes/kubernetes
 * pkg/scheduler/backend/cache/cache.go (`cacheImpl`: `AssumePod`,
 * `FinishBinding`, `ForgetPod`, `AddPod`, `UpdatePod`, `RemovePod`,
 * `IsAssumedPod`, `AddNode`, `UpdateNode`, `RemoveNode`, `UpdateSnapshot`)
 * with the node order of node_tree.go.
 *
 * Guarantees:
 * - One NodeInfo per node; a pod counts on its node from the moment the
 *   scheduler assumes it (before the binding is even written) until it is
 *   removed. When the informer then reports the bound pod, `addPod` confirms
 *   the assumed pod instead of counting it twice. Example: two 600m pods
 *   decided in a row for a 1-cpu node: the second sees 600m requested
 *   although no watch event has arrived yet, and goes elsewhere.
 * - Assumed pods never expire (kube-scheduler's durationToExpireAssumedPod is
 *   0); a failed binding `forgetPod`s them.
 * - A pod whose node is unknown (or deleted) is kept on a node-less NodeInfo,
 *   so its resources count as soon as the node (re)appears; such "ghost"
 *   nodes are never offered to the filters.
 * - Pods are keyed by UID, as framework.GetPodKey.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import { silentLogger, type Logger } from "@kubesim/runtime";
import type { NodeInfoOptions } from "./node-info.js";
import { NodeInfo } from "./node-info.js";
import { NodeTree } from "./node-tree.js";

interface PodState {
  pod: Pod;
  assumed: boolean;
  bindingFinished: boolean;
}

interface NodeEntry {
  info: NodeInfo;
  /** False for a node the cache only knows from its pods (deleted, or not seen yet). */
  present: boolean;
}

export interface SchedulerCacheOptions extends NodeInfoOptions {
  readonly logger?: Logger;
}

const podUID = (pod: Pod): string =>
  pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
const nodeNameOf = (pod: Pod): string => pod.spec?.nodeName ?? "";
const placeholder = (name: string): Node => ({ metadata: { name } });

export class SchedulerCache {
  readonly #options: NodeInfoOptions;
  readonly #log: Logger;
  readonly #nodes = new Map<string, NodeEntry>();
  readonly #tree = new NodeTree();
  readonly #podStates = new Map<string, PodState>();
  #list: NodeInfo[] | undefined;

  constructor(options: SchedulerCacheOptions = {}) {
    this.#options =
      options.conditionTaints === undefined ? {} : { conditionTaints: options.conditionTaints };
    this.#log = options.logger ?? silentLogger();
  }

  // ---- pods ----

  /** AssumePod: count a pod on `pod.spec.nodeName` before its binding is confirmed. */
  assumePod(pod: Pod): void {
    const key = podUID(pod);
    if (this.#podStates.has(key))
      throw new Error(`pod ${key} is in the cache, so can't be assumed`);
    this.#addPod(pod, true);
  }

  /** FinishBinding: the binding call returned (assumed pods never expire here). */
  finishBinding(pod: Pod): void {
    const s = this.#podStates.get(podUID(pod));
    if (s !== undefined && s.assumed) s.bindingFinished = true;
  }

  /** ForgetPod: undo an assumption whose binding failed. */
  forgetPod(pod: Pod): void {
    const key = podUID(pod);
    const s = this.#podStates.get(key);
    if (s === undefined || !s.assumed) {
      this.#log.warn({ pod: key }, "only assumed pod can be forgotten");
      return;
    }
    this.#removePod(s.pod);
  }

  /** AddPod: the informer reports an assigned pod; confirms it when it was assumed. */
  addPod(pod: Pod): void {
    const key = podUID(pod);
    const s = this.#podStates.get(key);
    if (s === undefined) {
      this.#addPod(pod, false);
      return;
    }
    if (!s.assumed) {
      this.#log.warn({ pod: key }, "pod was already in added state");
      return;
    }
    if (nodeNameOf(s.pod) !== nodeNameOf(pod))
      this.#log.info({ pod: key }, "Pod was added to a different node than it was assumed");
    // updatePod: remove the assumed version, add the confirmed one (not assumed).
    this.#removePod(s.pod);
    this.#addPod(pod, false);
  }

  /** UpdatePod: an assigned pod changed (its requests may have, in principle). */
  updatePod(oldPod: Pod, newPod: Pod): void {
    const key = podUID(oldPod);
    const s = this.#podStates.get(key);
    if (s === undefined || s.assumed) {
      this.#log.warn({ pod: key }, "pod is not added to scheduler cache, so cannot be updated");
      return;
    }
    this.#removePod(s.pod);
    this.#addPod(newPod, false);
  }

  /** RemovePod: an assigned pod is gone (deleted, or terminal). */
  removePod(pod: Pod): void {
    const key = podUID(pod);
    const s = this.#podStates.get(key);
    if (s === undefined) {
      this.#log.warn({ pod: key }, "pod is not found in scheduler cache, so cannot be removed");
      return;
    }
    this.#removePod(s.pod);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.#podStates.get(podUID(pod))?.assumed ?? false;
  }

  /** GetPod: the cached version of a pod (the assumed one while assumed). */
  getPod(pod: Pod): Pod | undefined {
    return this.#podStates.get(podUID(pod))?.pod;
  }

  /** Number of pods in the cache (assumed included). */
  get podCount(): number {
    return this.#podStates.size;
  }

  // ---- nodes ----

  /** AddNode. */
  addNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? "";
    const e = this.#nodes.get(name);
    const info =
      e === undefined ? new NodeInfo(node, this.#options) : e.info.withNode(node, this.#options);
    this.#nodes.set(name, { info, present: true });
    this.#tree.addNode(node);
    this.#list = undefined;
    return info;
  }

  /** UpdateNode. */
  updateNode(oldNode: Node, newNode: Node): NodeInfo {
    const name = newNode.metadata?.name ?? "";
    const e = this.#nodes.get(name);
    if (e === undefined || !e.present) this.#tree.addNode(newNode);
    else this.#tree.updateNode(oldNode, newNode);
    const info =
      e === undefined
        ? new NodeInfo(newNode, this.#options)
        : e.info.node === newNode
          ? e.info
          : e.info.withNode(newNode, this.#options);
    this.#nodes.set(name, { info, present: true });
    this.#list = undefined;
    return info;
  }

  /** RemoveNode: its pods stay counted on a node-less entry until they are removed. */
  removeNode(node: Node): void {
    const name = node.metadata?.name ?? "";
    const e = this.#nodes.get(name);
    if (e === undefined || !e.present) {
      this.#log.warn({ node: name }, "node is not found");
      return;
    }
    if (e.info.pods.length === 0) this.#nodes.delete(name);
    else e.present = false;
    this.#tree.removeNode(e.info.node);
    this.#list = undefined;
  }

  /** The NodeInfo of a node (present or not). */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.#nodes.get(name)?.info;
  }

  /** UpdateSnapshot's nodeInfoList: the present nodes, in node-tree order. */
  nodeInfoList(): readonly NodeInfo[] {
    if (this.#list === undefined) {
      const out: NodeInfo[] = [];
      for (const name of this.#tree.list()) {
        const e = this.#nodes.get(name);
        if (e !== undefined && e.present) out.push(e.info);
      }
      this.#list = out;
    }
    return this.#list;
  }

  // ---- internals ----

  #addPod(pod: Pod, assumed: boolean): void {
    const name = nodeNameOf(pod);
    let e = this.#nodes.get(name);
    if (e === undefined) {
      e = { info: new NodeInfo(placeholder(name), this.#options), present: false };
      this.#nodes.set(name, e);
    }
    e.info.addPod(pod);
    this.#podStates.set(podUID(pod), { pod, assumed, bindingFinished: false });
  }

  #removePod(pod: Pod): void {
    const name = nodeNameOf(pod);
    const e = this.#nodes.get(name);
    if (e !== undefined) {
      e.info.removePod(pod);
      if (!e.present && e.info.pods.length === 0) this.#nodes.delete(name);
    }
    this.#podStates.delete(podUID(pod));
  }
}
