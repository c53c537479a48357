import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_EPOCH } from "./clock.js";
import { Loop, ReentrancyError } from "./loop.js";

describe("Loop", () => {
  it("starts at the fixed default epoch", () => {
    expect(new Loop().now()).toBe(DEFAULT_EPOCH);
    expect(new Loop({ epoch: 5 }).now()).toBe(5);
  });

  it("runs tasks in (time, sequence) order and moves the clock to each", () => {
    const loop = new Loop({ epoch: 0 });
    const seen: string[] = [];
    loop.after("2s", () => seen.push(`b@${loop.now()}`));
    loop.after(1000, () => seen.push(`a@${loop.now()}`));
    loop.after("2s", () => seen.push(`c@${loop.now()}`));
    loop.advance("10s");
    expect(seen).toEqual(["a@1000", "b@2000", "c@2000"]);
    expect(loop.now()).toBe(10_000);
  });

  it("advance runs only what is due and leaves later tasks queued", () => {
    const loop = new Loop({ epoch: 0 });
    const seen: number[] = [];
    loop.at(500, () => seen.push(500));
    loop.at(1500, () => seen.push(1500));
    loop.advance(1000);
    expect(seen).toEqual([500]);
    expect(loop.pending).toBe(1);
    expect(loop.nextTime()).toBe(1500);
  });

  it("cancel prevents a task from running and reports whether it did anything", () => {
    const loop = new Loop({ epoch: 0 });
    let ran = false;
    const h = loop.after(10, () => (ran = true));
    expect(loop.cancel(h)).toBe(true);
    expect(loop.cancel(h)).toBe(false);
    loop.advance(100);
    expect(ran).toBe(false);
    expect(loop.pending).toBe(0);
    const h2 = loop.after(10, () => undefined);
    loop.advance(100);
    expect(loop.cancel(h2)).toBe(false);
  });

  it("currentTask numbers the running task, and is undefined between tasks", () => {
    const loop = new Loop();
    const seen: (number | undefined)[] = [];
    loop.after(0, () => seen.push(loop.currentTask));
    loop.after(5, () => seen.push(loop.currentTask));
    loop.advance(10);
    expect(seen).toEqual([1, 2]);
    expect(loop.currentTask).toBeUndefined();
  });

  it("step runs exactly one task", () => {
    const loop = new Loop({ epoch: 0 });
    const seen: number[] = [];
    loop.at(3, () => seen.push(3));
    loop.at(7, () => seen.push(7));
    expect(loop.step()).toBe(true);
    expect(seen).toEqual([3]);
    expect(loop.now()).toBe(3);
    expect(loop.step()).toBe(true);
    expect(loop.step()).toBe(false);
  });

  it("tasks scheduled in the past run now, not before now", () => {
    const loop = new Loop({ epoch: 100 });
    const h = loop.at(50, () => undefined);
    expect(h.time).toBe(100);
  });

  it("settle runs everything due now, including tasks they add for now", () => {
    const loop = new Loop({ epoch: 0 });
    const seen: string[] = [];
    loop.after(0, () => {
      seen.push("a");
      loop.after(0, () => seen.push("b"));
      loop.after(1, () => seen.push("later"));
    });
    loop.settle();
    expect(seen).toEqual(["a", "b"]);
    expect(loop.now()).toBe(0);
  });

  it("runUntil returns true as soon as the predicate holds", () => {
    const loop = new Loop({ epoch: 0 });
    let n = 0;
    const tick = (): void => {
      n++;
      loop.after("1s", tick);
    };
    loop.after("1s", tick);
    expect(loop.runUntil(() => n === 5, { timeout: "1m" })).toBe(true);
    expect(loop.now()).toBe(5000);
  });

  it("runUntil returns false at the timeout, with the clock at start + timeout", () => {
    const loop = new Loop({ epoch: 0 });
    expect(loop.runUntil(() => false, { timeout: "10m" })).toBe(false);
    expect(loop.now()).toBe(600_000);
    expect(loop.runUntil(() => true)).toBe(true);
  });

  it("refuses to be driven from inside a task", () => {
    const loop = new Loop({ epoch: 0 });
    let err: unknown;
    loop.after(1, () => {
      try {
        loop.advance(1);
      } catch (e) {
        err = e;
      }
    });
    loop.advance(5);
    expect(err).toBeInstanceOf(ReentrancyError);
  });

  it("property: tasks run in non-decreasing time, ties in scheduling order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const loop = new Loop({ epoch: 0 });
        const ran: { t: number; i: number }[] = [];
        times.forEach((t, i) => loop.at(t, () => ran.push({ t: loop.now(), i })));
        loop.advance(100);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        expect(ran).toEqual(expected);
      }),
    );
  });

  it("property: cancelled tasks never run and the rest all do", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 100 }),
        (spec) => {
          const loop = new Loop({ epoch: 0 });
          const ran = new Set<number>();
          const handles = spec.map(([t], i) => loop.at(t, () => ran.add(i)));
          spec.forEach(([, cancel], i) => {
            if (cancel) loop.cancel(handles[i]!);
          });
          expect(loop.pending).toBe(spec.filter(([, c]) => !c).length);
          loop.advance(50);
          spec.forEach(([, cancel], i) => expect(ran.has(i)).toBe(!cancel));
        },
      ),
    );
  });
});

