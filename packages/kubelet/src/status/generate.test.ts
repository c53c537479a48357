import type { ContainerStatus, PodCondition, PodSpec } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  generateContainersReadyCondition,
  generatePodInitializedCondition,
  generatePodReadyCondition,
  generatePodReadyToStartContainersCondition,
} from "./generate.js";

function cs(name: string, o: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: false, restartCount: 0, image: "", imageID: "", ...o };
}
const ready = (name: string) => cs(name, { ready: true, started: true, state: { running: {} } });
const unready = (name: string) => cs(name, { started: true, state: { running: {} } });

const twoContainers: PodSpec = { containers: [{ name: "a" }, { name: "b" }] };
const withInits: PodSpec = {
  initContainers: [{ name: "init" }, { name: "sidecar", restartPolicy: "Always" }],
  containers: [{ name: "app" }],
};

describe("generateContainersReadyCondition (generate.go)", () => {
  it("is True when every container is ready", () => {
    expect(
      generateContainersReadyCondition(twoContainers, [ready("a"), ready("b")], "Running"),
    ).toEqual({ type: "ContainersReady", status: "True" });
  });

  it("names unready containers, Go-style: [a b]", () => {
    expect(
      generateContainersReadyCondition(twoContainers, [unready("a"), unready("b")], "Running"),
    ).toEqual({
      type: "ContainersReady",
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [a b]",
    });
  });

  it("lists unknown containers first, then unready, joined by ', '", () => {
    expect(generateContainersReadyCondition(twoContainers, [unready("b")], "Running")).toEqual({
      type: "ContainersReady",
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unknown status: [a], containers with unready status: [b]",
    });
  });

  it("counts sidecars but not regular init containers", () => {
    const statuses = [
      cs("init", { state: { terminated: { exitCode: 0 } } }),
      unready("sidecar"),
      ready("app"),
    ];
    expect(generateContainersReadyCondition(withInits, statuses, "Running").message).toBe(
      "containers with unready status: [sidecar]",
    );
  });

  it("is UnknownContainerStatuses when no status is known at all", () => {
    expect(generateContainersReadyCondition(twoContainers, undefined, "Pending")).toEqual({
      type: "ContainersReady",
      status: "False",
      reason: "UnknownContainerStatuses",
    });
  });

  it("is False/PodCompleted for a Succeeded pod whose containers are all known", () => {
    expect(
      generateContainersReadyCondition(twoContainers, [ready("a"), ready("b")], "Succeeded"),
    ).toEqual({ type: "ContainersReady", status: "False", reason: "PodCompleted" });
  });

  it("keeps the unknown message for a Succeeded pod with an unknown container", () => {
    expect(generateContainersReadyCondition(twoContainers, [ready("a")], "Succeeded")).toEqual({
      type: "ContainersReady",
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unknown status: [b]",
    });
  });

  it("is False/PodFailed for a Failed pod, even with ready containers", () => {
    expect(generateContainersReadyCondition(twoContainers, [ready("a")], "Failed")).toEqual({
      type: "ContainersReady",
      status: "False",
      reason: "PodFailed",
    });
  });
});

