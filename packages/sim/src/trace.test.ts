import { createHash } from "node:crypto";
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

  it("hashes the JSON lines of its entries, in insertion key order", () => {
    const loop = new Loop({ epoch: 0 });
    const trace = new Trace(loop, { retain: false });
    trace.record("write", { verb: "create", name: "web" });
    loop.advance("1s");
    trace.record("event", { reason: "Scaled", count: 2, skipped: undefined });
    const expected = createHash("sha256")
      .update('{"t":0,"seq":0,"type":"write","data":{"verb":"create","name":"web"}}\n')
      .update('{"t":1000,"seq":1,"type":"event","data":{"reason":"Scaled","count":2}}\n')
      .digest("hex");
    expect(trace.hash()).toBe(expected);
  });

  it("gives the same hash whether read once at the end or after every entry, across chunk flushes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 3000 }), fc.nat(1000)), { maxLength: 60 }),
        fc.array(fc.nat(59), { maxLength: 10 }),
        (entries, readAt) => {
          const loop = new Loop({ epoch: 0 });
          const once = new Trace(loop, { retain: false });
          const often = new Trace(loop, { retain: false });
          const reads = new Set(readAt);
          let text = "";
          entries.forEach(([s, n], i) => {
            const data = { s, n };
            once.record("x", data);
            often.record("x", data);
            text += `${JSON.stringify({ t: 0, seq: i, type: "x", data })}\n`;
            if (reads.has(i)) often.hash();
          });
          const expected = createHash("sha256").update(text).digest("hex");
          expect(often.hash()).toBe(expected);
          expect(once.hash()).toBe(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("hashes each entry as exactly JSON.stringify of it, whatever its data (property)", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.oneof(
          fc.jsonValue(),
          fc.constant(undefined),
          fc.constant(() => 1),
        ),
        fc.integer({ min: 0, max: 2 ** 50 }),
        (type, data, epoch) => {
          const trace = new Trace(new Loop({ epoch }), { retain: false });
          const entry = trace.record(type, data);
          const expected = createHash("sha256")
            .update(`${JSON.stringify(entry)}\n`)
            .digest("hex");
          expect(trace.hash()).toBe(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("stays correct past the 64 KB flush threshold", () => {
    const loop = new Loop({ epoch: 0 });
    const trace = new Trace(loop, { retain: false });
    const digest = createHash("sha256");
    for (let i = 0; i < 2_000; i++) {
      const data = { name: `pod-${i}`, pad: "x".repeat(i % 97) };
      trace.record("write", data);
      digest.update(`${JSON.stringify({ t: 0, seq: i, type: "write", data })}\n`);
    }
    expect(trace.length).toBe(2_000);
    expect(trace.hash()).toBe(digest.digest("hex"));
  });

  it("keeps details and task stamps only when asked, outside the hash and the JSON lines", () => {
    const loop = new Loop({ epoch: 0 });
    const plain = new Trace(loop);
    const detailed = new Trace(loop, { details: true, task: () => loop.currentTask });
    const seen: unknown[] = [];
    detailed.subscribe((e) => seen.push(e.detail));
    loop.after(0, () => {
      for (const t of [plain, detailed]) t.record("write", { name: "web" }, { spec: 1 });
    });
    loop.advance("1s");
    for (const t of [plain, detailed]) t.record("fault", { fault: "x" });
    expect(plain.entries()[0]).toEqual({ t: 0, seq: 0, type: "write", data: { name: "web" } });
    expect(detailed.entries()).toEqual([
      { t: 0, seq: 0, type: "write", data: { name: "web" }, detail: { spec: 1 }, task: 1 },
      { t: 1000, seq: 1, type: "fault", data: { fault: "x" } },
    ]);
    expect(seen).toEqual([{ spec: 1 }, undefined]);
    expect(detailed.hash()).toBe(plain.hash());
    expect(detailed.toJSONLines()).toBe(plain.toJSONLines());
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
