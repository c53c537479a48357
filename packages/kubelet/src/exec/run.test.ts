import { describe, expect, it } from "vitest";
import { runCommand } from "./run.js";
import { context, hosts, resolvConf } from "./testdata/context.js";

const run = (argv: string[], over: Parameters<typeof context>[0] = {}) =>
  runCommand(argv, context(over));
const ok = (stdout: string) => ({ stdout, stderr: "", exitCode: 0 });

describe("programs run directly", () => {
  it("env prints the environment in order", () => {
    expect(run(["env"])).toEqual(
      ok(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=web-1\n" +
          "GREETING=hello  world\nKUBERNETES_SERVICE_HOST=10.96.0.1\nHOME=/root\n",
      ),
    );
  });
  it("env NAME=value runs a program with the variable set", () => {
    expect(run(["env", "GREETING=hi", "X=1", "printenv", "GREETING", "X"])).toEqual(ok("hi\n1\n"));
  });
  it("env with a missing program says so (busybox and GNU wording)", () => {
    expect(run(["env", "nope"])).toEqual({
      stdout: "",
      stderr: "env: can't execute 'nope': No such file or directory\n",
      exitCode: 127,
    });
    expect(run(["env", "/etc"], { userland: "debian" })).toEqual({
      stdout: "",
      stderr: "env: '/etc': Permission denied\n",
      exitCode: 126,
    });
  });
  it("printenv prints values, exits 1 when one is missing", () => {
    expect(run(["printenv", "HOSTNAME"])).toEqual(ok("web-1\n"));
    expect(run(["printenv", "NOPE", "HOME"])).toEqual({
      stdout: "/root\n",
      stderr: "",
      exitCode: 1,
    });
    expect(run(["printenv"]).stdout).toContain("HOSTNAME=web-1\n");
  });
  it("hostname", () => {
    expect(run(["hostname"])).toEqual(ok("web-1\n"));
  });
  it("cat reads the kubelet's files and the caller's", () => {
    expect(run(["cat", "/etc/hostname"])).toEqual(ok("web-1\n"));
    expect(run(["cat", "/etc/resolv.conf"])).toEqual(ok(resolvConf));
    expect(run(["cat", "/etc/hosts"])).toEqual(ok(hosts));
    expect(run(["cat", "config.yaml"], { cwd: "/app" })).toEqual(ok("mode: prod\n"));
    expect(run(["cat", "/app/config.yaml", "/etc/hostname"])).toEqual(ok("mode: prod\nweb-1\n"));
  });
  it.each([
    [
      "busybox",
      "cat: can't open '/nope': No such file or directory\n",
      "cat: read error: Is a directory\n",
    ],
    ["debian", "cat: /nope: No such file or directory\n", "cat: /etc: Is a directory\n"],
  ] as const)("cat errors (%s)", (userland, missing, dir) => {
    expect(run(["cat", "/nope", "/etc/hostname"], { userland })).toEqual({
      stdout: "web-1\n",
      stderr: missing,
      exitCode: 1,
    });
    expect(run(["cat", "/etc"], { userland })).toEqual({ stdout: "", stderr: dir, exitCode: 1 });
  });
  it("ls lists a directory, one name per line, hidden files with -a/-A", () => {
    expect(run(["ls", "/app"])).toEqual(ok("config.yaml\nscripts\n"));
    expect(run(["ls", "-A", "/app"])).toEqual(ok(".secret\nconfig.yaml\nscripts\n"));
    expect(run(["ls", "-la", "/app"])).toEqual(ok(".\n..\n.secret\nconfig.yaml\nscripts\n"));
    expect(run(["ls"], { cwd: "/app/scripts" })).toEqual(ok("start.sh\n"));
    expect(run(["ls", "/"])).toEqual(
      ok("app\nbin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\nusr\nvar\n"),
    );
    expect(run(["ls", "/etc"])).toEqual(ok("hostname\nhosts\nresolv.conf\n"));
    expect(run(["ls", "/bin"]).stdout).toBe(
      "bash\ncat\necho\nenv\nfalse\nhostname\nls\nprintenv\npwd\nsh\ntrue\n",
    );
  });
  it("ls of a file prints its name; several operands get headers", () => {
    expect(run(["ls", "/etc/hosts"])).toEqual(ok("/etc/hosts\n"));
    expect(run(["ls", "/app/scripts", "/etc/hosts", "/app"])).toEqual(
      ok("/etc/hosts\n\n/app:\nconfig.yaml\nscripts\n\n/app/scripts:\nstart.sh\n"),
    );
  });
  it("ls on a terminal prints one row when it fits", () => {
    expect(runCommand(["ls", "/app"], { ...context(), tty: true }).stdout).toBe(
      "config.yaml  scripts\n",
    );
  });
  it.each([
    ["busybox", "ls: /nope: No such file or directory\n", 1],
    ["debian", "ls: cannot access '/nope': No such file or directory\n", 2],
  ] as const)("ls of a missing path (%s)", (userland, stderr, exitCode) => {
    expect(run(["ls", "/nope"], { userland })).toEqual({ stdout: "", stderr, exitCode });
  });
  it("echo, pwd, true, false", () => {
    expect(run(["echo", "a", "b  c"])).toEqual(ok("a b  c\n"));
    expect(run(["echo", "-n", "x"])).toEqual(ok("x"));
    expect(run(["echo", "-e", "a\\tb\\c", "ignored"])).toEqual(ok("a\tb"));
    expect(run(["echo"])).toEqual(ok("\n"));
    expect(run(["pwd"], { cwd: "/app" })).toEqual(ok("/app\n"));
    expect(run(["true"])).toEqual(ok(""));
    expect(run(["false"])).toEqual({ stdout: "", stderr: "", exitCode: 1 });
  });
  it("finds programs by absolute path in the bin directories", () => {
    expect(run(["/bin/hostname"])).toEqual(ok("web-1\n"));
    expect(run(["/usr/bin/env", "X=1", "printenv", "X"])).toEqual(ok("1\n"));
  });
});

