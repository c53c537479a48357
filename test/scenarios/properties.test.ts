/**
 * Whole-cluster properties of the Deployment machinery (issue 3, "Done means" 3): random
 * replica counts (0–50, mostly small), maxSurge / maxUnavailable as integers and percentages,
 * Recreate now and then, random minReadySeconds, readiness delays and termination delays, and
 * random sequences of scale, template change, pause, resume, rollout undo and pod deletion at
 * random virtual times.
 *
 * At every step of the sim loop the bounds of support/invariants.ts hold (read its header for
 * exactly which instants each bound applies to); at the end, after resume and enough time, the
 * Deployment has converged: exactly `replicas` available pods of its latest template, old
 * ReplicaSets at 0, no orphans, and a status that says so. fast-check prints the seed and the
 * shrunk model of a failing run.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isApiError } from "@kubesim/api";
import { NS, Scenario, makeDeployment, type IntOrString } from "./support/harness.js";
import { InvariantChecker, convergenceProblems, scaledValue } from "./support/invariants.js";

/** 60 runs keep the file well under a minute; `SCENARIO_RUNS=2000` for a deeper search. */
const RUNS = Number(process.env["SCENARIO_RUNS"] ?? 60);

type Op =
  | { readonly kind: "scale"; readonly replicas: number }
  | { readonly kind: "image"; readonly version: number }
  | { readonly kind: "pause" }
  | { readonly kind: "resume" }
  | { readonly kind: "undo"; readonly toRevision: number }
  | { readonly kind: "deletePod"; readonly index: number };

interface Model {
  readonly seed: number;
  readonly replicas: number;
  readonly strategy: "Recreate" | { maxSurge: IntOrString; maxUnavailable: IntOrString };
  readonly minReadySeconds: number;
  readonly revisionHistoryLimit: number | undefined;
  /** Readiness delay (ms) of each image version 1..6, plus a per-pod jitter up to `jitter`. */
  readonly delays: readonly number[];
  readonly jitter: number;
  readonly terminateAfter: number;
  readonly actions: readonly { readonly gap: number; readonly op: Op }[];
}

/** Mostly small counts, sometimes up to 50. */
const replicasArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) },
);

const intOrPercent: fc.Arbitrary<IntOrString> = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
  fc.constantFrom("0%", "25%", "50%", "100%"),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: replicasArb.map((replicas) => ({ kind: "scale" as const, replicas })) },
  {
    weight: 3,
    arbitrary: fc
      .integer({ min: 1, max: 6 })
      .map((version) => ({ kind: "image" as const, version })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "pause" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "resume" as const }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }))
      .map((toRevision) => ({ kind: "undo" as const, toRevision })),
  },
  {
    weight: 2,
    arbitrary: fc.nat(1000).map((index) => ({ kind: "deletePod" as const, index })),
  },
);

const modelArb: fc.Arbitrary<Model> = fc.record({
  seed: fc.nat(1_000_000),
  replicas: replicasArb,
  strategy: fc.oneof(
    { weight: 5, arbitrary: fc.record({ maxSurge: intOrPercent, maxUnavailable: intOrPercent }) },
    { weight: 1, arbitrary: fc.constant("Recreate" as const) },
  ),
  minReadySeconds: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
  ),
  revisionHistoryLimit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  delays: fc.array(fc.integer({ min: 0, max: 15_000 }), { minLength: 6, maxLength: 6 }),
  jitter: fc.integer({ min: 0, max: 3000 }),
  terminateAfter: fc.integer({ min: 0, max: 5000 }),
  actions: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 20_000 }), op: opArb }), {
    maxLength: 8,
  }),
});

/** A small deterministic hash of a pod name, for its readiness jitter. */
function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

function bothZero(m: Model): boolean {
  if (m.strategy === "Recreate") return false;
  // Validation compares the values ("0%" counts as 0), not what they resolve to.
  return (
    scaledValue(m.strategy.maxSurge, 100, true) === 0 &&
    scaledValue(m.strategy.maxUnavailable, 100, false) === 0
  );
}

interface Outcome {
  readonly s: Scenario;
  readonly checker: InvariantChecker | undefined;
  readonly problems: readonly string[];
}

