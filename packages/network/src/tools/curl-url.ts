/**
 * URLs as curl 8.5.0 parses them (lib/urlapi.c with CURLU_GUESS_SCHEME and
 * CURLU_NON_SUPPORT_SCHEME): a missing scheme is guessed from the host name
 * (http:// unless it starts with ftp., dict., ldap., imap., smtp. or pop3.),
 * a port must be decimal and at most 65535, `host:` with a scheme means the
 * default port, the path's dot segments are removed, the fragment is never
 * sent. The effective URL (%{url_effective}) is rebuilt from the parts.
 */

export interface CurlUrl {
  readonly scheme: string;
  /** user[:password], as written. */
  readonly userinfo?: string;
  readonly host: string;
  /** The port to connect to. */
  readonly port: number;
  /** The port as written (normalised), when one was. */
  readonly explicitPort?: string;
  /** Starts with "/". */
  readonly path: string;
  readonly query?: string;
  readonly fragment?: string;
}

export type CurlUrlParse =
  | { readonly ok: true; readonly url: CurlUrl }
  | { readonly ok: false; readonly code: number; readonly message: string };

/** Default ports of the schemes curl knows (the simulation speaks only http and https). */
export const defaultPorts: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ftp: 21,
  dict: 2628,
  ldap: 389,
  imap: 143,
  smtp: 25,
  pop3: 110,
  ws: 80,
  wss: 443,
};

const rejected = (message: string): CurlUrlParse => ({
  ok: false,
  code: 3,
  message: `URL rejected: ${message}`,
});

/** Characters hostname_check refuses in a host name. */
const badHostChars = /[ \r\n\t/:#?!@{}[\]\\$'"^`*<>=;,+&()%]/;

/** RFC 3986 5.2.4 remove_dot_segments (curl's Curl_dedotdotify). */
export function removeDotSegments(path: string): string {
  const input = path.split("/");
  const out: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const seg = input[i] ?? "";
    const last = i === input.length - 1;
    if (seg === ".") {
      if (last) out.push("");
    } else if (seg === "..") {
      if (out.length > 1) out.pop();
      if (last) out.push("");
    } else out.push(seg);
  }
  const joined = out.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

function guessScheme(host: string): string {
  for (const s of ["ftp", "dict", "ldap", "imap", "smtp", "pop3"])
    if (host.toLowerCase().startsWith(`${s}.`)) return s;
  return "http";
}

/** Parse a URL as given on curl's command line. */
export function parseCurlUrl(input: string, pathAsIs = false): CurlUrlParse {
  // junkscan: no control characters or spaces anywhere.
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return rejected("Malformed input to a URL function");
  }
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]{0,39}):\/\//.exec(input);
  const hasScheme = schemeMatch !== null;
  const rest = hasScheme ? input.slice(schemeMatch[0].length) : input;
  const authEnd = rest.search(/[/?#]/);
  const authority = authEnd < 0 ? rest : rest.slice(0, authEnd);
  let tail = authEnd < 0 ? "" : rest.slice(authEnd);
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  let hostport = at >= 0 ? authority.slice(at + 1) : authority;
  let explicitPort: string | undefined;
  if (hostport.startsWith("[")) return rejected("Bad IPv6 address");
  const colon = hostport.indexOf(":");
  if (colon >= 0) {
    const portText = hostport.slice(colon + 1);
    hostport = hostport.slice(0, colon);
    if (portText === "") {
      if (!hasScheme) return rejected("Port number was not a decimal number between 0 and 65535");
    } else {
      if (!/^\d+$/.test(portText) || Number(portText) > 0xffff)
        return rejected("Port number was not a decimal number between 0 and 65535");
      explicitPort = String(Number(portText));
    }
  }
  const host = hostport;
  if (host === "") return rejected("No host part in the URL");
  if (badHostChars.test(host)) return rejected("Bad hostname");
  const scheme = hasScheme ? (schemeMatch[1] ?? "").toLowerCase() : guessScheme(host);
  let fragment: string | undefined;
  const hash = tail.indexOf("#");
  if (hash >= 0) {
    fragment = tail.slice(hash + 1);
    tail = tail.slice(0, hash);
  }
  let query: string | undefined;
  const q = tail.indexOf("?");
  if (q >= 0) {
    query = tail.slice(q + 1);
    tail = tail.slice(0, q);
  }
  const rawPath = tail === "" ? "/" : tail;
  const path = pathAsIs ? rawPath : removeDotSegments(rawPath);
  const port = explicitPort !== undefined ? Number(explicitPort) : (defaultPorts[scheme] ?? 0);
  return {
    ok: true,
    url: {
      scheme,
      host,
      port,
      path,
      ...(userinfo !== undefined ? { userinfo } : {}),
      ...(explicitPort !== undefined ? { explicitPort } : {}),
      ...(query !== undefined ? { query } : {}),
      ...(fragment !== undefined ? { fragment } : {}),
    },
  };
}

/** The path and query sent on the request line. */
export function requestTarget(url: CurlUrl): string {
  return url.query !== undefined && url.query !== "" ? `${url.path}?${url.query}` : url.path;
}

/** The URL as curl_url_get(CURLUPART_URL) gives it back: %{url_effective}. */
export function formatCurlUrl(url: CurlUrl): string {
  const user = url.userinfo !== undefined ? `${url.userinfo}@` : "";
  const port = url.explicitPort !== undefined ? `:${url.explicitPort}` : "";
  const fragment = url.fragment !== undefined ? `#${url.fragment}` : "";
  return `${url.scheme}://${user}${url.host}${port}${requestTarget(url)}${fragment}`;
}

/** The URL handed to the HTTP client: no credentials, no fragment. */
export function wireUrl(url: CurlUrl, host: string = url.host): string {
  const port = url.explicitPort !== undefined ? `:${url.explicitPort}` : "";
  return `${url.scheme}://${host}${port}${requestTarget(url)}`;
}

/** The Host header curl sends: the port only when it is not the scheme's default. */
export function hostHeader(url: CurlUrl): string {
  return url.port === defaultPorts[url.scheme] ? url.host : `${url.host}:${url.port}`;
}

/** A Location header resolved against the URL it answered (RFC 3986 5.2). */
export function resolveLocation(base: CurlUrl, location: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location)) return location;
  if (location.startsWith("//")) return `${base.scheme}:${location}`;
  const user = base.userinfo !== undefined ? `${base.userinfo}@` : "";
  const port = base.explicitPort !== undefined ? `:${base.explicitPort}` : "";
  const origin = `${base.scheme}://${user}${base.host}${port}`;
  if (location.startsWith("/")) return `${origin}${location}`;
  if (location.startsWith("?")) return `${origin}${base.path}${location}`;
  const dir = base.path.slice(0, base.path.lastIndexOf("/") + 1);
  return `${origin}${dir}${location}`;
}
