/**
 * `save FILE` in the shell: the steps done so far as a scenario file, with
 * the paths they name (kubectl -f, --from-file, --from-env-file; apply
 * file:) rewritten to start at the scenario's folder, since `kubesim run`
 * reads them from there.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { splitCommandLine } from "@kubesim/kubectl";
import { stringify } from "yaml";
import type { ClusterSpec, Scenario, Step } from "../scenario/schema.js";
import { quoteArg } from "../session/step-line.js";

/** A step as the shell ran it: relative paths in it start at `baseDir`. */
export interface RecordedStep {
  readonly step: Step;
  readonly baseDir: string;
}

function movePath(p: string, from: string, to: string): string {
  if (p === "" || p === "-" || isAbsolute(p) || /^https?:\/\//.test(p)) return p;
  const moved = relative(to, resolve(from, p));
  return moved === "" ? "." : moved;
}

/** Rewrites the file arguments of a kubectl command line from one folder to another. */
export function moveKubectlPaths(text: string, from: string, to: string): string {
  let argv: string[];
  try {
    argv = splitCommandLine(text);
  } catch {
    return text;
  }
  let changed = false;
  const files = (v: string) =>
    v
      .split(",")
      .map((p) => movePath(p, from, to))
      .join(",");
  // --from-file=[key=]path: only the path moves.
  const fromFile = (v: string) => {
    const eq = v.indexOf("=");
    return eq < 0
      ? movePath(v, from, to)
      : `${v.slice(0, eq + 1)}${movePath(v.slice(eq + 1), from, to)}`;
  };
  const out = argv.map((a, i) => {
    const prev = argv[i - 1];
    let next = a;
    if (prev === "-f" || prev === "--filename") next = files(a);
    else if (prev === "--from-file") next = fromFile(a);
    else if (prev === "--from-env-file") next = movePath(a, from, to);
    else if (/^(--filename=|-f=?)./.test(a)) {
      const m = /^(--filename=|-f=?)(.*)$/.exec(a)!;
      next = `${m[1]}${files(m[2]!)}`;
    } else if (a.startsWith("--from-file=")) next = `--from-file=${fromFile(a.slice(12))}`;
    else if (a.startsWith("--from-env-file="))
      next = `--from-env-file=${movePath(a.slice(16), from, to)}`;
    if (next !== a) changed = true;
    return next;
  });
  return changed ? out.map(quoteArg).join(" ") : text;
}

/** A step with its paths made relative to `to`. */
export function moveStep(r: RecordedStep, to: string): Step {
  const s = r.step;
  if ("kubectl" in s) return { ...s, kubectl: moveKubectlPaths(s.kubectl, r.baseDir, to) };
  if ("apply" in s && "file" in s.apply)
    return { ...s, apply: { ...s.apply, file: movePath(s.apply.file, r.baseDir, to) } };
  return s;
}

/** The scenario a shell session makes, for a file in folder `to`. */
export function sessionScenario(
  cluster: ClusterSpec,
  steps: readonly RecordedStep[],
  to: string,
): Scenario {
  return {
    name: "kubesim shell session",
    cluster,
    steps: steps.map((r) => moveStep(r, to)),
  };
}

/** The scenario as YAML text, in the file format `kubesim run` reads. */
export function scenarioYaml(s: Scenario): string {
  const steps = s.steps.map((step) => {
    if ("apply" in step) {
      const a = step.apply;
      const apply = "yaml" in a ? a.yaml : "objects" in a ? a.objects : a;
      return { ...step, apply };
    }
    return step;
  });
  return (
    "# A kubesim scenario (docs/scenarios.md), saved by `kubesim shell`.\n" +
    "# Replay it with: kubesim run <this file>\n" +
    stringify({ ...s, steps }, { lineWidth: 0 })
  );
}
