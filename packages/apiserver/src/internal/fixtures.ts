/**
 * Test fixtures for the apiserver's own tests (not exported from the package):
 * a server on a fresh loop, small valid objects of the kinds in scope, and a
 * snapshot of everything observable, to prove that a refused request changed
 * nothing.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { ConfigMap, Pod, Service } from "kubernetes-types/core/v1";
import { Loop, Rng, Trace } from "@kubesim/sim";
import type { KindName, WatchEvent, KubeObject } from "@kubesim/api";
import { kinds } from "@kubesim/api";
import { ApiServer, type ApiServerOptions } from "../apiserver.js";

export interface Harness {
  readonly loop: Loop;
  readonly trace: Trace;
  readonly api: ApiServer;
}

export function harness(
  options: Partial<Omit<ApiServerOptions, "loop" | "rng" | "trace">> & { seed?: number } = {},
): Harness {
  const loop = new Loop();
  const trace = new Trace(loop);
  const { seed, ...rest } = options;
  const api = new ApiServer({ loop, rng: new Rng(seed ?? 1), trace, ...rest });
  return { loop, trace, api };
}

export function pod(name: string, labels: Record<string, string> = {}, namespace = "default"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: "main", image: "nginx:1.25" }] },
  };
}

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: "main", image: "nginx:1.25" }] },
});

export function deployment(name: string, replicas = 1, namespace = "default"): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template({ app: name }) },
  };
}

export function replicaSet(name: string, replicas = 1, namespace = "default"): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template({ app: name }) },
  };
}

export function configMap(
  name: string,
  data: Record<string, string> = {},
  namespace = "default",
): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data };
}

export function service(name: string, namespace = "default"): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port: 80 }] },
  };
}

/** Collects the events of a watch as [type, name, resourceVersion] triples. */
export function recorder(): {
  readonly events: WatchEvent<KubeObject>[];
  readonly handler: (e: WatchEvent<KubeObject>) => void;
  summary(): string[];
} {
  const events: WatchEvent<KubeObject>[] = [];
  return {
    events,
    handler: (e) => events.push(e),
    summary: () =>
      events.map((e) =>
        e.type === "ERROR"
          ? `ERROR ${String((e.object as { message?: string }).message)}`
          : `${e.type} ${(e.object as KubeObject).metadata?.name ?? ""} ${(e.object as KubeObject).metadata?.resourceVersion ?? ""}`,
      ),
  };
}

/** Everything a refused request must leave unchanged. */
export function snapshot(h: Harness): unknown {
  const lists: Record<string, unknown> = {};
  for (const k of kinds) lists[k.kind] = h.api.list(k.kind as KindName).items;
  return {
    resourceVersion: h.api.resourceVersion,
    lists: JSON.parse(JSON.stringify(lists)),
    trace: h.trace.length,
    traceHash: h.trace.hash(),
    pending: h.loop.pending,
  };
}
