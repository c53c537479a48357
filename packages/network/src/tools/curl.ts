/**
 * `curl` 8.5.0 run in a pod (or on a laptop), as a pure function of its
 * arguments and the simulated HTTP client. It mirrors the curl tool
 * (src/tool_operate.c serial_transfers/post_per_transfer) over libcurl's
 * HTTP/1.1 transfer: the verbose trace (`*`, `>`, `<` lines; lib/hostip.c,
 * lib/cf-socket.c, lib/connect.c, lib/url.c, lib/multi.c), the progress
 * meter on stderr when not silent, -i/-I header output with CRLFs, -f,
 * -L, -w, and curl's exit codes and error texts:
 *
 * - 6  `Could not resolve host: NAME`
 * - 7  `Failed to connect to HOST port P after N ms: Couldn't connect to server`
 * - 28 `Connection timed out after N milliseconds` (-m while connecting),
 *      `Failed to connect to HOST port P after N ms: Timeout was reached`
 *      (--connect-timeout), `Operation timed out after N milliseconds with
 *      0 bytes received` (-m while waiting for the answer), or the kernel's
 *      own connect timeout when curl has none shorter
 * - 22 `The requested URL returned error: S` (-f)
 *
 * Several URLs run one after another; a connection left open is reused by
 * the next URL to the same host and port. The exit code is the last
 * transfer's. Bodies written with -o/-O are discarded (there is no file
 * system here); `-o /dev/null` is the common case. TLS is not simulated:
 * https:// is answered as if the certificate verified, and its handshake
 * lines are not in the verbose trace. Per-phase timings are not modelled:
 * %{time_namelookup}, %{time_connect} and %{time_pretransfer} are 0 and
 * the whole latency is %{time_starttransfer}.
 */
import type { ClientRequest, ClientResult, HttpClient, RequestOrigin } from "../dataplane/types.js";
import type { CommandOutput } from "../dns/types.js";
import { parseCurlArgs, curlTryHelp, curlUsageError, type CurlConfig } from "./curl-args.js";
import { CurlProgress } from "./curl-progress.js";
import { buildCurlRequest, inferredMethod } from "./curl-request.js";
import {
  formatCurlUrl,
  hostHeader,
  parseCurlUrl,
  resolveLocation,
  wireUrl,
  type CurlUrl,
} from "./curl-url.js";
import { writeOut, type TransferInfo } from "./curl-writeout.js";
import {
  ephemeralPort,
  isIPv4Literal,
  kernelConnectTimeout,
  localAddress,
  wasConnected,
} from "./connection.js";
import { byteLength, headerValue, statusLine } from "./http-status.js";

/** How the command's output is attached. */
export interface ToolOptions {
  /** stdout and stderr are a terminal (`kubectl exec -t`); default false, a pipe. */
  readonly tty?: boolean;
}

/** curl's BUFFER_SIZE: the most body one receive hands over (the first `{ [N bytes data]`). */
const bufferSize = 102400;

/** The address printed in "Found bundle for host" (a pointer in curl; fixed here). */
const bundleAddress = "0x7f3a9c01d2a0";

/** `curl --help` (src/tool_help.c, the "important" category). */
const helpEntries: readonly (readonly [string, string])[] = [
  ["-d, --data <data>", "HTTP POST data"],
  ["-f, --fail", "Fail fast with no output on HTTP errors"],
  ["-h, --help <category>", "Get help for commands"],
  ["-i, --include", "Include protocol response headers in the output"],
  ["-o, --output <file>", "Write to file instead of stdout"],
  ["-O, --remote-name", "Write output to a file named as the remote file"],
  ["-s, --silent", "Silent mode"],
  ["-T, --upload-file <file>", "Transfer local FILE to destination"],
  ["-u, --user <user:password>", "Server user and password"],
  ["-A, --user-agent <name>", "Send User-Agent <name> to server"],
  ["-v, --verbose", "Make the operation more talkative"],
  ["-V, --version", "Show version number and quit"],
];

