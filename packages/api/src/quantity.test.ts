/**
 * Parsing and printing, with the tables of k8s.io/apimachinery/pkg/api/resource/quantity_test.go
 * (TestQuantityParse, TestQuantityString, TestQuantityParseEmit) and the known quirks of
 * Quantity.String.
 */
import { describe, expect, it } from "vitest";
import { isApiError } from "./errors.js";
import type { QuantityFormat } from "./quantity.js";
import { Quantity, parseQuantity, quantityMessages, tryParseQuantity } from "./quantity.js";

const dec = (m: bigint | number, e: number, f: QuantityFormat = "DecimalSI"): Quantity =>
  Quantity.fromScaled(m, e, f);
const MAX = 2n ** 63n - 1n;

// TestQuantityParse: input, expected value as mantissa × 10^exponent, expected format.
const parseTable: [string, bigint | number, number, QuantityFormat][] = [
  ["0", 0, 0, "DecimalSI"],
  ["0n", 0, 0, "DecimalSI"],
  ["0u", 0, 0, "DecimalSI"],
  ["0m", 0, 0, "DecimalSI"],
  ["0Ki", 0, 0, "BinarySI"],
  ["0k", 0, 0, "DecimalSI"],
  ["0Mi", 0, 0, "BinarySI"],
  ["0M", 0, 0, "DecimalSI"],
  ["0Gi", 0, 0, "BinarySI"],
  ["0G", 0, 0, "DecimalSI"],
  ["0Ti", 0, 0, "BinarySI"],
  ["0T", 0, 0, "DecimalSI"],
  ["1", 1, 0, "DecimalSI"],
  ["1Ki", 1024, 0, "BinarySI"],
  ["8Ki", 8 * 1024, 0, "BinarySI"],
  ["7Mi", 7 * 1024 ** 2, 0, "BinarySI"],
  ["6Gi", 6 * 1024 ** 3, 0, "BinarySI"],
  ["5Ti", 5 * 1024 ** 4, 0, "BinarySI"],
  ["4Pi", 4n * 1024n ** 5n, 0, "BinarySI"],
  ["3Ei", 3n * 1024n ** 6n, 0, "BinarySI"],
  ["10Ti", 10 * 1024 ** 4, 0, "BinarySI"],
  ["100Ti", 100 * 1024 ** 4, 0, "BinarySI"],
  ["5n", 5, -9, "DecimalSI"],
  ["4u", 4, -6, "DecimalSI"],
  ["3m", 3, -3, "DecimalSI"],
  ["9", 9, 0, "DecimalSI"],
  ["8k", 8, 3, "DecimalSI"],
  ["50k", 5, 4, "DecimalSI"],
  ["7M", 7, 6, "DecimalSI"],
  ["6G", 6, 9, "DecimalSI"],
  ["5T", 5, 12, "DecimalSI"],
  ["40T", 4, 13, "DecimalSI"],
  ["300T", 3, 14, "DecimalSI"],
  ["2P", 2, 15, "DecimalSI"],
  ["1E", 1, 18, "DecimalSI"],
  ["1E-3", 1, -3, "DecimalExponent"],
  ["1e3", 1, 3, "DecimalExponent"],
  ["1E6", 1, 6, "DecimalExponent"],
  ["1e9", 1, 9, "DecimalExponent"],
  ["1E12", 1, 12, "DecimalExponent"],
  ["1e15", 1, 15, "DecimalExponent"],
  ["1E18", 1, 18, "DecimalExponent"],
  ["1e14", 1, 14, "DecimalExponent"],
  ["1e13", 1, 13, "DecimalExponent"],
  ["100.035k", 100035, 0, "DecimalSI"],
  ["0.001", 1, -3, "DecimalSI"],
  ["0.0005k", 5, -1, "DecimalSI"],
  ["0.005", 5, -3, "DecimalSI"],
  ["0.05", 5, -2, "DecimalSI"],
  ["0.5", 5, -1, "DecimalSI"],
  ["0.00050k", 5, -1, "DecimalSI"],
  ["0.00500", 5, -3, "DecimalSI"],
  ["0.05000", 5, -2, "DecimalSI"],
  ["0.50000", 5, -1, "DecimalSI"],
  ["0.5e0", 5, -1, "DecimalExponent"],
  ["0.5e-1", 5, -2, "DecimalExponent"],
  ["0.5e-2", 5, -3, "DecimalExponent"],
  ["10.035M", 10035, 3, "DecimalSI"],
  ["1.2e3", 12, 2, "DecimalExponent"],
  ["1.3E+6", 13, 5, "DecimalExponent"],
  ["1.40e9", 14, 8, "DecimalExponent"],
  ["1.53E12", 153, 10, "DecimalExponent"],
  ["1.6e15", 16, 14, "DecimalExponent"],
  ["1.7E18", 17, 17, "DecimalExponent"],
  ["9.01", 901, -2, "DecimalSI"],
  ["8.1k", 81, 2, "DecimalSI"],
  ["7.123456M", 7123456, 0, "DecimalSI"],
  ["6.987654321G", 6987654321, 0, "DecimalSI"],
  ["5.444T", 5444, 9, "DecimalSI"],
  ["40.1T", 401, 11, "DecimalSI"],
  ["300.2T", 3002, 11, "DecimalSI"],
  ["2.5P", 25, 14, "DecimalSI"],
  ["1.01E", 101, 16, "DecimalSI"],
  // Things that saturate/round
  ["3.001n", 4, -9, "DecimalSI"],
  ["1.1E-9", 2, -9, "DecimalExponent"],
  ["0.0000000001", 1, -9, "DecimalSI"],
  ["0.0000000005", 1, -9, "DecimalSI"],
  ["0.00000000050", 1, -9, "DecimalSI"],
  ["0.5e-9", 1, -9, "DecimalExponent"],
  ["0.9n", 1, -9, "DecimalSI"],
  ["0.00000012345", 124, -9, "DecimalSI"],
  ["0.00000012354", 124, -9, "DecimalSI"],
  ["9Ei", MAX, 0, "BinarySI"],
  ["9223372036854775807Ki", MAX, 0, "BinarySI"],
  ["12E", 12, 18, "DecimalSI"],
  // Fractional binary
  ["100.035Ki", 10243584, -2, "BinarySI"],
  ["0.5Mi", 0.5 * 1024 * 1024, 0, "BinarySI"],
  ["0.05Gi", 536870912, -1, "BinarySI"],
  ["0.025Ti", 274877906944, -1, "BinarySI"],
  // Things written by trolls
  ["0.000000000001Ki", 2, -9, "DecimalSI"],
  [".001", 1, -3, "DecimalSI"],
  [".0001k", 100, -3, "DecimalSI"],
  ["1.", 1, 0, "DecimalSI"],
  ["1.G", 1, 9, "DecimalSI"],
];

