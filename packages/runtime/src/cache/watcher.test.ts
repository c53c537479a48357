import { describe, expect, it } from "vitest";
import { initialWatcherState, stepWatcher, type WatcherState } from "./watcher.js";

type Obj = { metadata: { name: string; resourceVersion: string } };
const obj = (name: string, rv: string): Obj => ({ metadata: { name, resourceVersion: rv } });
const watching = (rv: string): WatcherState => ({ phase: "Watching", resourceVersion: rv });

describe("stepWatcher: the reflector's list/watch cycle as a pure state machine", () => {
  it("Start lists; a list result replaces the cache and opens a watch from its version", () => {
    const [s1, o1] = stepWatcher<Obj>(initialWatcherState, { type: "Start" });
    expect(s1).toEqual({ phase: "Listing" });
    expect(o1).toEqual([{ type: "List" }]);
    const items = [obj("a", "5")];
    const [s2, o2] = stepWatcher<Obj>(s1, { type: "Listed", items, resourceVersion: "7" });
    expect(s2).toEqual(watching("7"));
    expect(o2).toEqual([
      { type: "Replace", items, resourceVersion: "7" },
      { type: "Watch", resourceVersion: "7" },
    ]);
  });

  it("events move the resume point; bookmarks move it without touching the cache", () => {
    const a = obj("a", "8");
    expect(
      stepWatcher<Obj>(watching("7"), { type: "Modified", object: a, resourceVersion: "8" }),
    ).toEqual([watching("8"), [{ type: "Apply", object: a }]]);
    expect(
      stepWatcher<Obj>(watching("8"), { type: "Deleted", object: a, resourceVersion: "9" }),
    ).toEqual([watching("9"), [{ type: "Delete", object: a }]]);
    expect(stepWatcher<Obj>(watching("9"), { type: "Bookmark", resourceVersion: "12" })).toEqual([
      watching("12"),
      [],
    ]);
  });

  it("a watch that ends without error is re-opened from the last version, without a relist", () => {
    expect(stepWatcher<Obj>(watching("12"), { type: "WatchClosed" })).toEqual([
      watching("12"),
      [{ type: "CloseWatch" }, { type: "Watch", resourceVersion: "12" }],
    ]);
  });

  it("a 410 ERROR event closes the watch and relists after a back-off", () => {
    const status = { code: 410, reason: "Expired", message: "too old resource version: 3 (9)" };
    const [s, o] = stepWatcher<Obj>(watching("3"), { type: "Error", status });
    expect(s).toEqual({ phase: "Backoff" });
    expect(o).toEqual([
      { type: "CloseWatch" },
      { type: "Backoff", reason: "watch ended with: 410 Expired: too old resource version: 3 (9)" },
    ]);
    expect(stepWatcher<Obj>(s, { type: "BackoffElapsed" })).toEqual([
      { phase: "Listing" },
      [{ type: "List" }],
    ]);
  });

  it("a failed list or watch backs off, then lists", () => {
    const [s1, o1] = stepWatcher<Obj>(
      { phase: "Listing" },
      { type: "ListFailed", error: new Error("boom") },
    );
    expect(s1).toEqual({ phase: "Backoff" });
    expect(o1).toEqual([{ type: "Backoff", reason: "list failed: boom" }]);
    const [s2] = stepWatcher<Obj>(watching("4"), {
      type: "WatchFailed",
      error: new Error("refused"),
    });
    expect(s2).toEqual({ phase: "Backoff" });
  });

  it("ignores inputs that make no sense in a state (stale events after a close)", () => {
    const a = obj("a", "3");
    expect(
      stepWatcher<Obj>({ phase: "Backoff" }, { type: "Added", object: a, resourceVersion: "3" }),
    ).toEqual([{ phase: "Backoff" }, []]);
    expect(stepWatcher<Obj>(initialWatcherState, { type: "BackoffElapsed" })).toEqual([
      initialWatcherState,
      [],
    ]);
  });

  it("Stop closes an open watch and ends the machine", () => {
    expect(stepWatcher<Obj>(watching("5"), { type: "Stop" })).toEqual([
      { phase: "Stopped" },
      [{ type: "CloseWatch" }],
    ]);
    expect(stepWatcher<Obj>({ phase: "Stopped" }, { type: "Start" })).toEqual([
      { phase: "Stopped" },
      [],
    ]);
  });
});
