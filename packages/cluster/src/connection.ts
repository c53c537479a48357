/**
 * Each process's connection to kube-apiserver: an `ApiClient` that hands
 * every call to the API server while the link is up, and the place where
 * network and server faults act, as they would on the wire between a
 * process and kube-apiserver (client-go's rest client over one HTTP/2
 * connection, k8s.io/client-go/rest and k8s.io/apimachinery/pkg/util/net).
 *
 * - Up, with no added latency, a connection is invisible: a watch event is
 *   handed to the process inside the API server's own delivery task, so a
 *   cluster behaves exactly as if each process held the API server itself.
 * - Partitioned: every request fails at once with a timeout, and open watches
 *   go quiet (their events are held, as TCP holds unacknowledged data). When
 *   the link heals in time, the held events arrive, in order. When it does
 *   not, the client declares the connection lost after HTTP/2's health check
 *   (ReadIdleTimeout 30 s, then PingTimeout 15 s): each watch ends with the
 *   decode error client-go reports, the reflector backs off and relists, and
 *   its lists fail until the link heals.
 * - Watches dropped by the server (kube-apiserver restarting its watch
 *   cache): events already in flight arrive, then each watch ends with
 *   410 "too old resource version", so every informer relists.
 * - Slow server: watch events reach the process `latency` later than the
 *   server sent them, plus up to `jitter` more drawn for each event from the
 *   seeded random stream. Each watch is a FIFO (an event never overtakes an
 *   earlier one of the same watch, as client-go's watch streams guarantee),
 *   but every watch draws its own delays: the watches of different resources
 *   run apart, as separate HTTP/2 streams fed by separate watch caches do.
 *   A controller may hear of its own ReplicaSet's update before the pods it
 *   created just before (the race its expectations guard against).
 * - Closed: the process is gone; nothing more reaches it and its calls fail.
 *
 * Requests are synchronous (the API server is in memory), so latency applies
 * to watch delivery only, and a request on a partitioned link fails at once
 * where a real one would wait out its timeout first.
 */
import {
  ApiError,
  kindInfo,
  resourceExpired,
  type ApiClient,
  type DeleteOptions,
  type DeleteResult,
  type KindName,
  type KindTypes,
  type ListOptions,
  type ObjectList,
  type PatchOptions,
  type PatchType,
  type UpdateOptions,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
  type WriteOptions,
} from "@kubesim/api";
import { Rng, type Loop, type Millis, type TaskHandle } from "@kubesim/sim";
import type { Scale } from "kubernetes-types/autoscaling/v1";
import type { Binding } from "kubernetes-types/core/v1";
import type { Status } from "kubernetes-types/meta/v1";
import type { Eviction } from "kubernetes-types/policy/v1";

/**
 * How long a silent HTTP/2 connection lasts before client-go declares it
 * lost: ReadIdleTimeout (30 s) then PingTimeout (15 s), the defaults of
 * k8s.io/apimachinery/pkg/util/net/http.go (readIdleTimeoutSeconds,
 * pingTimeoutSeconds).
 */
export const CONNECTION_LOST_AFTER: Millis = 45_000;

/** The API server as the connections reach it. */
export interface ApiEndpoint {
  readonly client: ApiClient;
  readonly loop: Loop;
  /** host:port of kube-apiserver, for error messages ("172.18.0.1:6443"). */
  readonly address: string;
  /** The latest committed revision, for 410 messages. */
  resourceVersion(): string;
  /** Where the watch events' jitter comes from (default: a random stream of seed 1). */
  readonly rng?: Rng;
}

type ConnectionState = "up" | "partitioned" | "closed";

/** Every connection to one API server: the switchboard faults act on. */
export class ApiConnections {
  private readonly open = new Set<ApiConnection>();
  private latency: Millis = 0;
  private jitter: Millis = 0;
  private rng: Rng | undefined;

  constructor(readonly endpoint: ApiEndpoint) {}

  /** A new connection for a process ("kube-controller-manager", "kubelet/node-1"). */
  connect(process: string): ApiConnection {
    const c = new ApiConnection(process, this);
    this.open.add(c);
    return c;
  }

  /** Delay added to every watch event on its way to its process (0: none). */
  get watchLatency(): Millis {
    return this.latency;
  }

  set watchLatency(latency: Millis) {
    this.latency = Math.max(0, latency);
  }

