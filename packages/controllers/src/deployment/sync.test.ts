/**
 * sync.go planners: getNewReplicaSet (creation, AlreadyExists, collisions, create errors, revision
 * sync), calculateStatus, checkPausedConditions, isScalingEvent, cleanupDeployment errors, and the
 * direction word of scaling events.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { ApiError, alreadyExists, badRequest, conflict, notFound } from "@kubesim/api";
import { parseTime } from "@kubesim/sim";
import { getDeploymentCondition } from "./conditions.js";
import { computeHash } from "./hash.js";
import { runPlan } from "./plan.js";
import type { DeploymentAction, WriteResult } from "./plan.js";
import {
  calculateStatus,
  checkPausedConditions,
  cleanupDeployment,
  getNewReplicaSet,
  isScalingEvent,
  scale,
} from "./sync.js";
import { deepFreeze, newDeployment, newReplicaSet, webTemplate } from "./testdata/fixtures.js";
import { RevisionAnnotation, RevisionHistoryAnnotation } from "./util.js";

const NOW = parseTime("2024-01-01T12:00:00Z") ?? 0;
const rsGR = { group: "apps", resource: "replicasets" };

function web(o: Parameters<typeof newDeployment>[0] = {}): Deployment {
  return newDeployment({
    name: "web",
    replicas: 3,
    progressDeadlineSeconds: 600,
    template: webTemplate("nginx:2.0"),
    ...o,
  });
}
const oldRS = (rev: string, replicas = 3): ReplicaSet =>
  newReplicaSet({
    name: `web-old-${rev}`,
    replicas,
    template: webTemplate(`nginx:1.${rev}`),
    annotations: { [RevisionAnnotation]: rev },
  });

const types = (actions: readonly DeploymentAction[]) => actions.map((a) => a.type);
const statusWrites = (actions: readonly DeploymentAction[]) =>
  actions.flatMap((a) => (a.type === "updateStatus" ? [a.deployment] : []));
const messages = (actions: readonly DeploymentAction[]) =>
  actions.flatMap((a) =>
    a.type === "recordEvent" ? [`${a.event.type} ${a.event.reason} ${a.event.message}`] : [],
  );

describe("getNewReplicaSet: creating", () => {
  const d = deepFreeze(
    web({
      annotations: {
        "kubernetes.io/change-cause": "kubectl set image",
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        [RevisionAnnotation]: "2",
      },
    }),
  );

  it("names it <deployment>-<hash>, labels, selects and owns it, and annotates revision max+1", () => {
    const { actions, result } = runPlan(getNewReplicaSet(d, [oldRS("2")], [oldRS("2")], true, NOW));
    expect(types(actions)).toEqual(["createReplicaSet", "recordEvent", "updateStatus"]);
    const hash = computeHash(webTemplate("nginx:2.0"));
    const rs = result.newRS as ReplicaSet;
    expect(rs.metadata?.name).toBe(`web-${hash}`);
    expect(rs.metadata?.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec?.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    expect(rs.metadata?.annotations).toEqual({
      "kubernetes.io/change-cause": "kubectl set image",
      "deployment.kubernetes.io/revision": "3",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
    });
    // 3 old + 0 new < 3 + 1 surge: the new RS starts at 1.
    expect(rs.spec?.replicas).toBe(1);
    expect(messages(actions)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set web-${hash} from 0 to 1`,
    ]);
    const written = statusWrites(actions)[0];
    expect(written?.metadata?.annotations?.[RevisionAnnotation]).toBe("3");
    const cond = getDeploymentCondition(written?.status, "Progressing");
    expect([cond?.status, cond?.reason, cond?.message, cond?.lastUpdateTime]).toEqual([
      "True",
      "NewReplicaSetCreated",
      `Created new replica set "web-${hash}"`,
      "2024-01-01T12:00:00Z",
    ]);
  });

  it("hashes with collisionCount, so a bumped count gives a new name", () => {
    const bumped = web({ status: { collisionCount: 1 } });
    const { result } = runPlan(getNewReplicaSet(bumped, [], [], true, NOW));
    expect(result.newRS?.metadata?.name).toBe(`web-${computeHash(webTemplate("nginx:2.0"), 1)}`);
  });

  it("no event when created at 0, no condition without a deadline", () => {
    const full = web({ progressDeadlineSeconds: null, maxSurge: 0, maxUnavailable: 1 });
    const { actions, result } = runPlan(
      getNewReplicaSet(full, [oldRS("1")], [oldRS("1")], true, NOW),
    );
    expect(result.newRS?.spec?.replicas).toBe(0);
    expect(messages(actions)).toEqual([]);
    expect(getDeploymentCondition(statusWrites(actions)[0]?.status, "Progressing")).toBeUndefined();
  });

  const answer =
    (create: WriteResult) =>
    (a: DeploymentAction): WriteResult =>
      a.type === "createReplicaSet" ? create : { ok: true };

  it("AlreadyExists with our controllerRef and the same template: it is ours, quietly", () => {
    const planned = runPlan(getNewReplicaSet(d, [], [], true, NOW)).result.newRS as ReplicaSet;
    const existing = { ...planned, metadata: { ...planned.metadata, uid: "rs-uid" } };
    const { actions, result } = runPlan(
      getNewReplicaSet(d, [], [], true, NOW),
      answer({ ok: false, error: alreadyExists(rsGR, planned.metadata?.name ?? ""), existing }),
    );
    expect(result.error).toBeUndefined();
    expect(result.newRS).toBe(existing);
    expect(messages(actions)).toEqual([]);
    // The revision is still synced, but no NewReplicaSetCreated condition.
    expect(types(actions)).toEqual(["createReplicaSet", "updateStatus"]);
    expect(getDeploymentCondition(statusWrites(actions)[0]?.status, "Progressing")).toBeUndefined();
  });

  it("AlreadyExists owned by someone else: a hash collision bumps collisionCount and fails the sync", () => {
    const name = `web-${computeHash(webTemplate("nginx:2.0"))}`;
    const stranger = newReplicaSet({ name, replicas: 1, template: webTemplate("other") });
    const error = alreadyExists(rsGR, name);
    const { actions, result } = runPlan(
      getNewReplicaSet(d, [], [], true, NOW),
      answer({ ok: false, error, existing: stranger }),
    );
    expect(result.error).toBe(error);
    expect(types(actions)).toEqual(["createReplicaSet", "updateStatus"]);
    expect(statusWrites(actions)[0]?.status?.collisionCount).toBe(1);
  });

  it("AlreadyExists but gone from the cache: the lister's NotFound", () => {
    const { result } = runPlan(
      getNewReplicaSet(d, [], [], true, NOW),
      answer({ ok: false, error: alreadyExists(rsGR, "x") }),
    );
    expect((result.error as ApiError).message).toMatch(
      /^replicaset\.apps "web-[4-9bcdf]+" not found$/,
    );
  });

  it("other create errors: Progressing=False ReplicaSetCreateError and a Warning event", () => {
    const error = new ApiError("Forbidden", 'replicasets.apps "x" is forbidden: exceeded quota');
    const { actions, result } = runPlan(
      getNewReplicaSet(d, [], [], true, NOW),
      answer({ ok: false, error }),
    );
    expect(result.error).toBe(error);
    const name = `web-${computeHash(webTemplate("nginx:2.0"))}`;
    const text = `Failed to create new replica set "${name}": replicasets.apps "x" is forbidden: exceeded quota`;
    expect(messages(actions)).toEqual([`Warning ReplicaSetCreateError ${text}`]);
    const cond = getDeploymentCondition(statusWrites(actions)[0]?.status, "Progressing");
    expect([cond?.status, cond?.reason, cond?.message]).toEqual([
      "False",
      "ReplicaSetCreateError",
      text,
    ]);
  });

  it("namespace terminating: just the error", () => {
    const error = new ApiError("Forbidden", "namespace is being terminated", {
      causes: [
        { reason: "NamespaceTerminating", message: "namespace default is being terminated" },
      ],
    });
    const { actions, result } = runPlan(
      getNewReplicaSet(d, [], [], true, NOW),
      answer({ ok: false, error }),
    );
    expect(result.error).toBe(error);
    expect(types(actions)).toEqual(["createReplicaSet"]);
  });

  it("without createIfNotExisted nothing is created", () => {
    const { actions, result } = runPlan(
      getNewReplicaSet(d, [oldRS("1")], [oldRS("1")], false, NOW),
    );
    expect(actions).toEqual([]);
    expect(result.newRS).toBeUndefined();
  });
});

describe("getNewReplicaSet: an existing new ReplicaSet", () => {
  const current = newReplicaSet({
    name: "web-abc",
    replicas: 3,
    template: webTemplate("nginx:2.0"),
    annotations: { [RevisionAnnotation]: "1" },
  });

  it("a re-used RS (rollback) gets revision max+1 and its old number in revision-history", () => {
    const d = web({ minReadySeconds: 5 });
    const { actions, result } = runPlan(
      getNewReplicaSet(d, [current, oldRS("3")], [oldRS("3")], true, NOW),
    );
    expect(types(actions)).toEqual(["updateReplicaSet"]);
    const rs = result.newRS as ReplicaSet;
    expect(rs.metadata?.annotations?.[RevisionAnnotation]).toBe("4");
    expect(rs.metadata?.annotations?.[RevisionHistoryAnnotation]).toBe("1");
    expect(rs.spec?.minReadySeconds).toBe(5);
  });

  it("in sync: the Deployment takes the RS revision and FoundNewReplicaSet when it had no Progressing condition", () => {
    const d = web({ annotations: { [RevisionAnnotation]: "1" } });
    const synced = newReplicaSet({
      name: "web-abc",
      replicas: 3,
      template: webTemplate("nginx:2.0"),
      annotations: { [RevisionAnnotation]: "4" },
    });
    const { actions, result } = runPlan(
      getNewReplicaSet(d, [synced, oldRS("3")], [oldRS("3")], true, NOW),
    );
    expect(types(actions)).toEqual(["updateStatus"]);
    expect(result.d.metadata?.annotations?.[RevisionAnnotation]).toBe("4");
    expect(getDeploymentCondition(result.d.status, "Progressing")?.message).toBe(
      'Found new replica set "web-abc"',
    );
    // Nothing to do the second time.
    expect(
      runPlan(getNewReplicaSet(result.d, [synced, oldRS("3")], [oldRS("3")], true, NOW)).actions,
    ).toEqual([]);
  });

  it("a failed RS update fails the step", () => {
    const err = conflict(rsGR, "web-abc", "the object has been modified");
    const { result } = runPlan(
      getNewReplicaSet(web(), [current, oldRS("3")], [oldRS("3")], true, NOW),
      () => ({ ok: false, error: err }),
    );
    expect(result.error).toBe(err);
  });
});

describe("calculateStatus", () => {
  it("sums the RS statuses, clamps unavailable at 0 and sets Available", () => {
    const d = web({ replicas: 3, generation: 4, status: { collisionCount: 0 } });
    const newRS = newReplicaSet({
      name: "n",
      replicas: 2,
      statusReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    const old = newReplicaSet({
      name: "o",
      replicas: 0,
      statusReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    const s = calculateStatus([old, newRS], newRS, d, NOW);
    expect(s).toEqual({
      observedGeneration: 4,
      replicas: 4,
      updatedReplicas: 2,
      readyReplicas: 4,
      availableReplicas: 4,
      conditions: [
        {
          type: "Available",
          status: "True",
          lastUpdateTime: "2024-01-01T12:00:00Z",
          lastTransitionTime: "2024-01-01T12:00:00Z",
          reason: "MinimumReplicasAvailable",
          message: "Deployment has minimum availability.",
        },
      ],
      collisionCount: 0,
    });
  });

  it("Available=False below replicas - maxUnavailable (10, 25% → need 8)", () => {
    const d = web({ replicas: 10 });
    const rs = newReplicaSet({ name: "n", replicas: 10, statusReplicas: 10, availableReplicas: 7 });
    const s = calculateStatus([rs], rs, d, NOW);
    expect(s.unavailableReplicas).toBe(3);
    const c = getDeploymentCondition(s, "Available");
    expect([c?.status, c?.reason, c?.message]).toEqual([
      "False",
      "MinimumReplicasUnavailable",
      "Deployment does not have minimum availability.",
    ]);
    expect(
      getDeploymentCondition(
        calculateStatus([{ ...rs, status: { replicas: 10, availableReplicas: 8 } }], rs, d, NOW),
        "Available",
      )?.status,
    ).toBe("True");
  });
});

describe("checkPausedConditions", () => {
  it("never overwrites ProgressDeadlineExceeded", () => {
    const d = web({
      paused: true,
      status: {
        conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
      },
    });
    expect(runPlan(checkPausedConditions(d, NOW)).actions).toEqual([]);
  });
  it("does nothing without a progress deadline", () => {
    expect(
      runPlan(checkPausedConditions(web({ paused: true, progressDeadlineSeconds: null }), NOW))
        .actions,
    ).toEqual([]);
  });
  it("DeploymentResumed after DeploymentPaused", () => {
    const paused = runPlan(checkPausedConditions(web({ paused: true }), NOW)).result.d;
    const resumed = { ...paused, spec: { ...paused.spec, paused: false } } as Deployment;
    const { result } = runPlan(checkPausedConditions(resumed, NOW + 5000));
    const c = getDeploymentCondition(result.d.status, "Progressing");
    expect([c?.status, c?.reason, c?.message, c?.lastUpdateTime, c?.lastTransitionTime]).toEqual([
      "Unknown",
      "DeploymentResumed",
      "Deployment is resumed",
      "2024-01-01T12:00:05Z",
      "2024-01-01T12:00:00Z",
    ]);
  });
});

describe("isScalingEvent", () => {
  const rsAt = (desired: string | undefined, replicas = 3) =>
    newReplicaSet({
      name: "web-abc",
      replicas,
      template: webTemplate("nginx:2.0"),
      annotations: {
        [RevisionAnnotation]: "1",
        ...(desired === undefined ? {} : { "deployment.kubernetes.io/desired-replicas": desired }),
      },
    });
  const d = web({
    annotations: { [RevisionAnnotation]: "1" },
    status: {
      conditions: [{ type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" }],
    },
  });
  it.each([
    ["desired-replicas differs from spec.replicas", rsAt("2"), true],
    ["desired-replicas equal", rsAt("3"), false],
    ["no annotation", rsAt(undefined), false],
    ["malformed annotation", rsAt("x"), false],
    ["inactive RS", rsAt("2", 0), false],
  ] as const)("%s", (_name, rs, expected) => {
    expect(runPlan(isScalingEvent(d, [rs], NOW)).result.scaling).toBe(expected);
  });
});

describe("cleanupDeployment errors", () => {
  const d = web({ revisionHistoryLimit: 0 });
  const rss = [
    newReplicaSet({ name: "a", replicas: 0 }),
    newReplicaSet({ name: "b", replicas: 0 }),
  ];
  it("NotFound is ignored, the cleanup goes on", () => {
    const { actions, result } = runPlan(cleanupDeployment(rss, d), () => ({
      ok: false,
      error: notFound(rsGR, "a"),
    }));
    expect(actions).toHaveLength(2);
    expect(result.error).toBeUndefined();
  });
  it("any other error stops it", () => {
    const error = badRequest("boom");
    const { actions, result } = runPlan(cleanupDeployment(rss, d), () => ({ ok: false, error }));
    expect(actions).toHaveLength(1);
    expect(result.error).toBe(error);
  });
  it("unset or MaxInt32 revisionHistoryLimit keeps everything", () => {
    expect(runPlan(cleanupDeployment(rss, web({ revisionHistoryLimit: null }))).actions).toEqual(
      [],
    );
  });
});

describe("scale: events and annotations", () => {
  it("the direction word follows the sizes; only size changes are events; annotations ride along", () => {
    // 2 active RSes annotated for 10 replicas + surge 3; now 20 replicas, surge 5.
    const ann = {
      "deployment.kubernetes.io/desired-replicas": "10",
      "deployment.kubernetes.io/max-replicas": "13",
    };
    const d = web({ replicas: 20 });
    const newRS = newReplicaSet({
      name: "web-new",
      replicas: 5,
      created: "2024-01-01T11:00:00Z",
      annotations: ann,
      template: webTemplate("nginx:2.0"),
    });
    const old = newReplicaSet({
      name: "web-old",
      replicas: 8,
      created: "2024-01-01T10:00:00Z",
      annotations: ann,
      template: webTemplate("nginx:1.0"),
    });
    const { actions } = runPlan(scale(d, newRS, [old]));
    // allowed 25, toAdd 12: old round(8 × 25/13) - 8 = 7, new round(5 × 25/13) - 5 = 5.
    expect(messages(actions)).toEqual([
      "Normal ScalingReplicaSet Scaled up replica set web-old from 8 to 15",
      "Normal ScalingReplicaSet Scaled up replica set web-new from 5 to 10",
    ]);
    for (const a of actions) {
      if (a.type !== "scaleReplicaSet") continue;
      expect(a.reason).toBe("proportionalScaling");
      expect(a.rs.metadata?.annotations).toMatchObject({
        "deployment.kubernetes.io/desired-replicas": "20",
        "deployment.kubernetes.io/max-replicas": "25",
      });
    }
  });

  it("while the total grows, an RS whose max-replicas share shrinks is reported as scaled down", () => {
    // Both annotated max-replicas 15; now 6 + surge 6 = 12 allowed, 11 active → toAdd 1.
    // rs-old: round(8 × 12/15) - 8 = -2; rs-new: round(3 × 12/15) - 3 = -1; leftover 4 to the larger.
    const ann = {
      "deployment.kubernetes.io/desired-replicas": "9",
      "deployment.kubernetes.io/max-replicas": "15",
    };
    const d = web({ replicas: 6, maxSurge: 6 });
    const newRS = newReplicaSet({
      name: "rs-new",
      replicas: 3,
      created: "2024-01-01T11:00:00Z",
      annotations: ann,
      template: webTemplate("nginx:2.0"),
    });
    const old = newReplicaSet({
      name: "rs-old",
      replicas: 8,
      created: "2024-01-01T10:00:00Z",
      annotations: ann,
      template: webTemplate("nginx:1.0"),
    });
    // Newest upstream words it from the sizes; v1.28–v1.30 said "up" for both (the sign of toAdd).
    expect(messages(runPlan(scale(d, newRS, [old])).actions)).toEqual([
      "Normal ScalingReplicaSet Scaled up replica set rs-old from 8 to 10",
      "Normal ScalingReplicaSet Scaled down replica set rs-new from 3 to 2",
    ]);
  });

  it("Kubernetes' lossy corner: the leftover pushes the first RS below 0 and the clamp keeps the excess", () => {
    // Found by the proportional-scaling property. 5 active RSes 9,9,9,8,7 (max-replicas 42) scaled
    // to 1 replica + surge 2 = 3: toAdd -39; shares round(9 × 3/42) = 1 → -8, -8, -8, then -7, -6
    // = -37; the leftover -2 makes the first (oldest 9) 9 - 8 - 2 = -1 → 0. Result 0,1,1,1,1 = 4.
    const ann = {
      "deployment.kubernetes.io/desired-replicas": "40",
      "deployment.kubernetes.io/max-replicas": "42",
    };
    const rss = [9, 9, 9, 8, 7].map((n, i) =>
      newReplicaSet({
        name: `rs-${i}`,
        replicas: n,
        created: `2024-01-01T0${i}:00:00Z`,
        annotations: ann,
        template: webTemplate(`v${i}`),
      }),
    );
    const d = web({ replicas: 1, maxSurge: 2, maxUnavailable: 1, template: webTemplate("v4") });
    const { actions } = runPlan(scale(d, rss[4], rss.slice(0, 4)));
    const to = Object.fromEntries(
      actions.flatMap((a) => (a.type === "scaleReplicaSet" ? [[a.rs.metadata?.name, a.to]] : [])),
    );
    expect(to).toEqual({ "rs-0": 0, "rs-1": 1, "rs-2": 1, "rs-3": 1, "rs-4": 1 });
  });

  it("a saturated new RS sends the active old ones to 0, newest first", () => {
    const d = web({ replicas: 3 });
    const newRS = newReplicaSet({
      name: "web-new",
      replicas: 3,
      availableReplicas: 3,
      annotations: { "deployment.kubernetes.io/desired-replicas": "3" },
      created: "2024-01-01T11:00:00Z",
    });
    const o1 = newReplicaSet({ name: "web-o1", replicas: 1, created: "2024-01-01T09:00:00Z" });
    const o2 = newReplicaSet({ name: "web-o2", replicas: 2, created: "2024-01-01T10:00:00Z" });
    const { actions } = runPlan(scale(d, newRS, [o1, o2]));
    expect(messages(actions)).toEqual([
      "Normal ScalingReplicaSet Scaled down replica set web-o2 from 2 to 0",
      "Normal ScalingReplicaSet Scaled down replica set web-o1 from 1 to 0",
    ]);
  });

  it("stops at the first failed write, without its event", () => {
    const d = web({ replicas: 6 });
    const rs = newReplicaSet({ name: "only", replicas: 3 });
    const error = conflict(rsGR, "only", "x");
    const { actions, result } = runPlan(scale(d, rs, []), () => ({ ok: false, error }));
    expect(types(actions)).toEqual(["scaleReplicaSet"]);
    expect(result.error).toBe(error);
  });
});
