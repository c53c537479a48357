/**
 * The spec's ingressValidation vectors (derived from kubernetes
 * pkg/apis/networking/validation/validation.go) against @kubesim/api's own
 * Ingress validation, which the apiserver runs on create.
 */
import { fieldErrorString, validateCreate } from "@kubesim/api";
import { describe, expect, it } from "vitest";
import { loadVectors } from "./testdata/fixtures.js";

function ingressFor(input: { path?: string; pathType?: string | null; host?: string }): object {
  const path: Record<string, unknown> = {
    path: input.path ?? "/",
    backend: { service: { name: "web", port: { number: 80 } } },
  };
  if (input.host !== undefined) path["pathType"] = "Prefix";
  else if (input.pathType !== null && input.pathType !== undefined)
    path["pathType"] = input.pathType;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "test", namespace: "default" },
    spec: {
      rules: [
        { ...(input.host !== undefined ? { host: input.host } : {}), http: { paths: [path] } },
      ],
    },
  };
}

describe("ingressValidation vectors", () => {
  for (const v of loadVectors().ingressValidation) {
    it(v.name, () => {
      const errs = validateCreate(ingressFor(v.input)).map(fieldErrorString);
      if (v.expected.valid) expect(errs).toEqual([]);
      else {
        expect(errs.length).toBeGreaterThan(0);
        expect(errs.join("\n")).toContain(v.expected.errorContains);
      }
    });
  }

  it("names the field as kube-apiserver does", () => {
    expect(
      validateCreate(ingressFor({ path: "/foo", pathType: null })).map(fieldErrorString),
    ).toEqual(["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"]);
  });
});
