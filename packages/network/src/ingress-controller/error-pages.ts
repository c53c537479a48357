/**
 * The pages nginx answers with itself (nginx src/http/ngx_http_special_response.c:
 * ngx_http_error_<code>_page plus ngx_http_error_tail, as ingress-nginx runs it
 * with `server_tokens off`, so the tail names "nginx" without a version), and
 * the response headers it sends with them. ingress-nginx also clears the
 * Server header (`more_clear_headers Server`), so none is sent.
 */

const CRLF = "\r\n";

/** The reason phrases nginx's special pages use. */
const titles: Readonly<Record<number, string>> = {
  301: "301 Moved Permanently",
  302: "302 Found",
  307: "307 Temporary Redirect",
  308: "308 Permanent Redirect",
  400: "400 Bad Request",
  404: "404 Not Found",
  500: "500 Internal Server Error",
  502: "502 Bad Gateway",
  503: "503 Service Temporarily Unavailable",
  504: "504 Gateway Time-out",
};

/**
 * The status codes kubesim's ingress controller answers with a page of its
 * own; 497 is nginx's internal code for plain HTTP sent to the HTTPS port,
 * answered as 400 with a page of its own.
 */
export type SpecialStatus = 301 | 302 | 307 | 308 | 400 | 404 | 497 | 500 | 502 | 503 | 504;

const plainHttpToHttps = "The plain HTTP request was sent to HTTPS port";

/** The status code that goes on the wire for a special status (497 is sent as 400). */
export function wireStatus(status: SpecialStatus): number {
  return status === 497 ? 400 : status;
}

/** nginx's page for `status`, byte for byte. */
export function errorPage(status: SpecialStatus): string {
  const tail = `<hr><center>nginx</center>${CRLF}</body>${CRLF}</html>${CRLF}`;
  if (status === 497)
    return (
      `<html>${CRLF}<head><title>400 ${plainHttpToHttps}</title></head>${CRLF}<body>${CRLF}` +
      `<center><h1>400 Bad Request</h1></center>${CRLF}` +
      `<center>${plainHttpToHttps}</center>${CRLF}` +
      tail
    );
  const title = titles[status] ?? `${status}`;
  return (
    `<html>${CRLF}<head><title>${title}</title></head>${CRLF}<body>${CRLF}` +
    `<center><h1>${title}</h1></center>${CRLF}` +
    tail
  );
}

/** The headers nginx sends with its own page (and `Location` for a redirect). */
export function errorPageHeaders(
  status: SpecialStatus,
  location?: string,
): Readonly<Record<string, string>> {
  const body = errorPage(status);
  return {
    "Content-Type": "text/html",
    "Content-Length": String(new TextEncoder().encode(body).length),
    Connection: "keep-alive",
    ...(location === undefined ? {} : { Location: location }),
  };
}
