/**
 * @kubesim/kubelet: the node agent. Each simulated Node runs one Kubelet on
 * the sim loop; it talks only to the API server, runs its pods in a fake
 * container runtime whose behavior comes from the image catalogue, probes
 * them, and writes their status.
 */
export type { KubeletOptions } from "./kubelet.js";
export { Kubelet, KubeletError, PodNotRunningError } from "./kubelet.js";
export type { NodeShape } from "./node/node-object.js";
export { KUBELET_VERSION, initialNode } from "./node/node-object.js";
export {
  LEASE_DURATION_SECONDS,
  LEASE_RENEW_INTERVAL,
  NODE_LEASE_NAMESPACE,
} from "./node/heartbeat.js";
export type { ImageBehavior, ReadinessSchedule } from "./images/behavior.js";
export { defaultBehavior } from "./images/behavior.js";
export type { LogOptions } from "./kuberuntime/logs.js";
export { Backoff } from "./kuberuntime/backoff.js";
export { getPhase } from "./status/phase.js";
export { ImageCatalogue } from "./images/catalogue.js";
export type { PodPhase } from "./status/phase.js";
export type { PodConditionsInput } from "./status/conditions.js";
export { generatePodConditions, podConditionByKubelet } from "./status/conditions.js";
export type { ExecContext, ExecResult, SessionOutput } from "./exec/index.js";
export { ShellSession } from "./exec/index.js";
export type { DnsSettings } from "./pods/pod-files.js";
export type { PodDnsServer, PodServices } from "./exec/network-programs.js";
export { DEFAULT_DNS } from "./pods/pod-files.js";
export { ImageCatalogueError, parseImageCatalogue } from "./images/catalogue.js";
export type { EnvironmentContext, EnvironmentResult } from "./env/index.js";
export { makeEnvironmentVariables, serviceEnvVarMap } from "./env/index.js";
export { containerEnvironment, runCommand } from "./exec/index.js";
export { resolveBehavior, validateBehaviorText, BEHAVIOR_ANNOTATION } from "./images/catalogue.js";
