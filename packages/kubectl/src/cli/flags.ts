/**
 * Command-line flags as kubectl parses them (spf13/pflag): `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-n=value`, booleans as `--all`,
 * `--all=false` or grouped shorthands (`-it`), repeated string-array flags,
 * flags anywhere among the arguments, and `--` ending the flags. The error
 * texts are pflag's.
 */
import { KubectlError } from "./errors.js";

export type FlagType = "string" | "bool" | "int" | "stringArray" | "duration";

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: FlagType;
  readonly default?: string | boolean | number | readonly string[];
  /** For `--help`. */
  readonly usage?: string;
  /** A bool-like flag that also takes a value only in the `--name=value` form (e.g. --dry-run). */
  readonly noOptDefault?: string;
}

export type FlagValue = string | boolean | number | readonly string[];

export interface ParsedFlags {
  /** Flag values by long name (defaults filled in). */
  readonly values: ReadonlyMap<string, FlagValue>;
  /** Names given on the command line. */
  readonly changed: ReadonlySet<string>;
  /** Positional arguments, in order. */
  readonly args: readonly string[];
  /** What came after `--` (also the tail of `args`), or undefined without `--`. */
  readonly dashArgs: readonly string[] | undefined;
}

/** Flags every command takes (kubectl's persistent flags that matter here). */
export const globalFlags: readonly FlagSpec[] = [
  { name: "namespace", short: "n", type: "string", default: "", usage: "the namespace scope" },
  { name: "kubeconfig", type: "string", default: "" },
  { name: "context", type: "string", default: "" },
  { name: "cluster", type: "string", default: "" },
  { name: "user", type: "string", default: "" },
  { name: "request-timeout", type: "string", default: "0" },
  { name: "v", short: "v", type: "int", default: 0 },
  { name: "help", short: "h", type: "bool", default: false },
];

/** Go's time.ParseDuration for the usual forms ("30s", "1m30s", "500ms", "0"). */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) return undefined;
    total += Number(m[1]) * unit[m[2]!]!;
    pos = re.lastIndex;
  }
  return text.length === 0 ? undefined : total;
}

/**
 * How pflag names a flag in `invalid argument` errors (InvalidValueError):
 * `-o, --output` when it has a shorthand, however it was spelled, else `--name`.
 */
export function flagDisplayName(spec: FlagSpec): string {
  return spec.short === undefined ? `--${spec.name}` : `-${spec.short}, --${spec.name}`;
}

function convert(spec: FlagSpec, raw: string): FlagValue {
  const bad = (why: string) =>
    new KubectlError(
      `invalid argument ${JSON.stringify(raw)} for ${JSON.stringify(flagDisplayName(spec))} flag: ${why}`,
    );
  switch (spec.type) {
    case "bool": {
      if (["true", "1", "t", "T", "TRUE", "True"].includes(raw)) return true;
      if (["false", "0", "f", "F", "FALSE", "False"].includes(raw)) return false;
      throw bad(`strconv.ParseBool: parsing "${raw}": invalid syntax`);
    }
    case "int": {
      if (!/^[+-]?\d+$/.test(raw)) throw bad(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number(raw);
    }
    case "duration": {
      const d = parseGoDuration(raw);
      if (d === undefined) throw bad(`time: invalid duration "${raw}"`);
      return raw;
    }
    default:
      return raw;
  }
}

/** Parses `argv` (without the command words) against `specs` plus the global flags. */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  command: string,
): ParsedFlags {
  const all = [...specs, ...globalFlags];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short !== undefined).map((s) => [s.short!, s]));
  const values = new Map<string, FlagValue>();
  for (const s of all) {
    values.set(
      s.name,
      s.default ??
        (s.type === "bool" ? false : s.type === "int" ? 0 : s.type === "stringArray" ? [] : ""),
    );
  }
  const changed = new Set<string>();
  const args: string[] = [];
  let dashArgs: string[] | undefined;
  const set = (spec: FlagSpec, raw: string) => {
    let v: FlagValue;
    try {
      v = convert(spec, raw);
    } catch (e) {
      throw new KubectlError((e as Error).message, command);
    }
    if (spec.type === "stringArray") {
      const prev = changed.has(spec.name) ? (values.get(spec.name) as readonly string[]) : [];
      values.set(spec.name, [...prev, raw]);
    } else values.set(spec.name, v);
    changed.add(spec.name);
  };
  const usage = (msg: string) => new KubectlError(msg, command);

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      dashArgs = argv.slice(i + 1) as string[];
      args.push(...dashArgs);
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      if (a[2] === "-" || a[2] === "=") throw usage(`bad flag syntax: ${a}`);
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (spec === undefined) throw usage(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.type === "bool") set(spec, "true");
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault);
      else {
        const next = argv[i + 1];
        if (next === undefined) throw usage(`flag needs an argument: --${name}`);
        set(spec, next);
        i++;
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // A run of shorthands (parseShortArg): -it, -n ns, -nns, -n=ns, -oyaml.
      // Errors name the shorthands from the failing one on, as pflag does.
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const shorthands = a.slice(j);
        const spec = byShort.get(c);
        if (spec === undefined) throw usage(`unknown shorthand flag: '${c}' in -${shorthands}`);
        if (a[j + 1] === "=" && a.length > j + 2) {
          set(spec, a.slice(j + 2));
          break;
        }
        if (spec.type === "bool") {
          set(spec, "true");
          continue;
        }
        if (spec.noOptDefault !== undefined) {
          set(spec, spec.noOptDefault);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest.length > 0) set(spec, rest);
        else {
          const next = argv[i + 1];
          if (next === undefined) throw usage(`flag needs an argument: '${c}' in -${shorthands}`);
          set(spec, next);
          i++;
        }
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { values, changed, args, dashArgs };
}

/** Typed reads of parsed flags. */
export class Flags {
  constructor(readonly parsed: ParsedFlags) {}
  get args(): readonly string[] {
    return this.parsed.args;
  }
  string(name: string): string {
    return String(this.parsed.values.get(name) ?? "");
  }
  bool(name: string): boolean {
    return this.parsed.values.get(name) === true;
  }
  int(name: string): number {
    return Number(this.parsed.values.get(name) ?? 0);
  }
  strings(name: string): readonly string[] {
    const v = this.parsed.values.get(name);
    return Array.isArray(v) ? v : [];
  }
  changed(name: string): boolean {
    return this.parsed.changed.has(name);
  }
}
