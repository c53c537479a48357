/**
 * @kubesim/server: `kubesim serve`, a Kubernetes-compatible API over a
 * simulated cluster for the real kubectl and client libraries. HTTPS with
 * a generated CA and a bearer token, discovery, CRUD with Tables and
 * watches, paced in real time by the one component that reads wall time.
 */
export type { ServeOptions } from "./server.js";
export { KubesimServer, ServeError, isLoopback, isServeError } from "./server.js";
export type { PacedLoop, PacerOptions, WallClock } from "./pacer.js";
export { RealTimePacer, SpeedError, systemWallClock } from "./pacer.js";
export type { KubeconfigOptions } from "./kubeconfig.js";
export { kubeconfigText } from "./kubeconfig.js";
export type { VersionInfo } from "./version.js";
export { DEFAULT_KUBE_VERSION, KubeVersionError, versionInfo } from "./version.js";
export { defaultStateDir } from "./state.js";
export { MAX_REQUEST_BODY_BYTES } from "./http/body.js";
export { createRequestLogger } from "./logger.js";
// /sim/v1: the simulator's own API (sim/routes.ts), and what `kubesim shell` shares with it
export type { SimHandler, SimHandlerOptions } from "./sim/routes.js";
export { SIM_PREFIX, createSimHandler, isSimPath } from "./sim/routes.js";
export type { SimStatus } from "./sim/clock.js";
export { SIM_API_VERSION } from "./sim/clock.js";
export type { UntilResult } from "./sim/wait.js";
export type { TimelineItem } from "./sim/trace.js";
export type { LoadResult } from "./sim/snapshot.js";
export type { ConditionStatus, SimFault, SimPodRef, SimUntil } from "./sim/shapes.js";
export { parseFault, parseUntil } from "./sim/shapes.js";
export { NoMatchingPodError, injectFault, isNoMatchingPodError, podName } from "./sim/fault.js";
export {
  DEFAULT_UNTIL_TIMEOUT,
  UnknownResourceTypeError,
  isUnknownResourceTypeError,
  untilDone,
  waitTarget,
} from "./sim/until.js";
