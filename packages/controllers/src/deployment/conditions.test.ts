import type { DeploymentCondition, DeploymentStatus } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { parseTime } from "@kubesim/sim";
import {
  getDeploymentCondition,
  newDeploymentCondition,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  setDeploymentCondition,
} from "./conditions.js";
import { deepFreeze } from "./testdata/fixtures.js";

// The fixtures of deployment_util_test.go.
const condProgressing = (): DeploymentCondition => ({
  type: "Progressing",
  status: "False",
  reason: "ForSomeReason",
});
const condProgressing2 = (): DeploymentCondition => ({
  type: "Progressing",
  status: "True",
  reason: "BecauseItIs",
});
const condAvailable = (): DeploymentCondition => ({
  type: "Available",
  status: "True",
  reason: "AwesomeController",
});
const status = (): DeploymentStatus => ({ conditions: [condProgressing(), condAvailable()] });

describe("TestGetCondition", () => {
  it("condition exists", () => {
    expect(getDeploymentCondition(status(), "Available")).toEqual(condAvailable());
  });
  it("condition does not exist", () => {
    expect(getDeploymentCondition(status(), "ReplicaFailure")).toBeUndefined();
  });
});

describe("TestSetCondition", () => {
  it("set for the first time", () => {
    expect(setDeploymentCondition({}, condAvailable())).toEqual({ conditions: [condAvailable()] });
  });
  it("simple set (appended at the end)", () => {
    expect(setDeploymentCondition({ conditions: [condProgressing()] }, condAvailable())).toEqual(
      status(),
    );
  });
  it("overwrite", () => {
    expect(setDeploymentCondition({ conditions: [condProgressing()] }, condProgressing2())).toEqual(
      {
        conditions: [condProgressing2()],
      },
    );
  });
  it("does not mutate its input", () => {
    const s = deepFreeze(status());
    setDeploymentCondition(s, condProgressing2());
    expect(s).toEqual(status());
  });
});

describe("TestRemoveCondition", () => {
  it("remove from empty status", () => {
    expect(removeDeploymentCondition({}, "Progressing")).toEqual({});
  });
  it("simple remove (no conditions left: the list is dropped)", () => {
    expect(removeDeploymentCondition({ conditions: [condProgressing()] }, "Progressing")).toEqual(
      {},
    );
  });
  it("doesn't remove anything", () => {
    expect(removeDeploymentCondition(status(), "ReplicaFailure")).toEqual(status());
  });
});

describe("SetDeploymentCondition time rules", () => {
  const t0 = parseTime("2024-01-01T10:00:00Z") ?? 0;
  const t1 = t0 + 5 * 60_000;
  const first = newDeploymentCondition("Progressing", "True", "ReplicaSetUpdated", "a", t0);

  it("NewDeploymentCondition sets both times to now, at second precision", () => {
    expect(newDeploymentCondition("Available", "True", "R", "m", t0 + 999)).toEqual({
      type: "Available",
      status: "True",
      lastUpdateTime: "2024-01-01T10:00:00Z",
      lastTransitionTime: "2024-01-01T10:00:00Z",
      reason: "R",
      message: "m",
    });
  });
  it("same status and reason: nothing changes, not even message or lastUpdateTime", () => {
    const s = { conditions: [first] };
    const again = newDeploymentCondition("Progressing", "True", "ReplicaSetUpdated", "b", t1);
    expect(setDeploymentCondition(s, again)).toBe(s);
  });
  it("same status, new reason: lastTransitionTime kept, the rest replaced", () => {
    const next = newDeploymentCondition("Progressing", "True", "NewReplicaSetAvailable", "b", t1);
    const got = getDeploymentCondition(
      setDeploymentCondition({ conditions: [first] }, next),
      "Progressing",
    );
    expect(got).toEqual({ ...next, lastTransitionTime: "2024-01-01T10:00:00Z" });
  });
  it("new status: both times are the new ones", () => {
    const next = newDeploymentCondition(
      "Progressing",
      "False",
      "ProgressDeadlineExceeded",
      "b",
      t1,
    );
    expect(
      getDeploymentCondition(setDeploymentCondition({ conditions: [first] }, next), "Progressing"),
    ).toEqual(next);
  });
  it("ReplicaSetToDeploymentCondition uses the RS lastTransitionTime for both times", () => {
    expect(
      replicaSetToDeploymentCondition({
        type: "ReplicaFailure",
        status: "True",
        reason: "FailedCreate",
        message: "quota",
        lastTransitionTime: "2024-01-01T10:00:00Z",
      }),
    ).toEqual({
      type: "ReplicaFailure",
      status: "True",
      lastUpdateTime: "2024-01-01T10:00:00Z",
      lastTransitionTime: "2024-01-01T10:00:00Z",
      reason: "FailedCreate",
      message: "quota",
    });
  });
});
