import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import {
  convertDownwardAPIFieldLabel,
  extractFieldPathAsString,
  formatMap,
  isIPv4,
  isIPv6,
  podFieldSelectorRuntimeValue,
  sortPodIPs,
  splitMaybeSubscriptedPath,
} from "./fieldpath.js";
import { goQuote } from "./go-quote.js";

describe("splitMaybeSubscriptedPath (fieldpath.go examples)", () => {
  it.each([
    ["metadata.annotations['myKey']", ["metadata.annotations", "myKey"]],
    ["metadata.annotations['a[b]c']", ["metadata.annotations", "a[b]c"]],
    ["metadata.labels['']", ["metadata.labels", ""]],
    ["metadata.labels", undefined],
    ["['x']", undefined],
    ["metadata.labels'x']", undefined],
  ])("%s", (input, expected) => {
    expect(splitMaybeSubscriptedPath(input)).toEqual(expected);
  });
});

describe("convertDownwardAPIFieldLabel", () => {
  it("accepts the pod's downward API labels and maps spec.host to spec.nodeName", () => {
    expect(convertDownwardAPIFieldLabel("v1", "status.podIPs")).toEqual({ value: "status.podIPs" });
    expect(convertDownwardAPIFieldLabel("v1", "spec.host")).toEqual({ value: "spec.nodeName" });
    expect(convertDownwardAPIFieldLabel("v1", "metadata.labels['a']")).toEqual({
      value: "metadata.labels['a']",
    });
  });
});

describe("extractFieldPathAsString", () => {
  const pod: Pod = { metadata: { name: "p", labels: { "Bad Key": "x" }, annotations: { A: "1" } } };
  it("validates label subscripts as qualified names", () => {
    const r = extractFieldPathAsString(pod, "metadata.labels['Bad Key']");
    expect(r).toHaveProperty("error");
    expect((r as { error: string }).error).toMatch(
      /^invalid key subscript in metadata\.labels\['Bad Key'\]: name part must consist of/,
    );
  });
  it("lowercases annotation subscripts only for validation", () => {
    expect(extractFieldPathAsString(pod, "metadata.annotations['A']")).toEqual({ value: "1" });
  });
  it("refuses a subscript on another path", () => {
    expect(extractFieldPathAsString(pod, "metadata.name['x']")).toEqual({
      error: `fieldPath "metadata.name['x']" does not support subscript`,
    });
  });
  it("reads empty maps and fields as empty strings", () => {
    expect(extractFieldPathAsString({}, "metadata.labels")).toEqual({ value: "" });
    expect(extractFieldPathAsString({}, "metadata.uid")).toEqual({ value: "" });
  });
});

describe("formatMap", () => {
  it("sorts keys and quotes values with Go's %q", () => {
    expect(formatMap({ b: "x\ty", a: 'say "hi"', c: "é\u0001" })).toBe(
      'a="say \\"hi\\""\nb="x\\ty"\nc="é\\x01"',
    );
  });
});

describe("goQuote", () => {
  it.each([
    ["", '""'],
    ["plain text", '"plain text"'],
    ["back\\slash", '"back\\\\slash"'],
    ["\u0007\b\f\n\r\t\v", '"\\a\\b\\f\\n\\r\\t\\v"'],
    ["\u007f", '"\\x7f"'],
    ["\u00a0", '"\\u00a0"'],
    ["日本", '"日本"'],
    ["\u{e0001}", '"\\U000e0001"'],
  ])("%j", (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
  it("round-trips through JSON.parse for ASCII-printable strings", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        }),
        (s) => JSON.parse(goQuote(s)) === s,
      ),
    );
  });
});

describe("IP helpers", () => {
  it.each(["1.2.3.4", "10.244.0.1", "255.255.255.255", "0.0.0.0"])("%s is IPv4", (ip) => {
    expect(isIPv4(ip)).toBe(true);
    expect(isIPv6(ip)).toBe(false);
  });
  it.each(["192.168.1.1.", "256.1.1.1", "01.2.3.4", "1.2.3", ""])("%s is not an IP", (ip) => {
    expect(isIPv4(ip)).toBe(false);
    expect(isIPv6(ip)).toBe(false);
  });
  it.each(["::1", "fd00::6", "2001:db8::", "::", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1"])(
    "%s is IPv6",
    (ip) => expect(isIPv6(ip)).toBe(true),
  );
  it.each(["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fd00::g", "1:2:3:4:5:6:7::8"])(
    "%s is not IPv6",
    (ip) => expect(isIPv6(ip)).toBe(false),
  );

  it("sortPodIPs puts the node's family first and keeps one IP per family", () => {
    expect(sortPodIPs(["fd00::6", "1.2.3.4"], ["127.0.0.1"])).toEqual(["1.2.3.4", "fd00::6"]);
    expect(sortPodIPs(["1.2.3.4", "fd00::6"], ["::1"])).toEqual(["fd00::6", "1.2.3.4"]);
    expect(sortPodIPs(["1.2.3.4", "5.6.7.8"], [])).toEqual(["1.2.3.4"]);
    expect(sortPodIPs(["bogus"], [])).toEqual([]);
  });
});

describe("podFieldSelectorRuntimeValue", () => {
  it("falls back to podIP when the runtime reported no podIPs", () => {
    expect(
      podFieldSelectorRuntimeValue({ fieldPath: "status.podIP" }, {}, { podIP: "10.0.0.9" }),
    ).toEqual({ value: "10.0.0.9" });
    expect(podFieldSelectorRuntimeValue({ fieldPath: "status.podIPs" }, {}, {})).toEqual({
      value: "",
    });
  });
  it("uses hostIP and nodeName when hostIPs and spec.nodeName are missing", () => {
    const known = { hostIP: "172.18.0.3", nodeName: "node-2" };
    expect(podFieldSelectorRuntimeValue({ fieldPath: "status.hostIPs" }, {}, known)).toEqual({
      value: "172.18.0.3",
    });
    expect(podFieldSelectorRuntimeValue({ fieldPath: "spec.nodeName" }, {}, known)).toEqual({
      value: "node-2",
    });
    expect(
      podFieldSelectorRuntimeValue(
        { fieldPath: "spec.nodeName" },
        { spec: { containers: [], nodeName: "n" } },
        known,
      ),
    ).toEqual({ value: "n" });
  });
  it("joins host IPs with commas", () => {
    expect(
      podFieldSelectorRuntimeValue(
        { fieldPath: "status.hostIPs" },
        {},
        { hostIPs: ["1.1.1.1", "::1"] },
      ),
    ).toEqual({ value: "1.1.1.1,::1" });
  });
});
