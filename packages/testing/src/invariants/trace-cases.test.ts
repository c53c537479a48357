/**
 * checkTrace against watchInvariants over generated rollout cases (faults
 * included): the same steps as runCase, on a cluster that records its
 * trace's objects; the offline check must find exactly what the live one
 * found, for the built-in controller and for one that ignores maxUnavailable.
 */
import fc from "fast-check";
import { Cluster, type DeploymentSyncHook } from "kubesim";
import { describe, expect, it } from "vitest";
import { actionOf } from "../arbitraries/actions.js";
import { catalogueOf } from "../arbitraries/images.js";
import type { RolloutCase } from "../case.js";
import { rolloutCaseArb } from "../property.js";
import { ignoreMaxUnavailable } from "../testdata/ignore-max-unavailable.js";
import { checkTrace } from "./trace.js";
import type { Violation } from "./violation.js";
import { InvariantWatch } from "./watch.js";

/** runCase's steps (without the heal and converge phase), live-checked; and the trace. */
function run(c: RolloutCase, hook?: DeploymentSyncHook): { live: Violation[]; cluster: Cluster } {
  const cluster = Cluster.create({
    seed: c.seed,
    nodes: c.nodes,
    images: catalogueOf(c.images),
    dns: false,
    ingress: false,
    loadBalancers: false,
    traceObjects: true,
    ...(hook === undefined ? {} : { deploymentSyncHook: hook }),
  });
  const ref = { name: c.deployment.metadata?.name ?? "web", namespace: "default" };
  const w = new InvariantWatch(cluster, ref);
  cluster.apply([c.deployment, c.service]);
  w.advance(0);
  for (const step of c.steps) {
    if (w.violations.length > 0) break;
    const action = actionOf(step.action);
    if (step.action.type === "advance") w.advance(step.action.ms);
    else action.run(cluster, { deployment: ref.name, namespace: ref.namespace });
    w.advance(step.waitMs);
  }
  if (w.violations.length === 0) w.advance("2m");
  w.stop();
  // Watch delivery is checked live only (the trace records commits, not deliveries).
  return { live: w.violations.filter((v) => v.invariant !== "watchDelivery"), cluster };
}

const cases = (seed: number, rollingUpdates = false): RolloutCase[] =>
  fc.sample(
    rolloutCaseArb({ exclude: ["partition"] }).filter(
      (c) =>
        !rollingUpdates ||
        ((c.deployment.spec?.replicas ?? 0) >= 2 &&
          c.deployment.spec?.strategy?.type === "RollingUpdate" &&
          c.steps.some((s) => s.action.type === "setImage")),
    ),
    { numRuns: 15, seed },
  );

describe("checkTrace over generated cases", () => {
  it("finds nothing where the live check finds nothing (the built-in controller, with faults)", () => {
    let checked = 0;
    for (const c of cases(11)) {
      const { live, cluster } = run(c);
      expect(live).toEqual([]);
      const r = checkTrace(cluster.trace, { deployment: c.deployment.metadata?.name ?? "web" });
      expect(r.violations).toEqual([]);
      checked += r.checks;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("finds exactly the violations the live check finds, for a controller that ignores maxUnavailable", () => {
    let violated = 0;
    // Rolling updates of 2 or more replicas: where ignoring maxUnavailable shows.
    for (const c of cases(12, true)) {
      const { live, cluster } = run(c, ignoreMaxUnavailable);
      const r = checkTrace(cluster.trace, { deployment: c.deployment.metadata?.name ?? "web" });
      expect(r.violations).toEqual(live);
      if (live.length > 0) violated++;
    }
    expect(violated).toBeGreaterThan(2); // 4 of the 15
  });
});
