import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { runPlan } from "./plan.js";
import { oldPodsRunning, rolloutRecreate, scaleDownOldReplicaSetsForRecreate } from "./recreate.js";
import { newDeployment, newReplicaSet, webTemplate } from "./testdata/fixtures.js";

const pod = (phase?: string): Pod => (phase === undefined ? {} : { status: { phase } });
const rsWithUID = (uid: string) => newReplicaSet({ name: `foo-${uid}`, uid, replicas: 0 });
const rsWithStatus = (statusReplicas: number) =>
  newReplicaSet({ name: "rs-1", uid: "rs-1-uid", replicas: 0, statusReplicas });

describe("TestOldPodsRunning (recreate_test.go)", () => {
  it.each([
    { name: "no old RSs", oldRSs: [], podMap: new Map<string, Pod[]>(), expected: false },
    {
      name: "old RSs with running pods",
      oldRSs: [rsWithUID("some-uid"), rsWithUID("other-uid")],
      podMap: new Map([
        ["some-uid", [pod(), pod()]],
        ["other-uid", [pod(), pod()]],
      ]),
      expected: true,
    },
    {
      name: "old RSs without pods but with non-zero status replicas",
      oldRSs: [rsWithStatus(1)],
      podMap: new Map(),
      expected: true,
    },
    {
      name: "old RSs without pods or non-zero status replicas",
      oldRSs: [rsWithStatus(0)],
      podMap: new Map(),
      expected: false,
    },
    {
      name: "old RSs with zero status replicas but pods in terminal state are present",
      oldRSs: [rsWithStatus(0)],
      podMap: new Map([["uid-1", [pod("Failed"), pod("Succeeded")]]]),
      expected: false,
    },
    {
      name: "old RSs with zero status replicas but pod in unknown phase present",
      oldRSs: [rsWithStatus(0)],
      podMap: new Map([["uid-1", [pod("Unknown")]]]),
      expected: true,
    },
    {
      name: "old RSs with zero status replicas with pending pod present",
      oldRSs: [rsWithStatus(0)],
      podMap: new Map([["uid-1", [pod("Pending")]]]),
      expected: true,
    },
    {
      name: "old RSs with zero status replicas with running pod present",
      oldRSs: [rsWithStatus(0)],
      podMap: new Map([["uid-1", [pod("Running")]]]),
      expected: true,
    },
    {
      name: "old RSs with zero status replicas but pods in terminal state and pending are present",
      oldRSs: [rsWithStatus(0)],
      podMap: new Map([
        ["uid-1", [pod("Failed"), pod("Succeeded")]],
        ["uid-2", []],
        ["uid-3", [pod("Pending")]],
      ]),
      expected: true,
    },
  ])("$name", ({ oldRSs, podMap, expected }) => {
    expect(oldPodsRunning(undefined, oldRSs, podMap)).toBe(expected);
  });

  it("ignores the pods of the new ReplicaSet", () => {
    const newRS = newReplicaSet({ name: "new", uid: "new-uid", replicas: 3 });
    expect(oldPodsRunning(newRS, [], new Map([["new-uid", [pod("Running")]]]))).toBe(false);
  });
});

describe("TestScaleDownOldReplicaSets (recreate_test.go)", () => {
  it.each([[[3]], [[1, 2]]])("old sizes %j all go to 0", (sizes) => {
    const d = newDeployment({ name: "foo", replicas: 3, strategy: "Recreate" });
    const oldRSs = sizes.map((n, i) => newReplicaSet({ name: `foo-${i}`, replicas: n }));
    const { actions, result } = runPlan(scaleDownOldReplicaSetsForRecreate(oldRSs, d));
    expect(result).toEqual({ scaled: true });
    expect(actions.flatMap((a) => (a.type === "scaleReplicaSet" ? [a.to] : []))).toEqual(
      sizes.map(() => 0),
    );
    expect(actions.flatMap((a) => (a.type === "recordEvent" ? [a.event.message] : []))).toEqual(
      sizes.map((n, i) => `Scaled down replica set foo-${i} from ${n} to 0`),
    );
  });
});

describe("rolloutRecreate", () => {
  const d = newDeployment({
    name: "web",
    replicas: 3,
    strategy: "Recreate",
    template: webTemplate("nginx:2.0"),
  });
  const old = newReplicaSet({
    name: "web-old",
    uid: "old-uid",
    replicas: 0,
    statusReplicas: 0,
    template: webTemplate("nginx:1.0"),
    annotations: { "deployment.kubernetes.io/revision": "1" },
  });

  it("waits while an old pod is still running: no new ReplicaSet", () => {
    const { actions } = runPlan(
      rolloutRecreate(d, [old], new Map([["old-uid", [pod("Running")]]]), 0),
    );
    expect(actions.some((a) => a.type === "createReplicaSet")).toBe(false);
  });

  it("creates the new ReplicaSet at full size once the old pods are gone", () => {
    const { actions } = runPlan(
      rolloutRecreate(d, [old], new Map([["old-uid", [pod("Succeeded")]]]), 0),
    );
    const create = actions.find((a) => a.type === "createReplicaSet");
    expect(create?.type === "createReplicaSet" ? create.rs.spec?.replicas : undefined).toBe(3);
    expect(
      create?.type === "createReplicaSet"
        ? create.rs.metadata?.annotations?.["deployment.kubernetes.io/revision"]
        : undefined,
    ).toBe("2");
    // MaxSurge is 0 for Recreate: max-replicas = replicas.
    expect(
      create?.type === "createReplicaSet"
        ? create.rs.metadata?.annotations?.["deployment.kubernetes.io/max-replicas"]
        : undefined,
    ).toBe("3");
  });
});
