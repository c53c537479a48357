/**
 * `kubectl ARGS...` against a simulated cluster: finds the command by its
 * words, parses its flags, runs it, and prints failures with kubectl's
 * wording. Never throws for bad input: every failure is an exit code and
 * stderr text.
 */
import { CommandContext, type KubectlCommand } from "./command.js";
import { formatError, KubectlError } from "./errors.js";
import type { CommandResult, KubectlHost } from "./types.js";

export class Kubectl {
  private readonly commands: readonly KubectlCommand[];

  constructor(commands: readonly KubectlCommand[]) {
    this.commands = [...commands].sort((a, b) => b.path.length - a.path.length);
  }

  /** The command named by the leading words of `argv`, and the rest of argv. */
  find(argv: readonly string[]): { command: KubectlCommand; rest: readonly string[] } | undefined {
    const words = argv.filter((a) => !a.startsWith("-"));
    for (const c of this.commands) {
      const names = [c.path, ...(c.aliases ?? []).map((a) => [...c.path.slice(0, -1), a])];
      for (const path of names) {
        if (path.every((w, i) => words[i] === w)) {
          // Remove the command words from argv, keeping flags where they were.
          const rest: string[] = [];
          let k = 0;
          for (const a of argv) {
            if (k < path.length && a === path[k]) k++;
            else rest.push(a);
          }
          return { command: c, rest };
        }
      }
    }
    return undefined;
  }

  run(argv: readonly string[], host: KubectlHost): CommandResult {
    const args = argv[0] === "kubectl" ? argv.slice(1) : argv;
    const found = this.find(args);
    if (found === undefined) {
      const word = args.find((a) => !a.startsWith("-"));
      const err =
        word === undefined
          ? new KubectlError(
              "You must specify the type of command. Run 'kubectl --help' for usage.",
            )
          : unknownCommand(word);
      return { stdout: "", stderr: formatError(err), exitCode: 1 };
    }
    let ctx: CommandContext;
    try {
      ctx = new CommandContext(host, found.command, found.rest);
    } catch (e) {
      return { stdout: "", stderr: formatError(e), exitCode: 1 };
    }
    if (ctx.flags.bool("help")) {
      ctx.out.line(helpText(found.command));
      return ctx.out.result(0);
    }
    try {
      return ctx.out.result(found.command.run(ctx));
    } catch (e) {
      ctx.out.error(formatError(e));
      return ctx.out.result(1);
    }
  }

  /** The top-level commands, for `kubectl --help` and shell completion. */
  list(): readonly KubectlCommand[] {
    return this.commands;
  }
}

function unknownCommand(word: string): KubectlError {
  return new KubectlError(
    `unknown command "${word}" for "kubectl"\nRun 'kubectl --help' for usage.`,
  );
}

function helpText(c: KubectlCommand): string {
  return c.usage === undefined ? c.short : `${c.short}\n\n${c.usage}`;
}
