/**
 * syncDeployment, sync by sync, against a tiny in-memory apiserver + ReplicaSet controller
 * (testdata/world.ts). Each scenario's sizes and Events are derived by hand from Kubernetes'
 * algorithm (workloads.md §5.6 for the first one) and asserted exactly.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { isConflict } from "@kubesim/api";
import { parseTime } from "@kubesim/sim";
import { getDeploymentCondition } from "./conditions.js";
import { applyRollback, planRollback } from "./rollback.js";
import { newDeployment, webTemplate } from "./testdata/fixtures.js";
import type { DeploymentOptions } from "./testdata/fixtures.js";
import { World } from "./testdata/world.js";
import { RevisionAnnotation, RevisionHistoryAnnotation, revision } from "./util.js";

const T0 = parseTime("2024-01-01T00:00:00Z") ?? 0;

/** A world with a settled Deployment "web" (one RS, all available) and the RS's name. */
function settledWorld(o: DeploymentOptions): { w: World; v1: string } {
  const w = new World(
    newDeployment({
      name: "web",
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      template: webTemplate("nginx:1.0"),
      ...o,
    }),
    T0,
  );
  w.run();
  const v1 = Object.keys(w.sizes())[0] ?? "";
  w.events.length = 0;
  return { w, v1 };
}

/** One sync (1 s later), then the ReplicaSet controller; returns what happened. */
function step(w: World): { error: unknown; messages: string[]; sizes: Record<string, number> } {
  w.now += 1000;
  const from = w.events.length;
  const outcome = w.sync();
  w.settle();
  return {
    error: outcome.error,
    messages: w.events.slice(from).map((e) => e.message),
    sizes: w.sizes(),
  };
}

function newestName(w: World, except: readonly string[]): string {
  const names = Object.keys(w.sizes()).filter((n) => !except.includes(n));
  if (names.length !== 1) throw new Error(`expected one new RS, got ${names.join(",")}`);
  return names[0] ?? "";
}

describe("syncDeployment: creating a Deployment", () => {
  it("creates <name>-<hash> at full size with Kubernetes' event, revision and conditions", () => {
    const { w, v1 } = settledWorld({ replicas: 3 });
    expect(v1).toMatch(/^web-[4-9bcdf]{1,10}$/);
    const rs = w.rs(v1) as ReplicaSet;
    const hash = rs.metadata?.labels?.["pod-template-hash"] ?? "";
    expect(v1).toBe(`web-${hash}`);
    expect(rs.spec?.selector?.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec?.template?.metadata?.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.metadata?.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: "uid-web",
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs.metadata?.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "deployment.kubernetes.io/revision": "1",
    });
    expect(w.deployment.metadata?.annotations?.[RevisionAnnotation]).toBe("1");
    const conditions = w.deployment.status?.conditions ?? [];
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable"],
      ["Progressing", "True", "NewReplicaSetAvailable"],
    ]);
    expect(getDeploymentCondition(w.deployment.status, "Progressing")?.message).toBe(
      `ReplicaSet "${v1}" has successfully progressed.`,
    );
  });
});

