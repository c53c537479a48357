/**
 * progress.go: TestRequeueStuckDeployment and TestSyncRolloutStatus (progress_test.go), ported,
 * plus the ReplicaFailure promotion.
 */
import type { Deployment, DeploymentCondition, ReplicaSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { parseTime } from "@kubesim/sim";
import { getDeploymentCondition } from "./conditions.js";
import { runPlan } from "./plan.js";
import { requeueStuckDeployment, rolloutStatus, syncRolloutStatus } from "./progress.js";
import { newDeployment, newReplicaSet } from "./testdata/fixtures.js";

const at = (s: string): number => parseTime(s) ?? Number.NaN;

/** progress_test.go currentDeployment: a Recreate Deployment named progress-test. */
function currentDeployment(
  pds: number | null,
  replicas: number,
  statusReplicas: number,
  updatedReplicas: number,
  availableReplicas: number,
  conditions: DeploymentCondition[] | null,
): Deployment {
  return newDeployment({
    name: "progress-test",
    strategy: "Recreate",
    progressDeadlineSeconds: pds,
    replicas,
    status: {
      replicas: statusReplicas,
      updatedReplicas,
      availableReplicas,
      ...(conditions === null ? {} : { conditions }),
    },
  });
}

function newRSWithAvailable(
  name: string,
  spec: number,
  statusReplicas: number,
  available: number,
): ReplicaSet {
  return newReplicaSet({ name, replicas: spec, statusReplicas, availableReplicas: available });
}

describe("TestRequeueStuckDeployment", () => {
  const failed: DeploymentCondition[] = [
    { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" },
  ];
  const stuck: DeploymentCondition[] = [
    { type: "Progressing", status: "True", lastUpdateTime: "2017-02-15T18:49:00Z" },
  ];
  const status = (replicas: number, updated: number, available: number) => ({
    replicas,
    updatedReplicas: updated,
    availableReplicas: available,
  });
  it.each([
    {
      name: "nil progressDeadlineSeconds specified",
      d: currentDeployment(null, 4, 3, 3, 2, null),
      s: status(3, 3, 2),
      now: "2017-02-15T18:49:30Z",
      expected: -1,
    },
    {
      name: "infinite progressDeadlineSeconds specified",
      d: currentDeployment(2_147_483_647, 4, 3, 3, 2, null),
      s: status(3, 3, 2),
      now: "2017-02-15T18:49:30Z",
      expected: -1,
    },
    {
      name: "no progressing condition found",
      d: currentDeployment(60, 4, 3, 3, 2, null),
      s: status(3, 3, 2),
      now: "2017-02-15T18:49:30Z",
      expected: -1,
    },
    {
      name: "complete deployment does not need to be requeued",
      d: currentDeployment(60, 3, 3, 3, 3, null),
      s: status(3, 3, 3),
      now: "2017-02-15T18:49:30Z",
      expected: -1,
    },
    {
      name: "already failed deployment does not need to be requeued",
      d: currentDeployment(60, 3, 3, 3, 0, failed),
      s: status(3, 3, 0),
      now: "2017-02-15T18:49:30Z",
      expected: -1,
    },
    {
      name: "stuck deployment - 30s",
      d: currentDeployment(60, 3, 3, 3, 1, stuck),
      s: status(3, 3, 1),
      now: "2017-02-15T18:49:30Z",
      expected: 30_000,
    },
    {
      name: "stuck deployment - 1s",
      d: currentDeployment(60, 3, 3, 3, 1, stuck),
      s: status(3, 3, 1),
      now: "2017-02-15T18:49:59Z",
      expected: 1000,
    },
    {
      name: "failed deployment - less than a second => now",
      d: currentDeployment(60, 3, 3, 3, 1, stuck),
      s: status(3, 3, 1),
      now: "2017-02-15T18:49:59.001Z",
      expected: 0,
    },
    {
      name: "failed deployment - now",
      d: currentDeployment(60, 3, 3, 3, 1, stuck),
      s: status(3, 3, 1),
      now: "2017-02-15T18:50:00Z",
      expected: 0,
    },
    {
      name: "failed deployment - 1s after deadline",
      d: currentDeployment(60, 3, 3, 3, 1, stuck),
      s: status(3, 3, 1),
      now: "2017-02-15T18:50:01Z",
      expected: 0,
    },
    {
      name: "failed deployment - 60s after deadline",
      d: currentDeployment(60, 3, 3, 3, 1, stuck),
      s: status(3, 3, 1),
      now: "2017-02-15T18:51:00Z",
      expected: 0,
    },
  ])("$name", ({ d, s, now, expected }) => {
    const got = requeueStuckDeployment(d, s, at(now));
    expect(got.duration).toBe(expected);
    if (expected < 0) expect(got.requeue).toBeUndefined();
    else if (expected === 0) expect(got.requeue).toEqual({ type: "rateLimited" });
    // Go adds a second to avoid millisecond skew.
    else expect(got.requeue).toEqual({ type: "after", after: expected + 1000 });
  });
});

describe("TestSyncRolloutStatus", () => {
  const testTime = "2017-02-15T18:49:00Z";
  const later = at("2017-02-15T18:55:00Z");
  const failedTimedOut: DeploymentCondition = {
    type: "Progressing",
    status: "False",
    reason: "ProgressDeadlineExceeded",
  };
  const newRSAvailable: DeploymentCondition = {
    type: "Progressing",
    status: "True",
    reason: "NewReplicaSetAvailable",
    lastUpdateTime: testTime,
    lastTransitionTime: testTime,
  };
  const replicaSetUpdated: DeploymentCondition = {
    type: "Progressing",
    status: "True",
    reason: "ReplicaSetUpdated",
    lastUpdateTime: testTime,
    lastTransitionTime: testTime,
  };
  interface Case {
    name: string;
    d: Deployment;
    allRSs: ReplicaSet[];
    newRS?: ReplicaSet;
    reason?: string;
    conditionStatus?: string;
    lastUpdate?: string;
    lastTransition?: string;
  }
  const cases: Case[] = [
    {
      name: "General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline",
      d: currentDeployment(null, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [newRSWithAvailable("bar", 0, 1, 1)],
      newRS: newRSWithAvailable("foo", 3, 2, 2),
    },
    {
      name: "General: do not estimate progress of deployment with only one active ReplicaSet",
      d: currentDeployment(60, 3, 3, 3, 3, [newRSAvailable]),
      allRSs: [newRSWithAvailable("bar", 3, 3, 3)],
      conditionStatus: "True",
      reason: "NewReplicaSetAvailable",
      lastUpdate: testTime,
      lastTransition: testTime,
    },
    {
      name: "DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True",
      d: currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [newRSWithAvailable("bar", 0, 1, 1)],
      newRS: newRSWithAvailable("foo", 3, 2, 2),
      conditionStatus: "True",
      reason: "ReplicaSetUpdated",
      lastUpdate: "2017-02-15T18:55:00Z",
      lastTransition: testTime,
    },
    {
      name: "DeploymentProgressing: update everything if deployment has Progressing=False",
      d: currentDeployment(60, 3, 2, 2, 2, [failedTimedOut]),
      allRSs: [newRSWithAvailable("bar", 0, 1, 1)],
      newRS: newRSWithAvailable("foo", 3, 2, 2),
      conditionStatus: "True",
      reason: "ReplicaSetUpdated",
      lastUpdate: "2017-02-15T18:55:00Z",
      lastTransition: "2017-02-15T18:55:00Z",
    },
    {
      name: "DeploymentProgressing: create Progressing condition if it does not exist",
      d: currentDeployment(60, 3, 2, 2, 2, []),
      allRSs: [newRSWithAvailable("bar", 0, 1, 1)],
      newRS: newRSWithAvailable("foo", 3, 2, 2),
      conditionStatus: "True",
      reason: "ReplicaSetUpdated",
    },
    {
      name: "DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True",
      d: currentDeployment(60, 3, 3, 3, 3, [replicaSetUpdated]),
      allRSs: [],
      newRS: newRSWithAvailable("foo", 3, 3, 3),
      conditionStatus: "True",
      reason: "NewReplicaSetAvailable",
      lastTransition: testTime,
    },
    {
      name: "DeploymentComplete: update everything if deployment has Progressing=False",
      d: currentDeployment(60, 3, 3, 3, 3, [failedTimedOut]),
      allRSs: [],
      newRS: newRSWithAvailable("foo", 3, 3, 3),
      conditionStatus: "True",
      reason: "NewReplicaSetAvailable",
      lastTransition: "2017-02-15T18:55:00Z",
    },
    {
      name: "DeploymentComplete: create Progressing condition if it does not exist",
      d: currentDeployment(60, 3, 3, 3, 3, []),
      allRSs: [],
      newRS: newRSWithAvailable("foo", 3, 3, 3),
      conditionStatus: "True",
      reason: "NewReplicaSetAvailable",
    },
    {
      name: "DeploymentComplete: defend against NPE when newRS=nil",
      d: currentDeployment(60, 0, 3, 3, 3, [replicaSetUpdated]),
      allRSs: [newRSWithAvailable("foo", 0, 0, 0)],
      conditionStatus: "True",
      reason: "NewReplicaSetAvailable",
    },
    {
      name: "DeploymentTimedOut: update status if rollout exceeds Progress Deadline",
      d: currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]),
      allRSs: [],
      newRS: newRSWithAvailable("foo", 3, 2, 2),
      conditionStatus: "False",
      reason: "ProgressDeadlineExceeded",
    },
    {
      name: "DeploymentTimedOut: do not update status if deployment has existing timedOut condition",
      d: currentDeployment(60, 3, 2, 2, 2, [failedTimedOut]),
      allRSs: [],
      newRS: newRSWithAvailable("foo", 3, 2, 2),
      conditionStatus: "False",
      reason: "ProgressDeadlineExceeded",
    },
  ];
  it.each(cases)("$name", (c) => {
    const allRSs = c.newRS === undefined ? c.allRSs : [...c.allRSs, c.newRS];
    const status = rolloutStatus(allRSs, c.newRS, c.d, later);
    const cond = getDeploymentCondition(status, "Progressing");
    if (c.reason === undefined) {
      expect(cond).toBeUndefined();
      return;
    }
    expect([cond?.status, cond?.reason]).toEqual([c.conditionStatus, c.reason]);
    if (c.lastUpdate !== undefined) expect(cond?.lastUpdateTime).toBe(c.lastUpdate);
    if (c.lastTransition !== undefined) expect(cond?.lastTransitionTime).toBe(c.lastTransition);
  });

  it("messages name the new ReplicaSet, or the Deployment without one", () => {
    const foo = newRSWithAvailable("foo", 3, 3, 3);
    const complete = rolloutStatus([foo], foo, currentDeployment(60, 3, 3, 3, 3, []), later);
    expect(getDeploymentCondition(complete, "Progressing")?.message).toBe(
      'ReplicaSet "foo" has successfully progressed.',
    );
    const npe = rolloutStatus(
      [newRSWithAvailable("foo", 0, 0, 0)],
      undefined,
      currentDeployment(60, 0, 3, 3, 3, [replicaSetUpdated]),
      later,
    );
    expect(getDeploymentCondition(npe, "Progressing")?.message).toBe(
      'Deployment "progress-test" has successfully progressed.',
    );
    const moving = newRSWithAvailable("foo", 3, 2, 2);
    const progressing = rolloutStatus(
      [newRSWithAvailable("bar", 0, 1, 1), moving],
      moving,
      currentDeployment(60, 3, 2, 2, 2, []),
      later,
    );
    expect(getDeploymentCondition(progressing, "Progressing")?.message).toBe(
      'ReplicaSet "foo" is progressing.',
    );
    const stuck = newRSWithAvailable("foo", 3, 2, 2);
    const timedOut = rolloutStatus(
      [stuck],
      stuck,
      currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]),
      later,
    );
    expect(getDeploymentCondition(timedOut, "Progressing")?.message).toBe(
      'ReplicaSet "foo" has timed out progressing.',
    );
  });

  it("writes only when the status changed, else returns the deadline requeue", () => {
    const d = currentDeployment(60, 3, 3, 3, 1, [replicaSetUpdated]);
    const rs = newRSWithAvailable("foo", 3, 3, 1);
    // First pass: the Available condition is new → one status write.
    const first = runPlan(syncRolloutStatus([rs], rs, d, at("2017-02-15T18:49:30Z")));
    expect(first.actions.map((a) => a.type)).toEqual(["updateStatus"]);
    const written = first.actions[0]?.type === "updateStatus" ? first.actions[0].deployment : d;
    // Second pass on the written object: nothing new, requeue for 18:50:00 + 1 s.
    const second = runPlan(syncRolloutStatus([rs], rs, written, at("2017-02-15T18:49:30Z")));
    expect(second.actions).toEqual([]);
    expect(second.result).toEqual({ requeue: { type: "after", after: 31_000 } });
  });

  it("promotes a ReplicaFailure of the new RS (else of any RS), and removes it when gone", () => {
    const failure = {
      type: "ReplicaFailure",
      status: "True",
      reason: "FailedCreate",
      message: 'pods "foo-x" is forbidden: exceeded quota',
      lastTransitionTime: "2017-02-15T18:40:00Z",
    };
    const d = currentDeployment(60, 3, 2, 2, 2, [replicaSetUpdated]);
    const failing = {
      ...newRSWithAvailable("old", 1, 1, 1),
      status: { replicas: 1, availableReplicas: 1, conditions: [failure] },
    };
    const s = rolloutStatus([failing], newRSWithAvailable("foo", 3, 2, 2), d, later);
    expect(getDeploymentCondition(s, "ReplicaFailure")).toEqual({
      type: "ReplicaFailure",
      status: "True",
      lastUpdateTime: "2017-02-15T18:40:00Z",
      lastTransitionTime: "2017-02-15T18:40:00Z",
      reason: "FailedCreate",
      message: failure.message,
    });
    const cleared = rolloutStatus(
      [],
      newRSWithAvailable("foo", 3, 2, 2),
      { ...d, status: s },
      later,
    );
    expect(getDeploymentCondition(cleared, "ReplicaFailure")).toBeUndefined();
  });
});
