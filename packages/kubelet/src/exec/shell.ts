/**
 * A small shell for the fake container: runs what shell-lexer.ts parses, with parameter
 * expansion ($VAR, ${VAR}, $?, $0..$9, $#, ~), field splitting of unquoted expansions, variable
 * assignments (`A=1`, `A=1 cmd`), the builtins cd, echo, exec, exit, export, pwd, true, false,
 * unset and `:`, and the programs of coreutils.ts.
 *
 * Messages are those of the shell the image has, in its three dialects: BusyBox ash (`sh` on
 * busybox/alpine), dash (`sh` on debian) and GNU bash:
 *   ash   sh: foo: not found
 *   dash  sh: 1: foo: not found
 *   bash  bash: foo: command not found   (`<$0>: line N: ...` when $0 is not plain "bash")
 */
import type { NotStarted, Output } from "./coreutils.js";
import { coreutils } from "./coreutils.js";
import type { FileSystem } from "./filesystem.js";
import { resolvePath } from "./filesystem.js";
import type { ParseError, Segment, SimpleCommand, Word } from "./shell-lexer.js";
import { parseShell } from "./shell-lexer.js";
import type { ExecEnvVar, ShellName, Userland } from "./types.js";

export type Dialect = "ash" | "dash" | "bash";

/** What the shell can reach of the container. */
export interface ShellSystem {
  readonly fs: FileSystem;
  readonly hostname: string;
  readonly userland: Userland;
  readonly shells: readonly ShellName[];
  /** Programs the caller adds to the image's (ExecContext.programs). */
  readonly extra?: ReadonlySet<string>;
  readonly tty: boolean;
  /** Starts the program argv[0] names; its exit code, or why it could not start. */
  readonly start: (
    argv: readonly string[],
    env: readonly ExecEnvVar[],
    cwd: string,
    o: Output,
  ) => number | NotStarted;
}

/** Directories where a program name may be found as a path. */
const binDirs = ["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin"];

/** The program a command name runs: a coreutil, a shell, or nothing. */
export function lookupProgram(
  name: string,
  cwd: string,
  system: Pick<ShellSystem, "fs" | "shells" | "extra">,
): { readonly program: string } | NotStarted {
  const known = (n: string): boolean =>
    coreutils.has(n) ||
    (system.shells as readonly string[]).includes(n) ||
    system.extra?.has(n) === true;
  if (!name.includes("/")) return known(name) ? { program: name } : { missing: true };
  const path = resolvePath(name, cwd);
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash) || "/";
  const base = path.slice(slash + 1);
  if (binDirs.includes(dir) && known(base)) return { program: base };
  const kind = system.fs.stat(path);
  return kind === undefined ? { missing: true } : { notExecutable: kind };
}

interface Variable {
  value: string;
  exported: boolean;
}

export interface ShellOptions {
  /** The name the shell was started by ($0 and the start of its messages), e.g. "sh", "/bin/bash". */
  readonly name: string;
  readonly dialect: Dialect;
  readonly env: readonly ExecEnvVar[];
  readonly cwd: string;
  readonly system: ShellSystem;
  readonly interactive: boolean;
  /** Positional parameters $1, $2, ... */
  readonly args?: readonly string[];
}

class ExitShell {
  constructor(readonly code: number) {}
}

export class Shell {
  readonly dialect: Dialect;
  name: string;
  cwd: string;
  /** $? */
  status = 0;
  /** Set once `exit` (or `exec`) ended the shell. */
  exited: number | undefined;
  private readonly vars = new Map<string, Variable>();
  private readonly args: readonly string[];
  private readonly system: ShellSystem;
  private readonly interactive: boolean;
  /** Lines read so far (dash numbers its messages by it in interactive mode). */
  private linesRead = 0;

  constructor(options: ShellOptions) {
    this.dialect = options.dialect;
    this.name = options.name;
    this.cwd = options.cwd;
    this.system = options.system;
    this.interactive = options.interactive;
    this.args = options.args ?? [];
    for (const e of options.env) this.vars.set(e.name, { value: e.value, exported: true });
  }