  /** Most extra delay, drawn for each watch event on top of watchLatency (0: none). */
  get watchJitter(): Millis {
    return this.jitter;
  }

  set watchJitter(jitter: Millis) {
    this.jitter = Math.max(0, Math.floor(jitter));
  }

  /** @internal the delay of one watch event: the latency plus its share of the jitter. */
  eventDelay(): Millis {
    if (this.jitter === 0) return this.latency;
    return this.latency + this.jitterRng().int(this.jitter + 1);
  }

  private jitterRng(): Rng {
    this.rng ??= this.endpoint.rng ?? new Rng(1).stream("watch-jitter");
    return this.rng;
  }

  /** Open watches over every connection. */
  get watchCount(): number {
    let n = 0;
    for (const c of this.open) n += c.watchCount;
    return n;
  }

  /**
   * The server ends every watch (its watch cache restarts): each watch gets
   * what was already sent, then 410 Expired. Returns how many watches ended.
   */
  dropWatches(): number {
    let n = 0;
    for (const c of this.open) n += c.dropWatches();
    return n;
  }

  /** @internal a connection closed for good. */
  forget(c: ApiConnection): void {
    this.open.delete(c);
  }
}

/** The status a watch ends with when the client finds its connection lost (client-go's streamwatcher). */
function connectionLostStatus(kind: string): Status {
  const err = "unable to decode an event from the watch stream: http2: client connection lost";
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `an error on the server ("${err}") has prevented the request from succeeding (get ${kindInfo(kind)?.plural ?? kind})`,
    reason: "InternalError",
    details: { causes: [{ reason: "ClientWatchDecoding", message: err }] },
    code: 500,
  };
}

/** One process's connection to kube-apiserver. */
export class ApiConnection implements ApiClient {
  private state: ConnectionState = "up";
  private lostTimer: TaskHandle | undefined;
  private readonly watches = new Set<ConnectionWatch>();

  constructor(
    /** Who holds the connection: "kube-scheduler", "kubelet/node-1", ... */
    readonly process: string,
    private readonly hub: ApiConnections,
  ) {}

  get partitioned(): boolean {
    return this.state === "partitioned";
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  get watchCount(): number {
    return this.watches.size;
  }

  /** @internal */
  get loop(): Loop {
    return this.hub.endpoint.loop;
  }

  /** @internal true when watch events may be delayed (latency or jitter). */
  get slow(): boolean {
    return this.hub.watchLatency > 0 || this.hub.watchJitter > 0;
  }

  /** @internal the delay of the next watch event. */
  eventDelay(): Millis {
    return this.hub.eventDelay();
  }

  /** @internal */
  get up(): boolean {
    return this.state === "up";
  }

  /** The link goes down: requests fail, watches go quiet and are declared lost after CONNECTION_LOST_AFTER. */
  partition(): void {
    if (this.state !== "up") return;
    this.state = "partitioned";
    this.lostTimer = this.loop.after(
      CONNECTION_LOST_AFTER,
      () => {
        this.lostTimer = undefined;
        for (const w of [...this.watches]) w.lose(connectionLostStatus(w.kind));
      },
      `connection/${this.process}/lost`,
    );
  }

  /** The link is back: held watch events arrive; requests succeed again. */
  heal(): void {
    if (this.state !== "partitioned") return;
    this.state = "up";
    if (this.lostTimer !== undefined) this.loop.cancel(this.lostTimer);
    this.lostTimer = undefined;
    for (const w of this.watches) w.resume();
  }

  /** The process is gone: its watches stop without a word and its requests fail. */
  close(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    if (this.lostTimer !== undefined) this.loop.cancel(this.lostTimer);
    this.lostTimer = undefined;
    for (const w of [...this.watches]) w.stop();
    this.hub.forget(this);
  }

  /** @internal see ApiConnections.dropWatches */
  dropWatches(): number {
    const all = [...this.watches];
    const current = this.hub.endpoint.resourceVersion();
    for (const w of all) {
      w.endAfterInFlight(
        resourceExpired(`too old resource version: ${w.resourceVersion} (${current})`).status,
      );
    }
    return all.length;
  }

  /** @internal */
  removeWatch(w: ConnectionWatch): void {
    this.watches.delete(w);
  }

  /** Throws, as the client would report it, unless the link is up. */
  private check(
    method: string,
    kind: string,
    namespace?: string,
    name?: string,
    sub?: string,
  ): ApiClient {
    if (this.state === "up") return this.hub.endpoint.client;
    const address = this.hub.endpoint.address;
    const url = `https://${address}${requestPath(kind, namespace, name, sub)}`;
    const cause =
      this.state === "closed"
        ? `write tcp: use of closed network connection`
        : `dial tcp ${address}: i/o timeout`;
    throw new ApiError("Timeout", `${method} "${url}": ${cause}`);
  }

  /**
   * The write options with the process's User-Agent, as client-go sends one
   * on every request (`kube-controller-manager/…`, `kubelet/…`): the API
   * server names the manager of a write from its first token when the
   * request gives no fieldManager.
   */
  private agent<O extends WriteOptions>(options: O | undefined): O {
    if (options?.userAgent !== undefined) return options;
    return { ...options, userAgent: this.process } as O;
  }

  create<K extends KindName>(kind: K, obj: KindTypes[K], options?: WriteOptions): KindTypes[K] {
    return this.check("Post", kind, obj.metadata?.namespace).create(kind, obj, this.agent(options));
  }

  get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindTypes[K] {
    return this.check("Get", kind, namespace, name).get(kind, namespace, name);
  }

  list<K extends KindName>(kind: K, options?: ListOptions): ObjectList<KindTypes[K]> {
    return this.check("Get", kind, options?.namespace).list(kind, options);
  }

  update<K extends KindName>(kind: K, obj: KindTypes[K], options?: UpdateOptions): KindTypes[K] {
    const m = obj.metadata;
    return this.check("Put", kind, m?.namespace, m?.name, options?.subresource).update(
      kind,
      obj,
      this.agent(options),
    );
  }

  patch<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): KindTypes[K] {
    return this.check("Patch", kind, namespace, name, options?.subresource).patch(
      kind,
      namespace,
      name,
      type,
      patch,
      this.agent(options),
    );
  }

