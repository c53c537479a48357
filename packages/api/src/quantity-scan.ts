/**
 * The lexical half of quantity parsing. Mirrors k8s.io/apimachinery/pkg/api/resource
 * `parseQuantityString` (quantity.go) and the suffixer (suffix.go).
 *
 * Guarantees: `scanQuantity` splits a string exactly where Kubernetes' hand-written scanner
 * splits it, including its permissive corners ("." and "-" scan as zero, "1.G" is accepted, a
 * trailing space is a format error), and `interpretSuffix` / `constructSuffix` use the same tables.
 * No arithmetic happens here; quantity.ts turns the pieces into a value.
 */

/**
 * The three ways Kubernetes writes a quantity: DecimalSI ("12M", "500m"), BinarySI ("12Mi") and
 * DecimalExponent ("12e6"). A parsed quantity remembers the kind of suffix it was written with.
 */
export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** The pieces of a scanned quantity string: `-1.025Ti` → sign -, value "-1.025", "1", "025", "Ti". */
export interface ScannedQuantity {
  readonly positive: boolean;
  /** The signed number as written, before the suffix ("-1.025"); "0" when only zeros were seen. */
  readonly value: string;
  /** Integer digits with leading zeros stripped; "0" when none remain. */
  readonly num: string;
  /** Fraction digits as written (may be ""). */
  readonly denom: string;
  readonly suffix: string;
}

const SUFFIX_CHARS = "eEinumkKMGTP";

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

/**
 * Splits `str` into sign, number and suffix, or returns undefined for a format error
 * (Kubernetes' ErrFormatWrong). The scanner is deliberately looser than the regex in the message:
 * the suffix is checked later, so "1i" scans (and then fails as an unknown suffix).
 */
export function scanQuantity(str: string): ScannedQuantity | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;

  if (str[0] === "-") {
    positive = false;
    pos++;
  } else if (str[0] === "+") {
    pos++;
  }

  // Leading zeros are skipped; a string of only zeros (or only a sign) is the number 0.
  while (str[pos] === "0") pos++;
  if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };

  let i = pos;
  while (isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: "", suffix: "" };
  const num = i === pos ? "0" : str.slice(pos, i);
  pos = i;

  let denom = "";
  if (str[pos] === ".") {
    pos++;
    i = pos;
    while (isDigit(str[i])) i++;
    // "1." is accepted (Kubernetes has a TODO to maybe forbid it one day).
    if (i >= end) return { positive, value: str, num, denom: str.slice(pos), suffix: "" };
    denom = str.slice(pos, i);
    pos = i;
  }
  const value = str.slice(0, pos);

  // Suffix: any run of suffix letters, then an optional sign and digits (for exponents).
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos] ?? "")) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  if (str[pos] === "-" || str[pos] === "+") pos++;
  while (isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  return undefined;
}

/** What a suffix means: value × base^exponent, written in `format`. */
export interface SuffixMeaning {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

const decimalSuffixes: ReadonlyMap<string, number> = new Map([
  ["n", -9],
  ["u", -6],
  ["m", -3],
  ["", 0],
  ["k", 3],
  ["M", 6],
  ["G", 9],
  ["T", 12],
  ["P", 15],
  ["E", 18],
]);
const binarySuffixes: ReadonlyMap<string, number> = new Map([
  ["Ki", 10],
  ["Mi", 20],
  ["Gi", 30],
  ["Ti", 40],
  ["Pi", 50],
  ["Ei", 60],
]);
const decimalByExponent = new Map([...decimalSuffixes].map(([s, e]) => [e, s]));
const binaryByExponent = new Map([...binarySuffixes].map(([s, e]) => [e, s]));

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Go's strconv.ParseInt(s, 10, 64): optional sign, at least one digit, int64 range.
 * Returns undefined where Go returns an error.
 */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/**
 * Interprets a suffix (suffix.go `interpret`): the SI tables first, then "e"/"E" followed by an
 * int64 exponent, which Go then narrows to int32 (so "1e4294967296" is 1e0, as in Kubernetes).
 * Undefined is Kubernetes' ErrSuffix: "1i", "mi", "e-", "e".
 */
export function interpretSuffix(suffix: string): SuffixMeaning | undefined {
  const dec = decimalSuffixes.get(suffix);
  if (dec !== undefined) return { base: 10, exponent: dec, format: "DecimalSI" };
  const bin = binarySuffixes.get(suffix);
  if (bin !== undefined) return { base: 2, exponent: bin, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    const parsed = parseInt64(suffix.slice(1));
    if (parsed === undefined) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: "DecimalExponent" };
  }
  return undefined;
}

/**
 * The suffix for 10^exponent (DecimalSI / DecimalExponent) or 1024^(exponent/10) (BinarySI), or
 * undefined when the table has none (DecimalSI above "E" or below "n"; BinarySI above "Ei").
 * BinarySI has no entry for 2^0: the caller writes a bare number then, as Go's nil suffix does.
 */
export function constructSuffix(
  base: 2 | 10,
  exponent: number,
  format: QuantityFormat,
): string | undefined {
  switch (format) {
    case "DecimalSI":
      return base === 10 ? decimalByExponent.get(exponent) : undefined;
    case "BinarySI":
      return base === 2 ? binaryByExponent.get(exponent) : undefined;
    case "DecimalExponent":
      if (base !== 10) return undefined;
      return exponent === 0 ? "" : `e${exponent}`;
  }
}
