/**
 * The URL of a simulated request, read as curl reads it: a missing scheme
 * means http://, the port defaults to 80 (http) or 443 (https), the path to
 * "/", and the Host header is the host with the port when it is not the
 * scheme's default. Other schemes and malformed URLs are refused with an
 * InvalidUrlError (curl: "Protocol ... not supported", "URL rejected").
 */

export interface RequestUrl {
  readonly scheme: "http" | "https";
  /** Lower-case host name or IPv4 literal, without brackets or port. */
  readonly host: string;
  readonly port: number;
  /** Path with the query string; "/" at least. */
  readonly path: string;
  /** The Host header curl sends. */
  readonly hostHeader: string;
}

/** A URL the simulated clients cannot use. */
export class InvalidUrlError extends Error {
  readonly code = "InvalidUrl" as const;
  constructor(
    readonly url: string,
    readonly reason: "malformed" | "unsupported-scheme",
    message: string,
  ) {
    super(message);
    this.name = "InvalidUrlError";
  }
}

export function isInvalidUrlError(e: unknown): e is InvalidUrlError {
  return e instanceof InvalidUrlError;
}

export function parseRequestUrl(raw: string): RequestUrl {
  const text = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`;
  const schemeName = text.slice(0, text.indexOf(":")).toLowerCase();
  if (schemeName !== "http" && schemeName !== "https") {
    throw new InvalidUrlError(
      raw,
      "unsupported-scheme",
      `Protocol "${schemeName}" not supported or disabled in libcurl`,
    );
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new InvalidUrlError(raw, "malformed", `URL rejected: Malformed input to a URL function`);
  }
  if (u.hostname === "") {
    throw new InvalidUrlError(raw, "malformed", `URL rejected: No host part in the URL`);
  }
  const scheme = schemeName;
  const defaultPort = scheme === "https" ? 443 : 80;
  const port = u.port === "" ? defaultPort : Number(u.port);
  const path = (u.pathname === "" ? "/" : u.pathname) + u.search;
  return {
    scheme,
    host: u.hostname,
    port,
    path,
    hostHeader: port === defaultPort ? u.hostname : `${u.hostname}:${port}`,
  };
}
