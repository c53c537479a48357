/**
 * Name and identifier validation, and generated names. Mirrors
 * k8s.io/apimachinery/pkg/util/validation (validation.go: IsDNS1123Label,
 * IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue,
 * IsValidPortName, IsCIdentifier, IsEnvVarName, IsConfigMapKey and the message
 * helpers), pkg/api/validation (generic.go: NameIsDNSSubdomain, NameIsDNSLabel,
 * NameIsDNS1035Label and maskTrailingDash), pkg/util/rand (the alphabet of
 * rand.String) and k8s.io/apiserver/pkg/storage/names (SimpleNameGenerator).
 *
 * Guarantees: every check returns the list of messages kube-apiserver gives for
 * the value, in upstream's order and wording (v1.31–v1.34), and an empty list
 * when the value is valid. Lengths are counted in UTF-8 bytes, as Go's `len`.
 *
 *   isDNS1123Label("my-name")  // []
 *   isDNS1123Label("a.b")      // ["must not contain dots"]
 *   isDNS1123Label("My_Name")  // ["a lowercase RFC 1123 label must consist of ... (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
 *
 * Upstream matches with Go's RE2 regular expressions, which run in linear time.
 * JavaScript's backtracking engine can be quadratic on these patterns, so each
 * shape is checked by a small hand-written scanner instead; the tests check the
 * scanners against the regular expressions. The regular expressions' source
 * text still appears in the messages, exactly as upstream prints it.
 *
 * Kubernetes v1.35 moved the label-key and label-value checks to
 * pkg/api/validate/content and changed two words in their messages ("a valid
 * label key" for "a qualified name", "bytes" for "characters" in the length
 * message); kubesim follows the v1.31 wording that its API server reports.
 */
import { utf8Length } from "./labels/gostring.js";

// ---- message helpers (validation.go) ----

/** `must be no more than 63 characters` */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `must be non-empty` */
export function emptyError(): string {
  return "must be non-empty";
}

/**
 * The explanation of a failed pattern match. Upstream appends `', '` after every
 * example and puts ` or ` between them, hence the double space:
 * `... (e.g. 'my-name',  or '123-abc', regex used for validation is '...')`.
 */
export function regexError(msg: string, fmt: string, ...examples: readonly string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) s += " or ";
    s += `'${ex}', `;
  });
  return `${s}regex used for validation is '${fmt}')`;
}

// ---- character classes, as the upstream patterns use them ----

const isLowerAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isAlpha = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isAlpha(c) || isDigit(c);
const DASH = 45;
const DOT = 46;
const UNDERSCORE = 95;

/** True when `s` is non-empty, its first and last characters pass `first` and `last`, and the rest pass `inner`. */
function shaped(
  s: string,
  first: (c: number) => boolean,
  inner: (c: number) => boolean,
  last: (c: number) => boolean,
): boolean {
  if (s.length === 0) return false;
  if (!first(s.charCodeAt(0)) || !last(s.charCodeAt(s.length - 1))) return false;
  return every(s, 1, s.length - 1, inner);
}

