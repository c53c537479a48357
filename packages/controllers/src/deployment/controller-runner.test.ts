/**
 * The Deployment controller on a real apiserver and sim loop (given objects, when time passes or a
 * key is synced, then these API writes, ReplicaSets, statuses and Events). The ReplicaSet
 * controller's role is played by the harness's stand-in, through the API only.
 *
 * Expected sizes and Events are derived by hand from Kubernetes' rules (rolling.go, recreate.go,
 * sync.go, progress.go), and written out in each test's comments.
 */
import { ApiServer } from "@kubesim/apiserver";
import { ApiError } from "@kubesim/api";
import { Client } from "@kubesim/runtime";
import { describeAction, writes } from "@kubesim/runtime/testing";
import { DEFAULT_EPOCH, Loop, Rng, rfc3339 } from "@kubesim/sim";
import type { Deployment, DeploymentCondition, ReplicaSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import {
  Harness,
  webDeployment,
  withImage,
  type HarnessOptions,
} from "./controller-runner.harness.js";
import { applyRollback, planRollback } from "./rollback.js";

const T0 = DEFAULT_EPOCH;
const at = (seconds: number): string => rfc3339(T0 + seconds * 1000);

function harness(options: HarnessOptions = {}): Harness {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(7) });
  return new Harness(api, loop, options);
}

const condition = (d: Deployment, type: string): DeploymentCondition | undefined =>
  d.status?.conditions?.find((c) => c.type === type);

const hashOf = (rs: ReplicaSet): string => rs.metadata?.labels?.["pod-template-hash"] ?? "";

/** Spec sizes and the sum of the stand-in's status counts, for the rolling-update bounds. */
function totals(h: Harness): { total: number; available: number } {
  let total = 0;
  let available = 0;
  for (const rs of h.replicaSets()) {
    total += rs.status?.replicas ?? 0;
    available += rs.status?.availableReplicas ?? 0;
  }
  return { total, available };
}

describe("a new Deployment", () => {
  it("creates <name>-<hash> with revision 1, scales it up with Kubernetes' event, and reports a complete status", () => {
    const h = harness();
    const d = h.create(webDeployment("nginx:1.0", 3));
    h.run();

    const [rs, ...others] = h.replicaSets();
    expect(others).toEqual([]);
    const name = rs?.metadata?.name ?? "";
    expect(name).toBe(`web-${hashOf(rs!)}`);
    expect(hashOf(rs!)).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(rs?.metadata?.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: d.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs?.metadata?.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "3",
      // 25% of 3 rounded up: maxSurge 1.
      "deployment.kubernetes.io/max-replicas": "4",
      "deployment.kubernetes.io/revision": "1",
    });
    expect(rs?.spec?.selector?.matchLabels).toEqual({
      app: "web",
      "pod-template-hash": hashOf(rs!),
    });
    expect(rs?.spec?.replicas).toBe(3);

    expect(h.takeMessages()).toEqual([`Scaled up replica set ${name} from 0 to 3`]);
    const events = h.api.list("Event", { namespace: "default" }).items;
    expect(events.map((e) => [e.type, e.reason, e.message, e.source?.component])).toEqual([
      [
        "Normal",
        "ScalingReplicaSet",
        `Scaled up replica set ${name} from 0 to 3`,
        "deployment-controller",
      ],
    ]);
    expect(events[0]?.involvedObject).toMatchObject({
      kind: "Deployment",
      apiVersion: "apps/v1",
      name: "web",
      uid: d.metadata?.uid,
    });

    // The first sync: create, NewReplicaSetCreated, and syncRolloutStatus's write with the same
    // (now stale) resourceVersion, which conflicts as it does in Kubernetes; the retry 5 ms later
    // writes the rollout status.
    const first = writes(h.recorded.actions).map(describeAction).slice(0, 3);
    expect(first).toEqual([
      `create ReplicaSet default/${name}`,
      "update Deployment default/web status",
      "update Deployment default/web status",
    ]);
    expect(h.failures[0]).toBe("update Deployment web: Conflict");

    const live = h.deployment();
    expect(live.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        {
          type: "Available",
          status: "True",
          lastUpdateTime: at(0),
          lastTransitionTime: at(0),
          reason: "MinimumReplicasAvailable",
          message: "Deployment has minimum availability.",
        },
        {
          type: "Progressing",
          status: "True",
          lastUpdateTime: at(0),
          lastTransitionTime: at(0),
          reason: "NewReplicaSetAvailable",
          message: `ReplicaSet "${name}" has successfully progressed.`,
        },
      ],
    });
  });

  it("carries the revision annotation on the Deployment (written through the status subresource)", () => {
    const h = harness();
    h.create(webDeployment("nginx:1.0", 1));
    h.run();
    expect(h.deployment().metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
  });

  it("before its ReplicaSet is available: Progressing NewReplicaSetCreated, Available False", () => {
    const h = harness({ autoAvailable: false });
    h.create(webDeployment("nginx:1.0", 2));
    h.run();
    const [rs] = h.names();
    const d = h.deployment();
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(condition(d, "Available")).toEqual({
      type: "Available",
      status: "False",
      lastUpdateTime: at(0),
      lastTransitionTime: at(0),
      reason: "MinimumReplicasUnavailable",
      message: "Deployment does not have minimum availability.",
    });
    expect(condition(d, "Progressing")).toMatchObject({
      status: "True",
      reason: "ReplicaSetUpdated",
      message: `ReplicaSet "${rs}" is progressing.`,
    });
  });
});

