/**
 * port-forward over SPDY, as kubelet's CRI streaming server serves it
 * (pkg/kubelet/cri/streaming/portforward/httpstream.go): every local
 * connection of `kubectl port-forward` opens an error stream and a data
 * stream with the same `port` and `requestID` headers; once both are there
 * the runtime dials localhost:port inside the pod's network namespace
 * (containerd sandbox_portforward_linux.go) and copies bytes both ways. The
 * simulated container speaks HTTP, so the data stream's bytes are read as
 * HTTP/1.1 requests and answered with the pod's responses. A port nothing
 * listens on gets containerd's error, as kubelet writes it on the error
 * stream.
 */
import type { SpdyServerConnection, SpdyStream } from "./connection.js";
import type { PortForwardAdapter, PortForwardTarget } from "./portforward-adapter.js";
import { BAD_REQUEST_RESPONSE, formatResponse, RequestParser } from "./http1.js";
import { netnsPath, sandboxId } from "./sandbox.js";

/** httpStreamReceived: the checks that reject a stream before its reply. */
export function rejectPortForwardStream(s: SpdyStream): string | undefined {
  const port = s.header("port");
  if (port === "") return `"port" header is required`;
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    return `unable to parse "${port}" as a port: strconv.ParseUint: parsing "${port}": invalid syntax`;
  if (Number(port) < 1) return `port "${port}" must be > 0`;
  const type = s.header("streamType");
  if (type === "") return `"streamType" header is required`;
  if (type !== "error" && type !== "data") return `invalid stream type "${type}"`;
  return undefined;
}

/** containerd's error for a port nothing listens on, prefixed as kubelet's portForward prefixes it. */
export function connectionRefusedMessage(target: PortForwardTarget, port: number): string {
  const id = sandboxId(target.uid);
  const netns = target.hostNetwork ? "host" : netnsPath(target.uid);
  return (
    `error forwarding port ${port} to pod ${id}, uid : ` +
    `failed to execute portforward in network namespace "${netns}": ` +
    `failed to connect to localhost:${port} inside namespace "${id}", ` +
    `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused ` +
    `IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  cancelTimer?: () => void;
}

/** The handler of one port-forward connection: pairs streams by request, forwards each pair. */
export function portForwardHandler(
  adapter: PortForwardAdapter,
  target: PortForwardTarget,
  setTimer: (ms: number, fn: () => void) => () => void,
  streamCreationTimeoutMs: number,
): (s: SpdyStream, conn: SpdyServerConnection) => void {
  const pairs = new Map<string, Pair>();
  return (s) => {
    let requestID = s.header("requestID");
    const type = s.header("streamType");
    // Clients before requestID: error stream id N pairs with data stream N+2.
    if (requestID === "") requestID = String(type === "error" ? s.id : s.id - 2);
    let p = pairs.get(requestID);
    if (p === undefined) {
      const created: Pair = {};
      p = created;
      pairs.set(requestID, p);
      p.cancelTimer = setTimer(streamCreationTimeoutMs, () => {
        created.error?.write(`(conn=&{}, request=${requestID}) timed out waiting for streams`);
        created.error?.close();
        created.data?.close();
        pairs.delete(requestID);
      });
    }
    const slot = type === "error" ? "error" : "data";
    if (p[slot] !== undefined) {
      p.error?.write(
        `error processing stream for request ${requestID}: ${slot} stream already assigned`,
      );
      return;
    }
    p[slot] = s;
    if (p.data === undefined || p.error === undefined) return;
    p.cancelTimer?.();
    pairs.delete(requestID);
    forward(adapter, target, p.data, p.error);
  };
}

/** One forwarded connection: HTTP requests in, the pod's responses out, until either side closes. */
function forward(
  adapter: PortForwardAdapter,
  target: PortForwardTarget,
  data: SpdyStream,
  error: SpdyStream,
): void {
  const port = Number(data.header("port"));
  const close = () => {
    data.close();
    error.close();
  };
  if (!adapter.connect(target, port)) {
    error.write(connectionRefusedMessage(target, port));
    close();
    return;
  }
  const parser = new RequestParser();
  let closed = false;
  data.onData = (bytes) => {
    if (closed) return;
    parser.push(bytes);
    for (;;) {
      const r = parser.next();
      if (r.kind === "incomplete") return;
      if (r.kind === "bad") {
        data.write(BAD_REQUEST_RESPONSE);
        closed = true;
        close();
        return;
      }
      const req = r.request;
      const answer = adapter.http(target, port, {
        method: req.method,
        path: req.path,
        headers: req.headers,
      });
      if (answer.kind === "refused") {
        // The container stopped listening: the connection is reset.
        closed = true;
        close();
        return;
      }
      data.write(
        formatResponse(answer.status, answer.headers, answer.body, {
          head: req.method === "HEAD",
          close: req.close,
        }),
      );
      if (req.close) {
        closed = true;
        close();
        return;
      }
    }
  };
  // The local connection closed: the runtime's copy ends, kubelet closes both streams.
  data.onEnd = () => {
    closed = true;
    close();
  };
}
