import type { ContainerStatus, PodCondition, PodSpec } from "kubernetes-types/core/v1";
import { isInvariantError } from "@kubesim/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PodConditionsInput } from "./conditions.js";
import { generatePodConditions, podConditionByKubelet } from "./conditions.js";

/** The value type an arbitrary generates. */
type ArbValue<A> = A extends fc.Arbitrary<infer T> ? T : never;

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-01-01T00:00:07Z";
const T2 = "2024-01-01T00:01:00Z";

function cs(name: string, o: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: false, restartCount: 0, image: "", imageID: "", ...o };
}
const running = (name: string, ready: boolean) =>
  cs(name, { ready, started: true, state: { running: {} } });

const spec: PodSpec = { containers: [{ name: "a" }, { name: "b" }] };

function input(o: Partial<PodConditionsInput>): PodConditionsInput {
  return {
    spec,
    initContainerStatuses: [],
    containerStatuses: [running("a", true), running("b", true)],
    phase: "Running",
    sandboxReady: true,
    previous: [],
    now: T1,
    ...o,
  };
}
const byType = (cs: readonly PodCondition[], type: string) => cs.find((c) => c.type === type);

describe("generatePodConditions", () => {
  it("writes the kubelet's five conditions in kubelet order", () => {
    expect(generatePodConditions(input({}))).toEqual([
      { type: "PodReadyToStartContainers", status: "True", lastTransitionTime: T1 },
      { type: "Initialized", status: "True", lastTransitionTime: T1 },
      { type: "Ready", status: "True", lastTransitionTime: T1 },
      { type: "ContainersReady", status: "True", lastTransitionTime: T1 },
      { type: "PodScheduled", status: "True", lastTransitionTime: T1 },
    ]);
  });

  it("keeps lastTransitionTime while the status is unchanged, and sets now when it changes", () => {
    const first = generatePodConditions(
      input({ now: T0, containerStatuses: [running("a", false), running("b", true)] }),
    );
    expect(byType(first, "Ready")).toMatchObject({ status: "False", lastTransitionTime: T0 });
    // same status, new message: the timestamp stays
    const second = generatePodConditions(
      input({
        now: T1,
        previous: first,
        containerStatuses: [running("a", true), running("b", false)],
      }),
    );
    expect(byType(second, "Ready")).toEqual({
      type: "Ready",
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [b]",
      lastTransitionTime: T0,
    });
    // status flips: now
    const third = generatePodConditions(input({ now: T2, previous: second }));
    expect(byType(third, "Ready")).toEqual({
      type: "Ready",
      status: "True",
      lastTransitionTime: T2,
    });
    expect(byType(third, "Initialized")?.lastTransitionTime).toBe(T0);
  });

  it("keeps the scheduler's PodScheduled transition time", () => {
    const previous: PodCondition[] = [
      { type: "PodScheduled", status: "True", lastTransitionTime: T0 },
    ];
    expect(byType(generatePodConditions(input({ previous })), "PodScheduled")).toEqual({
      type: "PodScheduled",
      status: "True",
      lastTransitionTime: T0,
    });
  });

  it("writes PodScheduled True even if absent before", () => {
    expect(byType(generatePodConditions(input({})), "PodScheduled")).toEqual({
      type: "PodScheduled",
      status: "True",
      lastTransitionTime: T1,
    });
  });

  it("reports ContainersNotReady with the unready containers' names", () => {
    const out = generatePodConditions(
      input({ containerStatuses: [running("a", false), running("b", false)] }),
    );
    for (const type of ["Ready", "ContainersReady"]) {
      expect(byType(out, type)).toMatchObject({
        status: "False",
        reason: "ContainersNotReady",
        message: "containers with unready status: [a b]",
      });
    }
  });

  it("reports ContainersNotInitialized while an init container runs", () => {
    const withInit: PodSpec = { ...spec, initContainers: [{ name: "setup" }] };
    const out = generatePodConditions(
      input({
        spec: withInit,
        phase: "Pending",
        initContainerStatuses: [cs("setup", { state: { running: {} } })],
        containerStatuses: [
          cs("a", { state: { waiting: { reason: "PodInitializing" } } }),
          cs("b", { state: { waiting: { reason: "PodInitializing" } } }),
        ],
      }),
    );
    expect(byType(out, "Initialized")).toEqual({
      type: "Initialized",
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [setup]",
      lastTransitionTime: T1,
    });
  });

  it("forces Ready and ContainersReady False with PodCompleted / PodFailed for terminal phases", () => {
    const done = [
      cs("a", { state: { terminated: { exitCode: 0, reason: "Completed" } } }),
      cs("b", { state: { terminated: { exitCode: 0, reason: "Completed" } } }),
    ];
    const succeeded = generatePodConditions(input({ phase: "Succeeded", containerStatuses: done }));
    expect(byType(succeeded, "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(byType(succeeded, "ContainersReady")).toMatchObject({
      status: "False",
      reason: "PodCompleted",
    });
    expect(byType(succeeded, "Initialized")).toMatchObject({
      status: "True",
      reason: "PodCompleted",
    });
    const failed = generatePodConditions(input({ phase: "Failed" }));
    expect(byType(failed, "Ready")).toMatchObject({ status: "False", reason: "PodFailed" });
    expect(byType(failed, "ContainersReady")).toMatchObject({
      status: "False",
      reason: "PodFailed",
    });
  });

  it("keeps conditions the kubelet does not own, first, and evaluates readiness gates against them", () => {
    const gated: PodSpec = { ...spec, readinessGates: [{ conditionType: "example.com/lb" }] };
    const lb: PodCondition = { type: "example.com/lb", status: "False", lastTransitionTime: T0 };
    const out = generatePodConditions(input({ spec: gated, previous: [lb] }));
    expect(out.map((c) => c.type)).toEqual([
      "example.com/lb",
      "PodReadyToStartContainers",
      "Initialized",
      "Ready",
      "ContainersReady",
      "PodScheduled",
    ]);
    expect(out[0]).toBe(lb);
    expect(byType(out, "Ready")).toMatchObject({
      status: "False",
      reason: "ReadinessGatesNotReady",
      message: 'the status of pod readiness gate "example.com/lb" is not "True", but False',
    });
    const opened = generatePodConditions(
      input({ spec: gated, previous: [{ ...lb, status: "True" }] }),
    );
    expect(byType(opened, "Ready")).toMatchObject({ status: "True" });
  });

  it("drops kubelet-owned conditions it does not generate (pod resize)", () => {
    const previous: PodCondition[] = [{ type: "PodResizePending", status: "True" }];
    expect(byType(generatePodConditions(input({ previous })), "PodResizePending")).toBeUndefined();
  });

  it("reports PodReadyToStartContainers False without a sandbox", () => {
    expect(
      byType(generatePodConditions(input({ sandboxReady: false })), "PodReadyToStartContainers"),
    ).toEqual({
      type: "PodReadyToStartContainers",
      status: "False",
      lastTransitionTime: T1,
    });
  });

  it("says UnknownContainerStatuses when no status is known at all", () => {
    const out = generatePodConditions(input({ containerStatuses: [], phase: "Pending" }));
    expect(byType(out, "ContainersReady")).toMatchObject({
      status: "False",
      reason: "UnknownContainerStatuses",
    });
    expect(byType(out, "Ready")).toMatchObject({
      status: "False",
      reason: "UnknownContainerStatuses",
    });
  });

  it("refuses a `now` that is not RFC 3339 with second precision", () => {
    for (const now of ["2024-01-01T00:00:00.123Z", "yesterday", ""]) {
      let caught: unknown;
      try {
        generatePodConditions(input({ now }));
      } catch (e) {
        caught = e;
      }
      expect(isInvariantError(caught)).toBe(true);
      expect((caught as Error).message).toContain("RFC 3339");
    }
  });
});

