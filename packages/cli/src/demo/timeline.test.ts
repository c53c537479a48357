import { describe, expect, it } from "vitest";
import type { ReplicaSetSample } from "./recorder.js";
import { drawReplicaSetTimeline } from "./timeline.js";

let seq = 0;
function sample(t: number, name: string, desired: number, ready: number): ReplicaSetSample {
  return {
    t,
    seq: seq++,
    name,
    image: name === "web-1" ? "nginx:1" : "nginx:2",
    revision: name === "web-1" ? "1" : "2",
    desired,
    ready,
    available: ready,
    deleted: false,
  };
}

describe("drawReplicaSetTimeline", () => {
  it("draws one row per instant a size changed, one column per ReplicaSet, and the ready total", () => {
    seq = 0;
    const before = [sample(0, "web-1", 2, 2)];
    const from = seq;
    const during = [
      sample(10_000, "web-2", 1, 0),
      sample(15_000, "web-2", 1, 1),
      sample(15_000, "web-1", 1, 2), // the same instant: one row
      sample(15_000, "web-1", 1, 1),
      sample(15_000, "web-2", 2, 1),
      sample(20_000, "web-2", 2, 2),
      sample(20_000, "web-1", 0, 0),
    ];
    const lines = drawReplicaSetTimeline(
      [...before, ...during],
      { from, to: seq, startT: 5_000, endT: 21_000 },
      0,
    );
    expect(lines.join("\n")).toBe(
      [
        "TIME   web-1      web-2      READY",
        "       nginx:1    nginx:2",
        "+5s    ██ 2/2        0/0     2",
        "+10s   ██ 2/2     ░  0/1     2",
        "+15s   █  1/1     █░ 1/2     2",
        "+20s      0/0     ██ 2/2     2",
      ].join("\n"),
    );
  });

  it("ends a long quiet spell with a row at the window's end", () => {
    seq = 0;
    const before = [sample(0, "web-1", 2, 2)];
    const from = seq;
    const lines = drawReplicaSetTimeline(
      [...before, sample(1_000, "web-2", 1, 0)],
      { from, to: seq, startT: 1_000, endT: 601_000 },
      0,
    );
    expect(lines.slice(2)).toEqual([
      "+1s      ██ 2/2        0/0     2",
      "+1s      ██ 2/2     ░  0/1     2",
      "+10m1s   ██ 2/2     ░  0/1     2",
    ]);
  });

  it("draws nothing when no ReplicaSet had pods", () => {
    seq = 0;
    expect(drawReplicaSetTimeline([], { from: 0, to: 0, startT: 0, endT: 0 }, 0)).toEqual([]);
  });
});
