/**
 * The probe worker vectors of shared/spec/runtime-vectors.json
 * (pkg/kubelet/prober/worker_test.go), run against beforeProbe/afterProbe with
 * a results cache kept the way the kubelet's results manager keeps it.
 */
import { readFileSync } from "node:fs";
import type { ContainerStatus } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  afterProbe,
  beforeProbe,
  newWorkerState,
  type ProbeResult,
  type ProbeType,
  type WorkerState,
} from "./worker.js";

interface Vector {
  source: string;
  name: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

const vectors = (
  JSON.parse(
    readFileSync(new URL("./testdata/prober-vectors.json", import.meta.url), "utf8"),
  ) as Vector[]
).filter((v) => v.source.includes("prober/worker_test.go"));

type Step = { probe: ProbeResult; started?: boolean; newContainerID?: boolean };

/** A worker with its results cache, driven one doProbe at a time. */
class Harness {
  state: WorkerState = newWorkerState;
  cache = new Map<string, ProbeResult>();
  executed = 0;
  containerN = 1;
  constructor(
    readonly type: ProbeType,
    readonly settings: {
      initialDelaySeconds: number;
      successThreshold: number;
      failureThreshold: number;
    },
  ) {}

  tick(view: {
    phase?: string;
    container?: ContainerStatus;
    restartPolicy?: string;
    deleting?: boolean;
    secondsSinceStart?: number;
    probe?: ProbeResult;
  }): boolean {
    const b = beforeProbe(this.type, this.settings, this.state, {
      phase: view.phase,
      container: view.container,
      restartPolicy: view.restartPolicy ?? "Always",
      deleting: view.deleting ?? false,
      secondsSinceStart: view.secondsSinceStart ?? 1000,
    });
    this.state = b.state;
    for (const w of b.writes) {
      if (w.removeContainerID !== undefined) this.cache.delete(w.removeContainerID);
      this.cache.set(w.containerID, w.result);
    }
    if (b.execute) {
      this.executed++;
      const a = afterProbe(this.type, this.settings, this.state, view.probe ?? "Success");
      this.state = a.state;
      if (a.write !== undefined) this.cache.set(a.write.containerID, a.write.result);
    }
    return b.keepGoing;
  }

  cached(): ProbeResult | null {
    return this.cache.get(this.state.containerID) ?? null;
  }
}

function running(id: string, started: boolean, name = "c"): ContainerStatus {
  return {
    name,
    image: "img",
    imageID: "",
    ready: false,
    restartCount: 0,
    containerID: id,
    started,
    state: { running: { startedAt: "2024-01-01T00:00:00Z" } },
  };
}

function settingsOf(input: Record<string, unknown>) {
  return {
    initialDelaySeconds: (input["initialDelaySeconds"] as number | undefined) ?? 0,
    successThreshold: (input["successThreshold"] as number | undefined) ?? 1,
    failureThreshold: (input["failureThreshold"] as number | undefined) ?? 3,
  };
}

describe("probe worker vectors (worker_test.go)", () => {
  it("has all 29", () => expect(vectors).toHaveLength(29));

  for (const v of vectors) {
    const type = v.input["probeType"] as ProbeType;
    it(`${v.source.split("::")[1]}: ${v.name}`, () => {
      const h = new Harness(type, settingsOf(v.input));
      if (Array.isArray(v.input["steps"])) {
        const steps = (v.input["steps"] as (ProbeResult | Step)[]).map((s) =>
          typeof s === "string" ? { probe: s } : s,
        );
        const defaultStarted = (v.input["started"] as boolean | undefined) ?? type !== "startup";
        if (v.input["initialCached"] !== undefined) {
          // The first doProbe caches the initial value; the vector states it explicitly.
          expect(v.input["initialCached"]).toBe(type === "readiness" ? "Failure" : null);
        }
        const cached: (ProbeResult | null)[] = [];
        const runs: number[] = [];
        const holds: boolean[] = [];
        for (const s of steps) {
          if (s.newContainerID === true) h.containerN++;
          h.tick({
            phase: "Running",
            container: running(`c://${h.containerN}`, s.started ?? defaultStarted),
            probe: s.probe,
          });
          cached.push(h.cached());
          runs.push(h.state.resultRun);
          holds.push(h.state.onHold);
        }
        expect(cached).toEqual(v.expected["cachedAfterEachStep"]);
        if (v.expected["resultRunAfterEachStep"] !== undefined)
          expect(runs).toEqual(v.expected["resultRunAfterEachStep"]);
        if (v.expected["onHoldAfterEachStep"] !== undefined)
          expect(holds).toEqual(v.expected["onHoldAfterEachStep"]);
        if (v.expected["onHoldAtEnd"] !== undefined)
          expect(h.state.onHold).toBe(v.expected["onHoldAtEnd"]);
        return;
      }
      if (v.input["initialDelaySeconds"] !== undefined) {
        // TestInitialDelay marks the container started for liveness/readiness only.
        const keep = h.tick({
          phase: "Running",
          container: running("c://1", type !== "startup"),
          secondsSinceStart: v.input["containerStartedSecondsAgo"] as number,
          probe: v.input["probeWouldReturn"] as ProbeResult,
        });
        expect(keep).toBe(v.expected["continue"]);
        expect(h.cached()).toBe(v.expected["cached"]);
        expect(h.executed > 0).toBe(v.expected["probeExecuted"]);
        return;
      }
      // TestDoProbe
      const container =
        v.input["containerStatusName"] !== undefined
          ? undefined
          : v.input["container"] === "terminated"
            ? {
                ...running("c://1", false),
                state: { terminated: { exitCode: 1, startedAt: "2024-01-01T00:00:00Z" } },
              }
            : v.input["container"] === "running"
              ? running("c://1", v.input["started"] as boolean)
              : undefined;
      const keep = h.tick({
        phase: v.input["podPhase"] as string,
        ...(container === undefined ? {} : { container }),
        restartPolicy: (v.input["restartPolicy"] as string | undefined) ?? "Always",
        deleting: v.input["deletionTimestamp"] === true,
        probe: (v.input["probe"] as ProbeResult | undefined) ?? "Success",
      });
      expect(keep).toBe(v.expected["continue"]);
      expect(h.cached()).toBe(v.expected["cached"]);
    });
  }
});

describe("probe worker properties", () => {
  it("publishes a result only after `threshold` identical results in a row", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ProbeType>("readiness", "liveness", "startup"),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.constantFrom<ProbeResult>("Success", "Failure"), { maxLength: 40 }),
        (type, succ, fail, results) => {
          const successThreshold = type === "readiness" ? succ : 1;
          const h = new Harness(type, {
            initialDelaySeconds: 0,
            successThreshold,
            failureThreshold: fail,
          });
          let run = 0;
          let last: ProbeResult | undefined;
          for (const r of results) {
            if (h.state.onHold) break;
            const before = h.cached();
            h.tick({ phase: "Running", container: running("c://1", type !== "startup"), probe: r });
            run = r === last ? run + 1 : 1;
            last = r;
            const threshold = r === "Success" ? successThreshold : fail;
            if (run < threshold && before !== null) expect(h.cached()).toBe(before);
            if (run >= threshold) expect(h.cached()).toBe(r);
          }
        },
      ),
    );
  });
});
