/**
 * Quantity constructors and ScaledValue, with the tables of
 * k8s.io/apimachinery/pkg/api/resource/quantity_test.go (TestMilliNewSet, TestNewSet,
 * TestNewScaledSet, TestScaledValue).
 */
import { describe, expect, it } from "vitest";
import { Quantity, parseQuantity } from "./quantity.js";

describe("constructors", () => {
  it.each([
    [1, "DecimalSI", "1m"],
    [1000, "DecimalSI", "1"],
    [1234000, "DecimalSI", "1234"],
    [1024, "BinarySI", "1024m"],
    [1000000, "DecimalExponent", "1e3"],
    [1024 * 1024, "BinarySI", "1048576m"],
  ] as const)("TestMilliNewSet: fromMilli(%d, %s) prints %s", (n, format, want) => {
    const q = Quantity.fromMilli(n, format);
    expect(q.toString()).toBe(want);
    expect(parseQuantity(q.toString()).milliValue()).toBe(BigInt(n));
  });

  it.each([
    [1, "DecimalSI", "1"],
    [1000, "DecimalSI", "1k"],
    [1234000, "DecimalSI", "1234k"],
    [1024, "BinarySI", "1Ki"],
    [1000000, "DecimalExponent", "1e6"],
    [1024 * 1024, "BinarySI", "1Mi"],
  ] as const)("TestNewSet: fromInt(%d, %s) prints %s", (n, format, want) => {
    const q = Quantity.fromInt(n, format);
    expect(q.toString()).toBe(want);
    expect(parseQuantity(q.toString()).value()).toBe(BigInt(n));
  });

  it.each([
    [1, -9, "1n"],
    [1000, -9, "1u"],
    [1, -6, "1u"],
    [1000, -6, "1m"],
    [1, -3, "1m"],
    [1000, -3, "1"],
    [1, 0, "1"],
    [0, -9, "0"],
    [0, -6, "0"],
    [0, -3, "0"],
    [0, 0, "0"],
  ])("TestNewScaledSet: fromScaled(%d, %d) prints %s", (n, scale, want) => {
    const q = Quantity.fromScaled(n, scale);
    expect(q.toString()).toBe(want);
    expect(parseQuantity(want).scaledValue(scale)).toBe(BigInt(n));
  });

  it.each([
    [-9, -9, 1n],
    [-9, -6, 1n],
    [-9, -3, 1n],
    [-9, 0, 1n],
    [-6, -9, 1000n],
    [-6, -6, 1n],
    [-6, -3, 1n],
    [-6, 0, 1n],
    [-3, -9, 1000n * 1000n],
    [-3, -6, 1000n],
    [-3, -3, 1n],
    [-3, 0, 1n],
    [0, -9, 1000n * 1000n * 1000n],
    [0, -6, 1000n * 1000n],
    [0, -3, 1000n],
    [0, 0, 1n],
    [2, -2, 100n * 100n],
  ])("TestScaledValue: 1e%d at scale %d is %d", (from, to, want) => {
    expect(Quantity.fromScaled(1, from).scaledValue(to)).toBe(want);
  });

  it("refuses non-integers (a programming error, not user input)", () => {
    expect(() => Quantity.fromInt(1.5)).toThrow(/not an integer/);
    expect(() => Quantity.fromMilli(0.5)).toThrow(/not an integer/);
    expect(() => Quantity.fromScaled(1, 0.5)).toThrow(/not an integer/);
  });

  it("is immutable", () => {
    const q = parseQuantity("1Gi");
    expect(Object.isFrozen(q)).toBe(true);
    q.add(q);
    expect(q.toString()).toBe("1Gi");
  });
});
