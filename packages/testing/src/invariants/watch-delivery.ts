/**
 * No lost or duplicated watch events: every change the store commits reaches
 * a watch exactly once, in resourceVersion order, with nothing skipped and
 * nothing repeated; a watch resumed from the last resourceVersion it saw
 * neither repeats nor skips. These are the watch cache's guarantees
 * (k8s.io/apiserver/pkg/storage/cacher: a watch from R gets every event after
 * R, in order) that a reflector relies on when it resumes
 * (k8s.io/client-go/tools/cache/reflector.go watchList / watch with
 * resourceVersion = lastSyncResourceVersion).
 *
 * The monitor watches like a client: through its own connection to the API
 * server (`cluster.connections.connect("watch-delivery-monitor")`), so faults
 * act on it as on any process. When a watch ends (the server drops every
 * watch: 410; a lost connection: 500) it resumes from the last
 * resourceVersion it saw; when that is too old (410 at once) it relists, as a
 * reflector does, and the changes the list covers are no longer owed.
 *
 * The store's change history is the trace: the API server records every
 * committed write (verb, kind, namespace, name, resourceVersion) in commit
 * order. Each delivered event is matched against it:
 *
 * - a resourceVersion delivered before: "delivered twice";
 * - a resourceVersion lower than the last one: "out of order";
 * - changes committed before the delivered one and not delivered: "lost";
 * - an event whose type or object differs from the change: "differs";
 * - a change still undelivered longer after its commit than delivery can
 *   take (twice the largest watch delay seen, latency plus jitter: in
 *   flight, then replayed after a resume): "lost", found by `check()`.
 */
import type {
  ApiConnection,
  Cluster,
  KindName,
  KubeObject,
  TraceEntry,
  WatchEvent,
  WatchHandle,
  WriteRecord,
} from "kubesim";
import type { Violation } from "./violation.js";

/** What the monitor watches (and relists) through: a connection, or a wrapper of one. */
export interface WatchClient {
  watch(
    kind: KindName,
    options: { readonly resourceVersion?: string },
    handler: (event: WatchEvent<KubeObject>) => void,
  ): WatchHandle;
  list(kind: KindName): { readonly metadata?: { readonly resourceVersion?: string } };
}

export interface WatchDeliveryOptions {
  /** Kinds to watch (default Deployment, ReplicaSet, Pod). */
  readonly kinds?: readonly KindName[];
  /** Default: a new connection of the cluster's, "watch-delivery-monitor". */
  readonly client?: WatchClient;
}

type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

/** One committed change, from the trace. */
interface Change {
  readonly rv: number;
  readonly type: ChangeType;
  /** namespace/name, or name. */
  readonly key: string;
  /** Virtual time of the commit. */
  readonly t: number;
}

const TYPE_OF: Record<WriteRecord["verb"], ChangeType> = {
  create: "ADDED",
  update: "MODIFIED",
  delete: "DELETED",
};

function keyOf(namespace: string | undefined, name: string | undefined): string {
  return namespace === undefined || namespace === "" ? (name ?? "") : `${namespace}/${name ?? ""}`;
}

function describe(c: Change): string {
  return `${c.type} ${c.key} at resourceVersion ${c.rv}`;
}

/** The most a watch event may be delayed now: the latency plus the jitter. */
function mostDelay(cluster: Cluster): number {
  return cluster.connections.watchLatency + cluster.connections.watchJitter;
}

/** One kind's watch and what it still owes. */
class KindMonitor {
  /** Committed changes not yet delivered, oldest first (from `head`). */
  private readonly owed: Change[] = [];
  private head = 0;
  /** Changes reported lost by `check()` (from `head`). */
  private reported = 0;
  private readonly delivered = new Set<number>();
  private lastRv: number;
  private handle: WatchHandle | undefined;
  /** The current watch has delivered nothing yet (a 410 now means: relist). */
  private fresh = true;
  /** The watch could not be reopened (the connection is down): retried by `check()`. */
  private broken = false;

  constructor(
    private readonly owner: WatchDeliveryMonitor,
    readonly kind: KindName,
    startRv: number,
  ) {
    this.lastRv = startRv;
    this.open();
  }

  committed(c: Change): void {
    this.owed.push(c);
  }

  private open(): void {
    this.fresh = true;
    try {
      this.handle = this.owner.client.watch(
        this.kind,
        { resourceVersion: String(this.lastRv) },
        this.receive,
      );
      this.broken = false;
    } catch {
      this.handle = undefined;
      this.broken = true;
    }
  }

