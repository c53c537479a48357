/**
 * The terminal around the Shell: node:readline with the prompt (virtual
 * time), history (kept in ~/.kubesim_history between sessions), tab
 * completion, and output streamed as commands print it. Everything else is
 * the Shell's.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Style } from "../cli/color.js";
import { Shell, type ShellOptions } from "./shell.js";
import { openInteractiveExec, type InteractiveExec } from "./interactive-exec.js";

const HISTORY_SIZE = 1000;

function historyFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.KUBESIM_HISTORY !== undefined)
    return env.KUBESIM_HISTORY === "" ? undefined : env.KUBESIM_HISTORY;
  try {
    return join(homedir(), ".kubesim_history");
  } catch {
    return undefined;
  }
}

function readHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  try {
    // readline wants the newest first
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .slice(-HISTORY_SIZE)
      .reverse();
  } catch {
    return [];
  }
}

export interface ReplOptions {
  readonly shell: Omit<ShellOptions, "onOutput" | "style">;
  readonly style: Style;
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
  readonly errorOutput: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** A line to print first. */
  readonly banner?: string;
}

/** Runs the interactive shell until exit or end of input; resolves to the last exit code. */
export function runRepl(options: ReplOptions): Promise<number> {
  const { input, output, errorOutput, style } = options;
  const tty = input.isTTY === true;
  const shell = new Shell({
    ...options.shell,
    style,
    onOutput: (stream, text) =>
      (stream === "stderr" ? errorOutput : output).write(
        stream === "stderr" ? style.red(text) : text,
      ),
  });
  const file = tty ? historyFile(options.env) : undefined;
  const rl = createInterface({
    input,
    output,
    terminal: tty,
    historySize: HISTORY_SIZE,
    history: readHistory(file),
    removeHistoryDuplicates: true,
    completer: (line: string) => shell.complete(line),
  });
  if (options.banner !== undefined && tty) output.write(`${options.banner}\n`);
  let lastCode = 0;
  let closed = false;
  /** The container shell of a `kubectl exec -it ... -- sh` typed here, while it runs. */
  let attached: InteractiveExec | undefined;
  const prompt = () => {
    if (!tty) return;
    rl.setPrompt(attached === undefined ? shell.prompt() : attached.prompt);
    rl.prompt();
  };
  return new Promise((resolveDone) => {
    rl.on("line", (line) => {
      // Lines already read from a pipe still arrive after exit.
      if (closed) return;
      if (file !== undefined && line.trim() !== "") {
        try {
          appendFileSync(file, `${line}\n`);
        } catch {
          // no history file: nothing lost but history
        }
      }
      if (attached !== undefined) {
        const r = attached.feed(line);
        output.write(r.output);
        if (r.exited) attached = undefined;
        prompt();
        return;
      }
      attached = openInteractiveExec(shell.session.cluster, line, "default");
      if (attached !== undefined) {
        prompt();
        return;
      }
      const r = shell.exec(line);
      lastCode = r.exitCode;
      if (r.exit) {
        closed = true;
        rl.close();
        return;
      }
      prompt();
    });
    rl.on("SIGINT", () => {
      if (rl.line === "") output.write("\n(To leave, type exit or press Ctrl-D)\n");
      else output.write("^C\n");
      rl.write(null, { ctrl: true, name: "u" });
      prompt();
    });
    rl.on("close", () => {
      closed = true;
      if (tty) output.write("\n");
      resolveDone(lastCode);
    });
    prompt();
  });
}
