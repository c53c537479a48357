import type { Container, ContainerStatus, PodSpec } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getPhase } from "./phase.js";
import { hasAnyRegularContainerStarted } from "./podutil.js";
import { loadGetPhaseVectors } from "./testdata/vectors.js";

/** The value type an arbitrary generates. */
type ArbValue<A> = A extends fc.Arbitrary<infer T> ? T : never;

const vectors = loadGetPhaseVectors();

describe("getPhase: kubelet_pods_test.go vectors", () => {
  it("has all 70 vectors", () => {
    expect(vectors).toHaveLength(70);
  });

  it.each(vectors.map((v) => [`${v.source.split("::")[1]}: ${v.name}`, v] as const))(
    "%s",
    (_, v) => {
      const { spec, status, podIsTerminal } = v.input;
      // upstream passes regular statuses first, then init statuses
      const info = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])];
      // older tables have no podHasInitialized: derive it from the statuses (see _about)
      const podHasInitialized =
        v.input.podHasInitialized ?? hasAnyRegularContainerStarted(spec, info);
      expect(getPhase(spec, info, podIsTerminal, podHasInitialized)).toBe(v.expected);
    },
  );
});

const running = (name: string): ContainerStatus =>
  ({
    name,
    ready: true,
    restartCount: 0,
    image: "",
    imageID: "",
    state: { running: {} },
  }) as ContainerStatus;
const terminated = (name: string, exitCode: number): ContainerStatus =>
  ({
    name,
    ready: false,
    restartCount: 0,
    image: "",
    imageID: "",
    state: { terminated: { exitCode } },
  }) as ContainerStatus;
const crashLooping = (name: string): ContainerStatus =>
  ({
    name,
    ready: false,
    restartCount: 3,
    image: "",
    imageID: "",
    state: { waiting: { reason: "CrashLoopBackOff" } },
    lastState: { terminated: { exitCode: 1 } },
  }) as ContainerStatus;
const pulling = (name: string): ContainerStatus =>
  ({
    name,
    ready: false,
    restartCount: 0,
    image: "",
    imageID: "",
    state: { waiting: { reason: "ErrImagePull" } },
  }) as ContainerStatus;

describe("getPhase: runtime.md 3.1 consequences", () => {
  const one: PodSpec = { containers: [{ name: "app" }] };

  it("a crash-looping container keeps the pod Running (restartPolicy Always)", () => {
    expect(getPhase(one, [crashLooping("app")], false, true)).toBe("Running");
  });

  it("an image pull failure (waiting, never ran) keeps the pod Pending", () => {
    expect(getPhase(one, [pulling("app")], false, false)).toBe("Pending");
  });

  it("reads a missing restartPolicy as Always", () => {
    expect(getPhase(one, [terminated("app", 0)], false, true)).toBe("Running");
    expect(getPhase({ ...one, restartPolicy: "Never" }, [terminated("app", 0)], false, true)).toBe(
      "Succeeded",
    );
  });

  it("a failed regular init container fails a restartPolicy Never pod", () => {
    const spec: PodSpec = { ...one, restartPolicy: "Never", initContainers: [{ name: "init" }] };
    expect(getPhase(spec, [terminated("init", 2)], false, false)).toBe("Failed");
    expect(
      getPhase({ ...spec, restartPolicy: "OnFailure" }, [terminated("init", 2)], false, false),
    ).toBe("Pending");
  });

  it("reads a terminated state without exitCode as exit 0 (Go's zero value)", () => {
    const noCode = {
      name: "app",
      ready: false,
      restartCount: 0,
      image: "",
      imageID: "",
      state: { terminated: {} },
    } as ContainerStatus;
    expect(getPhase({ ...one, restartPolicy: "Never" }, [noCode], false, true)).toBe("Succeeded");
  });

  it("a status with no state at all counts as unknown", () => {
    const noState = {
      name: "app",
      ready: false,
      restartCount: 0,
      image: "",
      imageID: "",
    } as ContainerStatus;
    expect(getPhase(one, [noState], false, false)).toBe("Pending");
  });

  it("does not mutate its (frozen) input", () => {
    const spec = Object.freeze({
      containers: Object.freeze([Object.freeze({ name: "app" })]),
    }) as unknown as PodSpec;
    const info = Object.freeze([Object.freeze(running("app"))]);
    expect(getPhase(spec, info, false, true)).toBe("Running");
  });
});

type Shape = "none" | "running" | "ok" | "fail" | "waiting" | "crash";
const shapeArb = fc.constantFrom<Shape>("none", "running", "ok", "fail", "waiting", "crash");
function statusOf(name: string, shape: Shape): ContainerStatus | undefined {
  switch (shape) {
    case "none":
      return undefined;
    case "running":
      return running(name);
    case "ok":
      return terminated(name, 0);
    case "fail":
      return terminated(name, 1);
    case "waiting":
      return pulling(name);
    case "crash":
      return crashLooping(name);
  }
}

describe("getPhase: properties", () => {
  const podArb = fc.record({
    restartPolicy: fc.constantFrom("Always", "OnFailure", "Never"),
    init: fc.array(fc.record({ sidecar: fc.boolean(), shape: shapeArb }), { maxLength: 3 }),
    regular: fc.array(shapeArb, { minLength: 1, maxLength: 4 }),
    podIsTerminal: fc.boolean(),
    podHasInitialized: fc.boolean(),
  });
  const build = (p: ArbValue<typeof podArb>) => {
    const initContainers: Container[] = p.init.map((c, i) => ({
      name: `init-${i}`,
      ...(c.sidecar ? { restartPolicy: "Always" } : {}),
    }));
    const spec: PodSpec = {
      restartPolicy: p.restartPolicy,
      initContainers,
      containers: p.regular.map((_, i) => ({ name: `c-${i}` })),
    };
    const info = [
      ...p.regular.map((s, i) => statusOf(`c-${i}`, s)),
      ...p.init.map((c, i) => statusOf(`init-${i}`, c.shape)),
    ].filter((s): s is ContainerStatus => s !== undefined);
    return { spec, info };
  };

  it("never answers Succeeded while a regular container runs", () => {
    fc.assert(
      fc.property(podArb, (p) => {
        const { spec, info } = build(p);
        const phase = getPhase(spec, info, p.podIsTerminal, p.podHasInitialized);
        if (p.regular.includes("running")) expect(phase).not.toBe("Succeeded");
      }),
    );
  });

  it("answers Pending whenever a regular container has no status yet", () => {
    fc.assert(
      fc.property(podArb, (p) => {
        const { spec, info } = build(p);
        const failedInitNever =
          p.restartPolicy === "Never" &&
          p.init.some((c) => !c.sidecar && (c.shape === "fail" || c.shape === "crash"));
        if (p.regular.includes("none") && !failedInitNever) {
          expect(getPhase(spec, info, p.podIsTerminal, p.podHasInitialized)).toBe("Pending");
        }
      }),
    );
  });

  it("a terminal pod whose containers all stopped is Succeeded or Failed", () => {
    fc.assert(
      fc.property(podArb, (p) => {
        const regular = p.regular.map((s) => (s === "ok" || s === "fail" ? s : "ok"));
        const { spec, info } = build({ ...p, regular, init: [], podIsTerminal: true });
        const phase = getPhase(spec, info, true, p.podHasInitialized);
        expect(phase).toBe(regular.every((s) => s === "ok") ? "Succeeded" : "Failed");
      }),
    );
  });
});