export const curlHelp =
  "Usage: curl [options...] <url>\n" +
  helpEntries.map(([opt, desc]) => ` ${opt.padEnd(26)} ${desc}\n`).join("") +
  "\nThis is not the full help, this menu is stripped into categories.\n" +
  'Use "--help category" to get an overview of all categories.\n' +
  'For all options use the manual or "--help all".\n';

/** `curl --version` of a curl 8.5.0 build like the curlimages/curl image's (build details representative). */
export const curlVersion =
  "curl 8.5.0 (x86_64-pc-linux-musl) libcurl/8.5.0 OpenSSL/3.1.4 zlib/1.3 brotli/1.1.0 libidn2/2.3.4 nghttp2/1.58.0\n" +
  "Release-Date: 2023-12-06\n" +
  "Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp smb smbs smtp smtps telnet tftp\n" +
  "Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM SSL threadsafe TLS-SRP UnixSockets\n";

/** voutf: a prefixed message wrapped at 79 columns (warnf, notef). */
export function curlNotice(prefix: string, message: string): string {
  const width = 79 - prefix.length;
  let out = "";
  let rest = message;
  while (rest.length > 0) {
    out += prefix;
    if (rest.length > width) {
      let cut = width - 1;
      while (cut > 0 && rest[cut] !== " " && rest[cut] !== "\t") cut--;
      if (cut === 0) cut = width - 1;
      out += `${rest.slice(0, cut + 1)}\n`;
      rest = rest.slice(cut + 1);
    } else {
      out += `${rest}\n`;
      rest = "";
    }
  }
  return out;
}

interface Connection {
  readonly id: number;
  readonly localPort: number;
}

type Answer = Extract<ClientResult, { kind: "response" }>;

const redirectCodes = new Set([301, 302, 303, 307, 308]);

