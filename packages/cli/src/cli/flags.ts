/**
 * kubesim's own flags, parsed as kubectl parses its flags (pflag, through
 * @kubesim/kubectl's parser) and refused in kubectl's words:
 *
 *   error: unknown flag: --sed
 *   See 'kubesim run --help' for usage.
 */
import { Flags, globalFlags, isKubectlError, parseFlags, type FlagSpec } from "@kubesim/kubectl";

/** A usage error: printed as `error: <message>` with the "See ... --help" line, exit 1. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Where to read more: "kubesim run --help", "help until". */
    readonly seeHelp: string,
  ) {
    super(message);
    this.name = "UsageError";
  }

  /** The lines kubectl prints for it. */
  format(): string {
    return `error: ${this.message}\nSee '${this.seeHelp}' for usage.\n`;
  }
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError;
}

/**
 * Parses `argv` against `specs` (plus -h/--help, and -n/--namespace when
 * `namespace` is set). Throws UsageError pointing at `seeHelp`.
 */
export function parseOwnFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  seeHelp: string,
  options: { readonly namespace?: boolean } = {},
): Flags {
  const command = seeHelp;
  const allowed = new Set([...specs.map((s) => s.name), "help"]);
  if (options.namespace === true) allowed.add("namespace");
  let flags: Flags;
  try {
    flags = new Flags(parseFlags(argv, specs, command));
  } catch (e) {
    if (isKubectlError(e)) throw new UsageError(e.message, command);
    throw e;
  }
  // The parser adds kubectl's global flags; kubesim's commands take none of them but these.
  for (const g of globalFlags) {
    if (flags.changed(g.name) && !allowed.has(g.name)) {
      const shown = argv.find((a) => a === `--${g.name}` || a.startsWith(`--${g.name}=`));
      throw new UsageError(
        shown === undefined && g.short !== undefined
          ? `unknown shorthand flag: '${g.short}' in -${g.short}`
          : `unknown flag: --${g.name}`,
        command,
      );
    }
  }
  return flags;
}
