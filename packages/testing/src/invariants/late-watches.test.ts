/**
 * Cases the rollout property found once watch events got per-event jitter
 * (slowApiServer's `jitter`): the built-in controllers did what Kubernetes'
 * do on a late cache, and the bounds were too strict. Both must pass.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCase } from "../case.js";
import { runCase } from "../replay.js";

function load(name: string) {
  return parseCase(readFileSync(join(import.meta.dirname, "..", "testdata", name), "utf8"));
}

describe("the rolling-update bounds with late watch events", () => {
  // Scale 4 -> 0 -> 4 within a second while the ReplicaSet controller's events run late: the
  // Deployment looks complete again (4 available), then the ReplicaSet controller acts on the
  // scale to 0 it has only now seen and replaces every pod. Not settled until each ReplicaSet's
  // status.observedGeneration has caught up with its generation.
  it("availability is not armed while a ReplicaSet's controller has yet to see its latest spec", () => {
    const c = load("late-scale-flap-case.json");
    expect(c.steps.map((s) => s.action.type)).toEqual(["apiLatency", "scale", "scale", "setImage"]);
    expect(runCase(c, { timeline: false }).violations).toEqual([]);
  });

  // Set image then scale to 0 at once, events jittered: the Deployment controller sees the new
  // template and creates the new ReplicaSet, then the scale before the new ReplicaSet reached
  // its cache, and scales only the old one down (Kubernetes' sync without createIfNotExisted).
  it("surge is not checked while watch events may still be in flight", () => {
    const c = load("late-new-replicaset-case.json");
    expect(c.steps.map((s) => s.action.type)).toEqual(["apiLatency", "setImage", "scale"]);
    expect(runCase(c, { timeline: false }).violations).toEqual([]);
  });
});
