/**
 * The node lifecycle controller's settings, with kube-controller-manager's
 * defaults: kubernetes/kubernetes pkg/controller/nodelifecycle/config/v1alpha1/defaults.go,
 * cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go and
 * pkg/controller/nodelifecycle/scheduler (NodeEvictionPeriod,
 * EvictionRateLimiterBurst, NodeHealthUpdateRetry).
 *
 * `--node-monitor-grace-period` defaults to 40 s here, the value of
 * Kubernetes <= v1.31, whose wording kubesim follows; v1.32 raised it to 50 s
 * (PR #126287). Pass `nodeMonitorGracePeriod: 50_000` for the newer timing.
 */
import type { Millis } from "@kubesim/sim";

export interface NodeLifecycleConfig {
  /** --node-monitor-period: how often node health is checked (5 s). */
  readonly nodeMonitorPeriod: Millis;
  /** --node-monitor-grace-period: silence before Ready becomes Unknown (40 s; 50 s since v1.32). */
  readonly nodeMonitorGracePeriod: Millis;
  /** --node-startup-grace-period: the same, for a node that never posted Ready (60 s). */
  readonly nodeStartupGracePeriod: Millis;
  /** --node-eviction-rate: NoExecute taints per second per healthy zone (0.1). */
  readonly evictionLimiterQPS: number;
  /** --secondary-node-eviction-rate: the same in a partially disrupted zone of a large cluster (0.01). */
  readonly secondaryEvictionLimiterQPS: number;
  /** --large-cluster-size-threshold: above this many nodes a zone is "large" (50). */
  readonly largeClusterThreshold: number;
  /** --unhealthy-zone-threshold: share of not-Ready nodes that disrupts a zone (0.55). */
  readonly unhealthyZoneThreshold: number;
}

export const DefaultNodeLifecycleConfig: NodeLifecycleConfig = Object.freeze({
  nodeMonitorPeriod: 5_000,
  nodeMonitorGracePeriod: 40_000,
  nodeStartupGracePeriod: 60_000,
  evictionLimiterQPS: 0.1,
  secondaryEvictionLimiterQPS: 0.01,
  largeClusterThreshold: 50,
  unhealthyZoneThreshold: 0.55,
});

/** scheduler.NodeEvictionPeriod: how often the NoExecute tainting pass runs (100 ms). */
export const NodeEvictionPeriod: Millis = 100;
/** scheduler.EvictionRateLimiterBurst. */
export const EvictionRateLimiterBurst = 1;
/** scheduler.NodeHealthUpdateRetry: attempts of one node's health update per pass. */
export const NodeHealthUpdateRetry = 5;
/** UpdateTaintBackoff.Steps / retries of a taint or label patch on conflict. */
export const UpdateTaintRetries = 5;
/** The controller's Event source component. */
export const NodeLifecycleControllerComponent = "node-controller";
/** The namespace of the kubelets' heartbeat Leases (v1.NamespaceNodeLease). */
export const NamespaceNodeLease = "kube-node-lease";
