import { describe, expect, it } from "vitest";
import { messageType } from "./schema/index.js";
import { messageToJson } from "./to-json.js";
import { ProtobufError, WireReader } from "./wire.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const configMap = () => messageType("k8s.io.api.core.v1.ConfigMap");
const spec = () => messageType("k8s.io.api.apps.v1.DeploymentSpec");
const error = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtobufError);
    return (e as Error).message;
  }
  throw new Error("no error");
};

describe("WireReader", () => {
  it("reads varints up to 64 bits, dropping what lies beyond as Go does", () => {
    expect(new WireReader(bytes(0x96, 0x01)).varint()).toBe(150n);
    const max = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect(new WireReader(max).varint()).toBe(2n ** 64n - 1n);
    expect(
      new WireReader(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)).varint(),
    ).toBe(2n ** 64n - 1n);
  });

  it("words truncated and overlong varints and lengths as gogo does", () => {
    expect(error(() => new WireReader(bytes(0x80)).varint())).toBe("unexpected EOF");
    expect(error(() => new WireReader(new Uint8Array(11).fill(0x80)).varint())).toBe(
      "proto: integer overflow",
    );
    expect(error(() => new WireReader(bytes(0x05, 0x61)).bytes())).toBe("unexpected EOF");
    const negative = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect(error(() => new WireReader(negative).bytes())).toBe(
      "proto: negative length found during unmarshaling",
    );
  });
});

describe("decoding errors in gogo's words", () => {
  it("an illegal tag, an end group and a wrong wire type", () => {
    expect(error(() => messageToJson(configMap(), bytes(0x00)))).toBe(
      "proto: ConfigMap: illegal tag 0 (wire type 0)",
    );
    expect(error(() => messageToJson(configMap(), bytes(0x0c)))).toBe(
      "proto: ConfigMap: wiretype end group for non-group",
    );
    // replicas (field 1) sent as bytes, metadata (field 1 of ConfigMap) as a varint
    expect(error(() => messageToJson(spec(), bytes(0x0a, 0x00)))).toBe(
      "proto: wrong wireType = 2 for field Replicas",
    );
    expect(error(() => messageToJson(configMap(), bytes(0x08, 0x01)))).toBe(
      "proto: wrong wireType = 0 for field ObjectMeta",
    );
  });

  it("unknown fields are skipped, groups included; broken ones are refused", () => {
    // field 9 varint, field 10 fixed64, field 11 fixed32, field 12 group {field 1 varint}
    const skipped = bytes(
      0x48,
      0x01,
      0x51,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      0x5d,
      1,
      2,
      3,
      4,
      0x63,
      0x08,
      0x01,
      0x64,
      0x20,
      0x01,
    );
    expect(messageToJson(configMap(), skipped)).toEqual({ immutable: true });
    expect(error(() => messageToJson(configMap(), bytes(0x4f)))).toBe("proto: illegal wireType 7");
    expect(error(() => messageToJson(configMap(), bytes(0x51, 1, 2)))).toBe("unexpected EOF");
    expect(error(() => messageToJson(configMap(), bytes(0x63, 0x08, 0x01)))).toBe("unexpected EOF");
  });

  it("a message that ends inside a field", () => {
    expect(error(() => messageToJson(configMap(), bytes(0x0a, 0x05, 0x0a)))).toBe("unexpected EOF");
  });

  it("names Time's errors after Timestamp, as its custom Unmarshal does", () => {
    const meta = messageType("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    expect(error(() => messageToJson(meta, bytes(0x42, 0x01, 0x00)))).toBe(
      "proto: Timestamp: illegal tag 0 (wire type 0)",
    );
  });
});
