/**
 * `kubectl attach`: the container's main process, from now on
 * (pkg/kubelet/cri/streaming/remotecommand/attach.go ServeAttach). What the
 * simulated process writes is its log (the app's access lines), so each new
 * line goes to stdout as it appears on the virtual clock; the session ends
 * with a Success status when the container stops running, as AttachContainer
 * returns when the process exits. What the client types is read and dropped
 * (the simulated apps do not read stdin).
 */
import type { SpdyServerConnection } from "./connection.js";
import type { ExecAdapter, ExecTarget } from "./exec-adapter.js";
import type { RemoteStreams } from "./remotecommand.js";

/** How often new output is looked for, in wall milliseconds. */
const POLL_MS = 200;

export function serveAttach(
  adapter: ExecAdapter,
  target: ExecTarget,
  protocol: string,
  streams: RemoteStreams,
  conn: SpdyServerConnection,
  setTimer: (ms: number, fn: () => void) => () => void,
): void {
  if (streams.stdin !== undefined) streams.stdin.onData = () => undefined;
  if (streams.resize !== undefined) streams.resize.onData = () => undefined;
  const since = adapter.now();
  let instance: string | undefined;
  let lastT = -Infinity;
  let atLast = 0;
  let cancel: (() => void) | undefined;
  const poll = () => {
    cancel = undefined;
    if (conn.isClosed) return;
    const got = adapter.output(target, since);
    // The attached process is the instance running at attach time.
    instance ??= got?.instance;
    if (got === undefined || got.instance !== instance) {
      streams.stdout?.close();
      streams.stderr?.close();
      streams.error?.write(
        protocol === "v4.channel.k8s.io" ? JSON.stringify({ metadata: {}, status: "Success" }) : "",
      );
      streams.error?.close();
      conn.close();
      return;
    }
    let out = "";
    let seenAtT = 0;
    let prevT = -Infinity;
    for (const l of got.lines) {
      seenAtT = l.t === prevT ? seenAtT + 1 : 1;
      prevT = l.t;
      if (l.t < lastT || (l.t === lastT && seenAtT <= atLast)) continue;
      out += `${l.text}\n`;
      if (l.t !== lastT) atLast = 0;
      lastT = l.t;
      atLast = seenAtT;
    }
    streams.stdout?.write(out);
    cancel = setTimer(POLL_MS, poll);
  };
  conn.onClose(() => cancel?.());
  poll();
}
