/**
 * Probe workers in a steady state sleep through ticks whose answer is known
 * (ProbeManager `lazy`). That is an optimisation only: for random probes and
 * app behaviors, the pod's statuses, its events and its container logs are
 * the same, at every moment sampled, as when every tick runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { web, World } from "../testdata/world.js";

interface Observed {
  statuses: string[];
  events: string[];
  logs: string[];
}

function observe(
  lazy: boolean,
  spec: Parameters<typeof web>[0],
  behavior: string,
  deleteAt: number | undefined,
): Observed {
  const w = new World({ lazyProbes: lazy });
  w.run({ name: "p", containers: [web(spec)], annotations: { "kubesim.io/behavior": behavior } });
  const out: Observed = { statuses: [], events: [], logs: [] };
  for (let s = 0; s <= 1200; s += 37) {
    if (
      deleteAt !== undefined &&
      s >= deleteAt &&
      w.exists("p") &&
      w.pod("p").metadata?.deletionTimestamp == null
    )
      w.api.delete("Pod", "default", "p");
    w.at(s);
    if (!w.exists("p")) break;
    out.statuses.push(JSON.stringify(w.pod("p").status));
    const st = w.status("p");
    if (st?.state?.running !== undefined)
      out.logs.push(w.kubelet.logs("default", "p", "web", { timestamps: true }));
  }
  out.events = w
    .events("p")
    .map((e) => `${e.reason}|${e.message}|${e.count}|${e.firstTimestamp}|${e.lastTimestamp}`);
  return out;
}

const probe = fc.record({
  initialDelaySeconds: fc.integer({ min: 0, max: 20 }),
  periodSeconds: fc.integer({ min: 1, max: 20 }),
  failureThreshold: fc.integer({ min: 1, max: 4 }),
});

const behavior = fc
  .record({
    ready: fc.oneof(
      fc.constant("always"),
      fc.constant("never"),
      fc.integer({ min: 0, max: 120 }).map((s) => `{ after: ${s}s }`),
      fc
        .record({ up: fc.integer({ min: 1, max: 90 }), down: fc.integer({ min: 1, max: 60 }) })
        .map((f) => `{ flap: { up: ${f.up}s, down: ${f.down}s } }`),
    ),
    failAfter: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    crashAfter: fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined }),
    latencyMs: fc.constantFrom(0, 0, 200, 1500),
  })
  .map((b) =>
    [
      `ready: ${b.ready}`,
      b.failAfter === undefined ? "" : `liveness: { failAfter: ${b.failAfter}s }`,
      b.crashAfter === undefined ? "" : `exit: { after: ${b.crashAfter}s, code: 1 }`,
      `latency: ${b.latencyMs}ms`,
    ]
      .filter((l) => l !== "")
      .join("\n"),
  );

describe("lazy probe workers change nothing observable", () => {
  it("statuses, events and logs match running every tick", () => {
    fc.assert(
      fc.property(
        probe,
        probe,
        behavior,
        fc.option(fc.integer({ min: 0, max: 1200 }), { nil: undefined }),
        (rp, lp, b, deleteAt) => {
          const spec = {
            readinessProbe: { httpGet: { path: "/ready", port: 80 }, ...rp },
            livenessProbe: { httpGet: { path: "/health", port: 80 }, ...lp },
          };
          expect(observe(true, spec, b, deleteAt)).toEqual(observe(false, spec, b, deleteAt));
        },
      ),
      { numRuns: 150 },
    );
  });
});
