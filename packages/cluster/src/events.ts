/**
 * The cluster's Events (core/v1), read from the API server and put in the
 * order they happened: by the trace position of each Event's first record
 * (the event recorder traces every Event it writes, client-go
 * tools/record), which is exact within a millisecond where timestamps, in
 * whole seconds, are not. Events nobody traced (written by hand through the
 * API) follow, by time and name. Filterable by the object they are about.
 */
import type { ApiClient, KubeObject } from "@kubesim/api";
import type { Trace, TraceEntry } from "@kubesim/sim";
import type { Event } from "kubernetes-types/core/v1";

/** Which Events to keep: about which object (any of kind, name, namespace, uid), and which reason or type. */
export interface EventFilter {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly reason?: string;
  readonly type?: "Normal" | "Warning";
  /** source.component or reportingComponent: "deployment-controller", "kubelet", ... */
  readonly component?: string;
}

interface EventRecord {
  readonly namespace?: string;
  readonly name?: string;
}

/** Keeps the first trace position of each Event, from the trace as it is written. */
export class EventOrder {
  private readonly first = new Map<string, number>();

  constructor(trace: Trace) {
    trace.subscribe(this.onEntry);
  }

  private readonly onEntry = (entry: TraceEntry): void => {
    if (entry.type !== "event") return;
    const d = entry.data as EventRecord;
    const key = `${d.namespace ?? ""}/${d.name ?? ""}`;
    if (!this.first.has(key)) this.first.set(key, entry.seq);
  };

  /** Events matching `about` (an object, or a filter), in the order they first happened. */
  list(client: ApiClient, about?: KubeObject | EventFilter): Event[] {
    const filter = toFilter(about);
    const items = client.list("Event").items.filter((e) => matches(e, filter));
    const pos = (e: Event): number =>
      this.first.get(`${e.metadata?.namespace ?? ""}/${e.metadata?.name ?? ""}`) ??
      Number.POSITIVE_INFINITY;
    const time = (e: Event): string =>
      e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? "";
    return [...items].sort((a, b) => {
      const d = pos(a) - pos(b);
      if (d !== 0 && !Number.isNaN(d)) return d;
      const ta = time(a);
      const tb = time(b);
      if (ta !== tb) return ta < tb ? -1 : 1;
      const na = a.metadata?.name ?? "";
      const nb = b.metadata?.name ?? "";
      return na < nb ? -1 : na > nb ? 1 : 0;
    });
  }
}

function toFilter(about: KubeObject | EventFilter | undefined): EventFilter {
  if (about === undefined) return {};
  if (!("metadata" in about)) return about as EventFilter;
  const m = about.metadata ?? {};
  return {
    ...(about.kind === undefined ? {} : { kind: about.kind }),
    ...(m.name === undefined ? {} : { name: m.name }),
    ...(m.namespace === undefined ? {} : { namespace: m.namespace }),
    ...(m.uid === undefined ? {} : { uid: m.uid }),
  };
}

function matches(e: Event, f: EventFilter): boolean {
  const o = e.involvedObject;
  if (f.kind !== undefined && o.kind !== f.kind) return false;
  if (f.name !== undefined && o.name !== f.name) return false;
  if (f.namespace !== undefined && (o.namespace ?? "") !== f.namespace) return false;
  // The kubelet's events about its Node carry the node's name as uid (kubelet.go nodeRef).
  if (f.uid !== undefined && o.uid !== f.uid && !(o.kind === "Node" && o.uid === o.name))
    return false;
  if (f.reason !== undefined && e.reason !== f.reason) return false;
  if (f.type !== undefined && e.type !== f.type) return false;
  if (
    f.component !== undefined &&
    e.source?.component !== f.component &&
    e.reportingComponent !== f.component
  )
    return false;
  return true;
}
