import { describe, expect, it } from "vitest";
import { run, smallCluster } from "./testdata/fixtures.js";

/** A ConfigMap written by one manager (its entry is in metadata.managedFields). */
function cluster() {
  const c = smallCluster();
  c.apiserver.create(
    "ConfigMap",
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cfg", namespace: "default" },
      data: { a: "1" },
    },
    { fieldManager: "kubectl-create" },
  );
  return c;
}

describe("kubectl get -o yaml|json and managedFields", () => {
  it("leaves managedFields out unless --show-managed-fields (OmitManagedFieldsPrinter)", () => {
    const c = cluster();
    expect(c.apiserver.get("ConfigMap", "default", "cfg").metadata?.managedFields).toHaveLength(1);
    for (const o of ["yaml", "json"]) {
      expect(run(c, `get cm cfg -o ${o}`).stdout).not.toContain("managedFields");
      expect(run(c, `get cm -o ${o}`).stdout).not.toContain("managedFields");
    }
    const shown = run(c, "get cm cfg -o yaml --show-managed-fields").stdout;
    expect(shown).toContain(
      [
        "  managedFields:",
        "  - apiVersion: v1",
        "    fieldsType: FieldsV1",
        "    fieldsV1:",
        "      f:data:",
        "        .: {}",
        "        f:a: {}",
        "    manager: kubectl-create",
        "    operation: Update",
        '    time: "2024-01-01T00:00:00Z"',
      ].join("\n"),
    );
    expect(run(c, "get cm -o json --show-managed-fields").stdout).toContain('"managedFields": [');
  });
});
