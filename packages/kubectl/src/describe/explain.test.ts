import { kindInfo, kinds } from "@kubesim/api";
import { describe, expect, it } from "vitest";
import { explain, ExplainError } from "./explain.js";
import { explainSchema } from "./explain-schema.js";

describe("explain's short schema", () => {
  it("covers every kind kubesim serves", () => {
    for (const k of kinds) expect(explainSchema.types[k.kind], k.kind).toBeDefined();
  });

  it("every field's ref is a listed type or has its description", () => {
    for (const [name, t] of Object.entries(explainSchema.types))
      for (const [field, f] of Object.entries(t.fields))
        if (f.ref !== undefined)
          expect(
            explainSchema.types[f.ref] !== undefined ||
              explainSchema.descriptions[f.ref] !== undefined,
            `${name}.${field} -> ${f.ref}`,
          ).toBe(true);
  });

  it("--recursive on a kind lists nested fields two spaces deeper, without descriptions", () => {
    const out = explain(explainSchema, kindInfo("ConfigMap")!, [], true);
    expect(
      out.startsWith(
        "KIND:       ConfigMap\nVERSION:    v1\n\nDESCRIPTION:\n" +
          "    ConfigMap holds configuration data for pods to consume.\n    \n" +
          "FIELDS:\n" +
          "  apiVersion\t<string>\n" +
          "  binaryData\t<map[string]string>\n" +
          "  data\t<map[string]string>\n" +
          "  immutable\t<boolean>\n" +
          "  kind\t<string>\n" +
          "  metadata\t<ObjectMeta>\n" +
          "    annotations\t<map[string]string>\n" +
          "    creationTimestamp\t<string>\n",
      ),
    ).toBe(true);
    expect(out.endsWith("    uid\t<string>\n\n")).toBe(true);
  });

  it("throws ExplainError for a missing field", () => {
    expect(() => explain(explainSchema, kindInfo("Pod")!, ["nope"])).toThrow(ExplainError);
  });
});
