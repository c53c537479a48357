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
