import { describe, expect, it } from "vitest";
import { isApiError, type ApiError } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import { harness } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

/** The tutorial's deployment, as kubectl apply --server-side sends it. */
function manifest(replicas = 3, image = "myapp:v1.2"): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "my-api", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "my-api" } },
      template: {
        metadata: { labels: { app: "my-api" } },
        spec: { containers: [{ name: "api", image, ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

const apply = (h: ReturnType<typeof harness>, body: unknown, manager = "kubectl", force?: boolean) =>
  h.api.patch("Deployment", "default", "my-api", "apply", body, {
    fieldManager: manager,
    ...(force === undefined ? {} : { force }),
  }) as Deployment;

describe("server-side apply", () => {
  it("creates the object, owned by the applier", () => {
    const h = harness();
    const d = apply(h, manifest());
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.revisionHistoryLimit).toBe(10);
    expect(d.metadata?.managedFields).toEqual([
      {
        manager: "kubectl",
        operation: "Apply",
        apiVersion: "apps/v1",
        time: "2024-01-01T00:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:spec": {
            "f:replicas": {},
            "f:selector": {},
            "f:template": {
              "f:metadata": { "f:labels": { "f:app": {} } },
              "f:spec": {
                "f:containers": {
                  'k:{"name":"api"}': {
                    ".": {},
                    "f:image": {},
                    "f:name": {},
                    "f:ports": {
                      'k:{"containerPort":8080,"protocol":"TCP"}': {
                        ".": {},
                        "f:containerPort": {},
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    console.log(JSON.stringify(d, null, 1));
  });
});
