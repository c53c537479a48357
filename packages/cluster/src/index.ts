/**
 * kubesim: the library's front door. `Cluster.create()` assembles the
 * components on one virtual clock; the cluster then takes `apply`, typed
 * object calls, virtual time (`advance`, `runUntil`, `settle`), `faults`,
 * `events`, `trace`, `http` and `traffic`.
 */

// the cluster
/** Options of `Cluster.create`; `InNamespace` is the namespace option of single-object calls. */
export type { ClusterOptions, InNamespace } from "./cluster.js";
/** The assembled cluster and its front door. */
export { Cluster } from "./cluster.js";

// kubectl apply, create -f, manifests and patches (apply/)
/** What `cluster.apply` takes and returns (kubectl apply's results and failures, per document). */
export type {
  ApplyFailure,
  ApplyOptions,
  ApplyOutcome,
  ApplyResult,
  CreateOptions,
  DryRun,
  ManifestObject,
  ManifestProblem,
  ReadOptions,
  ReadResult,
  ServerSideApplyOptions,
} from "./apply/index.js";
/**
 * `kubectl apply` and `create -f` on any API client (the cluster's `apply`
 * calls the first), kubectl's manifest reading, its errors, the two- and
 * three-way merge patches, and its JSON and YAML printing.
 */
export {
  CONFLICT_ADVICE,
  FIELD_MANAGER_SERVER_SIDE_APPLY,
  LAST_APPLIED_CONFIG_ANNOTATION,
  ManifestError,
  PatchComputeError,
  YamlSyntaxError,
  addSourceToErr,
  applyManifests,
  createManifests,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  goJson,
  goJsonIndent,
  isManifestError,
  readManifests,
  resourceName,
  serverSideApplyManifests,
} from "./apply/index.js";
/**
 * The strategic-merge metadata of a kind's fields (which lists merge, by
 * which key; which maps take `$retainKeys`): the API server's patch tables,
 * which the OpenAPI documents of `kubesim serve` publish as
 * x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key.
 */
export type { PatchMeta } from "./apply/patch-meta.js";
export { PatchSchema } from "./apply/patch-meta.js";

// virtual time
/** The targets `runUntil` waits for, and its options. */
export type {
  ConditionStatus,
  DeletedTarget,
  DeploymentConditionTarget,
  NodeConditionTarget,
  PodPhaseTarget,
  PodReadyTarget,
  RolloutTarget,
  RunUntilOptions,
  WaitTarget,
} from "./wait.js";
/** What `runUntil` throws: a timeout naming its target, or a failed rollout; with their guards. */
export {
  RolloutFailedError,
  WaitTimeoutError,
  isRolloutFailedError,
  isWaitTimeoutError,
} from "./wait.js";
/** `kubectl rollout status`'s verdict on a Deployment (kubectl's DeploymentStatusViewer). */
export type { RolloutStatus } from "./rollout-status.js";
export { deploymentRolloutStatus } from "./rollout-status.js";
/**
 * `kubectl rollout undo` (kubectl's DeploymentRollbacker) on any API client: go back to a
 * revision's ReplicaSet template and annotations; kubectl and the testing package's `undo`
 * action both call it, and its answer.
 */
export { ROLLBACK_SUCCESS, rollbackDeployment } from "./rollout-undo.js";
/**
 * kubectl's Deployment helpers (pkg/util/deployment): a revision's number (Revision), the
 * ReplicaSets a Deployment controls (GetAllReplicaSets), templates equal but for their
 * pod-template-hash (EqualIgnoreHash), and the annotations they read.
 */
export {
  CHANGE_CAUSE_ANNOTATION,
  equalIgnoreHash,
  getAllReplicaSets,
  revision,
} from "./deployment-util.js";

// faults
/** Options and handles of `cluster.faults`. */
export type {
  ActiveFault,
  ControlPlaneProcess,
  DeletePodOptions,
  FaultDuration,
  KillContainerOptions,
  SlowApiServerOptions,
} from "./faults.js";
/** The fault injector (`cluster.faults`). */
export { Faults } from "./faults.js";
/** Each process's connection to the API server, where partitions, watch drops and latency act. */
export { ApiConnection, ApiConnections, CONNECTION_LOST_AFTER } from "./connection.js";

// events
/** How `cluster.events()` filters: by involved object, reason, type or reporting component. */
export type { EventFilter } from "./events.js";

