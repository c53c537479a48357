/**
 * What the invariants read: the objects as of one moment, that moment, and
 * whether every node is up. A running cluster is one (`viewOf(cluster)`: its
 * API server, now); a recorded trace is another (trace.ts rebuilds the
 * objects from the trace's writes), so the same checks run over both.
 */
import type { KindName, KindTypes } from "kubesim";
import { Cluster, isNotFound } from "kubesim";

export interface ObjectView {
  /** Virtual time, ms since the Unix epoch. */
  now(): number;
  get<K extends KindName>(kind: K, namespace: string, name: string): KindTypes[K] | undefined;
  /** The objects of a kind (in a namespace, or all), in etcd's key order (namespace/name). */
  list<K extends KindName>(kind: K, namespace?: string): readonly KindTypes[K][];
  /** Every node's kubelet running and linked to the API server (no node stopped or partitioned). */
  nodesUp(): boolean;
}

/** A running cluster, or a view of objects (a recorded trace's). */
export type ClusterOrView = Cluster | ObjectView;

const views = new WeakMap<Cluster, ObjectView>();

function clusterView(c: Cluster): ObjectView {
  return {
    now: () => c.now(),
    get: (kind, namespace, name) => {
      try {
        return c.apiserver.get(kind, namespace, name);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    list: (kind, namespace) =>
      c.apiserver.list(kind, namespace === undefined ? {} : { namespace }).items,
    nodesUp: () => {
      for (const n of c.nodes.names())
        if (!c.nodes.kubelet(n).isRunning || c.nodes.connection(n).partitioned) return false;
      return true;
    },
  };
}

/** The view the invariants read `source` through. */
export function viewOf(source: ClusterOrView): ObjectView {
  if (!(source instanceof Cluster)) return source;
  let v = views.get(source);
  if (v === undefined) views.set(source, (v = clusterView(source)));
  return v;
}
