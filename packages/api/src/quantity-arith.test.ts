/**
 * Comparison, arithmetic and rounding of quantities (quantity_test.go: TestQuantityCmp,
 * TestQuantityCmpInt64AndDec, TestAdd, TestSub, TestNeg, TestQuantityNeg,
 * TestQuantityAddZeroPreservesSuffix, TestQuantitySubZeroPreservesSuffix), plus fast-check
 * properties: exact arithmetic, parse/print round trips, and parse against a rational oracle.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { QuantityFormat } from "./quantity.js";
import { Quantity, parseQuantity } from "./quantity.js";

const dec = (m: bigint | number, e: number, f: QuantityFormat = "DecimalSI"): Quantity =>
  Quantity.fromScaled(m, e, f);
const P = 2n ** 63n - 1n;
const N = -(2n ** 63n);

describe("cmp", () => {
  it.each([
    ["0", "0", 0],
    ["100m", "50m", 1],
    ["50m", "100m", -1],
    ["10000T", "100Gi", 1],
    ["1Ki", "1024", 0],
    ["1k", "1000000m", 0],
    ["-1", "1n", -1],
    ["-1Gi", "-1G", -1],
  ])("TestQuantityCmp: %s vs %s is %d", (x, y, want) => {
    expect(parseQuantity(x).cmp(parseQuantity(y))).toBe(want);
    expect(parseQuantity(y).cmp(parseQuantity(x))).toBe(-want || 0);
    expect(parseQuantity(x).equal(parseQuantity(y))).toBe(want === 0);
  });

  it.each([
    [dec(901, -2), dec(901, -2), 0],
    [dec(90, -1), dec(901, -2), -1],
    [dec(901, -2), dec(900, -2), 1],
    [dec(0, 0), dec(0, 0), 0],
    [dec(0, 1), dec(0, -1), 0],
    [dec(800, -3), dec(1, 0), -1],
    [dec(800, -3), dec(79, -2), 1],
    [dec(P, 0), dec(1, -1), 1],
    [dec(P, 1), dec(1, 0), 1],
    [dec(P, 1), dec(1, 1), 1],
    [dec(P, 1), dec(0, 1), 1],
    [dec(P, -16), dec(1, 3), -1],
    [dec(N, 0), dec(0, 0), -1],
    [dec(N, -18), dec(-1, 0), -1],
    [dec(N, -19), dec(-1, 0), 1],
    [dec(10n ** 18n, -17), dec(1, 1), 0],
    [dec(10n ** 18n, -17), dec(-10, 0), 1],
    [dec(-(10n ** 18n), -17), dec(-10, 0), 0],
    [dec(10n ** 18n, -17), dec(1, 0), 1],
    [dec(10n ** 18n + 1n, -17), dec(1, 1), 1],
    [dec(10n ** 18n - 1n, -17), dec(1, 1), -1],
  ])("TestQuantityCmpInt64AndDec #%#", (a, b, want) => {
    expect(a.cmp(b)).toBe(want);
    expect(b.cmp(a)).toBe(-want || 0);
  });
});

describe("arithmetic", () => {
  const zero = (f: QuantityFormat = "DecimalSI"): Quantity => Quantity.fromInt(0, f);

  it.each([
    [dec(10, 0), dec(1, 1), dec(20, 0), "DecimalSI"],
    [dec(10, 0), dec(1, 0, "BinarySI"), dec(11, 0), "DecimalSI"],
    [dec(10, 0, "BinarySI"), dec(1, 0), dec(11, 0), "BinarySI"],
    [zero(), dec(50, 0), dec(50, 0), "DecimalSI"],
    [dec(50, 0), zero(), dec(50, 0), "DecimalSI"],
    [zero(), zero(), dec(0, 0), "DecimalSI"],
  ])("TestAdd #%#", (a, b, want, format) => {
    const sum = a.add(b);
    expect(sum.cmp(want)).toBe(0);
    expect(sum.format).toBe(format);
  });

  it.each([
    [dec(10, 0), dec(1, 1), dec(0, 0), "DecimalSI"],
    [dec(10, 0), dec(1, 0, "BinarySI"), dec(9, 0), "DecimalSI"],
    [dec(10, 0, "BinarySI"), dec(1, 0), dec(9, 0), "BinarySI"],
    [zero(), dec(50, 0), dec(-50, 0), "DecimalSI"],
    [dec(50, 0), zero(), dec(50, 0), "DecimalSI"],
    [zero(), zero(), dec(0, 0), "DecimalSI"],
  ])("TestSub #%#", (a, b, want, format) => {
    const diff = a.sub(b);
    expect(diff.cmp(want)).toBe(0);
    expect(diff.format).toBe(format);
  });

  it("TestNeg / TestQuantityNeg", () => {
    expect(dec(0, 0).neg().isZero()).toBe(true);
    expect(dec(10, 0, "BinarySI").neg().cmp(dec(-10, 0))).toBe(0);
    expect(dec(-10, 0, "BinarySI").neg().cmp(dec(10, 0))).toBe(0);
    expect(dec(10, 0, "BinarySI").neg().format).toBe("BinarySI");
    const q = dec(901, -2);
    expect(q.neg().toString()).toBe("-9010m");
    expect(q.toString()).toBe("9010m");
    expect(dec(0, 0).neg().toString()).toBe("0");
  });

  it.each(["100m", "1Gi"])("adding or subtracting zero keeps the suffix of %s", (s) => {
    const value = parseQuantity(s);
    const z = parseQuantity("0");
    expect(value.add(z).toString()).toBe(s);
    expect(z.add(value).toString()).toBe(s);
    expect(value.sub(z).toString()).toBe(s);
    expect(z.sub(value).toString()).toBe(value.neg().toString());
    expect(z.sub(value).toString()).toBe(`-${s}`);
  });

  it("is exact where floats drift: 0.1 + 0.2 CPU is 300m", () => {
    const sum = parseQuantity("0.1").add(parseQuantity("0.2"));
    expect(sum.toString()).toBe("300m");
    expect(sum.cmp(parseQuantity("300m"))).toBe(0);
    let total = parseQuantity("0");
    for (let i = 0; i < 10; i++) total = total.add(parseQuantity("100m"));
    expect(total.toString()).toBe("1");
  });

  it("parsing caps BinarySI at 2^63-1, so a bigger BinarySI sum does not round-trip", () => {
    const eightEi = parseQuantity("4Ei").add(parseQuantity("4Ei"));
    expect(eightEi.toString()).toBe("8Ei");
    expect(parseQuantity("8Ei").cmp(eightEi)).toBe(-1);
    expect(parseQuantity("8Ei").toString()).toBe(P.toString());
  });

  it("sums past int64 without overflow (Go switches to inf.Dec)", () => {
    const big = dec(P, 0);
    expect(big.add(big).toString()).toBe((2n * P).toString());
    expect(big.add(big).value()).toBe(2n * P);
  });

  it.each([
    ["1500m", 2n, 1500n],
    ["-1500m", -2n, -1500n],
    ["1n", 1n, 1n],
    ["-1n", -1n, -1n],
    ["0.1", 1n, 100n],
    ["1Ki", 1024n, 1024000n],
    ["9Ei", P, P * 1000n],
    ["0", 0n, 0n],
  ])("%s: value %d, milliValue %d (rounded up, away from zero)", (s, value, milli) => {
    expect(parseQuantity(s).value()).toBe(value);
    expect(parseQuantity(s).milliValue()).toBe(milli);
  });

  it("sign and isZero", () => {
    expect(parseQuantity("-1m").sign()).toBe(-1);
    expect(parseQuantity("0Ki").sign()).toBe(0);
    expect(parseQuantity("0Ki").isZero()).toBe(true);
    expect(parseQuantity("1n").sign()).toBe(1);
  });
});

// ---- properties ----

const milli = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const format = fc.constantFrom<QuantityFormat>("DecimalSI", "BinarySI", "DecimalExponent");
const suffixes = ["", "n", "u", "m", "k", "M", "G", "T", "P", "E"];
const exponents = ["e0", "e3", "E-3", "e-7", "e-12", "e20", "E+6", "e1"];
const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalExp: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9 };
Object.assign(decimalExp, { "": 0, T: 12, P: 15, E: 18 });

/** A well-formed quantity string: sign, digits, optional fraction, a suffix of any kind. */
const quantityString = fc.record({
  sign: fc.constantFrom("", "-", "+"),
  int: fc.stringMatching(/^[0-9]{1,12}$/),
  frac: fc.option(fc.stringMatching(/^[0-9]{0,12}$/), { nil: undefined }),
  suffix: fc.constantFrom(...suffixes, ...Object.keys(binary), ...exponents),
});
const render = (s: { sign: string; int: string; frac: string | undefined; suffix: string }) =>
  `${s.sign}${s.int}${s.frac === undefined ? "" : `.${s.frac}`}${s.suffix}`;

