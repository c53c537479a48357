/**
 * Resource quantities. Mirrors k8s.io/apimachinery/pkg/api/resource (quantity.go, amount.go,
 * math.go): `ParseQuantity`, `Quantity.String` / `CanonicalizeBytes`, `Cmp`, `Add`, `Sub`, `Neg`,
 * `Value`, `MilliValue`, `ScaledValue`, `NewQuantity`, `NewMilliQuantity`, `NewScaledQuantity`.
 *
 * Guarantees:
 * - Exact: a value is a bigint mantissa times a power of ten, never a float, so 100m + 200m is
 *   exactly 300m and 0.1 + 0.2 CPU prints "300m".
 * - Parsing rounds like Kubernetes: anything finer than a nano is rounded up, away from zero
 *   ("0.5n" → 1n, "3.001n" → 4n); BinarySI is capped at 2^63-1 ("9Ei"); a BinarySI value between
 *   0 and 1 becomes DecimalSI ("0.000000000001Ki" → "2n").
 * - `toString()` is Kubernetes' canonical form: the largest suffix that loses nothing and writes no
 *   fraction ("1.5" → "1500m", "1.5Gi" → "1536Mi", "1000m" → "1", "2e3" → "2e3"). Like Kubernetes,
 *   a string that parses on the int64 fast path and looks canonical is kept verbatim; that check is
 *   loose, so "1.001", "+1", "01" and "1E3" print back unchanged (kubernetes/kubernetes#138165).
 * - Where Go's suffix tables run out, the output falls back instead of dropping the magnitude:
 *   DecimalSI above E or below n prints as an exponent ("1e21"), as upstream since
 *   kubernetes/kubernetes#140459; BinarySI above Ei prints as DecimalSI (kubesim's choice).
 *
 * Bad input raises ApiError BadRequest carrying Kubernetes' exact message (`quantityMessages`).
 */
import { InvariantError, badRequest } from "./errors.js";
import type { QuantityFormat } from "./quantity-scan.js";
import { constructSuffix, interpretSuffix, scanQuantity } from "./quantity-scan.js";

export type { QuantityFormat } from "./quantity-scan.js";

/** The regular expression Kubernetes names in its format error (splitREString). */
export const QUANTITY_REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/** Kubernetes' parse errors (ErrFormatWrong, ErrNumeric, ErrSuffix), word for word. */
export const quantityMessages = {
  formatWrong: `quantities must match the regular expression '${QUANTITY_REGEX}'`,
  numeric: "unable to parse numeric part of quantity",
  suffix: "unable to parse quantity's suffix",
} as const;

const NANO = -9;
const MAX_INT64 = 2n ** 63n - 1n;

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) return (pow10Cache[n] ??= 10n ** BigInt(n));
  return 10n ** BigInt(n);
}
const abs = (v: bigint): bigint => (v < 0n ? -v : v);
const signOf = (v: bigint): -1 | 0 | 1 => (v < 0n ? -1 : v > 0n ? 1 : 0);
const digitCount = (v: bigint): number => abs(v).toString().length;

/**
 * ceil(|m| / 10^k) with m's sign: Kubernetes rounds "up" away from zero (negativeScaleInt64,
 * inf.RoundUp). When |m| has no more than k digits the answer is ±1, found without building 10^k,
 * so absurd exponents ("1e-2000000000") stay cheap.
 */
function divRoundAway(m: bigint, k: number): { value: bigint; exact: boolean } {
  if (k <= 0) return { value: m * pow10(-k), exact: true };
  if (m === 0n) return { value: 0n, exact: true };
  if (digitCount(m) <= k) return { value: m < 0n ? -1n : 1n, exact: false };
  const d = pow10(k);
  const q = abs(m) / d;
  const exact = abs(m) % d === 0n;
  const rounded = exact ? q : q + 1n;
  return { value: m < 0n ? -rounded : rounded, exact };
}

function toBigInt(n: bigint | number, what: string): bigint {
  if (typeof n === "bigint") return n;
  if (!Number.isInteger(n)) throw new InvariantError(`${what}: ${n} is not an integer`);
  return BigInt(n);
}

let makeQuantity: (m: bigint, e: number, format: QuantityFormat, s?: string) => Quantity;

/** An immutable, exact Kubernetes resource quantity (resource.Quantity). */
export class Quantity {
  readonly format: QuantityFormat;
  /** value = mantissa × 10^exponent; the mantissa carries no factor of ten (0 has exponent 0). */
  private readonly mantissa: bigint;
  private readonly exponent: number;
  /** The parsed string when Kubernetes would reuse it verbatim (its `s` field). */
  private readonly verbatim: string | undefined;

