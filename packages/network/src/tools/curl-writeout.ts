/**
 * curl's -w/--write-out (src/tool_writeout.c ourWriteOut): `%{variable}`
 * from the finished transfer, `%header{name}`, `%%`, and the `\n`, `\r`,
 * `\t` escapes. Written after each transfer, whether it failed or not:
 * `-o /dev/null -w '%{http_code}'` prints `000` when nothing answered.
 * Times print as seconds with six decimals, %{http_code} with three digits.
 * An unknown variable is reported on stderr, even with -s.
 */
import type { CurlUrl } from "./curl-url.js";
import { headerValue } from "./http-status.js";

/** What curl_easy_getinfo would answer after one transfer. */
export interface TransferInfo {
  /** 0 when no answer came. */
  readonly httpCode: number;
  readonly exitCode: number;
  readonly errorMessage?: string;
  /** The URL as given on the command line. */
  readonly inputUrl: string;
  readonly parsedInput?: CurlUrl;
  /** The URL of the last request (after redirects). */
  readonly effective?: CurlUrl;
  readonly effectiveUrl: string;
  readonly method: string;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly localIp: string;
  readonly localPort: number;
  /** Milliseconds. */
  readonly timeNamelookup: number;
  readonly timeConnect: number;
  readonly timePretransfer: number;
  readonly timeStarttransfer: number;
  readonly timeTotal: number;
  readonly timeRedirect: number;
  readonly sizeDownload: number;
  readonly sizeUpload: number;
  readonly sizeHeader: number;
  readonly sizeRequest: number;
  readonly numConnects: number;
  readonly numRedirects: number;
  readonly redirectUrl?: string;
  /** The last answer's headers. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly filename?: string;
  readonly urlnum: number;
}

export interface WriteOutResult {
  readonly stdout: string;
  readonly stderr: string;
}

function seconds(ms: number): string {
  const us = Math.round(ms * 1000);
  return `${Math.trunc(us / 1000000)}.${String(us % 1000000).padStart(6, "0")}`;
}

function speed(bytes: number, ms: number): number {
  return ms <= 0 ? bytes * 1000000 : Math.trunc((bytes * 1000) / ms);
}

/** A part of a URL for %{url.*} / %{urle.*}; undefined when the URL has none. */
function urlPart(url: CurlUrl | undefined, part: string): string | undefined {
  if (url === undefined) return undefined;
  const [user, password] = url.userinfo?.split(/:(.*)/s) ?? [];
  switch (part) {
    case "scheme":
      return url.scheme;
    case "host":
      return url.host;
    case "port":
      return String(url.port);
    case "path":
      return url.path;
    case "query":
      return url.query === undefined || url.query === "" ? undefined : url.query;
    case "fragment":
      return url.fragment;
    case "user":
      return user;
    case "password":
      return password;
    default:
      return undefined; // options, zoneid
  }
}

/** The value of one %{name}; undefined prints nothing; null means curl does not know the name. */
function variable(name: string, t: TransferInfo): string | undefined | null {
  const urlVar =
    /^(url|urle)\.(scheme|user|password|options|host|port|path|query|fragment|zoneid)$/.exec(name);
  if (urlVar !== null)
    return urlPart(urlVar[1] === "url" ? t.parsedInput : t.effective, urlVar[2] ?? "");
  switch (name) {
    case "http_code":
    case "response_code":
      return String(t.httpCode).padStart(3, "0");
    case "http_connect":
      return "000";
    case "http_version":
      return t.httpCode > 0 ? "1.1" : "0";
    case "exitcode":
      return String(t.exitCode);
    case "errormsg":
      return t.exitCode !== 0 ? t.errorMessage : undefined;
    case "url":
      return t.inputUrl;
    case "url_effective":
      return t.effectiveUrl;
    case "urlnum":
      return String(t.urlnum);
    case "method":
      return t.method;
    case "scheme":
      return t.effective?.scheme.toUpperCase();
    case "remote_ip":
      return t.remoteIp;
    case "remote_port":
      return String(t.remotePort);
    case "local_ip":
      return t.localIp;
    case "local_port":
      return String(t.localPort);
    case "time_namelookup":
      return seconds(t.timeNamelookup);
    case "time_connect":
      return seconds(t.timeConnect);
    case "time_appconnect":
      return seconds(0);
    case "time_pretransfer":
      return seconds(t.timePretransfer);
    case "time_starttransfer":
      return seconds(t.timeStarttransfer);
    case "time_redirect":
      return seconds(t.timeRedirect);
    case "time_total":
      return seconds(t.timeTotal);
    case "size_download":
      return String(t.sizeDownload);
    case "size_upload":
      return String(t.sizeUpload);
    case "size_header":
      return String(t.sizeHeader);
    case "size_request":
      return String(t.sizeRequest);
    case "speed_download":
      return String(speed(t.sizeDownload, t.timeTotal));
    case "speed_upload":
      return String(speed(t.sizeUpload, t.timeTotal));
    case "content_type":
      return t.headers === undefined ? undefined : headerValue(t.headers, "content-type");
    case "num_connects":
      return String(t.numConnects);
    case "num_redirects":
      return String(t.numRedirects);
    case "num_headers":
      return String(t.headers === undefined ? 0 : Object.keys(t.headers).length);
    case "num_certs":
    case "ssl_verify_result":
    case "proxy_ssl_verify_result":
      return "0";
    case "redirect_url":
      return t.redirectUrl;
    case "referer":
    case "ftp_entry_path":
    case "certs":
    case "json":
    case "header_json":
      return undefined;
    case "filename_effective":
      return t.filename;
    case "conn_id":
    case "xfer_id":
      return String(t.urlnum);
    default:
      return null;
  }
}

/** Expand a --write-out format for one finished transfer. */
export function writeOut(format: string, t: TransferInfo): WriteOutResult {
  let stdout = "";
  let stderr = "";
  let stream: "stdout" | "stderr" | "discard" = "stdout";
  const emit = (s: string) => {
    if (stream === "stdout") stdout += s;
    else if (stream === "stderr") stderr += s;
  };
  let i = 0;
  while (i < format.length) {
    const c = format[i] ?? "";
    const n = format[i + 1];
    if (c === "%" && n !== undefined) {
      if (n === "%") {
        emit("%");
        i += 2;
      } else if (n === "{") {
        const end = format.indexOf("}", i + 2);
        if (end < 0) {
          emit("%{");
          i += 2;
          continue;
        }
        const name = format.slice(i + 2, end);
        i = end + 1;
        const lower = name.toLowerCase();
        if (lower === "onerror") {
          if (t.exitCode === 0) break;
        } else if (lower === "stdout") stream = "stdout";
        else if (lower === "stderr") stream = "stderr";
        else {
          const value = variable(lower, t);
          if (value === null) stderr += `curl: unknown --write-out variable: '${name}'\n`;
          else if (value !== undefined) emit(value);
        }
      } else if (format.startsWith("header{", i + 1)) {
        const end = format.indexOf("}", i + 8);
        if (end < 0) {
          emit("%header{");
          i += 8;
          continue;
        }
        const v =
          t.headers === undefined ? undefined : headerValue(t.headers, format.slice(i + 8, end));
        if (v !== undefined) emit(v);
        i = end + 1;
      } else if (format.startsWith("output{", i + 1)) {
        const end = format.indexOf("}", i + 8);
        if (end < 0) {
          emit("%output{");
          i += 8;
          continue;
        }
        stream = "discard"; // written to a file; files are not kept in the simulation
        i = end + 1;
      } else {
        emit(c + n);
        i += 2;
      }
    } else if (c === "\\" && n !== undefined) {
      emit(n === "r" ? "\r" : n === "n" ? "\n" : n === "t" ? "\t" : c + n);
      i += 2;
    } else {
      emit(c);
      i++;
    }
  }
  return { stdout, stderr };
}
