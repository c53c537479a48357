/**
 * A deliberately broken reflector for kube-controller-manager's informers: it
 * never relists after a watch drop. When the API server ends a watch with an
 * ERROR (410 Expired when the watch cache restarts, the "drop watches"
 * fault), client-go's reflector backs off, lists again and replaces its cache
 * (reflector.go ListAndWatch; a watch that merely closes resumes from the
 * last resourceVersion). This one backs off as well, then watches from the
 * server's current revision without listing: every change made in between is
 * never seen, and the cache keeps those objects as they were. The first list,
 * and everything else, is the real machine (watcher.ts stepWatcher).
 */
import type { WatcherStepHook } from "kubesim";

export const neverRelistAfterWatchDrop: WatcherStepHook = (state, input, real) => {
  if (state.phase === "Watching" && input.type === "Error") {
    // The real machine goes to Backoff, then Listing. Stay "Watching" (with no
    // watch open) and come back from the back-off to a watch from now.
    return [
      { phase: "Watching", resourceVersion: "" },
      [
        { type: "CloseWatch" },
        { type: "Backoff", reason: `watch ended with ${input.status.reason ?? "an error"}` },
      ],
    ];
  }
  if (state.phase === "Watching" && input.type === "BackoffElapsed")
    return [state, [{ type: "Watch", resourceVersion: "", sendInitialEvents: false }]];
  return real(state, input);
};
