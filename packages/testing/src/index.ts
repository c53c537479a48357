/**
 * @kubesim/testing: property tests of controllers on a simulated cluster.
 * fast-check arbitraries of objects, image behaviours and actions (faults
 * included); invariants over a running cluster; a rollout property with
 * shrinking and replayable failing cases.
 */

// arbitraries
export type {
  ImageBehavior,
  ImageSpec,
  ImagesOptions,
  BehaviorKind,
} from "./arbitraries/images.js";
export {
  ALL_KINDS,
  HEALTHY_KINDS,
  ROLLOUT_KINDS,
  behaviorArb,
  catalogueOf,
  imagesArb,
} from "./arbitraries/images.js";
export type { DeploymentOptions, IntOrPercent, PodTemplateOptions } from "./arbitraries/objects.js";
export {
  APP_PORT,
  configMapArb,
  dataKeyArb,
  deploymentArb,
  intOrPercentArb,
  podTemplateArb,
  secretArb,
  serviceArb,
  strategyArb,
} from "./arbitraries/objects.js";
export type {
  Action,
  ActionSpec,
  ActionTarget,
  ActionType,
  ActionsOptions,
  Step,
} from "./arbitraries/actions.js";
export { actionArb, actionOf, actionSpecArb, stepsArb } from "./arbitraries/actions.js";