describe("a rolling update", () => {
  it("maxSurge 1, maxUnavailable 0 at 3 replicas: one new pod at a time, old ones go as new ones become available", () => {
    const h = harness({ autoAvailable: false });
    h.create(
      webDeployment("nginx:1.0", 3, {
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      }),
    );
    h.run();
    const [v1 = ""] = h.names();
    h.rsc.setAvailable(v1, 3);
    h.run();
    expect(h.takeMessages()).toEqual([`Scaled up replica set ${v1} from 0 to 3`]);

    // The template changes: the new RS may add maxSurge = 1 pod (3 + 1 - 3 = 1).
    h.edit((d) => withImage(d, "nginx:2.0"));
    h.run();
    const v2 = h.names()[1] ?? "";
    expect(h.sizes()).toEqual({ [v1]: 3, [v2]: 1 });
    expect(h.takeMessages()).toEqual([`Scaled up replica set ${v2} from 0 to 1`]);
    expect(h.rs(v2).metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    let d = h.deployment();
    expect(d.status).toMatchObject({
      observedGeneration: 2,
      replicas: 4,
      updatedReplicas: 1,
      availableReplicas: 3,
      unavailableReplicas: 1,
    });
    expect(condition(d, "Progressing")).toMatchObject({
      reason: "ReplicaSetUpdated",
      message: `ReplicaSet "${v2}" is progressing.`,
    });

    // Each new pod that becomes available lets one old pod go (4 - 3 - 0 = 1), which makes room
    // for the next new one (3 + 1 - 3 = 1).
    const steps: Array<[number, string[], Record<string, number>]> = [
      [
        1,
        [`Scaled down replica set ${v1} from 3 to 2`, `Scaled up replica set ${v2} from 1 to 2`],
        { [v1]: 2, [v2]: 2 },
      ],
      [
        2,
        [`Scaled down replica set ${v1} from 2 to 1`, `Scaled up replica set ${v2} from 2 to 3`],
        { [v1]: 1, [v2]: 3 },
      ],
      [3, [`Scaled down replica set ${v1} from 1 to 0`], { [v1]: 0, [v2]: 3 }],
    ];
    for (const [available, messages, sizes] of steps) {
      h.rsc.setAvailable(v2, available);
      for (let i = 0; i < 10; i++) {
        h.run(100);
        const t = totals(h);
        expect(t.total).toBeLessThanOrEqual(4);
        expect(t.available).toBeGreaterThanOrEqual(3);
      }
      expect(h.takeMessages()).toEqual(messages);
      expect(h.sizes()).toEqual(sizes);
    }
    d = h.deployment();
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    expect(condition(d, "Progressing")).toMatchObject({
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: `ReplicaSet "${v2}" has successfully progressed.`,
    });
    expect(h.rs(v1).metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
  });

  it("maxSurge 0, maxUnavailable 1 at 3 replicas: an old pod goes first, then a new one replaces it", () => {
    const h = harness({ autoAvailable: false });
    h.create(
      webDeployment("nginx:1.0", 3, {
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      }),
    );
    h.run();
    const [v1 = ""] = h.names();
    h.rsc.setAvailable(v1, 3);
    h.run();
    h.takeMessages();

    // New RS: 3 + 0 - 3 = 0 pods, so it is created at 0 (no event); then old RSes may lose
    // 3 - (3 - 1) - 0 = 1; then the new RS takes the freed place.
    h.edit((d) => withImage(d, "nginx:2.0"));
    h.run();
    const v2 = h.names()[1] ?? "";
    expect(h.takeMessages()).toEqual([
      `Scaled down replica set ${v1} from 3 to 2`,
      `Scaled up replica set ${v2} from 0 to 1`,
    ]);
    h.rsc.setAvailable(v2, 1);
    h.run();
    expect(h.takeMessages()).toEqual([
      `Scaled down replica set ${v1} from 2 to 1`,
      `Scaled up replica set ${v2} from 1 to 2`,
    ]);
    h.rsc.setAvailable(v2, 2);
    h.run();
    expect(h.takeMessages()).toEqual([
      `Scaled down replica set ${v1} from 1 to 0`,
      `Scaled up replica set ${v2} from 2 to 3`,
    ]);
    h.rsc.setAvailable(v2, 3);
    h.run();
    expect(h.takeMessages()).toEqual([]);
    expect(h.sizes()).toEqual({ [v1]: 0, [v2]: 3 });
    expect(condition(h.deployment(), "Progressing")?.reason).toBe("NewReplicaSetAvailable");
  });
});

describe("proportional scaling", () => {
  it("a scale from 10 to 15 mid-rollout is spread over the active ReplicaSets by their share", () => {
    const h = harness({ autoAvailable: false });
    h.create(webDeployment("nginx:1.0", 10));
    h.run();
    const [v1 = ""] = h.names();
    h.rsc.setAvailable(v1, 100);
    h.run();
    // 25% of 10: maxSurge 3, maxUnavailable 2. New RS 3 (13 pods); old RSes may lose
    // 13 - 8 - 3 = 2; the new RS takes the place (5); then 13 - 8 - 5 = 0: waiting.
    h.edit((d) => withImage(d, "nginx:2.0"));
    h.run();
    const v2 = h.names()[1] ?? "";
    expect(h.sizes()).toEqual({ [v1]: 8, [v2]: 5 });
    h.takeMessages();

    // 15 replicas: 15 + 4 (25% rounded up) - 13 = 6 more, by each RS's share of the old maximum
    // (max-replicas 13): 8 · 19/13 = 11.69 → 12 (+4), 5 · 19/13 = 7.31 → 7 (+2). Largest first.
    h.edit((d) => ({ ...d, spec: { ...d.spec!, replicas: 15 } }));
    h.run();
    expect(h.takeMessages()).toEqual([
      `Scaled up replica set ${v1} from 8 to 12`,
      `Scaled up replica set ${v2} from 5 to 7`,
    ]);
    expect(h.sizes()).toEqual({ [v1]: 12, [v2]: 7 });
    for (const name of [v1, v2]) {
      expect(h.rs(name).metadata?.annotations).toMatchObject({
        "deployment.kubernetes.io/desired-replicas": "15",
        "deployment.kubernetes.io/max-replicas": "19",
      });
    }
  });
});

describe("Recreate", () => {
  it("scales the old ReplicaSet to 0 and creates the new one only once its pods are gone", () => {
    const h = harness({ pods: true });
    h.create(webDeployment("nginx:1.0", 2, { strategy: { type: "Recreate" } }));
    h.run();
    const [v1 = ""] = h.names();
    expect(h.pods()).toHaveLength(2);
    h.takeMessages();

    h.edit((d) => withImage(d, "nginx:2.0")); // at 1 s
    h.run();
    expect(h.takeMessages()).toEqual([`Scaled down replica set ${v1} from 2 to 0`]);
    // The old pods terminate for their 30 s grace period; meanwhile nothing new starts.
    expect(h.pods().every((p) => p.metadata?.deletionTimestamp !== undefined)).toBe(true);
    h.run("25s");
    expect(h.names()).toEqual([v1]);
    expect(h.pods()).toHaveLength(2);

    // The last old pod goes at 31 s; deletePod wakes the Deployment, which creates the new RS.
    h.run("10s");
    const v2 = h.names()[1] ?? "";
    expect(h.rs(v2).metadata?.creationTimestamp).toBe(at(31));
    expect(h.takeMessages()).toEqual([`Scaled up replica set ${v2} from 0 to 2`]);
    expect(h.sizes()).toEqual({ [v1]: 0, [v2]: 2 });
    expect(h.pods().map((p) => p.metadata?.labels?.["pod-template-hash"])).toEqual([
      hashOf(h.rs(v2)),
      hashOf(h.rs(v2)),
    ]);
  });
});

describe("rollback (kubectl rollout undo)", () => {
  it("copies the template back; that ReplicaSet becomes the newest revision and takes over", () => {
    const h = harness();
    h.create(
      webDeployment("nginx:1.0", 3, {
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      }),
    );
    h.run();
    h.edit((d) => withImage(d, "nginx:2.0"));
    h.run();
    const [v1 = "", v2 = ""] = h.names();
    h.takeMessages();

    // undo: back to revision 1.
    const d = h.deployment();
    const plan = planRollback(d, h.replicaSets(), 0);
    expect(plan).toMatchObject({ type: "rollback", revision: 1, message: "rolled back" });
    h.api.update("Deployment", applyRollback(d, plan));
    h.run();
    expect(h.names()).toEqual([v2, v1]);
    expect(h.rs(v1).metadata?.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "3",
      "deployment.kubernetes.io/revision-history": "1",
    });
    expect(h.takeMessages()).toEqual([
      `Scaled up replica set ${v1} from 0 to 1`,
      `Scaled down replica set ${v2} from 3 to 2`,
      `Scaled up replica set ${v1} from 1 to 2`,
      `Scaled down replica set ${v2} from 2 to 1`,
      `Scaled up replica set ${v1} from 2 to 3`,
      `Scaled down replica set ${v2} from 1 to 0`,
    ]);
    expect(h.deployment().spec?.template.spec?.containers[0]?.image).toBe("nginx:1.0");

    // undo --to-revision=2: v2 becomes revision 4.
    const again = planRollback(h.deployment(), h.replicaSets(), 2);
    h.api.update("Deployment", applyRollback(h.deployment(), again));
    h.run();
    expect(h.names()).toEqual([v1, v2]);
    expect(h.rs(v2).metadata?.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "4",
      "deployment.kubernetes.io/revision-history": "2",
    });
    expect(h.sizes()).toEqual({ [v1]: 0, [v2]: 3 });
  });
});

