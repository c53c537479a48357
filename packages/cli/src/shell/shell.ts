/**
 * `kubesim shell`'s core, with no terminal in it: lines in, text out. It
 * runs kubectl commands and the sim commands on one cluster, remembers the
 * steps that changed something (for `save`), and answers completions. The
 * readline wrapper (repl.ts) only moves lines and text between this and
 * the terminal.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  allCommands,
  Kubectl,
  kubectl,
  splitCommandLine,
  type FileAccess,
  type KubectlCommand,
} from "@kubesim/kubectl";
import { formatDuration, type Cluster, type KindName } from "kubesim";
import { readdirSync, statSync } from "node:fs";
import { plain, type Style } from "../cli/color.js";
import { isUsageError } from "../cli/flags.js";
import { formatProblem, isScenarioError, loadScenario } from "../scenario/load.js";
import { failureReport, runSteps } from "../scenario/runner.js";
import type { ClusterSpec, Step } from "../scenario/schema.js";
import { kindOf, traceEntries } from "../session/cluster-adapter.js";
import { errorText, Session, type Write } from "../session/session.js";
import { complete, type CompletionSource } from "./complete.js";
import { helpText } from "./help.js";
import { parseShellLine } from "./parse.js";
import { scenarioYaml, sessionScenario, type RecordedStep } from "./save.js";

export interface ShellOptions {
  /** The cluster (seed 1, 3 nodes, DNS and ingress unless given). */
  readonly cluster?: ClusterSpec;
  /** Where relative paths start (default the working directory). */
  readonly cwd?: string;
  readonly style?: Style;
  /** Each chunk of output as it is printed (a terminal shows it at once). */
  readonly onOutput?: Write;
  /** Files for `kubectl -f` (default node:fs). */
  readonly files?: (baseDir: string) => FileAccess;
}

export interface ShellResult {
  /** Everything the line printed, stdout and stderr as they interleaved. */
  readonly output: string;
  readonly exitCode: number;
  /** The line asked to leave the shell. */
  readonly exit: boolean;
}

const dispatcher = new Kubectl(allCommands);

export class Shell {
  readonly session: Session;
  readonly cwd: string;
  private readonly style: Style;
  private readonly onOutput: Write | undefined;
  private readonly recorded: RecordedStep[] = [];
  private readonly spec: ClusterSpec;
  private buffer = "";
  private typesCache: readonly string[] | undefined;

  constructor(options: ShellOptions = {}) {
    this.cwd = options.cwd ?? process.cwd();
    this.style = options.style ?? plain;
    this.onOutput = options.onOutput;
    this.spec = {
      seed: options.cluster?.seed ?? 1,
      nodes: options.cluster?.nodes ?? 3,
      dns: options.cluster?.dns ?? true,
      ingress: options.cluster?.ingress ?? true,
      ...(options.cluster?.images === undefined ? {} : { images: options.cluster.images }),
    };
    this.session = new Session({
      cluster: this.spec,
      write: (stream, text) => this.emit(stream, text),
      style: this.style,
      ...(options.files === undefined ? {} : { files: options.files }),
    });
  }

  private emit(stream: "stdout" | "stderr", text: string): void {
    this.buffer += text;
    this.onOutput?.(stream, text);
  }

  private out(text: string): void {
    this.emit("stdout", text.endsWith("\n") ? text : `${text}\n`);
  }

  private err(text: string): void {
    this.emit("stderr", text.endsWith("\n") ? text : `${text}\n`);
  }

  /** The prompt: the virtual time since the cluster started. */
  prompt(): string {
    return `${this.style.dim(`[${this.session.clock()}]`)} ${this.style.bold("kubesim")}> `;
  }

  /** The steps that would be saved, in order. */
  get steps(): readonly Step[] {
    return this.recorded.map((r) => r.step);
  }

  /** Runs one line. Never throws. */
  exec(line: string): ShellResult {
    this.buffer = "";
    let exitCode = 0;
    let exit = false;
    try {
      const cmd = parseShellLine(line);
      switch (cmd.kind) {
        case "empty":
          break;
        case "exit":
          exit = true;
          break;
        case "help": {
          const text = helpText(cmd.topic);
          if (text === undefined) {
            this.err(`error: no help for "${cmd.topic}"\nSee 'help' for usage.`);
            exitCode = 1;
          } else this.out(text);
          break;
        }
        case "trace":
          this.trace(cmd.type, cmd.tail);
          break;
        case "save":
          exitCode = this.save(cmd.file);
          break;
        case "load":
          exitCode = this.load(cmd.file);
          break;
        case "step":
          exitCode = this.step(cmd.step, line);
          break;
      }
    } catch (e) {
      if (isUsageError(e)) this.err(e.format());
      else this.err(errorText(e));
      exitCode = 1;
    }
    return { output: this.buffer, exitCode, exit };
  }

  private step(step: Step, line: string): number {
    let known = true;
    if ("kubectl" in step) {
      const argv = splitCommandLine(step.kubectl);
      known = dispatcher.find(argv) !== undefined;
      const word = argv.find((a) => !a.startsWith("-"));
      // Without the word kubectl, a word that is no kubectl command is a typo, not kubectl's business.
      if (!known && word !== undefined && !/^\s*kubectl(\s|$)/.test(line)) {
        this.err(`error: unknown command "${word}" for "kubesim shell"\nRun 'help' for usage.`);
        return 1;
      }
    }
    const before = this.session.elapsed();
    const outcome = this.session.run(step, this.cwd);
    if ("kubectl" in step || "apply" in step) {
      const code = outcome.exitCode ?? (outcome.ok ? 0 : 1);
      if (outcome.exitCode === undefined && !outcome.ok) this.err(outcome.message ?? "error");
      // An unknown command changed nothing and is not worth replaying.
      else if (known)
        this.recorded.push({
          step: code === 0 ? step : { ...step, exitCode: code },
          baseDir: this.cwd,
        });
      return code;
    }
    if (outcome.ok) {
      this.recorded.push({ step, baseDir: this.cwd });
      return 0;
    }
    this.err(outcome.message ?? "error");
    for (const d of outcome.details ?? []) this.err(`  ${d}`);
    // A wait that timed out still let time pass: keep the time, so a replay matches.
    const passed = this.session.elapsed() - before;
    if (passed > 0)
      this.recorded.push({ step: { advance: formatDuration(passed) }, baseDir: this.cwd });
    return 1;
  }

