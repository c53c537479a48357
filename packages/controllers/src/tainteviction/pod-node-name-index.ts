/**
 * The pod cache's index by node: kubernetes/kubernetes pkg/controller/controller_utils.go
 * (`PodNodeNameKeyIndex`, `AddPodNodeNameIndexer`). The node lifecycle and
 * taint eviction controllers share it on the one pod informer of
 * kube-controller-manager (adding the same function twice is a no-op).
 */
import type { Pod } from "kubernetes-types/core/v1";

/** controller.PodNodeNameKeyIndex. */
export const PodNodeNameKeyIndex = "spec.nodeName";

/** The index function: a bound pod under its node's name; an unbound one nowhere. */
export function podNodeNameIndexFunc(pod: Pod): readonly string[] {
  const node = pod.spec?.nodeName ?? "";
  return node === "" ? [] : [node];
}