describe("legacy rollback (deprecated.deployment.rollback.to)", () => {
  it("the controller writes the old template back with an Update, clears the request and records it", () => {
    const h = harness();
    h.create(webDeployment("nginx:1.0", 2));
    h.run();
    h.edit((d) => withImage(d, "nginx:2.0"));
    h.run();
    const [v1 = "", v2 = ""] = h.names();
    h.takeMessages();
    h.recorded.clear();

    h.edit((d) => ({
      ...d,
      metadata: { ...d.metadata, annotations: { "deprecated.deployment.rollback.to": "1" } },
    }));
    h.run();
    const d = h.deployment();
    expect(d.metadata?.annotations?.["deprecated.deployment.rollback.to"]).toBeUndefined();
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("nginx:1.0");
    expect(writes(h.recorded.actions).map(describeAction)).toContain(
      "update Deployment default/web",
    );
    // 2 replicas at 25%: maxSurge 1, maxUnavailable 0.
    expect(h.takeMessages()).toEqual([
      'Rolled back deployment "web" to revision 1',
      `Scaled up replica set ${v1} from 0 to 1`,
      `Scaled down replica set ${v2} from 2 to 1`,
      `Scaled up replica set ${v1} from 1 to 2`,
      `Scaled down replica set ${v2} from 1 to 0`,
    ]);
    expect(h.names()).toEqual([v2, v1]);
  });
});

