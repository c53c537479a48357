import { describe, expect, it } from "vitest";
import { objectTarget, parseAccept } from "./negotiate.js";

describe("Accept negotiation", () => {
  it("answers kubectl get's Table Accept with a v1 Table", () => {
    expect(
      objectTarget(
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
      ),
    ).toEqual({ as: "table", version: "v1" });
    expect(objectTarget("application/json;as=Table;v=v1beta1;g=meta.k8s.io")).toEqual({
      as: "table",
      version: "v1beta1",
    });
  });

  it("answers JSON to plain, wildcard, missing and protobuf-then-JSON Accepts", () => {
    for (const a of [
      "application/json",
      "*/*",
      undefined,
      "",
      "application/json, */*",
      "application/vnd.kubernetes.protobuf,application/json",
    ])
      expect(objectTarget(a)).toEqual({ as: "object" });
  });

  it("answers PartialObjectMetadata when asked", () => {
    expect(
      objectTarget("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io"),
    ).toEqual({ as: "partial", version: "v1" });
  });

  it("refuses with 406 what it cannot produce", () => {
    expect(() => objectTarget("application/vnd.kubernetes.protobuf")).toThrow(
      /only the following media types/,
    );
    try {
      objectTarget("text/html");
    } catch (e) {
      expect((e as { status: { code: number; reason: string } }).status).toMatchObject({
        code: 406,
        reason: "NotAcceptable",
      });
    }
  });

  it("parses parameters case-insensitively by name", () => {
    expect(parseAccept("application/json; AS=Table ; v=v1;g=meta.k8s.io")).toEqual([
      { type: "application/json", params: { as: "Table", v: "v1", g: "meta.k8s.io" } },
    ]);
  });
});
