/**
 * `wget` of BusyBox 1.36.1 (networking/wget.c, as built for the busybox
 * image: long options, status bar, -T, HTTPS with the internal TLS code)
 * run in a pod, as a pure function of its arguments and the simulated HTTP
 * client. Each URL in turn: `Connecting to HOST (IP:PORT)`, the request
 * (HTTP/1.1, `User-Agent: Wget`, `Connection: close`), -S printing the
 * answer's lines indented by two spaces, redirects followed (16 at most),
 * then `writing to stdout` / `saving to 'FILE'`, the status bar and
 * `written to stdout` / `'FILE' saved`. Any failure ends the program with
 * `wget: ...` and exit code 1:
 *
 * - `bad address 'HOST'` (the name did not resolve)
 * - `can't connect to remote host (IP): Connection refused`
 * - `can't connect to remote host (IP): Connection timed out` (the kernel's
 *   connect timeout, when -T is longer)
 * - `download timed out` (-T, 900 s by default, while connecting or waiting)
 * - `server returned error: HTTP/1.1 503 Service Unavailable` (any status but
 *   200-204 and the redirects 300-303, 307, 308)
 *
 * Files are not kept in the simulation: `-O FILE` and the default file name
 * (the URL's last path segment, or index.html) are reported as saved but the
 * body is discarded, and a file never already exists. TLS is not simulated:
 * https:// is answered like http://, after BusyBox's note that it does not
 * validate certificates. FTP is not simulated.
 */
import type { ClientRequest, HttpClient, RequestOrigin } from "../dataplane/types.js";
import type { CommandOutput } from "../dns/types.js";
import { kernelConnectTimeout, wasConnected } from "./connection.js";
import type { ToolOptions } from "./curl.js";
import { byteLength, headerValue, statusLine } from "./http-status.js";

export const wgetUsage =
  "BusyBox v1.36.1 multi-call binary.\n\n" +
  "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n" +
  "\t[--post-data STR | --post-file FILE] [-Y on/off]\n" +
  "\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\n" +
  "Retrieve files via HTTP or FTP\n\n" +
  "\t--spider\tOnly check URL existence: $? is 0 if exists\n" +
  "\t--header STR\tAdd STR (of form 'header: value') to headers\n" +
  "\t--post-data STR\tSend STR using POST method\n" +
  "\t--post-file FILE\tSend FILE using POST method\n" +
  "\t--no-check-certificate\tDon't validate the server's certificate\n" +
  "\t-c\t\tContinue retrieval of aborted transfer\n" +
  "\t-q\t\tQuiet\n" +
  "\t-P DIR\t\tSave to DIR (default .)\n" +
  "\t-S    \t\tShow server response\n" +
  "\t-T SEC\t\tNetwork read timeout is SEC seconds\n" +
  "\t-O FILE\t\tSave to FILE ('-' for stdout)\n" +
  "\t-o LOGFILE\tLog messages to FILE\n" +
  "\t-U STR\t\tUse STR for User-Agent header\n" +
  "\t-Y on/off\tUse proxy\n";

/** wget_longopts: name, takes an argument, the short letter it stands for ("" for long-only). */
const longOptions: readonly (readonly [string, boolean, string])[] = [
  ["continue", false, "c"],
  ["quiet", false, "q"],
  ["server-response", false, "S"],
  ["output-document", true, "O"],
  ["output-file", true, "o"],
  ["directory-prefix", true, "P"],
  ["proxy", true, "Y"],
  ["user-agent", true, "U"],
  ["timeout", true, "T"],
  ["tries", true, "t"],
  ["header", true, ""],
  ["post-data", true, ""],
  ["spider", false, ""],
  ["no-check-certificate", false, ""],
  ["post-file", true, ""],
  ["passive-ftp", false, ""],
  ["no-cache", false, ""],
  ["no-verbose", false, ""],
  ["no-clobber", false, ""],
  ["no-host-directories", false, ""],
  ["no-parent", false, ""],
];

/** The short options ("cqSO:o:P:Y:U:T:+t:n::"): letter -> takes an argument ("optional" for -n). */
const shortOptions: Readonly<Record<string, boolean | "optional">> = {
  c: false,
  q: false,
  S: false,
  O: true,
  o: true,
  P: true,
  Y: true,
  U: true,
  T: true,
  t: true,
  n: "optional",
};

interface WgetConfig {
  quiet: boolean;
  serverResponse: boolean;
  spider: boolean;
  noCheckCertificate: boolean;
  outputDocument?: string;
  logFile?: string;
  dirPrefix?: string;
  userAgent: string;
  timeoutSeconds: number;
  readonly headers: string[];
  postData?: string;
  postFile?: string;
  readonly urls: string[];
}

