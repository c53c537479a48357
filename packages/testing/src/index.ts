/**
 * @kubesim/testing: property tests of controllers on a simulated cluster.
 * fast-check arbitraries of objects, image behaviours and actions (faults
 * included); invariants over a running cluster; a rollout property with
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
export { checkConverged, checkEndpoints } from "./invariants/convergence.js";
export type { ReplicaSetPodsBoundOptions } from "./invariants/replicaset-pods.js";
export {
  ReplicaSetPodsBound,
  checkReplicaSetStatus,
  isPodActive,
} from "./invariants/replicaset-pods.js";
export { ResourceVersionMonitor } from "./invariants/resource-version.js";
export type { WatchInvariantsOptions } from "./invariants/watch.js";
export { InvariantWatch, watchInvariants } from "./invariants/watch.js";

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
