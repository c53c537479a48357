/**
 * A property of the wired controller: whatever a user does (scale, change the template, pause,
 * resume, undo) and however the edits interleave with the controller's syncs, once the Deployment
 * is resumed and left alone it converges to Kubernetes' end state: the ReplicaSet of the current
 * template holds every replica, every other one is at 0, old ones are cleaned up past
 * revisionHistoryLimit, and the status says complete.
 */
import { ApiServer } from "@kubesim/apiserver";
import { Loop, Rng } from "@kubesim/sim";
import fc from "fast-check";
import type { Deployment } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { Harness, webDeployment, withImage } from "./controller-runner.harness.js";
import { applyRollback, planRollback } from "./rollback.js";
import { equalIgnoreHash, resolveFenceposts } from "./util.js";

type Op =
  | { readonly type: "scale"; readonly replicas: number }
  | { readonly type: "image"; readonly image: string }
  | { readonly type: "pause" | "resume" | "undo" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("scale" as const), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({
    type: fc.constant("image" as const),
    image: fc.constantFrom("nginx:1", "nginx:2", "nginx:3", "nginx:4"),
  }),
  fc.record({ type: fc.constantFrom("pause" as const, "resume" as const, "undo" as const) }),
);

const spec = (d: Deployment) => d.spec as NonNullable<Deployment["spec"]>;

function apply(h: Harness, o: Op): void {
  switch (o.type) {
    case "scale":
      h.edit((d) => ({ ...d, spec: { ...spec(d), replicas: o.replicas } }));
      return;
    case "image":
      h.edit((d) => withImage(d, o.image));
      return;
    case "pause":
    case "resume":
      h.edit((d) => ({ ...d, spec: { ...spec(d), paused: o.type === "pause" } }));
      return;
    case "undo": {
      const d = h.deployment();
      const plan = planRollback(d, h.replicaSets(), 0);
      if (plan.type === "rollback") h.api.update("Deployment", applyRollback(d, plan));
      return;
    }
  }
}

describe("the controller converges", () => {
  it("after any sequence of scale, template change, pause, resume and undo", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(op, fc.integer({ min: 0, max: 1500 })), { maxLength: 8 }),
        fc.constantFrom<[number | string, number | string]>([1, 0], [0, 1], ["25%", "25%"], [2, 2]),
        (replicas, ops, [maxSurge, maxUnavailable]) => {
          const loop = new Loop();
          const h = new Harness(new ApiServer({ loop, rng: new Rng(11) }), loop);
          h.create(
            webDeployment("nginx:1", replicas, {
              revisionHistoryLimit: 2,
              strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } },
            }),
          );
          h.run();
          for (const [o, wait] of ops) {
            apply(h, o);
            h.run(wait);
          }
          apply(h, { type: "resume" });
          h.run("1m");

          const d = h.deployment();
          const want = spec(d).replicas ?? 1;
          const all = h.replicaSets();
          const current = all.filter((rs) => equalIgnoreHash(rs.spec?.template, spec(d).template));
          expect(current).toHaveLength(1);
          expect(current[0]?.spec?.replicas).toBe(want);
          for (const rs of all) if (rs !== current[0]) expect(rs.spec?.replicas).toBe(0);
          expect(all.length).toBeLessThanOrEqual(3); // revisionHistoryLimit 2, plus the current
          expect(d.status?.observedGeneration).toBe(d.metadata?.generation);
          expect(d.status?.updatedReplicas ?? 0).toBe(want);
          expect(d.status?.availableReplicas ?? 0).toBe(want);
          expect(d.status?.replicas ?? 0).toBe(want);
          const progressing = d.status?.conditions?.find((c) => c.type === "Progressing");
          expect(progressing?.reason).toBe("NewReplicaSetAvailable");
          for (const rs of all) {
            expect(rs.metadata?.ownerReferences?.[0]?.uid).toBe(d.metadata?.uid);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("the rolling-update bounds", () => {
  it("hold at every sampled instant of a template change, whatever the readiness delay", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<[number | string, number | string]>(
          [1, 0],
          [0, 1],
          ["25%", "25%"],
          [2, 3],
          ["50%", "10%"],
        ),
        fc.integer({ min: 0, max: 3000 }),
        (replicas, [surge, unavailable], readyDelay) => {
          const loop = new Loop();
          const h = new Harness(new ApiServer({ loop, rng: new Rng(13) }), loop, {
            autoAvailable: false,
            readyDelay,
          });
          h.create(
            webDeployment("nginx:1", replicas, {
              strategy: {
                type: "RollingUpdate",
                rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable },
              },
            }),
          );
          h.run("1m");
          const f = resolveFenceposts(surge, unavailable, replicas);
          h.edit((d) => withImage(d, "nginx:2"));
          for (let t = 0; t < 600; t++) {
            h.run(100);
            let total = 0;
            let available = 0;
            for (const rs of h.replicaSets()) {
              total += rs.spec?.replicas ?? 0;
              available += rs.status?.availableReplicas ?? 0;
            }
            expect(total).toBeLessThanOrEqual(replicas + f.surge);
            expect(available).toBeGreaterThanOrEqual(replicas - f.unavailable);
          }
          const [old, current] = h.replicaSets();
          expect([old?.spec?.replicas, current?.spec?.replicas]).toEqual([0, replicas]);
        },
      ),
      { numRuns: 15 },
    );
  });
});
