import { describe, expect, it } from "vitest";
import type { Container, Pod } from "kubernetes-types/core/v1";
import {
  containerResourceRuntimeValue,
  extractContainerResourceValue,
  mergeContainerResourceLimits,
} from "./resource.js";

describe("mergeContainerResourceLimits", () => {
  it("fills absent and zero limits from allocatable, leaving set ones", () => {
    const c: Container = { name: "a", resources: { limits: { cpu: "0", memory: "1Gi" } } };
    const merged = mergeContainerResourceLimits(c, {
      cpu: "2",
      memory: "8Gi",
      "ephemeral-storage": "10Gi",
      pods: "110",
    });
    expect(merged.resources?.limits).toEqual({
      cpu: "2",
      memory: "1Gi",
      "ephemeral-storage": "10Gi",
    });
    expect(c.resources?.limits).toEqual({ cpu: "0", memory: "1Gi" });
  });
  it("leaves a limit absent when the node does not report it", () => {
    expect(mergeContainerResourceLimits({ name: "a" }, {}).resources?.limits).toEqual({});
  });
});

describe("extractContainerResourceValue", () => {
  const c: Container = {
    name: "a",
    resources: { limits: { cpu: "1", "hugepages-2Mi": "4Mi" }, requests: { cpu: "1m" } },
  };
  it("rounds up: 1m of cpu is 1 core", () => {
    expect(extractContainerResourceValue({ resource: "requests.cpu" }, c)).toEqual({ value: "1" });
  });
  it("reads hugepages like memory", () => {
    expect(
      extractContainerResourceValue({ resource: "limits.hugepages-2Mi", divisor: "1Mi" }, c),
    ).toEqual({ value: "4" });
  });
  it("refuses an unparsable divisor instead of crashing", () => {
    expect(extractContainerResourceValue({ resource: "limits.cpu", divisor: "x" }, c)).toEqual({
      error: "invalid divisor x",
    });
  });
});

describe("containerResourceRuntimeValue", () => {
  const pod: Pod = {
    spec: {
      initContainers: [{ name: "init", resources: { requests: { memory: "1Mi" } } }],
      containers: [{ name: "app" }],
    },
  };
  it("does not default an init container's limits (as upstream)", () => {
    expect(
      containerResourceRuntimeValue(
        { resource: "limits.memory", containerName: "init" },
        pod,
        pod.spec!.containers[0]!,
        { memory: "1Gi" },
      ),
    ).toEqual({ value: "0" });
  });
  it("defaults the named regular container's limits", () => {
    expect(
      containerResourceRuntimeValue(
        { resource: "limits.memory", containerName: "app", divisor: "1Gi" },
        pod,
        pod.spec!.containers[0]!,
        { memory: "1Gi" },
      ),
    ).toEqual({ value: "1" });
  });
});
