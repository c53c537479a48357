/**
 * The rollout property: for any Deployment, image behaviours and list of
 * actions (faults included) with virtual time between them, the controllers
 * keep the rollout invariants at every step and converge once the faults are
 * healed. Built on fc.check; a failure throws a RolloutPropertyError whose
 * message prints a replayable case (seed, the shrunk steps, the timeline up
 * to the violation), optionally written to a CASE.json file.
 *
 *   rolloutProperty({ runs: 200, seed: 42 });
 *   rolloutProperty({ runs: 50, deploymentSyncHook: brokenPlan, caseFile: "CASE.json" });
 */
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import type { ControllerExpectations, DeploymentSyncHook, WatcherStepHook } from "kubesim";
import { DEFAULT_MAX_PARTITION_MS, stepsArb, type ActionType } from "./arbitraries/actions.js";
import { imagesArb, type BehaviorKind } from "./arbitraries/images.js";
import { deploymentArb, serviceArb } from "./arbitraries/objects.js";
import { CASE_KIND, type RolloutCase } from "./case.js";
import { formatTimeline, runCase, variantsOf, type CaseResult } from "./replay.js";

export interface RolloutPropertyOptions {
  /** Cases to run. */
  readonly runs: number;
  /** fast-check's seed (the same seed, the same cases). */
  readonly seed?: number;
  /** Nodes per cluster (default 3). */
  readonly nodes?: number;
  /** Largest spec.replicas (default 5). */
  readonly maxReplicas?: number;
  /** Most actions per case (default 6). */
  readonly maxSteps?: number;
  /** Include faults (default true). */
  readonly faults?: boolean;
  /** Leave out these actions. */
  readonly exclude?: readonly ActionType[];
  /** Image behaviours to draw from (default ROLLOUT_KINDS). */
  readonly kinds?: readonly BehaviorKind[];
  /** Wraps the Deployment controller's plan: a deliberately broken variant. */
  readonly deploymentSyncHook?: DeploymentSyncHook;
  /** Makes the ReplicaSet controller's expectations: a deliberately broken variant. */
  readonly replicaSetExpectations?: () => ControllerExpectations;
  /** Wraps kube-controller-manager's informers' list/watch machine: a deliberately broken variant. */
  readonly controllerManagerWatcherHook?: WatcherStepHook;
  /** The variant's name, recorded in the case. */
  readonly controller?: string;
  /** Write the shrunk failing case here (CASE.json) before throwing. */
  readonly caseFile?: string;
  /** Longest partition (default 6 minutes: DEFAULT_MAX_PARTITION_MS). */
  readonly maxPartitionMs?: number;
  /** Virtual time allowed to converge after healing (default 10 minutes). */
  readonly convergeTimeoutMs?: number;
  /** Timeline lines printed in the error (default 40, the last ones). */
  readonly timelineLines?: number;
}

/** What the property found: the shrunk case and its run. */
export class RolloutPropertyError extends Error {
  override readonly name = "RolloutPropertyError";
  constructor(
    message: string,
    readonly failingCase: RolloutCase,
    readonly result: CaseResult,
    readonly numRuns: number,
    readonly numShrinks: number,
  ) {
    super(message);
  }
}

export function isRolloutPropertyError(e: unknown): e is RolloutPropertyError {
  return e instanceof RolloutPropertyError;
}

/** Statistics of a passing run. */
export interface RolloutPropertyStats {
  readonly runs: number;
  /** Invariant checks made over all cases. */
  readonly checks: number;
  /** Steps run over all cases. */
  readonly steps: number;
}

/** Generated rollout cases (without fastCheck; the runner adds it). */
export function rolloutCaseArb(
  options: Omit<RolloutPropertyOptions, "runs">,
): fc.Arbitrary<RolloutCase> {
  const nodes = options.nodes ?? 3;
  const maxReplicas = options.maxReplicas ?? 5;
  return imagesArb({
    count: 3,
    ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
  }).chain((images) => {
    const names = images.map((i) => i.image);
    return fc.record({
      kind: fc.constant(CASE_KIND),
      seed: fc.nat({ max: 1_000_000 }),
      nodes: fc.constant(nodes),
      images: fc.constant(images),
      deployment: deploymentArb({ maxReplicas, images: names.slice(0, 1) }),
      service: serviceArb(),
      steps: stepsArb({
        images: names,
        maxReplicas,
        nodes,
        maxSteps: options.maxSteps ?? 6,
        maxPartitionMs: options.maxPartitionMs ?? DEFAULT_MAX_PARTITION_MS,
        ...(options.faults === undefined ? {} : { faults: options.faults }),
        ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
      }),
      convergeTimeoutMs: fc.constant(options.convergeTimeoutMs ?? 600_000),
      ...(options.controller === undefined ? {} : { controller: fc.constant(options.controller) }),
    }) as fc.Arbitrary<RolloutCase>;
  });
}

/** A failing case as the error prints it: what to replay, then what happened. */
export function describeFailure(c: RolloutCase, r: CaseResult, lines = 40): string {
  const first = r.violations[0];
  return [
    `rollout property failed: ${first === undefined ? "no violation?" : `${first.invariant}: ${first.message}`}`,
    `seed ${c.seed}${c.fastCheck === undefined ? "" : `, fast-check seed ${c.fastCheck.seed}${c.fastCheck.path === undefined ? "" : ` path "${c.fastCheck.path}"`}`}${c.controller === undefined ? "" : `, controller ${c.controller}`}`,
    `deployment: replicas ${c.deployment.spec?.replicas ?? 1}, strategy ${JSON.stringify(c.deployment.spec?.strategy)}, minReadySeconds ${c.deployment.spec?.minReadySeconds ?? 0}`,
    `images: ${c.images.map((i) => `${i.image}${i.healthy ? "" : " (never ready)"} ${JSON.stringify(i.behavior)}`).join("; ")}`,
    `steps (${c.steps.length}):`,
    ...c.steps.map((s, i) => `  ${i + 1}. ${JSON.stringify(s.action)} then wait ${s.waitMs}ms`),
    `trace hash ${r.traceHash}`,
    "timeline up to the violation:",
    formatTimeline(r.timeline, lines),
    "",
    "replay: kubesim replay CASE.json (the case as JSON follows)",
    JSON.stringify(c),
  ].join("\n");
}

/**
 * Runs the rollout property for `runs` cases. Throws RolloutPropertyError with
 * the shrunk case when one fails; returns statistics otherwise.
 */
export function rolloutProperty(options: RolloutPropertyOptions): RolloutPropertyStats {
  let checks = 0;
  let steps = 0;
  const variants = variantsOf(options);
  const runOptions = { timeline: false, ...variants };
  const details = fc.check(
    fc.property(rolloutCaseArb(options), (c) => {
      const r = runCase(c, runOptions);
      checks += r.checks;
      steps += r.stepsRun;
      return r.violations.length === 0;
    }),
    { numRuns: options.runs, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
  if (!details.failed) return { runs: details.numRuns, checks, steps };
  const found = details.counterexample?.[0];
  if (found === undefined) throw details.errorInstance ?? new Error("rollout property failed");
  const failing: RolloutCase = {
    ...found,
    fastCheck: {
      seed: details.seed,
      ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
    },
  };
  const result = runCase(failing, variants);
  if (options.caseFile !== undefined)
    writeFileSync(options.caseFile, `${JSON.stringify(failing, null, 2)}\n`);
  throw new RolloutPropertyError(
    describeFailure(failing, result, options.timelineLines ?? 40),
    failing,
    result,
    details.numRuns,
    details.numShrinks,
  );
}
