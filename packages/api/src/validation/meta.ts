/**
 * ObjectMeta validation. Mirrors k8s.io/apimachinery/pkg/api/validation
 * (objectmeta.go: ValidateObjectMetaAccessor, ValidateObjectMetaAccessorUpdate,
 * ValidateAnnotations, ValidateOwnerReferences, ValidateFinalizers,
 * ValidateImmutableField, ValidateNonnegativeField) and the core wrapper in
 * pkg/apis/core/validation (ValidateObjectMeta adds validateKubeFinalizerName).
 *
 * Guarantees, with upstream's paths and words:
 * - `metadata.name: Required value: name or generateName is required`;
 * - a bad name: `metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain ...`;
 * - namespaced kinds require metadata.namespace (a DNS label); cluster-scoped
 *   kinds forbid it: `metadata.namespace: Forbidden: not allowed on this type`;
 * - labels, annotations (qualified keys, 256 KiB in total), ownerReferences, finalizers;
 * - updates: name, namespace, uid, creationTimestamp, deletionTimestamp and
 *   deletionGracePeriodSeconds are immutable (`field is immutable`), the
 *   resourceVersion must be set, generation may not go down, and no finalizer
 *   may be added to an object being deleted.
 *
 * kubesim difference: upstream validates after the apiserver generated a name
 * from generateName. Called before that, a missing name with a generateName is
 * not an error here (the generateName itself is validated as a prefix).
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { validateLabels } from "../labels/index.js";
import { isQualifiedName, nameIsDNSLabel } from "../names.js";
import type { Obj } from "./json.js";
import { byteLength, items, num, obj, optBool, str, stringValues, strings } from "./json.js";
import { memoLatestByPath } from "./memo.js";
import { child, index } from "./path.js";
import { semanticEqual } from "./semantic.js";

/** ValidateNameFunc: the messages for a name (or, with `prefix`, a generateName). */
export type NameFn = (name: string, prefix: boolean) => string[];

