/**
 * The load-balancer controller's decision for one Service, pure: what
 * `syncLoadBalancerIfNeeded` (k8s.io/cloud-provider
 * controllers/service/controller.go) will do, before it does it.
 *
 *   wants a balancer, not being cleaned up -> ensure:
 *     Normal EnsuringLoadBalancer; add the finalizer (if missing);
 *     EnsureLoadBalancer in the cloud; Normal EnsuredLoadBalancer;
 *     patch status.loadBalancer (if it changed)
 *   otherwise -> delete:
 *     if the cloud has a balancer: Normal DeletingLoadBalancer, delete it;
 *     remove the finalizer (if there); Normal DeletedLoadBalancer;
 *     patch status.loadBalancer to {} (if it was not)
 *
 * A Service with spec.loadBalancerClass is another controller's: it never
 * wants ours, and is not queued unless it carries our finalizer.
 */
import type { LoadBalancerStatus, Service } from "kubernetes-types/core/v1";
import { addFinalizerPatch, hasLBFinalizer, removeFinalizerPatch, statusPatch } from "./helpers.js";
import { needsCleanup, wantsLoadBalancer } from "./predicates.js";

/** loadBalancerOperation. */
export type LoadBalancerOperation = "ensure" | "delete";

export type LoadBalancerSyncPlan =
  | {
      readonly op: "ensure";
      /** The finalizer patch to send first, when the finalizer is missing. */
      readonly addFinalizer: object | undefined;
    }
  | {
      readonly op: "delete";
      /** The cloud has a balancer: DeletingLoadBalancer, then delete it. */
      readonly deleteLoadBalancer: boolean;
      /** The finalizer patch, when the finalizer is there. */
      readonly removeFinalizer: object | undefined;
      /** The status patch that clears status.loadBalancer, when it is not empty. */
      readonly clearStatus: object | undefined;
    };

/** Which way the sync goes. */
export function loadBalancerOperation(service: Service): LoadBalancerOperation {
  return !wantsLoadBalancer(service) || needsCleanup(service) ? "delete" : "ensure";
}

/** The plan for `service`; `lbExists` is asked only on the delete path (GetLoadBalancer). */
export function planLoadBalancerSync(
  service: Service,
  lbExists: () => boolean,
): LoadBalancerSyncPlan {
  if (loadBalancerOperation(service) === "ensure") {
    return { op: "ensure", addFinalizer: addFinalizerPatch(service) };
  }
  return {
    op: "delete",
    deleteLoadBalancer: lbExists(),
    removeFinalizer: hasLBFinalizer(service) ? removeFinalizerPatch(service) : undefined,
    clearStatus: statusPatch(service.status?.loadBalancer, {}),
  };
}

/** The status patch once the cloud answered `next`, or undefined when nothing changes. */
export function ensuredStatusPatch(service: Service, next: LoadBalancerStatus): object | undefined {
  return statusPatch(service.status?.loadBalancer, next);
}
