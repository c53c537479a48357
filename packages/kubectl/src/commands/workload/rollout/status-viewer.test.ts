import fc from "fast-check";
import type { Deployment } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { statusVectors } from "../testdata/fixtures.js";
import { deploymentStatus } from "./status-viewer.js";

function deploymentOf(v: ReturnType<typeof statusVectors>[number]["input"]): Deployment {
  return {
    metadata: {
      name: v.name,
      namespace: v.namespace ?? "default",
      generation: v.generation,
      ...(v.annotations === undefined ? {} : { annotations: v.annotations }),
    },
    spec: { replicas: v.specReplicas, selector: {}, template: {} },
    status: v.status,
  };
}

describe("DeploymentStatusViewer.Status", () => {
  for (const v of statusVectors()) {
    it(`${v.name} (${v.source.split("::")[1] ?? v.source})`, () => {
      const got = deploymentStatus(deploymentOf(v.input), v.input.revision);
      if (v.expected.error !== null) expect(got).toEqual({ error: v.expected.error });
      else expect(got).toEqual({ message: v.expected.message, done: v.expected.done });
    });
  }

  it("is done exactly when every replica is updated, available, and no old one is left", () => {
    const n = fc.integer({ min: 0, max: 6 });
    fc.assert(
      fc.property(
        n,
        n,
        n,
        n,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (spec, replicas, updated, available, generation, observed) => {
          const d: Deployment = {
            metadata: { name: "web", generation },
            spec: { replicas: spec, selector: {}, template: {} },
            status: {
              observedGeneration: observed,
              replicas,
              updatedReplicas: updated,
              availableReplicas: available,
            },
          };
          const s = deploymentStatus(d);
          expect(s.error).toBeUndefined();
          const done =
            generation <= observed &&
            updated >= spec &&
            replicas <= updated &&
            available >= updated;
          expect("done" in s && s.done).toBe(done);
          if (done)
            expect(s).toEqual({
              message: 'deployment "web" successfully rolled out\n',
              done: true,
            });
          else if ("message" in s) expect(s.message).toMatch(/^Waiting for deployment/);
        },
      ),
    );
  });
});
