import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DurationError, formatDuration, humanDuration, parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["250ms", 250],
    ["1.5s", 1500],
    ["0", 0],
    ["-2s", -2000],
    ["1h0m0s", 3_600_000],
    ["1500us", 2],
  ])("parses %s", (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });

  it.each(["", "5", "1d", "s", "1h 30m", "--1s", "abc"])("refuses %j as Go does", (s) => {
    expect(() => parseDuration(s)).toThrow(DurationError);
    expect(() => parseDuration(s)).toThrow(`time: invalid duration ${JSON.stringify(s)}`);
  });

  it("passes numbers through as milliseconds", () => {
    expect(parseDuration(1234)).toBe(1234);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [250, "250ms"],
    [30_000, "30s"],
    [300_000, "5m0s"],
    [5_400_000, "1h30m0s"],
    [1500, "1.5s"],
    [-2000, "-2s"],
  ])("formats %d as %s (Go's Duration.String)", (ms, s) => {
    expect(formatDuration(ms)).toBe(s);
  });

  it("round-trips through parseDuration", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});

describe("humanDuration (kubectl AGE)", () => {
  it.each([
    [0, "0s"],
    [59_000, "59s"],
    [119_000, "119s"],
    [120_000, "2m"],
    [150_000, "2m30s"],
    [600_000, "10m"],
    [3 * 3600_000, "3h"],
    [3 * 3600_000 + 5 * 60_000, "3h5m"],
    [10 * 3600_000, "10h"],
    [50 * 3600_000, "2d2h"],
    [10 * 24 * 3600_000, "10d"],
    [800 * 24 * 3600_000, "2y70d"],
  ])("%d ms is %s", (ms, s) => {
    expect(humanDuration(ms)).toBe(s);
  });
});
