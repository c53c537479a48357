/**
 * One exec or attach session, whatever carries it (WebSocket here, SPDY
 * elsewhere): a command in a container with stdin in, stdout and stderr
 * out, terminal resizes in, and how it ended out. The kubelet runs it
 * (pkg/kubelet/cri/streaming/remotecommand ServeExec / ServeAttach over the
 * runtime's exec); kubesim's kubelet has two ways to run a program:
 *
 * - a lone shell (`sh`, `bash -il`) with stdin or a terminal becomes the
 *   kubelet's interactive ShellSession, fed line by line as stdin arrives.
 *   With a terminal the session shows prompts and the pty's echo (see
 *   terminal.ts); without one it reads lines silently, as `sh` reading a
 *   pipe does. End of stdin (v5's close signal, or Ctrl-D on a terminal)
 *   ends the shell with its last status.
 * - anything else runs to completion at once (`env`, `sh -c 'exit 3'`);
 *   its stdin, if any, is not read.
 *
 * Attach follows the container's output from now until it stops (stdin is
 * not read: kubesim's apps do not read theirs).
 *
 *   const s = ExecSession.start(ctx, { target, kind: "exec", command: ["sh"], stdin: true, tty: true }, io);
 *   s.write("echo hi\r");   // io.stdout gets the echo, "hi\r\n" and the next prompt
 *   s.closeStdin();         // io.exit({ kind: "success" })
 *
 * Every call into the cluster runs on the sim loop through ctx.run.
 */
import { PodNotRunningError } from "kubesim";
import { StringDecoder } from "node:string_decoder";
import { containerLog } from "./container-log.js";
import { DEFAULT_FOLLOW_POLL_MS, type StreamContext } from "./context.js";
import { exitOutcome, type ExecOutcome } from "./exec-status.js";
import { LogFollower } from "./log-follow.js";
import { kubeletOf, kubeletRefusal, type PodTarget } from "./pod-target.js";
import { LineDiscipline, onlcr } from "./terminal.js";

export interface ExecRequest {
  readonly target: PodTarget;
  readonly kind: "exec" | "attach";
  /** exec's argv. */
  readonly command: readonly string[];
  readonly stdin: boolean;
  readonly tty: boolean;
}

export interface ExecIO {
  stdout(text: string): void;
  /** Not called with a terminal: its output is all on stdout. */
  stderr(text: string): void;
  /** Called once, when the session is over. */
  exit(outcome: ExecOutcome): void;
}

/** remotecommand.TerminalSize, as the resize stream carries it. */
export interface TerminalSize {
  readonly Width: number;
  readonly Height: number;
}

/** Pulls whole `{"Width":…,"Height":…}` objects out of the resize stream, however it is split. */
export class ResizeReader {
  private buf = "";
  read(data: Buffer): TerminalSize[] {
    this.buf += data.toString("utf8");
    const out: TerminalSize[] = [];
    let m;
    const re = /\{[^{}]*\}/g;
    let end = 0;
    while ((m = re.exec(this.buf)) !== null) {
      end = re.lastIndex;
      try {
        const v = JSON.parse(m[0]) as Partial<TerminalSize>;
        out.push({ Width: Number(v.Width ?? 0), Height: Number(v.Height ?? 0) });
      } catch {
        // not a size: skipped, as json.Decoder would stop; the session goes on
      }
    }
    this.buf = this.buf.slice(end);
    if (this.buf.length > 4096) this.buf = "";
    return out;
  }
}

/** The kubelet's interactive shell (ShellSession). */
interface Shell {
  readonly prompt: string;
  feed(input: string): { output: string; exited: boolean; exitCode?: number };
  eof(): { output: string; exited: boolean; exitCode?: number };
}

const SHELLS = new Set(["sh", "bash", "ash", "dash"]);

/** `sh`, `/bin/bash`, `bash -il`: a shell with no script to run. */
export function isLoneShell(command: readonly string[]): boolean {
  const [program, ...args] = command;
  if (program === undefined || !SHELLS.has(program.split("/").pop() ?? "")) return false;
  return args.every((a) => /^-[il]+$/.test(a) || a === "--login");
}

export class ExecSession {
  private finished = false;
  private shell: Shell | undefined;
  private pending = "";
  private readonly decoder = new StringDecoder("utf8");
  private readonly pty: LineDiscipline | undefined;
  private cancelPoll: (() => void) | undefined;
  /** The latest terminal size the client reported. */
  size: TerminalSize | undefined;

  private constructor(
    private readonly ctx: StreamContext,
    private readonly request: ExecRequest,
    private readonly io: ExecIO,
  ) {
    this.pty = request.tty ? new LineDiscipline() : undefined;
  }

  /** Starts the command; `io.exit` may be called before this returns. */
  static start(ctx: StreamContext, request: ExecRequest, io: ExecIO): ExecSession {
    const s = new ExecSession(ctx, request, io);
    if (request.kind === "attach") s.attach();
    else s.exec();
    return s;
  }

