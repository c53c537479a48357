import { describe, expect, it } from "vitest";
import { applyDefaults } from "../defaulting/apply.js";
import { validateCreate, validateUpdate } from "./validate.js";
import type { J } from "./testdata.js";
import { messages } from "./testdata.js";

const secret = (extra: J = {}): J =>
  applyDefaults({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "s", namespace: "default", resourceVersion: "1" },
    ...extra,
  });
const configMap = (extra: J = {}): J =>
  applyDefaults({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c", namespace: "default", resourceVersion: "1" },
    ...extra,
  });

const keyMsg =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe("Secret", () => {
  it("accepts valid data and stringData (folded by defaulting)", () => {
    expect(
      messages(
        validateCreate(secret({ data: { "tls.crt": "eA==" }, stringData: { password: "p" } })),
      ),
    ).toEqual([]);
  });

  it("data keys are config keys", () => {
    expect(messages(validateCreate(secret({ data: { "a b": "eA==", "..": "eA==" } })))).toEqual([
      `data[a b]: Invalid value: "a b": ${keyMsg}`,
      "data[..]: Invalid value: \"..\": must not be '..'",
    ]);
  });

  it("the decoded data may total 1 MiB", () => {
    const big = "A".repeat(1398104); // 1048578 decoded bytes
    expect(messages(validateCreate(secret({ data: { a: big } })))).toEqual([
      "data: Too long: may not be more than 1048576 bytes",
    ]);
  });

  it("type-specific required keys", () => {
    expect(
      messages(validateCreate(secret({ type: "kubernetes.io/tls", data: { "tls.crt": "eA==" } }))),
    ).toEqual(["data[tls.key]: Required value"]);
    expect(messages(validateCreate(secret({ type: "kubernetes.io/basic-auth" })))).toEqual([
      "data[username]: Required value",
      "data[password]: Required value",
    ]);
    expect(
      messages(validateCreate(secret({ type: "kubernetes.io/service-account-token" }))),
    ).toEqual(["metadata.annotations[kubernetes.io/service-account.name]: Required value"]);
    expect(
      messages(
        validateCreate(
          secret({
            type: "kubernetes.io/dockerconfigjson",
            data: { ".dockerconfigjson": "bm90IGpzb24=" },
          }),
        ),
      ),
    ).toEqual([
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid JSON',
    ]);
  });

  it("type is immutable; immutable secrets keep their data", () => {
    expect(messages(validateUpdate(secret({ type: "example.com/x" }), secret()))).toEqual([
      'type: Invalid value: "example.com/x": field is immutable',
    ]);
    const frozen = secret({ immutable: true, data: { a: "eA==" } });
    expect(
      messages(validateUpdate(secret({ immutable: false, data: { a: "eQ==" } }), frozen)),
    ).toEqual([
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});

describe("ConfigMap", () => {
  it("keys are config keys and may not repeat in binaryData", () => {
    expect(
      messages(
        validateCreate(
          configMap({ data: { ok: "1", "bad key": "x", dup: "y" }, binaryData: { dup: "eA==" } }),
        ),
      ),
    ).toEqual([
      `data[bad key]: Invalid value: "bad key": ${keyMsg}`,
      'data[dup]: Invalid value: "dup": duplicate of key present in binaryData',
    ]);
  });

  it("the total size is at most 1 MiB, reported with upstream's empty path", () => {
    expect(messages(validateCreate(configMap({ data: { a: "x".repeat(1048577) } })))).toEqual([
      ": Too long: may not be more than 1048576 bytes",
    ]);
  });

  it("immutable ConfigMaps keep their data", () => {
    const frozen = configMap({ immutable: true, data: { a: "1" } });
    expect(
      messages(validateUpdate(configMap({ immutable: true, data: { a: "2" } }), frozen)),
    ).toEqual(["data: Forbidden: field is immutable when `immutable` is set"]);
    expect(
      messages(validateUpdate(configMap({ data: { a: "2" } }), configMap({ data: { a: "1" } }))),
    ).toEqual([]);
  });
});