/** True when the UTF-16 units of `s` in [from, to) all pass `ok` (non-ASCII units never do). */
function every(s: string, from: number, to: number, ok: (c: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (!ok(s.charCodeAt(i))) return false;
  return true;
}

// ---- DNS names ----

export const DNS1123LabelMaxLength = 63;
export const DNS1123SubdomainMaxLength = 253;
export const DNS1035LabelMaxLength = 63;

const dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrorMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

const lowerAlnumOrDash = (c: number): boolean => isLowerAlnum(c) || c === DASH;

/** ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ */
function matchesDNS1123Label(s: string): boolean {
  return shaped(s, isLowerAlnum, lowerAlnumOrDash, isLowerAlnum);
}

/** ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ */
function matchesDNS1123Subdomain(s: string): boolean {
  return s.split(".").every(matchesDNS1123Label);
}

/** ^[a-z]([-a-z0-9]*[a-z0-9])?$ */
function matchesDNS1035Label(s: string): boolean {
  return shaped(s, isLower, lowerAlnumOrDash, isLowerAlnum);
}

/** A DNS label (RFC 1123): namespace names, most generateName-free names. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123LabelMaxLength) errs.push(maxLenError(DNS1123LabelMaxLength));
  if (!matchesDNS1123Label(value)) {
    // A valid subdomain that is not a valid label can only be one with dots
    // (the length was checked above).
    if (matchesDNS1123Subdomain(value)) errs.push("must not contain dots");
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc"));
  }
  return errs;
}

/** A DNS subdomain (RFC 1123): the names of most objects (Pod, Deployment, ConfigMap...). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123SubdomainMaxLength) {
    errs.push(maxLenError(DNS1123SubdomainMaxLength));
  }
  if (!matchesDNS1123Subdomain(value)) {
    errs.push(regexError(dns1123SubdomainErrorMsg, dns1123SubdomainFmt, "example.com"));
  }
  return errs;
}

/** A DNS label (RFC 1035), which must start with a letter: Service names. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035LabelMaxLength) errs.push(maxLenError(DNS1035LabelMaxLength));
  if (!matchesDNS1035Label(value)) {
    errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123"));
  }
  return errs;
}

// ---- qualified names (label keys) and label values ----

const qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedNameMaxLength = 63;
export const LabelValueMaxLength = 63;
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const qualifiedInner = (c: number): boolean =>
  isAlnum(c) || c === DASH || c === UNDERSCORE || c === DOT;

/** ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$ */
function matchesQualifiedNamePart(s: string): boolean {
  return shaped(s, isAlnum, qualifiedInner, isAlnum);
}

/**
 * A "qualified name": an optional DNS-subdomain prefix and a slash, then a name
 * of at most 63 characters. Label keys, annotation keys and finalizers use it.
 *
 *   isQualifiedName("example.com/MyName")  // []
 *   isQualifiedName("example.com/")        // ["name part must be non-empty", "name part must consist of ..."]
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (utf8Length(name) > qualifiedNameMaxLength) {
    errs.push(`name part ${maxLenError(qualifiedNameMaxLength)}`);
  }
  if (!matchesQualifiedNamePart(name)) {
    errs.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")}`,
    );
  }
  return errs;
}

/** A label value: empty, or up to 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LabelValueMaxLength) errs.push(maxLenError(LabelValueMaxLength));
  if (value.length !== 0 && !matchesQualifiedNamePart(value)) {
    errs.push(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"));
  }
  return errs;
}

// ---- ports, identifiers, environment variables, config keys ----

/**
 * An IANA_SVC_NAME (RFC 6335): a named container port. At most 15 characters of
 * [-a-z0-9], at least one letter, no leading, trailing or doubled '-'.
 * Several messages can apply at once, in this order.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  let charset = port.length > 0;
  let letter = false;
  for (let i = 0; i < port.length; i++) {
    const c = port.charCodeAt(i);
    if (!lowerAlnumOrDash(c)) charset = false;
    if (isLower(c)) letter = true;
  }
  if (!charset) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!letter) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.length > 0 && (port.startsWith("-") || port.endsWith("-"))) {
    errs.push("must not begin or end with a hyphen");
  }
  return errs;
}

const cIdentifierFmt = "[A-Za-z_][A-Za-z0-9_]*";
const identifierErrMsg =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";

/** An identifier in C: ^[A-Za-z_][A-Za-z0-9_]*$ (format only, not length). */
export function isCIdentifier(value: string): string[] {
  const word = (c: number): boolean => isAlnum(c) || c === UNDERSCORE;
  const ok =
    value.length > 0 &&
    (isAlpha(value.charCodeAt(0)) || value.charCodeAt(0) === UNDERSCORE) &&
    every(value, 1, value.length, word);
  return ok ? [] : [regexError(identifierErrMsg, cIdentifierFmt, "my_name", "MY_NAME", "MyName")];
}

const envVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const envVarNameFmtErrMsg =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

/** `.`, `..` and names starting with `..` are refused: they would name directories. */
function hasChDirPrefix(value: string): string[] {
  if (value === ".") return ["must not be '.'"];
  if (value === "..") return ["must not be '..'"];
  if (value.startsWith("..")) return ["must not start with '..'"];
  return [];
}

/** An environment variable name (strict form: ^[-._a-zA-Z][-._a-zA-Z0-9]*$, not '.', '..' or '..*'). */
export function isEnvVarName(value: string): string[] {
  const sym = (c: number): boolean => c === DASH || c === DOT || c === UNDERSCORE;
  const ok =
    value.length > 0 &&
    (isAlpha(value.charCodeAt(0)) || sym(value.charCodeAt(0))) &&
    every(value, 1, value.length, (c) => isAlnum(c) || sym(c));
  const errs: string[] = [];
  if (!ok) {
    errs.push(
      regexError(envVarNameFmtErrMsg, envVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"),
    );
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

const configMapKeyFmt = "[-._a-zA-Z0-9]+";
const configMapKeyErrMsg =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** A key of a ConfigMap's or Secret's data: ^[-._a-zA-Z0-9]+$, at most 253 characters, not '.', '..' or '..*'. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123SubdomainMaxLength) {
    errs.push(maxLenError(DNS1123SubdomainMaxLength));
  }
  const ok =
    value.length > 0 &&
    every(value, 0, value.length, (c) => isAlnum(c) || c === DASH || c === DOT || c === UNDERSCORE);
  if (!ok)
    errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
  errs.push(...hasChDirPrefix(value));
  return errs;
}

// ---- object names, with the generateName variants (pkg/api/validation/generic.go) ----

/**
 * A generateName prefix may end in '-' because a suffix is appended. Upstream
 * masks a trailing dash before validating, and its mask drops TWO characters and
 * appends "a" (`name[:len(name)-2] + "a"`): "abc-" is checked as "aba", "b-" as
 * "a". kubesim keeps that quirk so that the same prefixes pass and fail.
 */
function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith("-")) return `${name.slice(0, name.length - 2)}a`;
  return name;
}

