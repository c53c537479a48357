/**
 * A fault, in the scenario file's shape (`{ stopNode: node-2 }`), done to
 * a cluster through its fault injector (`cluster.faults`), and the one
 * line that says what happened (`node "node-2" stopped`). Shared by
 * /sim/v1/faults and by `kubesim shell` and `kubesim run`, so the three
 * say the same. Kubernetes has no fault API: each fault acts as the real
 * one would, through the real components (see the cluster's faults.ts).
 */
import type { Cluster } from "kubesim";
import type { SimFault, SimPodRef } from "./shapes.js";

/** No pod matched a fault's label selector. */
export class NoMatchingPodError extends Error {
  readonly code = "NoMatchingPod" as const;
  constructor(
    readonly namespace: string,
    readonly selector: string,
  ) {
    super(`no pod in namespace "${namespace}" matches the selector "${selector}"`);
    this.name = "NoMatchingPodError";
  }
}

export function isNoMatchingPodError(e: unknown): e is NoMatchingPodError {
  return e instanceof NoMatchingPodError;
}

/** The pod a fault names: by name, or the first by name that the selector picks and is not being deleted. */
export function podName(cluster: Cluster, ref: SimPodRef, namespace: string): string {
  if (typeof ref === "string") return ref;
  const pods = cluster
    .list("Pod", { namespace, labelSelector: ref.selector })
    .filter((p) => p.metadata?.deletionTimestamp === undefined)
    .map((p) => p.metadata?.name ?? "")
    .sort();
  const first = pods[0];
  if (first === undefined) throw new NoMatchingPodError(namespace, ref.selector);
  return first;
}

/** The node a fault acts on, if any. */
export function faultNode(f: SimFault): string | undefined {
  if ("stopNode" in f) return f.stopNode;
  if ("startNode" in f) return f.startNode;
  if ("partitionNode" in f) return f.partitionNode;
  if ("healPartition" in f) return f.healPartition;
  return undefined;
}

/** Injects a fault; returns what happened, as one line. */
export function injectFault(cluster: Cluster, f: SimFault): string {
  const { faults } = cluster;
  if ("deletePod" in f) {
    const ns = f.namespace ?? "default";
    const pod = podName(cluster, f.deletePod, ns);
    faults.deletePod(pod, {
      namespace: ns,
      ...(f.gracePeriod === undefined ? {} : { gracePeriodSeconds: f.gracePeriod }),
    });
    return `pod "${pod}" deleted`;
  }
  if ("killContainer" in f) {
    const ns = f.namespace ?? "default";
    const pod = podName(cluster, f.killContainer, ns);
    faults.killContainer(pod, {
      namespace: ns,
      ...(f.container === undefined ? {} : { container: f.container }),
      ...(f.oom === undefined ? {} : { oom: f.oom }),
    });
    return `pod "${pod}": container ${f.container === undefined ? "" : `"${f.container}" `}killed${f.oom === true ? " (OOMKilled)" : ""}`;
  }
  if ("stopNode" in f) {
    faults.stopNode(f.stopNode);
    return `node "${f.stopNode}" stopped`;
  }
  if ("startNode" in f) {
    faults.startNode(f.startNode);
    return `node "${f.startNode}" started`;
  }
  if ("partitionNode" in f) {
    faults.partitionNode(f.partitionNode, f.for === undefined ? {} : { for: f.for });
    return `node "${f.partitionNode}" cut off from the API server${f.for === undefined ? "" : ` for ${f.for}`}`;
  }
  if ("healPartition" in f) {
    faults.healPartition(f.healPartition);
    return `node "${f.healPartition}" reconnected to the API server`;
  }
  if ("restartController" in f) {
    faults.restartController(f.restartController);
    return `${f.restartController} restarted with empty caches`;
  }
  if ("dropWatches" in f) {
    const n = faults.dropWatches();
    return `the API server ended ${n} watch${n === 1 ? "" : "es"}`;
  }
  if ("slowApiServer" in f) {
    faults.slowApiServer(f.slowApiServer, {
      ...(f.for === undefined ? {} : { for: f.for }),
      ...(f.jitter === undefined ? {} : { jitter: f.jitter }),
    });
    const jitter = f.jitter === undefined ? "" : ` (each up to ${f.jitter} more, watch by watch)`;
    return `watch events now arrive ${f.slowApiServer} late${jitter}${f.for === undefined ? "" : ` for ${f.for}`}`;
  }
  faults.restoreApiServer();
  return "watch events arrive without delay again";
}
