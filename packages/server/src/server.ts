/**
 * `kubesim serve`'s server: a simulated cluster behind a Kubernetes API
 * over HTTPS, paced in real time, that the real kubectl and client
 * libraries use as they would a small cluster. Like kube-apiserver with
 * `--secure-port`, `--tls-cert-file` and `--token-auth-file`
 * (cmd/kube-apiserver/app/server.go), minus everything a laptop sandbox
 * does not need.
 *
 *   const server = await KubesimServer.start({ port: 0, stateDir, speed: 0 });
 *   writeFileSync("kubeconfig", server.kubeconfig());
 *   // kubectl --kubeconfig kubeconfig get pods
 *   server.advance(30_000);   // 30 s of virtual time at once
 *   await server.close();
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { Cluster, type ClusterOptions } from "kubesim";
import { pino, type Logger } from "pino";
import { loadOrCreateTls, type TlsMaterial } from "./certs.js";
import { createHandler } from "./handler.js";
import { createUpgradeHandler } from "./upgrade.js";
import { MAX_REQUEST_BODY_BYTES } from "./http/body.js";
import { kubeconfigText } from "./kubeconfig.js";
import { RealTimePacer, systemWallClock, type WallClock } from "./pacer.js";
import {
  DEFAULT_WATCH_CHANNEL_SIZE,
  DEFAULT_WATCH_DISPATCH_TIMEOUT_MS,
} from "./rest/watch-buffer.js";
import { createSimHandler } from "./sim/routes.js";
import { defaultStateDir, loadOrCreateToken } from "./state.js";
import type { StreamContext } from "./stream/context.js";
import { DEFAULT_KUBE_VERSION, versionInfo, type VersionInfo } from "./version.js";

export interface ServeOptions {
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 6443; 0 picks a free one). */
  readonly port?: number;
  /** Virtual time per wall time (default 1; 0 starts paused). */
  readonly speed?: number;
  /** Plain http without authentication; refused on anything but loopback. */
  readonly insecureHttp?: boolean;
  /** Where the CA, serving certificate and token live (default ~/.kubesim). */
  readonly stateDir?: string;
  /** The Kubernetes version /version reports (default v1.31.0). */
  readonly kubeVersion?: string;
  /** The cluster to serve; made from `clusterOptions` when omitted. */
  readonly cluster?: Cluster;
  /** Options of the cluster made when none is given (its epoch defaults to wall time now). */
  readonly clusterOptions?: ClusterOptions;
  /** The request log (default silent). */
  readonly logger?: Logger;
  /** Wall time, for tests (default the machine's). */
  readonly wallClock?: WallClock;
  /** kube-apiserver's --max-requests-inflight (default 400). */
  readonly maxInFlight?: number;
  /** Largest request body (default 3 MiB). */
  readonly maxBodyBytes?: number;
  /** How often (wall ms) a followed log or an attach looks for new lines (default 100). */
  readonly followPollMs?: number;
  /**
   * Events each of a watcher's two buffers holds (the cacher's chanSize,
   * default 100): past both, the watcher is blocked (rest/watch-buffer.ts).
   */
  readonly watchChannelSize?: number;
  /**
   * How long a blocked watcher may go without taking one event before its
   * watch is closed (wall ms; default 100, the cacher's dispatch timeout).
   */
  readonly watchDispatchTimeoutMs?: number;
}

/** Thrown for an option the server refuses (an insecure non-loopback address, a bad speed). */
export class ServeError extends Error {
  readonly code = "ServeError" as const;
  constructor(message: string) {
    super(message);
    this.name = "ServeError";
  }
}

