/**
 * A running cluster and the steps done to it: the engine under both
 * `kubesim shell` and `kubesim run`. It runs one step at a time (apply,
 * kubectl, advance, until, fault, traffic, expect, say), writes what the
 * step prints as it prints it, and says whether the step did what it
 * should. kubectl's own output is passed through untouched.
 */
import {
  formatError,
  isKubectlError,
  kubectl,
  type CommandResult,
  type FileAccess,
} from "@kubesim/kubectl";
import {
  formatDuration,
  isApiError,
  type Cluster,
  type Millis,
  type TrafficGenerator,
} from "kubesim";
import { untilDone } from "@kubesim/server/sim";
import { stringify } from "yaml";
import { nodeFiles } from "../cli/files.js";
import { cliHost } from "../cli/host.js";
import { plain, type Style } from "../cli/color.js";
import { check } from "../scenario/expect.js";
import type { ClusterSpec, Step, Traffic } from "../scenario/schema.js";
import {
  createCluster,
  injectFault,
  runUntil,
  trafficGenerator,
  advance,
} from "./cluster-adapter.js";

export type Write = (stream: "stdout" | "stderr", text: string) => void;

export interface SessionOptions {
  /** The cluster to start (seed, nodes, DNS, ingress, image catalogue). */
  readonly cluster?: ClusterSpec;
  /** Where everything printed goes, as it is printed. */
  readonly write: Write;
  readonly style?: Style;
  /** Files for `kubectl -f`, relative paths starting at a folder (default node:fs). */
  readonly files?: (baseDir: string) => FileAccess;
}

/** How a step went. */
export interface StepOutcome {
  readonly ok: boolean;
  /** For kubectl and apply steps: the command's exit code. */
  readonly exitCode?: number;
  /** Why it failed, on one line. */
  readonly message?: string;
  /** What shows the failure: expected against actual, the output. */
  readonly details?: readonly string[];
  /** For a list of expectations: which one failed (0-based). */
  readonly expectation?: number;
}

/** The message of an error as kubectl or kubesim prints it (without the newline). */
export function errorText(e: unknown): string {
  if (isApiError(e) || isKubectlError(e)) return formatError(e).trimEnd();
  if (e instanceof Error) return `error: ${e.message}`;
  return `error: ${String(e)}`;
}

export class Session {
  readonly cluster: Cluster;
  readonly spec: ClusterSpec;
  /** The last kubectl or apply step's result (what `expect: output` checks). */
  last: CommandResult | undefined;
  /** Every traffic generator started, running or stopped. */
  readonly traffic: TrafficGenerator[] = [];
  private readonly start: Millis;
  private readonly write: Write;
  private readonly style: Style;
  private readonly files: (baseDir: string) => FileAccess;

  constructor(options: SessionOptions) {
    this.spec = options.cluster ?? {};
    this.cluster = createCluster(this.spec);
    this.start = this.cluster.now();
    this.write = options.write;
    this.style = options.style ?? plain;
    this.files = options.files ?? nodeFiles;
  }

  /** Virtual time since the cluster started. */
  elapsed(): Millis {
    return this.cluster.now() - this.start;
  }

  /** "+1m30s": the virtual time, as prompts and step headers show it. */
  clock(): string {
    return `+${formatDuration(this.elapsed())}`;
  }

  private line(text: string): void {
    this.write("stdout", `${text}\n`);
  }

  /** Runs `kubectl <args>` with relative paths from `baseDir`, streaming its output. */
  kubectl(args: readonly string[] | string, baseDir: string, stdin?: string): CommandResult {
    const streamed = { stdout: 0, stderr: 0 };
    const host = cliHost({
      cluster: this.cluster,
      files: this.files(baseDir),
      ...(stdin === undefined ? {} : { stdin }),
      onOutput: (stream, text) => {
        streamed[stream] += text.length;
        this.write(stream, text);
      },
    });
    const result = kubectl(args, host);
    // Failures found before the command ran (unknown command, bad flag) are not streamed.
    if (result.stdout.length > streamed.stdout)
      this.write("stdout", result.stdout.slice(streamed.stdout));
    if (result.stderr.length > streamed.stderr)
      this.write("stderr", result.stderr.slice(streamed.stderr));
    this.last = result;
    return result;
  }

