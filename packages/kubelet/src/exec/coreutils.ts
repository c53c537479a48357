/**
 * The few programs the fake image has: env, printenv, hostname, cat, ls, echo, pwd, true, false.
 * Their output and messages follow BusyBox (userland "busybox") or GNU coreutils ("debian"),
 * for the cases kubesim covers; `ls` prints one name per line (as both do when stdout is not a
 * terminal) and, on a terminal, one row when it fits in 80 columns. Options other than
 * `ls -a/-A/-1` and `echo -n/-e/-E` are ignored.
 */
import type { FileSystem } from "./filesystem.js";
import { resolvePath } from "./filesystem.js";
import type { ExecEnvVar, Userland } from "./types.js";

/** Why a program could not be started: no such program, or a file/directory that is not one. */
export type NotStarted = { readonly missing: true } | { readonly notExecutable: "file" | "dir" };

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** A process as the fake runtime starts it. */
export interface Process {
  /** argv[0] is the name the program was called by. */
  readonly argv: readonly string[];
  readonly env: readonly ExecEnvVar[];
  readonly cwd: string;
  readonly fs: FileSystem;
  readonly hostname: string;
  readonly userland: Userland;
  readonly tty: boolean;
  /** Starts another program (for `env NAME=value command`): its exit code, or why it could not start. */
  readonly spawn: (
    argv: readonly string[],
    env: readonly ExecEnvVar[],
    o: Output,
  ) => number | NotStarted;
}

export type Program = (p: Process, o: Output) => number;

const envLines = (env: readonly ExecEnvVar[]): string =>
  env.map((e) => `${e.name}=${e.value}\n`).join("");

function withVar(env: readonly ExecEnvVar[], name: string, value: string): ExecEnvVar[] {
  const out = env.filter((e) => e.name !== name);
  const at = env.findIndex((e) => e.name === name);
  if (at < 0) return [...out, { name, value }];
  out.splice(at, 0, { name, value });
  return out;
}

const env: Program = (p, o) => {
  let vars: readonly ExecEnvVar[] = p.env;
  let i = 1;
  for (; i < p.argv.length; i++) {
    const arg = p.argv[i]!;
    const eq = arg.indexOf("=");
    if (eq <= 0) break;
    vars = withVar(vars, arg.slice(0, eq), arg.slice(eq + 1));
  }
  if (i < p.argv.length) {
    const r = p.spawn(p.argv.slice(i), vars, o);
    if (typeof r === "number") return r;
    const name = p.argv[i]!;
    const why = "missing" in r ? "No such file or directory" : "Permission denied";
    o.err(
      p.userland === "busybox"
        ? `env: can't execute '${name}': ${why}\n`
        : `env: '${name}': ${why}\n`,
    );
    return "missing" in r ? 127 : 126;
  }
  o.out(envLines(vars));
  return 0;
};

const printenv: Program = (p, o) => {
  const names = p.argv.slice(1);
  if (names.length === 0) {
    o.out(envLines(p.env));
    return 0;
  }
  let status = 0;
  for (const name of names) {
    const found = p.env.find((e) => e.name === name);
    if (found === undefined) status = 1;
    else o.out(`${found.value}\n`);
  }
  return status;
};

const hostname: Program = (p, o) => {
  o.out(`${p.hostname}\n`);
  return 0;
};

const cat: Program = (p, o) => {
  let status = 0;
  for (const arg of p.argv.slice(1)) {
    if (arg === "-") continue; // stdin is empty
    const path = resolvePath(arg, p.cwd);
    const kind = p.fs.stat(path);
    if (kind === "file") {
      o.out(p.fs.read(path)!);
      continue;
    }
    status = 1;
    if (kind === "dir") {
      o.err(
        p.userland === "busybox"
          ? "cat: read error: Is a directory\n"
          : `cat: ${arg}: Is a directory\n`,
      );
    } else {
      o.err(
        p.userland === "busybox"
          ? `cat: can't open '${arg}': No such file or directory\n`
          : `cat: ${arg}: No such file or directory\n`,
      );
    }
  }
  return status;
};

function layout(names: readonly string[], tty: boolean): string {
  if (names.length === 0) return "";
  const row = names.join("  ");
  if (tty && row.length <= 80) return `${row}\n`;
  return names.map((n) => `${n}\n`).join("");
}

const ls: Program = (p, o) => {
  let all = false;
  let almostAll = false;
  const paths: string[] = [];
  for (const arg of p.argv.slice(1)) {
    if (arg.startsWith("-") && arg.length > 1) {
      all ||= arg.includes("a");
      almostAll ||= arg.includes("A");
      continue;
    }
    paths.push(arg);
  }
  const targets = paths.length === 0 ? ["."] : paths;
  const files: string[] = [];
  const dirs: [string, string][] = [];
  let status = 0;
  for (const arg of targets) {
    const path = resolvePath(arg, p.cwd);
    const kind = p.fs.stat(path);
    if (kind === "file") files.push(arg);
    else if (kind === "dir") dirs.push([arg, path]);
    else {
      if (p.userland === "busybox") {
        o.err(`ls: ${arg}: No such file or directory\n`);
        status = Math.max(status, 1);
      } else {
        o.err(`ls: cannot access '${arg}': No such file or directory\n`);
        status = 2;
      }
    }
  }
  const blocks: string[] = [];
  if (files.length > 0) blocks.push(layout(files.sort(), p.tty));
  for (const [arg, path] of dirs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    let names = p.fs.list(path);
    if (all) names = [".", "..", ...names];
    else if (!almostAll) names = names.filter((n) => !n.startsWith("."));
    const header = targets.length > 1 ? `${arg}:\n` : "";
    blocks.push(header + layout(names, p.tty));
  }
  o.out(blocks.join("\n"));
  return status;
};

const escapes: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\u0007",
  b: "\b",
  f: "\f",
  v: "\v",
  "\\": "\\",
};

const echo: Program = (p, o) => {
  let newline = true;
  let interpret = false;
  let i = 1;
  for (; i < p.argv.length; i++) {
    const a = p.argv[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    if (a.includes("n")) newline = false;
    for (const c of a.slice(1))
      if (c === "e") interpret = true;
      else if (c === "E") interpret = false;
  }
  let text = p.argv.slice(i).join(" ");
  if (interpret) {
    const stop = text.indexOf("\\c");
    if (stop >= 0) {
      text = text.slice(0, stop);
      newline = false;
    }
    text = text.replace(/\\([ntrabfv\\])/g, (_, c: string) => escapes[c]!);
  }
  o.out(newline ? `${text}\n` : text);
  return 0;
};

const pwd: Program = (p, o) => {
  o.out(`${p.cwd}\n`);
  return 0;
};

/** The programs, by name, as they appear under /bin. */
export const coreutils: ReadonlyMap<string, Program> = new Map<string, Program>([
  ["cat", cat],
  ["echo", echo],
  ["env", env],
  ["false", () => 1],
  ["hostname", hostname],
  ["ls", ls],
  ["printenv", printenv],
  ["pwd", pwd],
  ["true", () => 0],
]);