describe("a program the image does not have", () => {
  const prefix =
    'Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "' +
    "e".repeat(64) +
    '": OCI runtime exec failed: exec failed: unable to start container process: ';
  it.each([
    [["curl", "-s", "x"], 'exec: "curl": executable file not found in $PATH: unknown'],
    [["exit"], 'exec: "exit": executable file not found in $PATH: unknown'],
    [["/bin/curl"], 'exec: "/bin/curl": stat /bin/curl: no such file or directory: unknown'],
    [["./run.sh"], 'exec: "./run.sh": stat /app/run.sh: no such file or directory: unknown'],
    [["/etc"], 'exec: "/etc": permission denied: unknown'],
    [["/etc/hosts"], 'exec: "/etc/hosts": permission denied: unknown'],
  ])("containerd fails the exec: %j", (argv, tail) => {
    expect(runCommand(argv, context({ cwd: "/app" }))).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 126,
      startError: prefix + tail,
    });
  });
  it("bash is missing from a busybox-only image", () => {
    const r = run(["bash"], { shells: ["sh"] });
    expect(r.startError).toContain('exec: "bash": executable file not found in $PATH: unknown');
  });
  it("derives a stable 64-hex exec ID when none is given", () => {
    const { execId: _omit, ...ctx } = context();
    const a = runCommand(["nope"], ctx).startError!;
    expect(a).toMatch(/failed to start exec "[0-9a-f]{64}"/);
    expect(runCommand(["nope"], ctx).startError).toBe(a);
  });
  it("docker prints runc's message and exits 126", () => {
    expect(run(["curl"], { runtime: "docker" })).toEqual({
      stdout: "",
      stderr:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\n',
      exitCode: 126,
    });
  });
});