// components
/** Node shapes, and the pool of nodes with their kubelets. */
export type { NodeOptions } from "./nodes.js";
export { DEFAULT_REGION, DEFAULT_ZONES, NodePool } from "./nodes.js";
/** kube-proxy, CoreDNS and ingress-nginx as the cluster runs them. */
export type { ClusterNetwork } from "./cluster-network.js";
/** The kube-system/kube-dns Service as kubeadm creates it. */
export { kubeDnsService } from "./cluster-network.js";
/** The cloud load balancers' options (Services of type LoadBalancer). */
export type { LoadBalancerOptions } from "./controller-manager.js";

// custom controllers: your reconciler on the runtime the built-in controllers use
/** A controller of yours, what it watches, and the manager it is set up with (custom-controllers.ts). */
export type {
  CustomController,
  CustomControllerDefinition,
  Manager,
} from "./custom-controllers.js";
/**
 * The runtime's reconciler contract (controller-runtime's reconcile.Result and TerminalError),
 * its key mappers (handler.EnqueueRequestForObject / ForOwner / FromMapFunc), and object keys.
 */
export type {
  EventRecorder,
  KeyMapper,
  Lister,
  RateLimitingQueueOptions,
  ReconcileContext,
  Reconciler,
  SharedInformerFactory,
  SourceSpec,
  WatchSpec,
} from "@kubesim/runtime";
export {
  ReconcileResult,
  TerminalError,
  controllerOwnerKeys,
  isTerminalError,
  keyForObject,
  metaNamespaceKey,
  reconcilerFunc,
  splitKey,
  unwrapTombstone,
} from "@kubesim/runtime";

// traffic
/** Requests and traffic through the data plane. */
export type {
  ClientRequest,
  ClientResult,
  Hop,
  RequestOrigin,
  ServedBy,
  TrafficGeneratorOptions,
} from "@kubesim/network";
export { TrafficGenerator } from "@kubesim/network";

// the Deployment controller's arithmetic and its plan hook, for invariants and property tests
/**
 * What a Deployment's strategy allows (deployment/util.go MaxSurge, MaxUnavailable,
 * MinAvailable, ResolveFenceposts: surge rounds up, unavailable down) and when a rollout is
 * complete (DeploymentComplete); the hook that wraps the controller's plan (ClusterOptions).
 */
export type {
  DeploymentPlan,
  DeploymentSyncHook,
  DeploymentSyncInput,
  SyncOutcome as DeploymentSyncOutcome,
} from "@kubesim/controllers";
export {
  deploymentComplete,
  maxSurge,
  maxUnavailable,
  minAvailable,
  resolveFenceposts,
} from "@kubesim/controllers";
/** controller.IsPodActive and podutil.IsPodReady, as the controllers judge pods. */
export { isPodActive, isPodReady } from "@kubesim/controllers";

// images
/** The image catalogue: how images behave in the fake container runtime. */
export { ImageCatalogue, ImageCatalogueError } from "@kubesim/kubelet";
/** What the kubelet throws for a pod it does not run (yet), to log or exec into. */
export { PodNotRunningError } from "@kubesim/kubelet";

// seams for deliberately broken controller variants (ClusterOptions.replicaSetExpectations,
// ClusterOptions.controllerManagerWatcherHook): the ReplicaSet controller's expectations and the
// informers' list/watch machine
export { ControllerExpectations } from "@kubesim/controllers";
export type {
  WatcherInput,
  WatcherOutput,
  WatcherState,
  WatcherStep,
  WatcherStepHook,
} from "@kubesim/runtime";

// API types front-end code needs without reaching below the front door
/** Kind names and their object types, as the typed calls take them. */
export type {
  ApiClient,
  DeleteOptions,
  KindName,
  KindTypes,
  KubeObject,
  ListOptions,
  PatchType,
  WatchEvent,
  WatchHandle,
} from "@kubesim/api";
/** The API's error, with its Kubernetes Status, and its guards. */
export { ApiError, isApiError, isNotFound } from "@kubesim/api";

// Time helpers that front-end code (kubectl printers, the server) needs without
// reaching below the front door.
/** Virtual time and durations, in ms. */
export type { Millis, Trace, TraceEntry } from "@kubesim/sim";
/** The trace record of one committed write (a "write" entry's data). */
export type { WriteRecord } from "@kubesim/apiserver";
/** Go-style durations, kubectl's ages and RFC 3339 times. */
export { formatDuration, humanDuration, parseDuration, rfc3339 } from "@kubesim/sim";