  /** The environment a program started now gets: the exported variables, in order. */
  environment(): ExecEnvVar[] {
    return [...this.vars]
      .filter(([, v]) => v.exported)
      .map(([name, v]) => ({ name, value: v.value }));
  }

  /**
   * Runs `input` (a `-c` string, a script, or one interactive line); output goes to `o`.
   * Returns the status of the last command; sets `exited` when `exit` ran.
   */
  run(input: string, o: Output): number {
    if (this.exited !== undefined) return this.exited;
    const firstLine = this.linesRead + 1;
    this.linesRead += Math.max(1, input.split("\n").length);
    const parsed = parseShell(input);
    if ("error" in parsed) {
      this.status = this.reportParseError(parsed, input, firstLine, o);
      return this.status;
    }
    try {
      for (const cmd of parsed.commands) {
        if (cmd.connector === "&&" && this.status !== 0) continue;
        if (cmd.connector === "||" && this.status === 0) continue;
        this.status = this.runCommand(cmd, firstLine + cmd.line - 1, o);
      }
    } catch (e) {
      if (!(e instanceof ExitShell)) throw e;
      this.exited = e.code;
      this.status = e.code;
    }
    return this.status;
  }

  // --- messages ----------------------------------------------------------------------------

  /** The start of a runtime message: "bash: ", "myname: line 3: ", "sh: 1: ", "sh: ". */
  private prefix(line: number): string {
    if (this.dialect === "dash") return `${this.name}: ${line}: `;
    if (this.dialect === "bash" && !this.interactive && this.name !== "bash") {
      return `${this.name}: line ${line}: `;
    }
    return `${this.name}: `;
  }

  private reportParseError(e: ParseError, input: string, firstLine: number, o: Output): number {
    const line = firstLine + e.line - 1;
    const n = this.name;
    const bashWhere = this.interactive ? `${n}: ` : `${n}: -c: line ${line}: `;
    switch (e.error) {
      case "unsupported":
        o.err(
          `${n}: ${e.token}: not supported by kubesim's shell (no pipes, redirections, background jobs, subshells or command substitution)\n`,
        );
        return 2;
      case "substitution":
        if (this.dialect === "bash") {
          o.err(`${this.prefix(line)}${e.text}: bad substitution\n`);
          return 1;
        }
        o.err(
          this.dialect === "dash"
            ? `${n}: ${line}: Bad substitution\n`
            : `${n}: syntax error: bad substitution\n`,
        );
        return 2;
      case "unterminated":
        if (this.dialect === "bash") {
          o.err(`${bashWhere}unexpected EOF while looking for matching \`${e.quote}'\n`);
        } else if (e.quote === "}") {
          o.err(
            this.dialect === "dash"
              ? `${n}: ${line}: Syntax error: Missing '}'\n`
              : `${n}: syntax error: missing '}'\n`,
          );
        } else {
          o.err(
            this.dialect === "dash"
              ? `${n}: ${line}: Syntax error: Unterminated quoted string\n`
              : `${n}: syntax error: unterminated quoted string\n`,
          );
        }
        return 2;
      case "eof":
        o.err(
          this.dialect === "bash"
            ? `${this.interactive ? `${n}: ` : `${n}: -c: line ${line + 1}: `}syntax error: unexpected end of file\n`
            : this.dialect === "dash"
              ? `${n}: ${line}: Syntax error: end of file unexpected\n`
              : `${n}: syntax error: unexpected end of file\n`,
        );
        return 2;
      case "syntax":
        if (this.dialect === "bash") {
          o.err(`${bashWhere}syntax error near unexpected token \`${e.token}'\n`);
          if (!this.interactive) o.err(`${bashWhere}\`${input.split("\n")[e.line - 1] ?? ""}'\n`);
        } else {
          o.err(
            this.dialect === "dash"
              ? `${n}: ${line}: Syntax error: "${e.token}" unexpected\n`
              : `${n}: syntax error: unexpected "${e.token}"\n`,
          );
        }
        return 2;
    }
  }

