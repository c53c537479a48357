/**
 * Validation of labels and LabelSelectors in objects. Mirrors
 * k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 * (ValidateLabels, ValidateLabelName, ValidateLabelSelector,
 * ValidateLabelSelectorRequirement) with the default options (no invalid label
 * values, no unknown operators), as the Deployment and ReplicaSet strategies
 * call them on create.
 *
 * Guarantees: one FieldError per message, at upstream's field paths:
 *
 *   validateLabels({ "-bad": "x" }, "metadata.labels")
 *   // metadata.labels: Invalid value: "-bad": name part must consist of alphanumeric characters, ...
 *   validateLabelSelector({ matchExpressions: [{ key: "a", operator: "In" }] }, "spec.selector")
 *   // spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'
 *
 * Go visits a map in random order; kubesim visits label keys in sorted order,
 * so the errors come out in one deterministic order.
 */
import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1";
import { fieldError } from "../errors.js";
import type { FieldError } from "../errors.js";
import { isQualifiedName, isValidLabelValue } from "../names.js";
import { compareBytewise } from "./gostring.js";
import { childPath } from "./selector.js";

/** ValidateLabelName: one Invalid error per message of isQualifiedName. */
export function validateLabelName(labelName: string, fldPath: string): FieldError[] {
  return isQualifiedName(labelName).map((msg) => fieldError.invalid(fldPath, labelName, msg));
}

/** ValidateLabels: each key must be a qualified name and each value a label value. */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  fldPath: string,
): FieldError[] {
  if (labels === undefined) return [];
  const errs: FieldError[] = [];
  for (const key of Object.keys(labels).sort(compareBytewise)) {
    const value = labels[key]!;
    errs.push(...validateLabelName(key, fldPath));
    for (const msg of isValidLabelValue(value)) errs.push(fieldError.invalid(fldPath, value, msg));
  }
  return errs;
}

/** ValidateLabelSelectorRequirement, at `fldPath` (e.g. `spec.selector.matchExpressions[0]`). */
export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  fldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  const valuesPath = childPath(fldPath, "values");
  switch (sr.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) {
        errs.push(
          fieldError.required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      }
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(
          fieldError.forbidden(
            valuesPath,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    default:
      errs.push(
        fieldError.invalid(
          childPath(fldPath, "operator"),
          sr.operator,
          "not a valid selector operator",
        ),
      );
  }
  errs.push(...validateLabelName(sr.key, childPath(fldPath, "key")));
  values.forEach((value, i) => {
    for (const msg of isValidLabelValue(value)) {
      errs.push(fieldError.invalid(`${valuesPath}[${i}]`, value, msg));
    }
  });
  return errs;
}

/** ValidateLabelSelector: a missing selector is valid here (callers require it separately). */
export function validateLabelSelector(
  ls: LabelSelector | undefined | null,
  fldPath: string,
): FieldError[] {
  if (ls === undefined || ls === null) return [];
  const errs = validateLabels(ls.matchLabels, childPath(fldPath, "matchLabels"));
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(
      ...validateLabelSelectorRequirement(expr, `${childPath(fldPath, "matchExpressions")}[${i}]`),
    );
  });
  return errs;
}