/** A quantity from a string, a constructor, or a sum: every way helpers make them. */
const anyQuantity = fc.oneof(
  quantityString.map((s) => parseQuantity(render(s))),
  fc.tuple(milli, format).map(([m, f]) => Quantity.fromMilli(m, f)),
  fc
    .tuple(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), format)
    .map(([n, f]) => Quantity.fromInt(n, f)),
  fc
    .tuple(quantityString, quantityString)
    .map(([a, b]) => parseQuantity(render(a)).add(parseQuantity(render(b)))),
);

/** Nanos, rounded up away from zero, computed straight from the string's digits. */
function oracleNanos(s: { sign: string; int: string; frac: string | undefined; suffix: string }) {
  const frac = s.frac ?? "";
  let m = BigInt(s.int + frac);
  let e = -frac.length + 9;
  const bin = binary[s.suffix];
  if (bin !== undefined) m *= 2n ** BigInt(bin);
  else if (s.suffix in decimalExp) e += decimalExp[s.suffix] ?? 0;
  else e += Number(s.suffix.slice(1));
  let nanos = e >= 0 ? m * 10n ** BigInt(e) : (m + 10n ** BigInt(-e) - 1n) / 10n ** BigInt(-e);
  if (bin !== undefined && nanos > P * 10n ** 9n) nanos = P * 10n ** 9n;
  return s.sign === "-" ? -nanos : nanos;
}