  delete<K extends KindName>(
    kind: K,
    namespace: string | undefined,
    name: string,
    options?: DeleteOptions,
  ): DeleteResult<KindTypes[K]> {
    return this.check("Delete", kind, namespace, name).delete(kind, namespace, name, options);
  }

  deleteCollection<K extends KindName>(
    kind: K,
    options?: ListOptions & DeleteOptions,
  ): ObjectList<KindTypes[K]> {
    return this.check("Delete", kind, options?.namespace).deleteCollection(kind, options);
  }

  watch<K extends KindName>(
    kind: K,
    options: WatchOptions,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle {
    const client = this.check("Get", kind, options.namespace);
    const w = new ConnectionWatch(
      this,
      kind,
      options.resourceVersion ?? "0",
      handler as (event: WatchEvent<unknown>) => void,
    );
    w.open(client.watch(kind, options, w.receive));
    this.watches.add(w);
    return w;
  }

  getScale(kind: "Deployment" | "ReplicaSet", namespace: string, name: string): Scale {
    return this.check("Get", kind, namespace, name, "scale").getScale(kind, namespace, name);
  }

  updateScale(
    kind: "Deployment" | "ReplicaSet",
    namespace: string,
    name: string,
    scale: Scale,
    options?: WriteOptions,
  ): Scale {
    return this.check("Put", kind, namespace, name, "scale").updateScale(
      kind,
      namespace,
      name,
      scale,
      this.agent(options),
    );
  }

  bind(namespace: string, binding: Binding, options?: WriteOptions): void {
    this.check("Post", "Pod", namespace, binding.metadata?.name, "binding").bind(
      namespace,
      binding,
      options,
    );
  }

  evict(namespace: string, eviction: Eviction, options?: WriteOptions): void {
    this.check("Post", "Pod", namespace, eviction.metadata?.name, "eviction").evict(
      namespace,
      eviction,
      this.agent(options),
    );
  }
}

interface InFlight {
  readonly at: Millis;
  readonly event: WatchEvent<unknown>;
}

/**
 * One watch as its process receives it: straight through while the link is
 * up and fast; otherwise through a FIFO of events in flight.
 */
class ConnectionWatch implements WatchHandle {
  private server: WatchHandle | undefined;
  private readonly queue: InFlight[] = [];
  private head = 0;
  private task: TaskHandle | undefined;
  private done = false;
  /** The watch ends after its queue is delivered (the server closed it). */
  private ending = false;
  /** The resourceVersion the process has seen up to (for 410 messages). */
  resourceVersion: string;

