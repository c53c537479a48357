/**
 * `kubectl ARGS...` against a simulated cluster: finds the command by its
 * words as cobra does (spf13/cobra command.go Find, stripFlags,
 * legacyArgs, findSuggestions), parses its flags, runs it, and prints
 * failures through CheckErr (errors.ts). Never throws for bad input: every
 * failure is an exit code and stderr text.
 */
import { CommandContext, type KubectlCommand } from "./command.js";
import { checkErr, isReportable, KubectlError, usageErrorf } from "./errors.js";
import { globalFlags } from "./flags.js";
import type { CommandResult, KubectlHost } from "./types.js";

/**
 * kubectl's top-level commands in the order kubectl adds them (its help
 * groups, then the others, then cobra's help), which is the order cobra
 * offers them as suggestions (staging/src/k8s.io/kubectl/pkg/cmd/cmd.go).
 */
export const kubectlCommandNames: readonly string[] = [
  "create",
  "expose",
  "run",
  "set",
  "explain",
  "get",
  "edit",
  "delete",
  "rollout",
  "scale",
  "autoscale",
  "certificate",
  "cluster-info",
  "top",
  "cordon",
  "uncordon",
  "drain",
  "taint",
  "describe",
  "logs",
  "attach",
  "exec",
  "port-forward",
  "proxy",
  "cp",
  "auth",
  "debug",
  "events",
  "diff",
  "apply",
  "patch",
  "replace",
  "wait",
  "kustomize",
  "label",
  "annotate",
  "completion",
  "config",
  "plugin",
  "version",
  "api-versions",
  "api-resources",
  "options",
  "help",
];

/** Levenshtein distance, case-insensitive (cobra's ld with ignoreCase). */
function ld(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** SuggestionsFor: commands within distance 2, or that start with what was typed. */
export function suggestionsFor(typed: string): string[] {
  return kubectlCommandNames.filter(
    (name) => ld(typed, name) <= 2 || name.toLowerCase().startsWith(typed.toLowerCase()),
  );
}

/** cobra's `unknown command "x" for "kubectl"` with its "Did you mean this?" block. */
export function unknownCommandError(word: string): KubectlError {
  const suggestions = suggestionsFor(word);
  const more =
    suggestions.length === 0
      ? ""
      : `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join("")}`;
  return new KubectlError(`unknown command ${JSON.stringify(word)} for "kubectl"${more}`);
}

/** Flags that never take a separate value, for stripFlags (bool flags: their NoOptDefVal). */
const boolFlags = (specs: readonly { name: string; short?: string; type: string }[]) => ({
  long: new Set(specs.filter((s) => s.type === "bool").map((s) => s.name)),
  short: new Set(specs.filter((s) => s.type === "bool" && s.short).map((s) => s.short!)),
});

/**
 * stripFlags: the positions of the words of `args`, skipping flags and the
 * values of flags that take one. As in cobra, a flag it does not know takes
 * the next word (unless that is the last argument).
 */
function wordPositions(
  args: readonly string[],
  specs: readonly { name: string; short?: string; type: string }[],
): number[] {
  const bools = boolFlags(specs);
  const words: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const s = args[i]!;
    if (s === "--") break;
    const takesNext =
      (s.startsWith("--") && !s.includes("=") && !bools.long.has(s.slice(2))) ||
      (s.startsWith("-") &&
        !s.startsWith("--") &&
        !s.includes("=") &&
        s.length === 2 &&
        !bools.short.has(s.slice(1)));
    if (takesNext) {
      if (args.length - i - 1 <= 1) break;
      i++;
      continue;
    }
    if (s !== "" && !s.startsWith("-")) words.push(i);
  }
  return words;
}

function stripFlags(
  args: readonly string[],
  specs: readonly { name: string; short?: string; type: string }[],
): string[] {
  return wordPositions(args, specs).map((i) => args[i]!);
}

export type Found =
  | { readonly command: KubectlCommand; readonly rest: readonly string[] }
  | { readonly group: readonly string[]; readonly rest: readonly string[] };

export class Kubectl {
  private readonly commands: readonly KubectlCommand[];

  constructor(commands: readonly KubectlCommand[]) {
    this.commands = commands;
  }

  private byPath(path: readonly string[]): KubectlCommand | undefined {
    return this.commands.find(
      (c) =>
        c.path.length === path.length &&
        c.path.every((w, i) => i === path.length - 1 || w === path[i]) &&
        [c.path.at(-1), ...(c.aliases ?? [])].includes(path.at(-1)),
    );
  }

  /** Whether some command's words start with `path` (a group such as `set` or `create secret`). */
  private isGroup(path: readonly string[]): boolean {
    return this.commands.some(
      (c) => c.path.length > path.length && path.every((w, i) => c.path[i] === w),
    );
  }

