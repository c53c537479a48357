/**
 * Pods. Mirrors kubernetes/pkg/apis/core/validation (ValidatePodCreate,
 * validatePodMetadataAndSpec, ValidatePodUpdate, ValidateContainerUpdates,
 * validateOnlyAddedTolerations, validateOnlyDeletedSchedulingGates).
 *
 * Guarantees:
 * - create: metadata (name a DNS subdomain), the PodSpec, no ephemeral
 *   containers (`spec.ephemeralContainers: Forbidden: cannot be set on create`),
 *   no nodeName while scheduling gates remain;
 * - update: the same checks on the new pod, plus upstream's update rules:
 *   containers may not be added or removed; only images, activeDeadlineSeconds
 *   (set once, then only lowered), tolerations (additions), scheduling gates
 *   (removals) and a negative terminationGracePeriodSeconds → 1 may change.
 *   Anything else is `spec: Forbidden: pod updates may not change fields other
 *   than ...` followed by a newline and the differences.
 *
 * kubesim difference: upstream appends a Go cmp.Diff of the specs; kubesim
 * appends one line per changed field, `  <path>: <old> -> <new>` in JSON.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { nameIsDNSSubdomain } from "../names.js";
import { validateContainersOnlyForPod } from "./container.js";
import { inclusiveRangeError } from "./formats.js";
import type { Obj } from "./json.js";
import { items, obj, optNum, str } from "./json.js";
import { identityMemo } from "./memo.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { child, index } from "./path.js";
import { validatePodSpec, validateTolerations } from "./podspec.js";
import { semanticDiff, semanticEqual } from "./semantic.js";

const MAX_INT32 = 2147483647;

export const UPDATABLE_POD_SPEC_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** The spec half of validatePodMetadataAndSpec: it reads the spec and nothing else. */
function podSpecErrors(spec: Obj | undefined): FieldError[] {
  const errs = validatePodSpec(spec, "spec", { resourceIsPod: true });
  errs.push(...validateContainersOnlyForPod(items(spec, "containers"), "spec.containers"));
  errs.push(...validateContainersOnlyForPod(items(spec, "initContainers"), "spec.initContainers"));
  return errs;
}

/**
 * What validation knows about one spec, each fact filled on first need. Every
 * fact is a function of the spec alone.
 */
interface SpecFacts {
  /** podSpecErrors(spec). */
  errors?: readonly FieldError[];
  /** specUpdateErrors(spec, spec): the update rules when the spec is kept. */
  unchanged?: readonly FieldError[];
}

/**
 * The facts of a spec, memoized by its identity (memo.ts): an update that
 * leaves the spec alone (labels, annotations, finalizers, status) hands over
 * the stored pod's own deep-frozen spec, whose errors are already known (they
 * were computed when it was created or last changed). A changed spec is a new
 * object and is validated in full; a spec that is not deep-frozen gets new,
 * empty facts on every call.
 */
const specFacts = identityMemo((_spec: Obj): SpecFacts => ({}));

function validatePodMetadataAndSpec(pod: Obj): FieldError[] {
  const errs = validateObjectMeta(metaOf(pod), true, nameIsDNSSubdomain);
  const spec = obj(pod, "spec");
  if (spec === undefined) errs.push(...podSpecErrors(spec));
  else {
    const facts = specFacts(spec);
    facts.errors ??= Object.freeze(podSpecErrors(spec));
    errs.push(...facts.errors);
  }
  return errs;
}

export function validatePodCreate(pod: Obj): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = obj(pod, "spec");
  if (items(spec, "ephemeralContainers").length > 0) {
    errs.push(fieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
  }
  if (str(spec, "nodeName") !== "" && items(spec, "schedulingGates").length > 0) {
    errs.push(
      fieldError.forbidden(
        "spec.nodeName",
        "cannot be set until all schedulingGates have been cleared",
      ),
    );
  }
  return errs;
}

/** ValidateContainerUpdates: the error list, and whether validation must stop. */
function validateContainerUpdates(next: Obj[], prev: Obj[], path: string): [FieldError[], boolean] {
  if (next.length !== prev.length) {
    return [[fieldError.forbidden(path, "pod updates may not add or remove containers")], true];
  }
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    const image = str(c, "image");
    if (image === "") errs.push(fieldError.required(child(index(path, i), "image")));
    if (image.trim() !== image) {
      errs.push(
        fieldError.invalid(
          child(index(path, i), "image"),
          image,
          "must not have leading or trailing whitespace",
        ),
      );
    }
  });
  return [errs, false];
}

