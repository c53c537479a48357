/**
 * The invariants over a recorded trace, offline: the objects' states are
 * rebuilt from the trace's writes (each write entry carries the object it
 * left, with `Cluster.create({ traceObjects: true })`), the nodes' from its
 * faults (stopNode / startNode, partitionNode / healPartition), and the
 * checks of watchInvariants run at the same points as there: after every loop
 * task that recorded something (entries carry their task), and after each run
 * of entries recorded between tasks (an `apply`).
 *
 *   const c = Cluster.create({ traceObjects: true });
 *   ... run it ...
 *   expect(checkTrace(c.trace, { deployment: "web" }).violations).toEqual([]);
 *
 * Checked: the rolling-update bounds (disruptions are the trace's faults, as
 * watchInvariants takes them), one ReplicaSet per template hash, generations,
 * and writes in increasing resourceVersion. Watch delivery is not (the trace
 * records commits, not what each watch delivered), nor ReplicaSetPodsBound
 * (it reads a running cluster).
 */
import type { KindName, KindTypes, KubeObject, Trace, TraceEntry, WriteRecord } from "kubesim";
import { getDeployment } from "./owned.js";
import { RolloutBounds } from "./rolling-update-bounds.js";
import { checkGenerations, checkOneReplicaSetPerHash } from "./structure.js";
import type { ObjectView } from "./view.js";
import type { Violation } from "./violation.js";
import { isDisruption } from "./watch.js";

export interface CheckTraceOptions {
  /** The Deployment to check (default "web"). */
  readonly deployment?: string;
  readonly namespace?: string;
  /** Stop at the first point with a violation (default true, as watchInvariants). */
  readonly stopAtFirst?: boolean;
}

export interface TraceCheckResult {
  readonly violations: readonly Violation[];
  /** Points checked (loop tasks, and runs of entries between tasks). */
  readonly checks: number;
  /** Entries replayed (all of them unless stopped at a violation). */
  readonly entries: number;
}

interface Stored {
  readonly namespace: string | undefined;
  readonly object: KubeObject;
}

/** The cluster's objects and nodes as of a point of a trace, moved forward entry by entry. */
export class TraceView implements ObjectView {
  private readonly kinds = new Map<string, Map<string, Stored>>();
  private readonly sorted = new Map<string, string[]>();
  private readonly stopped = new Set<string>();
  private readonly partitioned = new Set<string>();
  private time = 0;
  private lastRv = 0;
  /** Writes out of resourceVersion order, as found by `apply`. */
  readonly rvViolations: Violation[] = [];

  now(): number {
    return this.time;
  }

  get<K extends KindName>(kind: K, namespace: string, name: string): KindTypes[K] | undefined {
    const m = this.kinds.get(kind);
    return (m?.get(`${namespace}/${name}`) ?? m?.get(name))?.object as KindTypes[K] | undefined;
  }

  list<K extends KindName>(kind: K, namespace?: string): readonly KindTypes[K][] {
    const m = this.kinds.get(kind);
    if (m === undefined) return [];
    let keys = this.sorted.get(kind);
    if (keys === undefined) this.sorted.set(kind, (keys = [...m.keys()].sort()));
    const out: KindTypes[K][] = [];
    for (const k of keys) {
      const s = m.get(k)!;
      if (namespace === undefined || s.namespace === namespace) out.push(s.object as KindTypes[K]);
    }
    return out;
  }

  nodesUp(): boolean {
    return this.stopped.size === 0 && this.partitioned.size === 0;
  }

  /** Moves the view past one entry. Throws when a write carries no object. */
  apply(e: TraceEntry): void {
    this.time = e.t;
    if (e.type === "fault") {
      const f = e.data as { fault?: string; node?: string };
      const node = f.node ?? "";
      if (f.fault === "stopNode") this.stopped.add(node);
      else if (f.fault === "startNode") this.stopped.delete(node);
      else if (f.fault === "partitionNode") this.partitioned.add(node);
      else if (f.fault === "healPartition") this.partitioned.delete(node);
      return;
    }
    if (e.type !== "write") return;
    const w = e.data as WriteRecord;
    const rv = Number(w.resourceVersion);
    if (!(rv > this.lastRv))
      this.rvViolations.push({
        invariant: "resourceVersion",
        message: `${w.kind} write: ${w.verb} ${w.name} at resourceVersion ${w.resourceVersion} after ${this.lastRv}`,
        at: e.t,
      });
    this.lastRv = Math.max(this.lastRv, Number.isFinite(rv) ? rv : this.lastRv);
    const key = w.namespace === undefined ? w.name : `${w.namespace}/${w.name}`;
    let m = this.kinds.get(w.kind);
    if (m === undefined) this.kinds.set(w.kind, (m = new Map()));
    if (w.verb === "delete") {
      m.delete(key);
      this.sorted.delete(w.kind);
      return;
    }
    if (e.detail === undefined)
      throw new Error(
        `trace entry ${e.seq} (${w.verb} ${w.kind} ${key}) carries no object: record the trace with Cluster.create({ traceObjects: true })`,
      );
    if (!m.has(key)) this.sorted.delete(w.kind);
    m.set(key, { namespace: w.namespace, object: e.detail as KubeObject });
  }
}

/**
 * Replays a recorded trace (a cluster's `trace`, or its entries) and checks
 * watchInvariants' invariants at every point where watchInvariants would.
 */
export function checkTrace(
  trace: Trace | readonly TraceEntry[],
  options: CheckTraceOptions = {},
): TraceCheckResult {
  const entries = Array.isArray(trace)
    ? (trace as readonly TraceEntry[])
    : (trace as Trace).entries();
  const ref = { name: options.deployment ?? "web", namespace: options.namespace ?? "default" };
  const stopAtFirst = options.stopAtFirst ?? true;
  const view = new TraceView();
  const bounds = new RolloutBounds(view, ref);
  const violations: Violation[] = [];
  let checks = 0;
  const check = (): boolean => {
    checks++;
    violations.push(...view.rvViolations.splice(0));
    const d = getDeployment(view, ref);
    if (d !== undefined)
      violations.push(
        ...bounds.check(),
        ...checkOneReplicaSetPerHash(view, d),
        ...checkGenerations(view, d),
      );
    return stopAtFirst && violations.length > 0;
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    view.apply(e);
    if (isDisruption(e)) bounds.disrupted();
    if (e.type === "fault") bounds.fault(e.data, e.t);
    const next = entries[i + 1];
    if ((next === undefined || next.task !== e.task) && check())
      return { violations, checks, entries: i + 1 };
  }
  return { violations, checks, entries: entries.length };
}