/** ValidateNameFunc for names that must be DNS subdomains; `prefix` is true for generateName. */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** ValidateNameFunc for names that must be DNS (RFC 1123) labels: Namespace names. */
export function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix ? maskTrailingDash(name) : name);
}

/** ValidateNameFunc for names that must be DNS-1035 labels: Service names. */
export function nameIsDNS1035Label(name: string, prefix: boolean): string[] {
  return isDNS1035Label(prefix ? maskTrailingDash(name) : name);
}

// ---- generated names (apiserver storage/names, util/rand) ----

/** The source of randomness: the sim's seeded `Rng` satisfies it. */
export interface RandomSource {
  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

/** rand.String's alphabet: no vowels (so no words), no 0/1/3 (look like letters). */
export const nameSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";
const maxNameLength = 63;
const randomLength = 5;
/** The longest base kept by generateName: 63 - 5 = 58. */
export const maxGeneratedNameLength = maxNameLength - randomLength;

/**
 * `n` characters drawn uniformly from the suffix alphabet. (Upstream draws from
 * a math/rand stream by 5-bit slices of an int63; the distribution is the same,
 * the draws come from the seeded source instead.)
 */
export function generateNameSuffix(rng: RandomSource, n = randomLength): string {
  let s = "";
  for (let i = 0; i < n; i++) s += nameSuffixAlphabet[rng.int(nameSuffixAlphabet.length)];
  return s;
}

/**
 * SimpleNameGenerator.GenerateName: the base cut to 58 characters, then a
 * 5-character random suffix. `generateName("web-7d9f8c6b5-", rng)` gives
 * e.g. "web-7d9f8c6b5-x2k4q". (Go cuts bytes; names are ASCII in practice, and
 * kubesim cuts UTF-16 units.)
 */
export function generateName(base: string, rng: RandomSource): string {
  const kept = base.length > maxGeneratedNameLength ? base.slice(0, maxGeneratedNameLength) : base;
  return kept + generateNameSuffix(rng, randomLength);
}
