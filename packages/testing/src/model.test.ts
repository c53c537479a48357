/**
 * Model-based testing of the Deployment controller: a model of a
 * Deployment's replicas and image, commands scale / set image / delete pod /
 * advance, and a check that the settled cluster matches the model. Then the
 * helper proven able to fail: a wrong model, and a broken controller, each
 * caught and shrunk to one command.
 */
import fc from "fast-check";
import type { Deployment } from "kubernetes-types/apps/v1";
import { Cluster, ReconcileResult, isApiError, type CustomController } from "kubesim";
import { describe, expect, it } from "vitest";
import {
  advanceCommandArb,
  clusterModelProperty,
  clusterModelRun,
  isClusterModelError,
  type ClusterCommand,
} from "./index.js";

interface Model {
  replicas: number;
  image: string;
}

const IMAGES = ["app:v1", "app:v2", "app:v3"] as const;

const web: Deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "app", image: "app:v1" }] },
    },
  },
};

function setup(customControllers: readonly CustomController[] = []) {
  return () => {
    const cluster = Cluster.create({ seed: 1, dns: false, ingress: false, customControllers });
    cluster.create("Deployment", web);
    cluster.runUntil({ rollout: "web" });
    return { model: { replicas: 2, image: "app:v1" }, cluster };
  };
}

const scale = (n: number): ClusterCommand<Model> => ({
  check: () => true,
  run: (m, c) => {
    c.patch("Deployment", "web", { spec: { replicas: n } });
    m.replicas = n;
  },
  toString: () => `scale ${n}`,
});

const setImage = (image: string): ClusterCommand<Model> => ({
  check: (m) => m.image !== image,
  run: (m, c) => {
    c.patch("Deployment", "web", {
      spec: { template: { spec: { containers: [{ name: "app", image }] } } },
    });
    m.image = image;
  },
  toString: () => `set image ${image}`,
});

/** Deletes the n-th live pod (modulo their count); the ReplicaSet replaces it. */
const deletePod = (n: number, wrongModel = false): ClusterCommand<Model> => ({
  check: () => true,
  run: (m, c) => {
    const pods = livePods(c).map((p) => p.metadata!.name!);
    const pod = pods[n % Math.max(1, pods.length)];
    if (pod !== undefined) c.faults.deletePod(pod);
    // a deliberately wrong model: as if deleted pods were not replaced
    if (wrongModel && pod !== undefined) m.replicas--;
  },
  toString: () => `delete pod #${n}`,
});

/** The commands fast-check kept, without its replay comment. */
const shrunk = (cmds: unknown) => String(cmds).replace(/ \/\*replayPath=.*\*\/$/, "");

const livePods = (c: Cluster) =>
  c
    .list("Pod", { namespace: "default", labelSelector: "app=web" })
    .filter((p) => p.metadata?.deletionTimestamp == null);

/** The settled cluster matches the model. */
function check(m: Readonly<Model>, c: Cluster): void {
  const pods = livePods(c);
  expect(pods.map((p) => p.spec?.containers[0]?.image)).toEqual(Array(m.replicas).fill(m.image));
  const d = c.get("Deployment", "web");
  expect(d.status?.updatedReplicas ?? 0).toBe(m.replicas);
  expect(d.status?.availableReplicas ?? 0).toBe(m.replicas);
}

const commands = (wrongModel = false) => [
  fc.integer({ min: 0, max: 5 }).map(scale),
  fc.constantFrom(...IMAGES).map(setImage),
  fc.nat({ max: 9 }).map((n) => deletePod(n, wrongModel)),
  advanceCommandArb<Model>(30),
];

/** A rogue controller of the user's: caps every Deployment at 3 replicas. */
const capAtThree: CustomController = (mgr) => {
  const deployments = mgr.informers.lister("Deployment");
  return {
    name: "cap-at-three",
    for: "Deployment",
    reconciler: {
      reconcile: (key) => {
        const d = deployments.get(key);
        if (d !== undefined && (d.spec?.replicas ?? 1) > 3) {
          try {
            mgr.client.patch("Deployment", d.metadata!.namespace!, d.metadata!.name!, "merge", {
              spec: { replicas: 3 },
            });
          } catch (e) {
            if (!isApiError(e)) throw e;
          }
        }
        return ReconcileResult.done();
      },
    },
  };
};

describe("clusterModelRun / clusterModelProperty", () => {
  it("the Deployment controller matches a model of replicas and image", () => {
    fc.assert(
      clusterModelProperty({ setup: setup(), commands: commands(), between: "2s", check }),
      { numRuns: 25, seed: 11 },
    );
  });

  it("runs the commands in order with virtual time between them, then settles and checks", () => {
    const seen: string[] = [];
    const c0 = setup()().cluster.now();
    clusterModelRun(
      {
        setup: setup(),
        between: "5s",
        settle: (c) => {
          seen.push(`settle at +${(c.now() - c0) / 1000}s`);
          c.advance("1m");
        },
        check: (m, c) => {
          seen.push(`check at +${(c.now() - c0) / 1000}s`);
          check(m, c);
        },
      },
      [scale(4), setImage("app:v2"), setImage("app:v2"), deletePod(1)],
    );
    // the second set image is not applicable (check() false) and does not run
    expect(seen).toEqual(["settle at +15s", "check at +75s"]);
  });

  it("checkEach settles and checks after every command", () => {
    let checks = 0;
    clusterModelRun(
      {
        setup: setup(),
        settle: "1m",
        checkEach: true,
        check: (m, c) => {
          checks++;
          check(m, c);
        },
      },
      [scale(3), setImage("app:v3")],
    );
    expect(checks).toBe(2);
  });

  it("catches a wrong model and shrinks it to one command", () => {
    const details = fc.check(
      clusterModelProperty({
        setup: setup(),
        commands: commands(true),
        between: "2s",
        check,
      }),
      { numRuns: 50, seed: 11 },
    );
    expect(details.failed).toBe(true);
    expect(details.numShrinks).toBeGreaterThan(0);
    expect(shrunk(details.counterexample?.[0])).toBe("delete pod #0");
    expect(isClusterModelError(details.errorInstance)).toBe(true);
    expect((details.errorInstance as Error).message).toMatch(
      /^the cluster does not match the model after 1 command\(s\) \[delete pod #0\], at virtual time 2024-01-01T00:02:02\.000Z: /,
    );
  });

  it("catches a broken controller and shrinks it to one command", () => {
    const details = fc.check(
      clusterModelProperty({
        setup: setup([capAtThree]),
        commands: commands(),
        between: "2s",
        check,
      }),
      { numRuns: 50, seed: 11 },
    );
    expect(details.failed).toBe(true);
    expect(shrunk(details.counterexample?.[0])).toBe("scale 4");
  });
});
