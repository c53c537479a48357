/**
 * The one place the CLI calls the cluster's front door for virtual time,
 * waits, faults, events, the trace and traffic, so that a change there is a
 * change here only. It turns the scenario's own shapes (schema.ts) into the
 * library's calls; for waits and faults through @kubesim/server's sim
 * module, which /sim/v1 uses too, so the shell and `kubesim ctl` agree.
 */
import { Cluster, type KindName, type Millis, type TrafficGenerator } from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import { resolveKind } from "@kubesim/kubectl";
import { injectFault as simInjectFault, waitTarget } from "@kubesim/server/sim";
import type { ClusterSpec, Fault, Until } from "../scenario/schema.js";

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

/** Injects a fault; returns what happened, as one line (shared with /sim/v1/faults). */
export function injectFault(cluster: Cluster, f: Fault): string {
  return simInjectFault(cluster, f);
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