describe("pause and resume", () => {
  it("while paused: no rollout, scaling still applies, no deadline; resume rolls out", () => {
    const h = harness();
    h.create(webDeployment("nginx:1.0", 3, { progressDeadlineSeconds: 10 }));
    h.run();
    const [v1 = ""] = h.names();
    h.takeMessages();

    h.edit((d) => ({ ...d, spec: { ...d.spec!, paused: true } })); // at 1 s
    h.run();
    expect(condition(h.deployment(), "Progressing")).toEqual({
      type: "Progressing",
      status: "Unknown",
      lastUpdateTime: at(1),
      lastTransitionTime: at(1),
      reason: "DeploymentPaused",
      message: "Deployment is paused",
    });

    h.edit((d) => withImage(d, "nginx:2.0")); // at 2 s
    h.edit((d) => ({ ...d, spec: { ...d.spec!, replicas: 5 } }));
    h.run("60s"); // well past the 10 s deadline
    expect(h.names()).toEqual([v1]);
    expect(h.sizes()).toEqual({ [v1]: 5 });
    expect(h.takeMessages()).toEqual([`Scaled up replica set ${v1} from 3 to 5`]);
    const paused = h.deployment();
    expect(paused.status?.observedGeneration).toBe(paused.metadata?.generation);
    expect(condition(paused, "Progressing")?.reason).toBe("DeploymentPaused");
    // 25% of 5 rounded up: maxSurge 2.
    expect(h.rs(v1).metadata?.annotations).toMatchObject({
      "deployment.kubernetes.io/desired-replicas": "5",
      "deployment.kubernetes.io/max-replicas": "7",
    });

    h.edit((d) => ({ ...d, spec: { ...d.spec!, paused: false } })); // at 62 s
    h.run();
    const v2 = h.names()[1] ?? "";
    expect(h.sizes()).toEqual({ [v1]: 0, [v2]: 5 });
    const resumed = h.deployment();
    expect(condition(resumed, "Progressing")).toMatchObject({
      status: "True",
      reason: "NewReplicaSetAvailable",
      // Unknown (paused) → Unknown (resumed) → True: the transition is at the rollout.
      lastTransitionTime: at(62),
    });
  });

  it("records DeploymentResumed before the rollout starts", () => {
    const h = harness({ autoAvailable: false });
    h.create(webDeployment("nginx:1.0", 1, { paused: true }));
    h.run();
    expect(h.names()).toEqual([]);
    expect(condition(h.deployment(), "Progressing")?.reason).toBe("DeploymentPaused");
    h.edit((d) => ({ ...d, spec: { ...d.spec!, paused: false } }));
    h.recorded.clear();
    h.run();
    const statusWrites = h.recorded.actions.filter(
      (a) => a.verb === "update" && a.kind === "Deployment" && a.subresource === "status",
    );
    const first = statusWrites[0]?.body as Deployment | undefined;
    expect(first && condition(first, "Progressing")).toMatchObject({
      status: "Unknown",
      reason: "DeploymentResumed",
      message: "Deployment is resumed",
    });
    expect(h.names()).toHaveLength(1);
  });
});

