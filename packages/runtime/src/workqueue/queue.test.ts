import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WorkQueue } from "./queue.js";

describe("WorkQueue (client-go util/workqueue queue_test.go)", () => {
  it("hands items out in FIFO order and dedups waiting items", () => {
    const q = new WorkQueue();
    q.add("foo");
    q.add("bar");
    q.add("foo");
    expect(q.len()).toBe(2);
    expect(q.get()).toBe("foo");
    expect(q.get()).toBe("bar");
    expect(q.get()).toBeUndefined();
  });

  it("TestAddWhileProcessing: a key re-added while processing comes back after done", () => {
    const q = new WorkQueue();
    q.add("a");
    expect(q.get()).toBe("a");
    q.add("a");
    q.add("a");
    expect(q.len()).toBe(0); // not handed to a second worker
    expect(q.get()).toBeUndefined();
    q.done("a");
    expect(q.len()).toBe(1);
    expect(q.get()).toBe("a");
    q.done("a");
    expect(q.get()).toBeUndefined();
  });

  it("TestReinsert: done after add-while-processing requeues exactly once", () => {
    const q = new WorkQueue();
    q.add("foo");
    const i = q.get()!;
    q.add(i);
    q.done(i);
    expect(q.get()).toBe("foo");
    q.done("foo");
    expect(q.len()).toBe(0);
  });

  it("drains queued items after shutDown and ignores new adds", () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("b");
    q.shutDown();
    q.add("c");
    expect(q.shuttingDown()).toBe(true);
    expect(q.get()).toBe("a");
    expect(q.get()).toBe("b");
    expect(q.get()).toBeUndefined();
  });

  it("notifies ready listeners only when an item is queued", () => {
    const q = new WorkQueue();
    let n = 0;
    const off = q.onReady(() => n++);
    q.add("a");
    q.add("a"); // deduped: no new item
    expect(n).toBe(1);
    q.get();
    q.add("a"); // processing: marked dirty only
    expect(n).toBe(1);
    q.done("a"); // requeued
    expect(n).toBe(2);
    off();
    q.add("b");
    expect(n).toBe(2);
  });
});

// ---- the guarantees of client-go doc.go, as properties ----

type Op = { op: "add"; key: string } | { op: "get" } | { op: "done"; pick: number };

const keyArb = fc.constantFrom("a", "b", "c", "d", "e");
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: keyArb.map((key) => ({ op: "add" as const, key })) },
  { weight: 3, arbitrary: fc.constant({ op: "get" as const }) },
  { weight: 3, arbitrary: fc.nat(10).map((pick) => ({ op: "done" as const, pick })) },
);

/** Runs ops, then finishes every in-flight item and drains the queue; returns what happened. */
function run(ops: readonly Op[]) {
  const q = new WorkQueue();
  const inFlight: string[] = [];
  const log: {
    step: number;
    kind: "add" | "get" | "done";
    key: string;
    inFlightBefore: string[];
  }[] = [];
  let step = 0;
  const get = () => {
    const k = q.get();
    if (k !== undefined) {
      log.push({ step: step++, kind: "get", key: k, inFlightBefore: inFlight.slice() });
      inFlight.push(k);
    }
    return k;
  };
  const done = (i: number) => {
    const [k] = inFlight.splice(i, 1);
    if (k !== undefined) {
      q.done(k);
      log.push({ step: step++, kind: "done", key: k, inFlightBefore: [] });
    }
  };
  for (const o of ops) {
    if (o.op === "add") {
      q.add(o.key);
      log.push({ step: step++, kind: "add", key: o.key, inFlightBefore: [] });
    } else if (o.op === "get") get();
    else if (inFlight.length > 0) done(o.pick % inFlight.length);
  }
  // finish: complete everything, draining until the queue is empty
  for (;;) {
    while (inFlight.length > 0) done(0);
    if (get() === undefined) break;
  }
  return { q, log };
}

describe("WorkQueue guarantees (fast-check)", () => {
  it("fair: without processing, items come out in the order they were first added", () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 30 }), (keys) => {
        const q = new WorkQueue();
        for (const k of keys) q.add(k);
        const out: string[] = [];
        for (let k = q.get(); k !== undefined; k = q.get()) out.push(k);
        expect(out).toEqual([...new Set(keys)]);
      }),
      { numRuns: 200 },
    );
  });

  it("stingy: an item added many times before processing is processed once", () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 30 }), (keys) => {
        const q = new WorkQueue();
        for (const k of keys) q.add(k);
        const counts = new Map<string, number>();
        for (let k = q.get(); k !== undefined; k = q.get()) {
          counts.set(k, (counts.get(k) ?? 0) + 1);
          q.done(k);
        }
        for (const c of counts.values()) expect(c).toBe(1);
        expect(counts.size).toBe(new Set(keys).size);
      }),
      { numRuns: 200 },
    );
  });

  it("one worker per key: get never hands out an item that is still being processed", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { log } = run(ops);
        for (const e of log) if (e.kind === "get") expect(e.inFlightBefore).not.toContain(e.key);
      }),
      { numRuns: 300 },
    );
  });

  it("re-add while processing: every add is followed by a get of that key (no add is lost)", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { log, q } = run(ops);
        for (const e of log) {
          if (e.kind !== "add") continue;
          const later = log.some((g) => g.kind === "get" && g.key === e.key && g.step > e.step);
          expect(later, `add(${e.key}) at step ${e.step} was never processed`).toBe(true);
        }
        expect(q.len()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("stingy under processing: between two gets of a key there is a done and an add of it", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { log } = run(ops);
        const gets = log.filter((e) => e.kind === "get");
        for (let i = 0; i < gets.length; i++) {
          const g = gets[i]!;
          const next = gets.slice(i + 1).find((n) => n.key === g.key);
          if (next === undefined) continue;
          const between = log.filter(
            (e) => e.step > g.step && e.step < next.step && e.key === g.key,
          );
          expect(between.some((e) => e.kind === "add")).toBe(true);
          expect(between.some((e) => e.kind === "done")).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