  /** Runs one step. Relative paths start at `baseDir`. Never throws for a failing step. */
  run(step: Step, baseDir: string): StepOutcome {
    try {
      return this.runStep(step, baseDir);
    } catch (e) {
      return { ok: false, message: errorText(e) };
    }
  }

  private commandOutcome(r: CommandResult, want: number | undefined): StepOutcome {
    const expected = want ?? 0;
    if (r.exitCode === expected) return { ok: true, exitCode: r.exitCode };
    return {
      ok: false,
      exitCode: r.exitCode,
      message: `the command exited with code ${r.exitCode}, expected ${expected}`,
    };
  }

  private runStep(step: Step, baseDir: string): StepOutcome {
    if ("say" in step) {
      this.line(this.style.cyan(step.say.replace(/\n+$/, "")));
      return { ok: true };
    }
    if ("kubectl" in step) {
      const text = step.kubectl.replace(/^\s*kubectl(\s+|$)/, "");
      return this.commandOutcome(this.kubectl(text, baseDir), step.exitCode);
    }
    if ("apply" in step) {
      const a = step.apply;
      let r: CommandResult;
      if ("file" in a) {
        r = this.kubectl(
          ["apply", "-f", a.file, ...(a.namespace === undefined ? [] : ["-n", a.namespace])],
          baseDir,
        );
      } else {
        const text = "yaml" in a ? a.yaml : a.objects.map((o) => stringify(o)).join("---\n");
        r = this.kubectl(["apply", "-f", "-"], baseDir, text);
      }
      return this.commandOutcome(r, step.exitCode);
    }
    if ("advance" in step) {
      advance(this.cluster, step.advance);
      return { ok: true };
    }
    if ("until" in step) {
      const took = runUntil(this.cluster, step.until);
      this.line(`${untilDone(step.until)} ${this.style.dim(`(after ${formatDuration(took)})`)}`);
      return { ok: true };
    }
    if ("fault" in step) {
      this.line(injectFault(this.cluster, step.fault));
      return { ok: true };
    }
    if ("traffic" in step) return this.runTraffic(step.traffic);
    const all = Array.isArray(step.expect) ? step.expect : [step.expect];
    const ctx = { cluster: this.cluster, last: this.last, traffic: this.traffic };
    for (const [i, e] of all.entries()) {
      const r = check(e, ctx);
      if (!r.ok)
        return {
          ok: false,
          message: `expect: ${r.description}`,
          details: r.details,
          ...(Array.isArray(step.expect) ? { expectation: i } : {}),
        };
      this.line(`${this.style.green("✓")} ${r.description}`);
    }
    return { ok: true };
  }

  private named(name: string | true): TrafficGenerator[] {
    const found = this.traffic.filter((g) => name === true || g.name === name);
    if (found.length === 0)
      throw new Error(name === true ? "no traffic was started" : `no traffic named "${name}"`);
    return found;
  }

  private runTraffic(t: Traffic): StepOutcome {
    if ("start" in t) {
      const s = t.start;
      const name = s.name ?? s.url;
      if (this.traffic.some((g) => g.running && g.name === name))
        throw new Error(
          `traffic "${name}" is already running (stop it, or give the new one a name)`,
        );
      const g = trafficGenerator(this.cluster, {
        url: s.url,
        rate: s.rate,
        name,
        ...(s.from === undefined ? {} : { fromPod: s.from.slice(s.from.indexOf("/") + 1) }),
        ...(s.namespace === undefined ? {} : { namespace: s.namespace }),
      });
      g.start();
      this.traffic.push(g);
      this.line(
        `traffic started: GET ${s.url} at ${s.rate}/s from ${s.from ?? "outside the cluster"}`,
      );
      return { ok: true };
    }
    if ("stop" in t) {
      for (const g of this.named(t.stop).filter((x) => x.running)) {
        g.stop();
        const s = g.summary();
        this.line(
          `traffic stopped: ${g.name}: sent ${s.sent}, ${s.succeeded} succeeded, ${s.failed} failed`,
        );
      }
      return { ok: true };
    }
    for (const g of this.named(t.summary)) this.write("stdout", g.render());
    return { ok: true };
  }
}
