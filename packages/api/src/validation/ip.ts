/**
 * IP address parsing and checks, as k8s.io/utils/net ParseIPSloppy (Go's
 * pre-1.17 net.ParseIP, which accepts IPv4 octets with leading zeros) and
 * apimachinery's IsValidIP / IsValidIPv4Address / IsValidIPv6Address, plus
 * core validation's ValidateNonSpecialIP.
 *
 * An address parses to 16 bytes; IPv4 addresses (and IPv4-mapped IPv6) are
 * stored as ::ffff:a.b.c.d, like Go's net.IP, so `to4` works for both.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";

export interface ParsedIP {
  readonly bytes: readonly number[];
  /** True when written as dotted IPv4 (not IPv6 syntax). */
  readonly v4Syntax: boolean;
}

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) return undefined;
    const n = Number.parseInt(p, 10);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  let head = s;
  let tail4: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail4 = v4;
    // Keep a trailing "::" (it stands for zero groups); drop a single trailing ":".
    head = s.slice(0, lastColon + 1);
    if (!head.endsWith("::")) head = head.slice(0, -1);
  }
  const groupsNeeded = 8 - tail4.length / 2;
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const parseGroups = (h: string): number[] | undefined => {
    if (h === "") return [];
    const out: number[] = [];
    for (const g of h.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const left = parseGroups(halves[0] ?? "");
  const right = halves.length === 2 ? parseGroups(halves[1] ?? "") : [];
  if (left === undefined || right === undefined) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const fill = groupsNeeded - left.length - right.length;
    if (fill < 1) return undefined;
    groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  } else {
    if (left.length !== groupsNeeded) return undefined;
    groups = left;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return [...bytes, ...tail4];
}

/** ParseIPSloppy: undefined when `s` is not an IP address. */
export function parseIP(s: string): ParsedIP | undefined {
  if (s.includes(":")) {
    const b = parseIPv6(s);
    return b === undefined ? undefined : { bytes: b, v4Syntax: false };
  }
  const v4 = parseIPv4(s);
  return v4 === undefined
    ? undefined
    : { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4], v4Syntax: true };
}

/** Go's ip.To4(): the 4 IPv4 bytes when the address is IPv4 or IPv4-mapped. */
export function to4(ip: ParsedIP): readonly number[] | undefined {
  const b = ip.bytes;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? b.slice(12) : undefined;
}

export function isValidIP(path: string, value: string): FieldError[] {
  return parseIP(value) === undefined
    ? [
        fieldError.invalid(
          path,
          value,
          "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        ),
      ]
    : [];
}

export function isValidIPv4Address(path: string, value: string): FieldError[] {
  const ip = parseIP(value);
  return ip === undefined || to4(ip) === undefined
    ? [fieldError.invalid(path, value, "must be a valid IPv4 address")]
    : [];
}

export function isValidIPv6Address(path: string, value: string): FieldError[] {
  const ip = parseIP(value);
  return ip === undefined || to4(ip) !== undefined
    ? [fieldError.invalid(path, value, "must be a valid IPv6 address")]
    : [];
}

/** ValidateNonSpecialIP: Endpoints, EndpointSlices and externalIPs may not use these ranges. */
export function validateNonSpecialIP(value: string, path: string): FieldError[] {
  const ip = parseIP(value);
  if (ip === undefined) return [fieldError.invalid(path, value, "must be a valid IP address")];
  const errs: FieldError[] = [];
  const v4 = to4(ip);
  const b = ip.bytes;
  const unspecified = v4 !== undefined ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback =
    v4 !== undefined ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocalUnicast =
    v4 !== undefined
      ? v4[0] === 169 && v4[1] === 254
      : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80;
  const linkLocalMulticast =
    v4 !== undefined
      ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
      : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02;
  if (unspecified) errs.push(fieldError.invalid(path, value, `may not be unspecified (${value})`));
  if (loopback) {
    errs.push(
      fieldError.invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"),
    );
  }
  if (linkLocalUnicast) {
    errs.push(
      fieldError.invalid(
        path,
        value,
        "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
      ),
    );
  }
  if (linkLocalMulticast) {
    errs.push(
      fieldError.invalid(
        path,
        value,
        "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
      ),
    );
  }
  return errs;
}

/** IsValidCIDR: "10.0.0.0/8", "fd00::/64". */
export function isValidCIDR(path: string, value: string): FieldError[] {
  const slash = value.indexOf("/");
  const ip = slash < 0 ? undefined : parseIP(value.slice(0, slash));
  const bits = slash < 0 ? "" : value.slice(slash + 1);
  const max = ip === undefined ? 0 : ip.v4Syntax ? 32 : 128;
  const ok = ip !== undefined && /^[0-9]+$/.test(bits) && Number.parseInt(bits, 10) <= max;
  return ok
    ? []
    : [
        fieldError.invalid(
          path,
          value,
          "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        ),
      ];
}