class WgetDie extends Error {}

/** Run `wget ARGS...` (argv without the program name). */
export function wget(
  args: readonly string[],
  client: HttpClient,
  origin: RequestOrigin,
  options: ToolOptions = {},
): CommandOutput {
  const parsed = parseWgetArgs(args);
  if ("exitCode" in parsed) return parsed;
  const run = new WgetRun(parsed, client, origin, options.tty ?? false);
  return run.run();
}

function usageError(message: string): CommandOutput {
  return { stdout: "", stderr: `wget: ${message}\n${wgetUsage}`, exitCode: 1 };
}

/** getopt_long over BusyBox's option string: options and URLs may mix; `--` ends the options. */
function parseWgetArgs(args: readonly string[]): WgetConfig | CommandOutput {
  const config: WgetConfig = {
    quiet: false,
    serverResponse: false,
    spider: false,
    noCheckCertificate: false,
    userAgent: "Wget",
    timeoutSeconds: 900,
    headers: [],
    urls: [],
  };
  const set = (letter: string, value: string): CommandOutput | undefined => {
    switch (letter) {
      case "q":
        config.quiet = true;
        break;
      case "S":
        config.serverResponse = true;
        break;
      case "O":
        config.outputDocument = value;
        break;
      case "o":
        config.logFile = value;
        break;
      case "P":
        config.dirPrefix = value;
        break;
      case "U":
        config.userAgent = value;
        break;
      case "T":
        if (!/^\d+$/.test(value))
          return { stdout: "", stderr: `wget: invalid number '${value}'\n`, exitCode: 1 };
        config.timeoutSeconds = Number(value);
        break;
      default: // -c, -Y, -t, -n: accepted, without effect here
        break;
    }
    return undefined;
  };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      config.urls.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const exact = longOptions.find((o) => o[0] === name);
      const matches =
        exact !== undefined ? [exact] : longOptions.filter((o) => o[0].startsWith(name));
      if (matches.length === 0) return usageError(`unrecognized option '${arg}'`);
      if (matches.length > 1)
        return usageError(
          `option '${arg}' is ambiguous; possibilities:${matches.map((m) => ` '--${m[0]}'`).join("")}`,
        );
      const [long, takesArg, letter] = matches[0] ?? ["", false, ""];
      let value = "";
      if (takesArg) {
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < args.length) value = args[++i] ?? "";
        else return usageError(`option '--${long}' requires an argument`);
      } else if (eq >= 0) return usageError(`option '--${long}' doesn't allow an argument`);
      if (letter !== "") {
        const err = set(letter, value);
        if (err !== undefined) return err;
      } else if (long === "header") config.headers.push(value);
      else if (long === "post-data") config.postData = value;
      else if (long === "post-file") config.postFile = value;
      else if (long === "spider") config.spider = true;
      else if (long === "no-check-certificate") config.noCheckCertificate = true;
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] ?? "";
        const kind = shortOptions[letter];
        if (kind === undefined) return usageError(`invalid option -- '${letter}'`);
        let value = "";
        if (kind === "optional") {
          j = arg.length;
        } else if (kind) {
          if (j + 1 < arg.length) value = arg.slice(j + 1);
          else if (i + 1 < args.length) value = args[++i] ?? "";
          else return usageError(`option requires an argument -- '${letter}'`);
          j = arg.length;
        }
        const err = set(letter, value);
        if (err !== undefined) return err;
      }
      continue;
    }
    config.urls.push(arg);
  }
  if (config.urls.length === 0) return { stdout: "", stderr: wgetUsage, exitCode: 1 };
  return config;
}

/** parse_url's parts. */
interface Target {
  readonly protocol: "http" | "https" | "ftp" | "ftps";
  /** host[:port], as written. */
  readonly host: string;
  readonly port: number;
  /** The path without its leading slash, with the query. */
  readonly path: string;
  readonly user?: string;
}

/** parse_url: `http://` is assumed without a scheme; anything but http(s) and ftp(s) dies. */
function parseUrl(src: string): Target {
  let protocol: Target["protocol"] = "http";
  let rest = src;
  const sep = src.indexOf("://");
  if (sep >= 0) {
    const scheme = src.slice(0, sep);
    if (scheme !== "http" && scheme !== "https" && scheme !== "ftp" && scheme !== "ftps")
      throw new WgetDie(`not an http or ftp url: ${src}`);
    protocol = scheme;
    rest = src.slice(sep + 3);
  }
  let cut = rest.length;
  for (const c of ["/", "?", "#"]) {
    const k = rest.indexOf(c);
    if (k >= 0 && k < cut) cut = k;
  }
  let host = rest.slice(0, cut);
  // After "/", or (BusyBox's way) right after a "?" or "#" that ends the host.
  const path = cut < rest.length ? rest.slice(cut + 1) : "";
  let user: string | undefined;
  const at = host.lastIndexOf("@");
  if (at >= 0) {
    user = host.slice(0, at);
    host = host.slice(at + 1);
  }
  const defaults = { http: 80, https: 443, ftp: 21, ftps: 990 };
  const colon = host.lastIndexOf(":");
  const port =
    colon >= 0 && /^\d+$/.test(host.slice(colon + 1))
      ? Number(host.slice(colon + 1))
      : defaults[protocol];
  return { protocol, host, port, path, ...(user !== undefined ? { user } : {}) };
}