function validateOnlyAddedTolerations(next: Obj[], prev: Obj[], path: string): FieldError[] {
  for (const old of prev) {
    const found = next.some((t) =>
      semanticEqual({ ...old, tolerationSeconds: t["tolerationSeconds"] }, t),
    );
    if (!found)
      return [
        fieldError.forbidden(
          path,
          "existing toleration can not be modified except its tolerationSeconds",
        ),
      ];
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(next: Obj[], prev: Obj[], path: string): FieldError[] {
  const old = new Set(prev.map((g) => str(g, "name")));
  return next.flatMap((g, i) =>
    old.has(str(g, "name"))
      ? []
      : [
          fieldError.forbidden(
            child(index(path, i), "name"),
            `only deletion is allowed, but found new scheduling gate '${str(g, "name")}'`,
          ),
        ],
  );
}

export function validatePodUpdate(pod: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(metaOf(pod), metaOf(old));
  errs.push(...validatePodMetadataAndSpec(pod));
  const spec = obj(pod, "spec") ?? {};
  const oldSpec = obj(old, "spec") ?? {};
  if (spec !== oldSpec) errs.push(...specUpdateErrors(spec, oldSpec));
  else {
    // The spec is the stored one (an update of labels, annotations or
    // finalizers): the rules then read one object only, and their result is
    // one more fact about it.
    const facts = specFacts(spec);
    facts.unchanged ??= Object.freeze(specUpdateErrors(spec, spec));
    errs.push(...facts.unchanged);
  }
  return errs;
}

/** ValidatePodUpdate's rules on the spec: what may change from `oldSpec` to `spec`. */
function specUpdateErrors(spec: Obj, oldSpec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ["containers", "initContainers"] as const) {
    const [cErrs, stop] = validateContainerUpdates(
      items(spec, list),
      items(oldSpec, list),
      child("spec", list),
    );
    errs.push(...cErrs);
    if (stop) return errs;
  }
  const ads = optNum(spec, "activeDeadlineSeconds");
  const oldAds = optNum(oldSpec, "activeDeadlineSeconds");
  if (ads !== undefined) {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(
        fieldError.invalid("spec.activeDeadlineSeconds", ads, inclusiveRangeError(0, MAX_INT32)),
      );
      return errs;
    }
    if (oldAds !== undefined && oldAds < ads) {
      errs.push(
        fieldError.invalid(
          "spec.activeDeadlineSeconds",
          ads,
          "must be less than or equal to previous value",
        ),
      );
      return errs;
    }
  } else if (oldAds !== undefined) {
    errs.push(
      fieldError.invalid(
        "spec.activeDeadlineSeconds",
        null,
        "must not update from a positive integer to nil value",
      ),
    );
  }
  errs.push(
    ...validateOnlyAddedTolerations(
      items(spec, "tolerations"),
      items(oldSpec, "tolerations"),
      "spec.tolerations",
    ),
  );
  errs.push(
    ...validateOnlyDeletedSchedulingGates(
      items(spec, "schedulingGates"),
      items(oldSpec, "schedulingGates"),
      "spec.schedulingGates",
    ),
  );
  if (semanticEqual(spec, oldSpec)) return errs;

  // Munge the updatable fields back to their old values, then compare what is left.
  const munged: Record<string, unknown> = { ...spec };
  for (const list of ["containers", "initContainers"] as const) {
    const prev = items(oldSpec, list);
    if (Array.isArray(spec[list])) {
      munged[list] = items(spec, list).map((c, i) => ({ ...c, image: prev[i]?.["image"] }));
    }
  }
  munged["activeDeadlineSeconds"] = oldSpec["activeDeadlineSeconds"];
  munged["schedulingGates"] = oldSpec["schedulingGates"];
  munged["tolerations"] = oldSpec["tolerations"];
  const oldGrace = optNum(oldSpec, "terminationGracePeriodSeconds");
  if (oldGrace !== undefined && oldGrace < 0 && munged["terminationGracePeriodSeconds"] === 1) {
    munged["terminationGracePeriodSeconds"] = oldGrace;
  }
  if (!semanticEqual(munged, oldSpec)) {
    const diff = semanticDiff(oldSpec, munged, "spec").join("\n");
    errs.push(
      fieldError.forbidden(
        "spec",
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(",")}\n${diff}`,
      ),
    );
  }
  return errs;
}
