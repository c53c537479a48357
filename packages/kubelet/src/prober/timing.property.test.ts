/**
 * Done-means 2 of the kubelet issue: for random probe settings and random
 * container behaviors, the virtual times at which the container restarts and
 * the pod turns Ready / NotReady equal those of a small independent model of
 * the kubelet's prober and restart back-off, written here from the rules of
 * shared/spec/runtime.md sections 1 and 2.4.
 *
 * Two families keep simultaneous events out (their order would be a matter of
 * task sequence, not of Kubernetes' rules):
 * - readiness: one readiness probe; the container may crash at a time off the
 *   probe's tick lattice, so restarts never coincide with ticks;
 * - liveness: one liveness probe whose period has a prime factor other than
 *   2, 3 and 5, so back-off delays (10 s x 2^n, 300 s) never end on a tick.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { web, World } from "../testdata/world.js";

type Change = [t: number, what: string];

/** What the cluster shows: restart counts and Ready, each change with its time (ms since t0). */
function observe(w: World, name: string): Change[] {
  const out: Change[] = [];
  let restarts = 0;
  let ready = false;
  w.api.watch("Pod", { namespace: "default" }, (ev) => {
    if (ev.type !== "MODIFIED" && ev.type !== "ADDED") return;
    const pod = ev.object as Pod;
    if (pod.metadata?.name !== name) return;
    const t = w.loop.now() - w.t0;
    const r = pod.status?.containerStatuses?.[0]?.restartCount ?? 0;
    const rd = pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
    if (r !== restarts) out.push([t, `restart ${r}`]);
    if (rd !== ready) out.push([t, rd ? "Ready" : "NotReady"]);
    restarts = r;
    ready = rd;
  });
  return out;
}

// ---------------------------------------------------------------------------
// The model

interface ProbeCfg {
  initialDelay: number; // s
  period: number; // s
  success: number;
  failure: number;
}

interface Instance {
  start: number; // ms since t0
  end?: number;
}

/** flowcontrol.Backoff for one key, as the kubelet uses it for CrashLoopBackOff. */
class ModelBackoff {
  private entry: { backoff: number; last: number } | undefined;
  /** When a container that exited at `exit` may start again, and the bookkeeping at that start. */
  restartAt(exit: number): number {
    const e = this.entry;
    const expired = (t: number) => e !== undefined && t - e.last > 600_000;
    let at = exit;
    if (e !== undefined && !expired(exit) && 0 < e.backoff) at = exit + e.backoff;
    // next(): at the start
    if (e === undefined || expired(exit)) this.entry = { backoff: 10_000, last: at };
    else this.entry = { backoff: Math.min(e.backoff * 2, 300_000), last: at };
    return at;
  }
}

/**
 * Readiness family. The container is ready from `readyAfter` ms after each
 * start (undefined: never) and, if `crashAfter` is set, exits that long after
 * each start. Returns the expected changes up to `horizon`.
 */
function readinessModel(
  p: ProbeCfg,
  readyAfter: number | undefined,
  crashAfter: number | undefined,
  horizon: number,
): Change[] {
  const out: Change[] = [];
  const backoff = new ModelBackoff();
  let inst: Instance = { start: 0 };
  let n = 0; // restarts
  let cached: "Success" | "Failure" = "Failure";
  let last: string = "Unknown";
  let run = 0;
  let podReady = false;
  const setReady = (t: number, r: boolean) => {
    if (r !== podReady) out.push([t, r ? "Ready" : "NotReady"]);
    podReady = r;
  };
  const probe = (t: number) => {
    if (inst.end !== undefined && t >= inst.end) {
      cached = "Failure";
      return;
    }
    if (Math.trunc((t - inst.start) / 1000) < p.initialDelay) return;
    const result = readyAfter !== undefined && t - inst.start >= readyAfter ? "Success" : "Failure";
    run = result === last ? run + 1 : 1;
    last = result;
    if (result === "Failure" && run < p.failure) return;
    if (result === "Success" && run < p.success) return;
    cached = result;
    setReady(t, cached === "Success");
  };
  // events: ticks at k*period, manual probes at each start, exits, restarts
  const period = p.period * 1000;
  let nextTick = period;
  let seenStart = -1; // the start the worker has seen (new container ID -> cached Failure)
  const see = () => {
    if (seenStart !== inst.start) {
      seenStart = inst.start;
      cached = "Failure";
    }
  };
  // the start at 0: the sync's status triggers a readiness probe at once
  see();
  probe(0);
  for (;;) {
    const exit =
      crashAfter === undefined || inst.end !== undefined ? Infinity : inst.start + crashAfter;
    const t = Math.min(nextTick, exit);
    if (t > horizon) break;
    if (t === exit) {
      inst = { ...inst, end: exit };
      setReady(exit, false);
      const restart = backoff.restartAt(exit);
      // ticks before the restart see a stopped container
      while (nextTick < restart && nextTick <= horizon) {
        see();
        cached = "Failure";
        nextTick += period;
      }
      if (restart > horizon) break;
      inst = { start: restart };
      n++;
      out.push([restart, `restart ${n}`]);
      // the restart sync triggers a probe; the worker sees the new container then
      see();
      probe(restart);
      continue;
    }
    see();
    probe(t);
    nextTick += period;
  }
  return out;
}

/**
 * Liveness family: the liveness endpoint fails from `failAfter` ms after each
 * start (undefined: never); the container may also crash `crashAfter` ms
 * after each start. A failure published kills the container (exits at once)
 * and it restarts under the back-off.
 */
