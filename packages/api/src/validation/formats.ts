/**
 * String formats from k8s.io/apimachinery/pkg/util/validation (validation.go,
 * ip.go) and pkg/api/validate/content that names.ts does not cover. Each
 * returns the upstream error strings, empty when the value is valid.
 */
import {
  DNS1123SubdomainMaxLength,
  isDNS1123Label,
  isDNS1123Subdomain,
  maxLenError,
  regexError,
} from "../names.js";

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const percentFmt = "[0-9]+%";
const percentRe = new RegExp(`^${percentFmt}$`);

/** IsValidPercent: "25%" is valid, "25" and "-1%" are not. */
export function isValidPercent(value: string): string[] {
  return percentRe.test(value)
    ? []
    : [
        regexError(
          "a valid percent string must be a numeric string followed by an ending '%'",
          percentFmt,
          "1%",
          "93%",
        ),
      ];
}

/** IsValidPortNum: 1..65535. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [inclusiveRangeError(1, 65535)];
}

const dns1123SubdomainFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const wildcardFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardRe = new RegExp(`^${wildcardFmt}$`);

/** IsWildcardDNS1123Subdomain: Ingress hosts such as "*.example.com". */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!wildcardRe.test(value)) {
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        wildcardFmt,
        "*.example.com",
      ),
    );
  }
  return errs;
}

/**
 * IsRelaxedEnvVarName: the rule since Kubernetes 1.32 (RelaxedEnvironmentVariableValidation,
 * on by default): any printable ASCII except '='.
 */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push("environment variable name must be non-empty");
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c > 0x7e || ch === "=") {
      errs.push(
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      );
      break;
    }
  }
  return errs;
}

const httpHeaderNameFmt = "[-A-Za-z0-9]+";
const httpHeaderNameRe = new RegExp(`^${httpHeaderNameFmt}$`);

/** IsHTTPHeaderName: httpGet probe headers. */
export function isHTTPHeaderName(value: string): string[] {
  return httpHeaderNameRe.test(value)
    ? []
    : [
        regexError(
          "a valid HTTP header must consist of alphanumeric characters or '-'",
          httpHeaderNameFmt,
          "X-Header-Name",
        ),
      ];
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${httpPathFmt}$`);

/**
 * IsDomainPrefixedPath for IngressClass controllers ("k8s.io/ingress-nginx").
 * Returns [value shown in the error, message] pairs; "" alone means Required.
 */
export function isDomainPrefixedPath(value: string): [string, string][] | "required" {
  if (value.length === 0) return "required";
  const slash = value.indexOf("/");
  if (slash <= 0 || slash === value.length - 1) {
    return [[value, 'must be a domain-prefixed path (such as "acme.io/foo")']];
  }
  const host = value.slice(0, slash);
  const path = value.slice(slash + 1);
  const out: [string, string][] = isDNS1123Subdomain(host).map((m) => [host, m]);
  if (!httpPathRe.test(path)) out.push([path, regexError("Invalid path", httpPathFmt)]);
  return out;
}

/** content.IsPathSegmentName: names that can appear in a URL path segment. */
export function isPathSegmentName(name: string): string[] {
  const errs: string[] = [];
  for (const illegal of [".", ".."]) if (name === illegal) errs.push(`may not be '${illegal}'`);
  for (const illegal of ["/", "%"])
    if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

/** content.IsPathSegmentPrefix: a generateName that can start a URL path segment. */
export function isPathSegmentPrefix(name: string): string[] {
  const errs: string[] = [];
  for (const illegal of ["/", "%"])
    if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

/** IsFullyQualifiedDomainName (EndpointSlice FQDN addresses): [value shown, message] or "required". */
export function isFullyQualifiedDomainName(
  name: string,
): [string, string] | "required" | undefined {
  if (name.length === 0) return "required";
  const n = name.endsWith(".") ? name.slice(0, -1) : name;
  const sub = isDNS1123Subdomain(n);
  if (sub.length > 0) return [n, sub.join(",")];
  const labels = n.split(".");
  if (labels.length < 2)
    return [n, "should be a domain with at least two segments separated by dots"];
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length > 0) return [label, errs.join(",")];
  }
  return undefined;
}
