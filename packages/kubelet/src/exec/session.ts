/**
 * An interactive shell, as `kubectl exec -it <pod> -- sh` (or bash) gives: feed it lines, get
 * what the terminal shows (stdout and stderr together) and the next prompt; `exit` (or end of
 * input) ends it with an exit code. The terminal's own work is the caller's: echoing what is
 * typed and turning "\n" into "\r\n" in raw mode.
 *
 * Prompts as the images print them for root: BusyBox ash `/ # ` (`~ # ` at $HOME), dash `# `,
 * bash (debian's bash.bashrc) `root@<hostname>:/# `.
 */
import { Streams, containerSystem, dialectOf, runCommand } from "./run.js";
import { Shell, lookupProgram } from "./shell.js";
import type { ExecContext, ExecResult, ShellName } from "./types.js";

export interface SessionOutput {
  /** What the terminal shows for the line(s) fed, without the echo of the input. */
  readonly output: string;
  /** The next prompt; "" once the session has ended. */
  readonly prompt: string;
  readonly exited: boolean;
  /** The shell's exit code once it has ended. */
  readonly exitCode?: number;
}

export class ShellSession {
  private readonly shell: Shell;

  /**
   * Starts `shell` (a name or path such as "sh", "/bin/bash") in the container. When the image
   * has no such program, the exec fails as `runCommand` reports it (`startError`, or exit code
   * 126 under docker), and that result is returned instead of a session.
   */
  static open(shell: string, ctx: ExecContext): ShellSession | ExecResult {
    const system = containerSystem(ctx, true);
    const found = lookupProgram(shell, ctx.cwd ?? "/", system);
    if ("program" in found && (found.program === "sh" || found.program === "bash")) {
      return new ShellSession(shell, found.program, ctx);
    }
    return runCommand([shell], { ...ctx, tty: true });
  }

  private constructor(
    name: string,
    program: ShellName,
    private readonly ctx: ExecContext,
  ) {
    this.shell = new Shell({
      name,
      dialect: dialectOf(program, ctx),
      env: ctx.env,
      cwd: ctx.cwd ?? "/",
      system: containerSystem(ctx, true),
      interactive: true,
    });
  }

  get exited(): boolean {
    return this.shell.exited !== undefined;
  }

  get exitCode(): number | undefined {
    return this.shell.exited;
  }

  /** The prompt the shell shows now. */
  get prompt(): string {
    if (this.exited) return "";
    const cwd = this.shell.cwd;
    const home = this.shell.environment().find((e) => e.name === "HOME")?.value ?? "/root";
    const w = cwd === home ? "~" : cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
    switch (this.shell.dialect) {
      case "ash":
        return `${w} # `;
      case "dash":
        return "# ";
      case "bash":
        return `root@${this.ctx.hostname.split(".")[0]}:${w}# `;
    }
  }

  /** Runs typed input (one line, or several separated by "\n"). */
  feed(input: string): SessionOutput {
    const o = new Streams(true);
    for (const line of input.replace(/\n$/, "").split("\n")) {
      if (this.exited) break;
      this.shell.run(line, o);
    }
    return this.result(o.stdout);
  }

  /** End of input (Ctrl-D): the shell exits with the last command's status (bash says "exit"). */
  eof(): SessionOutput {
    if (this.exited) return this.result("");
    const text = this.shell.dialect === "bash" ? "exit\n" : "";
    this.shell.exited = this.shell.status;
    return this.result(text);
  }

  private result(output: string): SessionOutput {
    const exitCode = this.shell.exited;
    return exitCode === undefined
      ? { output, prompt: this.prompt, exited: false }
      : { output, prompt: "", exited: true, exitCode };
  }
}
