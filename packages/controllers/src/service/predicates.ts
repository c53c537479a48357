/**
 * What the load-balancer controller looks at before it syncs: which Services
 * want a cloud load balancer, which need their balancer cleaned up, which
 * updates matter, and which Nodes a balancer sends traffic to. Mirrors
 * k8s.io/cloud-provider controllers/service/controller.go (`wantsLoadBalancer`,
 * `needsCleanup`, `needsUpdate`, `portEqualForLB`, `shouldSyncUpdatedNode`,
 * `nodesSufficientlyEqual`, the node predicates). All pure.
 */
import type { Node, Service, ServicePort } from "kubernetes-types/core/v1";
import { semanticEqual } from "@kubesim/api";
import { hasLBFinalizer } from "./helpers.js";

/** v1.LabelNodeExcludeBalancers. */
export const LabelNodeExcludeBalancers = "node.kubernetes.io/exclude-from-external-load-balancers";
/** ToBeDeletedTaint: the cluster autoscaler's taint on a node it is about to delete. */
export const ToBeDeletedTaint = "ToBeDeletedByClusterAutoscaler";

/** wantsLoadBalancer: type LoadBalancer, and no loadBalancerClass (that is another controller's). */
export function wantsLoadBalancer(service: Service): boolean {
  return service.spec?.type === "LoadBalancer" && service.spec.loadBalancerClass == null;
}

/** needsCleanup: the finalizer is there and the service is being deleted or no longer type LoadBalancer. */
export function needsCleanup(service: Service): boolean {
  if (!hasLBFinalizer(service)) return false;
  if (service.metadata?.deletionTimestamp != null) return true;
  return service.spec?.type !== "LoadBalancer";
}

/** reflect.DeepEqual / apiequality.Semantic.DeepEqual on JSON values. */
const same = semanticEqual;

/** portEqualForLB: name, protocol, port, nodePort, targetPort and appProtocol. */
export function portEqualForLB(x: ServicePort, y: ServicePort): boolean {
  return (
    (x.name ?? "") === (y.name ?? "") &&
    (x.protocol ?? "") === (y.protocol ?? "") &&
    x.port === y.port &&
    (x.nodePort ?? 0) === (y.nodePort ?? 0) &&
    same(x.targetPort ?? null, y.targetPort ?? null) &&
    (x.appProtocol ?? null) === (y.appProtocol ?? null)
  );
}

/** portsEqualForLB: the same ports, in the same order. */
export function portsEqualForLB(x: Service, y: Service): boolean {
  const a = x.spec?.ports ?? [];
  const b = y.spec?.ports ?? [];
  return a.length === b.length && a.every((p, i) => portEqualForLB(p, b[i]!));
}

/**
 * needsUpdate: whether a Service update is one the load balancer must follow.
 * Status-only writes (the controller's own) and finalizer changes are not.
 */
export function needsUpdate(oldService: Service, newService: Service): boolean {
  const wantsOld = wantsLoadBalancer(oldService);
  const wantsNew = wantsLoadBalancer(newService);
  if (!wantsOld && !wantsNew) return false;
  if (wantsOld !== wantsNew) return true;
  const o = oldService.spec ?? {};
  const n = newService.spec ?? {};
  if (!same(o.loadBalancerSourceRanges ?? [], n.loadBalancerSourceRanges ?? [])) return true;
  if (!portsEqualForLB(oldService, newService)) return true;
  if ((o.sessionAffinity ?? "") !== (n.sessionAffinity ?? "")) return true;
  if (!same(o.sessionAffinityConfig ?? null, n.sessionAffinityConfig ?? null)) return true;
  if ((o.loadBalancerIP ?? "") !== (n.loadBalancerIP ?? "")) return true;
  if (!same(o.externalIPs ?? [], n.externalIPs ?? [])) return true;
  if (!same(oldService.metadata?.annotations ?? {}, newService.metadata?.annotations ?? {}))
    return true;
  if ((oldService.metadata?.uid ?? "") !== (newService.metadata?.uid ?? "")) return true;
  if ((o.externalTrafficPolicy ?? "") !== (n.externalTrafficPolicy ?? "")) return true;
  if ((o.healthCheckNodePort ?? 0) !== (n.healthCheckNodePort ?? 0)) return true;
  return (o.ipFamilies ?? []).length !== (n.ipFamilies ?? []).length;
}

/** The Service add handler's test: queue it if it wants a balancer or needs cleanup. */
export function shouldEnqueueOnAdd(service: Service): boolean {
  return wantsLoadBalancer(service) || needsCleanup(service);
}

/** The Service update handler's test. */
export function shouldEnqueueOnUpdate(oldService: Service, newService: Service): boolean {
  return needsUpdate(oldService, newService) || needsCleanup(newService);
}

export type NodeConditionPredicate = (node: Node) => boolean;

/** nodeIncludedPredicate: not labelled for exclusion (an unparsable value excludes). */
export function nodeIncludedPredicate(node: Node): boolean {
  const v = node.metadata?.labels?.[LabelNodeExcludeBalancers];
  if (v === undefined) return true;
  const b = parseGoBool(v);
  return b === undefined ? false : !b;
}

/** nodeUnTaintedPredicate: not tainted ToBeDeletedByClusterAutoscaler. */
export function nodeUnTaintedPredicate(node: Node): boolean {
  return !(node.spec?.taints ?? []).some((t) => t.key === ToBeDeletedTaint);
}

/** nodeReadyPredicate: the Ready condition is True. */
export function nodeReadyPredicate(node: Node): boolean {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === "Ready");
  return ready?.status === "True";
}

/** nodeNotDeletedPredicate. */
export function nodeNotDeletedPredicate(node: Node): boolean {
  return node.metadata?.deletionTimestamp == null;
}

/** stableNodeSetPredicates: the nodes a balancer is given (readiness does not count). */
export const stableNodeSetPredicates: readonly NodeConditionPredicate[] = [
  nodeNotDeletedPredicate,
  nodeIncludedPredicate,
  nodeUnTaintedPredicate,
];

export function respectsPredicates(
  node: Node,
  predicates: readonly NodeConditionPredicate[],
): boolean {
  return predicates.every((p) => p(node));
}

export function filterWithPredicates(
  nodes: readonly Node[],
  predicates: readonly NodeConditionPredicate[],
): Node[] {
  return nodes.filter((n) => respectsPredicates(n, predicates));
}

/** shouldSyncUpdatedNode: the exclusion label's verdict or the providerID changed. */
export function shouldSyncUpdatedNode(oldNode: Node, newNode: Node): boolean {
  if (nodeIncludedPredicate(oldNode) !== nodeIncludedPredicate(newNode)) return true;
  return (oldNode.spec?.providerID ?? "") !== (newNode.spec?.providerID ?? "");
}

/** nodesSufficientlyEqual: the same node names with the same providerIDs. */
export function nodesSufficientlyEqual(
  oldNodes: readonly Node[],
  newNodes: readonly Node[],
): boolean {
  if (oldNodes.length !== newNodes.length) return false;
  const distill = (nodes: readonly Node[]) =>
    new Map(nodes.map((n) => [n.metadata?.name ?? "", n.spec?.providerID ?? ""]));
  const a = distill(oldNodes);
  const b = distill(newNodes);
  if (a.size !== b.size) return false;
  for (const [name, id] of a) if (b.get(name) !== id) return false;
  return true;
}

/** strconv.ParseBool. */
function parseGoBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}