const abs = (q: Quantity): Quantity => (q.sign() < 0 ? q.neg() : q);

/** BinarySI integers ≥ 1024 with no 1024 factor print bare and reparse as DecimalSI ("3000" → "3k"). */
function printsBareBinary(q: Quantity): boolean {
  if (q.format !== "BinarySI" || q.cmp(dec(1024, 0)) * q.cmp(dec(-1024, 0)) < 0) return false;
  const v = q.value();
  return Quantity.fromInt(v).cmp(q) === 0 && v % 1024n !== 0n;
}

describe("properties", () => {
  it("parse agrees with exact rational arithmetic, rounded up to nanos", () => {
    fc.assert(
      fc.property(quantityString, (s) => {
        const q = parseQuantity(render(s));
        expect(q.scaledValue(-9)).toBe(oracleNanos(s));
        expect(Quantity.fromScaled(q.scaledValue(-9), -9).cmp(q)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("parse(toString(q)) equals q, and printing is a fixed point", () => {
    fc.assert(
      fc.property(anyQuantity, (q) => {
        // Parsing caps BinarySI at 2^63-1, so a larger BinarySI sum cannot survive a round trip.
        fc.pre(q.format !== "BinarySI" || abs(q).cmp(dec(P, 0)) <= 0);
        const t1 = q.toString();
        const p1 = parseQuantity(t1);
        expect(p1.cmp(q)).toBe(0);
        const t2 = p1.toString();
        if (!printsBareBinary(q)) expect(t2).toBe(t1);
        expect(parseQuantity(t2).toString()).toBe(t2);
        expect(parseQuantity(q.canonical()).canonical()).toBe(p1.canonical());
      }),
      { numRuns: 400 },
    );
  });

  it("addition is commutative, associative and exact", () => {
    fc.assert(
      fc.property(anyQuantity, anyQuantity, anyQuantity, (a, b, c) => {
        expect(a.add(b).cmp(b.add(a))).toBe(0);
        expect(
          a
            .add(b)
            .add(c)
            .cmp(a.add(b.add(c))),
        ).toBe(0);
        // Every quantity made here is a whole number of nanos, so nanos add exactly.
        expect(a.add(b).scaledValue(-9)).toBe(a.scaledValue(-9) + b.scaledValue(-9));
        expect(a.add(b).sub(b).cmp(a)).toBe(0);
        expect(a.sub(b).cmp(b.sub(a).neg())).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("milli arithmetic matches bigint arithmetic", () => {
    fc.assert(
      fc.property(milli, milli, format, (x, y, f) => {
        const a = Quantity.fromMilli(x, f);
        const b = Quantity.fromMilli(y);
        expect(a.add(b).milliValue()).toBe(x + y);
        expect(a.sub(b).milliValue()).toBe(x - y);
        expect(a.neg().milliValue()).toBe(-x);
        expect(a.cmp(b)).toBe(x < y ? -1 : x > y ? 1 : 0);
        expect(a.sign()).toBe(x < 0n ? -1 : x > 0n ? 1 : 0);
        expect(parseQuantity(a.toString()).milliValue()).toBe(x);
        const whole = x / 1000n + (x % 1000n === 0n ? 0n : x > 0n ? 1n : -1n);
        expect(a.value()).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });
});
