/**
 * Defaulting (kubernetes/pkg/apis/{core,apps,networking,discovery}/v1/defaults.go):
 * what kube-apiserver fills in when it decodes an object, plus the two
 * registry PrepareFor* steps that the apiserver must run around validation.
 */
export { applyDefaults, normalizeServiceClusterIPs, prepareNamespaceForCreate } from "./apply.js";
export { defaultPullPolicy, imageTag, parseImageReference } from "./image.js";
export type { ImageReference } from "./image.js";
export { encodeBase64 } from "./secret.js";
