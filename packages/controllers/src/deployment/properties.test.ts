/**
 * fast-check properties of the Deployment arithmetic: fenceposts, one rolling step, whole rollouts
 * on the tiny world, and proportional scaling.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IntOrString } from "@kubesim/api";
import { runPlan } from "./plan.js";
import type { DeploymentAction } from "./plan.js";
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from "./rolling.js";
import { scale } from "./sync.js";
import { newDeployment, newReplicaSet, webTemplate } from "./testdata/fixtures.js";
import { World } from "./testdata/world.js";
import {
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  maxSurge,
  maxUnavailable,
  minAvailable,
  resolveFenceposts,
} from "./util.js";

const replicasArb = fc.integer({ min: 0, max: 50 });
/** maxSurge: an int or a percent (validation allows more than 100%). */
const surgeArb: fc.Arbitrary<IntOrString> = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: 200 }).map((p) => `${p}%`),
);
/** maxUnavailable: an int or a percent up to 100%. */
const unavailableArb: fc.Arbitrary<IntOrString> = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
);

/** The scaled value computed independently: ceil/floor of p × total / 100. */
function scaled(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const x = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

function sizeAfter(actions: readonly DeploymentAction[], rs: ReplicaSet): number {
  let size = rs.spec?.replicas ?? 0;
  for (const a of actions) {
    if (a.type === "scaleReplicaSet" && a.rs.metadata?.name === rs.metadata?.name) size = a.to;
  }
  return size;
}

describe("fenceposts", () => {
  it("surge rounds up, unavailable rounds down, both 0 → unavailable 1; MaxUnavailable ≤ replicas", () => {
    fc.assert(
      fc.property(replicasArb, surgeArb, unavailableArb, (r, s, u) => {
        const got = resolveFenceposts(s, u, r);
        const surge = scaled(s, r, true);
        let unavailable = scaled(u, r, false);
        if (surge === 0 && unavailable === 0) unavailable = 1;
        expect([got.surge, got.unavailable]).toEqual([surge, unavailable]);
        const d = newDeployment({ replicas: r, maxSurge: s, maxUnavailable: u });
        expect(maxSurge(d)).toBe(surge);
        expect(maxUnavailable(d)).toBe(r === 0 ? 0 : Math.min(unavailable, r));
        expect(minAvailable(d)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("one rolling step (reconcileNewReplicaSet, else reconcileOldReplicaSets)", () => {
  it("never plans more than replicas + maxSurge pods, nor fewer than min(available, replicas - maxUnavailable) available", () => {
    const state = replicasArb.chain((r) =>
      fc.record({
        r: fc.constant(r),
        s: surgeArb,
        u: unavailableArb,
        oldSpec: fc.integer({ min: 0, max: r }),
        newSpec: fc.integer({ min: 0, max: r }),
        oldAvailFrac: fc.double({ min: 0, max: 1, noNaN: true }),
        newAvailFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(state, ({ r, s, u, oldSpec, newSpec, oldAvailFrac, newAvailFrac }) => {
        const d = newDeployment({
          replicas: r,
          maxSurge: s,
          maxUnavailable: u,
          template: webTemplate("v2"),
        });
        const surge = maxSurge(d);
        fc.pre(oldSpec + newSpec <= r + surge); // the invariant holds before the step
        const oldAvail = Math.floor(oldSpec * oldAvailFrac);
        const newAvail = Math.floor(newSpec * newAvailFrac);
        const old = newReplicaSet({
          name: "old",
          replicas: oldSpec,
          statusReplicas: oldSpec,
          availableReplicas: oldAvail,
          created: "2024-01-01T00:00:00Z",
        });
        const fresh = newReplicaSet({
          name: "new",
          replicas: newSpec,
          statusReplicas: newSpec,
          availableReplicas: newAvail,
          created: "2024-01-01T01:00:00Z",
        });
        const all = [old, fresh];

        const up = runPlan(reconcileNewReplicaSet(all, fresh, d));
        let actions = up.actions;
        if (!up.result.scaled)
          actions = runPlan(
            reconcileOldReplicaSets(all, oldSpec > 0 ? [old] : [], fresh, d),
          ).actions;
        const oldAfter = sizeAfter(actions, old);
        const newAfter = sizeAfter(actions, fresh);
        expect(oldAfter + newAfter).toBeLessThanOrEqual(r + surge);
        expect(newAfter).toBeLessThanOrEqual(r);
        // The ReplicaSet controller deletes unavailable pods first.
        const availableAfter = Math.min(oldAvail, oldAfter) + Math.min(newAvail, newAfter);
        expect(availableAfter).toBeGreaterThanOrEqual(
          Math.min(oldAvail + newAvail, minAvailable(d)),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe("a whole rollout on the tiny world (syncDeployment + a ReplicaSet controller)", () => {
  it("stays within replicas + maxSurge and replicas - maxUnavailable at every step, and converges", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        surgeArb,
        unavailableArb,
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }),
        (r, s, u, readiness) => {
          const d = newDeployment({
            name: "web",
            replicas: r,
            maxSurge: s,
            maxUnavailable: u,
            progressDeadlineSeconds: 600,
            template: webTemplate("v1"),
          });
          const w = new World(d, 1_704_067_200_000);
          w.run();
          const first = Object.keys(w.sizes())[0] ?? "";
          // New pods become available a few at a time: `readiness[i]` more after step i.
          let budget = 0;
          w.available = (rs) => (rs.metadata?.name === first ? (rs.spec?.replicas ?? 0) : budget);
          w.editSpec((spec) => ({ ...spec, template: webTemplate("v2") }));
          const surge = maxSurge(w.deployment);
          const minAvail = minAvailable(w.deployment);
          const check = () => {
            const rss = w.rsList();
            const total = rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
            const available = rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
            expect(total).toBeLessThanOrEqual(r + surge);
            expect(available).toBeGreaterThanOrEqual(minAvail);
          };
          for (const more of readiness) {
            w.now += 1000;
            w.sync();
            w.settle();
            check();
            budget += more;
            w.settle();
            check();
          }
          budget = Number.POSITIVE_INFINITY;
          w.settle();
          for (let i = 0; i < 4 * (r + 5); i++) {
            w.now += 1000;
            w.sync();
            w.settle();
            check();
          }
          const sizes = w.sizes();
          const second = Object.keys(sizes).find((n) => n !== first);
          if (r > 0) {
            expect(second).toBeDefined();
            expect(sizes).toEqual({ [first]: 0, [second ?? ""]: r });
          }
          const status = w.deployment.status;
          expect([
            status?.replicas ?? 0,
            status?.updatedReplicas ?? 0,
            status?.availableReplicas ?? 0,
          ]).toEqual([r, r, r]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("proportional scaling (scale)", () => {
  const scenario = fc.integer({ min: 2, max: 5 }).chain((k) =>
    fc.record({
      sizes: fc.array(fc.integer({ min: 1, max: 15 }), { minLength: k, maxLength: k }),
      extraMax: fc.integer({ min: 0, max: 10 }),
      replicas: replicasArb,
      surge: surgeArb,
    }),
  );

  it("distributes exactly the change (Σ new sizes = replicas + maxSurge, 0 at 0 replicas) but for the clamp at 0; the leftover goes to the first RS", () => {
    fc.assert(
      fc.property(scenario, ({ sizes, extraMax, replicas, surge }) => {
        // Every RS annotated by the same earlier sync: max-replicas M ≥ Σ sizes.
        const before = sizes.reduce((a, b) => a + b, 0);
        const m = before + extraMax;
        const ann = {
          [DesiredReplicasAnnotation]: String(Math.max(0, m - 1)),
          [MaxReplicasAnnotation]: String(m),
        };
        const rss = sizes.map((n, i) =>
          newReplicaSet({
            name: `rs-${i}`,
            replicas: n,
            created: `2024-01-01T0${i}:00:00Z`,
            annotations: ann,
            template: webTemplate(`v${i}`),
          }),
        );
        const d = newDeployment({
          replicas,
          maxSurge: surge,
          maxUnavailable: 1,
          template: webTemplate(`v${sizes.length - 1}`),
        });
        const newRS = rss[rss.length - 1];
        const { actions, result } = runPlan(scale(d, newRS, rss.slice(0, -1)));
        expect(result.error).toBeUndefined();
        const after = rss.map((rs) => sizeAfter(actions, rs));
        const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
        expect(after.every((n) => n >= 0)).toBe(true);
        const toAdd = allowed - before;
        if (toAdd === 0) {
          expect(after).toEqual(sizes);
          return;
        }
        // Kubernetes' order: largest first; ties newest first when adding, oldest first when removing.
        const order = sizes
          .map((n, i) => ({ n, i }))
          .sort((a, b) => b.n - a.n || (toAdd > 0 ? b.i - a.i : a.i - b.i))
          .map((x) => x.i);
        const firstIdx = order[0] ?? 0;
        // Exactly the change is distributed, except in Kubernetes' one lossy case: when removing,
        // the leftover can push the first RS below 0, and the clamp to 0 keeps the excess
        // (sizes 9,9,9,8,7 → 3 gives 0,1,1,1,1 = 4; see sync.test.ts).
        const total = after.reduce((a, b) => a + b, 0);
        if (total !== allowed) {
          expect(toAdd).toBeLessThan(0);
          expect(after[firstIdx]).toBe(0);
          expect(total).toBeGreaterThan(allowed);
        }
        for (const [i, n] of sizes.entries()) {
          if (i === firstIdx) continue;
          // The others end between their old size and their rounded share of the new maximum
          // (a share can be below the old size even when adding: max-replicas was larger), so the
          // rounding leftover lands on the first one only.
          const a = after[i] ?? 0;
          const share = replicas === 0 ? 0 : Math.floor((n * allowed) / m + 0.5);
          expect(a).toBeGreaterThanOrEqual(Math.min(n, share));
          expect(a).toBeLessThanOrEqual(Math.max(n, share));
        }
      }),
      { numRuns: 500 },
    );
  });
});