describe("Loop.atFirst", () => {
  it("runs ahead of the instant's other tasks, whenever they were scheduled", () => {
    const loop = new Loop();
    const order: string[] = [];
    loop.at(loop.now() + 10, () => order.push("a"));
    loop.at(loop.now() + 5, () => {
      loop.atFirst(loop.now() + 5, () => order.push("first-1"));
      loop.atFirst(loop.now() + 5, () => order.push("first-2"));
      loop.at(loop.now() + 5, () => order.push("b"));
    });
    loop.advance(20);
    expect(order).toEqual(["first-1", "first-2", "a", "b"]);
  });
});

/**
 * The loop keeps tasks for the current instant in a plain queue beside the
 * heap of later tasks (a speed-up): whatever the mix of tasks for now, for
 * later, first-lane ones, cancellations, steps and advances, the order must
 * be the one (time, seq) gives. The model below is the definition: every
 * scheduled task in one list, the smallest (time, seq) runs next.
 */
describe("Loop: order property against a one-list model", () => {
  const FIRST_LANE = 2 ** 52;
  type Op =
    | { readonly kind: "at"; readonly delay: number; readonly spawn: number }
    | { readonly kind: "first"; readonly delay: number; readonly ranked: boolean }
    | { readonly kind: "cancel"; readonly index: number }
    | { readonly kind: "advance"; readonly by: number }
    | { readonly kind: "step" };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant("at" as const),
      delay: fc.constantFrom(0, 0, 0, 1, 2, 5),
      spawn: fc.integer({ min: 0, max: 2 }),
    }),
    fc.record({
      kind: fc.constant("first" as const),
      delay: fc.constantFrom(0, 1, 2),
      ranked: fc.boolean(),
    }),
    fc.record({ kind: fc.constant("cancel" as const), index: fc.nat(40) }),
    fc.record({ kind: fc.constant("advance" as const), by: fc.constantFrom(0, 1, 3) }),
    fc.record({ kind: fc.constant("step" as const) }),
  );

  /** Runs `ops` on a Loop; a task logs its id and schedules `spawn` children (now, then +1). */
  function runLoop(ops: readonly Op[]): string[] {
    const loop = new Loop({ epoch: 0 });
    const log: string[] = [];
    const handles: ReturnType<Loop["at"]>[] = [];
    let next = 0;
    const task = (id: string, spawn: number) => (): void => {
      log.push(`${id}@${loop.now()}`);
      for (let c = 0; c < spawn; c++) handles.push(loop.at(loop.now() + c, task(`${id}.${c}`, 0)));
    };
    for (const op of ops) {
      if (op.kind === "at")
        handles.push(loop.at(loop.now() + op.delay, task(`t${next++}`, op.spawn)));
      else if (op.kind === "first") {
        const rank = op.ranked ? loop.reserveRank() : undefined;
        handles.push(loop.atFirst(loop.now() + op.delay, task(`f${next++}`, 0), "", rank));
      } else if (op.kind === "cancel") {
        const h = handles[op.index];
        if (h !== undefined) loop.cancel(h);
      } else if (op.kind === "advance") loop.advance(op.by);
      else loop.step();
    }
    loop.advance(100);
    return log;
  }

  /** The same ops on the model. */
  function runModel(ops: readonly Op[]): string[] {
    interface T {
      id: string;
      time: number;
      seq: number;
      spawn: number;
      cancelled: boolean;
      done: boolean;
    }
    let now = 0;
    let seq = 0;
    const tasks: T[] = [];
    const log: string[] = [];
    const add = (id: string, t: number, s: number, spawn: number): void => {
      tasks.push({ id, time: Math.max(t, now), seq: s, spawn, cancelled: false, done: false });
    };
    const nextTask = (end: number): T | undefined => {
      let best: T | undefined;
      for (const t of tasks) {
        if (t.cancelled || t.done || t.time > end) continue;
        if (best === undefined || t.time < best.time || (t.time === best.time && t.seq < best.seq))
          best = t;
      }
      return best;
    };
    const run = (t: T): void => {
      now = t.time;
      t.done = true;
      log.push(`${t.id}@${now}`);
      for (let c = 0; c < t.spawn; c++) add(`${t.id}.${c}`, now + c, seq++, 0);
    };
    const advance = (by: number): void => {
      const end = now + by;
      for (let t = nextTask(end); t !== undefined; t = nextTask(end)) run(t);
      now = end;
    };
    let next = 0;
    for (const op of ops) {
      if (op.kind === "at") add(`t${next++}`, now + op.delay, seq++, op.spawn);
      else if (op.kind === "first") {
        const rank = op.ranked ? seq++ : undefined;
        add(`f${next++}`, now + op.delay, (rank ?? seq++) - FIRST_LANE, 0);
      } else if (op.kind === "cancel") {
        const t = tasks[op.index];
        if (t !== undefined && !t.done) t.cancelled = true;
      } else if (op.kind === "advance") advance(op.by);
      else {
        const t = nextTask(Number.POSITIVE_INFINITY);
        if (t !== undefined) run(t);
      }
    }
    advance(100);
    return log;
  }

  it("property: the same tasks run in the same order, at the same times", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        expect(runLoop(ops)).toEqual(runModel(ops));
      }),
      { numRuns: 300 },
    );
  });

  it("tasks for now queue behind earlier tasks for the same instant scheduled before it came", () => {
    const loop = new Loop({ epoch: 0 });
    const order: string[] = [];
    loop.at(10, () => order.push("early"));
    loop.at(5, () => {
      loop.at(loop.now() + 5, () => order.push("later-same-instant"));
    });
    loop.advance(10);
    loop.at(loop.now(), () => order.push("now"));
    loop.settle();
    expect(order).toEqual(["early", "later-same-instant", "now"]);
  });
});
