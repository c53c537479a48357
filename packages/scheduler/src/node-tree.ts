/**
 * Mirrors kubernetes/kubernetes pkg/scheduler/backend/cache/node_tree.go
 * (`nodeTree`) and component-helpers/node/topology (`GetZoneKey`): the order
 * in which the scheduler walks the nodes.
 *
 * Nodes are grouped by zone (region + zone labels, "" without them), zones in
 * the order they first appeared, nodes in the order they were added; `list`
 * takes one node from each zone in turn. Example: a1, a2 in zone a and b1 in
 * zone b list as [a1, b1, a2], so that filtering from the start of the list
 * visits every zone early. Removing keeps the order of the others.
 */
import type { Node } from "kubernetes-types/core/v1";

export const LabelTopologyRegion = "topology.kubernetes.io/region";
export const LabelFailureDomainBetaZone = "failure-domain.beta.kubernetes.io/zone";
export const LabelFailureDomainBetaRegion = "failure-domain.beta.kubernetes.io/region";

/** utilnode.GetZoneKey: "region:\x00:zone", or "" when the node has neither label. */
export function getZoneKey(node: Node): string {
  const labels = node.metadata?.labels;
  if (labels === undefined) return "";
  const zone = labels["topology.kubernetes.io/zone"] ?? labels[LabelFailureDomainBetaZone] ?? "";
  const region = labels[LabelTopologyRegion] ?? labels[LabelFailureDomainBetaRegion] ?? "";
  if (region === "" && zone === "") return "";
  return `${region}:\x00:${zone}`;
}

export class NodeTree {
  readonly #tree = new Map<string, string[]>();
  #zones: string[] = [];
  #numNodes = 0;

  get numNodes(): number {
    return this.#numNodes;
  }

  addNode(node: Node): void {
    const zone = getZoneKey(node);
    const name = node.metadata?.name ?? "";
    const na = this.#tree.get(zone);
    if (na !== undefined) {
      if (na.includes(name)) return;
      na.push(name);
    } else {
      this.#zones.push(zone);
      this.#tree.set(zone, [name]);
    }
    this.#numNodes++;
  }

  /** False when the node was not in the tree. */
  removeNode(node: Node): boolean {
    const zone = getZoneKey(node);
    const name = node.metadata?.name ?? "";
    const na = this.#tree.get(zone);
    const i = na?.indexOf(name) ?? -1;
    if (na === undefined || i < 0) return false;
    na.splice(i, 1);
    if (na.length === 0) {
      this.#tree.delete(zone);
      this.#zones = this.#zones.filter((z) => z !== zone);
    }
    this.#numNodes--;
    return true;
  }

  /** A node whose zone changed moves to the end of its new zone. */
  updateNode(oldNode: Node | undefined, newNode: Node): void {
    const oldZone = oldNode === undefined ? "" : getZoneKey(oldNode);
    if (oldZone === getZoneKey(newNode)) return;
    if (oldNode !== undefined) this.removeNode(oldNode);
    this.addNode(newNode);
  }

  /** Node names, round robin over the zones. */
  list(): string[] {
    const out: string[] = [];
    for (let i = 0; out.length < this.#numNodes; i++) {
      let any = false;
      for (const z of this.#zones) {
        const na = this.#tree.get(z)!;
        if (i < na.length) {
          out.push(na[i]!);
          any = true;
        }
      }
      if (!any) break;
    }
    return out;
  }
}
