/**
 * resourceVersion strictly increasing over a watch: every event a watch
 * delivers carries a larger resourceVersion than the one before (etcd's
 * revisions; the watch cache's ordering guarantee, which informers rely on to
 * resume with `resourceVersion`). Watches the API server directly, so that
 * fault-injected watch drops of the processes' connections do not end it.
 */
import type { Cluster, KindName, WatchHandle } from "kubesim";
import type { Violation } from "./violation.js";

export class ResourceVersionMonitor {
  readonly violations: Violation[] = [];
  private readonly handles: WatchHandle[] = [];
  /** Events seen, over every watched kind. */
  events = 0;

  constructor(
    private readonly cluster: Cluster,
    kinds: readonly KindName[] = ["Deployment", "ReplicaSet", "Pod"],
  ) {
    for (const kind of kinds) {
      let last = 0;
      this.handles.push(
        cluster.apiserver.watch(
          kind,
          { resourceVersion: cluster.apiserver.resourceVersion },
          (e) => {
            if (e.type === "ERROR" || e.type === "BOOKMARK") return;
            this.events++;
            const rv = Number(e.object.metadata?.resourceVersion ?? "NaN");
            if (!(rv > last))
              this.violations.push({
                invariant: "resourceVersion",
                message: `${kind} watch: ${e.type} ${e.object.metadata?.name ?? ""} at resourceVersion ${e.object.metadata?.resourceVersion ?? ""} after ${last}`,
                at: this.cluster.now(),
              });
            last = Math.max(last, Number.isFinite(rv) ? rv : last);
          },
        ),
      );
    }
  }

  stop(): void {
    for (const h of this.handles) h.stop();
  }
}
