/**
 * The `kubesim` command line: its commands (demo, shell, run, replay, serve,
 * ctl, help), their
 * flags, help texts and exit codes, in kubectl's (cobra's) manner:
 *
 *   error: unknown command "sell" for "kubesim"
 *   Run 'kubesim --help' for usage.
 *
 * Exit codes: 0 success; 1 a failed step or expectation, or a usage error;
 * 2 a scenario file that cannot be run (unreadable, invalid YAML, or not
 * the format).
 *
 * Each command's implementation is imported when the command runs, so that
 * `kubesim serve` loads no scenario or shell code and `kubesim ctl` no
 * simulator (the bundle splits along these imports: packages/cli/bin).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { FlagSpec } from "@kubesim/kubectl";
import type { ClusterSpec } from "../scenario/schema.js";
import { colorWanted, style } from "./color.js";
import { isUsageError, parseOwnFlags, UsageError } from "./flags.js";

export interface Io {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

interface Command {
  readonly name: string;
  readonly short: string;
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  run(
    args: readonly string[],
    flags: ReturnType<typeof parseOwnFlags>,
    io: Io,
  ): number | Promise<number>;
}

const seedFlag: FlagSpec = {
  name: "seed",
  type: "string",
  default: "",
  usage: "the seed of every random stream (same seed, same run)",
};

function seedOf(text: string): number | string | undefined {
  if (text === "") return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

const demo: Command = {
  name: "demo",
  short: "Play the tutorial on a simulated cluster",
  usage: "kubesim demo [--seed N] [--step]",
  flags: [
    { ...seedFlag, default: "1" },
    {
      name: "step",
      type: "bool",
      default: false,
      usage: "pause between acts until Enter is pressed (on a terminal)",
    },
  ],
  async run(args, flags, io) {
    if (args.length > 0)
      throw new UsageError(`unexpected argument "${args[0]}"`, "kubesim demo --help");
    const [{ runDemo }, { enterStepper }] = await Promise.all([
      import("../demo.js"),
      import("../demo/step.js"),
    ]);
    const st = style(colorWanted(io.stdout, io.env));
    const stepper = flags.bool("step") ? enterStepper(io.stdin, io.stdout, st) : undefined;
    try {
      const result = await runDemo({
        seed: seedOf(flags.string("seed")) ?? 1,
        write: (text) => io.stdout.write(text),
        style: st,
        ...(stepper === undefined ? {} : { pause: (next) => stepper.pause(next) }),
      });
      return result.failed === 0 ? 0 : 1;
    } finally {
      stepper?.close();
    }
  },
};

const shell: Command = {
  name: "shell",
  short: "An interactive prompt: kubectl and sim commands on one cluster",
  usage: `kubesim shell [--seed N] [--nodes N] [--no-dns] [--no-ingress] [--images FILE]

kubectl commands (with or without the word kubectl) and sim commands:
advance, until, fault, traffic, say, trace, save, load, help, exit.
Type 'help' at the prompt for each.`,
  flags: [
    seedFlag,
    { name: "nodes", type: "int", default: 3, usage: "how many nodes the cluster starts with" },
    { name: "no-dns", type: "bool", default: false, usage: "run no cluster DNS" },
    { name: "no-ingress", type: "bool", default: false, usage: "run no ingress controller" },
    {
      name: "images",
      type: "string",
      default: "",
      usage: "an image catalogue file (docs/image-catalogue.md)",
    },
  ],
  async run(args, flags, io) {
    if (args.length > 0)
      throw new UsageError(`unexpected argument "${args[0]}"`, "kubesim shell --help");
    if (flags.int("nodes") < 0)
      throw new UsageError("--nodes must not be negative", "kubesim shell --help");
    const cluster: ClusterSpec = {
      seed: seedOf(flags.string("seed")) ?? 1,
      nodes: flags.int("nodes"),
      dns: !flags.bool("no-dns"),
      ingress: !flags.bool("no-ingress"),
      ...(flags.string("images") === ""
        ? {}
        : { images: readImages(flags.string("images"), io.cwd) }),
    };
    const { runRepl } = await import("../shell/repl.js");
    return runRepl({
      shell: { cluster, cwd: io.cwd },
      style: style(colorWanted(io.stdout, io.env)),
      input: io.stdin,
      output: io.stdout,
      errorOutput: io.stderr,
      env: io.env,
      banner: `kubesim shell: a simulated cluster (seed ${String(cluster.seed)}, ${cluster.nodes} node${cluster.nodes === 1 ? "" : "s"}). Type 'help' for the commands.`,
    });
  },
};

/** The `images` mapping of a catalogue file. */
function readImages(file: string, cwd: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch {
    throw new UsageError(`the path ${JSON.stringify(file)} does not exist`, "kubesim shell --help");
  }
  const doc: unknown = parseYaml(text);
  const images = (doc as { images?: unknown } | null)?.images;
  if (typeof images !== "object" || images === null || Array.isArray(images))
    throw new UsageError(
      `${file}: an image catalogue is a mapping with one key, images`,
      "kubesim shell --help",
    );
  return images as Record<string, unknown>;
}