describe("sh -c and bash -c", () => {
  it("expand $VAR and ${VAR}, split unquoted expansions, keep quoted ones", () => {
    expect(run(["sh", "-c", 'echo $HOSTNAME ${HOME}/x; echo $GREETING; echo "$GREETING"'])).toEqual(
      ok("web-1 /root/x\nhello world\nhello  world\n"),
    );
  });
  it("single quotes are literal, backslash escapes, empty quotes make an argument", () => {
    expect(run(["bash", "-c", "echo '$HOME' \\$HOME \"a\\\"b\" '' x"])).toEqual(
      ok('$HOME $HOME a"b  x\n'),
    );
  });
  it("runs ;, && and || with the right statuses", () => {
    expect(
      run(["sh", "-c", "false && echo no; false || echo yes; true && echo ok || echo bad"]),
    ).toEqual(ok("yes\nok\n"));
    expect(run(["sh", "-c", "echo $?; false; echo $?"])).toEqual(ok("0\n1\n"));
  });
  it("assigns variables, exports them to programs, and prefixes one command", () => {
    expect(
      run([
        "sh",
        "-c",
        "A=1; echo $A; printenv A; export A; printenv A; B=2 printenv B; echo ${B}.",
      ]),
    ).toEqual({ stdout: "1\n1\n2\n.\n", stderr: "", exitCode: 0 });
  });
  it("unset removes a variable", () => {
    expect(run(["sh", "-c", 'unset HOME; echo "[$HOME]"; printenv HOME'])).toEqual({
      stdout: "[]\n",
      stderr: "",
      exitCode: 1,
    });
  });
  it("passes $0 and positional parameters", () => {
    expect(run(["sh", "-c", 'echo $0 $1 $# "$@"', "me", "a", "b"])).toEqual(ok("me a 2 a b\n"));
    expect(run(["sh", "-c", "echo $0"])).toEqual(ok("sh\n"));
  });
  it("supports ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word}", () => {
    expect(
      run([
        "sh",
        "-c",
        'E=; echo ${PORT:-8080} ${E:-d} ${E-d} ${HOME:+h} ${E:+h}. ${E+h} "${NOPE-a b}"',
      ]),
    ).toEqual(ok("8080 d h . h a b\n"));
  });
  it("expands ~ at the start of a word", () => {
    expect(run(["sh", "-c", "echo ~ ~/x a~"])).toEqual(ok("/root /root/x a~\n"));
  });
  it("cd changes the directory for later commands", () => {
    expect(run(["sh", "-c", "cd /app; pwd; ls; cd; pwd"])).toEqual(
      ok("/app\nconfig.yaml\nscripts\n/root\n"),
    );
  });
  it("exit ends the shell with its code", () => {
    expect(run(["sh", "-c", "echo a; exit 3; echo b"])).toEqual({
      stdout: "a\n",
      stderr: "",
      exitCode: 3,
    });
    expect(run(["sh", "-c", "false; exit"])).toEqual({ stdout: "", stderr: "", exitCode: 1 });
    expect(run(["sh", "-c", "exit 257"]).exitCode).toBe(1);
  });
  it("comments and newlines", () => {
    expect(run(["sh", "-c", "echo a # not this\n\necho b"])).toEqual(ok("a\nb\n"));
  });
  it("accepts -e/-x/-l flags and -- before -c's operand", () => {
    expect(run(["bash", "-lc", "echo hi"])).toEqual(ok("hi\n"));
    expect(run(["sh", "-e", "-c", "echo hi"])).toEqual(ok("hi\n"));
  });
  it("runs nested shells", () => {
    expect(run(["sh", "-c", "bash -c 'echo $HOSTNAME; exit 4'; echo $?"])).toEqual(
      ok("web-1\n4\n"),
    );
  });
  it("runs a script file with arguments", () => {
    expect(run(["sh", "/app/scripts/start.sh", "now"])).toEqual({
      stdout: "starting now\n",
      stderr: "/app/scripts/start.sh: foo: not found\n",
      exitCode: 127,
    });
  });
  it("stops a script that runs itself instead of overflowing the stack", () => {
    const r = run(["sh", "/loop.sh"], { files: { "/loop.sh": "sh /loop.sh\n" } });
    expect(r.stderr).toBe("sh: fork: Resource temporarily unavailable\n");
    expect(r.exitCode).toBe(254);
  });
  it("an sh with no command reads an empty stdin and exits 0", () => {
    expect(run(["sh"])).toEqual(ok(""));
  });
});