  private readonly receive = (e: WatchEvent<KubeObject>): void => {
    if (this.owner.stopped) return;
    if (e.type === "BOOKMARK") return;
    if (e.type === "ERROR") {
      this.handle?.stop();
      if (e.object.code === 410 && this.fresh) this.relist();
      else {
        this.owner.resumes++;
        this.open();
      }
      return;
    }
    this.fresh = false;
    this.owner.events++;
    const meta = e.object.metadata;
    const rv = Number(meta?.resourceVersion ?? "NaN");
    const got: Change = {
      rv,
      type: e.type as ChangeType,
      key: keyOf(meta?.namespace, meta?.name),
      t: this.owner.cluster.now(),
    };
    if (this.delivered.has(rv))
      return this.owner.violate(`${this.kind} watch: ${describe(got)} delivered twice`);
    if (!(rv > this.lastRv))
      return this.owner.violate(
        `${this.kind} watch: ${describe(got)} out of order, after resourceVersion ${this.lastRv}`,
      );
    let k = this.head;
    while (k < this.owed.length && this.owed[k]!.rv < rv) k++;
    const want = this.owed[k];
    if (want === undefined || want.rv !== rv)
      return this.owner.violate(`${this.kind} watch: ${describe(got)} is no committed change`);
    if (k > this.reported) {
      const lost = this.owed.slice(Math.max(this.head, this.reported), k);
      this.owner.violate(
        `${this.kind} watch: ${lost.length} change(s) lost before ${describe(got)}: ${lost
          .slice(0, 3)
          .map(describe)
          .join("; ")}${lost.length > 3 ? "; ..." : ""}`,
      );
    }
    if (want.type !== got.type || want.key !== got.key)
      this.owner.violate(
        `${this.kind} watch: ${describe(got)} differs from the change, ${describe(want)}`,
      );
    this.delivered.add(rv);
    this.lastRv = rv;
    this.head = k + 1;
    this.reported = Math.max(this.reported, this.head);
    this.compact();
  };

  /** The resume was too old: list, as a reflector does; what the list covers is no longer owed. */
  private relist(): void {
    this.owner.relists++;
    let rv: number;
    try {
      rv = Number(this.owner.client.list(this.kind).metadata?.resourceVersion ?? "NaN");
    } catch {
      this.handle = undefined;
      this.broken = true;
      return;
    }
    if (Number.isFinite(rv)) {
      while (this.head < this.owed.length && this.owed[this.head]!.rv <= rv) this.head++;
      this.reported = Math.max(this.reported, this.head);
      this.lastRv = Math.max(this.lastRv, rv);
    }
    this.compact();
    this.open();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.owed.length) {
      this.owed.splice(0, this.head);
      this.reported -= this.head;
      this.head = 0;
    }
  }

  /** Reopens a broken watch; reports changes overdue by more than `grace` ms. */
  check(now: number, grace: number): void {
    if (this.broken) this.open();
    if (this.broken) return;
    let k = Math.max(this.head, this.reported);
    const from = k;
    while (k < this.owed.length && this.owed[k]!.t + grace < now) k++;
    if (k === from) return;
    const lost = this.owed.slice(from, k);
    this.reported = k;
    this.owner.violate(
      `${this.kind} watch: ${lost.length} change(s) never delivered: ${lost
        .slice(0, 3)
        .map((c) => `${describe(c)} (committed ${now - c.t}ms ago)`)
        .join("; ")}${lost.length > 3 ? "; ..." : ""}`,
    );
  }

  /** Changes committed and not delivered (nor reported lost). */
  get pending(): number {
    return this.owed.length - Math.max(this.head, this.reported);
  }

  stop(): void {
    this.handle?.stop();
  }
}

export class WatchDeliveryMonitor {
  readonly violations: Violation[] = [];
  /** Events delivered, over every watched kind. */
  events = 0;
  /** Watches resumed from their last resourceVersion after they ended. */
  resumes = 0;
  /** Relists after a resume was too old. */
  relists = 0;
  readonly client: WatchClient;
  private readonly connection: ApiConnection | undefined;
  private readonly kinds = new Map<string, KindMonitor>();
  private readonly unsubscribe: () => void;
  private maxLatency = 0;
  private done = false;

  constructor(
    readonly cluster: Cluster,
    options: WatchDeliveryOptions = {},
  ) {
    this.connection =
      options.client === undefined
        ? cluster.connections.connect("watch-delivery-monitor")
        : undefined;
    this.client = options.client ?? this.connection!;
    this.maxLatency = mostDelay(cluster);
    this.unsubscribe = cluster.trace.subscribe(this.onTrace);
    const start = Number(cluster.apiserver.resourceVersion);
    for (const kind of options.kinds ?? ["Deployment", "ReplicaSet", "Pod"])
      this.kinds.set(kind, new KindMonitor(this, kind, start));
  }

  get stopped(): boolean {
    return this.done;
  }

  /** Changes committed and not yet delivered, over every watched kind. */
  get pending(): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.pending;
    return n;
  }

  private readonly onTrace = (e: TraceEntry): void => {
    if (e.type === "fault") {
      const { latencyMs, jitterMs } = e.data as { latencyMs?: number; jitterMs?: number };
      if (latencyMs !== undefined)
        this.maxLatency = Math.max(this.maxLatency, latencyMs + (jitterMs ?? 0));
      return;
    }
    if (e.type !== "write") return;
    const w = e.data as WriteRecord;
    const m = this.kinds.get(w.kind);
    if (m === undefined) return;
    m.committed({
      rv: Number(w.resourceVersion),
      type: TYPE_OF[w.verb],
      key: keyOf(w.namespace, w.name),
      t: e.t,
    });
  };

  /** @internal */
  violate(message: string): void {
    this.violations.push({ invariant: "watchDelivery", message, at: this.cluster.now() });
  }

  /**
   * Reopens watches that could not be reopened, and reports changes that
   * should have arrived by now. Call it between loop tasks (watchInvariants does).
   */
  check(): void {
    if (this.done) return;
    this.maxLatency = Math.max(this.maxLatency, mostDelay(this.cluster));
    const now = this.cluster.now();
    for (const k of this.kinds.values()) k.check(now, 2 * this.maxLatency);
  }

  stop(): void {
    if (this.done) return;
    this.done = true;
    this.unsubscribe();
    for (const k of this.kinds.values()) k.stop();
    this.connection?.close();
  }
}
