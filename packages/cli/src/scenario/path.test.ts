import { describe, expect, it } from "vitest";
import { evaluatePath, parsePath, PathSyntaxError } from "./path.js";

const deploy = {
  metadata: { name: "web", annotations: { "deployment.kubernetes.io/revision": "2" } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: "api", image: "myapp:v1" },
          { name: "side", image: "envoy" },
        ],
      },
    },
  },
  status: {
    conditions: [
      { type: "Available", status: "True" },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
    ],
  },
};

describe("evaluatePath", () => {
  it.each([
    ["spec.replicas", 3],
    [".spec.replicas", 3],
    ["{.spec.replicas}", 3],
    ["{$.spec.replicas}", 3],
    ["spec.template.spec.containers[0].image", "myapp:v1"],
    ["spec.template.spec.containers[-1].name", "side"],
    ["metadata.annotations['deployment.kubernetes.io/revision']", "2"],
    ['metadata.annotations["deployment.kubernetes.io/revision"]', "2"],
    ["status.conditions[type=Progressing].reason", "NewReplicaSetAvailable"],
    ['status.conditions[?(@.type=="Available")].status', "True"],
    ["spec.template.spec.containers[*].name", ["api", "side"]],
    ["status.conditions[*].status", ["True", "True"]],
  ])("%s", (path, value) => {
    expect(evaluatePath(deploy, path)).toEqual({ found: true, value });
  });

  it("says when a field is absent", () => {
    expect(evaluatePath(deploy, "status.replicas")).toEqual({ found: false, value: undefined });
    expect(evaluatePath(deploy, "spec.template.spec.containers[5]")).toEqual({
      found: false,
      value: undefined,
    });
    expect(evaluatePath(deploy, "status.conditions[type=ReplicaFailure].status")).toEqual({
      found: false,
      value: undefined,
    });
  });

  it("refuses what it cannot read", () => {
    expect(() => parsePath("spec[")).toThrow(PathSyntaxError);
    expect(() => parsePath("spec[a b]")).toThrow('invalid path "spec[a b]": cannot read [a b]');
  });
});
