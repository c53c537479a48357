/**
 * The load-balancer controller's Events: reasons and messages exactly as
 * k8s.io/cloud-provider controllers/service/controller.go records them, from
 * the source component "service-controller".
 */

/** The Event source component (v1.EventSource{Component: "service-controller"}). */
export const ServiceControllerComponent = "service-controller";

export const EnsuringLoadBalancer = "EnsuringLoadBalancer";
export const EnsuringLoadBalancerMessage = "Ensuring load balancer";
export const EnsuredLoadBalancer = "EnsuredLoadBalancer";
export const EnsuredLoadBalancerMessage = "Ensured load balancer";
export const DeletingLoadBalancer = "DeletingLoadBalancer";
export const DeletingLoadBalancerMessage = "Deleting load balancer";
export const DeletedLoadBalancer = "DeletedLoadBalancer";
export const DeletedLoadBalancerMessage = "Deleted load balancer";
/** Warning; "Error syncing load balancer: %v". */
export const SyncLoadBalancerFailed = "SyncLoadBalancerFailed";
/** Warning; "Error deleting load balancer: %v". */
export const DeleteLoadBalancerFailed = "DeleteLoadBalancerFailed";
/** Warning, when a balancer is given no node. */
export const UnAvailableLoadBalancer = "UnAvailableLoadBalancer";
export const UnAvailableLoadBalancerMessage = "There are no available nodes for LoadBalancer";
export const UpdatedLoadBalancer = "UpdatedLoadBalancer";
export const UpdatedLoadBalancerMessage = "Updated load balancer with new hosts";
/** Warning; see updateLoadBalancerFailedMessage. */
export const UpdateLoadBalancerFailed = "UpdateLoadBalancerFailed";

/** maxNodeNamesToLog. */
export const MaxNodeNamesToLog = 20;

export const syncLoadBalancerFailedMessage = (err: string): string =>
  `Error syncing load balancer: ${err}`;

export const deleteLoadBalancerFailedMessage = (err: string): string =>
  `Error deleting load balancer: ${err}`;

/** loggableNodeNames: the sorted names, at most 20, then "<N more>". */
export function loggableNodeNames(names: readonly string[]): string[] {
  if (names.length > MaxNodeNamesToLog) {
    const shown = [...new Set(names.slice(0, MaxNodeNamesToLog))].sort();
    return [...shown, `<${names.length - MaxNodeNamesToLog} more>`];
  }
  return [...new Set(names)].sort();
}

/** "Error updating load balancer with new hosts %v [node names limited, total number of nodes: %d], error: %v". */
export function updateLoadBalancerFailedMessage(names: readonly string[], err: string): string {
  return `Error updating load balancer with new hosts [${loggableNodeNames(names).join(" ")}] [node names limited, total number of nodes: ${names.length}], error: ${err}`;
}
