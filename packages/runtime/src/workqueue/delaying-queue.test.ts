import { Loop } from "@kubesim/sim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DelayingWorkQueue } from "./delaying-queue.js";

describe("DelayingWorkQueue (client-go delaying_queue_test.go, on the sim clock)", () => {
  it("TestSimpleQueue: an item appears only after its delay", () => {
    const loop = new Loop();
    const q = new DelayingWorkQueue(loop);
    q.addAfter("foo", 50);
    expect(q.len()).toBe(0);
    loop.advance(49);
    expect(q.len()).toBe(0);
    loop.advance(1);
    expect(q.len()).toBe(1);
    expect(q.get()).toBe("foo");
    q.done("foo");
    expect(q.waitingLen()).toBe(0);
  });

  it("TestDeduping: the earlier deadline wins, a later one is ignored", () => {
    const loop = new Loop();
    const q = new DelayingWorkQueue(loop);
    q.addAfter("foo", 50);
    q.addAfter("foo", 70); // later: ignored
    loop.advance(60);
    expect(q.len()).toBe(1);
    q.get();
    q.done("foo");
    loop.advance(20); // nothing more arrives at 70
    expect(q.len()).toBe(0);

    q.addAfter("foo", 70);
    q.addAfter("foo", 50); // earlier: moves it forward
    loop.advance(60);
    expect(q.len()).toBe(1);
    q.get();
    q.done("foo");
    loop.advance(20);
    expect(q.len()).toBe(0);
  });

  it("addAfter with a delay <= 0 adds at once", () => {
    const loop = new Loop();
    const q = new DelayingWorkQueue(loop);
    q.addAfter("a", 0);
    q.addAfter("b", -5);
    expect(q.len()).toBe(2);
  });

  it("TestAddTwoFireEarly: items become ready in deadline order", () => {
    const loop = new Loop();
    const q = new DelayingWorkQueue(loop);
    q.addAfter("foo", 1000);
    q.addAfter("bar", 50);
    loop.advance(60);
    expect(q.get()).toBe("bar");
    q.addAfter("foo", 20);
    loop.advance(30);
    expect(q.get()).toBe("foo");
  });

  it("shutDown drops pending delayed adds", () => {
    const loop = new Loop();
    const q = new DelayingWorkQueue(loop);
    q.addAfter("foo", 10);
    q.shutDown();
    loop.advance(100);
    expect(q.len()).toBe(0);
    expect(loop.pending).toBe(0);
  });

  it("property: with several addAfter calls, each pending add fires once, at the earliest deadline asked while it waited", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(100), delay: fc.integer({ min: 1, max: 200 }) }), {
          minLength: 1,
          maxLength: 10,
        }),
        (calls) => {
          const loop = new Loop();
          const q = new DelayingWorkQueue(loop);
          const ready: number[] = [];
          // process the item as soon as it is ready, so each readiness is seen
          q.onReady(() => {
            ready.push(loop.now());
            q.done(q.get()!);
          });
          const start = loop.now();
          const sorted = calls.slice().sort((a, b) => a.at - b.at);
          for (const c of sorted) loop.at(start + c.at, () => q.addAfter("k", c.delay));
          loop.advance(1000);
          // expected: simulate the "earlier deadline wins" rule over calls made while one is pending
          const expected: number[] = [];
          let pending: number | undefined;
          for (const c of sorted) {
            const t = start + c.at;
            // a call at the very instant the item fires runs first (it was scheduled earlier)
            if (pending !== undefined && pending < t) {
              expected.push(pending);
              pending = undefined;
            }
            const d = t + c.delay;
            pending = pending === undefined ? d : Math.min(pending, d);
          }
          if (pending !== undefined) expected.push(pending);
          expect(ready).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
