/**
 * `kubectl exec <pod> -- <argv...>` in a fake container: the runtime starts argv[0] directly
 * (no shell in between unless argv starts one), as containerd/runc do. A program the image does
 * not have fails to start, with runc's message inside the runtime's error (containerd 1.7 +
 * runc 1.1):
 *
 *   Internal error occurred: error executing command in container: failed to exec in container:
 *   failed to start exec "<id>": OCI runtime exec failed: exec failed: unable to start container
 *   process: exec: "foo": executable file not found in $PATH: unknown
 *
 * which kubectl prints as `error: <that>` (exit status 1). Under cri-dockerd ("docker") the same
 * runc text (from "OCI runtime exec failed") comes on stderr and the command ends with exit code
 * 126, which kubectl reports as `command terminated with exit code 126`.
 */
import { createHash } from "node:crypto";
import type { NotStarted, Output } from "./coreutils.js";
import { coreutils } from "./coreutils.js";
import { FileSystem, resolvePath } from "./filesystem.js";
import type { Dialect, ShellSystem } from "./shell.js";
import { Shell, lookupProgram } from "./shell.js";
import type { ExecContext, ExecEnvVar, ExecResult, ShellName } from "./types.js";

/** Collects a command's output; on a terminal stderr goes to the same stream as stdout. */
export class Streams implements Output {
  stdout = "";
  stderr = "";
  constructor(private readonly tty: boolean) {}
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    if (this.tty) this.stdout += text;
    else this.stderr += text;
  }
}

const defaultShells: readonly ShellName[] = ["sh", "bash"];

/** The shell dialect of a shell program in this image. */
export function dialectOf(program: ShellName, ctx: Pick<ExecContext, "userland">): Dialect {
  if (program === "bash") return "bash";
  return (ctx.userland ?? "busybox") === "busybox" ? "ash" : "dash";
}

/** The container as the shell and the programs see it. */
export function containerSystem(ctx: ExecContext, tty: boolean): ShellSystem {
  const shells = ctx.shells ?? defaultShells;
  const files: Record<string, string> = {
    ...(ctx.files ?? {}),
    "/etc/hostname": `${ctx.hostname}\n`,
    "/etc/hosts": ctx.hosts,
    "/etc/resolv.conf": ctx.resolvConf,
  };
  const system: ShellSystem = {
    fs: new FileSystem(files, [...coreutils.keys(), ...(ctx.programs?.keys() ?? []), ...shells]),
    hostname: ctx.hostname,
    userland: ctx.userland ?? "busybox",
    shells,
    extra: new Set(ctx.programs?.keys() ?? []),
    tty,
    start: (argv, env, cwd, o) => startProgram(argv, env, cwd, ctx, system, o),
  };
  return system;
}

/** Starts the program argv[0] names, as execve would; its exit code, or why it did not start. */
/** How deep shells may start shells (a script that runs itself stops here, as a fork bomb would). */
const MAX_DEPTH = 64;

/** Shells running inside one another in this exec. */
const depths = new WeakMap<ShellSystem, number>();

function startProgram(
  argv: readonly string[],
  env: readonly ExecEnvVar[],
  cwd: string,
  ctx: ExecContext,
  system: ShellSystem,
  o: Output,
): number | NotStarted {
  const found = lookupProgram(argv[0] ?? "", cwd, system);
  if (!("program" in found)) return found;
  if (found.program === "sh" || found.program === "bash") {
    const depth = depths.get(system) ?? 0;
    if (depth >= MAX_DEPTH) {
      o.err(`${argv[0]}: fork: Resource temporarily unavailable\n`);
      return 254;
    }
    depths.set(system, depth + 1);
    try {
      return runShellProgram(argv, env, cwd, ctx, system, o);
    } finally {
      depths.set(system, depth);
    }
  }
  const extra = ctx.programs?.get(found.program);
  if (extra !== undefined) {
    const r = extra(argv.slice(1));
    o.out(r.stdout);
    o.err(r.stderr);
    return r.exitCode;
  }
  return coreutils.get(found.program)!(
    {
      argv,
      env,
      cwd,
      fs: system.fs,
      hostname: system.hostname,
      userland: system.userland,
      tty: system.tty,
      spawn: (args, vars, out) => startProgram(args, vars, cwd, ctx, system, out),
    },
    o,
  );
}

