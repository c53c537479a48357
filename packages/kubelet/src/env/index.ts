/**
 * The container environment the kubelet builds (pkg/kubelet/kubelet_pods.go
 * makeEnvironmentVariables and its helpers). Pure functions; no clock, no I/O.
 */
export type { EnvironmentContext, EnvironmentResult, EnvironmentWarning } from "./environment.js";
export { makeEnvironmentVariables } from "./environment.js";
export type { EnvVar } from "./envvars.js";
export { fromServices, makeEnvVariableName, serviceEnvVarMap } from "./envvars.js";
export type { Mapping } from "./expansion.js";
export { expand, mappingFuncFor } from "./expansion.js";
export type { FieldResult, PodAddresses } from "./fieldpath.js";
export {
  convertDownwardAPIFieldLabel,
  extractFieldPathAsString,
  formatMap,
  podFieldSelectorRuntimeValue,
  sortPodIPs,
} from "./fieldpath.js";
export { goQuote } from "./go-quote.js";
export type { ResourceList, ResourceResult } from "./resource.js";
export {
  containerResourceRuntimeValue,
  extractContainerResourceValue,
  mergeContainerResourceLimits,
} from "./resource.js";
