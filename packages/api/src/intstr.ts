/**
 * IntOrString. Mirrors k8s.io/apimachinery/pkg/util/intstr (intstr.go):
 * `GetScaledValueFromIntOrPercent` and its `getIntOrPercentValueSafely`, plus the percent helpers
 * of pkg/apis/apps/validation (`getIntOrPercentValue`) and pkg/util/validation (`IsValidPercent`).
 *
 * On the wire an IntOrString is a JSON number or a JSON string, so it is `number | string` here,
 * as in kubernetes-types (`maxSurge?: number | string`).
 *
 * Guarantees: percentages scale with exact integer arithmetic (ceil or floor of p × total / 100),
 * which equals Kubernetes' float64 computation for every realistic input; bad strings raise
 * ApiError BadRequest with Kubernetes' message, e.g. for "50":
 * `invalid value for IntOrString: invalid type: string is not a percentage`.
 */
import { InvariantError, badRequest } from "./errors.js";

export type IntOrString = number | string;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.Atoi on a 64-bit platform: the integer, or the error text Go prints. */
function atoi(s: string): bigint | { error: string } {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    return { error: `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax` };
  }
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) {
    return { error: `strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range` };
  }
  return v;
}

/**
 * IsValidPercent: a string of digits followed by one '%' ("25%", "0%", "150%"). Not "-5%", "5",
 * "5%%" or a number. This is the test Deployment validation applies to maxSurge/maxUnavailable.
 */
export function isPercent(v: IntOrString | undefined): v is string {
  return typeof v === "string" && /^[0-9]+%$/.test(v);
}

/**
 * The number in an IntOrString, as apps validation reads it: "25%" → 25, 3 → 3; any other string
 * goes through IntValue (Atoi, 0 when it does not parse: "abc" → 0, "7" → 7).
 */
export function getIntOrPercentValue(v: IntOrString): number {
  if (typeof v === "number") return v;
  const digits = isPercent(v) ? v.slice(0, -1) : v;
  const n = atoi(digits);
  return typeof n === "bigint" ? Number(n) : 0;
}

/** ceil or floor of n / d for d > 0, on bigints (which themselves truncate toward zero). */
function divide(n: bigint, d: bigint, roundUp: boolean): bigint {
  const q = n / d;
  if (n % d === 0n) return q;
  if (roundUp) return n > 0n ? q + 1n : q;
  return n < 0n ? q - 1n : q;
}

/**
 * GetScaledValueFromIntOrPercent: an integer is returned as is; "N%" is N% of `total`, rounded up
 * when `roundUp` (Deployment maxSurge) and down otherwise (maxUnavailable): 25% of 10 → 3 / 2,
 * 25% of 1 → 1 / 0. A string without a trailing '%' is an error, even "50".
 */
export function getScaledValueFromIntOrPercent(
  v: IntOrString | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined) throw badRequest("nil value for IntOrString");
  if (typeof v === "number") {
    // A JSON number that is not an int32-like integer has no IntOrString reading in Go.
    if (!Number.isInteger(v)) {
      throw badRequest("invalid value for IntOrString: invalid type: neither int nor percentage");
    }
    return v;
  }
  if (!v.endsWith("%")) {
    throw badRequest("invalid value for IntOrString: invalid type: string is not a percentage");
  }
  const percent = atoi(v.slice(0, -1));
  if (typeof percent !== "bigint") {
    throw badRequest(
      `invalid value for IntOrString: invalid value ${JSON.stringify(v)}: ${percent.error}`,
    );
  }
  if (!Number.isInteger(total)) throw new InvariantError(`total ${total} is not an integer`);
  return Number(divide(percent * BigInt(total), 100n, roundUp));
}