  constructor(
    private readonly conn: ApiConnection,
    readonly kind: string,
    startVersion: string,
    private readonly handler: (event: WatchEvent<unknown>) => void,
  ) {
    this.resourceVersion = startVersion;
  }

  get stopped(): boolean {
    return this.done;
  }

  open(server: WatchHandle): void {
    this.server = server;
  }

  /** An event from the API server. */
  readonly receive = (event: WatchEvent<unknown>): void => {
    if (this.done || this.ending) return;
    if (this.conn.up && !this.conn.slow && this.head >= this.queue.length) {
      this.deliver(event);
      return;
    }
    this.enqueue(event, this.conn.loop.now() + this.conn.eventDelay());
  };

  stop(): void {
    if (this.done) return;
    this.done = true;
    this.server?.stop();
    if (this.task !== undefined) this.conn.loop.cancel(this.task);
    this.task = undefined;
    this.queue.length = 0;
    this.head = 0;
    this.conn.removeWatch(this);
  }

  /** The link is up again: deliver what was held. */
  resume(): void {
    this.schedule();
  }

  /** The server closes the watch: in-flight events arrive, then `status` as an ERROR event. */
  endAfterInFlight(status: Status): void {
    if (this.done || this.ending) return;
    this.server?.stop();
    this.enqueue({ type: "ERROR", object: status }, this.conn.loop.now());
    this.ending = true;
  }

  /** The client finds the connection lost: what was held is gone; the watch ends with `status`. */
  lose(status: Status): void {
    if (this.done) return;
    this.server?.stop();
    this.queue.length = 0;
    this.head = 0;
    if (this.task !== undefined) this.conn.loop.cancel(this.task);
    this.task = undefined;
    this.ending = true;
    this.queue.push({ at: this.conn.loop.now(), event: { type: "ERROR", object: status } });
    // The client side notices, whatever the link: deliver even while partitioned.
    this.task = this.conn.loop.after(0, this.flushAll, `connection/${this.conn.process}/watch`);
  }

  private deliver(event: WatchEvent<unknown>): void {
    if (event.type !== "ERROR") {
      const rv = (event.object as { metadata?: { resourceVersion?: string } }).metadata
        ?.resourceVersion;
      if (rv !== undefined) this.resourceVersion = rv;
    }
    this.handler(event);
  }

  private enqueue(event: WatchEvent<unknown>, at: Millis): void {
    const last = this.queue[this.queue.length - 1];
    const due = last !== undefined && this.head < this.queue.length ? Math.max(at, last.at) : at;
    this.queue.push({ at: due, event });
    this.schedule();
  }

  private schedule(): void {
    if (this.done || this.task !== undefined || !this.conn.up) return;
    const next = this.queue[this.head];
    if (next === undefined) return;
    this.task = this.conn.loop.at(next.at, this.flush, `connection/${this.conn.process}/watch`);
  }

  /** Delivers every due event (while the link is up). */
  private readonly flush = (): void => {
    this.task = undefined;
    this.drain(false);
  };

  /** Delivers the closing ERROR of a lost connection. */
  private readonly flushAll = (): void => {
    this.task = undefined;
    this.drain(true);
  };

  private drain(force: boolean): void {
    const now = this.conn.loop.now();
    const end = this.queue.length;
    while (!this.done && this.head < end && (force || this.conn.up)) {
      const item = this.queue[this.head]!;
      if (item.at > now) break;
      this.head++;
      this.deliver(item.event);
    }
    if (this.done) return;
    if (this.ending && this.head >= this.queue.length) {
      this.stop();
      return;
    }
    if (this.head >= this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    this.schedule();
  }
}

/** The request's path, as client-go builds it: /api/v1/namespaces/default/pods/web-1/status. */
export function requestPath(
  kind: string,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const info = kindInfo(kind);
  if (info === undefined) return `/${kind}`;
  const root = info.group === "" ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const ns =
    info.namespaced && namespace !== undefined && namespace !== ""
      ? `/namespaces/${namespace}`
      : "";
  const obj = name === undefined || name === "" ? "" : `/${name}`;
  const sub = subresource === undefined || obj === "" ? "" : `/${subresource}`;
  return `${root}${ns}/${info.plural}${obj}${sub}`;
}