  private trace(type: string | undefined, tail: number | undefined): void {
    const entries = traceEntries(this.session.cluster).filter(
      (e) => type === undefined || e.type === type,
    );
    const shown = tail === undefined ? entries : entries.slice(Math.max(0, entries.length - tail));
    const start = this.session.cluster.now() - this.session.elapsed();
    for (const e of shown) {
      const t = this.style.dim(`+${formatDuration(e.t - start)}`.padEnd(10));
      this.out(`${t} ${e.type.padEnd(6)} ${traceData(e.type, e.data)}`);
    }
    if (shown.length === 0)
      this.out(type === undefined ? "(the trace is empty)" : `(no ${type} entries)`);
  }

  private save(file: string): number {
    const path = resolve(this.cwd, file);
    const scenario = sessionScenario(this.spec, this.recorded, dirname(path));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, scenarioYaml(scenario));
    const n = this.recorded.length;
    this.out(`saved ${n} step${n === 1 ? "" : "s"} to ${file}; replay with: kubesim run ${file}`);
    return 0;
  }

  private load(file: string): number {
    let loaded;
    try {
      loaded = loadScenario(file, this.cwd);
    } catch (e) {
      if (!isScenarioError(e)) throw e;
      this.err(`error: ${file} is not a valid scenario:`);
      for (const p of e.problems) this.err(`  ${formatProblem(e.source, p)}`);
      return 2;
    }
    const c = loaded.scenario.cluster;
    if (c !== undefined && Object.keys(c).length > 0)
      this.out(
        this.style.dim(
          `(the scenario's cluster settings are not used: its steps run in this shell's cluster)`,
        ),
      );
    const { failure } = runSteps(
      this.session,
      { ...loaded, steps: loaded.scenario.steps },
      { write: (stream, text) => this.emit(stream, text), style: this.style },
      (step) => this.recorded.push({ step, baseDir: loaded.baseDir }),
    );
    if (failure !== undefined) {
      // The failed step is not kept (a replay would stop there too).
      this.recorded.pop();
      this.err(failureReport(loaded.source, failure, this.style));
      return 1;
    }
    return 0;
  }

  /** Completions for the last word of `line`: [candidates, the word]. */
  complete(line: string): [string[], string] {
    return complete(line, this.completionSource());
  }

  private completionSource(): CompletionSource {
    const cluster = this.session.cluster;
    return {
      commands: allCommands as readonly KubectlCommand[],
      resourceTypes: () => (this.typesCache ??= resourceTypes(cluster)),
      names: (type, namespace) => {
        try {
          const { kind, namespaced } = kindOf(type);
          return cluster
            .list(kind as KindName, namespaced ? { namespace } : {})
            .map((o) => o.metadata?.name ?? "")
            .sort();
        } catch {
          return [];
        }
      },
      files: (prefix) => listFiles(this.cwd, prefix),
    };
  }
}

/** Resource type words from `kubectl api-resources`: plurals, short names, singulars. */
function resourceTypes(cluster: Cluster): string[] {
  const r = kubectl(["api-resources", "-o", "name"], { cluster });
  const out = new Set<string>();
  for (const full of r.stdout.split("\n")) {
    if (full === "") continue;
    const plural = full.split(".")[0]!;
    out.add(plural);
    out.add(full);
    try {
      const { kind } = kindOf(plural);
      out.add(kind.toLowerCase());
    } catch {
      // not resolvable: the plural will do
    }
  }
  for (const short of ["po", "deploy", "rs", "svc", "cm", "ns", "no", "ep", "ing", "ev"])
    out.add(short);
  return [...out].sort();
}

function listFiles(cwd: string, prefix: string): string[] {
  const slash = prefix.lastIndexOf("/");
  const dir = slash < 0 ? "" : prefix.slice(0, slash + 1);
  try {
    return readdirSync(resolve(cwd, dir === "" ? "." : dir))
      .filter((n) => !n.startsWith(".") || prefix.slice(slash + 1).startsWith("."))
      .map((n) => {
        const p = `${dir}${n}`;
        try {
          return statSync(resolve(cwd, p)).isDirectory() ? `${p}/` : p;
        } catch {
          return p;
        }
      });
  } catch {
    return [];
  }
}

/** One trace entry's data on one line. */
export function traceData(type: string, data: unknown): string {
  const d = (data ?? {}) as Record<string, unknown>;
  if (type === "write") {
    const where = d.namespace === undefined || d.namespace === "" ? "" : `${String(d.namespace)}/`;
    return `${String(d.verb)} ${String(d.kind)} ${where}${String(d.name)} (rv ${String(d.resourceVersion)})`;
  }
  if (type === "event") {
    const count = typeof d.count === "number" && d.count > 1 ? ` (x${d.count})` : "";
    return `${String(d.type)} ${String(d.reason)} ${String(d.involvedObject)}: ${String(d.message)}${count}`;
  }
  if (type === "fault") {
    const { fault, ...rest } = d;
    return `${String(fault)} ${Object.entries(rest)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ")}`.trimEnd();
  }
  return JSON.stringify(data);
}
