/**
 * port-forward over SPDY/3.1, and through the WebSocket tunnel of kubectl
 * 1.31+, against a running `kubesim serve`: the data stream carries HTTP to
 * the pod's port and back, the error stream containerd's error for a port
 * nothing listens on.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeServers, startServer } from "../testdata/start.js";
import type { KubesimServer } from "../server.js";
import { sandboxId, netnsPath } from "./sandbox.js";
import { openStream, readAll, runApp, spdyClient, upgrade } from "./testdata/spdy-client.js";
import { openTunnel } from "./testdata/ws-tunnel-client.js";
import type { SpdyTransportConnection } from "spdy-transport";

afterEach(closeServers);

const pfPath = (pod: string) => `/api/v1/namespaces/default/pods/${pod}/portforward`;

/** One forwarded connection as kubectl opens it: error stream, then data stream. */
async function forward(
  client: SpdyTransportConnection,
  port: number,
  requestID: number,
  bytes: string,
) {
  const headers = { streamtype: "error", port: String(port), requestid: String(requestID) };
  const error = await openStream(client, headers);
  const errorText = readAll(error);
  const data = await openStream(client, { ...headers, streamtype: "data" });
  const dataText = readAll(data);
  data.end(bytes);
  return { data: await dataText, error: await errorText };
}

function podUid(server: KubesimServer, pod: string): string {
  return server.cluster.get("Pod", pod).metadata!.uid!;
}

describe("port-forward over SPDY/3.1", () => {
  it("upgrades with portforward.k8s.io and carries an HTTP request to the pod's port and its answer back", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, pfPath(pod), ["portforward.k8s.io"]);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    expect(up.headers["x-stream-protocol-version"]).toBe("portforward.k8s.io");
    const client = spdyClient(up.socket);
    const r = await forward(
      client,
      8000,
      0,
      "GET / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\n\r\n",
    );
    expect(r.error).toBe("");
    const [head, body] = r.data.split("\r\n\r\n");
    expect(head!.split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body!)}`);
    expect(body).toBe(`Hello from ${pod} (myapp:v1.2)\n`);
    // A second local connection on the same upgraded connection.
    const again = await forward(
      client,
      8000,
      1,
      "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    expect(again.data).toContain("Connection: close\r\n");
    up.socket.destroy();
  });

  it("answers pipelined requests in order, and HEAD without a body", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, pfPath(pod), ["portforward.k8s.io"]);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const r = await forward(
      spdyClient(up.socket),
      8000,
      0,
      "GET / HTTP/1.1\r\nHost: a\r\n\r\nHEAD / HTTP/1.1\r\nHost: a\r\n\r\n",
    );
    const responses = r.data.split("HTTP/1.1 200 OK").filter((x) => x !== "");
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/Hello from/);
    expect(responses[1]!.endsWith("\r\n\r\n")).toBe(true);
    up.socket.destroy();
  });

  it("a port nothing listens on: containerd's error on the error stream, both streams closed", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, pfPath(pod), ["portforward.k8s.io"]);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const r = await forward(spdyClient(up.socket), 9999, 0, "GET / HTTP/1.1\r\n\r\n");
    const uid = podUid(server, pod);
    const id = sandboxId(uid);
    expect(r.data).toBe("");
    expect(r.error).toBe(
      `error forwarding port 9999 to pod ${id}, uid : failed to execute portforward in network namespace "${netnsPath(uid)}": failed to connect to localhost:9999 inside namespace "${id}", IPv4: dial tcp4 127.0.0.1:9999: connect: connection refused IPv6 dial tcp6 [::1]:9999: connect: connection refused `,
    );
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(netnsPath(uid)).toMatch(
      /^\/var\/run\/netns\/cni-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    up.socket.destroy();
  });

  it("bytes that are not HTTP get Go's 400 Bad Request", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, pfPath(pod), ["portforward.k8s.io"]);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const r = await forward(spdyClient(up.socket), 8000, 0, "\u0016\u0003\u0001 not http\r\n\r\n");
    expect(r.data).toBe(
      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request",
    );
    up.socket.destroy();
  });

  it("resets a stream without a port header (kubelet's httpStreamReceived)", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, pfPath(pod), ["portforward.k8s.io"]);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const client = spdyClient(up.socket);
    const reset = await new Promise<string>((resolve) => {
      const s = client.request({ method: "POST", path: "/", headers: { streamtype: "data" } });
      s.on("response", () => resolve("replied"));
      s.on("close", () => resolve("closed"));
      s.on("error", () => resolve("closed"));
    });
    expect(reset).toBe("closed");
    up.socket.destroy();
  });

  it("refuses a pod that does not exist with the apiserver's NotFound Status", async () => {
    const server = await startServer();
    runApp(server);
    const up = await upgrade(server, pfPath("nope"), ["portforward.k8s.io"]);
    expect(up).toMatchObject({ kind: "refused", status: 404 });
    if (up.kind === "refused") expect(JSON.parse(up.text).message).toBe('pods "nope" not found');
  });
});

describe("port-forward through the WebSocket tunnel (kubectl 1.31+)", () => {
  it("accepts SPDY/3.1+portforward.k8s.io and speaks SPDY inside binary messages", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const t = await openTunnel(server, pfPath(pod));
    if (t.kind !== "open") throw new Error(JSON.stringify(t));
    expect(t.protocol).toBe("SPDY/3.1+portforward.k8s.io");
    const r = await forward(
      spdyClient(t.stream),
      8000,
      0,
      "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    );
    expect(r.data).toContain(`Hello from ${pod} (myapp:v1.2)\n`);
    expect(t.opcodes.length).toBeGreaterThan(0);
    expect(t.opcodes.every((o) => o === 2)).toBe(true);
    t.socket.destroy();
  });

  it("refuses a missing pod with the NotFound Status, before the handshake", async () => {
    const server = await startServer();
    runApp(server);
    const t = await openTunnel(server, pfPath("nope"));
    expect(t).toMatchObject({ kind: "refused", status: 404 });
  });
});