/** bb_get_last_path_component_nostrip. */
function lastComponent(path: string): string {
  const slash = path.lastIndexOf("/");
  if (slash < 0 || (slash === 0 && path.length === 1)) return path;
  return path.slice(slash + 1);
}

/** smart_ulltoa5: a size in five columns, scaled with k, M, G... */
export function smartUlltoa5(n: number): string {
  const scale = " kMGTPEZY";
  let ul = n;
  let idx = 0;
  if (ul > 99999) {
    ul *= 10;
    do {
      ul = Math.floor(ul / 1024);
      idx++;
    } while (ul >= 100000);
  }
  const digits = "0123456789";
  const lead = " 123456789";
  let u = Math.floor(ul / 10);
  let v = ul % 10;
  let fmt = lead;
  const out: string[] = [];
  if (idx === 0) {
    out[0] = lead[Math.floor(u / 1000)] ?? " ";
    if (out[0] !== " ") fmt = digits;
    out[1] = fmt[Math.floor(u / 100) % 10] ?? " ";
    if (out[1] !== " ") fmt = digits;
    out[2] = fmt[Math.floor(u / 10) % 10] ?? " ";
    if (out[2] !== " ") fmt = digits;
    out[3] = fmt[u % 10] ?? " ";
    out[4] = digits[v] ?? "0";
  } else {
    if (u >= 100) {
      out[0] = lead[Math.floor(u / 1000)] ?? " ";
      if (out[0] !== " ") fmt = digits;
      out[1] = fmt[Math.floor(u / 100) % 10] ?? " ";
      if (out[1] !== " ") fmt = digits;
      v = u % 10;
      u = Math.floor(u / 10);
      out[2] = fmt[u % 10] ?? " ";
    } else {
      out[0] = lead[Math.floor(u / 10)] ?? " ";
      if (out[0] !== " ") fmt = digits;
      out[1] = fmt[u % 10] ?? " ";
      out[2] = ".";
    }
    out[3] = digits[v] ?? "0";
    out[4] = scale[idx] ?? "?";
  }
  return out.join("");
}

/**
 * The status bar's last line (libbb/progress.c bb_progress_update) for a
 * body that arrived at once: 100%, the bar (terminal width 80 less 48), the
 * size and a zero ETA; on a pipe without the leading `\r`, with a newline.
 */
export function wgetProgressLine(curfile: string, size: number, tty: boolean): string {
  const name = curfile.length > 20 ? curfile.slice(0, 20) : curfile.padEnd(20);
  const barLength = 80 - 48;
  return `${tty ? "\r" : ""}${name} 100% |${"*".repeat(barLength)}| ${smartUlltoa5(size)}  0:00:00 ETA\n`;
}

class WgetRun {
  private stdout = "";
  private stderr = "";
  private tlsNoted = false;

  constructor(
    private readonly config: WgetConfig,
    private readonly client: HttpClient,
    private readonly origin: RequestOrigin,
    private readonly tty: boolean,
  ) {}

  run(): CommandOutput {
    try {
      if (this.config.postFile !== undefined)
        throw new WgetDie(`can't open '${this.config.postFile}': No such file or directory`);
      for (const url of this.config.urls) this.downloadOne(url);
      return this.result(0);
    } catch (e) {
      if (!(e instanceof WgetDie)) throw e;
      this.log(`wget: ${e.message}\n`);
      return this.result(1);
    }
  }

  private result(exitCode: number): CommandOutput {
    return { stdout: this.stdout, stderr: this.stderr, exitCode };
  }

  /** stderr, unless -o LOGFILE sent it to a file (which is not kept). */
  private log(text: string): void {
    const file = this.config.logFile;
    if (file === undefined || file === "-") this.stderr += text;
  }

  private info(text: string): void {
    if (!this.config.quiet) this.log(text);
  }