describe("generatePodReadyCondition (generate.go)", () => {
  it("copies ContainersReady's status, reason and message when it is not True", () => {
    expect(
      generatePodReadyCondition(twoContainers, [], [unready("a"), ready("b")], "Running"),
    ).toEqual({
      type: "Ready",
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [a]",
    });
    expect(generatePodReadyCondition(twoContainers, [], [ready("a")], "Failed")).toEqual({
      type: "Ready",
      status: "False",
      reason: "PodFailed",
    });
  });

  it("is True when containers are ready and there are no gates", () => {
    expect(
      generatePodReadyCondition(twoContainers, [], [ready("a"), ready("b")], "Running"),
    ).toEqual({
      type: "Ready",
      status: "True",
    });
  });

  it("reports missing and non-True readiness gates, joined by ', '", () => {
    const spec: PodSpec = {
      ...twoContainers,
      readinessGates: [{ conditionType: "g1" }, { conditionType: "g2" }, { conditionType: "g3" }],
    };
    const conditions: PodCondition[] = [
      { type: "g2", status: "False" },
      { type: "g3", status: "True" },
    ];
    expect(
      generatePodReadyCondition(spec, conditions, [ready("a"), ready("b")], "Running"),
    ).toEqual({
      type: "Ready",
      status: "False",
      reason: "ReadinessGatesNotReady",
      message:
        'corresponding condition of pod readiness gate "g1" does not exist., the status of pod readiness gate "g2" is not "True", but False',
    });
  });

  it("is True when every gate's condition is True", () => {
    const spec: PodSpec = { ...twoContainers, readinessGates: [{ conditionType: "g1" }] };
    expect(
      generatePodReadyCondition(
        spec,
        [{ type: "g1", status: "True" }],
        [ready("a"), ready("b")],
        "Running",
      ),
    ).toEqual({ type: "Ready", status: "True" });
  });
});

describe("generatePodInitializedCondition (generate.go)", () => {
  it("is True for a pod without init containers", () => {
    expect(generatePodInitializedCondition(twoContainers, undefined, "Pending")).toEqual({
      type: "Initialized",
      status: "True",
    });
  });

  it("is UnknownContainerStatuses with init containers and no status", () => {
    expect(generatePodInitializedCondition(withInits, undefined, "Pending")).toEqual({
      type: "Initialized",
      status: "False",
      reason: "UnknownContainerStatuses",
    });
  });

  it("lists unknown, then incomplete init containers", () => {
    const statuses = [
      cs("init", { state: { running: {} } }),
      cs("app", { state: { waiting: { reason: "PodInitializing" } } }),
    ];
    expect(generatePodInitializedCondition(withInits, statuses, "Pending")).toEqual({
      type: "Initialized",
      status: "False",
      reason: "ContainersNotInitialized",
      message:
        "containers with unknown status: [sidecar], containers with incomplete status: [init]",
    });
  });

  it("needs regular init containers ready and sidecars started", () => {
    const done = cs("init", { ready: true, state: { terminated: { exitCode: 0 } } });
    const sidecarNotStarted = cs("sidecar", { started: false, state: { running: {} } });
    const sidecarStarted = cs("sidecar", { started: true, state: { running: {} } });
    const waiting = cs("app", { state: { waiting: { reason: "PodInitializing" } } });
    expect(
      generatePodInitializedCondition(withInits, [done, sidecarNotStarted, waiting], "Pending")
        .message,
    ).toBe("containers with incomplete status: [sidecar]");
    expect(
      generatePodInitializedCondition(withInits, [done, sidecarStarted, waiting], "Pending"),
    ).toEqual({
      type: "Initialized",
      status: "True",
    });
  });

  it("stays True once a regular container has started, though a sidecar restarts", () => {
    const statuses = [
      cs("init", { ready: true, state: { terminated: { exitCode: 0 } } }),
      cs("sidecar", { started: false, state: { waiting: { reason: "CrashLoopBackOff" } } }),
      ready("app"),
    ];
    expect(generatePodInitializedCondition(withInits, statuses, "Running")).toEqual({
      type: "Initialized",
      status: "True",
    });
  });

  it("is True/PodCompleted for a Succeeded pod whose init containers are known", () => {
    const statuses = [
      cs("init"),
      cs("sidecar"),
      cs("app", { state: { terminated: { exitCode: 0 } } }),
    ];
    expect(generatePodInitializedCondition(withInits, statuses, "Succeeded")).toEqual({
      type: "Initialized",
      status: "True",
      reason: "PodCompleted",
    });
  });
});

describe("generatePodReadyToStartContainersCondition", () => {
  it("follows the sandbox", () => {
    expect(generatePodReadyToStartContainersCondition(true)).toEqual({
      type: "PodReadyToStartContainers",
      status: "True",
    });
    expect(generatePodReadyToStartContainersCondition(false)).toEqual({
      type: "PodReadyToStartContainers",
      status: "False",
    });
  });
});
