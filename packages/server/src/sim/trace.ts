/**
 * The trace and the timeline over HTTP (GET /sim/v1/trace, /sim/v1/timeline).
 * The trace is the cluster's own record: every write to the API server,
 * every Event and every fault, stamped with virtual time, with the hash
 * that proves two runs alike (DESIGN.md, "Determinism"). The timeline
 * narrates it for people: each Event as it was written (repeats included,
 * as client-go's event correlator counts them) and each fault, in order,
 * with the time since the server started, the object and the component
 * that acted: the story `kubectl events` tells
 * (staging/src/k8s.io/kubectl/pkg/cmd/events), for the whole run.
 */
import { ApiError, fieldError } from "@kubesim/api";
import { formatDuration, rfc3339, type Millis } from "kubesim";
import { SIM_API_VERSION } from "./clock.js";
import type { SimContext } from "./context.js";
import { badField } from "./shapes.js";

function tailOf(query: URLSearchParams): number | undefined {
  const t = query.get("tail");
  if (t === null) return undefined;
  if (!/^\d+$/.test(t))
    throw badField(fieldError.invalid("tail", t, "must be a whole number >= 0"));
  return Number(t);
}

const last = <T>(items: readonly T[], n: number | undefined): readonly T[] =>
  n === undefined ? items : items.slice(Math.max(0, items.length - n));

const since = (ctx: SimContext, t: Millis) => formatDuration(t - ctx.start);

/** GET /sim/v1/trace?type=write|event|fault&tail=N */
export function traceList(ctx: SimContext, query: URLSearchParams): Record<string, unknown> {
  const type = query.get("type");
  const tail = tailOf(query);
  for (const key of query.keys())
    if (key !== "type" && key !== "tail")
      throw new ApiError("BadRequest", `unknown query parameter "${key}" (known: type, tail)`);
  const trace = ctx.cluster.trace;
  const entries = trace.entries().filter((e) => type === null || e.type === type);
  return {
    kind: "Trace",
    apiVersion: SIM_API_VERSION,
    startTime: rfc3339(ctx.start),
    length: trace.length,
    hash: trace.hash(),
    items: last(entries, tail).map((e) => ({
      time: rfc3339(e.t),
      elapsed: since(ctx, e.t),
      t: e.t,
      seq: e.seq,
      type: e.type,
      data: e.data,
    })),
  };
}

/** One line of the timeline. */
export interface TimelineItem {
  readonly time: string;
  /** Virtual time since the server started ("1m30s"). */
  readonly elapsed: string;
  /** Normal or Warning for an Event; Fault for a fault. */
  readonly type: string;
  /** The Event's reason, or the fault ("stopNode"). */
  readonly reason: string;
  /** kind/name (`Deployment/my-api`), or what the fault acted on. */
  readonly object: string;
  readonly namespace: string;
  /** The component that wrote the Event (source.component), when known. */
  readonly component: string;
  readonly message: string;
  readonly count: number;
}

interface EventData {
  namespace: string;
  name: string;
  involvedObject: string;
  type: string;
  reason: string;
  message: string;
  count: number;
}

const FAULT_OBJECT_KEYS = ["node", "pod", "process"] as const;

/** GET /sim/v1/timeline?namespace=NS&tail=N */
export function timeline(ctx: SimContext, query: URLSearchParams): Record<string, unknown> {
  const namespace = query.get("namespace");
  const tail = tailOf(query);
  for (const key of query.keys())
    if (key !== "namespace" && key !== "tail")
      throw new ApiError("BadRequest", `unknown query parameter "${key}" (known: namespace, tail)`);
  const components = new Map<string, string>();
  const componentOf = (ns: string, name: string): string => {
    const key = `${ns}/${name}`;
    let c = components.get(key);
    if (c === undefined) {
      try {
        c = ctx.cluster.get("Event", name, { namespace: ns }).source?.component ?? "";
      } catch {
        c = "";
      }
      components.set(key, c);
    }
    return c;
  };
  const items: TimelineItem[] = [];
  for (const e of ctx.cluster.trace.entries()) {
    const base = { time: rfc3339(e.t), elapsed: since(ctx, e.t) };
    if (e.type === "event") {
      const d = e.data as EventData;
      const [kind = "", objNs = "", ...name] = d.involvedObject.split("/");
      if (namespace !== null && objNs !== namespace) continue;
      items.push({
        ...base,
        type: d.type,
        reason: d.reason,
        object: `${kind}/${name.join("/")}`,
        namespace: objNs,
        component: componentOf(d.namespace, d.name),
        message: d.message,
        count: d.count,
      });
    } else if (e.type === "fault") {
      const { fault, ...rest } = e.data as Record<string, string | number | boolean>;
      const ns = typeof rest["namespace"] === "string" ? rest["namespace"] : "";
      if (namespace !== null && ns !== namespace) continue;
      const key = FAULT_OBJECT_KEYS.find((k) => rest[k] !== undefined);
      items.push({
        ...base,
        type: "Fault",
        reason: String(fault),
        object:
          key === undefined
            ? ""
            : `${key === "process" ? "Process" : key === "node" ? "Node" : "Pod"}/${String(rest[key])}`,
        namespace: ns,
        component: "kubesim",
        message: Object.entries(rest)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(" "),
        count: 1,
      });
    }
  }
  return {
    kind: "Timeline",
    apiVersion: SIM_API_VERSION,
    startTime: rfc3339(ctx.start),
    items: last(items, tail),
  };
}
