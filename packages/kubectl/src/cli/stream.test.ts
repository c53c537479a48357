import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { CommandContext, type KubectlCommand } from "./command.js";
import { runStream } from "./stream.js";

const noop: KubectlCommand = { path: ["x"], short: "", flags: [], run: () => 0 };
const context = (stream?: { quiet?: number; max?: number }) => {
  const cluster = Cluster.create({ seed: 1, nodes: 1, dns: false, ingress: false });
  return new CommandContext({ cluster, ...(stream === undefined ? {} : { stream }) }, noop, []);
};

describe("runStream: streaming commands on the virtual clock", () => {
  it("stops after `quiet` without output (default 30 s)", () => {
    const ctx = context();
    const start = ctx.cluster.loop.now();
    expect(runStream(ctx, { done: () => false, lastOutput: () => start })).toBe("quiet");
    expect(ctx.cluster.loop.now() - start).toBe(30_000);
  });

  it("restarts the quiet window whenever output appears, up to `max` in all", () => {
    const ctx = context({ quiet: 10_000, max: 25_000 });
    const loop = ctx.cluster.loop;
    const start = loop.now();
    let last = start;
    const ticks = { n: 0 };
    const end = runStream(ctx, {
      done: () => false,
      lastOutput: () => last,
      every: 5_000,
      poll: () => {
        ticks.n++;
        last = loop.now();
      },
    });
    expect(end).toBe("max");
    expect(loop.now() - start).toBe(25_000);
    expect(ticks.n).toBeGreaterThan(1);
  });

  it("ends at the command's deadline, or as soon as it is done", () => {
    const ctx = context();
    const start = ctx.cluster.loop.now();
    expect(
      runStream(ctx, {
        done: () => false,
        lastOutput: () => ctx.cluster.loop.now(),
        deadline: start + 7_000,
      }),
    ).toBe("deadline");
    expect(ctx.cluster.loop.now() - start).toBe(7_000);
    expect(runStream(ctx, { done: () => true, lastOutput: () => start })).toBe("done");
  });
});
