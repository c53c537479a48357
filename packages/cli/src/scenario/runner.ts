/**
 * `kubesim run`: plays a scenario's steps on a fresh cluster, printing each
 * step (as the shell line that does the same, stamped with virtual time) and
 * what it printed, and stops at the first step that fails, naming the file,
 * line and step, with expected against actual. Exit code 0 when every step
 * passed, 1 when one failed.
 */
import { formatDuration, type Millis } from "kubesim";
import { plain, type Style } from "../cli/color.js";
import { Session, type SessionOptions, type StepOutcome, type Write } from "../session/session.js";
import { stepLine } from "../session/step-line.js";
import type { LoadedScenario } from "./load.js";
import type { Step } from "./schema.js";

export interface RunOptions {
  /** Where the run's text goes, as it is printed. */
  readonly write: Write;
  readonly style?: Style;
  /** Print only failures and the final line. */
  readonly quiet?: boolean;
  /** Overrides the scenario's `cluster.seed`. */
  readonly seed?: number | string;
  /** Called before each step (1-based), for a progress line. */
  readonly progress?: (step: number, total: number, line: string) => void;
  /** Files for `kubectl -f` (default node:fs). */
  readonly files?: SessionOptions["files"];
}

/** Where and why a run stopped. */
export interface StepFailure {
  /** 0-based index into `steps`. */
  readonly index: number;
  readonly line: number | undefined;
  readonly step: Step;
  readonly outcome: StepOutcome;
}

export interface RunResult {
  readonly ok: boolean;
  readonly exitCode: 0 | 1;
  /** Steps that ran (the failing one included). */
  readonly steps: number;
  readonly failure?: StepFailure;
  /** Virtual time the steps took. */
  readonly elapsed: Millis;
  readonly session: Session;
}

/** The lines that report a failed step. */
export function failureReport(source: string, f: StepFailure, style: Style = plain): string {
  const where = f.line === undefined ? source : `${source}:${f.line}`;
  const kind = Object.keys(f.step)[0] ?? "step";
  const what = kind === "expect" || kind === "say" ? kind : `${kind}: ${stepLine(f.step)}`;
  const lines = [
    `${style.red(style.bold("FAIL"))} ${where}: steps[${f.index}] (${what})`,
    `  ${f.outcome.message ?? "failed"}`,
    ...(f.outcome.details ?? []).map((d) => `  ${d}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** A step's header: `[+30s] $ until rollout my-api`. */
export function stepHeader(session: Session, step: Step, style: Style): string | undefined {
  if ("say" in step) return undefined;
  return `${style.dim(`[${session.clock()}]`)} ${style.bold(`$ ${stepLine(step)}`)}\n`;
}

/**
 * Runs steps on an existing session (the shell's `load` does this), printing
 * headers and output; stops at the first failing step.
 */
export function runSteps(
  session: Session,
  loaded: Pick<LoadedScenario, "baseDir" | "stepLines" | "lineOf"> & {
    readonly steps: readonly Step[];
  },
  options: Pick<RunOptions, "write" | "style" | "quiet" | "progress">,
  onStep?: (step: Step) => void,
): { ran: number; failure?: StepFailure } {
  const style = options.style ?? plain;
  const total = loaded.steps.length;
  for (let i = 0; i < total; i++) {
    const step = loaded.steps[i]!;
    options.progress?.(i + 1, total, stepLine(step));
    const header = stepHeader(session, step, style);
    if (options.quiet !== true) {
      // Narration starts a paragraph.
      if ("say" in step && i > 0) options.write("stdout", "\n");
      if (header !== undefined) options.write("stdout", header);
    }
    const outcome = session.run(step, loaded.baseDir);
    onStep?.(step);
    if (!outcome.ok) {
      const output =
        ("kubectl" in step || "apply" in step) &&
        session.last !== undefined &&
        options.quiet === true
          ? ["output:", ...indentOutput(session.last.stdout + session.last.stderr)]
          : [];
      return {
        ran: i + 1,
        failure: {
          index: i,
          line:
            (outcome.expectation === undefined
              ? undefined
              : loaded.lineOf?.(["steps", i, "expect", outcome.expectation])) ??
            loaded.stepLines[i],
          step,
          outcome: { ...outcome, details: [...(outcome.details ?? []), ...output] },
        },
      };
    }
  }
  return { ran: total };
}

function indentOutput(text: string): string[] {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => `| ${l}`);
}

/** Runs a loaded scenario on a new cluster. */
export function runScenario(loaded: LoadedScenario, options: RunOptions): RunResult {
  const style = options.style ?? plain;
  const quiet = options.quiet === true;
  const { scenario } = loaded;
  const spec = {
    ...scenario.cluster,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const out = (text: string): void => options.write("stdout", text);
  // Quiet: the steps' own output is dropped; failures and the last line are not.
  const stepWrite: Write = quiet ? () => {} : options.write;
  const session = new Session({
    cluster: spec,
    write: stepWrite,
    style,
    ...(options.files === undefined ? {} : { files: options.files }),
  });
  if (!quiet) {
    const nodes = spec.nodes ?? 3;
    const title = scenario.name ?? loaded.source;
    out(
      `${style.bold(title)} ${style.dim(`(${loaded.source}: seed ${spec.seed ?? 1}, ${nodes} node${nodes === 1 ? "" : "s"})`)}\n`,
    );
    if (scenario.description !== undefined) out(`${scenario.description.replace(/\n+$/, "")}\n`);
    out("\n");
  }
  const { ran, failure } = runSteps(
    session,
    { ...loaded, steps: scenario.steps },
    {
      write: options.write,
      style,
      quiet,
      ...(options.progress === undefined ? {} : { progress: options.progress }),
    },
  );
  const elapsed = session.elapsed();
  if (failure !== undefined) {
    if (!quiet) out("\n");
    out(failureReport(loaded.source, failure, style));
    return { ok: false, exitCode: 1, steps: ran, failure, elapsed, session };
  }
  const n = scenario.steps.length;
  out(
    `${quiet ? "" : "\n"}${style.green(style.bold("PASS"))} ${loaded.source}: ${n} step${n === 1 ? "" : "s"}, ${formatDuration(elapsed)} of virtual time\n`,
  );
  return { ok: true, exitCode: 0, steps: ran, elapsed, session };
}