describe("progress deadline", () => {
  it("a template that never becomes available reaches ProgressDeadlineExceeded; old pods stay per maxUnavailable", () => {
    const h = harness({ autoAvailable: false });
    h.create(webDeployment("nginx:1.0", 4, { progressDeadlineSeconds: 30 }));
    h.run();
    const [v1 = ""] = h.names();
    h.rsc.setAvailable(v1, 4);
    h.run();
    h.takeMessages();

    // 25% of 4: maxSurge 1, maxUnavailable 1. New RS 1 (5 pods); old RSes may lose
    // 5 - 3 - 1 = 1 (4 → 3); the new RS takes the place (2); then 5 - 3 - 2 = 0: stuck.
    h.edit((d) => withImage(d, "nginx:bad")); // at 2 s
    h.run();
    const v2 = h.names()[1] ?? "";
    expect(h.takeMessages()).toEqual([
      `Scaled up replica set ${v2} from 0 to 1`,
      `Scaled down replica set ${v1} from 4 to 3`,
      `Scaled up replica set ${v2} from 1 to 2`,
    ]);
    const progressing = condition(h.deployment(), "Progressing");
    expect(progressing).toMatchObject({
      status: "True",
      reason: "ReplicaSetUpdated",
      lastUpdateTime: at(2),
      lastTransitionTime: at(0),
    });

    // requeueStuckDeployment: 2 s + 30 s - now, plus one second: checked again at 33 s, when the
    // deadline (32 s) has passed.
    h.run("29s"); // 32 s
    expect(condition(h.deployment(), "Progressing")?.reason).toBe("ReplicaSetUpdated");
    h.run("2s"); // 34 s
    const d = h.deployment();
    expect(condition(d, "Progressing")).toEqual({
      type: "Progressing",
      status: "False",
      lastUpdateTime: at(33),
      lastTransitionTime: at(33),
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${v2}" has timed out progressing.`,
    });
    // Still available: 3 of 4 (minAvailable 3).
    expect(condition(d, "Available")).toMatchObject({
      status: "True",
      reason: "MinimumReplicasAvailable",
    });
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 2, availableReplicas: 3 });
    h.run("10m");
    expect(h.sizes()).toEqual({ [v1]: 3, [v2]: 2 });
    expect(h.takeMessages()).toEqual([]);
  });
});

