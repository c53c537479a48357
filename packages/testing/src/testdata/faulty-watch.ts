/**
 * Deliberately faulty watch streams, to show that WatchDeliveryMonitor
 * catches them: wrappers of a connection whose watches of one kind drop, or
 * repeat, their n-th event (counted over every watch of that kind), or whose
 * first resumed watch of each kind answers 410 Expired at once (a watch cache
 * that has compacted past the resourceVersion the client resumes from).
 */
import type { ApiConnection, Cluster, KindName, KubeObject, WatchEvent } from "kubesim";
import type { WatchClient } from "../invariants/watch-delivery.js";

type Handler = (event: WatchEvent<KubeObject>) => void;

function wrapping(
  conn: ApiConnection,
  wrap: (kind: KindName, rv: string | undefined, handler: Handler) => Handler,
): WatchClient {
  return {
    watch: (kind, options, handler) =>
      conn.watch(kind, options, wrap(kind, options.resourceVersion, handler) as never),
    list: (kind) => conn.list(kind),
  };
}

/** Watches of `kind` never deliver their n-th event (from 1, bookmarks and errors not counted). */
export function droppingNth(conn: ApiConnection, kind: KindName, n: number): WatchClient {
  let seen = 0;
  return wrapping(conn, (k, _rv, handler) => (e) => {
    if (k === kind && e.type !== "BOOKMARK" && e.type !== "ERROR" && ++seen === n) return;
    handler(e);
  });
}

/** Watches of `kind` deliver their n-th event twice. */
export function repeatingNth(conn: ApiConnection, kind: KindName, n: number): WatchClient {
  let seen = 0;
  return wrapping(conn, (k, _rv, handler) => (e) => {
    handler(e);
    if (k === kind && e.type !== "BOOKMARK" && e.type !== "ERROR" && ++seen === n) handler(e);
  });
}

/** The second watch of each kind (the first resume) gets 410 at once; later ones are real. */
export function expiringResumes(cluster: Cluster): WatchClient {
  const conn = cluster.connections.connect("expiring-resumes");
  const opened = new Map<KindName, number>();
  return {
    watch: (kind, options, handler) => {
      const n = (opened.get(kind) ?? 0) + 1;
      opened.set(kind, n);
      if (n === 2) {
        const rv = options.resourceVersion ?? "";
        let stopped = false;
        cluster.loop.after(0, () => {
          if (stopped) return;
          stopped = true;
          handler({
            type: "ERROR",
            object: {
              kind: "Status",
              apiVersion: "v1",
              status: "Failure",
              reason: "Expired",
              message: `too old resource version: ${rv}`,
              code: 410,
            },
          });
        });
        return {
          stop: () => {
            stopped = true;
          },
          get stopped() {
            return stopped;
          },
        };
      }
      return conn.watch(kind, options, handler as never);
    },
    list: (kind) => conn.list(kind),
  };
}