const run: Command = {
  name: "run",
  short: "Run scenario files; exit 1 when a step or an expectation fails",
  usage: `kubesim run FILE.yaml... [--seed N] [--quiet]

Plays each scenario (docs/scenarios.md) on a fresh cluster, printing every
step and its output. Exits 0 when all passed, 1 when a step or expectation
failed (with expected against actual, and the file and line), 2 when a file
is not a valid scenario.`,
  flags: [
    { ...seedFlag, usage: "override the scenario's cluster.seed" },
    {
      name: "quiet",
      short: "q",
      type: "bool",
      default: false,
      usage: "print only failures and the result",
    },
  ],
  async run(args, flags, io) {
    if (args.length === 0)
      throw new UsageError("must specify at least one scenario file", "kubesim run --help");
    const [{ invalidScenarioReport, isScenarioError, loadScenario }, { runScenario }] =
      await Promise.all([import("../scenario/load.js"), import("../scenario/runner.js")]);
    const st = style(colorWanted(io.stdout, io.env));
    const quiet = flags.bool("quiet");
    const seed = seedOf(flags.string("seed"));
    const progressOn = quiet && io.stderr.isTTY === true;
    let worst = 0;
    for (const file of args) {
      let loaded;
      try {
        loaded = loadScenario(file, io.cwd);
      } catch (e) {
        if (!isScenarioError(e)) throw e;
        const errStyle = style(colorWanted(io.stderr, io.env));
        io.stderr.write(invalidScenarioReport(e, errStyle.red("error:")));
        worst = 2;
        continue;
      }
      const result = runScenario(loaded, {
        write: (stream, text) =>
          (stream === "stderr" && !quiet ? io.stderr : io.stdout).write(text),
        style: st,
        quiet,
        ...(seed === undefined ? {} : { seed }),
        ...(progressOn
          ? {
              progress: (i: number, total: number, line: string) =>
                io.stderr.write(`\r\x1b[K[${i}/${total}] ${file}: ${line.slice(0, 60)}`),
            }
          : {}),
      });
      if (progressOn) io.stderr.write("\r\x1b[K");
      if (args.length > 1 && !quiet && file !== args[args.length - 1]) io.stdout.write("\n");
      worst = Math.max(worst, result.exitCode);
    }
    return worst;
  },
};

const replayCmd: Command = {
  name: "replay",
  short: "Re-run a failing rollout case (CASE.json) and print its timeline",
  usage: `kubesim replay CASE.json

Re-runs a case that a failing @kubesim/testing property wrote (docs/testing.md)
on a fresh cluster with the case's seed, and prints the timeline: each step,
fault, Event and change of the ReplicaSets' sizes, then the violations. Exits
0 when no invariant is violated, 1 when one is, 2 when the file is not a case.`,
  flags: [],
  async run(args, _flags, io) {
    if (args.length !== 1)
      throw new UsageError("must specify exactly one case file", "kubesim replay --help");
    const { replayCommand } = await import("../replay/index.js");
    return replayCommand(args[0] ?? "", io);
  },
};

