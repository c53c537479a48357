/**
 * @kubesim/controllers: kube-controller-manager in miniature. One folder per
 * controller; each keeps its pure planning functions apart from the code that
 * writes the plan through the client.
 */
// ReplicaSet controller: pure planning (replicaset/).
export {
  filterActivePods,
  getPodReadyCondition,
  isPodActive,
  isPodAvailable,
  isPodReady,
  podKey,
  podReadySince,
} from "./replicaset/active.js";
export type { PodRankKey, RankingGates } from "./replicaset/ranking.js";
export {
  PodDeletionCostAnnotation,
  getDeletionCost,
  getPodsToDelete,
  lessActivePods,
  lessWithRanks,
  logBucket,
  maxContainerRestarts,
  podRankKey,
  rankPodsByRelatedPodsOnSameNode,
  sortActivePods,
  sortActivePodsWithRanks,
} from "./replicaset/ranking.js";
export type { SlowStartResult } from "./replicaset/slow-start.js";
export {
  BurstReplicas,
  SlowStartInitialBatchSize,
  slowStartBatch,
  slowStartBatchSizes,
} from "./replicaset/slow-start.js";
export type { ControlleeExpectations } from "./replicaset/expectations.js";
export {
  ControllerExpectations,
  ExpectationsTimeout,
  expectationsExpired,
  expectationsFulfilled,
} from "./replicaset/expectations.js";
export type { ClaimPlan, LabelMatcher } from "./replicaset/claim.js";
export { adoptPodPatch, claimPods, getControllerOf, releasePodPatch } from "./replicaset/claim.js";
export type { PodFromTemplate } from "./replicaset/pod-template.js";
export {
  NoLabelsError,
  getPodFromTemplate,
  newControllerRef,
  podsPrefix,
} from "./replicaset/pod-template.js";
export type { ManageReplicasInput, ManageReplicasPlan } from "./replicaset/manage.js";
export {
  getIndirectlyRelatedPods,
  getReplicaSetsWithSameController,
  planManageReplicas,
} from "./replicaset/manage.js";
export {
  ReplicaSetReplicaFailure,
  calculateStatus,
  deleteReplicaSetCondition,
  getReplicaSetCondition,
  minReadySecondsRequeue,
  newReplicaSetCondition,
  replicaSetStatusNeedsUpdate,
  setReplicaSetCondition,
  statusToWrite,
} from "./replicaset/status.js";
export type { ReplicaSetEvent } from "./replicaset/events.js";
export {
  FailedCreatePodReason,
  FailedDeletePodReason,
  ReplicaSetControllerComponent,
  SuccessfulCreatePodReason,
  SuccessfulDeletePodReason,
  deletePodError,
  failedCreateEvent,
  failedDeleteEvent,
  successfulCreateEvent,
  successfulDeleteEvent,
} from "./replicaset/events.js";
// ReplicaSet controller: the acting part (replicaset/controller*.ts).
export type { ReplicaSetControllerOptions } from "./replicaset/controller.js";
export {
  ConcurrentReplicaSetSyncs,
  OrphanPodIndexKey,
  PodControllerUIDIndex,
  ReplicaSetController,
  filterPodsByOwner,
  podControllerUidIndexFunc,
  startReplicaSetController,
} from "./replicaset/controller.js";
export {
  getPodReplicaSets,
  podEventHandler,
  replicaSetEventHandler,
  resolveControllerRef,
} from "./replicaset/controller-handlers.js";
// Garbage collector (garbagecollector/): graph builder, pure decisions, the acting part.
export type { GarbageCollectorOptions } from "./garbagecollector/garbagecollector.js";
export {
  ConcurrentGCSyncs,
  GarbageCollector,
  GarbageCollectorComponent,
  startGarbageCollector,
} from "./garbagecollector/garbagecollector.js";
export type { GraphChange } from "./garbagecollector/graph-builder.js";
export { DefaultGarbageCollectorKinds, GraphBuilder } from "./garbagecollector/graph-builder.js";
export type { ObjectIdentity } from "./garbagecollector/graph.js";
export { GraphNode, identityString } from "./garbagecollector/graph.js";
export type {
  AttemptToDeleteAction,
  ClassifiedReferences,
  DeletingDependentsAction,
  OwnerState,
} from "./garbagecollector/decide.js";
export {
  FinalizerDeleteDependents,
  FinalizerOrphanDependents,
  classifyReferences,
  decideAttemptToDelete,
  decideDeletingDependents,
  startsWaitingForDependentsDeleted,
  startsWaitingForDependentsOrphaned,
} from "./garbagecollector/decide.js";
// Deployment controller: pure planning (deployment/). Generic upstream names are aliased here.
export type {
  DeploymentAction,
  DeploymentEvent,
  DeploymentSyncInput,
  Plan as DeploymentPlan,
  PodMap,
  Requeue,
  RollbackPlan,
  ScaleReason,
  SyncOutcome,
  WriteResult,
} from "./deployment/index.js";
export {
  ChangeCauseAnnotation,
  DefaultDeploymentUniqueLabelKey,
  DeploymentAvailable,
  DeploymentProgressing,
  DeploymentReplicaFailure,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  ScalingReplicaSetReason,
  annotationsToSkip,
  applyRollback,
  calculateStatus as calculateDeploymentStatus,
  cleanupDeployment,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentRevision,
  deploymentTimedOut,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getAllReplicaSetsAndSyncRevision,
  getDeploymentCondition,
  getReplicaSetFraction,
  getReplicaSetProportion,
  lastRevision,
  maxRevision,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  oldPodsRunning,
  planRollback,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  requeueStuckDeployment,
  resolveFenceposts,
  revision,
  rolloutRecreate,
  rolloutRolling,
  runPlan,
  scale as scaleDeploymentReplicaSets,
  syncDeployment,
  syncRolloutStatus,
} from "./deployment/index.js";
// Deployment controller: the acting part and its wiring (deployment/controller-runner*.ts, executor.ts).
export type {
  DeploymentControllerOptions,
  DeploymentSyncHook,
} from "./deployment/controller-runner.js";
export {
  ConcurrentDeploymentSyncs,
  DeploymentController,
  DeploymentControllerName,
  DeploymentMaxRetries,
  startDeploymentController,
} from "./deployment/controller-runner.js";
export { DEPLOYMENT_CONTROLLER_COMPONENT } from "./deployment/events.js";
export type { ExecutorContext as DeploymentExecutorContext } from "./deployment/executor.js";
export {
  executeAction as executeDeploymentAction,
  executePlan as executeDeploymentPlan,
} from "./deployment/executor.js";
// Node lifecycle controller (nodelifecycle/): pure decisions, the rate-limited tainter, the acting part.
export type { NodeLifecycleConfig } from "./nodelifecycle/config.js";
export {
  DefaultNodeLifecycleConfig,
  EvictionRateLimiterBurst,
  NamespaceNodeLease,
  NodeEvictionPeriod,
  NodeHealthUpdateRetry,
  NodeLifecycleControllerComponent,
} from "./nodelifecycle/config.js";
export type {
  NodeHealthData,
  NodeHealthInput,
  NodeHealthResult,
} from "./nodelifecycle/node-health.js";
export {
  NodeConditionTypesSetUnknown,
  NodeStatusNeverUpdated,
  NodeStatusNeverUpdatedMessage,
  NodeStatusUnknown,
  NodeStatusUnknownMessage,
  getNodeCondition,
  sameNodeCondition,
  tryUpdateNodeHealth,
} from "./nodelifecycle/node-health.js";
export type { DisruptionInput, DisruptionPlan, ZoneState } from "./nodelifecycle/zone-state.js";
export {
  LabelNodeDisruptionExclusion,
  computeZoneState,
  getZoneKey,
  isNodeExcludedFromDisruptionChecks,
  limiterQPSFor,
  planDisruption,
  stateFullDisruption,
  stateInitial,
  stateNormal,
  statePartialDisruption,
} from "./nodelifecycle/zone-state.js";
export type { TimedValue, TryResult } from "./nodelifecycle/rate-limited-queue.js";
export { RateLimitedTimedQueue, TokenBucket } from "./nodelifecycle/rate-limited-queue.js";
export {
  NotReadyTaintTemplate,
  TaintNodeDiskPressure,
  TaintNodeMemoryPressure,
  TaintNodeNetworkUnavailable,
  TaintNodeNotReady,
  TaintNodeOutOfService,
  TaintNodePIDPressure,
  TaintNodeUnreachable,
  TaintNodeUnschedulable,
  UnreachableTaintTemplate,
  addOrUpdateTaint,
  matchTaint,
  removeTaint,
  swapTaints,
  taintExists,
  taintKeyExists,
  taintSetDiff,
} from "./nodelifecycle/taints.js";
export {
  conditionTaints as nodeConditionTaints,
  noScheduleTaintChanges,
  ownedNoScheduleTaints,
} from "./nodelifecycle/no-schedule-tainting.js";
export type { TaintBasedEvictionAction } from "./nodelifecycle/no-execute-tainting.js";
export {
  noExecuteTaintSwap,
  shouldRequeueForTainting,
  taintBasedEvictionAction,
} from "./nodelifecycle/no-execute-tainting.js";
export {
  NodeNotReadyEventMessage,
  NodeNotReadyEventReason,
  podNotReadyStatus,
} from "./nodelifecycle/mark-pods-not-ready.js";
export { nodeLabelsToUpdate } from "./nodelifecycle/node-labels.js";
export type { NodeLifecycleControllerOptions } from "./nodelifecycle/node-lifecycle-controller.js";
export {
  NodeLifecycleController,
  NodeUpdateWorkerSize,
  PodUpdateWorkerSize,
  startNodeLifecycleController,
} from "./nodelifecycle/node-lifecycle-controller.js";
// Taint eviction controller (tainteviction/).
export { PodNodeNameKeyIndex, podNodeNameIndexFunc } from "./tainteviction/pod-node-name-index.js";
export {
  getMatchingTolerations,
  getMinTolerationTime,
  getNoExecuteTaints,
  toleratesTaint,
} from "./tainteviction/tolerations.js";
export type { PodOnNodeDecision, ScheduledEviction } from "./tainteviction/process-pod-on-node.js";
export { decidePodOnNode } from "./tainteviction/process-pod-on-node.js";
export type { TimedWorker, WorkFunc } from "./tainteviction/timed-workers.js";
export { TimedWorkerQueue } from "./tainteviction/timed-workers.js";
export type { TaintEvictionControllerOptions } from "./tainteviction/taint-eviction-controller.js";
export {
  DeletionByTaintManager,
  DeletionByTaintManagerMessage,
  TaintEvictionController,
  TaintEvictionControllerName,
  TaintEvictionRetries,
  TaintManagerEvictionReason,
  disruptionTargetCondition,
  startTaintEvictionController,
} from "./tainteviction/taint-eviction-controller.js";
// Pod garbage collector (podgc/).
export {
  DeletionByPodGC,
  DeletionByPodGCMessage,
  byEvictionAndCreationTimestamp,
  failedStatus,
  isNodeReady,
  isPodTerminated,
  isPodTerminating,
  missingNodes,
  orphanCondition,
  podIsEvicted,
  terminatedPodsToDelete,
  terminatingPodsToDelete,
  unscheduledTerminatingPods,
} from "./podgc/gc.js";
export type { PodGCControllerOptions } from "./podgc/pod-gc-controller.js";
export {
  DefaultTerminatedPodGCThreshold,
  GCCheckPeriod,
  PodGCController,
  PodGCControllerName,
  QuarantineTime,
  podStatusPatch,
  startPodGCController,
} from "./podgc/pod-gc-controller.js";
// EndpointSlice controller (endpointslice/): pure reconciler and helpers, the acting part.
export {
  getPodServiceMemberships,
  getServicesForPod,
  getServicesToUpdateOnPodChange,
  isPodTerminal,
  podEndpointsChanged,
  podsForService,
  selectorMatches,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from "./endpointslice/pod-util.js";
export { findPort } from "./endpointslice/find-port.js";
export {
  EndpointsLastChangeTriggerTime,
  TriggerTimeTracker,
  formatTriggerTime,
  getPodTriggerTime,
} from "./endpointslice/trigger-time-tracker.js";
export {
  EndpointSet,
  endpointKey,
  endpointsEqualBeyondHash,
  portMapKey,
} from "./endpointslice/endpoint-set.js";
export type { AddressType } from "./endpointslice/slice-utils.js";
export {
  DefaultMaxEndpointsPerSlice,
  EndpointSliceControllerName,
  IsHeadlessService,
  LabelManagedBy,
  LabelServiceName,
  LabelTopologyZone,
  getAddressTypesForService,
  getEndpointPorts,
  getEndpointSlicePrefix,
  getSliceToFill,
  isServiceIPSet,
  newEndpointSlice,
  ownedBy,
  podToEndpoint,
  setEndpointSliceLabels,
} from "./endpointslice/slice-utils.js";
export type { ReconcileInput, ReconcilePlan } from "./endpointslice/reconciler.js";
export { planReconcile } from "./endpointslice/reconciler.js";
export { EndpointSliceTracker } from "./endpointslice/endpoint-slice-tracker.js";
export type { EndpointSliceControllerOptions } from "./endpointslice/endpointslice-controller.js";
export {
  ConcurrentServiceEndpointSyncs,
  EndpointSliceChangeMinSyncDelay,
  EndpointSliceController,
  EndpointSliceControllerComponent,
  EndpointSliceMaxRetries,
  EndpointSliceServiceIndex,
  endpointSliceServiceIndexFunc,
  startEndpointSliceController,
} from "./endpointslice/endpointslice-controller.js";
// Endpoints controller (endpoints/): repacking, the pure plan, the acting part.
export {
  canonicalSubset,
  compareEndpointAddress,
  repackSubsets,
  sortSubsets,
  subsetsEqual,
} from "./endpoints/repack.js";
export type { ComputedSubsets, EndpointsPlan, EndpointsPlanInput } from "./endpoints/desired.js";
export {
  EndpointsMaxCapacity,
  EndpointsOverCapacity,
  capacityAnnotationSetCorrectly,
  computeSubsets,
  endpointPortFromServicePort,
  planEndpoints,
  podToEndpointAddress,
  truncateSubsets,
} from "./endpoints/desired.js";
export type { EndpointsControllerOptions } from "./endpoints/endpoints-controller.js";
export {
  ConcurrentEndpointSyncs,
  EndpointControllerComponent,
  EndpointsController,
  EndpointsMaxRetries,
  startEndpointsController,
} from "./endpoints/endpoints-controller.js";
// Service load-balancer controller (service/): pure predicates and plan, the simulated cloud, the acting part.
export {
  LoadBalancerCleanupFinalizer,
  addFinalizerPatch,
  hasLBFinalizer,
  loadBalancerStatusEqual,
  removeFinalizerPatch,
  statusPatch as loadBalancerStatusPatch,
} from "./service/helpers.js";
export type { NodeConditionPredicate } from "./service/predicates.js";
export {
  LabelNodeExcludeBalancers,
  ToBeDeletedTaint,
  filterWithPredicates as filterNodesWithPredicates,
  needsCleanup,
  needsUpdate,
  nodeIncludedPredicate,
  nodeNotDeletedPredicate,
  nodeReadyPredicate,
  nodeUnTaintedPredicate,
  nodesSufficientlyEqual,
  portEqualForLB,
  portsEqualForLB,
  shouldEnqueueOnAdd as shouldEnqueueServiceOnAdd,
  shouldEnqueueOnUpdate as shouldEnqueueServiceOnUpdate,
  shouldSyncUpdatedNode,
  stableNodeSetPredicates,
  wantsLoadBalancer,
} from "./service/predicates.js";
export type { LoadBalancerOperation, LoadBalancerSyncPlan } from "./service/plan.js";
export { ensuredStatusPatch, loadBalancerOperation, planLoadBalancerSync } from "./service/plan.js";
export {
  DefaultLoadBalancerIPPool,
  IPPool,
  IPPoolError,
  formatIPv4,
  parseIPv4,
} from "./service/ip-pool.js";
export type {
  EnsureResult,
  LoadBalancerCloud,
  SimulatedCloudOptions,
  SimulatedLoadBalancer,
} from "./service/cloud.js";
export {
  DefaultProvisioningDelay,
  SimulatedCloud,
  defaultLoadBalancerName,
} from "./service/cloud.js";
export {
  DeleteLoadBalancerFailed,
  DeletedLoadBalancer,
  DeletingLoadBalancer,
  EnsuredLoadBalancer,
  EnsuringLoadBalancer,
  ServiceControllerComponent,
  SyncLoadBalancerFailed,
  UnAvailableLoadBalancer,
  UpdateLoadBalancerFailed,
  UpdatedLoadBalancer,
  loggableNodeNames,
} from "./service/events.js";
export type { ServiceControllerOptions } from "./service/service-controller.js";
export {
  ConcurrentServiceSyncs,
  DefaultClusterName,
  ServiceController,
  ServiceLBControllerName,
  ServiceMaxRetryDelay,
  ServiceMinRetryDelay,
  startServiceController,
} from "./service/service-controller.js";