describe("shell messages", () => {
  const err = (stderr: string, exitCode: number, stdout = "") => ({ stdout, stderr, exitCode });
  it.each([
    // [userland, argv, expected]
    ["busybox", ["sh", "-c", "curl x"], err("sh: curl: not found\n", 127)],
    ["busybox", ["/bin/sh", "-c", "curl"], err("/bin/sh: curl: not found\n", 127)],
    ["debian", ["sh", "-c", "echo; curl"], err("sh: 1: curl: not found\n", 127, "\n")],
    ["debian", ["sh", "-c", "echo\ncurl"], err("sh: 2: curl: not found\n", 127, "\n")],
    ["busybox", ["bash", "-c", "curl"], err("bash: curl: command not found\n", 127)],
    [
      "busybox",
      ["/bin/bash", "-c", "curl"],
      err("/bin/bash: line 1: curl: command not found\n", 127),
    ],
    ["busybox", ["bash", "-c", "curl", "me"], err("me: line 1: curl: command not found\n", 127)],
    ["busybox", ["bash", "-c", "/opt/x"], err("bash: /opt/x: No such file or directory\n", 127)],
    ["busybox", ["bash", "-c", "/etc"], err("bash: /etc: Is a directory\n", 126)],
    ["busybox", ["sh", "-c", "/etc"], err("sh: /etc: Permission denied\n", 126)],
    ["debian", ["sh", "-c", "/etc"], err("sh: 1: /etc: Permission denied\n", 126)],
    ["busybox", ["bash", "-c", "cd /nope"], err("bash: cd: /nope: No such file or directory\n", 1)],
    ["busybox", ["bash", "-c", "cd /etc/hosts"], err("bash: cd: /etc/hosts: Not a directory\n", 1)],
    ["debian", ["sh", "-c", "cd /nope"], err("sh: 1: cd: can't cd to /nope\n", 2)],
    [
      "busybox",
      ["sh", "-c", "cd /nope"],
      err("sh: cd: can't cd to /nope: No such file or directory\n", 2),
    ],
    ["busybox", ["bash", "-c", "exit abc"], err("bash: exit: abc: numeric argument required\n", 2)],
    ["debian", ["sh", "-c", "exit abc"], err("sh: 1: exit: Illegal number: abc\n", 2)],
    ["busybox", ["sh", "-c", "exit abc"], err("sh: exit: Illegal number: abc\n", 2)],
    [
      "busybox",
      ["bash", "-c", "export 1x=2"],
      err("bash: export: `1x=2': not a valid identifier\n", 1),
    ],
    ["debian", ["sh", "-c", "export 1x"], err("sh: 1: export: 1x: bad variable name\n", 2)],
    [
      "busybox",
      ["bash", "-c", "echo 'abc"],
      err("bash: -c: line 1: unexpected EOF while looking for matching `''\n", 2),
    ],
    [
      "busybox",
      ["sh", "-c", 'echo "abc'],
      err("sh: syntax error: unterminated quoted string\n", 2),
    ],
    [
      "debian",
      ["sh", "-c", "echo 'abc"],
      err("sh: 1: Syntax error: Unterminated quoted string\n", 2),
    ],
    [
      "busybox",
      ["bash", "-c", "echo a;; b"],
      err(
        "bash: -c: line 1: syntax error near unexpected token `;;'\nbash: -c: line 1: `echo a;; b'\n",
        2,
      ),
    ],
    ["debian", ["sh", "-c", "echo a;; b"], err('sh: 1: Syntax error: ";;" unexpected\n', 2)],
    ["busybox", ["sh", "-c", "; echo"], err('sh: syntax error: unexpected ";"\n', 2)],
    [
      "busybox",
      ["bash", "-c", "echo a &&"],
      err("bash: -c: line 2: syntax error: unexpected end of file\n", 2),
    ],
    ["debian", ["sh", "-c", "echo a ||"], err("sh: 1: Syntax error: end of file unexpected\n", 2)],
    [
      "busybox",
      ["bash", "-c", "echo ${A"],
      err("bash: -c: line 1: unexpected EOF while looking for matching `}'\n", 2),
    ],
    ["busybox", ["bash", "-c", "echo ${A;}"], err("bash: ${A;}: bad substitution\n", 1)],
    ["busybox", ["sh", "-c", "echo ${A;}"], err("sh: syntax error: bad substitution\n", 2)],
    ["debian", ["sh", "-c", "echo ${A;}"], err("sh: 1: Bad substitution\n", 2)],
    ["busybox", ["bash", "nope.sh"], err("bash: nope.sh: No such file or directory\n", 127)],
    ["debian", ["sh", "nope.sh"], err("sh: 0: cannot open nope.sh: No such file\n", 2)],
    ["busybox", ["sh", "nope.sh"], err("sh: can't open 'nope.sh': No such file or directory\n", 2)],
  ] as const)("%s %j", (userland, argv, expected) => {
    expect(run([...argv], { userland })).toEqual(expected);
  });

  it.each([
    "env | grep X",
    "echo a > f",
    "sleep 1 &",
    "(echo)",
    "echo $(hostname)",
    "echo `hostname`",
  ])("says plainly that %j is beyond kubesim's shell", (line) => {
    const r = run(["sh", "-c", line]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^sh: .+: not supported by kubesim's shell \(no pipes, redirections/);
  });
});