/**
 * `kubesim serve` parses its own flags (packages/cli/src/serve); `kubesim help
 * serve` lists them (serve/flags.ts, loaded then: it names the server's version).
 */
const serve: Command = {
  name: "serve",
  short: "Serve a Kubernetes-compatible API for the real kubectl",
  usage: "kubesim serve [--port N] [--kubeconfig FILE] [-f FILE|DIR]... (see kubesim serve --help)",
  flags: [],
  run() {
    throw new Error("kubesim serve runs through serveCommand");
  },
};

/** `kubesim ctl` parses its own verbs and flags (packages/cli/src/ctl); listed here for help. */
const ctl: Command = {
  name: "ctl",
  short: "Control kubesim serve: pause, speed, advance, until, fault, traffic, trace, save, load",
  usage: "kubesim ctl COMMAND [--kubeconfig FILE] [--context NAME] (see kubesim ctl --help)",
  flags: [],
  run() {
    throw new Error("kubesim ctl runs through ctlCommand");
  },
};

const commands: readonly Command[] = [demo, shell, run, replayCmd, serve, ctl];

function rootHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4) + 2;
  return `kubesim: Kubernetes' control plane in miniature, on a virtual clock.

Usage:
  kubesim [command] [flags]

Commands:
${[...commands, { name: "help", short: "Help about any command" }].map((c) => `  ${c.name.padEnd(width)}${c.short}`).join("\n")}

Flags:
  -h, --help   help for kubesim

Use "kubesim [command] --help" for more information about a command.
`;
}

function commandHelp(c: Command): string {
  const flags = [
    ...c.flags,
    { name: "help", short: "h", type: "bool" as const, usage: `help for ${c.name}` },
  ];
  const shown = flags.map((f) => {
    const names = `${f.short === undefined ? "    " : `-${f.short}, `}--${f.name}${f.type === "bool" ? "" : ` ${f.type === "int" ? "int" : "string"}`}`;
    return [names, f.usage ?? ""] as const;
  });
  const w = Math.max(...shown.map(([n]) => n.length)) + 3;
  return `${c.short}.

Usage:
  ${c.usage}

Flags:
${shown.map(([n, u]) => `  ${n.padEnd(w)}${u}`.trimEnd()).join("\n")}
`;
}

/** Runs `kubesim ARGS...`; resolves to the exit code. Never throws for bad input. */
export async function kubesim(argv: readonly string[], io: Io): Promise<number> {
  const [word, ...rest] = argv;
  try {
    if (word === undefined || word === "--help" || word === "-h") {
      io.stdout.write(rootHelp());
      return 0;
    }
    if (word === "help") {
      const topic = rest[0];
      const c = commands.find((x) => x.name === topic);
      if (topic !== undefined && c === undefined)
        throw new UsageError(`unknown help topic "${topic}"`, "kubesim --help");
      io.stdout.write(
        c === undefined
          ? rootHelp()
          : c === ctl
            ? (await import("../ctl/index.js")).ctlHelp()
            : c === serve
              ? commandHelp({ ...serve, flags: (await import("../serve/flags.js")).serveFlags })
              : commandHelp(c),
      );
      return 0;
    }
    if (word.startsWith("-")) {
      const name = word.replace(/=.*$/, "");
      throw new UsageError(
        name.startsWith("--")
          ? `unknown flag: ${name}`
          : `unknown shorthand flag: '${name.slice(1, 2)}' in ${name}`,
        "kubesim --help",
      );
    }
    if (word === "serve") return await (await import("../serve/serve.js")).serveCommand(rest, io);
    if (word === "ctl") return await (await import("../ctl/index.js")).ctlCommand(rest, io);
    const c = commands.find((x) => x.name === word);
    if (c === undefined) {
      io.stderr.write(
        `error: unknown command "${word}" for "kubesim"\nRun 'kubesim --help' for usage.\n`,
      );
      return 1;
    }
    const flags = parseOwnFlags(rest, c.flags, `kubesim ${c.name} --help`);
    if (flags.bool("help")) {
      io.stdout.write(commandHelp(c));
      return 0;
    }
    return await c.run(flags.args, flags, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr.write(e.format());
      return 1;
    }
    throw e;
  }
}
