import { kinds, apiVersionOf } from "@kubesim/api";
import { describe, expect, it } from "vitest";
import { encodeProtobuf } from "./from-json.js";
import { objectType } from "./schema/index.js";
import { decodeProtobuf, ProtobufDecodeError } from "./serializer.js";
import { RECORDED, recordedJson, recordedProtobuf } from "./testdata/recorded.js";

const deployments = { apiVersion: "apps/v1", kind: "Deployment" };
const failure = (data: Uint8Array, defaults = deployments) => {
  try {
    decodeProtobuf(data, defaults);
  } catch (e) {
    if (!(e instanceof ProtobufDecodeError)) throw e;
    return { message: e.message, gvk: e.gvk };
  }
  throw new Error("no error");
};

describe("the schema", () => {
  it("has a message for every served kind and subresource body", () => {
    for (const k of kinds) expect(objectType(apiVersionOf(k), k.kind)?.name).toBe(k.kind);
    expect(objectType("autoscaling/v1", "Scale")?.name).toBe("Scale");
    expect(objectType("v1", "Binding")?.name).toBe("Binding");
    expect(objectType("policy/v1", "Eviction")?.name).toBe("Eviction");
    expect(objectType("v1", "ObjectMeta")).toBeUndefined();
    expect(objectType("batch/v1", "Job")).toBeUndefined();
  });
});

describe("decodeProtobuf", () => {
  for (const version of ["1.32", "1.33"])
    for (const name of RECORDED)
      it(`decodes kubectl ${version}'s \`create ${name}\` body to what 1.31 sends as JSON`, () => {
        const json = recordedJson(name);
        const { gvk, object } = decodeProtobuf(recordedProtobuf(version, name), deployments);
        expect(gvk).toEqual({
          apiVersion: json["apiVersion"],
          version: "v1",
          kind: json["kind"],
        });
        expect(object).toEqual(json);
      });

  it("defaults an empty apiVersion and kind from the request's resource", () => {
    const body = encodeProtobuf({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
    });
    // the same body with typeMeta emptied: Unknown field 1 rewritten to an empty message
    const raw = decodeProtobuf(body, deployments).object;
    expect(raw).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment" });
    const bare = Buffer.concat([body.subarray(0, 4), Buffer.of(0x0a, 0x00), body.subarray(4)]);
    expect(decodeProtobuf(bare, deployments).object).toEqual(raw);
  });

  it("words what is not a protobuf body as kube-apiserver's serializer does", () => {
    expect(failure(Buffer.alloc(0))).toEqual({ message: "empty data", gvk: undefined });
    expect(failure(Buffer.from('{"kind":"Deployment"}')).message).toBe(
      "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
    );
    expect(failure(Buffer.from("k8s")).message).toMatch(/^provided data does not appear/);
    expect(failure(Buffer.from("k8s\0")).message).toBe("empty body");
    expect(failure(Buffer.from("k8s\0\x0a\x05"))).toEqual({
      message: "unexpected EOF",
      gvk: undefined,
    });
  });

  it("refuses a kind that is not served, naming kube-apiserver's scheme", () => {
    const job = recordedProtobuf("1.33", "job");
    expect(failure(job)).toEqual({
      message:
        'no kind "Job" is registered for version "batch/v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
      gvk: { apiVersion: "batch/v1", version: "v1", kind: "Job" },
    });
  });

  it("reports an object that does not decode with its kind", () => {
    const good = encodeProtobuf({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
    // runtime.Unknown's raw (field 2) replaced by one illegal tag
    const unknownHead = good.subarray(4, 4 + 2 + good[5]!);
    const bad = Buffer.concat([good.subarray(0, 4), unknownHead, Buffer.of(0x12, 0x01, 0x00)]);
    expect(failure(bad)).toEqual({
      message: "proto: ConfigMap: illegal tag 0 (wire type 0)",
      gvk: { apiVersion: "v1", version: "v1", kind: "ConfigMap" },
    });
  });
});
