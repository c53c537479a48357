/**
 * TimedWorkerQueue on the sim loop (timed_workers_test.go's guarantees).
 */
import { describe, expect, it } from "vitest";
import { Loop } from "@kubesim/sim";
import { TimedWorkerQueue } from "./timed-workers.js";

function setup(ok = true) {
  const loop = new Loop();
  const fired: [string, number][] = [];
  const q = new TimedWorkerQueue(loop, (key) => {
    fired.push([key, loop.now() - t0]);
    return ok;
  });
  const t0 = loop.now();
  return { loop, q, fired, t0 };
}

describe("TimedWorkerQueue", () => {
  it("fires at createdAt-relative delays from now; delay <= 0 runs as the next task", () => {
    const { loop, q, fired, t0 } = setup();
    q.addWork("a", t0, t0 + 2000);
    q.addWork("b", t0, t0);
    q.addWork("c", t0, t0 - 5);
    loop.settle();
    expect(fired).toEqual([
      ["b", 0],
      ["c", 0],
    ]);
    loop.advance("2s");
    expect(fired.at(-1)).toEqual(["a", 2000]);
  });

  it("the delay is fireAt - createdAt, counted from now (upstream's createWorker)", () => {
    const { loop, q, fired, t0 } = setup();
    loop.advance("3s");
    q.addWork("a", t0, t0 + 5000);
    loop.advance("4999ms");
    expect(fired).toEqual([]);
    loop.advance("1ms");
    expect(fired).toEqual([["a", 8000]]);
  });

  it("an existing key (pending or done) is not added again until cancelled", () => {
    const { loop, q, fired, t0 } = setup();
    q.addWork("a", t0, t0);
    loop.settle();
    q.addWork("a", t0, t0);
    loop.settle();
    expect(fired).toHaveLength(1);
    expect(q.cancelWork("a")).toBe(false); // done: nothing to cancel, but the key is freed
    q.addWork("a", t0, t0);
    loop.settle();
    expect(fired).toHaveLength(2);
  });

  it("cancelWork stops a pending timer and reports it", () => {
    const { loop, q, fired, t0 } = setup();
    q.addWork("a", t0, t0 + 1000);
    expect(q.getWorker("a")).toMatchObject({ createdAt: t0, fireAt: t0 + 1000 });
    expect(q.cancelWork("a")).toBe(true);
    expect(q.cancelWork("a")).toBe(false);
    loop.advance("5s");
    expect(fired).toEqual([]);
  });

  it("failed work frees its key", () => {
    const { loop, q, t0 } = setup(false);
    q.addWork("a", t0, t0);
    loop.settle();
    expect(q.keys()).toEqual([]);
  });
});