  get done(): boolean {
    return this.finished;
  }

  private out(text: string): void {
    if (text === "" || this.finished) return;
    this.io.stdout(this.pty === undefined ? text : onlcr(text));
  }

  private finish(outcome: ExecOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.cancelPoll?.();
    this.cancelPoll = undefined;
    this.io.exit(outcome);
  }

  /** The kubelet's refusal (`unable to upgrade connection: container not found ("api")`) as an InternalError. */
  private fail(e: unknown): void {
    const message =
      e instanceof PodNotRunningError
        ? "unable to upgrade connection: pod does not exist"
        : e instanceof Error
          ? e.message
          : String(e);
    this.finish({ kind: "error", message });
  }

  private exec(): void {
    const { target, command, stdin, tty } = this.request;
    if (command.length === 0) {
      this.finish({
        kind: "error",
        message: "error executing command in container: cmd cannot be empty",
      });
      return;
    }
    let result;
    try {
      result = this.ctx.run(() => {
        const kubelet = kubeletOf(this.ctx.cluster, target.node);
        if ((stdin || tty) && isLoneShell(command))
          return kubelet.shell(target.namespace, target.name, target.container, command[0]);
        return kubelet.exec(target.namespace, target.name, target.container, command, tty);
      });
    } catch (e) {
      this.fail(e);
      return;
    }
    if ("feed" in result) {
      this.shell = result;
      if (tty) this.out(result.prompt);
      if (!stdin) this.closeStdin();
      return;
    }
    if (result.startError !== undefined) {
      this.finish({ kind: "error", message: result.startError });
      return;
    }
    this.out(result.stdout);
    if (result.stderr !== "") {
      if (tty) this.out(result.stderr);
      else this.io.stderr(result.stderr);
    }
    this.finish(exitOutcome(result.exitCode, command));
  }

  private attach(): void {
    const { target } = this.request;
    let follower: LogFollower;
    try {
      follower = this.ctx.run(() => {
        const refused = kubeletRefusal(this.ctx.cluster, target);
        if (refused !== undefined)
          throw new Error(`unable to upgrade connection: ${refused.message}`);
        const f = new LogFollower(containerLog(this.ctx.cluster, this.ctx.client, target), {
          tailLines: 0,
        });
        f.start();
        return f;
      });
    } catch (e) {
      this.fail(e);
      return;
    }
    const every = this.ctx.followPollMs ?? DEFAULT_FOLLOW_POLL_MS;
    const poll = () => {
      this.cancelPoll = undefined;
      if (this.finished) return;
      const text = this.ctx.run(() => follower.poll());
      this.out(text);
      if (follower.ended) this.finish({ kind: "success" });
      else this.cancelPoll = this.ctx.setWallTimer(every, poll);
    };
    this.cancelPoll = this.ctx.setWallTimer(every, poll);
  }

  /** Bytes the client typed or piped (stdin). */
  write(data: Buffer | string): void {
    if (this.finished || this.shell === undefined || !this.request.stdin) return;
    const text = typeof data === "string" ? data : this.decoder.write(data);
    if (this.pty !== undefined) {
      const typed = this.pty.input(text);
      this.out(typed.echo);
      for (const line of typed.lines) if (!this.feed(line)) return;
      if (typed.interrupt) this.out(this.shell.prompt);
      if (typed.eof) this.closeStdin();
      return;
    }
    this.pending += text;
    let i;
    while ((i = this.pending.indexOf("\n")) >= 0) {
      const line = this.pending.slice(0, i);
      this.pending = this.pending.slice(i + 1);
      if (!this.feed(line)) return;
    }
  }

  /** Runs one line in the shell; false once the shell has exited. */
  private feed(line: string): boolean {
    const shell = this.shell!;
    const r = this.ctx.run(() => shell.feed(line));
    this.out(r.output);
    if (r.exited) {
      this.finish(exitOutcome(r.exitCode ?? 0, this.request.command));
      return false;
    }
    if (this.pty !== undefined) this.out(shell.prompt);
    return true;
  }

  /** End of stdin: the shell reads what is left, then ends. */
  closeStdin(): void {
    if (this.finished || this.shell === undefined) return;
    const rest = this.pending + this.decoder.end();
    this.pending = "";
    if (rest !== "" && this.pty === undefined && !this.feed(rest)) return;
    const shell = this.shell;
    const r = this.ctx.run(() => shell.eof());
    this.out(r.output);
    this.finish(exitOutcome(r.exitCode ?? 0, this.request.command));
  }

  resize(size: TerminalSize): void {
    this.size = size;
  }

  /** The client went away: stop, reporting nothing. */
  close(): void {
    this.finished = true;
    this.cancelPoll?.();
    this.cancelPoll = undefined;
  }
}