  /**
   * Find: the command named by the leading words of `argv` (flags may stand
   * among them) and the rest of argv; a group without a command of its own
   * (`set`, `create secret`) when no subcommand word follows it.
   */
  find(argv: readonly string[]): Found | undefined {
    let path: string[] = [];
    let found: KubectlCommand | undefined;
    let rest = [...argv];
    for (;;) {
      const specs = [...(found?.flags ?? []), ...globalFlags];
      // argsMinusFirstX: the word is taken out where stripFlags found it
      const at = wordPositions(rest, specs)[0];
      if (at === undefined) break;
      const candidate = [...path, rest[at]!];
      const command = this.byPath(candidate);
      if (command === undefined && !this.isGroup(candidate)) break;
      path = command?.path.slice() ?? candidate;
      found = command;
      rest = [...rest.slice(0, at), ...rest.slice(at + 1)];
    }
    if (found !== undefined && found.path.length === path.length) return { command: found, rest };
    if (path.length > 0) return { group: path, rest };
    return undefined;
  }

  run(argv: readonly string[], host: KubectlHost): CommandResult {
    const args = argv[0] === "kubectl" ? argv.slice(1) : argv;
    const fail = (e: unknown): CommandResult => ({ stdout: "", stderr: checkErr(e), exitCode: 1 });
    const found = this.find(args);
    if (found === undefined) {
      const word = stripFlags(args, globalFlags)[0];
      if (word === undefined) return { stdout: this.help(), stderr: "", exitCode: 0 };
      if (kubectlCommandNames.includes(word))
        return fail(new KubectlError(`kubesim does not implement "kubectl ${word}"`));
      return fail(unknownCommandError(word));
    }
    if ("group" in found) return this.runGroup(found.group, found.rest);
    let ctx: CommandContext;
    try {
      ctx = new CommandContext(host, found.command, found.rest);
    } catch (e) {
      if (!isReportable(e)) throw e;
      return fail(e);
    }
    if (ctx.flags.bool("help")) {
      ctx.out.line(helpText(found.command));
      return ctx.out.result(0);
    }
    try {
      return ctx.out.result(found.command.run(ctx));
    } catch (e) {
      if (!isReportable(e)) throw e;
      ctx.out.error(checkErr(e));
      return ctx.out.result(1);
    }
  }

  /**
   * A group word alone (`kubectl set`) or with a word that names none of its
   * commands: cmdutil.DefaultSubCommandRun (help on stderr, exit 1) and
   * RequireNoArguments (`error: unknown command "x"`).
   */
  private runGroup(group: readonly string[], rest: readonly string[]): CommandResult {
    const name = group.join(" ");
    const words = stripFlags(rest, globalFlags);
    if (words.length > 0)
      return {
        stdout: "",
        stderr: checkErr(usageErrorf(name, `unknown command ${JSON.stringify(words.join(" "))}`)),
        exitCode: 1,
      };
    const subs = this.commands
      .filter((c) => c.path.length === group.length + 1 && group.every((w, i) => c.path[i] === w))
      .sort((a, b) => (a.path.at(-1)! < b.path.at(-1)! ? -1 : 1));
    const names = subs.map((c) => c.path.at(-1)!);
    return {
      stdout: "",
      stderr:
        `Available Commands:\n${commandList(subs, names)}\n` +
        `Usage:\n  kubectl ${name} SUBCOMMAND [options]\n\n` +
        `Use "kubectl ${name} <command> --help" for more information about a given command.\n` +
        `Use "kubectl options" for a list of global command-line options (applies to all commands).\n`,
      exitCode: 1,
    };
  }

  /** `kubectl` alone: the commands kubesim has, in kubectl's order. */
  private help(): string {
    const top = kubectlCommandNames.flatMap((n) =>
      this.commands.filter((c) => c.path.length === 1 && c.path[0] === n),
    );
    return (
      "kubectl controls the Kubernetes cluster manager (here, kubesim's simulated cluster).\n\n" +
      `Commands:\n${commandList(
        top,
        top.map((c) => c.path[0]!),
      )}\n` +
      "Usage:\n  kubectl [flags] [options]\n\n" +
      'Use "kubectl <command> --help" for more information about a given command.\n'
    );
  }

  /** The commands, for `kubectl --help` and shell completion. */
  list(): readonly KubectlCommand[] {
    return this.commands;
  }
}

/** cobra's command list: each name padded to the longest (at least 11), three spaces, the short line. */
function commandList(commands: readonly KubectlCommand[], names: readonly string[]): string {
  const pad = Math.max(11, ...names.map((n) => n.length));
  return commands.map((c, i) => `  ${names[i]!.padEnd(pad)}   ${c.short}\n`).join("");
}

function helpText(c: KubectlCommand): string {
  return c.usage === undefined ? c.short : `${c.short}\n\n${c.usage}`;
}
