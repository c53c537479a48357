/**
 * The list-then-watch cycle as an explicit state machine. Mirrors the
 * reflector of client-go tools/cache/reflector.go (`ListAndWatch`) in the shape
 * of kube-rs `kube-runtime/src/watcher.rs`: a `State` union and a pure
 * `stepWatcher(state, input) -> [state, outputs]`. The informer is the driver:
 * it performs each output (list, open or close a watch, wait) and feeds the
 * result back as the next input. Recovery is a transition, not a flag.
 *
 *   Empty --Start--> Listing --Listed--> Watching(rv) --event--> Watching(rv')
 *                       |                    |  \--ERROR (410 or other)--> Backoff --Elapsed--> Listing
 *                       '--ListFailed--> Backoff     \--WatchClosed--> Watching(rv), re-watch from rv
 *
 * Upstream behaviour kept:
 * - A list replaces the whole cache at once (kube-rs `Init`/`InitDone`,
 *   client-go `DeltaFIFO.Replace`), then the watch starts from the list's
 *   resourceVersion.
 * - Every watch event moves the resume point to its object's resourceVersion;
 *   a BOOKMARK moves it without touching the cache.
 * - A watch that simply ends (the server's timeout, or a dropped connection)
 *   is re-opened from the last resourceVersion, without a relist.
 * - A watch that ends with an ERROR event (410 Expired/Gone above all: "too old
 *   resource version"), or that cannot be opened, ends `ListAndWatch`; the
 *   reflector waits out its back-off and lists again.
 * - A failed list also backs off, then lists again.
 */
import type { Status } from "kubernetes-types/meta/v1";

export type WatcherState =
  /** Not started. */
  | { readonly phase: "Empty" }
  /** A list is due (the driver lists at once). */
  | { readonly phase: "Listing" }
  /** A watch is open, resuming from `resourceVersion`. */
  | { readonly phase: "Watching"; readonly resourceVersion: string }
  /** Waiting out a back-off before listing again. */
  | { readonly phase: "Backoff" }
  | { readonly phase: "Stopped" };

export type WatcherInput<T> =
  | { readonly type: "Start" }
  | { readonly type: "Listed"; readonly items: readonly T[]; readonly resourceVersion: string }
  | { readonly type: "ListFailed"; readonly error: unknown }
  /** `watch()` threw instead of opening. */
  | { readonly type: "WatchFailed"; readonly error: unknown }
  | { readonly type: "Added" | "Modified"; readonly object: T; readonly resourceVersion: string }
  | { readonly type: "Deleted"; readonly object: T; readonly resourceVersion: string }
  | { readonly type: "Bookmark"; readonly resourceVersion: string }
  | { readonly type: "Error"; readonly status: Status }
  /** The watch ended without an error (timeout, or found dropped). */
  | { readonly type: "WatchClosed" }
  | { readonly type: "BackoffElapsed" }
  | { readonly type: "Stop" };

export type WatcherOutput<T> =
  | { readonly type: "List" }
  /**
   * Open a watch from `resourceVersion`. `sendInitialEvents: false` with an
   * empty resourceVersion starts at the server's current revision, with no
   * synthetic events (the real machine never asks for it: a test seam may).
   */
  | {
      readonly type: "Watch";
      readonly resourceVersion: string;
      readonly sendInitialEvents?: boolean;
    }
  | { readonly type: "CloseWatch" }
  /** Replace the cache with exactly these items (a relist). */
  | { readonly type: "Replace"; readonly items: readonly T[]; readonly resourceVersion: string }
  | { readonly type: "Apply"; readonly object: T }
  | { readonly type: "Delete"; readonly object: T }
  /** Wait (the driver picks how long), then send BackoffElapsed. */
  | { readonly type: "Backoff"; readonly reason: string };

export type WatcherStep<T> = readonly [WatcherState, readonly WatcherOutput<T>[]];

/**
 * A replacement for the transition function, given the real one to wrap: the
 * seam for deliberately broken reflectors in property tests (for example one
 * that never relists after a watch drop). The real `stepWatcher` when omitted.
 */
export type WatcherStepHook = <T>(
  state: WatcherState,
  input: WatcherInput<T>,
  real: typeof stepWatcher,
) => WatcherStep<T>;

export const initialWatcherState: WatcherState = Object.freeze({ phase: "Empty" });

function reasonOf(status: Status): string {
  return `${status.code ?? "?"} ${status.reason ?? "Unknown"}: ${status.message ?? ""}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The pure transition function. Inputs that make no sense in a state are ignored. */
export function stepWatcher<T>(state: WatcherState, input: WatcherInput<T>): WatcherStep<T> {
  if (input.type === "Stop") {
    return state.phase === "Watching"
      ? [{ phase: "Stopped" }, [{ type: "CloseWatch" }]]
      : [{ phase: "Stopped" }, []];
  }
  switch (state.phase) {
    case "Empty":
      return input.type === "Start" ? [{ phase: "Listing" }, [{ type: "List" }]] : [state, []];
    case "Listing":
      if (input.type === "Listed") {
        return [
          { phase: "Watching", resourceVersion: input.resourceVersion },
          [
            { type: "Replace", items: input.items, resourceVersion: input.resourceVersion },
            { type: "Watch", resourceVersion: input.resourceVersion },
          ],
        ];
      }
      if (input.type === "ListFailed") {
        return [
          { phase: "Backoff" },
          [{ type: "Backoff", reason: `list failed: ${describe(input.error)}` }],
        ];
      }
      return [state, []];
    case "Backoff":
      return input.type === "BackoffElapsed"
        ? [{ phase: "Listing" }, [{ type: "List" }]]
        : [state, []];
    case "Watching":
      switch (input.type) {
        case "Added":
        case "Modified":
          return [
            { phase: "Watching", resourceVersion: input.resourceVersion },
            [{ type: "Apply", object: input.object }],
          ];
        case "Deleted":
          return [
            { phase: "Watching", resourceVersion: input.resourceVersion },
            [{ type: "Delete", object: input.object }],
          ];
        case "Bookmark":
          return [{ phase: "Watching", resourceVersion: input.resourceVersion }, []];
        case "WatchClosed":
          return [
            state,
            [{ type: "CloseWatch" }, { type: "Watch", resourceVersion: state.resourceVersion }],
          ];
        case "Error":
          return [
            { phase: "Backoff" },
            [
              { type: "CloseWatch" },
              { type: "Backoff", reason: `watch ended with: ${reasonOf(input.status)}` },
            ],
          ];
        case "WatchFailed":
          return [
            { phase: "Backoff" },
            [{ type: "Backoff", reason: `watch failed: ${describe(input.error)}` }],
          ];
        default:
          return [state, []];
      }
    case "Stopped":
      return [state, []];
  }
}
