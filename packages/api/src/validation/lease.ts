/**
 * coordination.k8s.io/v1 Leases. Mirrors kubernetes/pkg/apis/coordination/validation
 * (ValidateLease, ValidateLeaseUpdate, ValidateLeaseSpec,
 * ValidateCoordinatedLeaseStrategy). Leases use apimachinery's ObjectMeta
 * validation directly, so unqualified finalizer names are not checked.
 *
 * Guarantees: `spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0`;
 * leaseTransitions ≥ 0; strategy "OldestEmulationVersion" or a qualified
 * name with a "/"; preferredHolder only with a strategy.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isQualifiedName, nameIsDNSSubdomain } from "../names.js";
import type { Obj } from "./json.js";
import { obj, optNum, optStr } from "./json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";

function validateLeaseSpec(spec: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const duration = optNum(spec, "leaseDurationSeconds");
  if (duration !== undefined && duration <= 0) {
    errs.push(fieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
  }
  const transitions = optNum(spec, "leaseTransitions");
  if (transitions !== undefined && transitions < 0) {
    errs.push(
      fieldError.invalid(
        "spec.leaseTransitions",
        transitions,
        "must be greater than or equal to 0",
      ),
    );
  }
  const strategy = optStr(spec, "strategy");
  if (strategy !== undefined) {
    // Upstream appends "strategy" to a path that already ends in it.
    const p = "spec.strategy.strategy";
    if (!strategy.includes("/")) {
      if (strategy !== "OldestEmulationVersion")
        errs.push(fieldError.notSupported(p, strategy, ["OldestEmulationVersion"]));
    } else {
      for (const m of isQualifiedName(strategy)) errs.push(fieldError.invalid(p, strategy, m));
    }
  }
  const preferred = optStr(spec, "preferredHolder");
  if (preferred !== undefined && preferred !== "" && (strategy === undefined || strategy === "")) {
    errs.push(
      fieldError.forbidden(
        "spec.preferredHolder",
        "may only be specified if `strategy` is defined",
      ),
    );
  }
  return errs;
}

export function validateLeaseCreate(lease: Obj): FieldError[] {
  return [
    ...validateObjectMeta(metaOf(lease), true, nameIsDNSSubdomain, "metadata", {
      kubeFinalizers: false,
    }),
    ...validateLeaseSpec(obj(lease, "spec")),
  ];
}

export function validateLeaseUpdate(lease: Obj, old: Obj): FieldError[] {
  return [
    ...validateObjectMetaUpdate(metaOf(lease), metaOf(old), "metadata", { kubeFinalizers: false }),
    ...validateLeaseSpec(obj(lease, "spec")),
  ];
}
