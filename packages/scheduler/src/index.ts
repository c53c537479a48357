/**
 * @kubesim/scheduler: kube-scheduler in miniature. Pure filter and score
 * plugins, and a thin part that binds through the binding subresource.
 */
export type { Code, Status } from "./status.js";
export { MaxNodeScore, unresolvable, unschedulable } from "./status.js";
export type { PodRequests, Resource } from "./resources.js";
export {
  DefaultMaxPods,
  DefaultMemoryRequest,
  DefaultMilliCPURequest,
  isScalarResourceName,
  nodeAllocatable,
  podRequests,
} from "./resources.js";
export {
  TaintNodeDiskPressure,
  TaintNodeMemoryPressure,
  TaintNodeNetworkUnavailable,
  TaintNodeNotReady,
  TaintNodePIDPressure,
  TaintNodeUnreachable,
  TaintNodeUnschedulable,
  conditionTaints,
  effectiveTaints,
  findMatchingUntoleratedTaint,
  toleratesTaint,
  tolerationsTolerateTaint,
} from "./taints.js";
export type { PreferredNodeAffinity, RequiredNodeAffinity } from "./node-affinity.js";
export {
  matchesRequiredNodeAffinity,
  preFilterNodeNames,
  preferredNodeAffinity,
  preferredNodeAffinityScore,
  requiredNodeAffinity,
} from "./node-affinity.js";
export { DefaultBindAllHostIP, HostPortInfo, fitsPorts, getHostPorts } from "./ports.js";
export type { NodeInfoOptions } from "./node-info.js";
export { NodeInfo, buildNodeInfos, isTerminal } from "./node-info.js";
export type { InsufficientResource, PodFilterState } from "./filter.js";
export {
  ErrReasonNodeAffinity,
  ErrReasonNodeAffinityConflict,
  ErrReasonNodeName,
  ErrReasonNodePorts,
  ErrReasonTooManyPods,
  ErrReasonUnschedulable,
  ErrReasonUntoleratedTaint,
  filterNodeAffinity,
  filterNodeName,
  filterNodePorts,
  filterNodeResourcesFit,
  filterNodeUnschedulable,
  filterPlugins,
  filterTaintToleration,
  fitsRequest,
  preFilter,
  runFilterPlugins,
} from "./filter.js";
export type { NodeScore, ScorePluginName, SpreadConstraint } from "./score.js";
export {
  LabelHostname,
  LabelTopologyZone,
  balancedAllocationScore,
  balancedResourceScore,
  defaultNormalizeScore,
  defaultScoreWeights,
  leastAllocatedScore,
  leastRequestedScore,
  nodeAffinityScores,
  podTopologySpreadScores,
  scoreNodes,
  systemDefaultConstraints,
  taintTolerationScores,
} from "./score.js";
export type { PreemptionResult } from "./preemption.js";
export {
  NoPreemptionVictims,
  NotEligiblePreemptNever,
  NotEligibleTerminatingOnNominated,
  PreemptionNotHelpful,
  moreImportantPod,
  pickOneNodeForPreemption,
  podPriority,
  preempt,
  selectVictimsOnNode,
} from "./preemption.js";
export type { Diagnosis } from "./fit-error.js";
export {
  ErrNoNodesAvailable,
  NoNodeAvailableMsg,
  NoteLengthLimit,
  fitErrorMessage,
  reasonsHistogram,
  truncateMessage,
} from "./fit-error.js";
export type { ScheduleOptions, ScheduleResult } from "./schedule.js";
export {
  numFeasibleNodesToFind,
  scheduleOnNodeInfos,
  schedulePod,
  selectHost,
} from "./schedule.js";
export type { ClusterEvent, EventResource, NodeEventOptions } from "./events.js";
export {
  ActionType,
  EventAssignedPodAdd,
  EventAssignedPodDelete,
  EventAssignedPodUpdate,
  EventNodeAdd,
  EventNodeDelete,
  EventUnschedulableTimeout,
  EventUnscheduledPodAdd,
  EventUnscheduledPodDelete,
  EventUnscheduledPodUpdate,
  eventLabel,
  matchClusterEvent,
  nodeSchedulingPropertiesChange,
  podSchedulingPropertiesChange,
} from "./events.js";
export type {
  ClusterEventWithHint,
  QueueingHint,
  QueueingHintFn,
  QueueingHintOptions,
} from "./queueing-hints.js";
export { defaultEventsToRegister, schedulingGatesPreEnqueue } from "./queueing-hints.js";
export type { QueueName, QueuedPodInfo, SchedulingQueueOptions } from "./queue.js";
export {
  DefaultPodInitialBackoff,
  DefaultPodMaxBackoff,
  DefaultPodMaxInUnschedulablePodsDuration,
  SchedulingQueue,
  podKey,
  prioritySortLess,
} from "./queue.js";
export { NodeTree, getZoneKey } from "./node-tree.js";
export type { SchedulerCacheOptions } from "./cache.js";
export { SchedulerCache } from "./cache.js";
export { statusPatch, updatePodCondition } from "./pod-status.js";
export type { SchedulerOptions } from "./scheduler.js";
export {
  DefaultSchedulerName,
  Scheduler,
  SchedulerPodFieldSelector,
  startScheduler,
  unschedulablePlugins,
} from "./scheduler.js";