describe("parseQuantity (TestQuantityParse)", () => {
  it.each(parseTable)("%s", (input, m, e, format) => {
    const want = dec(m, e);
    for (const [prefix, expected] of [
      ["", want],
      ["+", want],
      ["-", want.neg()],
    ] as const) {
      const got = parseQuantity(prefix + input);
      expect(got.cmp(expected), `${prefix}${input} = ${got.toString()}`).toBe(0);
      expect(got.format).toBe(format);
    }
  });

  it.each([
    ["", quantityMessages.formatWrong],
    ["1.1.M", quantityMessages.formatWrong],
    ["1+1.0M", quantityMessages.formatWrong],
    ["aoeu", quantityMessages.formatWrong],
    [" 1", quantityMessages.formatWrong],
    ["1 ", quantityMessages.formatWrong],
    ["0.1mi", quantityMessages.suffix],
    ["0.1am", quantityMessages.formatWrong],
    [".5i", quantityMessages.suffix],
    ["1i", quantityMessages.suffix],
    ["-3.01i", quantityMessages.suffix],
    ["-3.01e-", quantityMessages.suffix],
    ["1e", quantityMessages.suffix],
    ["1e99999999999999999999", quantityMessages.suffix],
    // Digits are only demanded off the int64 fast path (inf.Dec's SetString needs one).
    ["e-20", quantityMessages.numeric],
    ["Ei", quantityMessages.numeric],
  ])("rejects %j with Kubernetes' message", (input, message) => {
    expect(tryParseQuantity(input)).toBeUndefined();
    let thrown: unknown;
    try {
      parseQuantity(input);
    } catch (e) {
      thrown = e;
    }
    expect(isApiError(thrown)).toBe(true);
    if (!isApiError(thrown)) return;
    expect(thrown.reason).toBe("BadRequest");
    expect(thrown.httpCode).toBe(400);
    expect(thrown.message).toBe(message);
  });

  it("words the format error with the regular expression", () => {
    expect(quantityMessages.formatWrong).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it("accepts what Kubernetes' scanner lets through without digits", () => {
    // ".", "-", "Ki" and "m" take the int64 fast path with an empty numerator: zero.
    for (const s of [".", "-.", "-", "+", "Ki", "m", "00", "-000"]) {
      const q = parseQuantity(s);
      expect(q.isZero(), s).toBe(true);
      expect(q.toString()).toBe("0");
    }
    expect(parseQuantity("Ki").format).toBe("BinarySI");
  });

  it("narrows an exponent to int32 as Go does, and stays cheap for huge ones", () => {
    expect(parseQuantity("1e4294967296").value()).toBe(1n);
    const huge = parseQuantity("1e2000000000");
    expect(huge.toString()).toBe("100e1999999998");
    expect(huge.cmp(parseQuantity("1E"))).toBe(1);
    expect(parseQuantity("1e-2000000000").toString()).toBe("1e-9");
  });
});

// TestQuantityString: a value, its canonical string, and another spelling of it.
const stringTable: [Quantity, string, string][] = [
  [dec(1024 * 1024 * 1024, 0, "BinarySI"), "1Gi", "1024Mi"],
  [dec(300 * 1024 * 1024, 0, "BinarySI"), "300Mi", "307200Ki"],
  [dec(6 * 1024, 0, "BinarySI"), "6Ki", ""],
  [dec(1001 * 1024 * 1024 * 1024, 0, "BinarySI"), "1001Gi", "1025024Mi"],
  [dec(1024 ** 4, 0, "BinarySI"), "1Ti", "1024Gi"],
  [dec(5, 0, "BinarySI"), "5", "5000m"],
  [dec(500, -3, "BinarySI"), "500m", "0.5"],
  [dec(1, 9), "1G", "1000M"],
  [dec(1000, 6), "1G", "0.001T"],
  [dec(1000000, 3), "1G", ""],
  [dec(1000000000, 0), "1G", ""],
  [dec(1, -3), "1m", "1000u"],
  [dec(80, -3), "80m", ""],
  [dec(1080, -3), "1080m", "1.08"],
  [dec(108, -2), "1080m", "1080000000n"],
  [dec(10800, -4), "1080m", ""],
  [dec(300, 6), "300M", ""],
  [dec(1, 12), "1T", ""],
  [dec(1234567, 6), "1234567M", ""],
  [dec(1234567, -3, "BinarySI"), "1234567m", ""],
  [dec(3, 3), "3k", ""],
  [dec(1025, 0, "BinarySI"), "1025", ""],
  [dec(0, 0), "0", ""],
  [dec(0, 0, "BinarySI"), "0", ""],
  [dec(1, 9, "DecimalExponent"), "1e9", ".001e12"],
  [dec(1, -3, "DecimalExponent"), "1e-3", "0.001e0"],
  [dec(1, -9, "DecimalExponent"), "1e-9", "1000e-12"],
  [dec(80, -3, "DecimalExponent"), "80e-3", ""],
  [dec(300, 6, "DecimalExponent"), "300e6", ""],
  [dec(1, 12, "DecimalExponent"), "1e12", ""],
  [dec(1, 3, "DecimalExponent"), "1e3", ""],
  [dec(3, 3, "DecimalExponent"), "3e3", ""],
  [dec(3, 3), "3k", ""],
  [dec(0, 0, "DecimalExponent"), "0", "00"],
  [dec(1, -9), "1n", ""],
  [dec(80, -9), "80n", ""],
  [dec(1080, -9), "1080n", ""],
  [dec(108, -8), "1080n", ""],
  [dec(10800, -10), "1080n", ""],
  [dec(1, -6), "1u", ""],
  [dec(80, -6), "80u", ""],
  [dec(1080, -6), "1080u", ""],
];

describe("toString (TestQuantityString)", () => {
  it.each(stringTable)("%s", (q, canonical, alternate) => {
    expect(q.toString()).toBe(canonical);
    expect(parseQuantity(canonical).toString()).toBe(canonical);
    if (alternate !== "") expect(parseQuantity(alternate).toString()).toBe(canonical);
    if (!q.isZero()) expect(q.neg().toString()).toBe(`-${canonical}`);
  });

  it.each([
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
  ])("TestQuantityParseEmit: %s prints %s", (input, want) => {
    expect(parseQuantity(input).toString()).toBe(want);
    expect(parseQuantity(`-${input}`).toString()).toBe(`-${want}`);
  });

  it.each([
    ["0.5", "500m"],
    ["1.5", "1500m"],
    ["1.5Gi", "1536Mi"],
    ["2e3", "2e3"],
    ["1k", "1k"],
    ["1000m", "1"],
    ["128Mi", "128Mi"],
    ["0.1", "100m"],
    ["0.5Mi", "512Ki"],
    ["1.1Ki", "1126400m"],
    ["12E", "12E"],
    ["1.7E18", "1700e15"],
    ["1000", "1k"],
    ["1500000", "1500k"],
  ])("%s prints %s", (input, want) => {
    expect(parseQuantity(input).toString()).toBe(want);
  });

  it("keeps a parsed string that merely looks canonical (kubernetes/kubernetes#138165)", () => {
    for (const [input, canonical] of [
      ["1.001", "1001m"],
      ["1.500", "1500m"],
      ["+1", "1"],
      ["01", "1"],
      ["1E3", "1e3"],
      ["1e0", "1"],
      ["1.G", "1G"],
    ]) {
      const q = parseQuantity(input ?? "");
      expect(q.toString(), input).toBe(input);
      expect(q.canonical(), input).toBe(canonical);
      // Arithmetic forgets the string, as Go's Add clears q.s.
      expect(q.add(parseQuantity("0")).toString()).toBe(canonical);
      expect(JSON.stringify({ cpu: q })).toBe(JSON.stringify({ cpu: input }));
    }
  });

  it("falls back to an exponent where the DecimalSI table ends (kubernetes/kubernetes#140459)", () => {
    expect(parseQuantity("1000E").toString()).toBe("1e21");
    expect(parseQuantity("5000E").toString()).toBe("5e21");
    expect(parseQuantity("1000000000000000000000").toString()).toBe("1e21");
    expect(parseQuantity("100E").toString()).toBe("100E");
    expect(Quantity.fromScaled(1, -12).toString()).toBe("1e-12");
    expect(Quantity.fromScaled(1, -10).toString()).toBe("100e-12");
  });

  it("prints BinarySI beyond Ei as DecimalSI instead of dropping the magnitude", () => {
    const fourEi = parseQuantity("4Ei");
    expect(fourEi.add(fourEi).toString()).toBe("8Ei");
    const big = Quantity.fromInt(2n ** 70n, "BinarySI");
    expect(big.toString()).toBe("1180591620717411303424");
    expect(parseQuantity(big.toString()).cmp(big)).toBe(0);
  });

  it("prints a BinarySI integer that is no multiple of 1024 bare, which reparses as DecimalSI", () => {
    const q = Quantity.fromInt(3000, "BinarySI");
    expect(q.toString()).toBe("3000");
    expect(parseQuantity(q.toString()).toString()).toBe("3k");
  });
});
