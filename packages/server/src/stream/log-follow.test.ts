import { describe, expect, it } from "vitest";
import type { ContainerLog, ReadOptions } from "./container-log.js";
import { LogFollower } from "./log-follow.js";

const stamp = (ms: number) => new Date(ms).toISOString().replace("Z", "000000Z");

/** A running container's log that grows by hand, recording each read's options. */
function fakeLog() {
  const lines: [number, string][] = [];
  const reads: ReadOptions[] = [];
  const log: ContainerLog = {
    read(o) {
      reads.push(o);
      return lines
        .filter(([t]) => o.since === undefined || t >= o.since)
        .map(([t, text]) => `${stamp(t)} ${text}\n`)
        .join("");
    },
    status: () => ({
      name: "app",
      image: "app",
      imageID: "",
      ready: true,
      restartCount: 0,
      state: { running: {} },
    }),
  };
  return { lines, reads, log };
}

describe("LogFollower", () => {
  it("polls from the newest line passed on, and passes each line on once", () => {
    const { lines, reads, log } = fakeLog();
    lines.push([1000, "a"], [2000, "b"]);
    const f = new LogFollower(log, {});
    expect(f.start()).toBe("a\nb\n");
    lines.push([2000, "c"], [3000, "d"]);
    expect(f.poll()).toBe("c\nd\n");
    expect(reads.at(-1)?.since).toBe(2000);
    expect(f.poll()).toBe("");
    expect(reads.at(-1)?.since).toBe(3000);
  });
});
