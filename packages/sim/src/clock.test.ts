import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_EPOCH, rfc3339, rfc3339Micro } from "./clock.js";

/** The formulas as first written (regular expressions on toISOString), for comparison. */
const rfc3339Reference = (t: number): string =>
  new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const rfc3339MicroReference = (t: number): string =>
  new Date(t).toISOString().replace(/Z$/, "000Z");

describe("rfc3339 / rfc3339Micro", () => {
  it("format as metav1.Time and metav1.MicroTime serialise", () => {
    expect(rfc3339(DEFAULT_EPOCH)).toBe("2024-01-01T00:00:00Z");
    expect(rfc3339(DEFAULT_EPOCH + 1999)).toBe("2024-01-01T00:00:01Z");
    expect(rfc3339Micro(DEFAULT_EPOCH + 1500)).toBe("2024-01-01T00:00:01.500000Z");
  });

  it("repeat calls at one instant give the same string, and a new instant a new one", () => {
    const a = rfc3339(DEFAULT_EPOCH);
    expect(rfc3339(DEFAULT_EPOCH + 999)).toBe(a); // same second
    expect(rfc3339(DEFAULT_EPOCH + 1000)).toBe("2024-01-01T00:00:01Z");
    expect(rfc3339(DEFAULT_EPOCH)).toBe(a);
    expect(rfc3339Micro(DEFAULT_EPOCH + 1)).toBe("2024-01-01T00:00:00.001000Z");
    expect(rfc3339Micro(DEFAULT_EPOCH + 2)).toBe("2024-01-01T00:00:00.002000Z");
    expect(rfc3339Micro(DEFAULT_EPOCH + 1)).toBe("2024-01-01T00:00:00.001000Z");
  });

  it("property: equal to the regular-expression formulas, whatever order the calls come in", () => {
    const instant = fc.oneof(
      fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
      fc.integer({ min: DEFAULT_EPOCH - 5000, max: DEFAULT_EPOCH + 5000 }),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 30 }), (times) => {
        for (const t of times) {
          expect(rfc3339(t)).toBe(rfc3339Reference(t));
          expect(rfc3339Micro(t)).toBe(rfc3339MicroReference(t));
        }
      }),
    );
  });

  it("an invalid time still throws, as toISOString does", () => {
    expect(() => rfc3339(Number.NaN)).toThrow(RangeError);
    expect(() => rfc3339Micro(Number.NaN)).toThrow(RangeError);
  });
});
