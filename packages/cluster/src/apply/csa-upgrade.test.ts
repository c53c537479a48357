import { describe, expect, it } from "vitest";
import {
  findFieldsOwners,
  LAST_APPLIED_FIELD_PATH,
  upgradeManagedFieldsPatch,
  type ManagedFieldsEntry,
} from "./csa-upgrade.js";

const ANNOTATION = "f:kubectl.kubernetes.io/last-applied-configuration";

const csa: ManagedFieldsEntry = {
  manager: "kubectl-client-side-apply",
  operation: "Update",
  apiVersion: "v1",
  time: "2024-01-01T00:00:00Z",
  fieldsType: "FieldsV1",
  fieldsV1: {
    "f:data": { ".": {}, "f:a": {} },
    "f:metadata": { "f:annotations": { [ANNOTATION]: {} } },
  },
};
const ssa: ManagedFieldsEntry = {
  manager: "kubectl",
  operation: "Apply",
  apiVersion: "v1",
  time: "2024-01-01T00:00:00Z",
  fieldsType: "FieldsV1",
  fieldsV1: { "f:data": { "f:b": {} } },
};
const scale: ManagedFieldsEntry = {
  manager: "kubectl",
  operation: "Update",
  apiVersion: "v1",
  fieldsType: "FieldsV1",
  fieldsV1: { "f:data": { "f:c": {} } },
  subresource: "status",
};

const object = (managedFields: ManagedFieldsEntry[]) => ({
  metadata: { name: "cfg", resourceVersion: "42", managedFields },
});

describe("csaupgrade", () => {
  it("finds the Update managers that own the last-applied annotation", () => {
    expect(findFieldsOwners([ssa, csa, scale], "Update", LAST_APPLIED_FIELD_PATH)).toEqual([csa]);
    expect(findFieldsOwners([ssa, csa, scale], "Apply", LAST_APPLIED_FIELD_PATH)).toEqual([]);
  });

  it("turns the client-side entry into the applier's when it has none", () => {
    const patch = upgradeManagedFieldsPatch(
      object([csa, scale]),
      new Set([csa.manager!]),
      "kubectl",
    );
    expect(patch).toEqual([
      {
        op: "replace",
        path: "/metadata/managedFields",
        value: [{ ...csa, manager: "kubectl", operation: "Apply" }, scale],
      },
      { op: "replace", path: "/metadata/resourceVersion", value: "42" },
    ]);
  });

  it("merges the client-side fields into the applier's entry, in fieldpath order", () => {
    const patch = upgradeManagedFieldsPatch(object([ssa, csa]), new Set([csa.manager!]), "kubectl");
    const value = (patch?.[0] as { value: ManagedFieldsEntry[] }).value;
    expect(value).toHaveLength(1);
    expect(JSON.stringify(value[0]!.fieldsV1)).toBe(
      `{"f:data":{".":{},"f:a":{},"f:b":{}},"f:metadata":{"f:annotations":{"${ANNOTATION}":{}}}}`,
    );
  });

  it("sends nothing when there is nothing to move", () => {
    expect(
      upgradeManagedFieldsPatch(
        object([ssa, scale]),
        new Set(["kubectl-client-side-apply"]),
        "kubectl",
      ),
    ).toBeUndefined();
    expect(
      upgradeManagedFieldsPatch(object([]), new Set([csa.manager!]), "kubectl"),
    ).toBeUndefined();
  });
});
