import { humanDuration } from "kubesim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shortHumanDuration } from "./duration.js";
import { loadDurationVectors } from "./testdata/vectors.js";
import { translateTimestampSince } from "./timestamp.js";

const vectors = loadDurationVectors();
/** Milliseconds, exactly (a fractional value for sub-millisecond vectors). */
const ms = (durationNs: number) => durationNs / 1e6;

describe("HumanDuration vectors (duration_test.go) against the sim's humanDuration", () => {
  const human = vectors.filter((v) => v.function === "HumanDuration");
  it("has all 47 HumanDuration vectors", () => {
    expect(human).toHaveLength(47);
  });
  for (const v of human) {
    it(`${v.name} -> ${v.expected}`, () => {
      expect(humanDuration(ms(v.input.durationNs))).toBe(v.expected);
    });
  }
});

describe("ShortHumanDuration vectors (duration_test.go)", () => {
  const short = vectors.filter((v) => v.function === "ShortHumanDuration");
  it("has all 19 ShortHumanDuration vectors", () => {
    expect(short).toHaveLength(19);
  });
  it.each(short.map((v) => [v.name, v.expected, v.input.durationNs] as const))(
    "%s -> %s",
    (_, expected, ns) => {
      expect(shortHumanDuration(ms(ns))).toBe(expected);
    },
  );

  it("prints whole units of the largest unit that fits (property)", () => {
    const unitMs: Record<string, number> = {
      s: 1000,
      m: 60_000,
      h: 3_600_000,
      d: 86_400_000,
      y: 365 * 86_400_000,
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 365 * 86_400_000 }), (d) => {
        const m = /^(\d+)([smhdy])$/.exec(shortHumanDuration(d));
        expect(m).not.toBeNull();
        expect(Number(m![1])).toBe(Math.floor(d / unitMs[m![2]!]!));
      }),
    );
  });
});

describe("translateTimestampSince", () => {
  const now = Date.UTC(2024, 0, 1, 0, 10, 0);
  it("ages an RFC 3339 time, and says <unknown> when unset or unparseable", () => {
    expect(translateTimestampSince("2024-01-01T00:00:00Z", now)).toBe("10m");
    expect(translateTimestampSince(undefined, now)).toBe("<unknown>");
    expect(translateTimestampSince("", now)).toBe("<unknown>");
    expect(translateTimestampSince("not a time", now)).toBe("<unknown>");
  });
});
