import { describe, expect, it } from "vitest";
import { defaultPullPolicy, imageTag, parseImageReference } from "./image.js";

const digest = `sha256:${"a".repeat(64)}`;

describe("imageTag (parsers.ParseImageName)", () => {
  it.each([
    ["nginx", "latest"],
    ["nginx:latest", "latest"],
    ["nginx:1.27", "1.27"],
    ["library/nginx:1.27-alpine", "1.27-alpine"],
    ["localhost:5000/app", "latest"],
    ["localhost:5000/app:v2", "v2"],
    ["registry.example.com/team/app:v1", "v1"],
    [`nginx@${digest}`, ""],
    [`nginx:latest@${digest}`, "latest"],
    [`nginx:1.2@${digest}`, "1.2"],
    ["NGINX", ""],
    ["nginx:", ""],
    ["", ""],
    ["a".repeat(64), ""],
  ])("%s → %j", (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });

  it("keeps an uppercase registry host (only the repository must be lowercase)", () => {
    expect(parseImageReference("MyRegistry.io/app:v1")).toEqual({
      name: "MyRegistry.io/app",
      tag: "v1",
      digest: "",
    });
  });
});

describe("defaultPullPolicy (SetDefaults_Container)", () => {
  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    [`nginx@${digest}`, "IfNotPresent"],
    [`nginx:latest@${digest}`, "Always"],
    ["NGINX", "IfNotPresent"],
  ])("%s → %s", (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});
