/**
 * Moving an object from client-side to server-side apply, as kubectl does
 * after each `apply --server-side` (k8s.io/client-go/util/csaupgrade:
 * FindFieldsOwners, UpgradeManagedFieldsPatch, upgradedManagedFields,
 * unionManagerIntoIndex): the fields of the client-side appliers (the Update
 * managers that own the last-applied annotation) are merged into the
 * server-side applier's Apply entry, and their entries are dropped. The
 * result is a JSON patch replacing metadata.managedFields, with the
 * resourceVersion the rewrite was computed from (so a concurrent write makes
 * it a 409 Conflict).
 */
import { fieldPathSet, isFieldSubset, unionFieldSets, type FieldSet } from "@kubesim/apiserver";
import { LAST_APPLIED_CONFIG_ANNOTATION } from "./last-applied.js";

/** One metav1.ManagedFieldsEntry as the API returns it. */
export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly apiVersion?: string;
  readonly time?: string;
  readonly fieldsType?: string;
  readonly fieldsV1?: FieldSet;
  readonly subresource?: string;
}

/** lastAppliedAnnotationFieldPath. */
export const LAST_APPLIED_FIELD_PATH: FieldSet = fieldPathSet([
  "f:metadata",
  "f:annotations",
  `f:${LAST_APPLIED_CONFIG_ANNOTATION}`,
]);

/** The object's metadata.managedFields (empty when it has none). */
export function managedFieldsOf(obj: unknown): readonly ManagedFieldsEntry[] {
  const meta = (obj as { metadata?: { managedFields?: unknown } } | undefined)?.metadata;
  const list = meta?.managedFields;
  return Array.isArray(list) ? (list as ManagedFieldsEntry[]) : [];
}

/** FindFieldsOwners: the entries of `operation` whose fields include all of `fields`. */
export function findFieldsOwners(
  managedFields: readonly ManagedFieldsEntry[],
  operation: "Apply" | "Update",
  fields: FieldSet,
): ManagedFieldsEntry[] {
  return managedFields.filter(
    (e) => e.operation === operation && isFieldSubset(fields, e.fieldsV1 ?? {}),
  );
}

function subresourceOf(e: ManagedFieldsEntry): string {
  return e.subresource ?? "";
}

function isCsaEntry(e: ManagedFieldsEntry, csaManager: string): boolean {
  return e.manager === csaManager && e.operation === "Update" && subresourceOf(e) === "";
}

/** upgradedManagedFields: `managedFields` with `csaManager`'s fields moved to `ssaManager`. */
function upgradedManagedFields(
  managedFields: readonly ManagedFieldsEntry[],
  csaManager: string,
  ssaManager: string,
): readonly ManagedFieldsEntry[] {
  const entries = [...managedFields];
  let target = entries.findIndex(
    (e) => e.manager === ssaManager && e.operation === "Apply" && subresourceOf(e) === "",
  );
  if (target < 0) {
    // The most recent client-side entry (the list is sorted newest first) becomes the applier's.
    target = entries.findIndex((e) => isCsaEntry(e, csaManager));
    if (target < 0) return managedFields;
    entries[target] = { ...entries[target]!, manager: ssaManager, operation: "Apply" };
  }
  const ssa = entries[target]!;
  // unionManagerIntoIndex: the client-side entry of the same apiVersion joins it.
  const csa = entries.find((e) => isCsaEntry(e, csaManager) && e.apiVersion === ssa.apiVersion);
  if (csa !== undefined)
    entries[target] = { ...ssa, fieldsV1: unionFieldSets(ssa.fieldsV1 ?? {}, csa.fieldsV1 ?? {}) };
  return entries.filter((e) => !isCsaEntry(e, csaManager));
}

/**
 * UpgradeManagedFieldsPatch: the JSON patch that moves the fields of
 * `csaManagers` to `ssaManager`, or undefined when there is nothing to move.
 * The managers are taken in name order (Go ranges over a set; kubesim is
 * deterministic).
 */
export function upgradeManagedFieldsPatch(
  obj: unknown,
  csaManagers: ReadonlySet<string>,
  ssaManager: string,
): object[] | undefined {
  const managedFields = managedFieldsOf(obj);
  if (managedFields.length === 0) return undefined;
  let upgraded = managedFields;
  for (const csa of [...csaManagers].sort())
    upgraded = upgradedManagedFields(upgraded, csa, ssaManager);
  if (JSON.stringify(upgraded) === JSON.stringify(managedFields)) return undefined;
  const rv = (obj as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion ?? "";
  return [
    { op: "replace", path: "/metadata/managedFields", value: upgraded },
    // "replace" rather than "test", so that a stale version is a 409 Conflict.
    { op: "replace", path: "/metadata/resourceVersion", value: rv },
  ];
}