export function isServeError(e: unknown): e is ServeError {
  return e instanceof ServeError;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1" || host === "[::1]") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export class KubesimServer {
  readonly cluster: Cluster;
  readonly pacer: RealTimePacer;
  readonly host: string;
  /** The bearer token (undefined with insecureHttp). */
  readonly token: string | undefined;
  /** PEM of the CA (undefined with insecureHttp). */
  readonly caCert: string | undefined;
  readonly version: VersionInfo;
  readonly secure: boolean;
  private readonly http: HttpServer;
  private readonly sockets = new Set<Socket>();
  private closing: Promise<void> | undefined;

  private constructor(o: {
    cluster: Cluster;
    pacer: RealTimePacer;
    host: string;
    token: string | undefined;
    tls: TlsMaterial | undefined;
    version: VersionInfo;
    http: HttpServer;
  }) {
    this.cluster = o.cluster;
    this.pacer = o.pacer;
    this.host = o.host;
    this.token = o.token;
    this.caCert = o.tls?.caCert;
    this.version = o.version;
    this.secure = o.tls !== undefined;
    this.http = o.http;
    this.http.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  /** Starts the cluster, the pacer and the listener. */
  static async start(options: ServeOptions = {}): Promise<KubesimServer> {
    const host = options.host ?? "127.0.0.1";
    const insecure = options.insecureHttp === true;
    if (insecure && !isLoopback(host))
      throw new ServeError(
        `--insecure-http serves without authentication, so it is only allowed on a loopback address (127.0.0.1, ::1, localhost), not on ${host}`,
      );
    let version: VersionInfo;
    try {
      version = versionInfo(options.kubeVersion ?? DEFAULT_KUBE_VERSION);
    } catch (e) {
      throw new ServeError((e as Error).message);
    }
    const stateDir = options.stateDir ?? defaultStateDir();
    const wall = options.wallClock ?? systemWallClock;
    const wallNow = wall.epochMillis();
    const cluster =
      options.cluster ??
      Cluster.create({
        epoch: Math.floor(wallNow / 1000) * 1000,
        ...options.clusterOptions,
      });
    let pacer: RealTimePacer;
    try {
      pacer = new RealTimePacer(cluster.loop, { speed: options.speed ?? 1, wallClock: wall });
    } catch (e) {
      throw new ServeError((e as Error).message);
    }
    const token = insecure ? undefined : loadOrCreateToken(stateDir);
    const tls = insecure ? undefined : await loadOrCreateTls(stateDir, host, wallNow);
    const logger = options.logger ?? pino({ level: "silent" });
    const listening: { server?: KubesimServer } = {};
    const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
    const stream: StreamContext = {
      cluster,
      client: cluster.client,
      run: (fn) => pacer.run(fn),
      setWallTimer: (ms, fn) => pacer.wall.setTimer(ms, fn),
      logger,
      ...(options.followPollMs === undefined ? {} : { followPollMs: options.followPollMs }),
    };
    const handler = createHandler({
      rest: {
        client: cluster.client,
        now: () => cluster.loop.now(),
        warnings: () => cluster.apiserver.lastWarnings,
      },
      pacer,
      token,
      version,
      serverAddress: () => `${host}:${listening.server?.port ?? 0}`,
      logger,
      maxInFlight: options.maxInFlight ?? 400,
      maxBodyBytes,
      watchChannelSize: options.watchChannelSize ?? DEFAULT_WATCH_CHANNEL_SIZE,
      watchDispatchTimeoutMs: options.watchDispatchTimeoutMs ?? DEFAULT_WATCH_DISPATCH_TIMEOUT_MS,
      stream,
      sim: createSimHandler({
        cluster,
        pacer,
        maxBodyBytes,
      }),
    });
    const http =
      tls === undefined
        ? createHttpServer(handler)
        : createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
    http.on("clientError", (_err, socket) => {
      if (socket.writable)
        socket.end(
          'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"malformed HTTP request","reason":"BadRequest","code":400}\n',
        );
      else socket.destroy();
    });
    http.on("upgrade", createUpgradeHandler({ stream, token, logger }));
    const server = new KubesimServer({ cluster, pacer, host, token, tls, version, http });
    listening.server = server;
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(options.port ?? 6443, host, () => {
        http.off("error", reject);
        resolve();
      });
    });
    pacer.start();
    return server;
  }

  /** The port listened on (the chosen one when started with 0). */
  get port(): number {
    const a = this.http.address();
    return a !== null && typeof a === "object" ? (a as AddressInfo).port : 0;
  }

  /** https://127.0.0.1:PORT (IPv6 hosts in brackets). */
  get url(): string {
    const h = this.host.includes(":") && !this.host.startsWith("[") ? `[${this.host}]` : this.host;
    return `${this.secure ? "https" : "http"}://${h}:${this.port}`;
  }

  /** A kubeconfig for this server: context `kubesim`, the CA and the token. */
  kubeconfig(): string {
    return kubeconfigText({
      server: this.url,
      ...(this.caCert === undefined ? {} : { caCert: this.caCert }),
      ...(this.token === undefined ? {} : { token: this.token }),
    });
  }

  /** Lets virtual time pass at once ("30s" of it: 30_000), running what falls due. */
  advance(ms: number): void {
    this.pacer.advance(ms);
  }

  /** Stops pacing, ends every connection (watches included) and stops listening. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.pacer.stop();
      this.http.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    return this.closing;
  }
}
