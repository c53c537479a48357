/**
 * The entry points: `kubectl(argv | "get pods -o wide", host)` runs one
 * command line with every command kubesim has.
 */
import { Kubectl } from "./cli/kubectl.js";
import type { CommandResult, KubectlHost } from "./cli/types.js";
import { allCommands } from "./commands/index.js";

let shared: Kubectl | undefined;

/** Splits a command line as a POSIX shell would for simple input: quotes, backslashes, spaces. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!))
        cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === " " || c === "\t" || c === "\n") {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated ${quote} quote`);
  if (inWord) out.push(cur);
  return out;
}

/** Runs one kubectl command line (argv, or a string split as a shell would) against the host's cluster. */
export function kubectl(command: readonly string[] | string, host: KubectlHost): CommandResult {
  shared ??= new Kubectl(allCommands);
  let argv: readonly string[];
  try {
    argv = typeof command === "string" ? splitCommandLine(command) : command;
  } catch (e) {
    return { stdout: "", stderr: `error: ${(e as Error).message}\n`, exitCode: 1 };
  }
  return shared.run(argv, host);
}