describe("generatePodConditions: properties", () => {
  const nowArb = fc
    .integer({ min: 0, max: 10_000 })
    .map((s) => new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString().replace(".000Z", "Z"));
  const statusArb = (name: string) =>
    fc.oneof(
      fc.constant<ContainerStatus | undefined>(undefined),
      fc.boolean().map((ready) => running(name, ready)),
      fc.constant(cs(name, { state: { waiting: { reason: "ContainerCreating" } } })),
      fc
        .integer({ min: 0, max: 2 })
        .map((exitCode) => cs(name, { state: { terminated: { exitCode } } })),
    );
  const stepArb = fc.record({
    a: statusArb("a"),
    b: statusArb("b"),
    phase: fc.constantFrom("Pending", "Running", "Succeeded", "Failed"),
    sandboxReady: fc.boolean(),
    gate: fc.constantFrom<"absent" | "True" | "False">("absent", "True", "False"),
    now: nowArb,
  });
  const gated: PodSpec = { ...spec, readinessGates: [{ conditionType: "example.com/gate" }] };
  const step = (previous: readonly PodCondition[], s: ArbValue<typeof stepArb>) => {
    const others = previous.filter((c) => podConditionByKubelet(c.type));
    const gate: PodCondition[] =
      s.gate === "absent" ? [] : [{ type: "example.com/gate", status: s.gate }];
    return generatePodConditions({
      spec: gated,
      initContainerStatuses: [],
      containerStatuses: [s.a, s.b].filter((x): x is ContainerStatus => x !== undefined),
      phase: s.phase,
      sandboxReady: s.sandboxReady,
      previous: [...gate, ...others],
      now: s.now,
    });
  };

  it("lastTransitionTime changes iff the status changes", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 2, maxLength: 6 }), (steps) => {
        let previous: PodCondition[] = [];
        for (const s of steps) {
          const next = step(previous, s);
          for (const c of next.filter((x) => podConditionByKubelet(x.type))) {
            const old = previous.find((p) => p.type === c.type);
            if (old !== undefined && old.status === c.status) {
              expect(c.lastTransitionTime).toBe(old.lastTransitionTime);
            } else {
              expect(c.lastTransitionTime).toBe(s.now);
            }
          }
          previous = next;
        }
      }),
    );
  });

  it("Ready True implies ContainersReady True, and a terminal phase is never Ready", () => {
    fc.assert(
      fc.property(stepArb, (s) => {
        const out = step([], s);
        if (byType(out, "Ready")?.status === "True") {
          expect(byType(out, "ContainersReady")?.status).toBe("True");
          expect(s.gate).toBe("True");
        }
        if (s.phase === "Succeeded" || s.phase === "Failed") {
          expect(byType(out, "Ready")?.status).toBe("False");
          expect(byType(out, "ContainersReady")?.status).toBe("False");
        }
      }),
    );
  });

  it("always ends with the kubelet's five conditions in order, each once", () => {
    fc.assert(
      fc.property(stepArb, (s) => {
        const types = step([], s).map((c) => c.type);
        expect(types.slice(-5)).toEqual([
          "PodReadyToStartContainers",
          "Initialized",
          "Ready",
          "ContainersReady",
          "PodScheduled",
        ]);
        expect(new Set(types).size).toBe(types.length);
      }),
    );
  });
});
