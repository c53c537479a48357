import { describe, expect, it } from "vitest";
import {
  ControllerExpectations,
  ExpectationsTimeout,
  expectationsExpired,
  expectationsFulfilled,
} from "./expectations.js";

const T0 = 1_700_000_000_000;
const KEY = "default/web";

describe("ControllerExpectations", () => {
  it("is satisfied without a record", () => {
    expect(new ControllerExpectations().satisfiedExpectations(KEY, T0)).toBe(true);
  });

  it("waits for every expected creation (TestControllerExpectations)", () => {
    const e = new ControllerExpectations();
    e.expectCreations(KEY, 3, T0);
    for (let i = 0; i < 2; i++) {
      e.creationObserved(KEY);
      expect(e.satisfiedExpectations(KEY, T0)).toBe(false);
    }
    e.creationObserved(KEY);
    expect(e.satisfiedExpectations(KEY, T0)).toBe(true);
    expect(e.getExpectations(KEY)).toEqual({ add: 0, del: 0, timestamp: T0 });
  });

  it("expires after 5 minutes, strictly", () => {
    const e = new ControllerExpectations();
    e.expectCreations(KEY, 1, T0);
    expect(ExpectationsTimeout).toBe(300_000);
    expect(e.satisfiedExpectations(KEY, T0 + ExpectationsTimeout)).toBe(false);
    expect(e.satisfiedExpectations(KEY, T0 + ExpectationsTimeout + 1)).toBe(true);
    expect(expectationsExpired({ add: 1, del: 0, timestamp: T0 }, T0 + 300_001)).toBe(true);
    expect(expectationsFulfilled({ add: 0, del: -1, timestamp: T0 })).toBe(true);
  });

  it("counts each expected deletion once, by pod key", () => {
    const e = new ControllerExpectations();
    e.expectDeletions(KEY, ["default/a", "default/b", "default/a"], T0);
    expect(e.getExpectations(KEY)?.del).toBe(2);
    e.deletionObserved(KEY, "default/a");
    e.deletionObserved(KEY, "default/a"); // seen again (deletionTimestamp, then delete): no double count
    e.deletionObserved(KEY, "default/zzz"); // not expected
    expect(e.getExpectations(KEY)?.del).toBe(1);
    expect(e.getDeleteKeys(KEY)).toEqual(["default/b"]);
    expect(e.satisfiedExpectations(KEY, T0)).toBe(false);
    e.deletionObserved(KEY, "default/b");
    expect(e.satisfiedExpectations(KEY, T0)).toBe(true);
  });

  it("overwrites on set, lowers and raises existing records only, and forgets on delete", () => {
    const e = new ControllerExpectations();
    e.creationObserved(KEY); // no record: no-op
    expect(e.getExpectations(KEY)).toBeUndefined();
    e.setExpectations(KEY, 2, 1, T0);
    e.raiseExpectations(KEY, 1, 1);
    expect(e.getExpectations(KEY)).toEqual({ add: 3, del: 2, timestamp: T0 });
    e.lowerExpectations(KEY, 3, 2);
    expect(e.satisfiedExpectations(KEY, T0)).toBe(true);
    e.expectCreations(KEY, 5, T0 + 10);
    expect(e.getExpectations(KEY)).toEqual({ add: 5, del: 0, timestamp: T0 + 10 });
    e.deleteExpectations(KEY);
    expect(e.getExpectations(KEY)).toBeUndefined();
    expect(e.getDeleteKeys(KEY)).toEqual([]);
  });
});
