/**
 * A scenario test whose second run differs from its first, for
 * test/determinism-replay.test.ts: run alone (replay-fixture.config.ts), the
 * replay must fail this file, naming the test whose cluster differs and no
 * other. The suite's own configuration leaves test/scenarios/testdata/ out.
 */
import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";

/** Counts the runs of this file in the worker (both copies share globalThis). */
const runs = globalThis as { replayFixtureRuns?: number };
runs.replayFixtureRuns = (runs.replayFixtureRuns ?? 0) + 1;
const run = runs.replayFixtureRuns;

function deployment(name: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: "nginx:1" }] },
      },
    },
  };
}

describe("fixture", () => {
  it("the same seed in both runs", () => {
    const c = Cluster.create({ seed: 1, dns: false, ingress: false });
    c.apply([deployment("web")]);
    c.advance("30s");
    expect(c.list("Pod").length).toBe(2);
  });

  it("another seed in the second run", () => {
    const c = Cluster.create({ seed: run, dns: false, ingress: false });
    c.apply([deployment("web")]);
    c.advance("30s");
    expect(c.list("Pod").length).toBe(2);
  });
});
