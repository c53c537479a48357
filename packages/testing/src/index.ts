/**
 * @kubesim/testing: property tests of controllers on a simulated cluster.
 * fast-check arbitraries of objects, image behaviours and actions (faults
 * included); invariants over a running cluster or a recorded trace; a rollout property with
 * shrinking and replayable failing cases.
 */

// arbitraries
export type {
  ImageBehavior,
  ImageSpec,
  ImagesOptions,
  BehaviorKind,
} from "./arbitraries/images.js";
export {
  ALL_KINDS,
  HEALTHY_KINDS,
  ROLLOUT_KINDS,
  behaviorArb,
  catalogueOf,
  imagesArb,
} from "./arbitraries/images.js";
export type { DeploymentOptions, IntOrPercent, PodTemplateOptions } from "./arbitraries/objects.js";
export type { IngressOptions, PathType } from "./arbitraries/ingress.js";
export {
  PATH_TYPES,
  backendArb,
  dnsLabelArb,
  hostArb,
  ingressArb,
  ingressPathArb,
} from "./arbitraries/ingress.js";
export {
  APP_PORT,
  configMapArb,
  dataKeyArb,
  deploymentArb,
  intOrPercentArb,
  podTemplateArb,
  secretArb,
  serviceArb,
  strategyArb,
} from "./arbitraries/objects.js";
export type {
  Action,
  ActionSpec,
  ActionTarget,
  ActionType,
  ActionsOptions,
  Step,
} from "./arbitraries/actions.js";
export { actionArb, actionOf, actionSpecArb, stepsArb } from "./arbitraries/actions.js";

// invariants
export type { DeploymentRef, Violation } from "./invariants/violation.js";
export {
  RolloutBounds,
  checkAvailability,
  checkSurge,
} from "./invariants/rolling-update-bounds.js";
export {
  checkGenerations,
  checkOneReplicaSetPerHash,
  checkPodsOwnedByLiveReplicaSets,
} from "./invariants/structure.js";
export { SERVICE_NAME_LABEL, checkConverged, checkEndpoints } from "./invariants/convergence.js";
export type { ReplicaSetPodsBoundOptions } from "./invariants/replicaset-pods.js";
export {
  ReplicaSetPodsBound,
  checkReplicaSetStatus,
  isPodActive,
} from "./invariants/replicaset-pods.js";
export { ResourceVersionMonitor } from "./invariants/resource-version.js";
export type { WatchClient, WatchDeliveryOptions } from "./invariants/watch-delivery.js";
export { WatchDeliveryMonitor } from "./invariants/watch-delivery.js";
export type { WatchInvariantsOptions } from "./invariants/watch.js";
export {
  DISRUPTIVE_FAULTS,
  InvariantWatch,
  isDisruption,
  watchInvariants,
} from "./invariants/watch.js";
export type { ClusterOrView, ObjectView } from "./invariants/view.js";
export { viewOf } from "./invariants/view.js";
export type { CheckTraceOptions, TraceCheckResult } from "./invariants/trace.js";
export { TraceView, checkTrace } from "./invariants/trace.js";

// cases, the property and replay
export type { RolloutCase } from "./case.js";
export { CASE_KIND, parseCase } from "./case.js";
export type { CaseResult, RunCaseOptions, TimelineEntry } from "./replay.js";
export { formatTimeline, replay, runCase } from "./replay.js";
export type { RolloutPropertyOptions, RolloutPropertyStats } from "./property.js";
export {
  RolloutPropertyError,
  describeFailure,
  isRolloutPropertyError,
  rolloutCaseArb,
  rolloutProperty,
} from "./property.js";

// model-based testing: fast-check commands against a cluster, with the user's model
export type { ClusterCommand, ClusterModelOptions, ClusterModelPropertyOptions } from "./model.js";
export {
  ClusterModelError,
  advanceCommand,
  advanceCommandArb,
  clusterModelProperty,
  clusterModelRun,
  isClusterModelError,
} from "./model.js";