/** The name of the file -O saves to: the URL path's last segment. */
function remoteName(input: string): string {
  const parsed = parseCurlUrl(input);
  const path = parsed.ok ? parsed.url.path : input.replace(/[?#].*$/, "");
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Run `curl ARGS...` (argv without the program name). */
export function curl(
  args: readonly string[],
  client: HttpClient,
  origin: RequestOrigin,
  options: ToolOptions = {},
): CommandOutput {
  if (args.length === 0) return { stdout: "", stderr: curlTryHelp, exitCode: 2 };
  const parsed = parseCurlArgs(args);
  if (!parsed.ok) return parsed.output;
  const config = parsed.config;
  if (config.help) return { stdout: curlHelp, stderr: "", exitCode: 0 };
  if (config.version) return { stdout: curlVersion, stderr: "", exitCode: 0 };
  if (config.urls.length === 0) return curlUsageError("(2) no URL specified");
  const session = new CurlSession(config, client, origin, options.tty ?? false);
  return session.run();
}

/** One curl invocation: its transfers share the connection pool and the DNS cache. */
class CurlSession {
  private stdout = "";
  private stderr = "";
  private readonly pool = new Map<string, Connection>();
  private readonly dnsCache = new Set<string>();
  private nextConnection = 0;

  constructor(
    private readonly config: CurlConfig,
    private readonly client: HttpClient,
    private readonly origin: RequestOrigin,
    private readonly tty: boolean,
  ) {}

  run(): CommandOutput {
    const { config } = this;
    if (!config.silent) for (const w of config.warnings) this.stderr += curlNotice("Warning: ", w);
    let exitCode = 0;
    for (let i = 0; i < config.urls.length; i++) {
      const code = this.transfer(i);
      exitCode = code;
      if (code === 23 || (config.failEarly && code !== 0)) break;
    }
    return { stdout: this.stdout, stderr: this.stderr, exitCode };
  }

  private err(text: string): void {
    this.stderr += text;
  }

  private verbose(line: string): void {
    if (this.config.verbose) this.stderr += `* ${line}\n`;
  }

  /** One URL, with the redirects -L follows; returns its exit code. */
  private transfer(index: number): number {
    const { config } = this;
    const input = config.urls[index] ?? "";
    const output = config.outputs[index];
    const toStdout = output === undefined || (output.kind === "file" && output.path === "-");
    let filename = output?.kind === "file" ? output.path : undefined;
    if (output?.kind === "remote-name") {
      filename = remoteName(input);
      if (filename === "") {
        if (!config.silent || config.showError) this.err("curl: Remote file name has no length\n");
        return 23;
      }
    }
    // The terminal check of tool_operate: no meter when the body goes to a tty.
    const isatty = this.tty && toStdout;
    const meterOn = !config.silent && !config.noProgress && !isatty;
    const writeBody = (text: string) => {
      if (toStdout) this.stdout += text;
    };
    const writeHeaders = (text: string) => {
      if (config.include || config.head) writeBody(text);
      if (config.dumpHeader === "-") this.stdout += text;
      else if (config.dumpHeader === "%") this.stderr += text;
    };

    const inferred = inferredMethod(config);
    if (config.method !== undefined) {
      if (config.method.toLowerCase() === inferred.toLowerCase()) {
        if (config.verbose && !config.silent)
          this.err(
            curlNotice(
              "Note: ",
              `Unnecessary use of -X or --request, ${inferred} is already inferred.`,
            ),
          );
      } else if (config.method.toLowerCase() === "head" && !config.silent) {
        this.err(
          curlNotice(
            "Warning: ",
            "Setting custom HTTP method to HEAD with -X/--request may not work the way you want. Consider using -I/--head instead.",
          ),
        );
      }
    }
    // Curl_loadhostpairs: the --resolve entries, in order, up to one that does not parse.
    const bad = config.badResolve;
    for (const r of config.resolve.slice(0, bad?.after))
      this.verbose(`Added ${r.host}:${r.port}:${r.address} to DNS cache`);

    const shared = { headersOut: false };
    let requestKind = inferred; // GET, HEAD or POST: what a redirect may switch
    let target = parseCurlUrl(input, config.pathAsIs);
    let redirects = 0;
    let elapsed = 0;
    let redirectTime = 0;
    let info: Partial<TransferInfo> = {};
    let code = 0;
    let message = "";
    let answer: Answer | undefined;
    let effective: CurlUrl | undefined;
    let failWithBody = false;

    if (bad !== undefined) {
      code = 49;
      message = `Couldn't parse CURLOPT_RESOLVE entry '${bad.entry}'`;
      this.verbose(message);
    }
    while (code === 0) {
      if (!target.ok) {
        code = target.code;
        message = target.message;
        this.verbose(message);
        this.verbose("Closing connection");
        break;
      }
      const url = target.url;
      effective = url;
      if (url.scheme !== "http" && url.scheme !== "https") {
        code = 1;
        message = `Protocol "${url.scheme}" not supported or disabled in libcurl`;
        this.verbose(message);
        this.verbose("Closing connection");
        break;
      }
      const meter = meterOn ? new CurlProgress((t) => this.err(t), shared) : undefined;
      const hop = this.exchange(
        url,
        config.method ?? requestKind,
        requestKind === "POST",
        meter,
        index,
        redirects,
        isatty,
      );
      info = hop.info;
      elapsed += hop.time;
      if (hop.kind === "failed") {
        code = hop.code;
        message = hop.message;
        break;
      }
      answer = hop.answer;
      const { status, headers } = hop.answer;
      const head = statusLine(status);
      const headerBlock = [head, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      writeHeaders(headerBlock.map((l) => `${l}\r\n`).join("") + "\r\n");
      const location = headerValue(headers, "location");
      const follow = config.location && redirectCodes.has(status) && location !== undefined;
      const isHead = (config.method ?? requestKind) === "HEAD" || config.head;
      // Following a redirect on a connection about to close, curl stops after the headers.
      const bodyBytes = isHead || (follow && hop.closing) ? 0 : byteLength(hop.answer.body);
      const length = headerValue(headers, "content-length");
      if (meter !== undefined && length !== undefined && /^\d+$/.test(length.trim()))
        meter.sizeDl = Number(length);

      if (!follow && config.fail && status >= 400) {
        code = 22;
        message = `The requested URL returned error: ${status}`;
        this.verbose(message);
        meter?.done(hop.time);
        this.verbose("Closing connection");
        this.pool.delete(hop.poolKey);
        break;
      }
      if (follow && bodyBytes > 0) this.verbose("Ignoring the response-body");
      if (bodyBytes > 0 && config.verbose && !isatty)
        this.err(
          `{ [${Math.min(bodyBytes, bufferSize - byteLength(headerBlock.join("\r\n")) - 4)} bytes data]\n`,
        );
      if (!follow && !isHead) writeBody(hop.answer.body);
      if (meter !== undefined) meter.downloaded = bodyBytes;
      meter?.done(hop.time);
      this.finishConnection(hop.poolKey, hop.connection, hop.closing, url.host);
      if (!follow || location === undefined) {
        failWithBody = config.failWithBody && status >= 400;
        break;
      }
      if (config.maxRedirs !== -1 && redirects >= config.maxRedirs) {
        code = 47;
        message = `Maximum (${config.maxRedirs}) redirects followed`;
        this.verbose(message);
        break;
      }
      const next = resolveLocation(url, location);
      redirects++;
      redirectTime += hop.time;
      this.verbose(`Issue another request to this URL: '${next}'`);
      if ((status === 301 || status === 302) && requestKind === "POST") {
        this.verbose("Switch from POST to GET");
        requestKind = "GET";
      } else if (status === 303 && requestKind !== "GET") {
        requestKind = config.head ? "HEAD" : "GET";
        this.verbose(`Switch to ${requestKind}`);
      }
      target = parseCurlUrl(next, config.pathAsIs);
    }

    if (code !== 0 && (!config.silent || config.showError))
      this.err(`curl: (${code}) ${message}\n`);
    else if (code === 0 && failWithBody && answer !== undefined) {
      if (!config.silent || config.showError)
        this.err(`curl: (22) The requested URL returned error: ${answer.status}\n`);
      code = 22;
    }
    if (config.writeOut !== undefined) {
      const inputParsed = parseCurlUrl(input, config.pathAsIs);
      const full: TransferInfo = {
        httpCode: answer?.status ?? 0,
        exitCode: code,
        ...(message !== "" ? { errorMessage: message } : {}),
        inputUrl: input,
        ...(inputParsed.ok ? { parsedInput: inputParsed.url } : {}),
        ...(effective !== undefined ? { effective } : {}),
        effectiveUrl: effective !== undefined ? formatCurlUrl(effective) : input,
        method: config.method ?? requestKind,
        remoteIp: info.remoteIp ?? "",
        remotePort: info.remotePort ?? 0,
        localIp: info.localIp ?? "",
        localPort: info.localPort ?? 0,
        timeNamelookup: 0,
        timeConnect: 0,
        timePretransfer: 0,
        timeStarttransfer: answer !== undefined ? elapsed : 0,
        timeTotal: elapsed,
        timeRedirect: redirectTime,
        sizeDownload: info.sizeDownload ?? 0,
        sizeUpload: info.sizeUpload ?? 0,
        sizeHeader: info.sizeHeader ?? 0,
        sizeRequest: info.sizeRequest ?? 0,
        numConnects: info.numConnects ?? 0,
        numRedirects: redirects,
        ...(answer !== undefined && !config.location && redirectCodes.has(answer.status)
          ? (() => {
              const loc = headerValue(answer.headers, "location");
              return loc !== undefined && effective !== undefined
                ? { redirectUrl: resolveLocation(effective, loc) }
                : {};
            })()
          : {}),
        ...(answer !== undefined ? { headers: answer.headers } : {}),
        ...(filename !== undefined ? { filename } : {}),
        urlnum: index,
      };
      const w = writeOut(config.writeOut, full);
      this.stdout += w.stdout;
      this.stderr += w.stderr;
    }
    return code;
  }

  private finishConnection(
    key: string,
    connection: Connection,
    closing: boolean,
    host: string,
  ): void {
    if (closing) {
      this.pool.delete(key);
      this.verbose("Closing connection");
    } else {
      this.pool.set(key, connection);
      this.verbose(`Connection #${connection.id} to host ${host} left intact`);
    }
  }

  /**
   * One request/answer on a new or reused connection, with its verbose
   * lines and progress meter up to the answer's headers (or the failure).
   */
  private exchange(
    url: CurlUrl,
    method: string,
    sendBody: boolean,
    meter: CurlProgress | undefined,
    index: number,
    hopNo: number,
    isatty: boolean,
  ): Hop {
    const { config } = this;
    const override = config.resolve.find((r) => r.host === url.host && r.port === url.port);
    const connectHost = override?.address ?? url.host;
    const req = buildCurlRequest(config, url, method, sendBody);
    const headers: Record<string, string> = { ...req.clientHeaders };
    if (override !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "host"))
      headers["Host"] = hostHeader(url);
    const maxTime = config.maxTime !== undefined && config.maxTime > 0 ? config.maxTime : undefined;
    const connectTimeout =
      config.connectTimeout !== undefined && config.connectTimeout > 0
        ? config.connectTimeout
        : undefined;
    const request: ClientRequest = {
      url: wireUrl(url, connectHost),
      method,
      headers,
      from: this.origin,
      userAgent: req.userAgent ?? "",
      ...(maxTime !== undefined ? { timeout: maxTime } : {}),
    };
    const result = this.client(request);

    const poolKey = `${url.scheme}://${url.host}:${url.port}`;
    const pooled = this.pool.get(poolKey);
    const reuse =
      pooled !== undefined &&
      (result.kind === "response" || (result.error === "timeout" && wasConnected(result)));
    const localIp = localAddress(this.origin);
    const connection: Connection =
      reuse && pooled !== undefined
        ? pooled
        : { id: this.nextConnection, localPort: ephemeralPort(`${index}/${hopNo}/${request.url}`) };
    const ip = result.kind === "response" ? result.remote.ip : (result.ip ?? "");
    const port = result.kind === "response" ? result.remote.port : result.port;
    const hostPort = `${url.host}:${url.port}`;
    const requestBytes = byteLength(
      [req.requestLine, ...req.lines].map((l) => `${l}\r\n`).join("") + "\r\n" + (req.body ?? ""),
    );
    const baseInfo = { remoteIp: ip, remotePort: port };

    const failed = (
      code: number,
      message: string,
      time: number,
      extra: Partial<TransferInfo> = {},
    ): Hop => {
      this.verbose(message);
      meter?.done(time);
      this.verbose("Closing connection");
      return { kind: "failed", code, message, time, info: { ...baseInfo, ...extra } };
    };

    if (reuse) {
      this.verbose(`Found bundle for host: ${bundleAddress} [serially]`);
      this.verbose("Can not multiplex, even if we wanted to");
      this.verbose(`Re-using existing connection with host ${url.host}`);
      meter?.update(0);
    } else {
      this.nextConnection++;
      if (result.kind === "error" && result.error === "unknown-host") {
        meter?.update(0);
        return failed(6, `Could not resolve host: ${url.host}`, result.latency, {
          remoteIp: "",
          remotePort: 0,
        });
      }
      // A name is looked up by the threaded resolver (the meter shows first);
      // an IP literal, or a name in the DNS cache, synchronously.
      const numeric = isIPv4Literal(url.host);
      const cached = override !== undefined || this.dnsCache.has(hostPort);
      if (!numeric && !cached) {
        meter?.update(0);
        this.dnsCache.add(hostPort);
        this.verbose(`Host ${hostPort} was resolved.`);
        this.verbose("IPv6: (none)");
        this.verbose(`IPv4: ${ip}`);
      } else if (!numeric) this.verbose(`Hostname ${url.host} was found in DNS cache`);
      this.verbose(`  Trying ${ip}:${port}...`);
      if (numeric || cached) meter?.update(0);
      if (result.kind === "error" && result.error === "refused") {
        this.verbose(
          `connect to ${ip} port ${port} from ${localIp} port ${connection.localPort} failed: Connection refused`,
        );
        return failed(
          7,
          `Failed to connect to ${url.host} port ${url.port} after ${result.latency} ms: Couldn't connect to server`,
          result.latency,
        );
      }
      if (result.kind === "error" && !(result.error === "timeout" && wasConnected(result))) {
        // The SYN is never answered: whichever limit comes first ends the wait.
        const limit = Math.min(
          connectTimeout ?? Infinity,
          maxTime ?? Infinity,
          kernelConnectTimeout,
        );
        meter?.tick(0, limit);
        if (
          connectTimeout !== undefined &&
          limit === connectTimeout &&
          (maxTime === undefined || connectTimeout < maxTime)
        ) {
          this.verbose(`ipv4 connect timeout after ${connectTimeout}ms, move on!`);
          return failed(
            28,
            `Failed to connect to ${url.host} port ${url.port} after ${connectTimeout + 1} ms: Timeout was reached`,
            connectTimeout + 1,
          );
        }
        if (maxTime !== undefined && limit === maxTime)
          return failed(28, `Connection timed out after ${maxTime + 1} milliseconds`, maxTime + 1);
        this.verbose(
          `connect to ${ip} port ${port} from ${localIp} port ${connection.localPort} failed: Connection timed out`,
        );
        return failed(
          28,
          `Failed to connect to ${url.host} port ${url.port} after ${kernelConnectTimeout} ms: Couldn't connect to server`,
          kernelConnectTimeout,
        );
      }
      this.verbose(`Connected to ${url.host} (${ip}) port ${url.port}`);
    }

    // The request.
    if (config.verbose) {
      this.err([req.requestLine, ...req.lines].map((l) => `> ${l}\r\n`).join("") + "> \r\n");
      if (req.body !== undefined && req.body !== "" && !isatty)
        this.err(`} [${byteLength(req.body)} bytes data]\n`);
    }
    const uploaded = req.body !== undefined ? byteLength(req.body) : 0;
    if (meter !== undefined) {
      meter.uploaded = uploaded;
      meter.sizeUl = uploaded;
    }
    const connectedInfo: Partial<TransferInfo> = {
      ...baseInfo,
      localIp,
      localPort: connection.localPort,
      sizeRequest: requestBytes,
      sizeUpload: uploaded,
      numConnects: reuse ? 0 : 1,
    };

    if (result.kind === "error") {
      // Accepted, then no answer before -m ran out.
      const limit = maxTime ?? result.latency;
      meter?.tick(0, limit);
      this.pool.delete(poolKey);
      return failed(
        28,
        `Operation timed out after ${limit + 1} milliseconds with 0 bytes received`,
        limit + 1,
        connectedInfo,
      );
    }

    meter?.tick(0, result.latency);
    const lines = [
      statusLine(result.status),
      ...Object.entries(result.headers).map(([k, v]) => `${k}: ${v}`),
    ];
    if (config.verbose) this.err(lines.map((l) => `< ${l}\r\n`).join("") + "< \r\n");
    const connectionHeader = headerValue(result.headers, "connection") ?? "";
    const isHead = method === "HEAD";
    return {
      kind: "answered",
      answer: result,
      time: result.latency,
      poolKey,
      connection,
      closing: /\bclose\b/i.test(connectionHeader),
      info: {
        ...connectedInfo,
        sizeHeader: byteLength(lines.map((l) => `${l}\r\n`).join("") + "\r\n"),
        sizeDownload: isHead ? 0 : byteLength(result.body),
      },
    };
  }
}

type Hop =
  | {
      readonly kind: "failed";
      readonly code: number;
      readonly message: string;
      readonly time: number;
      readonly info: Partial<TransferInfo>;
    }
  | {
      readonly kind: "answered";
      readonly answer: Answer;
      readonly time: number;
      readonly poolKey: string;
      readonly connection: Connection;
      readonly closing: boolean;
      readonly info: Partial<TransferInfo>;
    };