/** Runs one model: create, act at random times, resume, converge; checks at every loop step. */
function simulate(m: Model): Outcome {
  const s = new Scenario({
    seed: m.seed,
    nodes: 4,
    readyAfter: (pod) => {
      const image = pod.spec?.containers[0]?.image ?? "";
      const version = Number(image.slice(image.indexOf(":") + 1));
      return (m.delays[version - 1] ?? 0) + (hashName(pod.metadata?.name ?? "") % (m.jitter + 1));
    },
    terminateAfter: m.terminateAfter,
  });
  const d = makeDeployment({
    replicas: m.replicas,
    strategy: m.strategy,
    minReadySeconds: m.minReadySeconds,
    ...(m.revisionHistoryLimit === undefined
      ? {}
      : { revisionHistoryLimit: m.revisionHistoryLimit }),
  });
  if (bothZero(m)) {
    let error: unknown;
    try {
      s.create(d);
    } catch (e) {
      error = e;
    }
    expect(isApiError(error) && error.status.reason).toBe("Invalid");
    // Recent releases print an int 0 as `Invalid value: 0`; how they print "0%" was not
    // confirmed from the source, so the value itself is not pinned here.
    expect((error as Error).message).toMatch(
      /^Deployment\.apps "web" is invalid: spec\.strategy\.rollingUpdate\.maxUnavailable: Invalid value: .+: may not be 0 when `maxSurge` is 0$/,
    );
    return { s, checker: undefined, problems: [] };
  }
  s.create(d);
  const checker = new InvariantChecker(s);
  let at = s.loop.now();
  for (const { gap, op } of m.actions) {
    at += gap;
    s.loop.at(at, () => act(s, checker, op), "test action");
  }
  const step = () => {
    const ran = s.loop.step();
    if (ran) checker.check();
    return ran;
  };
  checker.check();
  while ((s.loop.nextTime() ?? Infinity) <= at) step();
  if (s.deployment().spec?.paused === true) {
    s.setPaused(false);
    checker.check();
  }
  // Converge: at most 30 minutes of virtual time (delays are ≤ 18 s a pod).
  const deadline = s.loop.now() + 30 * 60_000;
  let problems = ["not checked"];
  for (;;) {
    const snap = checker.snapshot();
    problems = snap === undefined ? ["Deployment gone"] : convergenceProblems(snap);
    if (problems.length === 0) break;
    if ((s.loop.nextTime() ?? Infinity) > deadline || !step()) break;
  }
  return { s, checker, problems };
}

function act(s: Scenario, checker: InvariantChecker, op: Op): void {
  switch (op.kind) {
    case "scale":
      s.scale(op.replicas);
      return;
    case "image":
      s.setImage(`nginx:${op.version}`);
      return;
    case "pause":
      s.setPaused(true);
      return;
    case "resume":
      s.setPaused(false);
      return;
    case "undo":
      // kubectl's refusals (paused, no such revision, no history) change nothing.
      s.undo(op.toRevision);
      return;
    case "deletePod": {
      const pods = s
        .pods()
        .filter((p) => p.metadata?.deletionTimestamp === undefined)
        .map((p) => p.metadata?.name ?? "")
        .sort();
      const name = pods[op.index % Math.max(1, pods.length)];
      if (name === undefined) return;
      s.client.delete("Pod", NS, name);
      checker.podDeleted();
      return;
    }
  }
}

describe("Deployment properties on a whole cluster", () => {
  it(
    "keeps the rolling-update bounds at every step and converges",
    () => {
      const armed = { surge: 0, availability: 0, surgeTight: 0, availabilityTight: 0, runs: 0 };
      fc.assert(
        fc.property(modelArb, (m) => {
          const { checker, problems } = simulate(m);
          expect(problems).toEqual([]);
          if (checker !== undefined) {
            armed.runs++;
            if (checker.counts.surge > 0) armed.surge++;
            if (checker.counts.availability > 0) armed.availability++;
            if (checker.counts.surgeTight > 0) armed.surgeTight++;
            if (checker.counts.availabilityTight > 0) armed.availabilityTight++;
          }
        }),
        { numRuns: RUNS },
      );
      // The bounds were really exercised, not vacuously true: armed in most runs, and reached
      // exactly (pods = R + S, available = R − U) in some, so an off-by-one would fail.
      expect(armed.surge).toBeGreaterThan(armed.runs / 2);
      expect(armed.availability).toBeGreaterThan(armed.runs / 3);
      // (About a quarter of the runs reach each bound exactly; at least one must.)
      expect(armed.surgeTight).toBeGreaterThan(0);
      expect(armed.availabilityTight).toBeGreaterThan(0);
    },
    Math.max(60_000, RUNS * 1000),
  );

  it("gives the same trace for the same model and seed", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        expect(simulate(m).s.traceHash()).toBe(simulate(m).s.traceHash());
      }),
      { numRuns: 5 },
    );
  });
});
