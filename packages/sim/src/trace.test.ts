import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson } from "./canonical-json.js";
import { Loop } from "./loop.js";
import { Trace } from "./trace.js";

function run(seedWrites: [string, number][]): Trace {
  const loop = new Loop();
  const trace = new Trace(loop);
  seedWrites.forEach(([name, delay]) =>
    loop.after(delay, () => trace.record("write", { name, at: loop.now() })),
  );
  loop.advance("1h");
  return trace;
}

describe("Trace", () => {
  it("stamps entries with virtual time and position", () => {
    const loop = new Loop({ epoch: 0 });
    const trace = new Trace(loop);
    loop.after("5s", () => trace.record("event", { reason: "Scaled" }));
    loop.advance("10s");
    expect(trace.entries()).toEqual([
      { t: 5000, seq: 0, type: "event", data: { reason: "Scaled" } },
    ]);
  });

  it("exports JSON lines with sorted keys", () => {
    const loop = new Loop({ epoch: 0 });
    const trace = new Trace(loop);
    trace.record("write", { b: 1, a: 2 });
    expect(trace.toJSONLines()).toBe('{"data":{"a":2,"b":1},"seq":0,"t":0,"type":"write"}\n');
  });

  it("the hash is stable for the same inputs and differs otherwise", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.integer({ min: 0, max: 100_000 })), { maxLength: 30 }),
        (writes) => {
          expect(run(writes).hash()).toBe(run(writes).hash());
        },
      ),
    );
    expect(run([["a", 1]]).hash()).not.toBe(run([["a", 2]]).hash());
    expect(run([["a", 1]]).hash()).not.toBe(run([["b", 1]]).hash());
  });

  it("hashes the same without retaining entries", () => {
    const loop = new Loop({ epoch: 0 });
    const kept = new Trace(loop);
    const lean = new Trace(loop, { retain: false });
    for (const t of [kept, lean]) t.record("write", { x: 1 });
    expect(lean.entries()).toEqual([]);
    expect(lean.hash()).toBe(kept.hash());
    expect(lean.length).toBe(1);
  });

  it("notifies subscribers until they unsubscribe", () => {
    const trace = new Trace(new Loop());
    const seen: string[] = [];
    const off = trace.subscribe((e) => seen.push(e.type));
    trace.record("a", 1);
    off();
    trace.record("b", 2);
    expect(seen).toEqual(["a"]);
  });
});

describe("canonicalJson", () => {
  it("ignores key insertion order and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: undefined } })).toBe(
      '{"a":{"d":[1,null]},"b":1}',
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });
});