describe("syncDeployment: RollingUpdate", () => {
  it("10 replicas, 25%/25% (surge 3, maxUnavailable 2): the worked example of workloads.md §5.6", () => {
    const { w, v1 } = settledWorld({ replicas: 10 });
    let newAvailable = 0;
    w.available = (rs) => (rs.metadata?.name === v1 ? (rs.spec?.replicas ?? 0) : newAvailable);
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:2.0") }));

    // Sync 1: create the new RS at 3 (10 + 3 - 10), then scale the old one 10 → 8
    // (13 - 8 - 3 unavailable new pods = 2). Its last status write carries the cached
    // resourceVersion, already used by the NewReplicaSetCreated write: Conflict, as in Kubernetes.
    const s1 = step(w);
    const v2 = newestName(w, [v1]);
    expect(s1.messages).toEqual([
      `Scaled up replica set ${v2} from 0 to 3`,
      `Scaled down replica set ${v1} from 10 to 8`,
    ]);
    expect(isConflict(s1.error)).toBe(true);
    expect(w.deployment.metadata?.annotations?.[RevisionAnnotation]).toBe("2");
    expect(getDeploymentCondition(w.deployment.status, "Progressing")?.reason).toBe(
      "NewReplicaSetCreated",
    );

    // Sync 2: surge is counted on specs, so the new RS grows before any pod is available.
    expect(step(w).messages).toEqual([`Scaled up replica set ${v2} from 3 to 5`]);
    // Sync 3: 13 - 8 - 5 = 0: wait.
    const s3 = step(w);
    expect(s3.messages).toEqual([]);
    expect(s3.sizes).toEqual({ [v1]: 8, [v2]: 5 });

    // The 5 new pods become available: old 8 → 3, then new 5 → 10, then old 3 → 0.
    newAvailable = 5;
    w.settle(); // the ReplicaSet controller reports them
    expect(step(w).messages).toEqual([`Scaled down replica set ${v1} from 8 to 3`]);
    expect(step(w).messages).toEqual([`Scaled up replica set ${v2} from 5 to 10`]);
    expect(step(w).messages).toEqual([]);
    newAvailable = 10;
    w.settle();
    expect(step(w).messages).toEqual([`Scaled down replica set ${v1} from 3 to 0`]);
    step(w);
    expect(w.sizes()).toEqual({ [v1]: 0, [v2]: 10 });
    const status = w.deployment.status;
    expect(status?.observedGeneration).toBe(2);
    expect([status?.replicas, status?.updatedReplicas, status?.availableReplicas]).toEqual([
      10, 10, 10,
    ]);
    expect(status?.unavailableReplicas).toBeUndefined();
    const progressing = getDeploymentCondition(status, "Progressing");
    expect(progressing?.reason).toBe("NewReplicaSetAvailable");
    expect(progressing?.message).toBe(`ReplicaSet "${v2}" has successfully progressed.`);
  });

  it("3 replicas, maxSurge 1, maxUnavailable 0: one new pod at a time, never fewer than 3 available", () => {
    const { w, v1 } = settledWorld({ replicas: 3, maxSurge: 1, maxUnavailable: 0 });
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:2.0") }));
    const messages: string[] = [];
    for (let i = 0; i < 10; i++) messages.push(...step(w).messages);
    const v2 = newestName(w, [v1]);
    expect(messages).toEqual([
      `Scaled up replica set ${v2} from 0 to 1`,
      `Scaled down replica set ${v1} from 3 to 2`,
      `Scaled up replica set ${v2} from 1 to 2`,
      `Scaled down replica set ${v1} from 2 to 1`,
      `Scaled up replica set ${v2} from 2 to 3`,
      `Scaled down replica set ${v1} from 1 to 0`,
    ]);
  });

  it("3 replicas, maxSurge 0, maxUnavailable 1: an old pod goes first, the new RS is created at 0", () => {
    const { w, v1 } = settledWorld({ replicas: 3, maxSurge: 0, maxUnavailable: 1 });
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:2.0") }));
    const messages: string[] = [];
    for (let i = 0; i < 10; i++) messages.push(...step(w).messages);
    const v2 = newestName(w, [v1]);
    expect(messages).toEqual([
      `Scaled down replica set ${v1} from 3 to 2`,
      `Scaled up replica set ${v2} from 0 to 1`,
      `Scaled down replica set ${v1} from 2 to 1`,
      `Scaled up replica set ${v2} from 1 to 2`,
      `Scaled down replica set ${v1} from 1 to 0`,
      `Scaled up replica set ${v2} from 2 to 3`,
    ]);
  });

  it("a template that never becomes ready reaches ProgressDeadlineExceeded; old pods kept per maxUnavailable", () => {
    const { w, v1 } = settledWorld({ replicas: 10, progressDeadlineSeconds: 60 });
    w.available = (rs) => (rs.metadata?.name === v1 ? (rs.spec?.replicas ?? 0) : 0);
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:broken") }));
    for (let i = 0; i < 5; i++) step(w);
    const v2 = newestName(w, [v1]);
    expect(w.sizes()).toEqual({ [v1]: 8, [v2]: 5 });
    expect(getDeploymentCondition(w.deployment.status, "Progressing")?.reason).toBe(
      "ReplicaSetUpdated",
    );
    // Nothing moves; the deadline passes (last progress + 60 s < now).
    w.now += 60_000;
    const s = step(w);
    expect(s.messages).toEqual([]);
    const cond = getDeploymentCondition(w.deployment.status, "Progressing");
    expect([cond?.status, cond?.reason, cond?.message]).toEqual([
      "False",
      "ProgressDeadlineExceeded",
      `ReplicaSet "${v2}" has timed out progressing.`,
    ]);
    // 8 old pods stay available: minAvailable = 10 - 2.
    for (let i = 0; i < 3; i++) step(w);
    expect(w.sizes()).toEqual({ [v1]: 8, [v2]: 5 });
    expect(w.deployment.status?.availableReplicas).toBe(8);
  });

  it("rollover: a third template while the second is half-rolled removes the unready v2 pods first", () => {
    const { w, v1 } = settledWorld({ replicas: 10 });
    w.available = (rs) => (rs.metadata?.name === v1 ? (rs.spec?.replicas ?? 0) : 0);
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:2.0") }));
    for (let i = 0; i < 3; i++) step(w);
    const v2 = newestName(w, [v1]);
    expect(w.sizes()).toEqual({ [v1]: 8, [v2]: 5 });

    w.available = (rs) =>
      rs.metadata?.name === v1
        ? (rs.spec?.replicas ?? 0)
        : rs.metadata?.name === v2
          ? 0
          : (rs.spec?.replicas ?? 0);
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:3.0") }));
    // The new RS starts at 0 (13 ≥ 13); newUnavailable 0 lets 13 - 8 = 5 go: v2's 5 unready pods.
    const s1 = step(w);
    const v3 = newestName(w, [v1, v2]);
    expect(s1.messages).toEqual([`Scaled down replica set ${v2} from 5 to 0`]);
    expect(step(w).messages).toEqual([`Scaled up replica set ${v3} from 0 to 5`]);
    expect(w.rs(v3)?.metadata?.annotations?.[RevisionAnnotation]).toBe("3");
  });
});