  // --- expansion ---------------------------------------------------------------------------

  /** A parameter's value, with `${NAME:-word}`-style alternatives applied. */
  private expandParam(seg: Extract<Segment, { kind: "param" }>): string {
    const value = this.param(seg.name);
    if (seg.alt === undefined) return value;
    const isSet = !/^[A-Za-z_]/.test(seg.name) || this.vars.has(seg.name);
    const { op, word } = seg.alt;
    switch (op) {
      case ":-":
        return value === "" ? word : value;
      case "-":
        return isSet ? value : word;
      case ":+":
        return value === "" ? "" : word;
      case "+":
        return isSet ? word : "";
    }
  }

  private param(name: string): string {
    switch (name) {
      case "?":
        return String(this.status);
      case "$":
        return "1";
      case "#":
        return String(this.args.length);
      case "0":
        return this.name;
      case "@":
      case "*":
        return this.args.join(" ");
      case "!":
      case "-":
        return "";
    }
    if (/^[1-9]$/.test(name)) return this.args[Number(name) - 1] ?? "";
    return this.vars.get(name)?.value ?? "";
  }

  /** Expands a word into fields (unquoted expansions are split on blanks; empty ones vanish). */
  private fields(word: Word): string[] {
    const out: string[] = [];
    let cur = "";
    let has = false;
    for (const seg of word) {
      if (seg.kind === "tilde") {
        cur += this.vars.get("HOME")?.value ?? "/";
        has = true;
      } else if (seg.kind === "text") {
        cur += seg.text;
        has ||= seg.text !== "" || seg.quoted;
      } else if (seg.quoted) {
        cur += this.expandParam(seg);
        has = true;
      } else {
        const pieces = this.expandParam(seg).split(/[ \t\n]+/);
        pieces.forEach((piece, i) => {
          if (i > 0 && has) {
            out.push(cur);
            cur = "";
            has = false;
          }
          cur += piece;
          has ||= piece !== "";
        });
      }
    }
    if (has) out.push(cur);
    return out;
  }

  /** A word as one string, unsplit (assignment values). */
  private joined(word: Word): string {
    return word
      .map((seg) =>
        seg.kind === "tilde"
          ? (this.vars.get("HOME")?.value ?? "/")
          : seg.kind === "text"
            ? seg.text
            : this.expandParam(seg),
      )
      .join("");
  }

  /** `NAME=value` as the first, unquoted part of a word. */
  private assignment(word: Word): { name: string; value: string } | undefined {
    const first = word[0];
    if (first?.kind !== "text" || first.quoted) return undefined;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
    if (m === null) return undefined;
    const rest: Word = [
      { kind: "text", text: first.text.slice(m[0].length), quoted: true },
      ...word.slice(1),
    ];
    return { name: m[1]!, value: this.joined(rest) };
  }

  // --- commands ----------------------------------------------------------------------------

  private setVar(name: string, value: string, exported?: boolean): void {
    const v = this.vars.get(name);
    if (v === undefined) this.vars.set(name, { value, exported: exported ?? false });
    else {
      v.value = value;
      if (exported === true) v.exported = true;
    }
  }

  private runCommand(cmd: SimpleCommand, line: number, o: Output): number {
    const assignments: { name: string; value: string }[] = [];
    const argv: string[] = [];
    for (const word of cmd.words) {
      const a = argv.length === 0 ? this.assignment(word) : undefined;
      if (a !== undefined) assignments.push(a);
      else argv.push(...this.fields(word));
    }
    if (argv.length === 0) {
      for (const a of assignments) this.setVar(a.name, a.value);
      return 0;
    }
    const builtin = this.builtin(argv, line, o);
    if (builtin !== undefined) return builtin;
    let env = this.environment();
    for (const a of assignments) {
      env = env.filter((e) => e.name !== a.name);
      env.push(a);
    }
    return this.exec(argv, env, line, o);
  }