/**
 * A shell started as a program: `sh -c '<line>' [$0 [$1...]]`, `sh <script>`, or `sh` reading
 * an empty stdin. Flags other than -c (-e, -x, -l, -i) are accepted and ignored.
 */
function runShellProgram(
  argv: readonly string[],
  env: readonly ExecEnvVar[],
  cwd: string,
  ctx: ExecContext,
  system: ShellSystem,
  o: Output,
): number {
  const name = argv[0]!;
  const program: ShellName = name.endsWith("bash") ? "bash" : "sh";
  const dialect = dialectOf(program, ctx);
  let i = 1;
  let command: string | undefined;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a)) break;
    if (a.includes("c") && command === undefined) {
      command = argv[i + 1] ?? "";
      i++;
    }
  }
  const rest = argv.slice(i);
  if (command !== undefined) {
    const shell = new Shell({
      name: rest[0] ?? name,
      dialect,
      env,
      cwd,
      system,
      interactive: false,
      args: rest.slice(1),
    });
    return shell.run(command, o);
  }
  const script = rest[0];
  if (script === undefined) return 0; // reads its (empty) stdin
  const content = system.fs.read(resolvePath(script, cwd));
  if (content === undefined) {
    o.err(
      dialect === "bash"
        ? `${name}: ${script}: No such file or directory\n`
        : dialect === "dash"
          ? `${name}: 0: cannot open ${script}: No such file\n`
          : `${name}: can't open '${script}': No such file or directory\n`,
    );
    return dialect === "bash" ? 127 : 2;
  }
  const args = rest.slice(1);
  const shell = new Shell({ name: script, dialect, env, cwd, system, interactive: false, args });
  return shell.run(content, o);
}

/** containerd's exec ID: 64 hex digits, here derived from the exec so that runs repeat. */
function execIdOf(argv: readonly string[], ctx: ExecContext): string {
  if (ctx.execId !== undefined) return ctx.execId;
  return createHash("sha256")
    .update([ctx.hostname, ...argv].join("\0"))
    .digest("hex");
}

/** runc's reason for a program it cannot start. */
function runcError(name: string, cwd: string, why: NotStarted): string {
  if ("notExecutable" in why) return `exec: "${name}": permission denied`;
  if (!name.includes("/")) return `exec: "${name}": executable file not found in $PATH`;
  return `exec: "${name}": stat ${resolvePath(name, cwd)}: no such file or directory`;
}

/**
 * Runs `argv` in the container as `kubectl exec` does. With `tty`, stderr shares stdout's
 * stream (one terminal). Deterministic; never throws.
 */
export function runCommand(argv: readonly string[], ctx: ExecContext): ExecResult {
  const tty = ctx.tty ?? false;
  const system = containerSystem(ctx, tty);
  const cwd = ctx.cwd ?? "/";
  const o = new Streams(tty);
  const r = startProgram(argv, ctx.env, cwd, ctx, system, o);
  if (typeof r === "number") return { stdout: o.stdout, stderr: o.stderr, exitCode: r };
  const name = argv[0] ?? "";
  const oci = `OCI runtime exec failed: exec failed: unable to start container process: ${runcError(name, cwd, r)}: unknown`;
  if ((ctx.runtime ?? "containerd") === "docker") {
    o.err(`${oci}\n`);
    return { stdout: o.stdout, stderr: o.stderr, exitCode: 126 };
  }
  return {
    stdout: "",
    stderr: "",
    exitCode: 126,
    startError: `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execIdOf(argv, ctx)}": ${oci}`,
  };
}
