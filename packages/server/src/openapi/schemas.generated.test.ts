import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED_FILE, generate, jsdocText } from "./generate.js";
import { componentSchemas } from "./schemas.generated.js";
import { refsOf } from "./schema-object.js";

describe("schemas.generated.ts", () => {
  it("is what generate.ts writes from kubernetes-types (regenerate after a bump)", () => {
    expect(readFileSync(GENERATED_FILE, "utf8")).toBe(generate());
  });

  it("names types as Kubernetes does and resolves every reference", () => {
    expect(componentSchemas["io.k8s.api.apps.v1.Deployment"]).toBeDefined();
    expect(componentSchemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]).toBeDefined();
    for (const [name, s] of Object.entries(componentSchemas))
      for (const r of refsOf(s)) expect(componentSchemas[r], `${name} -> ${r}`).toBeDefined();
  });

  it("carries descriptions, required members, refs with descriptions, lists, maps and the GVK", () => {
    const d = componentSchemas["io.k8s.api.apps.v1.DeploymentSpec"]!;
    expect(d.required).toEqual(["selector", "template"]);
    expect(d.properties?.["strategy"]).toEqual({
      allOf: [{ $ref: "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy" }],
      description: "The deployment strategy to use to replace existing pods with new ones.",
    });
    expect(d.properties?.["replicas"]?.type).toBe("integer");
    const pod = componentSchemas["io.k8s.api.core.v1.PodSpec"]!;
    expect(pod.properties?.["containers"]?.items).toEqual({
      $ref: "#/components/schemas/io.k8s.api.core.v1.Container",
    });
    expect(pod.properties?.["nodeSelector"]?.additionalProperties).toEqual({ type: "string" });
    expect(
      componentSchemas["io.k8s.api.apps.v1.Deployment"]?.["x-kubernetes-group-version-kind"],
    ).toEqual([{ group: "apps", kind: "Deployment", version: "v1" }]);
    expect(componentSchemas["io.k8s.api.core.v1.Pod"]?.["x-kubernetes-group-version-kind"]).toEqual(
      [{ group: "", kind: "Pod", version: "v1" }],
    );
  });

  it("gives IntOrString, Quantity and Time the shapes of their Go OpenAPI methods", () => {
    expect(componentSchemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toEqual({
      format: "int-or-string",
      oneOf: [{ type: "integer" }, { type: "string" }],
      "x-kubernetes-int-or-string": true,
    });
    expect(componentSchemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]).toMatchObject({
      type: "string",
      format: "date-time",
    });
    expect(componentSchemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]?.oneOf).toEqual([
      { type: "string" },
      { type: "number" },
    ]);
    expect(componentSchemas["io.k8s.apimachinery.pkg.runtime.RawExtension"]?.type).toBe("object");
  });

  it("reads one-line and multi-line JSDoc, keeping paragraphs", () => {
    expect(jsdocText("/** one line */")).toBe("one line");
    expect(jsdocText("/**\n     * first\n     *\n     * second\n     *   indented\n     */")).toBe(
      "first\n\nsecond\n  indented",
    );
  });
});
