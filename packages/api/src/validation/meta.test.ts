import { describe, expect, it } from "vitest";
import { nameIsDNSLabel, nameIsDNSSubdomain } from "../names.js";
import {
  validateAnnotations,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { messages } from "./testdata.js";

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe("validateObjectMeta (create)", () => {
  it("requires a name unless generateName is given", () => {
    expect(
      messages(validateObjectMeta({ namespace: "default" }, true, nameIsDNSSubdomain)),
    ).toEqual(["metadata.name: Required value: name or generateName is required"]);
    expect(
      messages(
        validateObjectMeta(
          { generateName: "web-", namespace: "default" },
          true,
          nameIsDNSSubdomain,
        ),
      ),
    ).toEqual([]);
  });

  it("checks the name and the generateName prefix", () => {
    expect(
      messages(validateObjectMeta({ name: "Web", namespace: "default" }, true, nameIsDNSSubdomain)),
    ).toEqual([`metadata.name: Invalid value: "Web": ${subdomainMsg}`]);
    expect(
      messages(
        validateObjectMeta(
          { generateName: "Web-", namespace: "default" },
          true,
          nameIsDNSSubdomain,
        ),
      ),
    ).toEqual([`metadata.generateName: Invalid value: "Web-": ${subdomainMsg}`]);
  });

  it("requires a namespace for namespaced kinds and forbids it otherwise", () => {
    expect(messages(validateObjectMeta({ name: "a" }, true, nameIsDNSSubdomain))).toEqual([
      "metadata.namespace: Required value",
    ]);
    expect(
      messages(validateObjectMeta({ name: "a", namespace: "x" }, false, nameIsDNSLabel)),
    ).toEqual(["metadata.namespace: Forbidden: not allowed on this type"]);
    expect(
      messages(validateObjectMeta({ name: "a", namespace: "Bad_NS" }, true, nameIsDNSSubdomain))[0],
    ).toMatch(
      /^metadata\.namespace: Invalid value: "Bad_NS": a lowercase RFC 1123 label must consist of/,
    );
  });

  it("checks labels, annotations, ownerReferences and finalizers", () => {
    const errs = messages(
      validateObjectMeta(
        {
          name: "a",
          namespace: "d",
          generation: -1,
          labels: { "-bad": "x" },
          annotations: { "a b": "x" },
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: "r", uid: "1", controller: true },
            { apiVersion: "", kind: "", name: "", uid: "", controller: true },
          ],
          finalizers: ["custom"],
        },
        true,
        nameIsDNSSubdomain,
      ),
    );
    expect(errs[0]).toBe(
      "metadata.generation: Invalid value: -1: must be greater than or equal to 0",
    );
    expect(errs[1]).toMatch(/^metadata\.labels: Invalid value: "-bad": name part must consist of/);
    expect(errs[2]).toMatch(
      /^metadata\.annotations: Invalid value: "a b": name part must consist of/,
    );
    expect(errs.slice(3, 7)).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
    expect(errs[7]).toMatch(
      /^metadata\.ownerReferences: Invalid value: .*: Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/r and \/$/,
    );
    expect(errs[8]).toBe(
      'metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    );
  });

  it("annotations may total 256 KiB", () => {
    expect(
      messages(validateAnnotations({ a: "x".repeat(262143) }, "metadata.annotations")),
    ).toEqual([]);
    expect(
      messages(validateAnnotations({ a: "x".repeat(262144) }, "metadata.annotations")),
    ).toEqual(["metadata.annotations: Too long: may not be more than 262144 bytes"]);
  });
});

describe("validateObjectMetaUpdate", () => {
  const old = {
    name: "a",
    namespace: "d",
    uid: "u1",
    resourceVersion: "5",
    generation: 2,
    creationTimestamp: "2024-01-01T00:00:00Z",
  };

  it("accepts an unchanged identity", () => {
    expect(messages(validateObjectMetaUpdate({ ...old, labels: { x: "y" } }, old))).toEqual([]);
  });

  it("name, namespace, uid and creationTimestamp are immutable; resourceVersion is required; generation may not drop", () => {
    expect(
      messages(
        validateObjectMetaUpdate(
          {
            name: "b",
            namespace: "e",
            uid: "u2",
            generation: 1,
            creationTimestamp: "2025-01-01T00:00:00Z",
          },
          old,
        ),
      ),
    ).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      "metadata.generation: Invalid value: 1: must not be decremented",
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "e": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
      'metadata.creationTimestamp: Invalid value: "2025-01-01T00:00:00Z": field is immutable',
    ]);
  });

  it("no new finalizers once deletion started", () => {
    const deleting = { ...old, deletionTimestamp: "2024-02-01T00:00:00Z", finalizers: ["a.io/x"] };
    expect(
      messages(
        validateObjectMetaUpdate({ ...deleting, finalizers: ["a.io/x", "b.io/y"] }, deleting),
      ),
    ).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });

  it("validateImmutableField treats missing and empty as equal", () => {
    expect(validateImmutableField(undefined, {}, "x")).toEqual([]);
    expect(validateImmutableField([], undefined, "x")).toEqual([]);
    expect(messages(validateImmutableField({ a: 1 }, { a: 2 }, "spec.x"))).toEqual([
      'spec.x: Invalid value: {"a":1}: field is immutable',
    ]);
  });
});
