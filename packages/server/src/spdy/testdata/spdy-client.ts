/**
 * Test helpers: a SPDY/3.1 client as kubectl uses one, built from
 * spdy-transport (an independent SPDY implementation): the upgrade request
 * over HTTPS with the server's CA and token, then client streams with
 * kubectl's headers; and a cluster with the tutorial's app running.
 */
import { request } from "node:https";
import type { Duplex } from "node:stream";
import transport, { type SpdyTransportConnection, type SpdyTransportStream } from "spdy-transport";
import type { KubesimServer } from "../../server.js";

export const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-api
spec:
  replicas: 1
  selector:
    matchLabels:
      app: my-api
  template:
    metadata:
      labels:
        app: my-api
    spec:
      containers:
        - name: api
          image: myapp:v1.2
          ports:
            - containerPort: 8000
`;

/** Applies the app and lets 30 s pass; returns its pod's name. */
export function runApp(server: KubesimServer): string {
  server.pacer.run(() => server.cluster.apply(APP));
  server.advance(30_000);
  const pod = server.cluster.list("Pod")[0];
  if (pod?.status?.phase !== "Running") throw new Error("the app's pod is not running");
  return pod.metadata!.name!;
}

export type Upgrade =
  | {
      readonly kind: "upgraded";
      readonly socket: Duplex;
      readonly headers: Record<string, unknown>;
    }
  | {
      readonly kind: "refused";
      readonly status: number;
      readonly headers: Record<string, unknown>;
      readonly text: string;
    };

/** POSTs `path` asking for SPDY/3.1 with the given X-Stream-Protocol-Version values. */
export function upgrade(
  server: KubesimServer,
  path: string,
  protocols: readonly string[],
  options: {
    token?: string | null;
    method?: string;
    extra?: Record<string, string | string[]>;
  } = {},
): Promise<Upgrade> {
  const token = options.token === undefined ? server.token : (options.token ?? undefined);
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port: server.port,
      path,
      method: options.method ?? "POST",
      ca: server.caCert,
      headers: {
        Connection: "Upgrade",
        Upgrade: "SPDY/3.1",
        ...(protocols.length === 0 ? {} : { "X-Stream-Protocol-Version": [...protocols] }),
        ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
        ...options.extra,
      },
    });
    req.on("upgrade", (res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve({ kind: "upgraded", socket, headers: res.headers });
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () =>
        resolve({ kind: "refused", status: res.statusCode ?? 0, headers: res.headers, text }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** A SPDY/3.1 client connection over an upgraded socket. */
export function spdyClient(socket: Duplex): SpdyTransportConnection {
  const client = transport.connection.create(socket, { protocol: "spdy", isServer: false });
  client.start(3.1);
  client.on("error", () => undefined);
  return client;
}

/** Opens a stream with the given headers, resolving once the server replied. */
export function openStream(
  client: SpdyTransportConnection,
  headers: Record<string, string>,
): Promise<SpdyTransportStream> {
  return new Promise((resolve, reject) => {
    const s = client.request({ method: "POST", path: "/", headers });
    s.on("response", () => resolve(s));
    s.on("error", reject);
  });
}

/** Everything a stream carries until its end (or the connection's). */
export function readAll(s: SpdyTransportStream): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    let done = false;
    const finish = () => {
      if (!done) resolve(text);
      done = true;
    };
    s.on("data", (d: Buffer) => (text += d.toString()));
    s.on("end", finish);
    s.on("close", finish);
    s.on("error", finish);
  });
}

export interface ExecRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly error: string;
}

/** An exec as kubectl runs it: error, stdin?, stdout, stderr streams, in that order. */
export async function execOver(
  socket: Duplex,
  options: { stdin?: string; stderr?: boolean } = {},
): Promise<ExecRun> {
  const client = spdyClient(socket);
  const error = await openStream(client, { streamtype: "error" });
  const errorText = readAll(error);
  const stdin =
    options.stdin === undefined ? undefined : await openStream(client, { streamtype: "stdin" });
  const stdout = await openStream(client, { streamtype: "stdout" });
  const out = readAll(stdout);
  const stderr =
    options.stderr === false ? undefined : await openStream(client, { streamtype: "stderr" });
  const err = stderr === undefined ? Promise.resolve("") : readAll(stderr);
  if (stdin !== undefined) stdin.end(options.stdin);
  const [o, e, x] = await Promise.all([out, err, errorText]);
  socket.destroy();
  return { stdout: o, stderr: e, error: x };
}
