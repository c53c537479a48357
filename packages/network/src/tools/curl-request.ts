/**
 * The request curl 8.5.0 sends for a URL (lib/http.c Curl_http: the header
 * block in its order, Curl_add_custom_headers, Curl_http_bodysend): request
 * line, Host, Authorization, User-Agent, Accept, Referer, Cookie, the -H
 * headers, and for -d Content-Length and Content-Type. A -H header replaces
 * curl's own of the same name; `Name:` with no value removes it; `Name;`
 * sends it empty; a Host header takes the place of curl's.
 */
import type { CurlConfig } from "./curl-args.js";
import { hostHeader, requestTarget, type CurlUrl } from "./curl-url.js";

export const curlUserAgent = "curl/8.5.0";

/** The request's method and header lines (without the CRLFs), as sent. */
export interface CurlRequest {
  readonly method: string;
  readonly requestLine: string;
  /** `Name: value` lines, in order. */
  readonly lines: readonly string[];
  /** The User-Agent sent, if any. */
  readonly userAgent?: string;
  /** The headers for the HTTP client: all but User-Agent; Host only when it differs from the URL's. */
  readonly clientHeaders: Readonly<Record<string, string>>;
  readonly body?: string;
}

interface Custom {
  readonly name: string;
  /** The line as sent, or undefined when the header only suppresses curl's own. */
  readonly line?: string;
}

/** A -H argument: `Name: value`, `Name:` (remove), `Name;` (empty); anything else is ignored. */
function customHeader(h: string): Custom | undefined {
  const colon = h.indexOf(":");
  const semi = h.indexOf(";");
  if (colon > 0 && (semi < 0 || colon < semi)) {
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    return value === "" ? { name } : { name, line: h };
  }
  if (semi > 0 && h.slice(semi + 1).trim() === "") {
    const name = h.slice(0, semi).trim();
    return { name, line: `${name}:` };
  }
  return undefined;
}

/** URL-decode credentials before base64 (as curl does); a stray % stays as is. */
function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const splitLine = (line: string): [string, string] => {
  const i = line.indexOf(":");
  return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
};

/** The method curl infers: HEAD for -I, POST for -d, else GET. */
export function inferredMethod(config: CurlConfig): string {
  return config.head ? "HEAD" : config.data.length > 0 ? "POST" : "GET";
}

/** Build the request for `url`; `method` is the one in force (after redirects). */
export function buildCurlRequest(
  config: CurlConfig,
  url: CurlUrl,
  method: string,
  sendBody: boolean,
): CurlRequest {
  const customs = config.headers.map(customHeader).filter((c): c is Custom => c !== undefined);
  const has = (name: string) => customs.some((c) => c.name.toLowerCase() === name.toLowerCase());
  const lines: string[] = [];
  const customHost = customs.find((c) => c.name.toLowerCase() === "host");
  if (customHost === undefined) lines.push(`Host: ${hostHeader(url)}`);
  else if (customHost.line !== undefined)
    lines.push(`Host:${customHost.line.slice(customHost.line.indexOf(":") + 1)}`);
  if (!has("authorization")) {
    const user =
      config.user ?? (url.userinfo !== undefined ? percentDecode(url.userinfo) : undefined);
    if (user !== undefined)
      lines.push(`Authorization: Basic ${btoa(user.includes(":") ? user : `${user}:`)}`);
    else if (config.bearer !== undefined) lines.push(`Authorization: Bearer ${config.bearer}`);
  }
  const ua = has("user-agent") ? undefined : (config.userAgent ?? curlUserAgent);
  if (ua !== undefined && ua !== "") lines.push(`User-Agent: ${ua}`);
  if (!has("accept")) lines.push("Accept: */*");
  if (config.referer !== undefined && !has("referer")) lines.push(`Referer: ${config.referer}`);
  if (config.cookie !== undefined && !has("cookie")) lines.push(`Cookie: ${config.cookie}`);
  for (const c of customs)
    if (c.line !== undefined && c.name.toLowerCase() !== "host") lines.push(c.line);
  const body = sendBody && config.data.length > 0 ? config.data.join("&") : undefined;
  if (body !== undefined) {
    if (!has("content-length"))
      lines.push(`Content-Length: ${new TextEncoder().encode(body).length}`);
    if (!has("content-type")) lines.push("Content-Type: application/x-www-form-urlencoded");
  }
  const clientHeaders: Record<string, string> = {};
  let userAgent: string | undefined;
  for (const line of lines) {
    const [name, value] = splitLine(line);
    if (name.toLowerCase() === "user-agent") userAgent = value;
    else if (name.toLowerCase() === "host") {
      if (customHost !== undefined) clientHeaders[name] = value;
    } else clientHeaders[name] = name in clientHeaders ? `${clientHeaders[name]}, ${value}` : value;
  }
  return {
    method,
    requestLine: `${method} ${requestTarget(url)} HTTP/1.1`,
    lines,
    ...(userAgent !== undefined ? { userAgent } : {}),
    clientHeaders,
    ...(body !== undefined ? { body } : {}),
  };
}
