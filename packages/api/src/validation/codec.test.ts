import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBase64 } from "../defaulting/secret.js";
import { base64ErrorMessage, decodeBase64 } from "./base64.js";
import { decodeError, decodeErrorMessage } from "./decode.js";
import { isValidCIDR, parseIP, to4, validateNonSpecialIP } from "./ip.js";
import { messages } from "./testdata.js";

describe("decodeBase64 (Go's StdEncoding.Decode)", () => {
  it.each([
    ["", ""],
    ["YQ==", "a"],
    ["YWI=", "ab"],
    ["YWJj", "abc"],
    ["YW\nJj", "abc"],
    ["YWJj\r\n", "abc"],
  ])("%j decodes", (s, text) => {
    const r = decodeBase64(s);
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe(text);
  });

  it.each([
    ["YWJ", 0],
    ["Y", 0],
    ["YWJj$", 4],
    ["YW=j", 2],
    ["Y===", 1],
    ["YQ==YQ==", 4],
    ["YQ=", 3],
    ["!", 0],
    ["aGVsbG8gd29ybGQ", 12],
  ])("%j fails at byte %i", (s, offset) => {
    expect(decodeBase64(s)).toEqual({ ok: false, offset });
  });

  it("round-trips what encodeBase64 produces", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = decodeBase64(encodeBase64(s));
        expect(r.ok && new TextDecoder().decode(r.bytes)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe("decodeError (400 before validation)", () => {
  it("bad Secret data is a base64 error, worded as the apiserver does", () => {
    const s = { apiVersion: "v1", kind: "Secret", data: { ok: "eA==", bad: "not base64!" } };
    const err = decodeError(s);
    expect(err).toBe(base64ErrorMessage(3));
    expect(decodeErrorMessage(s, err!)).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
  });

  it("a bad quantity in a Deployment template is a quantity error", () => {
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      spec: {
        template: { spec: { containers: [{ name: "c", resources: { limits: { cpu: "one" } } }] } },
      },
    };
    expect(decodeErrorMessage(d, decodeError(d)!)).toBe(
      "Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it("valid objects and other kinds have none", () => {
    expect(
      decodeError({
        apiVersion: "v1",
        kind: "Pod",
        spec: { containers: [{ resources: { requests: { cpu: "100m", memory: 1 } } }] },
      }),
    ).toBeUndefined();
    expect(
      decodeError({ apiVersion: "v1", kind: "ConfigMap", binaryData: { a: "eA==" } }),
    ).toBeUndefined();
    expect(
      decodeError({ apiVersion: "v1", kind: "Node", status: { capacity: { cpu: "4mm" } } }),
    ).toBe("unable to parse quantity's suffix");
  });
});

describe("IP parsing (ParseIPSloppy)", () => {
  it.each([
    ["10.0.0.1", true],
    ["010.000.0.1", true],
    ["256.0.0.1", false],
    ["1.2.3", false],
    ["::1", true],
    ["fd00::1:2", true],
    ["::ffff:10.0.0.1", true],
    ["1::2::3", false],
    ["fe80::1%eth0", false],
    ["", false],
  ])("%s → %s", (s, ok) => {
    expect(parseIP(s) !== undefined).toBe(ok);
  });

  it("IPv4-mapped addresses read as IPv4", () => {
    expect(to4(parseIP("::ffff:10.0.0.1")!)).toEqual([10, 0, 0, 1]);
    expect(to4(parseIP("fd00::1")!)).toBeUndefined();
  });

  it("special ranges are refused for endpoints", () => {
    expect(messages(validateNonSpecialIP("0.0.0.0", "ip"))).toEqual([
      'ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    ]);
    expect(messages(validateNonSpecialIP("169.254.1.1", "ip"))).toEqual([
      'ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
    expect(messages(validateNonSpecialIP("224.0.0.5", "ip"))).toEqual([
      'ip: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ]);
    expect(messages(validateNonSpecialIP("::1", "ip"))).toEqual([
      'ip: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
    expect(validateNonSpecialIP("10.1.2.3", "ip")).toEqual([]);
  });

  it("CIDRs", () => {
    expect(isValidCIDR("c", "10.0.0.0/8")).toEqual([]);
    expect(isValidCIDR("c", "fd00::/64")).toEqual([]);
    expect(messages(isValidCIDR("c", "10.0.0.0/33"))).toEqual([
      'c: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
  });
});
