/**
 * The Deployment controller's pure part (pkg/controller/deployment): planners from state to
 * writes, with Kubernetes' arithmetic, names, annotations, conditions and Events. Explicit exports.
 */
export type {
  CreateReplicaSetAction,
  DeleteReplicaSetAction,
  DeploymentAction,
  Plan,
  RecordEventAction,
  Requeue,
  ScaleReason,
  ScaleReplicaSetAction,
  SyncOutcome,
  UpdateDeploymentAction,
  UpdateReplicaSetAction,
  UpdateStatusAction,
  UpdateStatusReason,
  WriteResult,
} from "./plan.js";
export { WRITE_OK, runPlan } from "./plan.js";
export type { DeploymentEvent } from "./events.js";
export {
  DEPLOYMENT_CONTROLLER_COMPONENT,
  RollbackDone,
  RollbackRevisionNotFound,
  RollbackTemplateUnchanged,
  ScalingReplicaSetReason,
  SelectingAllReason,
  failedCreateMessage,
  newReplicaSetScaledUpEvent,
  replicaSetCreateErrorEvent,
  scalingReplicaSetEvent,
  selectingAllEvent,
} from "./events.js";
export type { ConditionStatus } from "./conditions.js";
export {
  DeploymentAvailable,
  DeploymentProgressing,
  DeploymentReplicaFailure,
  FailedRSCreateReason,
  FoundNewRSReason,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  NewRSAvailableReason,
  NewReplicaSetReason,
  PausedDeployReason,
  ReplicaSetUpdatedReason,
  ResumedDeployReason,
  TimedOutReason,
  getDeploymentCondition,
  newDeploymentCondition,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  setDeploymentCondition,
} from "./conditions.js";
export {
  GO_ZERO_TIME,
  byCreationTimestamp,
  bySizeNewer,
  bySizeOlder,
  filterActiveReplicaSets,
} from "./order.js";
export type { AnnotationInt, Fenceposts, RevisionValue } from "./util.js";
export {
  ChangeCauseAnnotation,
  DefaultDeploymentUniqueLabelKey,
  DeprecatedRollbackTo,
  DesiredReplicasAnnotation,
  LastAppliedConfigAnnotation,
  MaxReplicasAnnotation,
  MaxRevHistoryLengthInChars,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  annotationsToSkip,
  byRevision,
  deploymentComplete,
  deploymentProgressing,
  deploymentReplicas,
  deploymentTimedOut,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDesiredReplicasAnnotation,
  getMaxReplicasAnnotation,
  getNonNegativeInt32FromAnnotation,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  getReplicaSetFraction,
  getReplicaSetProportion,
  getTerminatingReplicaCountForReplicaSets,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  lastRevision,
  maxRevision,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  replicasAnnotationsNeedUpdate,
  resolveFenceposts,
  revision,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from "./util.js";
export { computeHash, safeEncodeString } from "./hash.js";
export type { AllReplicaSetsOutcome, NewReplicaSetOutcome, ScaleOutcome } from "./sync.js";
export {
  calculateStatus,
  checkPausedConditions,
  cleanupDeployment,
  cloneSelectorAndAddLabel,
  deploymentStatusEqual,
  getAllReplicaSetsAndSyncRevision,
  getNewReplicaSet,
  getRollbackTo,
  isScalingEvent,
  scale,
  scaleReplicaSet,
  scaleReplicaSetAndRecordEvent,
  sync,
  syncDeploymentStatus,
  syncStatusOnly,
} from "./sync.js";
export {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  rolloutRolling,
  scaleDownOldReplicaSetsForRollingUpdate,
} from "./rolling.js";
export type { PodMap } from "./recreate.js";
export {
  oldPodsRunning,
  rolloutRecreate,
  scaleDownOldReplicaSetsForRecreate,
  scaleUpNewReplicaSetForRecreate,
} from "./recreate.js";
export type { JsonPatchReplace, RollbackPlan } from "./rollback.js";
export { applyRollback, deploymentRevision, planRollback, rollback } from "./rollback.js";
export {
  getReplicaFailures,
  requeueStuckDeployment,
  rolloutStatus,
  syncRolloutStatus,
} from "./progress.js";
export type { DeploymentSyncInput } from "./controller.js";
export { syncDeployment } from "./controller.js";