function livenessModel(
  p: ProbeCfg,
  failAfter: number | undefined,
  crashAfter: number | undefined,
  horizon: number,
): Change[] {
  const out: Change[] = [];
  const backoff = new ModelBackoff();
  let inst: Instance = { start: 0 };
  let n = 0;
  let last = "Unknown";
  let run = 0;
  let onHold = false;
  let seenStart = -1;
  const period = p.period * 1000;
  let nextTick = period;
  // Ready: no readiness probe, so Ready while running (and not being killed).
  out.push([0, "Ready"]);
  const restartFrom = (exit: number): boolean => {
    inst = { ...inst, end: exit };
    const at = backoff.restartAt(exit);
    // restarted in the same sync: the status goes straight to the new, ready container
    if (at !== exit) out.push([exit, "NotReady"]);
    if (at > horizon) return false;
    // ticks while stopped: the worker sees the stopped container (no probe)
    while (nextTick < at) nextTick += period;
    inst = { start: at };
    n++;
    out.push([at, `restart ${n}`]);
    if (at !== exit) out.push([at, "Ready"]);
    return true;
  };
  for (;;) {
    const crash = crashAfter === undefined ? Infinity : inst.start + crashAfter;
    const t = Math.min(nextTick, crash);
    if (t > horizon) break;
    if (t === crash) {
      if (!restartFrom(crash)) break;
      continue;
    }
    nextTick += period;
    if (seenStart !== inst.start) {
      seenStart = inst.start;
      onHold = false;
    }
    if (onHold) continue;
    if (Math.trunc((t - inst.start) / 1000) < p.initialDelay) continue;
    const result = failAfter !== undefined && t - inst.start >= failAfter ? "Failure" : "Success";
    run = result === last ? run + 1 : 1;
    last = result;
    if (result === "Failure" && run >= p.failure) {
      onHold = true;
      run = 0;
      if (!restartFrom(t)) break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The kubelet, run

const HORIZON = 900_000;

function runPod(w: World, container: Parameters<typeof web>[0], annotations: string): Change[] {
  const changes = observe(w, "p");
  w.run({
    name: "p",
    containers: [web(container)],
    annotations: { "kubesim.io/behavior": annotations },
  });
  w.loop.advance(HORIZON);
  // the model counts from the pod's creation (t0); drop what lies past the horizon
  return changes.filter(([t]) => t <= HORIZON);
}

const seconds = (ms: number) => `${ms / 1000}s`;

/** Changes at one instant are compared as a set (their order there is the order of writes). */
const sorted = (c: Change[]): Change[] =>
  [...c].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));

/** Crash times off the tick lattice: whole seconds plus 137 ms (i x 0.137 s is never whole for i < 1000). */
const offLattice = fc.integer({ min: 1, max: 400 }).map((s) => s * 1000 + 137);

describe("prober and restart timing match an independent model", () => {
  it("readiness probes: Ready / NotReady and restarts", () => {
    fc.assert(
      fc.property(
        fc.record({
          initialDelay: fc.integer({ min: 0, max: 30 }),
          period: fc.integer({ min: 1, max: 20 }),
          success: fc.integer({ min: 1, max: 3 }),
          failure: fc.integer({ min: 1, max: 5 }),
        }),
        fc.option(
          fc.integer({ min: 0, max: 90 }).map((s) => s * 1000),
          { nil: undefined },
        ),
        fc.option(offLattice, { nil: undefined }),
        (p, readyAfter, crashAfter) => {
          const w = new World();
          const parts = [
            readyAfter === undefined ? "ready: never" : `ready: { after: ${seconds(readyAfter)} }`,
          ];
          if (crashAfter !== undefined)
            parts.push(`exit: { after: ${seconds(crashAfter)}, code: 1 }`);
          const got = runPod(
            w,
            {
              readinessProbe: {
                httpGet: { path: "/ready", port: 80 },
                initialDelaySeconds: p.initialDelay,
                periodSeconds: p.period,
                successThreshold: p.success,
                failureThreshold: p.failure,
              },
            },
            parts.join("\n"),
          );
          expect(sorted(got)).toEqual(sorted(readinessModel(p, readyAfter, crashAfter, HORIZON)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("liveness probes: kills, restarts with back-off", () => {
    fc.assert(
      fc.property(
        fc.record({
          initialDelay: fc.integer({ min: 0, max: 30 }),
          period: fc.constantFrom(7, 11, 13, 14, 17, 19),
          success: fc.constant(1),
          failure: fc.integer({ min: 1, max: 5 }),
        }),
        fc.option(
          fc.integer({ min: 0, max: 120 }).map((s) => s * 1000),
          { nil: undefined },
        ),
        fc.option(offLattice, { nil: undefined }),
        (p, failAfter, crashAfter) => {
          const w = new World();
          const parts = [];
          if (failAfter !== undefined) parts.push(`liveness: { failAfter: ${seconds(failAfter)} }`);
          if (crashAfter !== undefined)
            parts.push(`exit: { after: ${seconds(crashAfter)}, code: 1 }`);
          const got = runPod(
            w,
            {
              livenessProbe: {
                httpGet: { path: "/health", port: 80 },
                initialDelaySeconds: p.initialDelay,
                periodSeconds: p.period,
                failureThreshold: p.failure,
              },
            },
            parts.join("\n") || "{}",
          );
          expect(sorted(got)).toEqual(sorted(livenessModel(p, failAfter, crashAfter, HORIZON)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