  private constructor(m: bigint, e: number, format: QuantityFormat, verbatim: string | undefined) {
    if (m === 0n) e = 0;
    else while (m % 10n === 0n) [m, e] = [m / 10n, e + 1];
    this.mantissa = m;
    this.exponent = e;
    this.format = format;
    this.verbatim = verbatim;
    Object.freeze(this);
  }

  static {
    makeQuantity = (m, e, format, s) => new Quantity(m, e, format, s);
  }

  /** NewQuantity: `n` units. `Quantity.fromInt(1024, "BinarySI")` prints "1Ki". */
  static fromInt(n: bigint | number, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(toBigInt(n, "Quantity.fromInt"), 0, format, undefined);
  }

  /** NewMilliQuantity: `n` thousandths. `Quantity.fromMilli(1500)` prints "1500m". */
  static fromMilli(n: bigint | number, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(toBigInt(n, "Quantity.fromMilli"), -3, format, undefined);
  }

  /**
   * NewScaledQuantity: n × 10^scale (DecimalSI unless told). `fromScaled(1000, -9)` prints "1u".
   * Unlike parsing, nothing is rounded: `fromScaled(1, -12)` is 1e-12 and prints so.
   */
  static fromScaled(
    n: bigint | number,
    scale: number,
    format: QuantityFormat = "DecimalSI",
  ): Quantity {
    if (!Number.isInteger(scale)) throw new InvariantError(`scale ${scale} is not an integer`);
    return new Quantity(toBigInt(n, "Quantity.fromScaled"), scale, format, undefined);
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  sign(): -1 | 0 | 1 {
    return signOf(this.mantissa);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other` (formats are ignored). */
  cmp(other: Quantity): -1 | 0 | 1 {
    const sa = this.sign();
    const sb = other.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    // Same sign: compare orders of magnitude first, so 1e900000000 vs 1 never builds 10^900000000.
    const ma = digitCount(this.mantissa) + this.exponent;
    const mb = digitCount(other.mantissa) + other.exponent;
    let c: -1 | 0 | 1;
    if (ma !== mb) c = ma < mb ? -1 : 1;
    else {
      const e = Math.min(this.exponent, other.exponent);
      const a = abs(this.mantissa) * pow10(this.exponent - e);
      const b = abs(other.mantissa) * pow10(other.exponent - e);
      c = a < b ? -1 : a > b ? 1 : 0;
    }
    return sa > 0 ? c : c === 0 ? 0 : c === 1 ? -1 : 1;
  }

  equal(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** this + other. Keeps this format, unless this is zero: then it takes other's (as Go's Add). */
  add(other: Quantity): Quantity {
    const format = this.isZero() ? other.format : this.format;
    const e = Math.min(this.exponent, other.exponent);
    const m = this.mantissa * pow10(this.exponent - e) + other.mantissa * pow10(other.exponent - e);
    return new Quantity(m, e, format, undefined);
  }

  /** this - other, with add's format rule ("0" - "1Gi" is "-1Gi"). */
  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  neg(): Quantity {
    return new Quantity(-this.mantissa, this.exponent, this.format, undefined);
  }

  /**
   * ScaledValue: this / 10^scale rounded up, away from zero (`fromMilli(1).scaledValue(0)` is 1,
   * `fromMilli(-1500).scaledValue(0)` is -2). Exact bigint: no int64 overflow.
   */
  scaledValue(scale: number): bigint {
    return divRoundAway(this.mantissa, scale - this.exponent).value;
  }

  /** Value: whole units, rounded up away from zero ("1500m" → 2, "1Ki" → 1024). */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** MilliValue: thousandths, rounded up away from zero ("1" → 1000, "1n" → 1, "0.1" → 100). */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /** Kubernetes' String(): the verbatim parsed string when kept, else the canonical form. */
  toString(): string {
    return this.verbatim ?? this.canonical();
  }

  toJSON(): string {
    return this.toString();
  }

  /** CanonicalizeBytes: number and suffix, always recomputed from the value. */
  canonical(): string {
    if (this.mantissa === 0n) return "0";
    if (this.format === "BinarySI") {
      const binary = this.canonicalBinary();
      if (binary !== undefined) return binary;
      return this.canonicalDecimal("DecimalSI");
    }
    return this.canonicalDecimal(this.format);
  }

  /**
   * BinarySI prints in powers of 1024 only when that is exact and |value| ≥ 1024; otherwise
   * Kubernetes switches to DecimalSI ("512" for 0.5Ki, "1126400m" for 1.1Ki). 1536 prints as
   * "1536" (no 1024 factor left; Go's nil suffix for 2^0), 2^70 has no suffix left (see top).
   */
  private canonicalBinary(): string | undefined {
    if (this.cmp(Quantity.fromInt(-1024)) > 0 && this.cmp(Quantity.fromInt(1024)) < 0) {
      return undefined;
    }
    const { value, exact } = divRoundAway(this.mantissa, -this.exponent);
    if (!exact) return undefined;
    let n = value;
    let times = 0;
    while (abs(n) >= 1024n && n % 1024n === 0n) {
      n /= 1024n;
      times++;
    }
    if (times === 0) return n.toString();
    const suffix = constructSuffix(2, times * 10, "BinarySI");
    return suffix === undefined ? undefined : `${n}${suffix}`;
  }

  /** Base ten: all factors of ten go to the exponent, which then steps down to a multiple of 3. */
  private canonicalDecimal(format: "DecimalSI" | "DecimalExponent"): string {
    const r = ((this.exponent % 3) + 3) % 3;
    const digits = (this.mantissa * pow10(r)).toString();
    const exponent = this.exponent - r;
    const suffix =
      constructSuffix(10, exponent, format) ?? constructSuffix(10, exponent, "DecimalExponent");
    return digits + (suffix ?? "");
  }
}

/** Parses inf.Dec's decimal text ("-0012.50"): mantissa and exponent, or undefined without digits. */
function parseDecimal(value: string): { m: bigint; e: number } | undefined {
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (match === null) return undefined;
  const [, sign = "", int = "", frac = ""] = match;
  if (int.length + frac.length === 0) return undefined;
  const m = BigInt(int + frac);
  return { m: sign === "-" ? -m : m, e: -frac.length };
}

/** ParseQuantity, returning the error message instead of throwing. */
function parse(str: string): Quantity | string {
  if (str.length === 0) return quantityMessages.formatWrong;
  if (str === "0") return makeQuantity(0n, 0, "DecimalSI", str);
  const scanned = scanQuantity(str);
  if (scanned === undefined) return quantityMessages.formatWrong;
  const meaning = interpretSuffix(scanned.suffix);
  if (meaning === undefined) return quantityMessages.suffix;
  const { positive, num, denom } = scanned;
  const { base, exponent } = meaning;
  let format = meaning.format;

  // Go's int64 fast path. Its value equals the general path's below (no rounding or capping can
  // apply), but only here does Kubernetes keep the input string when it "looks" canonical.
  if (base === 10) {
    const precision = 18 - (num.length + denom.length);
    const scale = exponent - denom.length;
    if (precision >= 0 && scale >= NANO) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      const keep = scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
      return makeQuantity(positive ? v : -v, scale, format, keep ? str : undefined);
    }
  } else if (denom === "" && 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 >= 0) {
    const v = BigInt(num);
    const m = v << BigInt(exponent);
    const keep = exponent % 10 === 0 && (v & 7n) !== 0n;
    return makeQuantity(positive ? m : -m, 0, format, keep ? str : undefined);
  }

  const amount = parseDecimal(scanned.value);
  if (amount === undefined) return quantityMessages.numeric;
  let { m, e } = amount;
  if (base === 10) e += exponent;
  else m <<= BigInt(exponent);
  const negative = m < 0n;
  m = abs(m);
  // Round up to whole nanos: asking for a sliver of a resource gets the smallest unit, not zero.
  if (e < NANO) [m, e] = [divRoundAway(m, NANO - e).value, NANO];
  if (format === "BinarySI") {
    let q = makeQuantity(m, e, format);
    if (q.cmp(Quantity.fromInt(MAX_INT64)) > 0) [m, e] = [MAX_INT64, 0];
    q = makeQuantity(m, e, format);
    if (!q.isZero() && q.cmp(Quantity.fromInt(1)) < 0) format = "DecimalSI";
  }
  return makeQuantity(negative ? -m : m, e, format);
}

/**
 * ParseQuantity: "500m", "1.5Gi", "2e3", "+1", ".5". Throws ApiError BadRequest with Kubernetes'
 * message for bad input: "" and "1 " fail the format, "1i" the suffix, "e-20" the numeric part.
 */
export function parseQuantity(str: string): Quantity {
  const q = parse(str);
  if (typeof q === "string") throw badRequest(q);
  return q;
}

/** ParseQuantity without the error: undefined for anything Kubernetes would reject. */
export function tryParseQuantity(str: string): Quantity | undefined {
  const q = parse(str);
  return typeof q === "string" ? undefined : q;
}