describe("adoption and release of ReplicaSets", () => {
  /** An orphan RS "web-orphan" selecting app=web, pod-template-hash=abc, with `image`. */
  const orphan = (image: string, replicas: number): ReplicaSet => ({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: "web-orphan",
      namespace: "default",
      labels: { app: "web", "pod-template-hash": "abc" },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web", "pod-template-hash": "abc" } },
      template: {
        metadata: { labels: { app: "web", "pod-template-hash": "abc" } },
        spec: { containers: [{ name: "web", image }] },
      },
    },
  });

  it("adopts an orphan with the same template (after a live GET) and keeps it as the new ReplicaSet", () => {
    const h = harness();
    h.api.create("ReplicaSet", orphan("nginx:1.0", 3));
    h.run();
    const d = h.create(webDeployment("nginx:1.0", 3));
    h.run();
    expect(h.names()).toEqual(["web-orphan"]);
    const rs = h.rs("web-orphan");
    expect(rs.metadata?.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: d.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    const calls = h.recorded.actions
      .filter((a) => a.verb !== "list" && a.verb !== "watch")
      .map(describeAction);
    expect(calls.slice(0, 2)).toEqual([
      "get Deployment default/web",
      "patch ReplicaSet default/web-orphan",
    ]);
    expect(h.recorded.actions[1]?.body).toEqual({
      metadata: {
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: "web",
            uid: d.metadata?.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        uid: rs.metadata?.uid,
      },
    });
    expect(calls.filter((c) => c.startsWith("create"))).toEqual([]);
    expect(h.takeMessages()).toEqual([]);
  });

  it("adopts an orphan that appears later and scales it down as an old ReplicaSet", () => {
    const h = harness();
    h.create(webDeployment("nginx:1.0", 3));
    h.run();
    const [v1 = ""] = h.names();
    h.takeMessages();
    h.api.create("ReplicaSet", orphan("nginx:0.9", 2));
    h.run();
    expect(getOwnerName(h.rs("web-orphan"))).toBe("web");
    expect(h.takeMessages()).toEqual(["Scaled down replica set web-orphan from 2 to 0"]);
    expect(h.sizes()).toEqual({ "web-orphan": 0, [v1]: 3 });
  });

  it("releases a ReplicaSet whose labels stop matching, then creates a new one", () => {
    const h = harness();
    h.api.create("ReplicaSet", orphan("nginx:1.0", 3));
    h.create(webDeployment("nginx:1.0", 3));
    h.run();
    expect(getOwnerName(h.rs("web-orphan"))).toBe("web");
    h.takeMessages();
    h.recorded.clear();

    const rs = h.rs("web-orphan");
    h.api.update("ReplicaSet", { ...rs, metadata: { ...rs.metadata, labels: { app: "other" } } });
    h.run();
    // (The apiserver keeps an empty list where Kubernetes' omitempty drops it.)
    expect(h.rs("web-orphan").metadata?.ownerReferences ?? []).toEqual([]);
    const release = h.recorded.actions.find((a) => a.verb === "patch");
    expect(release?.body).toEqual({
      metadata: {
        ownerReferences: [{ $patch: "delete", uid: h.deployment().metadata?.uid }],
        uid: rs.metadata?.uid,
      },
    });
    const created = h.names().filter((n) => n !== "web-orphan");
    expect(created).toHaveLength(1);
    expect(h.takeMessages()).toEqual([`Scaled up replica set ${created[0]} from 0 to 3`]);
  });

  it("refuses to adopt when the live Deployment is another one, or being deleted", () => {
    const loop = new Loop();
    const api = new ApiServer({ loop, rng: new Rng(7) });
    let fresh: ((d: Deployment) => Deployment) | undefined;
    const h = new Harness(api, loop, {
      client: new Client(api, {
        interceptors: {
          get: (next, kind, ns, name) => {
            const obj = next.get(kind, ns, name);
            return (
              kind === "Deployment" && fresh !== undefined ? fresh(obj as Deployment) : obj
            ) as never;
          },
        },
      }),
    });
    h.dc.stop(); // sync by hand
    const d = h.create(webDeployment("nginx:1.0", 3));
    const rs = h.api.create("ReplicaSet", orphan("nginx:1.0", 3));
    h.run();
    h.recorded.clear();

    fresh = (live) => ({ ...live, metadata: { ...live.metadata, uid: "other" } });
    const gone = h.dc.syncDeployment("default/web");
    expect((gone.error as Error).message).toBe(
      `can't adopt ReplicaSet default/web-orphan (${rs.metadata?.uid}): can't recheck DeletionTimestamp: original Deployment default/web is gone: got uid other, wanted ${d.metadata?.uid}`,
    );
    expect(h.recorded.actions.map(describeAction)).toEqual(["get Deployment default/web"]);

    fresh = (live) => ({
      ...live,
      metadata: { ...live.metadata, deletionTimestamp: "2024-01-01T00:00:00Z" },
    });
    const deleting = h.dc.syncDeployment("default/web");
    expect((deleting.error as Error).message).toBe(
      `can't adopt ReplicaSet default/web-orphan (${rs.metadata?.uid}): default/web has just been deleted at 2024-01-01 00:00:00 +0000 UTC`,
    );
    expect(h.rs("web-orphan").metadata?.ownerReferences).toBeUndefined();
  });
});