  private downloadOne(url: string): void {
    const { config } = this;
    let target = parseUrl(url);
    const toStdout = config.outputDocument === "-";
    let fname = config.outputDocument;
    if (fname === undefined) {
      let name = lastComponent(target.path);
      if (name === "" || name.startsWith("/")) name = "index.html";
      fname =
        config.dirPrefix !== undefined ? `${config.dirPrefix.replace(/\/+$/, "")}/${name}` : name;
    }
    const curfile = lastComponent(fname);
    let redirLimit = 16;
    let announce = true;
    for (;;) {
      if (target.protocol === "ftp" || target.protocol === "ftps")
        throw new WgetDie(
          `${target.protocol} is not simulated: ${target.protocol}://${target.host}/${target.path}`,
        );
      const response = this.exchange(target, announce);
      const { status } = response;
      const line = statusLine(status);
      if (config.serverResponse) this.log(`  ${line}\n`);
      const redirect = [300, 301, 302, 303, 307, 308].includes(status);
      if (!(status >= 200 && status <= 204) && !redirect)
        throw new WgetDie(`server returned error: ${line}`);
      if (config.serverResponse) {
        for (const [k, v] of Object.entries(response.headers)) this.log(`  ${k}: ${v}\n`);
        this.log("  \n");
      }
      const location = headerValue(response.headers, "location");
      if (redirect && location !== undefined) {
        if (--redirLimit === 0) throw new WgetDie("too many redirections");
        if (location.startsWith("/")) {
          target = { ...target, path: location.slice(1) };
          announce = false;
        } else {
          target = parseUrl(location);
          announce = true;
        }
        continue;
      }
      if (config.spider) {
        this.info("remote file exists\n");
        return;
      }
      this.info(toStdout ? "writing to stdout\n" : `saving to '${fname}'\n`);
      const size = byteLength(response.body);
      if (!config.quiet && (config.logFile === undefined || config.logFile === "-") && size > 0)
        this.stderr += wgetProgressLine(toStdout ? "-" : curfile, size, this.tty);
      if (toStdout) this.stdout += response.body;
      this.info(toStdout ? "written to stdout\n" : `'${fname}' saved\n`);
      return;
    }
  }

  /** Resolve, connect and send one request; dies on every failure. */
  private exchange(target: Target, announce: boolean) {
    const { config } = this;
    const headers: Record<string, string> = {};
    const userHeader = (prefix: string) => config.headers.some((h) => h.startsWith(prefix));
    let userAgent = config.userAgent;
    if (target.user !== undefined && !userHeader("Authorization:"))
      headers["Authorization"] = `Basic ${btoa(decodeUser(target.user))}`;
    headers["Connection"] = "close";
    for (const h of config.headers) {
      const colon = h.indexOf(":");
      if (colon <= 0) continue;
      const name = h.slice(0, colon).trim();
      const value = h.slice(colon + 1).trim();
      if (h.startsWith("User-Agent:")) userAgent = value;
      else headers[name] = value;
    }
    if (config.postData !== undefined) {
      if (!userHeader("Content-Type:"))
        headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = String(byteLength(config.postData));
    }
    const timeout = config.timeoutSeconds * 1000;
    const request: ClientRequest = {
      url: `${target.protocol}://${target.host}/${target.path}`,
      method: config.postData !== undefined ? "POST" : "GET",
      headers,
      from: this.origin,
      userAgent,
      ...(timeout > 0 ? { timeout } : {}),
    };
    const result = this.client(request);
    if (result.kind === "error" && result.error === "unknown-host")
      throw new WgetDie(`bad address '${target.host}'`);
    const ip = result.kind === "response" ? result.remote.ip : (result.ip ?? "");
    const port = result.kind === "response" ? result.remote.port : result.port;
    if (announce) this.info(`Connecting to ${target.host} (${ip}:${port})\n`);
    if (result.kind === "error") {
      if (result.error === "refused")
        throw new WgetDie(`can't connect to remote host (${ip}): Connection refused`);
      const connected = result.error === "timeout" && wasConnected(result);
      if (!connected && (timeout === 0 || timeout >= kernelConnectTimeout))
        throw new WgetDie(`can't connect to remote host (${ip}): Connection timed out`);
      if (connected && target.protocol === "https" && !config.noCheckCertificate) this.tlsNote();
      throw new WgetDie("download timed out");
    }
    if (target.protocol === "https" && !config.noCheckCertificate) this.tlsNote();
    return result;
  }

  /** spawn_ssl_client's note, once: it then behaves as with --no-check-certificate. */
  private tlsNote(): void {
    if (this.tlsNoted) return;
    this.tlsNoted = true;
    this.log("wget: note: TLS certificate validation not implemented\n");
  }
}

/** parse_url URL-decodes user:password before base64. */
function decodeUser(user: string): string {
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}
