/**
 * The properties can fail: each deliberately broken variant of a controller
 * (testdata/) is caught by the rollout property with a fixed seed, shrunk to
 * a small case, and the built-in controllers pass that same case. (The third
 * variant, a Deployment controller that ignores maxUnavailable, is in
 * property.test.ts.)
 */
import { describe, expect, it } from "vitest";
import type { ActionType } from "./arbitraries/actions.js";
import { isRolloutPropertyError, rolloutProperty, type RolloutPropertyError } from "./property.js";
import { runCase } from "./replay.js";
import { forgetExpectations } from "./testdata/forget-expectations.js";
import { neverRelistAfterWatchDrop } from "./testdata/never-relist.js";

/** The operator actions and faults these variants are about; the rest only slow the search. */
const OTHERS: readonly ActionType[] = [
  "partition",
  "stopNode",
  "startNode",
  "restartController",
  "pause",
  "resume",
  "undo",
  "advance",
];

function caught(run: () => unknown): RolloutPropertyError {
  try {
    run();
  } catch (e) {
    if (isRolloutPropertyError(e)) return e;
    throw e;
  }
  throw new Error("the property held: the broken variant was not caught");
}

describe("deliberately broken controller variants", () => {
  it("catches a ReplicaSet controller that forgets its expectations and creates pods twice from a late cache", () => {
    const e = caught(() =>
      rolloutProperty({
        runs: 40,
        seed: 120,
        maxSteps: 4,
        exclude: [...OTHERS, "dropWatches"],
        replicaSetExpectations: forgetExpectations,
        controller: "forget-expectations",
      }),
    );
    const c = e.failingCase;
    expect(c.steps.length).toBeLessThanOrEqual(2);
    // Watch events ran late (API latency): the controller replaced a deleted pod, synced again on
    // a later event of the old pod before its cache showed the replacement, and created another.
    expect(c.steps.map((s) => s.action.type)).toContain("apiLatency");
    const first = e.result.violations[0];
    expect(first?.invariant).toBe("replicaSetPods");
    expect(first?.message).toMatch(/has \d+ active pods, more than the \d+ it asked for/);
    expect(e.message).toContain("controller forget-expectations");
    // The real controller, whose expectations wait for its own pods, passes the same case.
    expect(runCase(c, { timeline: false }).violations).toEqual([]);
  });

  it("catches kube-controller-manager informers that never relist after a watch drop", () => {
    const e = caught(() =>
      rolloutProperty({
        runs: 40,
        seed: 11,
        exclude: OTHERS,
        controllerManagerWatcherHook: neverRelistAfterWatchDrop,
        controller: "never-relist",
      }),
    );
    const c = e.failingCase;
    expect(c.steps.length).toBeLessThanOrEqual(1);
    expect(c.steps.map((s) => s.action.type)).toEqual(["dropWatches"]);
    // The pod's last change came while the informers were not watching: the controllers never
    // learn that it is ready, so the rollout never completes and the Service never routes to it
    // (neither its Endpoints nor its EndpointSlices list the pod as ready).
    expect(e.result.violations.map((v) => v.invariant)).toEqual([
      "convergence",
      "endpoints",
      "endpointSlices",
      "endpointSlices",
      "replicaSetStatus",
    ]);
    // Informers that relist after the drop (client-go's reflector) pass the same case.
    expect(runCase(c, { timeline: false }).violations).toEqual([]);
  });
});
