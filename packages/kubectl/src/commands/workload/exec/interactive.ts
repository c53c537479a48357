/**
 * `kubectl exec -it POD -- bash` on kubesim's terminal: the session's prompt,
 * then for each line of the host's stdin its echo (the container's terminal
 * echoes what is typed) and the shell's answer, until the shell exits or the
 * input ends (Ctrl-D). The shell's exit status becomes kubectl's, as with a
 * non-interactive exec.
 */
import type { CommandContext } from "../../../cli/command.js";

/** The kubelet's interactive shell (kubelet ShellSession). */
export interface InteractiveSession {
  readonly prompt: string;
  feed(input: string): { output: string; prompt: string; exited: boolean; exitCode?: number };
  eof(): { output: string; prompt: string; exited: boolean; exitCode?: number };
}

export function runInteractive(
  ctx: CommandContext,
  session: InteractiveSession,
  stdin: string,
): number {
  ctx.out.write(session.prompt);
  const lines = stdin === "" ? [] : stdin.replace(/\n$/, "").split("\n");
  let result: ReturnType<InteractiveSession["feed"]> | undefined;
  for (const line of lines) {
    ctx.out.write(`${line}\n`);
    result = session.feed(line);
    ctx.out.write(result.output + result.prompt);
    if (result.exited) break;
  }
  if (result?.exited !== true) {
    result = session.eof();
    ctx.out.write(result.output + result.prompt);
  }
  const code = result.exitCode ?? 0;
  if (code === 0) return 0;
  ctx.out.error(`command terminated with exit code ${code}\n`);
  return code;
}
