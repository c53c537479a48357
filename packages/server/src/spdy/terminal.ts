/**
 * `kubectl exec -it POD -- sh`: the container's terminal between the
 * client's raw keystrokes and kubesim's line-by-line shell session. The
 * terminal (a pty in a real container) echoes what is typed, ends a line on
 * Enter (CR), erases on Backspace, ends input on Ctrl-D at the start of a
 * line, drops the line on Ctrl-C, and turns the shell's "\n" into "\r\n".
 */
import type { RemoteStreams } from "./remotecommand.js";
import type { ShellLike } from "./exec-adapter.js";

const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");

export function runTerminal(
  session: ShellLike,
  streams: RemoteStreams,
  done: (exitCode: number) => void,
): void {
  const out = streams.stdout;
  const write = (s: string) => out?.write(crlf(s));
  let line = "";
  let ended = false;
  let lastCR = false;
  const end = (exitCode: number | undefined) => {
    if (ended) return;
    ended = true;
    done(exitCode ?? 0);
  };
  write(session.prompt);
  const stdin = streams.stdin;
  if (stdin === undefined) return;
  if (streams.resize !== undefined) streams.resize.onData = () => undefined;
  stdin.onData = (bytes) => {
    for (const ch of bytes.toString("utf8")) {
      if (ended) return;
      if (ch === "\n" && lastCR) {
        lastCR = false;
        continue;
      }
      lastCR = ch === "\r";
      if (ch === "\r" || ch === "\n") {
        out?.write("\r\n");
        const r = session.feed(line);
        line = "";
        write(r.output + r.prompt);
        if (r.exited) end(r.exitCode);
      } else if (ch === "\u0004") {
        if (line !== "") continue;
        const r = session.eof();
        write(r.output + r.prompt);
        end(r.exitCode);
      } else if (ch === "\u0003") {
        line = "";
        out?.write("^C\r\n");
        write(session.prompt);
      } else if (ch === "\u007f" || ch === "\b") {
        if (line === "") continue;
        line = line.slice(0, -1);
        out?.write("\b \b");
      } else {
        line += ch;
        out?.write(ch);
      }
    }
  };
  stdin.onEnd = () => {
    if (ended) return;
    const r = session.eof();
    write(r.output + r.prompt);
    end(r.exitCode);
  };
}
