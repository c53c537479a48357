/**
 * Scheduling helpers shared by kube-scheduler, kube-controller-manager and
 * the kubelet, as Kubernetes shares them through k8s.io/component-helpers:
 * taints and tolerations, node affinity, and pod resource requests.
 */
export * from "./taints.js";
export * from "./node-affinity.js";
export * from "./resources.js";
