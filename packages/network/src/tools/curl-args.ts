/**
 * curl's command line, as curl 8.5.0 reads it (src/tool_getparam.c
 * parse_args/getparameter, src/tool_paramhlp.c secs2ms): long options by
 * any unambiguous case-insensitive prefix, `--no-` before a boolean, short
 * letters combined (`-sSv`) with a value glued to its letter (`-XPOST`,
 * `-m5`) or in the next argument, `--` ending the options, and anything else
 * a URL. Errors are reported as curl's helpf does, exit code 2.
 */
import type { CommandOutput } from "../dns/types.js";
import { curlOptionTable, type CurlArgKind } from "./curl-option-table.js";

/** One `-o FILE` or `-O` (remote name), paired with the URLs in order. */
export type CurlOutput =
  { readonly kind: "file"; readonly path: string } | { readonly kind: "remote-name" };

/** What the command line asks for. */
export interface CurlConfig {
  readonly urls: string[];
  readonly outputs: CurlOutput[];
  silent: boolean;
  showError: boolean;
  include: boolean;
  verbose: boolean;
  head: boolean;
  fail: boolean;
  failWithBody: boolean;
  failEarly: boolean;
  location: boolean;
  insecure: boolean;
  noProgress: boolean;
  pathAsIs: boolean;
  /** -H values, in order. */
  readonly headers: string[];
  method?: string;
  /** -A; "" sends no User-Agent. */
  userAgent?: string;
  user?: string;
  bearer?: string;
  referer?: string;
  cookie?: string;
  /** -d and friends, joined with `&` when sent. */
  readonly data: string[];
  dumpHeader?: string;
  writeOut?: string;
  /** -m, in ms. */
  maxTime?: number;
  /** --connect-timeout, in ms. */
  connectTimeout?: number;
  maxRedirs: number;
  /** --resolve HOST:PORT:ADDR entries. */
  readonly resolve: { readonly host: string; readonly port: number; readonly address: string }[];
  /** The first --resolve entry that does not parse, and how many good ones came before it. */
  badResolve?: { readonly after: number; readonly entry: string };
  help: boolean;
  version: boolean;
  /** Warnings printed while parsing (curl's warnf), before any transfer. */
  readonly warnings: string[];
}

export type CurlParse =
  | { readonly ok: true; readonly config: CurlConfig }
  | { readonly ok: false; readonly output: CommandOutput };

/** helpf's closing line. */
export const curlTryHelp = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** helpf: `curl: MESSAGE` and the try line, exit code 2 (CURLE_FAILED_INIT). */
export function curlUsageError(message: string | undefined): CommandOutput {
  return {
    stdout: "",
    stderr: (message === undefined ? "" : `curl: ${message}\n`) + curlTryHelp,
    exitCode: 2,
  };
}

type ParamError =
  | "is unknown"
  | "is ambiguous"
  | "requires parameter"
  | "expected a proper numerical parameter"
  | "expected a positive numerical parameter"
  | "used '--no-' for option that isn't a boolean"
  | "is badly used here"
  | "too large number";

/** Options curl has that the simulation does not model: refused rather than silently ignored. */
const notModelled = "is not available in kubesim's curl";

function newConfig(): CurlConfig {
  return {
    urls: [],
    outputs: [],
    silent: false,
    showError: false,
    include: false,
    verbose: false,
    head: false,
    fail: false,
    failWithBody: false,
    failEarly: false,
    location: false,
    insecure: false,
    noProgress: false,
    pathAsIs: false,
    headers: [],
    data: [],
    maxRedirs: 50,
    resolve: [],
    help: false,
    version: false,
    warnings: [],
  };
}

/** secs2ms: a non-negative decimal number of seconds, fractions allowed. */
function secondsToMillis(text: string): number | ParamError {
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
    return "expected a proper numerical parameter";
  const value = Number(text);
  if (value > Number.MAX_SAFE_INTEGER / 1000) return "too large number";
  if (value < 0) return "expected a positive numerical parameter";
  return Math.trunc(value * 1000);
}

