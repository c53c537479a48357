/**
 * The service helpers the load-balancer controller uses: the cleanup
 * finalizer, the status comparison and the patches it sends. Mirrors
 * k8s.io/cloud-provider service/helpers/helper.go (`LoadBalancerCleanupFinalizer`,
 * `HasLBFinalizer`, `LoadBalancerStatusEqual`, `PatchService`) and the
 * `addFinalizer` / `removeFinalizer` / `patchStatus` of
 * controllers/service/controller.go.
 *
 * Upstream writes each change as the strategic merge patch that
 * `CreateTwoWayMergePatch(old, new)` computes, sent to the `status`
 * subresource (which, for Services, takes metadata changes too). These
 * functions build the same patches directly:
 *
 *   add finalizer (none before)   {"metadata":{"finalizers":["service.kubernetes.io/load-balancer-cleanup"]}}
 *   add finalizer (others before) {"metadata":{"$setElementOrder/finalizers":[...old, F],"finalizers":[F]}}
 *   remove the only finalizer     {"metadata":{"finalizers":null}}
 *   remove one of several         {"metadata":{"$setElementOrder/finalizers":[...rest],"$deleteFromPrimitiveList/finalizers":[F]}}
 *   status                        {"status":{"loadBalancer":{"ingress":[{"ip":"172.18.255.200","ipMode":"VIP"}]}}}
 *   status cleared                {"status":{"loadBalancer":{"ingress":null}}}
 */
import type { LoadBalancerIngress, LoadBalancerStatus, Service } from "kubernetes-types/core/v1";
import { semanticEqual } from "@kubesim/api";

/** servicehelper.LoadBalancerCleanupFinalizer. */
export const LoadBalancerCleanupFinalizer = "service.kubernetes.io/load-balancer-cleanup";

/** servicehelper.HasLBFinalizer. */
export function hasLBFinalizer(service: Service): boolean {
  return (service.metadata?.finalizers ?? []).includes(LoadBalancerCleanupFinalizer);
}

/** The patch that adds the finalizer, or undefined when it is there already (addFinalizer). */
export function addFinalizerPatch(service: Service): object | undefined {
  if (hasLBFinalizer(service)) return undefined;
  const old = service.metadata?.finalizers ?? [];
  if (old.length === 0) return { metadata: { finalizers: [LoadBalancerCleanupFinalizer] } };
  return {
    metadata: {
      "$setElementOrder/finalizers": [...old, LoadBalancerCleanupFinalizer],
      finalizers: [LoadBalancerCleanupFinalizer],
    },
  };
}

/** The patch that removes the finalizer, or undefined when it is not there (removeFinalizer). */
export function removeFinalizerPatch(service: Service): object | undefined {
  if (!hasLBFinalizer(service)) return undefined;
  const rest = (service.metadata?.finalizers ?? []).filter(
    (f) => f !== LoadBalancerCleanupFinalizer,
  );
  if (rest.length === 0) return { metadata: { finalizers: null } };
  return {
    metadata: {
      "$setElementOrder/finalizers": rest,
      "$deleteFromPrimitiveList/finalizers": [LoadBalancerCleanupFinalizer],
    },
  };
}

/** servicehelper.LoadBalancerStatusEqual: the ingress lists are semantically equal. */
export function loadBalancerStatusEqual(
  l: LoadBalancerStatus | undefined,
  r: LoadBalancerStatus | undefined,
): boolean {
  const a = l?.ingress ?? [];
  const b = r?.ingress ?? [];
  return a.length === b.length && a.every((x, i) => ingressEqual(x, b[i]!));
}

function ingressEqual(a: LoadBalancerIngress, b: LoadBalancerIngress): boolean {
  return (
    (a.ip ?? "") === (b.ip ?? "") &&
    (a.hostname ?? "") === (b.hostname ?? "") &&
    (a.ipMode ?? "") === (b.ipMode ?? "") &&
    semanticEqual(a.ports, b.ports)
  );
}

/** The status patch from `previous` to `next`, or undefined when they are equal (patchStatus). */
export function statusPatch(
  previous: LoadBalancerStatus | undefined,
  next: LoadBalancerStatus,
): object | undefined {
  if (loadBalancerStatusEqual(previous, next)) return undefined;
  const ingress = next.ingress ?? [];
  return {
    status: { loadBalancer: { ingress: ingress.length === 0 ? null : ingress } },
  };
}
