import { describe, expect, it } from "vitest";
import { ShellSession } from "./session.js";
import { context } from "./testdata/context.js";
import type { ExecContext } from "./types.js";

function open(shell: string, over: Partial<ExecContext> = {}): ShellSession {
  const s = ShellSession.open(shell, context(over));
  if (!(s instanceof ShellSession)) throw new Error(JSON.stringify(s));
  return s;
}

describe("ShellSession", () => {
  it("busybox sh: prompt follows the directory, output and errors share the terminal", () => {
    const s = open("sh");
    expect(s.prompt).toBe("/ # ");
    expect(s.feed("echo $HOSTNAME")).toEqual({ output: "web-1\n", prompt: "/ # ", exited: false });
    expect(s.feed("cat /nope; cd /app")).toEqual({
      output: "cat: can't open '/nope': No such file or directory\n",
      prompt: "/app # ",
      exited: false,
    });
    expect(s.feed("cd").prompt).toBe("~ # ");
    expect(s.feed("wget x")).toEqual({
      output: "sh: wget: not found\n",
      prompt: "~ # ",
      exited: false,
    });
    expect(s.feed("exit 3")).toEqual({ output: "", prompt: "", exited: true, exitCode: 3 });
    expect(s.exited).toBe(true);
    expect(s.exitCode).toBe(3);
  });

  it("bash: debian prompt, `command not found`, and `exit` is echoed", () => {
    const s = open("bash");
    expect(s.prompt).toBe("root@web-1:/# ");
    expect(s.feed("foo").output).toBe("bash: foo: command not found\n");
    expect(s.feed("cd /app/scripts").prompt).toBe("root@web-1:/app/scripts# ");
    expect(s.feed("cd ~").prompt).toBe("root@web-1:~# ");
    expect(s.feed("echo 'unterminated")).toMatchObject({
      output: "bash: unexpected EOF while looking for matching `''\n",
    });
    expect(s.feed("false")).toMatchObject({ output: "", exited: false });
    expect(s.feed("exit")).toEqual({ output: "exit\n", prompt: "", exited: true, exitCode: 1 });
  });

  it("dash numbers its messages by input line", () => {
    const s = open("sh", { userland: "debian" });
    expect(s.prompt).toBe("# ");
    expect(s.feed("true").output).toBe("");
    expect(s.feed("nope").output).toBe("sh: 2: nope: not found\n");
    expect(s.feed("echo a\nnope").output).toBe("a\nsh: 4: nope: not found\n");
  });

  it("keeps variables between lines", () => {
    const s = open("sh");
    s.feed("export COLOR=blue");
    expect(s.feed("printenv COLOR").output).toBe("blue\n");
    expect(s.feed("env").output).toContain("COLOR=blue\n");
  });

  it("end of input exits with the last status; bash prints exit", () => {
    const sh = open("sh");
    sh.feed("false");
    expect(sh.eof()).toEqual({ output: "", prompt: "", exited: true, exitCode: 1 });
    const bash = open("/bin/bash");
    expect(bash.eof()).toEqual({ output: "exit\n", prompt: "", exited: true, exitCode: 0 });
    expect(bash.feed("echo late")).toEqual({ output: "", prompt: "", exited: true, exitCode: 0 });
  });

  it("stops at exit within a line", () => {
    const s = open("sh");
    expect(s.feed("echo a; exit; echo b\necho c")).toEqual({
      output: "a\n",
      prompt: "",
      exited: true,
      exitCode: 0,
    });
  });

  it("fails to open a shell the image lacks, as the runtime reports it", () => {
    const r = ShellSession.open("bash", context({ shells: ["sh"] }));
    expect(r).not.toBeInstanceOf(ShellSession);
    expect((r as { startError: string }).startError).toContain(
      'exec: "bash": executable file not found in $PATH: unknown',
    );
  });

  it("a non-shell program asked for interactively just runs", () => {
    expect(ShellSession.open("hostname", context())).toEqual({
      stdout: "web-1\n",
      stderr: "",
      exitCode: 0,
    });
  });
});