  /** Runs a program (not a builtin) and returns its status. */
  private exec(
    argv: readonly string[],
    env: readonly ExecEnvVar[],
    line: number,
    o: Output,
  ): number {
    const name = argv[0]!;
    const r = this.system.start(argv, env, this.cwd, o);
    if (typeof r === "number") return r;
    if ("missing" in r) {
      if (this.dialect === "bash") {
        const why = name.includes("/") ? "No such file or directory" : "command not found";
        o.err(`${this.prefix(line)}${name}: ${why}\n`);
      } else {
        o.err(`${this.prefix(line)}${name}: not found\n`);
      }
      return 127;
    }
    const why =
      this.dialect === "bash" && r.notExecutable === "dir" ? "Is a directory" : "Permission denied";
    o.err(`${this.prefix(line)}${name}: ${why}\n`);
    return 126;
  }

  private builtin(argv: readonly string[], line: number, o: Output): number | undefined {
    const [name, ...args] = argv as [string, ...string[]];
    switch (name) {
      case ":":
      case "true":
        return 0;
      case "false":
        return 1;
      case "echo":
      case "pwd":
        return this.exec(argv, this.environment(), line, o);
      case "cd":
        return this.cd(args[0], line, o);
      case "exit":
        return this.exit(args[0], line, o);
      case "exec":
        if (args.length === 0) return 0;
        throw new ExitShell(this.exec(args, this.environment(), line, o));
      case "export":
        return this.export(args, line, o);
      case "unset":
        for (const a of args) this.vars.delete(a);
        return 0;
    }
    return undefined;
  }

  private cd(arg: string | undefined, line: number, o: Output): number {
    const target = arg ?? this.vars.get("HOME")?.value ?? "/";
    const path = resolvePath(target, this.cwd);
    const kind = this.system.fs.stat(path);
    if (kind === "dir") {
      if (this.vars.has("PWD")) this.setVar("PWD", path);
      this.cwd = path;
      return 0;
    }
    if (this.dialect === "bash") {
      const why = kind === "file" ? "Not a directory" : "No such file or directory";
      o.err(`${this.prefix(line)}cd: ${target}: ${why}\n`);
      return 1;
    }
    if (this.dialect === "dash") o.err(`${this.prefix(line)}cd: can't cd to ${target}\n`);
    else {
      const why = kind === "file" ? "Not a directory" : "No such file or directory";
      o.err(`${this.prefix(line)}cd: can't cd to ${target}: ${why}\n`);
    }
    return 2;
  }

  private exit(arg: string | undefined, line: number, o: Output): never {
    if (this.interactive && this.dialect === "bash") o.err("exit\n");
    if (arg === undefined) throw new ExitShell(this.status);
    if (!/^[+-]?\d+$/.test(arg)) {
      o.err(
        this.dialect === "bash"
          ? `${this.prefix(line)}exit: ${arg}: numeric argument required\n`
          : `${this.prefix(line)}exit: Illegal number: ${arg}\n`,
      );
      throw new ExitShell(2);
    }
    throw new ExitShell(((Number(arg) % 256) + 256) % 256);
  }

  private export(args: readonly string[], line: number, o: Output): number {
    if (args.length === 0) {
      for (const { name, value } of this.environment()) {
        if (this.dialect === "bash")
          o.out(`declare -x ${name}="${value.replace(/["\\$`]/g, "\\$&")}"\n`);
        else o.out(`export ${name}='${value.replaceAll("'", `'"'"'`)}'\n`);
      }
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        if (this.dialect === "bash") {
          o.err(`${this.prefix(line)}export: \`${a}': not a valid identifier\n`);
          status = 1;
        } else {
          o.err(`${this.prefix(line)}export: ${name}: bad variable name\n`);
          return 2;
        }
        continue;
      }
      if (eq >= 0) this.setVar(name, a.slice(eq + 1), true);
      else if (this.vars.has(name)) this.vars.get(name)!.exported = true;
    }
    return status;
  }
}