/** Apply one option; returns an error text, or undefined. */
function apply(
  config: CurlConfig,
  long: string,
  on: boolean,
  value: string,
): ParamError | typeof notModelled | undefined {
  switch (long) {
    case "url":
      config.urls.push(value);
      return undefined;
    case "silent":
      config.silent = on;
      return undefined;
    case "show-error":
      config.showError = on;
      return undefined;
    case "include":
      config.include = on;
      return undefined;
    case "verbose":
      config.verbose = on;
      return undefined;
    case "head":
      config.head = on;
      return undefined;
    case "fail":
      config.fail = on;
      return undefined;
    case "fail-with-body":
      config.failWithBody = on;
      return undefined;
    case "fail-early":
      config.failEarly = on;
      return undefined;
    case "location":
      config.location = on;
      return undefined;
    case "insecure":
      config.insecure = on;
      return undefined;
    case "progress-meter":
      config.noProgress = !on;
      return undefined;
    case "path-as-is":
      config.pathAsIs = on;
      return undefined;
    case "buffer": // -N / --no-buffer: output is not buffered in the simulation anyway
    case "http1.1": // the default for http://
    case "ipv4": // the cluster is IPv4-only
    case "progress-bar":
      return undefined;
    case "header":
      config.headers.push(value);
      return undefined;
    case "request":
      config.method = value;
      return undefined;
    case "output":
      config.outputs.push({ kind: "file", path: value });
      return undefined;
    case "remote-name":
      if (on) config.outputs.push({ kind: "remote-name" });
      return undefined;
    case "write-out":
      if (value.startsWith("@")) return notModelled;
      config.writeOut = value;
      return undefined;
    case "max-time":
    case "connect-timeout": {
      const ms = secondsToMillis(value);
      if (typeof ms === "string") return ms;
      if (long === "max-time") config.maxTime = ms;
      else config.connectTimeout = ms;
      return undefined;
    }
    case "max-redirs": {
      if (!/^-?\d+$/.test(value)) return "expected a proper numerical parameter";
      const n = Number(value);
      if (n < -1) return "expected a positive numerical parameter";
      config.maxRedirs = n;
      return undefined;
    }
    case "user-agent":
      config.userAgent = value;
      return undefined;
    case "user":
      config.user = value;
      return undefined;
    case "oauth2-bearer":
      config.bearer = value;
      return undefined;
    case "referer":
      config.referer = value;
      return undefined;
    case "cookie":
      // Without `=` it names a cookie file to read; there are no files here.
      if (value.includes("=")) config.cookie = value;
      return undefined;
    case "data":
    case "data-ascii":
    case "data-binary":
    case "data-raw":
      if (long !== "data-raw" && value.startsWith("@")) {
        config.warnings.push(
          `Couldn't read data from file "${value.slice(1)}", this makes an empty POST.`,
        );
        config.data.push("");
      } else config.data.push(value);
      return undefined;
    case "dump-header":
      config.dumpHeader = value;
      return undefined;
    case "resolve": {
      const m = /^(.+?):(\d+):(.+)$/.exec(value);
      if (m === null) {
        config.badResolve ??= { after: config.resolve.length, entry: value };
        return undefined;
      }
      config.resolve.push({ host: m[1] ?? "", port: Number(m[2]), address: m[3] ?? "" });
      return undefined;
    }
    case "help":
      config.help = true;
      return undefined;
    case "version":
      config.version = true;
      return undefined;
    default:
      return notModelled;
  }
}

/** --fail and --fail-with-body together: errorf (muted by -s), then "is badly used here". */
function bothFail(config: CurlConfig, arg: string): CurlParse {
  const note =
    config.silent && !config.showError
      ? ""
      : "curl: You must select either --fail or --fail-with-body, not both.\n";
  const usage = curlUsageError(`option ${arg}: is badly used here`);
  return { ok: false, output: { ...usage, stderr: note + usage.stderr } };
}

const takesValue = (kind: CurlArgKind) => kind === "string" || kind === "filename";

/** Parse curl's argv (without the program name). */
export function parseCurlArgs(args: readonly string[]): CurlParse {
  const config = newConfig();
  let stillFlags = true;
  const fail = (opt: string, reason: string): CurlParse => ({
    ok: false,
    output: curlUsageError(`option ${opt}: ${reason}`),
  });
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    if (!stillFlags || !arg.startsWith("-")) {
      config.urls.push(arg);
      continue;
    }
    if (arg === "-") return fail(arg, "is unknown");
    if (arg === "--") {
      stillFlags = false;
      continue;
    }
    if (arg.startsWith("--")) {
      let word = arg.slice(2);
      let on = true;
      let noFlagged = false;
      if (word.startsWith("no-")) {
        word = word.slice(3);
        on = false;
        noFlagged = true;
      }
      const lower = word.toLowerCase();
      let hit: (typeof curlOptionTable)[number] | undefined;
      let hits = 0;
      for (const entry of curlOptionTable) {
        if (entry[0].startsWith(lower)) {
          hits++;
          hit = entry;
          if (entry[0] === lower) {
            hits = 1;
            break;
          }
        }
      }
      if (hits > 1) return fail(arg, "is ambiguous");
      if (hit === undefined) return fail(arg, "is unknown");
      if (noFlagged && hit[2] !== "bool")
        return fail(arg, "used '--no-' for option that isn't a boolean");
      let value = "";
      if (takesValue(hit[2])) {
        if (next === undefined) return fail(arg, "requires parameter");
        value = next;
        i++;
      }
      const err = apply(config, hit[0], on, value);
      if (err !== undefined) return fail(arg, err);
      if (config.fail && config.failWithBody) return bothFail(config, arg);
      continue;
    }
    // Short letters, possibly several; a letter taking a value ends the group.
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] ?? "";
      const hit = curlOptionTable.find((e) => e[1] === letter);
      if (hit === undefined) return fail(arg, "is unknown");
      let value = "";
      if (takesValue(hit[2])) {
        if (j + 1 < arg.length) value = arg.slice(j + 1);
        else if (next === undefined) return fail(arg, "requires parameter");
        else {
          value = next;
          i++;
        }
        j = arg.length;
      }
      const err = apply(config, hit[0], true, value);
      if (err !== undefined) return fail(arg, err);
      if (config.fail && config.failWithBody) return bothFail(config, arg);
    }
  }
  return { ok: true, config };
}
