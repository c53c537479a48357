/**
 * The back-off vectors of shared/spec/runtime-vectors.json (derived from
 * kubelet.go and client-go's flowcontrol.Backoff), plus the reset rule.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Backoff, CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX } from "./backoff.js";

interface Vector {
  name: string;
  input: {
    initialBackoffSeconds: number;
    maxBackoffSeconds: number;
    restarts?: number;
    failures?: number;
  };
  expected: { delayBeforeRestartNSeconds?: number[]; delaySeconds?: number[] };
}
const vectors = (
  JSON.parse(
    readFileSync(new URL("../prober/testdata/prober-vectors.json", import.meta.url), "utf8"),
  ) as (Vector & {
    source: string;
  })[]
).filter((v) => v.source.startsWith("DERIVED"));

describe("back-off vectors", () => {
  it("CrashLoopBackOff: restart N waits 0, 10, 20, 40, ... 300 s for a container that exits at once", () => {
    const v = vectors.find((x) => x.input.restarts !== undefined)!;
    const b = new Backoff(v.input.initialBackoffSeconds * 1000, v.input.maxBackoffSeconds * 1000);
    const delays: number[] = [];
    // the first instance starts at 0 and exits at once, as does every restart
    let now = 0;
    let finishedAt = 0;
    for (let i = 0; i < v.input.restarts!; i++) {
      let start = now;
      while (b.isInBackOffSince("k", finishedAt, start)) start += 1000;
      b.next("k", finishedAt, start);
      delays.push((start - now) / 1000);
      now = start;
      finishedAt = now;
    }
    expect(delays).toEqual(v.expected.delayBeforeRestartNSeconds);
  });

  it("image pulls: 10, 20, 40, 80, 160, 300, 300 s after each failure", () => {
    const v = vectors.find((x) => x.input.failures !== undefined)!;
    const b = new Backoff(v.input.initialBackoffSeconds * 1000, v.input.maxBackoffSeconds * 1000);
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < v.input.failures!; i++) {
      b.next("k", now, now);
      let t = now;
      while (b.isInBackOffSinceUpdate("k", t)) t += 1000;
      delays.push((t - now) / 1000);
      now = t;
    }
    expect(delays).toEqual(v.expected.delaySeconds);
  });

  it("forgets an entry not updated for more than 2 x max (a container that ran 10 minutes starts over)", () => {
    const b = new Backoff(CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX);
    b.next("k", 0, 0);
    b.next("k", 0, 0);
    expect(b.get("k")).toBe(20_000);
    expect(b.isInBackOffSince("k", 600_001, 600_002)).toBe(false);
    b.next("k", 600_001, 600_002);
    expect(b.get("k")).toBe(10_000);
  });
});
