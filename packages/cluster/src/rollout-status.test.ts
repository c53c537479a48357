import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Deployment, DeploymentCondition } from "kubernetes-types/apps/v1";
import { deploymentRolloutStatus } from "./rollout-status.js";

interface Vector {
  readonly source: string;
  readonly name: string;
  readonly input: {
    readonly name: string;
    readonly namespace?: string;
    readonly generation: number;
    readonly specReplicas: number;
    readonly annotations?: Record<string, string>;
    readonly status: {
      readonly observedGeneration: number;
      readonly replicas: number;
      readonly updatedReplicas: number;
      readonly availableReplicas: number;
      readonly unavailableReplicas?: number;
      readonly conditions?: DeploymentCondition[];
    };
    readonly revision: number;
  };
  readonly expected: {
    readonly message: string;
    readonly done: boolean;
    readonly error: string | null;
  };
}

const vectors = JSON.parse(
  readFileSync(new URL("./testdata/rollout-status-vectors.json", import.meta.url), "utf8"),
) as Record<string, Vector[]>;

function deploymentOf(v: Vector["input"]): Deployment {
  return {
    metadata: {
      name: v.name,
      ...(v.namespace === undefined ? {} : { namespace: v.namespace }),
      generation: v.generation,
      ...(v.annotations === undefined ? {} : { annotations: v.annotations }),
    },
    spec: { replicas: v.specReplicas, selector: {}, template: {} },
    status: v.status,
  };
}

describe("deploymentRolloutStatus (kubectl's DeploymentStatusViewer)", () => {
  const all = [
    ...(vectors["rolloutStatusDeployment"] ?? []),
    ...(vectors["rolloutStatusDeploymentDerived"] ?? []),
  ];
  it("has the vectors", () => expect(all.length).toBe(7));
  for (const v of all) {
    it(`${v.source.split("::")[1] ?? v.source} ${v.name}`, () => {
      const got = deploymentRolloutStatus(deploymentOf(v.input), v.input.revision);
      if (v.expected.error !== null) expect(got).toEqual({ error: v.expected.error });
      else expect(got).toEqual({ done: v.expected.done, message: v.expected.message });
    });
  }

  it("a missing revision annotation is revision 0; a bad one is strconv's error", () => {
    const d: Deployment = { metadata: { name: "web", generation: 1 }, status: {} };
    expect(deploymentRolloutStatus(d, 2)).toEqual({
      error: "desired revision (2) is different from the running revision (0)",
    });
    const bad = {
      ...d,
      metadata: { ...d.metadata, annotations: { "deployment.kubernetes.io/revision": "x" } },
    };
    expect(deploymentRolloutStatus(bad, 2)).toEqual({
      error:
        'cannot get the revision of deployment "web": strconv.ParseInt: parsing "x": invalid syntax',
    });
  });

  it("property: done only when every replica is updated and available and the spec is observed", () => {
    const n = fc.integer({ min: 0, max: 6 });
    fc.assert(
      fc.property(n, n, n, n, n, n, (gen, obs, spec, replicas, updated, available) => {
        const s = deploymentRolloutStatus({
          metadata: { name: "web", generation: gen },
          spec: { replicas: spec, selector: {}, template: {} },
          status: {
            observedGeneration: obs,
            replicas,
            updatedReplicas: updated,
            availableReplicas: available,
          },
        });
        const done = gen <= obs && updated >= spec && replicas <= updated && available >= updated;
        expect("done" in s && s.done).toBe(done);
      }),
    );
  });
});