describe("syncDeployment: proportional scaling", () => {
  it("10 → 15 mid-rollout spreads +6 over both RSes by their share of max-replicas 13", () => {
    const { w, v1 } = settledWorld({ replicas: 10 });
    w.available = (rs) => (rs.metadata?.name === v1 ? (rs.spec?.replicas ?? 0) : 0);
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:2.0") }));
    for (let i = 0; i < 3; i++) step(w);
    const v2 = newestName(w, [v1]);
    expect(w.sizes()).toEqual({ [v1]: 8, [v2]: 5 });

    // allowed = 15 + ceil(3.75) = 19, toAdd = 19 - 13 = 6; larger first:
    // old round(8 × 19/13) - 8 = 4, new round(5 × 19/13) - 5 = 2, leftover 0.
    w.editSpec((s) => ({ ...s, replicas: 15 }));
    const s = step(w);
    expect(s.messages).toEqual([
      `Scaled up replica set ${v1} from 8 to 12`,
      `Scaled up replica set ${v2} from 5 to 7`,
    ]);
    expect(w.rs(v1)?.metadata?.annotations?.["deployment.kubernetes.io/max-replicas"]).toBe("19");
    expect(w.rs(v2)?.metadata?.annotations?.["deployment.kubernetes.io/desired-replicas"]).toBe(
      "15",
    );
  });
});

describe("syncDeployment: Recreate", () => {
  it("scales the old RS to 0, waits for its pods, then creates the new RS at full size", () => {
    const { w, v1 } = settledWorld({ replicas: 3, strategy: "Recreate" });
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:2.0") }));
    expect(step(w).messages).toEqual([`Scaled down replica set ${v1} from 3 to 0`]);
    const s2 = step(w);
    const v2 = newestName(w, [v1]);
    expect(s2.messages).toEqual([`Scaled up replica set ${v2} from 0 to 3`]);
    expect(w.sizes()).toEqual({ [v1]: 0, [v2]: 3 });
  });
});

