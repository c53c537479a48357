/**
 * Deployments and ReplicaSets. Mirrors kubernetes/pkg/apis/apps/validation
 * (ValidateDeploymentSpec, ValidateDeploymentStrategy,
 * ValidateRollingUpdateDeployment, ValidatePositiveIntOrPercent,
 * IsNotMoreThan100Percent, ValidatePodTemplateSpecForReplicaSet,
 * ValidateReplicaSetSpec) and the registry strategies' ValidateUpdate
 * (pkg/registry/apps/{deployment,replicaset}/strategy.go: the selector is
 * immutable in apps/v1).
 *
 * Guarantees, with upstream's paths and words:
 * - `spec.replicas: Invalid value: -1: must be greater than or equal to 0`;
 * - `spec.selector: Required value`; an empty selector:
 *   `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{},
 *   MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment`
 *   (ReplicaSets say "deployment" too, as upstream does);
 * - the selector must match the template: `spec.template.metadata.labels:
 *   Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels``.
 *   A missing selector matches nothing, so it also gets this error, as upstream;
 * - template restartPolicy must be Always; activeDeadlineSeconds is forbidden;
 * - strategy: Recreate or RollingUpdate; maxUnavailable/maxSurge an int ≥ 0 or
 *   "N%"; not both 0 (`spec.strategy.rollingUpdate.maxUnavailable: Invalid
 *   value: 0: may not be 0 when `maxSurge` is 0`); maxUnavailable ≤ 100%;
 * - minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds ≥ 0 and
 *   progressDeadlineSeconds > minReadySeconds;
 * - update: `spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable`.
 *
 * Values print as upstream's `%#v` prints the Go field (go-value.ts).
 */
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { goLabelSelector, goStringMap } from "../go-value.js";
import { getIntOrPercentValue, isPercent } from "../intstr.js";
import type { Selector } from "../labels/index.js";
import { labelSelectorAsSelector, validateLabelSelector } from "../labels/index.js";
import { nameIsDNSSubdomain } from "../names.js";
import { isValidPercent } from "./formats.js";
import type { Obj } from "./json.js";
import { isObj, num, obj, optNum, str, stringMap } from "./json.js";
import {
  metaOf,
  validateImmutableField,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { child } from "./path.js";
import { validatePodTemplateSpec } from "./podspec.js";

/** ValidatePodTemplateSpecForReplicaSet. */
function validateTemplateForReplicaSet(
  template: Obj | undefined,
  selector: Selector,
  path: string,
  kindWord: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const labels = stringMap(obj(template, "metadata"), "labels");
  if (!selector.isEmpty() && !selector.matches(labels ?? {})) {
    errs.push(
      fieldError.invalid(
        child(path, "metadata", "labels"),
        goStringMap(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, path));
  const spec = obj(template, "spec");
  const restartPolicy = str(spec, "restartPolicy");
  if (restartPolicy !== "Always") {
    errs.push(
      fieldError.notSupported(child(path, "spec", "restartPolicy"), restartPolicy, ["Always"]),
    );
  }
  if (optNum(spec, "activeDeadlineSeconds") !== undefined) {
    errs.push(
      fieldError.forbidden(
        child(path, "spec", "activeDeadlineSeconds"),
        `activeDeadlineSeconds in ${kindWord} is not Supported`,
      ),
    );
  }
  return errs;
}

/** A selector that matches nothing and is not empty: LabelSelectorAsSelector(nil). */
function selectorOrError(raw: unknown): Selector | undefined {
  try {
    return labelSelectorAsSelector(isObj(raw) ? (raw as LabelSelector) : undefined);
  } catch {
    return undefined;
  }
}

/** The selector checks and template checks shared by Deployments and ReplicaSets. */
function validateSelectorAndTemplate(spec: Obj, path: string, kindWord: string): FieldError[] {
  const errs: FieldError[] = [];
  const raw = spec["selector"];
  const selPath = child(path, "selector");
  if (!isObj(raw)) {
    errs.push(fieldError.required(selPath));
  } else {
    errs.push(...validateLabelSelector(raw as LabelSelector, selPath));
    const matchLabels = obj(raw, "matchLabels");
    const exprs = raw["matchExpressions"];
    const n = Object.keys(matchLabels ?? {}).length + (Array.isArray(exprs) ? exprs.length : 0);
    if (n === 0)
      errs.push(
        fieldError.invalid(
          selPath,
          goLabelSelector(raw),
          "empty selector is invalid for deployment",
        ),
      );
  }
  const selector = selectorOrError(raw);
  if (selector === undefined)
    errs.push(fieldError.invalid(selPath, goLabelSelector(raw), "invalid label selector"));
  else
    errs.push(
      ...validateTemplateForReplicaSet(
        obj(spec, "template"),
        selector,
        child(path, "template"),
        kindWord,
      ),
    );
  return errs;
}

/** ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === "string") return isValidPercent(v).map((m) => fieldError.invalid(path, v, m));
  if (typeof v === "number") return validateNonnegativeField(v, path);
  return [];
}

function intOrPercentValue(v: unknown): number {
  return typeof v === "number" || typeof v === "string" ? getIntOrPercentValue(v) : 0;
}

function validateRollingUpdate(ru: Obj, path: string): FieldError[] {
  const maxUnavailable = ru["maxUnavailable"];
  const maxSurge = ru["maxSurge"];
  const errs = validatePositiveIntOrPercent(maxUnavailable, child(path, "maxUnavailable"));
  errs.push(...validatePositiveIntOrPercent(maxSurge, child(path, "maxSurge")));
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    errs.push(
      fieldError.invalid(
        child(path, "maxUnavailable"),
        maxUnavailable ?? 0,
        "may not be 0 when `maxSurge` is 0",
      ),
    );
  }
  if (
    isPercent(typeof maxUnavailable === "string" ? maxUnavailable : undefined) &&
    intOrPercentValue(maxUnavailable) > 100
  ) {
    errs.push(
      fieldError.invalid(
        child(path, "maxUnavailable"),
        maxUnavailable,
        "must not be greater than 100%",
      ),
    );
  }
  return errs;
}

function validateStrategy(strategy: Obj | undefined, path: string): FieldError[] {
  const type = str(strategy, "type");
  const rollingUpdate = obj(strategy, "rollingUpdate");
  if (type === "Recreate") {
    return rollingUpdate !== undefined
      ? [
          fieldError.forbidden(
            child(path, "rollingUpdate"),
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ]
      : [];
  }
  if (type === "RollingUpdate") {
    return rollingUpdate === undefined
      ? [
          fieldError.required(
            child(path, "rollingUpdate"),
            "this should be defaulted and never be nil",
          ),
        ]
      : validateRollingUpdate(rollingUpdate, child(path, "rollingUpdate"));
  }
  return [fieldError.notSupported(path, strategy ?? {}, ["Recreate", "RollingUpdate"])];
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: Obj | undefined, path = "spec"): FieldError[] {
  const s = spec ?? {};
  const errs = validateNonnegativeField(num(s, "replicas"), child(path, "replicas"));
  errs.push(...validateSelectorAndTemplate(s, path, "ReplicaSet"));
  errs.push(...validateStrategy(obj(s, "strategy"), child(path, "strategy")));
  const minReady = num(s, "minReadySeconds");
  errs.push(...validateNonnegativeField(minReady, child(path, "minReadySeconds")));
  const rhl = optNum(s, "revisionHistoryLimit");
  if (rhl !== undefined)
    errs.push(...validateNonnegativeField(rhl, child(path, "revisionHistoryLimit")));
  const pds = optNum(s, "progressDeadlineSeconds");
  if (pds !== undefined) {
    errs.push(...validateNonnegativeField(pds, child(path, "progressDeadlineSeconds")));
    if (pds <= minReady) {
      errs.push(
        fieldError.invalid(
          child(path, "progressDeadlineSeconds"),
          pds,
          "must be greater than minReadySeconds",
        ),
      );
    }
  }
  return errs;
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSetSpec(spec: Obj | undefined, path = "spec"): FieldError[] {
  const s = spec ?? {};
  const errs = validateNonnegativeField(num(s, "replicas"), child(path, "replicas"));
  errs.push(...validateNonnegativeField(num(s, "minReadySeconds"), child(path, "minReadySeconds")));
  errs.push(...validateSelectorAndTemplate(s, path, "ReplicaSet"));
  return errs;
}

export function validateDeploymentCreate(d: Obj): FieldError[] {
  return [
    ...validateObjectMeta(metaOf(d), true, nameIsDNSSubdomain),
    ...validateDeploymentSpec(obj(d, "spec")),
  ];
}

export function validateDeploymentUpdate(d: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(metaOf(d), metaOf(old));
  errs.push(...validateDeploymentSpec(obj(d, "spec")));
  errs.push(
    ...validateImmutableField(
      obj(d, "spec")?.["selector"],
      obj(old, "spec")?.["selector"],
      "spec.selector",
      goLabelSelector,
    ),
  );
  return errs;
}

export function validateReplicaSetCreate(rs: Obj): FieldError[] {
  return [
    ...validateObjectMeta(metaOf(rs), true, nameIsDNSSubdomain),
    ...validateReplicaSetSpec(obj(rs, "spec")),
  ];
}

export function validateReplicaSetUpdate(rs: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(metaOf(rs), metaOf(old));
  errs.push(...validateReplicaSetSpec(obj(rs, "spec")));
  errs.push(
    ...validateImmutableField(
      obj(rs, "spec")?.["selector"],
      obj(old, "spec")?.["selector"],
      "spec.selector",
      goLabelSelector,
    ),
  );
  return errs;
}
