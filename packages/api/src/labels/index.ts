/**
 * Labels and label selectors: k8s.io/apimachinery/pkg/labels, the LabelSelector
 * helpers of pkg/apis/meta/v1 and their validation. Explicit re-exports only.
 */
export type { Operator, Requirement, Selector } from "./selector.js";
export {
  equalityRequirements,
  everything,
  matchesNothing,
  newRequirement,
  nothing,
  requirementMatches,
  requirementString,
  selectorFromSet,
  selectorOf,
  validRequirementOperators,
} from "./selector.js";
export { parseSelector } from "./parse.js";
export {
  formatLabelSelector,
  labelSelectorAsSelector,
  selectorAsLabelSelector,
} from "./helpers.js";
export {
  validateLabelName,
  validateLabelSelector,
  validateLabelSelectorRequirement,
  validateLabels,
} from "./validate.js";