export const IS_NEGATIVE_ERROR_MSG = "must be greater than or equal to 0";
export const FIELD_IMMUTABLE_ERROR_MSG = "field is immutable";
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** ValidateNonnegativeField. */
export function validateNonnegativeField(value: number, path: string): FieldError[] {
  return value < 0 ? [fieldError.invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** ValidateImmutableField (semantic equality: absent, null, [] and {} are equal). */
export function validateImmutableField(
  newVal: unknown,
  oldVal: unknown,
  path: string,
  /** The value as the error shows it (a GoValue for a field of a Go struct or map type). */
  shown: (v: unknown) => unknown = (v) => v ?? null,
): FieldError[] {
  return semanticEqual(newVal, oldVal)
    ? []
    : [fieldError.invalid(path, shown(newVal), FIELD_IMMUTABLE_ERROR_MSG)];
}

/** ValidateAnnotations: keys are qualified names (case-insensitively); 256 KiB in total. */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  path: string,
): FieldError[] {
  if (annotations === undefined) return [];
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of Object.keys(annotations).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldError.invalid(path, k, msg));
    total += byteLength(k) + byteLength(annotations[k] ?? "");
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B)
    errs.push(fieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

function validateOwnerReferences(meta: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const ref of items(meta, "ownerReferences")) {
    const apiVersion = str(ref, "apiVersion");
    const kind = str(ref, "kind");
    const slash = apiVersion.indexOf("/");
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    if (version === "")
      errs.push(
        fieldError.invalid(child(path, "apiVersion"), apiVersion, "version must not be empty"),
      );
    if (kind === "") errs.push(fieldError.invalid(child(path, "kind"), kind, "must not be empty"));
    if (str(ref, "name") === "")
      errs.push(fieldError.invalid(child(path, "name"), "", "must not be empty"));
    if (str(ref, "uid") === "")
      errs.push(fieldError.invalid(child(path, "uid"), "", "must not be empty"));
    if (apiVersion === "v1" && kind === "Event") {
      errs.push(fieldError.invalid(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
    }
    if (optBool(ref, "controller") === true) {
      const name = `${kind}/${str(ref, "name")}`;
      if (firstController !== "") {
        errs.push(
          fieldError.invalid(
            path,
            meta["ownerReferences"],
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else {
        firstController = name;
      }
    }
  }
  return errs;
}

/** ValidateFinalizers: qualified names; orphan and foregroundDeletion together are a conflict. */
function validateFinalizers(finalizers: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers) {
    for (const msg of isQualifiedName(f)) errs.push(fieldError.invalid(path, f, msg));
  }
  if (finalizers.includes("orphan") && finalizers.includes("foregroundDeletion")) {
    errs.push(
      fieldError.invalid(
        path,
        finalizers,
        "finalizer orphan and foregroundDeletion cannot be both set",
      ),
    );
  }
  return errs;
}

const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** Core's validateKubeFinalizerName: an unqualified finalizer must be a standard one. */
export function validateKubeFinalizerName(value: string, path: string): FieldError[] {
  return !value.includes("/") && !standardFinalizers.has(value)
    ? [
        fieldError.invalid(
          path,
          value,
          "name is neither a standard finalizer name nor is it fully qualified",
        ),
      ]
    : [];
}

function kubeFinalizerErrors(meta: Obj, path: string): FieldError[] {
  return strings(meta, "finalizers").flatMap((f, i) =>
    validateKubeFinalizerName(f, index(child(path, "finalizers"), i)),
  );
}

/*
 * The checks of labels, annotations, ownerReferences and finalizers below are
 * functions of that one field and the path alone. validateObjectMeta and
 * validateObjectMetaUpdate both run them on the same metadata in one pod
 * update (as upstream's ValidatePodUpdate does), so the latest result per path
 * is kept (memo.ts, memoLatestByPath): the second run costs nothing. Not a
 * WeakMap of every version: labels change often, and remembering each new map
 * cost more than it saved (measured on the apiserver's update benchmark).
 */
const labelErrors = memoLatestByPath((labels: Obj, path: string) =>
  validateLabels(stringValues(labels), path),
);
const annotationErrors = memoLatestByPath((annotations: Obj, path: string) =>
  validateAnnotations(stringValues(annotations), path),
);
/** ownerReferences checks, given the list itself (`{ ownerReferences }` is all they read). */
const ownerReferenceErrors = memoLatestByPath((refs: readonly unknown[], path: string) =>
  validateOwnerReferences({ ownerReferences: refs }, path),
);
const finalizerErrors = memoLatestByPath((finalizers: readonly unknown[], path: string) =>
  validateFinalizers(strings({ finalizers }, "finalizers"), path),
);
const kubeFinalizerNameErrors = memoLatestByPath((finalizers: readonly unknown[], path: string) =>
  kubeFinalizerErrors({ finalizers }, path),
);

/**
 * `<path>.<k>`, as a constant string for the usual `metadata` path: a memo
 * keyed by path then finds it without hashing a new string.
 */
function fieldPath(path: string, k: string): string {
  if (path === "metadata") {
    const p = METADATA_FIELD_PATHS[k];
    if (p !== undefined) return p;
  }
  return child(path, k);
}

const METADATA_FIELD_PATHS: Readonly<Record<string, string>> = {
  labels: "metadata.labels",
  annotations: "metadata.annotations",
  ownerReferences: "metadata.ownerReferences",
  finalizers: "metadata.finalizers",
};

/** The map at `meta[k]` checked by `check` at `<path>.<k>`; nothing when absent. */
function mapErrors(
  meta: Obj,
  k: string,
  path: string,
  check: (m: Obj, path: string) => FieldError[],
): FieldError[] {
  const m = obj(meta, k);
  return m === undefined ? [] : check(m, fieldPath(path, k));
}

/**
 * The list at `meta[k]` checked by `check` at `at`. An absent or empty list
 * has no errors (the checks below only report on elements).
 */
function listErrors(
  meta: Obj,
  k: string,
  at: string,
  check: (l: readonly unknown[], path: string) => FieldError[],
): FieldError[] {
  const v = meta[k];
  return Array.isArray(v) && v.length > 0 ? check(v, at) : [];
}

/** Labels, annotations, ownerReferences and finalizers: the part of ObjectMeta validation shared by create and update. */
function metaFieldErrors(meta: Obj, path: string): FieldError[] {
  return [
    ...mapErrors(meta, "labels", path, labelErrors),
    ...mapErrors(meta, "annotations", path, annotationErrors),
    ...listErrors(
      meta,
      "ownerReferences",
      fieldPath(path, "ownerReferences"),
      ownerReferenceErrors,
    ),
    ...listErrors(meta, "finalizers", fieldPath(path, "finalizers"), finalizerErrors),
  ];
}

function commonMetaErrors(meta: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = str(meta, "namespace");
  if (namespaced) {
    if (namespace === "") errs.push(fieldError.required(child(path, "namespace")));
    else {
      for (const msg of nameIsDNSLabel(namespace, false)) {
        errs.push(fieldError.invalid(child(path, "namespace"), namespace, msg));
      }
    }
  } else if (namespace !== "") {
    errs.push(fieldError.forbidden(child(path, "namespace"), "not allowed on this type"));
  }
  errs.push(...validateNonnegativeField(num(meta, "generation"), child(path, "generation")));
  errs.push(...metaFieldErrors(meta, path));
  return errs;
}

export interface MetaOptions {
  /** Core's wrapper also checks unqualified finalizer names (all kinds here but Lease). */
  readonly kubeFinalizers?: boolean;
}

/** ValidateObjectMeta for create. `meta` is the object's metadata (or {} when absent). */
export function validateObjectMeta(
  meta: Obj | undefined,
  namespaced: boolean,
  nameFn: NameFn,
  path = "metadata",
  options: MetaOptions = {},
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  const generateName = str(m, "generateName");
  const name = str(m, "name");
  if (generateName !== "") {
    for (const msg of nameFn(generateName, true)) {
      errs.push(fieldError.invalid(child(path, "generateName"), generateName, msg));
    }
  }
  if (name === "") {
    if (generateName === "") {
      errs.push(fieldError.required(child(path, "name"), "name or generateName is required"));
    }
  } else {
    for (const msg of nameFn(name, false))
      errs.push(fieldError.invalid(child(path, "name"), name, msg));
  }
  errs.push(...commonMetaErrors(m, namespaced, path));
  if (options.kubeFinalizers !== false)
    errs.push(...listErrors(m, "finalizers", path, kubeFinalizerNameErrors));
  return errs;
}

const IMMUTABLE_META_FIELDS = [
  "name",
  "namespace",
  "uid",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
] as const;

/** ValidateObjectMetaUpdate. */
export function validateObjectMetaUpdate(
  newMeta: Obj | undefined,
  oldMeta: Obj | undefined,
  path = "metadata",
  options: MetaOptions = {},
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o["deletionTimestamp"] !== undefined && o["deletionTimestamp"] !== null) {
    const old = new Set(strings(o, "finalizers"));
    const extra = [...new Set(strings(n, "finalizers"))].filter((f) => !old.has(f)).sort();
    if (extra.length > 0) {
      errs.push(
        fieldError.forbidden(
          child(path, "finalizers"),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra
            .map((f) => JSON.stringify(f))
            .join(", ")}}`,
        ),
      );
    }
  }
  if (str(n, "resourceVersion") === "") {
    errs.push(
      fieldError.invalid(child(path, "resourceVersion"), "", "must be specified for an update"),
    );
  }
  if (num(n, "generation") < num(o, "generation")) {
    errs.push(
      fieldError.invalid(
        child(path, "generation"),
        num(n, "generation"),
        "must not be decremented",
      ),
    );
  }
  for (const f of IMMUTABLE_META_FIELDS) {
    const stringValued = f === "name" || f === "namespace" || f === "uid";
    const newVal = stringValued ? str(n, f) : n[f];
    const oldVal = stringValued ? str(o, f) : o[f];
    // The common case (the value kept) needs no comparison and no path.
    if (newVal !== oldVal) errs.push(...validateImmutableField(newVal, oldVal, child(path, f)));
  }
  errs.push(...metaFieldErrors(n, path));
  if (options.kubeFinalizers !== false)
    errs.push(...listErrors(n, "finalizers", path, kubeFinalizerNameErrors));
  return errs;
}

/** The metadata object of a JSON object, when present. */
export function metaOf(o: Obj): Obj | undefined {
  return obj(o, "metadata");
}
