/**
 * Validation (kubernetes/pkg/apis/{core,apps,networking,discovery,coordination}/validation):
 * the field errors kube-apiserver answers with 422 Invalid, and the decode
 * errors it answers with 400 BadRequest.
 */
export { validateCreate, validateUpdate } from "./validate.js";
export { semanticEqual } from "./semantic.js";
export { validateEventsV1EventCreate, validateEventsV1EventUpdate } from "./event.js";
export { decodeError, decodeErrorMessage } from "./decode.js";
export { decodeBase64, base64ErrorMessage } from "./base64.js";
export type { Base64Result } from "./base64.js";
