import fc from "fast-check";
import { isApiError, kindInfo } from "@kubesim/api";
import { describe, expect, it } from "vitest";
import { encodeProtobuf } from "../protobuf/from-json.js";
import { decodeObject, findProtoKey, parseData, summarizeData } from "./decode.js";

const pod = kindInfo("Pod")!;
const deployment = kindInfo("Deployment")!;
const configMap = kindInfo("ConfigMap")!;
const body = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v));
const statusOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return e.status;
    throw e;
  }
  throw new Error("no error");
};

describe("decodeObject", () => {
  it("defaults apiVersion and kind from the resource", () => {
    expect(decodeObject(body({ metadata: { name: "a" } }), "application/json", deployment)).toEqual(
      {
        metadata: { name: "a" },
        apiVersion: "apps/v1",
        kind: "Deployment",
      },
    );
  });

  it("reads YAML bodies", () => {
    expect(
      decodeObject(body("kind: Pod\nmetadata:\n  name: a\n"), "application/yaml", pod),
    ).toMatchObject({ kind: "Pod", metadata: { name: "a" } });
  });

  it("refuses another API version or kind with 400, in kube-apiserver's words", () => {
    expect(
      statusOf(() =>
        decodeObject(
          body({ apiVersion: "v1", kind: "Deployment" }),
          "application/json",
          deployment,
        ),
      ),
    ).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message: "the API version in the data (v1) does not match the expected API version (apps/v1)",
    });
    expect(
      statusOf(() =>
        decodeObject(body({ apiVersion: "v1", kind: "Service" }), "application/json", pod),
      ).message,
    ).toMatch(/^Service in version "v1" cannot be handled as a Pod: /);
  });

  it("refuses broken JSON with the object-unrecognized message and a summary", () => {
    const s = statusOf(() => decodeObject(body("{not json"), "application/json", pod));
    expect(s).toMatchObject({ code: 400, reason: "BadRequest" });
    expect(s.message).toMatch(
      /^the object provided is unrecognized \(must be of type Pod\): couldn't get version\/kind; json parse error: .* \(\{not json\)$/,
    );
    expect(statusOf(() => decodeObject(body("[1]"), "application/json", pod)).code).toBe(400);
    expect(statusOf(() => decodeObject(body("null"), "application/json", pod)).code).toBe(400);
  });

  it("refuses unknown media types with 415, naming JSON, YAML and protobuf", () => {
    expect(statusOf(() => decodeObject(body("a: b"), "text/plain", pod))).toMatchObject({
      code: 415,
      reason: "UnsupportedMediaType",
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
    });
  });

  it("decodes protobuf bodies and checks them as JSON ones", () => {
    const cm = encodeProtobuf({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
    expect(decodeObject(cm, "application/vnd.kubernetes.protobuf", configMap)).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
    });
    expect(
      statusOf(() => decodeObject(cm, "application/vnd.kubernetes.protobuf", pod)),
    ).toMatchObject({
      code: 400,
      message:
        'ConfigMap in version "v1" cannot be handled as a Pod: the kind in the data does not match the resource of the request',
    });
    expect(
      statusOf(() => decodeObject(body("k8s\0"), "application/vnd.kubernetes.protobuf", pod)),
    ).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message: "the object provided is unrecognized (must be of type Pod): empty body (6b387300)",
    });
  });

  it("refuses __proto__ keys anywhere, and keeps constructor and prototype as plain data", () => {
    const s = statusOf(() =>
      decodeObject(
        body('{"metadata":{"labels":{"__proto__":{"polluted":"x"}}}}'),
        "application/json",
        pod,
      ),
    );
    expect(s).toMatchObject({ code: 400, reason: "BadRequest" });
    expect(s.message).toContain("metadata.labels.__proto__");
    expect(
      statusOf(() =>
        parseData(
          body("a:\n  __proto__:\n    x: 1\n"),
          "application/yaml",
          () => new Error("x") as never,
        ),
      ).code,
    ).toBe(400);
    const obj = decodeObject(
      body('{"data":{"constructor":"c","prototype":{"x":"y"}}}'),
      "application/json",
      kindInfo("ConfigMap")!,
    );
    expect(obj["data"]).toEqual({ constructor: "c", prototype: { x: "y" } });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("property: any JSON value either decodes or is refused with a 4xx ApiError", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom("application/json", "application/yaml", "text/plain", ""),
        (v, ct) => {
          try {
            decodeObject(body(v), ct, pod);
          } catch (e) {
            expect(isApiError(e)).toBe(true);
            const code = (e as { status: { code: number } }).status.code;
            expect(code >= 400 && code < 500).toBe(true);
          }
        },
      ),
    );
  });
});

describe("summarizeData and findProtoKey", () => {
  it("summarizes as kube-apiserver does: JSON as text, the rest in hex, cut at 30 bytes", () => {
    expect(summarizeData(Buffer.alloc(0))).toBe("<empty>");
    expect(summarizeData(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(summarizeData(Buffer.from("xy"))).toBe("7879");
    expect(summarizeData(Buffer.from(`{${"a".repeat(40)}`))).toBe(`{${"a".repeat(29)} ...`);
  });

  it("finds __proto__ inside arrays", () => {
    expect(findProtoKey(JSON.parse('{"a":[{"b":1},{"__proto__":2}]}'))).toBe("a[1].__proto__");
    expect(findProtoKey({ a: [1, 2] })).toBeUndefined();
  });
});