describe("errors and retries", () => {
  it("a refused create: Warning ReplicaSetCreateError, Progressing False, retried 15 times then dropped", () => {
    const loop = new Loop();
    const api = new ApiServer({ loop, rng: new Rng(7) });
    let creates = 0;
    const quota = (name: string) =>
      new ApiError(
        "Forbidden",
        `replicasets.apps "${name}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=10, limited: pods=10`,
        { name, group: "apps", kind: "replicasets" },
      );
    const h = new Harness(api, loop, {
      client: new Client(api, {
        interceptors: {
          create: (next, kind, obj, o) => {
            if (kind !== "ReplicaSet") return next.create(kind, obj, o);
            creates++;
            throw quota(obj.metadata?.name ?? "");
          },
        },
      }),
    });
    h.create(webDeployment("nginx:1.0", 1));
    h.run();
    const d = h.deployment();
    const message = `Failed to create new replica set "web-${computeName(h)}": replicasets.apps "web-${computeName(h)}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=10, limited: pods=10`;
    expect(condition(d, "Progressing")).toEqual({
      type: "Progressing",
      status: "False",
      lastUpdateTime: at(0),
      lastTransitionTime: at(0),
      reason: "ReplicaSetCreateError",
      message,
    });
    expect(h.events[0]).toEqual({ type: "Warning", reason: "ReplicaSetCreateError", message });

    // Retried while the key has been requeued fewer than 15 times, backing off 5 ms · 2^n, then
    // dropped: 16 attempts. (The condition write's watch event resyncs at once; its own
    // rate-limited requeue merges into the pending 5 ms one, the earlier deadline winning.)
    h.run("10m");
    const dropped = creates;
    h.run("1h");
    expect(creates).toBe(dropped);
    expect(dropped).toBe(16);
    // Any event about the Deployment brings it back, with a fresh back-off: attempts at
    // 0, 5, 15, 35, 75, 155, 315 and 635 ms within the next second.
    h.edit((x) => ({ ...x, metadata: { ...x.metadata, labels: { touched: "yes" } } }));
    h.run();
    expect(creates - dropped).toBe(8);
  });

  it("a create refused because the namespace is terminating is not retried", () => {
    const loop = new Loop();
    const api = new ApiServer({ loop, rng: new Rng(7) });
    let creates = 0;
    const h = new Harness(api, loop, {
      client: new Client(api, {
        interceptors: {
          create: (next, kind, obj, o) => {
            if (kind !== "ReplicaSet") return next.create(kind, obj, o);
            creates++;
            throw new ApiError(
              "Forbidden",
              `replicasets.apps "${obj.metadata?.name}" is forbidden: unable to create new content in namespace default because it is being terminated`,
              {
                name: obj.metadata?.name ?? "",
                group: "apps",
                kind: "replicasets",
                causes: [
                  {
                    reason: "NamespaceTerminating",
                    message: "namespace default is being terminated",
                    field: "metadata.namespace",
                  },
                ],
              },
            );
          },
        },
      }),
    });
    h.create(webDeployment("nginx:1.0", 1));
    h.run("10m");
    expect(creates).toBe(1);
    expect(h.events).toEqual([]);
  });

  it("a status write with a stale resourceVersion is a Conflict, and the next sync recomputes", () => {
    const h = harness();
    h.create(webDeployment("nginx:1.0", 1));
    h.run();
    expect(h.failures.filter((f) => f.startsWith("update Deployment"))).toEqual([
      "update Deployment web: Conflict",
    ]);
    const status = h.deployment().status;
    expect(status?.availableReplicas).toBe(1);
  });
});

function getOwnerName(rs: ReplicaSet): string | undefined {
  return rs.metadata?.ownerReferences?.find((r) => r.controller === true)?.name;
}

/** The hash the controller names its new RS with, read from its recorded create. */
function computeName(h: Harness): string {
  const create = h.recorded.actions.find((a) => a.verb === "create" && a.kind === "ReplicaSet");
  return create?.name.replace(/^web-/, "") ?? "";
}
