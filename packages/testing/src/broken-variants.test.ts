/**
 * The properties can fail: each deliberately broken variant of a controller
 * (testdata/) is caught by the rollout property with the default actions and
 * a plain seed, shrunk to a small case, and the built-in controllers pass that
 * same case. (The third variant, a Deployment controller that ignores
 * maxUnavailable, is in property.test.ts.) docs/testing.md ("Counts and
 * times") has how soon each is caught over seeds 1-10.
 */
import { describe, expect, it } from "vitest";
import { isRolloutPropertyError, rolloutProperty, type RolloutPropertyError } from "./property.js";
import { runCase } from "./replay.js";
import { forgetExpectations } from "./testdata/forget-expectations.js";
import { neverRelistAfterWatchDrop } from "./testdata/never-relist.js";

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
        runs: 300,
        seed: 1,
        replicaSetExpectations: forgetExpectations,
        controller: "forget-expectations",
      }),
    );
    const c = e.failingCase;
    expect(e.numRuns).toBeLessThanOrEqual(300);
    expect(c.steps.length).toBeLessThanOrEqual(3);
    // Watch events ran late, each drawn its own delay: the controller created pods, synced again
    // on a pod event before its cache showed all of them, and created the missing ones again.
    const slow = c.steps.find((s) => s.action.type === "apiLatency")?.action;
    expect(slow?.type === "apiLatency" && (slow.jitterMs ?? 0) > 0).toBe(true);
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
        runs: 300,
        seed: 8,
        controllerManagerWatcherHook: neverRelistAfterWatchDrop,
        controller: "never-relist",
      }),
    );
    const c = e.failingCase;
    expect(e.numRuns).toBeLessThanOrEqual(300);
    expect(c.steps.length).toBeLessThanOrEqual(3);
    expect(c.steps.map((s) => s.action.type)).toContain("dropWatches");
    // What changed while the informers were not watching is never seen: the rollout never
    // completes as the server has it.
    expect(e.result.violations.map((v) => v.invariant)).toContain("convergence");
    // Informers that relist after the drop (client-go's reflector) pass the same case.
    expect(runCase(c, { timeline: false }).violations).toEqual([]);
  });
});
