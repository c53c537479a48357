import type { ContainerStatus, Pod } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { podColumnDefinitions, printPodRow } from "./pod.js";
import { loadPrintPodVectors, resolveRelativeTimes } from "./testdata/vectors.js";

const NOW = Date.UTC(2024, 0, 10, 12, 0, 0);
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const vectors = loadPrintPodVectors();

/**
 * The shared vectors give the Failed row condition type "Failed"; printers.go's
 * podFailedConditions uses metav1.RowCompleted ("Completed") for both terminal
 * phases, so the Kubernetes source wins.
 */
const correctRowConditionType = (c: { type: string }) => ({ ...c, type: "Completed" });

describe("printPodRow: printers_test.go vectors", () => {
  it("has all 31 vectors", () => {
    expect(vectors).toHaveLength(31);
  });

  it.each(vectors.map((v) => [`${v.source.split("::")[1]}: ${v.name}`, v] as const))(
    "%s",
    (_, v) => {
      const input = resolveRelativeTimes(v.input, NOW);
      const pod: Pod = { ...input, metadata: { ...input.metadata, name: "<name>" } };
      const row = printPodRow(pod, NOW);
      expect(row.cells).toHaveLength(9);
      expect(row.cells.slice(0, v.expected.cells.length)).toEqual(v.expected.cells);
      expect(row.conditions).toEqual(v.expected.conditions?.map(correctRowConditionType));
    },
  );
});

function cs(o: Partial<ContainerStatus> & { name: string }): ContainerStatus {
  return { ready: false, restartCount: 0, image: "", imageID: "", ...o };
}
function pod(o: {
  status?: Pod["status"];
  spec?: Partial<NonNullable<Pod["spec"]>>;
  metadata?: Pod["metadata"];
}): Pod {
  return {
    metadata: o.metadata ?? { name: "web", creationTimestamp: ago(90_000) },
    spec: { containers: [{ name: "app" }], ...o.spec },
    status: { phase: "Running", ...o.status },
  };
}

describe("printPodRow: columns", () => {
  it("defines the Table columns of printers.go, wide ones at priority 1", () => {
    expect(podColumnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ["Name", 0],
      ["Ready", 0],
      ["Status", 0],
      ["Restarts", 0],
      ["Age", 0],
      ["IP", 1],
      ["Node", 1],
      ["Nominated Node", 1],
      ["Readiness Gates", 1],
    ]);
    expect(podColumnDefinitions[0]?.format).toBe("name");
  });

  it("prints a running pod, wide cells included", () => {
    const row = printPodRow(
      pod({
        spec: { nodeName: "node-1" },
        status: {
          phase: "Running",
          podIPs: [{ ip: "10.244.0.7" }, { ip: "fd00::7" }],
          conditions: [{ type: "Ready", status: "True" }],
          containerStatuses: [cs({ name: "app", ready: true, state: { running: {} } })],
        },
      }),
      NOW,
    );
    expect(row).toEqual({
      cells: ["web", "1/1", "Running", "0", "90s", "10.244.0.7", "node-1", "<none>", "<none>"],
    });
  });

  it("ages from creationTimestamp with HumanDuration", () => {
    expect(
      printPodRow(pod({ metadata: { name: "x", creationTimestamp: ago(49 * 3600_000) } }), NOW)
        .cells[4],
    ).toBe("2d1h");
    expect(printPodRow(pod({ metadata: { name: "x" } }), NOW).cells[4]).toBe("<unknown>");
  });

  it("shows the waiting reason of a crash-looping container while the phase is Running", () => {
    const row = printPodRow(
      pod({
        status: {
          containerStatuses: [
            cs({
              name: "app",
              restartCount: 4,
              state: { waiting: { reason: "CrashLoopBackOff" } },
              lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(30_000) } },
            }),
          ],
        },
      }),
      NOW,
    );
    expect(row.cells.slice(1, 4)).toEqual(["0/1", "CrashLoopBackOff", "4 (30s ago)"]);
  });

  it("shows a bare restart count when no last termination time is known", () => {
    const row = printPodRow(
      pod({
        status: {
          containerStatuses: [cs({ name: "app", restartCount: 3, state: { running: {} } })],
        },
      }),
      NOW,
    );
    expect(row.cells[3]).toBe("3");
  });

  it("prints Signal:<n> / ExitCode:<n> for terminations without a reason", () => {
    const withState = (terminated: { exitCode: number; signal?: number }) =>
      printPodRow(
        pod({ status: { containerStatuses: [cs({ name: "app", state: { terminated } })] } }),
        NOW,
      ).cells[2];
    expect(withState({ exitCode: 137, signal: 9 })).toBe("Signal:9");
    expect(withState({ exitCode: 2 })).toBe("ExitCode:2");
  });

  it("prints Init:<reason>, Init:Signal, Init:ExitCode for failing init containers", () => {
    const withInit = (s: ContainerStatus) =>
      printPodRow(
        pod({
          spec: { initContainers: [{ name: "setup" }] },
          status: {
            phase: "Pending",
            initContainerStatuses: [s],
            containerStatuses: [
              cs({ name: "app", state: { waiting: { reason: "PodInitializing" } } }),
            ],
          },
        }),
        NOW,
      ).cells[2];
    expect(
      withInit(cs({ name: "setup", state: { waiting: { reason: "CrashLoopBackOff" } } })),
    ).toBe("Init:CrashLoopBackOff");
    expect(
      withInit(cs({ name: "setup", state: { terminated: { exitCode: 1, reason: "Error" } } })),
    ).toBe("Init:Error");
    expect(
      withInit(cs({ name: "setup", state: { terminated: { exitCode: 1, signal: 15 } } })),
    ).toBe("Init:Signal:15");
    expect(withInit(cs({ name: "setup", state: { terminated: { exitCode: 3 } } }))).toBe(
      "Init:ExitCode:3",
    );
    expect(withInit(cs({ name: "setup", state: { waiting: { reason: "PodInitializing" } } }))).toBe(
      "Init:0/1",
    );
  });

  it("prints Terminating for a deleted pod that is not terminal, Unknown when its node was lost", () => {
    const deleted = { name: "web", deletionTimestamp: ago(5_000) };
    expect(printPodRow(pod({ metadata: deleted }), NOW).cells[2]).toBe("Terminating");
    expect(
      printPodRow(pod({ metadata: deleted, status: { phase: "Running", reason: "NodeLost" } }), NOW)
        .cells[2],
    ).toBe("Unknown");
    expect(printPodRow(pod({ metadata: deleted, status: { phase: "Failed" } }), NOW).cells[2]).toBe(
      "Failed",
    );
  });

  it("prints status.reason over the phase (Evicted)", () => {
    expect(printPodRow(pod({ status: { phase: "Failed", reason: "Evicted" } }), NOW).cells[2]).toBe(
      "Evicted",
    );
  });

  it("counts readiness gates whose conditions are True", () => {
    const row = printPodRow(
      pod({
        spec: { readinessGates: [{ conditionType: "a" }, { conditionType: "b" }] },
        status: {
          conditions: [
            { type: "a", status: "True" },
            { type: "b", status: "False" },
          ],
        },
      }),
      NOW,
    );
    expect(row.cells[8]).toBe("1/2");
  });

  it("reads frozen input without touching it", () => {
    const p = pod({
      status: { containerStatuses: [cs({ name: "app", ready: true, state: { running: {} } })] },
    });
    const frozen = JSON.parse(JSON.stringify(p), (_k, v: unknown) =>
      typeof v === "object" && v !== null ? Object.freeze(v) : v,
    ) as Pod;
    expect(printPodRow(frozen, NOW)).toEqual(printPodRow(p, NOW));
  });

  it("prints an empty pod without crashing", () => {
    expect(printPodRow({}, NOW).cells).toEqual([
      "",
      "0/0",
      "",
      "0",
      "<unknown>",
      "<none>",
      "<none>",
      "<none>",
      "<none>",
    ]);
  });
});

