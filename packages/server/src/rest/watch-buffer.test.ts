import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { FakeWallClock } from "../testdata/http.js";
import { WatchBuffer, type Unresponsive } from "./watch-buffer.js";

/** A response whose socket takes a write only when the test says so. */
function fakeResponse() {
  const written: string[] = [];
  const callbacks: (() => void)[] = [];
  const res = {
    destroyed: false,
    writableEnded: false,
    get writableLength() {
      return callbacks.length * 10;
    },
    write(line: string, cb: () => void) {
      written.push(line);
      callbacks.push(cb);
      return true;
    },
    end() {
      res.writableEnded = true;
    },
  };
  return {
    res: res as unknown as ServerResponse,
    written,
    ended: () => res.writableEnded,
    /** The socket takes the oldest `n` writes. */
    flush(n: number) {
      for (let i = 0; i < n; i++) callbacks.shift()?.();
    },
  };
}

function setup(size = 2, timeoutMs = 100) {
  const wall = new FakeWallClock();
  const r = fakeResponse();
  const closed: Unresponsive[] = [];
  const buffer = new WatchBuffer(r.res, { size, timeoutMs, wall }, (s) => closed.push(s));
  return { wall, r, closed, buffer };
}

describe("WatchBuffer", () => {
  it("writes up to `size` unflushed events, queues `size` more, and only then waits", () => {
    const { wall, r, buffer } = setup(2);
    for (const l of ["a", "b", "c", "d"]) buffer.add(l);
    expect(r.written).toEqual(["a", "b"]);
    expect([buffer.unflushed, buffer.queued, buffer.full]).toEqual([2, 2, true]);
    expect(wall.pending).toBe(0);
    buffer.add("e");
    expect(wall.pending).toBe(1);
    r.flush(1);
    expect(r.written).toEqual(["a", "b", "c"]);
    expect([buffer.unflushed, buffer.queued]).toEqual([2, 2]);
    // Back within the buffers: the wait is called off.
    expect(wall.pending).toBe(0);
  });

  it("closes a blocked watcher that takes nothing for the timeout, dropping what it queued", () => {
    const { wall, r, closed, buffer } = setup(2, 100);
    for (let i = 0; i < 10; i++) buffer.add(String(i));
    wall.tick(99);
    expect(closed).toEqual([]);
    wall.tick(1);
    expect(closed).toEqual([{ input: 8, result: 2, unflushedBytes: 20 }]);
    expect(buffer.queued).toBe(0);
    expect(wall.pending).toBe(0);
    // Nothing more is taken after the close.
    buffer.add("late");
    r.flush(2);
    expect(r.written).toEqual(["0", "1"]);
  });

  it("keeps a watcher that takes events, however long its queue, and restarts the wait at each", () => {
    const { wall, r, closed, buffer } = setup(2, 100);
    for (let i = 0; i < 100; i++) buffer.add(String(i));
    for (let t = 0; t < 40; t++) {
      wall.tick(90);
      r.flush(1);
    }
    expect(closed).toEqual([]);
    expect(r.written).toHaveLength(42);
    // It stops taking: closed a timeout (and at most a quarter of one) later.
    wall.tick(99);
    expect(closed).toEqual([]);
    wall.tick(26);
    expect(closed).toHaveLength(1);
  });

  it("counts the wait from the server's next turn, not from the burst that filled the buffers", () => {
    const { wall, closed, buffer } = setup(2, 100);
    for (let i = 0; i < 10; i++) buffer.add(String(i));
    // The 0 ms timer starts the wait; it then needs the full timeout.
    wall.tick(0);
    wall.tick(99);
    expect(closed).toEqual([]);
    wall.tick(1);
    expect(closed).toHaveLength(1);
  });

  it("ends the response once the queue has drained when finishing (an ERROR event last)", () => {
    const { r, buffer } = setup(1);
    for (const l of ["a", "b", "ERROR"]) buffer.add(l);
    buffer.finish();
    expect(r.ended()).toBe(false);
    r.flush(1);
    r.flush(1);
    expect(r.written).toEqual(["a", "b", "ERROR"]);
    expect(r.ended()).toBe(true);
  });

  it("stop drops the queue and cancels the wait", () => {
    const { wall, r, closed, buffer } = setup(1);
    for (let i = 0; i < 5; i++) buffer.add(String(i));
    expect(wall.pending).toBe(1);
    buffer.stop();
    expect([buffer.queued, wall.pending]).toEqual([0, 0]);
    wall.tick(1000);
    r.flush(1);
    expect(closed).toEqual([]);
    expect(r.written).toEqual(["0"]);
  });
});