describe("syncDeployment: pause and resume", () => {
  it("while paused: no new RS for template edits, replicas still applied; resume gives one revision", () => {
    const { w, v1 } = settledWorld({ replicas: 4 });
    w.editSpec((s) => ({ ...s, paused: true }));
    const p = step(w);
    expect(p.messages).toEqual([]);
    const paused = getDeploymentCondition(w.deployment.status, "Progressing");
    expect([paused?.status, paused?.reason, paused?.message]).toEqual([
      "Unknown",
      "DeploymentPaused",
      "Deployment is paused",
    ]);
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:2.0") }));
    step(w);
    w.editSpec((s) => ({ ...s, template: webTemplate("nginx:3.0") }));
    step(w);
    expect(Object.keys(w.sizes())).toEqual([v1]);
    w.editSpec((s) => ({ ...s, replicas: 6 }));
    expect(step(w).messages).toEqual([`Scaled up replica set ${v1} from 4 to 6`]);
    // A paused Deployment never times out.
    w.now += 3_600_000;
    step(w);
    expect(getDeploymentCondition(w.deployment.status, "Progressing")?.reason).toBe(
      "DeploymentPaused",
    );

    w.editSpec((s) => ({ ...s, paused: false }));
    const r = step(w);
    const v3 = newestName(w, [v1]);
    expect(r.messages[0]).toBe(`Scaled up replica set ${v3} from 0 to 2`);
    expect(w.rs(v3)?.spec?.template?.spec?.containers?.[0]?.image).toBe("nginx:3.0");
    expect(w.rs(v3)?.metadata?.annotations?.[RevisionAnnotation]).toBe("2");
    w.run();
    expect(w.sizes()).toEqual({ [v1]: 0, [v3]: 6 });
  });
});

describe("kubectl rollout undo, then the controller", () => {
  it("--to-revision=1 re-uses the RS of revision 1 as revision 4 with revision-history 1", () => {
    const { w, v1 } = settledWorld({
      replicas: 2,
      annotations: { "kubernetes.io/change-cause": "v1" },
    });
    for (const [image, cause] of [
      ["nginx:2.0", "v2"],
      ["nginx:3.0", "v3"],
    ] as const) {
      w.deployment = {
        ...w.deployment,
        metadata: {
          ...w.deployment.metadata,
          annotations: {
            ...w.deployment.metadata?.annotations,
            "kubernetes.io/change-cause": cause,
          },
        },
      };
      w.editSpec((s) => ({ ...s, template: webTemplate(image) }));
      w.run();
    }
    const revisions = w
      .rsList()
      .map((rs) => revision(rs).value)
      .sort();
    expect(revisions).toEqual([1, 2, 3]);
    expect(w.rs(v1)?.metadata?.annotations?.["kubernetes.io/change-cause"]).toBe("v1");

    const plan = planRollback(w.deployment, w.rsList(), 1);
    expect(plan.type).toBe("rollback");
    if (plan.type !== "rollback") return;
    expect(plan.annotations["kubernetes.io/change-cause"]).toBe("v1");
    const rolledBack = applyRollback(w.deployment, plan);
    w.editSpec(() => rolledBack.spec as NonNullable<typeof rolledBack.spec>);
    w.deployment = {
      ...w.deployment,
      metadata: {
        ...w.deployment.metadata,
        ...rolledBack.metadata,
        generation: w.deployment.metadata?.generation ?? 0,
        resourceVersion: w.deployment.metadata?.resourceVersion ?? "",
      },
    };
    w.run();
    const rs1 = w.rs(v1);
    expect(rs1?.metadata?.annotations?.[RevisionAnnotation]).toBe("4");
    expect(rs1?.metadata?.annotations?.[RevisionHistoryAnnotation]).toBe("1");
    expect(rs1?.spec?.replicas).toBe(2);
    expect(
      w
        .rsList()
        .map((rs) => revision(rs).value)
        .sort(),
    ).toEqual([2, 3, 4]);
    expect(w.deployment.metadata?.annotations?.[RevisionAnnotation]).toBe("4");
    // Undo again (no --to-revision): the second-highest revision, 3.
    const again = planRollback(w.deployment, w.rsList());
    expect(again.type === "rollback" ? again.revision : again.type).toBe(3);
  });
});
