/**
 * IntOrString, with the cases of k8s.io/apimachinery/pkg/util/intstr/intstr_test.go
 * (TestGetIntFromIntOrString, TestGetIntFromIntOrPercent, TestGetValueFromIntOrPercentNil), the
 * Deployment rounding rule (maxSurge up, maxUnavailable down) and its worked examples.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isApiError } from "./errors.js";
import type { IntOrString } from "./intstr.js";
import { getIntOrPercentValue, getScaledValueFromIntOrPercent, isPercent } from "./intstr.js";

function errorOf(fn: () => unknown): { reason: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return { reason: e.reason, message: e.message };
    throw e;
  }
  return undefined;
}

describe("getScaledValueFromIntOrPercent", () => {
  // TestGetIntFromIntOrString (getIntOrPercentValueSafely), read through total = 100.
  it.each([
    [200, 200],
    ["200", undefined],
    ["30%0", undefined],
    ["40%", 40],
    ["%", undefined],
    ["a%", undefined],
    ["a", undefined],
    ["40#", undefined],
    ["40%%", undefined],
  ])("%j of 100 is %j", (input, want) => {
    if (want === undefined) {
      expect(errorOf(() => getScaledValueFromIntOrPercent(input, 100, true))?.reason).toBe(
        "BadRequest",
      );
    } else {
      expect(getScaledValueFromIntOrPercent(input, 100, true)).toBe(want);
    }
  });

  // TestGetIntFromIntOrPercent.
  it.each([
    [123, 0, false, 123],
    ["90%", 100, true, 90],
    ["90%", 95, true, 86],
    ["90%", 95, false, 85],
    ["%", 0, false, undefined],
    ["90#", 0, false, undefined],
    ["#%", 0, false, undefined],
    ["90", 0, false, undefined],
  ])("%j of %d (roundUp %s) is %j", (input, total, roundUp, want) => {
    if (want === undefined) {
      expect(errorOf(() => getScaledValueFromIntOrPercent(input, total, roundUp))).toBeDefined();
    } else {
      expect(getScaledValueFromIntOrPercent(input, total, roundUp)).toBe(want);
    }
  });

  it.each([
    [undefined, "nil value for IntOrString"],
    ["50", "invalid value for IntOrString: invalid type: string is not a percentage"],
    ["abc", "invalid value for IntOrString: invalid type: string is not a percentage"],
    [
      "a%",
      'invalid value for IntOrString: invalid value "a%": strconv.Atoi: parsing "a": invalid syntax',
    ],
    [
      "40%%",
      'invalid value for IntOrString: invalid value "40%%": strconv.Atoi: parsing "40%": invalid syntax',
    ],
    [
      "%",
      'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax',
    ],
    [
      "99999999999999999999%",
      'invalid value for IntOrString: invalid value "99999999999999999999%": ' +
        'strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    [1.5, "invalid value for IntOrString: invalid type: neither int nor percentage"],
  ])("%j is rejected as BadRequest: %s", (input, message) => {
    expect(errorOf(() => getScaledValueFromIntOrPercent(input, 10, true))).toEqual({
      reason: "BadRequest",
      message,
    });
  });

  it("returns integers unchanged, uncapped and unscaled", () => {
    expect(getScaledValueFromIntOrPercent(0, 10, true)).toBe(0);
    expect(getScaledValueFromIntOrPercent(50, 10, false)).toBe(50);
    expect(getScaledValueFromIntOrPercent(-3, 10, false)).toBe(-3);
  });

  it("takes Atoi's view of the digits: signs and leading zeros are fine", () => {
    expect(getScaledValueFromIntOrPercent("+50%", 10, true)).toBe(5);
    expect(getScaledValueFromIntOrPercent("007%", 100, true)).toBe(7);
    // Go: ceil(-9.5) = -9, floor(-9.5) = -10.
    expect(getScaledValueFromIntOrPercent("-10%", 95, true)).toBe(-9);
    expect(getScaledValueFromIntOrPercent("-10%", 95, false)).toBe(-10);
    expect(getScaledValueFromIntOrPercent("150%", 10, true)).toBe(15);
  });
});

describe("the Deployment rule: maxSurge rounds up, maxUnavailable rounds down", () => {
  const surge = (v: IntOrString, replicas: number) =>
    getScaledValueFromIntOrPercent(v, replicas, true);
  const unavailable = (v: IntOrString, replicas: number) =>
    getScaledValueFromIntOrPercent(v, replicas, false);

  // workloads.md §2, the 25%/25% defaults.
  it.each([
    [0, 0, 0],
    [1, 1, 0],
    [2, 1, 0],
    [3, 1, 0],
    [4, 1, 1],
    [5, 2, 1],
    [10, 3, 2],
  ])("25%% of %d replicas: surge %d, unavailable %d", (replicas, s, u) => {
    expect(surge("25%", replicas)).toBe(s);
    expect(unavailable("25%", replicas)).toBe(u);
  });

  // TestResolveFenceposts (deployment_util_test.go), before its "both zero" adjustment.
  it("39% of 10 is surge 4, unavailable 3; 0% of 0 is 0", () => {
    expect(surge("39%", 10)).toBe(4);
    expect(unavailable("39%", 10)).toBe(3);
    expect(surge("0%", 0)).toBe(0);
    expect(unavailable("0%", 0)).toBe(0);
    expect(errorOf(() => surge("oops", 10))?.reason).toBe("BadRequest");
    expect(errorOf(() => unavailable("urg", 10))?.reason).toBe("BadRequest");
  });

  it("scales exactly with integers, as ceil and floor of p × total / 100", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1000 }), (p, t) => {
        const up = surge(`${p}%`, t);
        const down = unavailable(`${p}%`, t);
        expect(up).toBe(Math.floor((p * t + 99) / 100));
        expect(down).toBe(Math.floor((p * t) / 100));
        // Kubernetes computes in float64; for these sizes that gives the same answer.
        expect(up).toBe(Math.ceil((p * t) / 100));
        expect(down).toBe(Math.floor((p * t) / 100));
        expect(up - down).toBe((p * t) % 100 === 0 ? 0 : 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("percent helpers", () => {
  it.each([
    ["25%", true],
    ["0%", true],
    ["150%", true],
    ["5", false],
    ["-5%", false],
    ["5%%", false],
    ["%", false],
    ["a%", false],
    [25, false],
    [undefined, false],
  ])("isPercent(%j) is %s (IsValidPercent)", (v, want) => {
    expect(isPercent(v)).toBe(want);
  });

  it.each([
    ["25%", 25],
    [3, 3],
    ["7", 7],
    ["abc", 0],
    ["-5%", 0],
    ["", 0],
  ])("getIntOrPercentValue(%j) is %d (apps validation)", (v, want) => {
    expect(getIntOrPercentValue(v)).toBe(want);
  });
});
