import { describe, expect, it } from "vitest";
import { unknownFields } from "./schema/index.js";
import { pruneUnknownFields } from "./prune.js";

describe("pruneUnknownFields", () => {
  it("removes exactly the fields unknownFields reports, keeping untouched subtrees", () => {
    const spec = { replicas: 1, selector: { matchLabels: { a: "b" } } };
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x", nmae: "y" },
      spec: {
        ...spec,
        template: { spec: { containers: [{ name: "c", image: "i", imagePolicy: "z" }] } },
      },
      status: { replicas: 1 },
    };
    expect(unknownFields(d)).toEqual([
      "metadata.nmae",
      "spec.template.spec.containers[0].imagePolicy",
    ]);
    const out = pruneUnknownFields(d);
    expect(unknownFields(out)).toEqual([]);
    expect(out.metadata).toEqual({ name: "x" });
    expect(out.spec.template.spec.containers[0]).toEqual({ name: "c", image: "i" });
    expect(out.status).toBe(d.status);
    expect(out.spec.selector).toBe(spec.selector);
  });

  it("leaves objects of unserved kinds alone", () => {
    const o = { apiVersion: "x/v1", kind: "Widget", anything: 1 };
    expect(pruneUnknownFields(o)).toBe(o);
  });
});
