import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { KubeObject } from "@kubesim/api";
import { EventLog, type LogEntry } from "./event-log.js";

const obj = (name: string, v: string): KubeObject =>
  ({ metadata: { name, resourceVersion: v } }) as KubeObject;
const entry = (rv: number, key: string, old?: KubeObject, next?: KubeObject): LogEntry => ({
  rv,
  key,
  old,
  next,
  tombstone: undefined,
});

describe("EventLog", () => {
  it("keeps the last `capacity` entries and knows which revisions it still covers", () => {
    const log = new EventLog(3);
    for (let rv = 10; rv < 15; rv++) log.append(entry(rv, "k"));
    expect(log.size).toBe(3);
    expect(log.since(0).map((e) => e.rv)).toEqual([12, 13, 14]);
    expect(log.covers(11)).toBe(true);
    expect(log.covers(10)).toBe(false);
    expect(log.since(12).map((e) => e.rv)).toEqual([13, 14]);
    expect(log.expiredError(5).message).toBe("too old resource version: 5 (11)");
    expect(log.expiredError(5).httpCode).toBe(410);
  });

  it("valuesAt gives each changed key's value at a past revision", () => {
    const log = new EventLog(10);
    const a1 = obj("a", "1");
    const a2 = obj("a", "2");
    log.append(entry(1, "a", undefined, a1));
    log.append(entry(2, "a", a1, a2));
    log.append(entry(3, "b", undefined, obj("b", "3")));
    log.append(entry(4, "a", a2, undefined));
    expect([...log.valuesAt(1)]).toEqual([
      ["a", a1],
      ["b", undefined],
    ]);
    expect(log.changedSince(4)).toBe(false);
    expect(log.changedSince(3)).toBe(true);
  });

  it("since(rv) is exactly the suffix after rv (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (cap, n, from) => {
          const log = new EventLog(cap);
          for (let rv = 1; rv <= n; rv++) log.append(entry(rv * 2, "k"));
          const kept = Array.from({ length: n }, (_, i) => (i + 1) * 2).slice(-cap);
          if (log.covers(from))
            expect(log.since(from).map((e) => e.rv)).toEqual(kept.filter((rv) => rv > from));
          expect(log.covers(from)).toBe(n <= cap || from >= (n - cap) * 2);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a window that is not a positive integer", () => {
    expect(() => new EventLog(0)).toThrow(RangeError);
  });
});
