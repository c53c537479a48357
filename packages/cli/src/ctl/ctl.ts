/**
 * `kubesim ctl`: the command-line client of `kubesim serve`'s /sim/v1,
 * for what kubectl cannot do (pause, speed, advance, until, faults,
 * traffic, trace, timeline, save, load). It finds the server as kubectl
 * does, through the kubeconfig (`--kubeconfig`, $KUBECONFIG,
 * ~/.kube/config; `--context`), and fails as kubectl does: one line on
 * standard error (`error: ...`, or `Error from server (NotFound): ...`),
 * exit code 1.
 *
 *   kubesim ctl advance 5m
 *   kubesim ctl fault stop-node node-2
 *   kubesim ctl until rollout my-api
 */
import { formatError } from "@kubesim/kubectl";
import { isApiError } from "kubesim";
import type { Io } from "../cli/app.js";
import { isUsageError, UsageError } from "../cli/flags.js";
import { ConnectionError, simClient, type SimClient } from "./client.js";
import { KubeconfigError, resolveEndpoint } from "./kubeconfig.js";
import { CtlError, verbs, type Verb } from "./verbs.js";

const GLOBAL_FLAGS = [
  ["--kubeconfig string", "path to the kubeconfig file (default $KUBECONFIG, then ~/.kube/config)"],
  ["--context string", "the kubeconfig context to use (default its current-context)"],
  ["-h, --help", "help for ctl"],
] as const;

function table(rows: readonly (readonly [string, string])[]): string {
  const w = Math.max(...rows.map(([a]) => a.length)) + 3;
  return rows.map(([a, b]) => `  ${a.padEnd(w)}${b}`.trimEnd()).join("\n");
}

export function ctlHelp(): string {
  return `Control the simulation behind kubesim serve: time, faults, traffic, trace, state.

Usage:
  kubesim ctl [command] [flags]

Commands:
${table(verbs.map((v) => [v.name, v.short] as const))}

Flags:
${table(GLOBAL_FLAGS)}

Use "kubesim ctl [command] --help" for more information about a command.
`;
}

function verbHelp(v: Verb): string {
  const flags = v.flags.map((f) => {
    const names = `${f.short === undefined ? "    " : `-${f.short}, `}--${f.name}${f.type === "bool" ? "" : f.type === "int" ? " int" : " string"}`;
    return [names, f.usage ?? ""] as const;
  });
  return `${v.short}.

Usage:
  ${v.usage}
${v.long === undefined ? "" : `\n${v.long}\n`}
Flags:
${table([...flags, ...GLOBAL_FLAGS.slice(0, 2), ["-h, --help", `help for ${v.name}`]])}
`;
}

/** Takes --kubeconfig and --context (either form) out of argv, wherever they are. */
export function globalFlags(argv: readonly string[]): {
  kubeconfig: string;
  context: string;
  help: boolean;
  rest: string[];
} {
  const out = { kubeconfig: "", context: "", help: false, rest: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.rest.push(...argv.slice(i));
      break;
    }
    const m = /^--(kubeconfig|context)(?:=(.*))?$/.exec(a);
    if (m !== null) {
      const value = m[2] ?? argv[++i];
      if (value === undefined)
        throw new UsageError(`flag needs an argument: --${m[1]!}`, "kubesim ctl --help");
      out[m[1] as "kubeconfig" | "context"] = value;
      continue;
    }
    if (a === "-h" || a === "--help") {
      out.help = true;
      continue;
    }
    out.rest.push(a);
  }
  return out;
}

export interface CtlOptions {
  /** The client to use (tests); made from the kubeconfig when omitted. */
  readonly client?: SimClient;
}

function readStdin(io: Io): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    io.stdin.on("data", (c: Buffer | string) => chunks.push(Buffer.from(c)));
    io.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    io.stdin.on("error", reject);
  });
}

/** Runs `kubesim ctl ARGS...`; resolves to the exit code. Never throws for bad input or a failed request. */
export async function ctlCommand(
  argv: readonly string[],
  io: Io,
  options: CtlOptions = {},
): Promise<number> {
  try {
    const g = globalFlags(argv);
    const [word, ...args] = g.rest;
    if (word === undefined || word === "help") {
      const topic = word === "help" ? args[0] : undefined;
      const v = verbs.find((x) => x.name === topic);
      if (topic !== undefined && v === undefined)
        throw new UsageError(`unknown help topic "${topic}"`, "kubesim ctl --help");
      io.stdout.write(v === undefined ? ctlHelp() : verbHelp(v));
      return 0;
    }
    if (word.startsWith("-"))
      throw new UsageError(`unknown flag: ${word.replace(/=.*$/, "")}`, "kubesim ctl --help");
    const verb = verbs.find((v) => v.name === word);
    if (verb === undefined) {
      io.stderr.write(
        `error: unknown command "${word}" for "kubesim ctl"\nRun 'kubesim ctl --help' for usage.\n`,
      );
      return 1;
    }
    if (g.help) {
      io.stdout.write(verbHelp(verb));
      return 0;
    }
    const client =
      options.client ??
      simClient(
        resolveEndpoint({ file: g.kubeconfig, context: g.context, env: io.env, cwd: io.cwd }),
      );
    await verb.run(args, client, {
      out: (text) => io.stdout.write(text),
      cwd: io.cwd,
      stdin: () => readStdin(io),
    });
    return 0;
  } catch (e) {
    if (isUsageError(e)) io.stderr.write(e.format());
    else if (isApiError(e)) io.stderr.write(formatError(e));
    else if (e instanceof KubeconfigError || e instanceof ConnectionError || e instanceof CtlError)
      io.stderr.write(`error: ${e.message}\n`);
    else throw e;
    return 1;
  }
}
