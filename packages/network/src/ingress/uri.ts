/**
 * The request URI as nginx sees it before location matching
 * (ngx_http_parse_complex_uri with merge_slashes on): the query split off,
 * %XX decoded, "//" merged, "." and ".." segments resolved; ".." above the
 * root and a malformed %-escape are 400 Bad Request.
 */

export interface ParsedUri {
  /** The normalised path nginx matches locations against ($uri). */
  readonly uri: string;
  /** The query string without "?" ($args), "" when none. */
  readonly args: string;
  /** The path and query exactly as the client sent them ($request_uri). */
  readonly requestUri: string;
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/** Decode %XX escapes byte-wise (as UTF-8); undefined when an escape is malformed. */
function percentDecode(s: string): string | undefined {
  if (!s.includes("%")) return s;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    if (c === "%") {
      if (!isHex(s[i + 1]) || !isHex(s[i + 2])) return undefined;
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of enc.encode(c)) bytes.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Parse a request target ("/a/b?x=1"); undefined = nginx answers 400. */
export function parseRequestUri(target: string): ParsedUri | undefined {
  const q = target.indexOf("?");
  const rawPath = q === -1 ? target : target.slice(0, q);
  const args = q === -1 ? "" : target.slice(q + 1);
  if (!rawPath.startsWith("/")) return undefined;
  const decoded = percentDecode(rawPath);
  if (decoded === undefined) return undefined;
  const out: string[] = [];
  const segments = decoded.split("/");
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i] ?? "";
    const last = i === segments.length - 1;
    if (seg === "" && !last) continue; // merge_slashes
    if (seg === ".") {
      if (last) out.push("");
      continue;
    }
    if (seg === "..") {
      if (out.length === 0) return undefined;
      out.pop();
      if (last) out.push("");
      continue;
    }
    out.push(seg);
  }
  return { uri: "/" + out.join("/"), args, requestUri: target };
}
