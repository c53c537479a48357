/**
 * @kubesim/api: apimachinery in miniature. Kinds registry, metadata helpers,
 * labels and selectors, quantities, intstr, names, defaulting, validation,
 * and Status errors. No clock, no I/O (like kube-core).
 */
export type { FieldError, FieldErrorType, GroupResource, StatusReason } from "./errors.js";
export {
  ApiError,
  InvariantError,
  OBJECT_MODIFIED,
  alreadyExists,
  badRequest,
  conflict,
  fieldError,
  fieldErrorBody,
  fieldErrorString,
  forbidden,
  formatFieldValue,
  gone,
  internalError,
  invalid,
  isAlreadyExists,
  isApiError,
  isBadRequest,
  isConflict,
  isInvalid,
  isInvariantError,
  isNotFound,
  isResourceExpired,
  methodNotAllowed,
  notFound,
  qualifiedResource,
  reasonCode,
  requestEntityTooLarge,
  resourceExpired,
  tooManyRequests,
  unauthorized,
} from "./errors.js";
export type {
  ApiClient,
  DeleteOptions,
  DeleteResult,
  FieldValidation,
  KindName,
  KindTypes,
  KubeObject,
  ListOptions,
  ObjectList,
  PatchOptions,
  PatchType,
  PropagationPolicy,
  UpdateOptions,
  WatchEvent,
  WatchEventType,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from "./client.js";
export { patchContentTypes } from "./client.js";
export type { ConvertedKindInfo, KindInfo } from "./kinds.js";
export {
  apiVersionOf,
  convertedKindForResource,
  convertedKinds,
  groupResource,
  kindFor,
  kindForResource,
  kindInfo,
  kinds,
  parseApiVersion,
  resolveResource,
} from "./kinds.js";
export type { QuantityFormat } from "./quantity.js";
export {
  QUANTITY_REGEX,
  Quantity,
  parseQuantity,
  quantityMessages,
  tryParseQuantity,
} from "./quantity.js";
export type { IntOrString } from "./intstr.js";
export { getIntOrPercentValue, getScaledValueFromIntOrPercent, isPercent } from "./intstr.js";
export type { Operator, Requirement, Selector } from "./labels/index.js";
export {
  equalityRequirements,
  everything,
  formatLabelSelector,
  labelSelectorAsSelector,
  matchesNothing,
  newRequirement,
  nothing,
  parseSelector,
  requirementMatches,
  requirementString,
  selectorAsLabelSelector,
  selectorFromSet,
  selectorOf,
  validRequirementOperators,
  validateLabelName,
  validateLabelSelector,
  validateLabelSelectorRequirement,
  validateLabels,
} from "./labels/index.js";
export type { FieldRequirement, FieldSelector } from "./fields.js";
export {
  escapeFieldValue,
  everythingFieldSelector,
  fieldRequiresExactMatch,
  fieldSelectorFromSet,
  fieldSelectorOf,
  oneTermEqualSelector,
  parseFieldSelector,
  transformFieldSelector,
  unescapeFieldValue,
} from "./fields.js";
export {
  convertFieldLabel,
  convertFieldSelector,
  fieldsOf,
  validateFieldSelector,
} from "./fields-kinds.js";
export type { RandomSource } from "./names.js";
export {
  DNS1035LabelMaxLength,
  DNS1123LabelMaxLength,
  DNS1123SubdomainMaxLength,
  LabelValueMaxLength,
  emptyError,
  generateName,
  generateNameSuffix,
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  maxGeneratedNameLength,
  maxLenError,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameSuffixAlphabet,
  regexError,
} from "./names.js";
export type { ImageReference } from "./defaulting/index.js";
export {
  applyDefaults,
  defaultPullPolicy,
  encodeBase64,
  imageTag,
  normalizeServiceClusterIPs,
  parseImageReference,
  prepareNamespaceForCreate,
} from "./defaulting/index.js";
export type { Base64Result } from "./validation/index.js";
export {
  base64ErrorMessage,
  decodeBase64,
  decodeError,
  decodeErrorMessage,
  semanticEqual,
  validateCreate,
  validateEventsV1EventCreate,
  validateEventsV1EventUpdate,
  validateUpdate,
} from "./validation/index.js";

// scheduling helpers (k8s.io/component-helpers/scheduling, resource helpers)
export * as scheduling from "./scheduling/index.js";
export { GoValue, goLabelSelector, goQuote, goStringMap } from "./go-value.js";