describe("printPodRow: properties", () => {
  const stateArb = fc.oneof(
    fc.constant({}),
    fc.constant({ running: {} }),
    fc.record({
      waiting: fc.record({
        reason: fc.constantFrom("", "ContainerCreating", "CrashLoopBackOff", "PodInitializing"),
      }),
    }),
    fc.record({
      terminated: fc.record({
        exitCode: fc.integer({ min: 0, max: 2 }),
        reason: fc.constantFrom("", "Completed", "Error"),
      }),
    }),
  );
  const statusArb = (name: string) =>
    fc.record({
      name: fc.constant(name),
      ready: fc.boolean(),
      started: fc.boolean(),
      restartCount: fc.nat(5),
      image: fc.constant(""),
      imageID: fc.constant(""),
      state: stateArb,
    });
  const podArb = fc
    .record({ sidecars: fc.nat(2), inits: fc.nat(2), regular: fc.integer({ min: 1, max: 3 }) })
    .chain(({ sidecars, inits, regular }) => {
      const initNames = [...Array(inits).keys()].map((i) => `init-${i}`);
      const sidecarNames = [...Array(sidecars).keys()].map((i) => `side-${i}`);
      const names = [...Array(regular).keys()].map((i) => `c-${i}`);
      return fc.record({
        spec: fc.constant({
          initContainers: [
            ...initNames.map((name) => ({ name })),
            ...sidecarNames.map((name) => ({ name, restartPolicy: "Always" })),
          ],
          containers: names.map((name) => ({ name })),
        }),
        status: fc.record({
          phase: fc.constantFrom("Pending", "Running", "Succeeded", "Failed"),
          initContainerStatuses: fc.tuple(...[...initNames, ...sidecarNames].map(statusArb)),
          containerStatuses: fc.tuple(...names.map(statusArb)),
        }),
      });
    });

  it("READY counts at most the containers plus sidecars, and RESTARTS starts with a number", () => {
    fc.assert(
      fc.property(podArb, (p) => {
        const row = printPodRow(p as Pod, NOW);
        const [ready, total] = row.cells[1]!.split("/").map(Number);
        const sidecars = p.spec.initContainers.filter((c) => "restartPolicy" in c).length;
        expect(total).toBe(p.spec.containers.length + sidecars);
        expect(ready).toBeLessThanOrEqual(total!);
        expect(row.cells[3]).toMatch(/^\d+( \(.+ ago\))?$/);
        expect(row.cells).toHaveLength(9);
      }),
    );
  });

  it("is a pure function of the pod and now", () => {
    fc.assert(
      fc.property(podArb, (p) => {
        expect(printPodRow(p as Pod, NOW)).toEqual(printPodRow(structuredClone(p) as Pod, NOW));
      }),
    );
  });
});
