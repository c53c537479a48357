/**
 * The one place the CLI calls the cluster's front door for virtual time,
 * waits, faults, events, the trace and traffic, so that a change there is a
 * change here only. It turns the scenario's own shapes (schema.ts) into the
 * library's calls.
 */
import {
  Cluster,
  type KindName,
  type Millis,
  type TrafficGenerator,
  type WaitTarget,
} from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import { resolveKind } from "@kubesim/kubectl";
import type { ClusterSpec, Fault, PodRef, Until } from "../scenario/schema.js";

/** The cluster a scenario or the shell starts with. */
export function createCluster(spec: ClusterSpec = {}): Cluster {
  return Cluster.create({
    seed: spec.seed ?? 1,
    nodes: spec.nodes ?? 3,
    dns: spec.dns ?? true,
    ingress: spec.ingress ?? true,
    ...(spec.images === undefined ? {} : { imageCatalogue: { images: spec.images } }),
  });
}

/** `TYPE/NAME` or `TYPE` to the API's kind name ("deploy" -> "Deployment"). */
export function kindOf(type: string): { kind: KindName; namespaced: boolean } {
  const info = resolveKind(type);
  return { kind: info.kind as KindName, namespaced: info.namespaced };
}

export function advance(cluster: Cluster, d: string | Millis): void {
  cluster.advance(d);
}

/** The library's wait target for a scenario's `until`. */
export function waitTarget(u: Until): WaitTarget {
  const ns = "namespace" in u && u.namespace !== undefined ? { namespace: u.namespace } : {};
  if ("rollout" in u) return { rollout: u.rollout, ...ns };
  if ("deployment" in u)
    return {
      deployment: u.deployment,
      condition: u.condition,
      ...(u.status === undefined ? {} : { status: u.status }),
      ...ns,
    };
  if ("pod" in u) {
    if (u.phase !== undefined) return { pod: u.pod, phase: u.phase, ...ns };
    return { pod: u.pod, ready: u.status !== "False", ...ns };
  }
  if ("node" in u)
    return {
      node: u.node,
      ...(u.condition === undefined ? {} : { condition: u.condition }),
      status: u.status ?? "True",
    };
  const slash = u.deleted.indexOf("/");
  return {
    deleted: kindOf(u.deleted.slice(0, slash)).kind,
    name: u.deleted.slice(slash + 1),
    ...ns,
  };
}

/**
 * Runs virtual time until the target holds, then finishes what is due at
 * that instant (the watches and controllers reacting to it, e.g. the
 * Endpoints dropping a pod that just turned not-ready), as a person typing
 * the next command would see it. Returns how long it took. Throws on timeout.
 */
export function runUntil(cluster: Cluster, u: Until): Millis {
  const took = cluster.runUntil(waitTarget(u), { timeout: u.timeout ?? "10m" });
  cluster.settle();
  return took;
}

/** The pod a fault names: by name, or the first by name that the selector picks and is not being deleted. */
export function podName(cluster: Cluster, ref: PodRef, namespace: string): string {
  if (typeof ref === "string") return ref;
  const pods = cluster
    .list("Pod", { namespace, labelSelector: ref.selector })
    .filter((p) => p.metadata?.deletionTimestamp === undefined)
    .map((p) => p.metadata?.name ?? "")
    .sort();
  const first = pods[0];
  if (first === undefined)
    throw new Error(`no pod in namespace "${namespace}" matches the selector "${ref.selector}"`);
  return first;
}

/** Injects a fault; returns what happened, as one line. */
export function injectFault(cluster: Cluster, f: Fault): string {
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
    faults.slowApiServer(f.slowApiServer, f.for === undefined ? {} : { for: f.for });
    return `watch events now arrive ${f.slowApiServer} late${f.for === undefined ? "" : ` for ${f.for}`}`;
  }
  faults.restoreApiServer();
  return "watch events arrive without delay again";
}

/** What `events` expectations filter on. */
export interface EventQuery {
  readonly reason?: string;
  readonly type?: "Normal" | "Warning";
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly component?: string;
}

/** The cluster's Events matching the query, in the order they happened. */
export function events(cluster: Cluster, q: EventQuery): Event[] {
  return cluster.events({
    ...(q.reason === undefined ? {} : { reason: q.reason }),
    ...(q.type === undefined ? {} : { type: q.type }),
    ...(q.kind === undefined ? {} : { kind: q.kind }),
    ...(q.name === undefined ? {} : { name: q.name }),
    ...(q.namespace === undefined ? {} : { namespace: q.namespace }),
    ...(q.component === undefined ? {} : { component: q.component }),
  });
}

/** A traffic generator on the cluster's clock, from outside or from a pod; not started. */
export function trafficGenerator(
  cluster: Cluster,
  o: { url: string; rate: number; fromPod?: string; namespace?: string; name?: string },
): TrafficGenerator {
  return cluster.traffic({
    url: o.url,
    rate: o.rate,
    ...(o.name === undefined ? {} : { name: o.name }),
    ...(o.fromPod === undefined
      ? {}
      : { from: cluster.podOrigin(o.namespace ?? "default", o.fromPod) }),
  });
}

export interface TraceLine {
  readonly t: Millis;
  readonly type: string;
  readonly data: unknown;
}

/** The trace entries kept in memory. */
export function traceEntries(cluster: Cluster): readonly TraceLine[] {
  return cluster.trace.entries();
}
