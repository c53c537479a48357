/**
 * exec and attach over SPDY, as kubelet serves them
 * (pkg/kubelet/cri/streaming/remotecommand: httpstream.go createStreams and
 * the v1–v4 protocol handlers, exec.go ServeExec, attach.go ServeAttach):
 * the client opens one stream per channel, named by its `streamType` header
 * (error, stdin, stdout, stderr, resize); once all it asked for are there
 * the session runs (../stream/exec-session.ts, as over WebSocket), its
 * output goes to stdout and stderr, and the outcome to the error stream:
 * from v4 on a JSON Status (NonZeroExitCode with an ExitCode cause, or an
 * InternalError), before v4 only a failure's text. Only the SPDY plumbing
 * is here.
 */
import type { StreamContext } from "../stream/context.js";
import { errorChannelPayload } from "../stream/channel-protocol.js";
import type { StreamOptions } from "../stream/exec-options.js";
import { ExecSession, ResizeReader, type ExecRequest } from "../stream/exec-session.js";
import { outcomeStatus } from "../stream/exec-status.js";
import type { SpdyServerConnection, SpdyStream } from "./connection.js";

/** The streams of one exec or attach. */
export interface RemoteStreams {
  readonly error?: SpdyStream;
  readonly stdin?: SpdyStream;
  readonly stdout?: SpdyStream;
  readonly stderr?: SpdyStream;
  readonly resize?: SpdyStream;
}

/**
 * Collects the client's streams (the protocol handler's waitForStreams):
 * calls `ready` once the expected count has arrived; `expired` when they
 * have not arrived within the stream creation timeout.
 */
export function waitForStreams(
  protocol: string,
  opts: Pick<StreamOptions, "stdin" | "stdout" | "stderr" | "tty">,
  ready: (streams: RemoteStreams) => void,
): { onStream: (s: SpdyStream) => void; readonly complete: boolean } {
  const resizing = protocol === "v4.channel.k8s.io" || protocol === "v3.channel.k8s.io";
  let expected = 1;
  if (opts.stdin) expected++;
  if (opts.stdout) expected++;
  if (opts.stderr) expected++;
  if (opts.tty && resizing) expected++;
  const streams: { -readonly [K in keyof RemoteStreams]: RemoteStreams[K] } = {};
  let received = 0;
  let done = false;
  return {
    get complete() {
      return done;
    },
    onStream(s) {
      if (done) return;
      const type = s.header("streamType");
      if (type === "error" || type === "stdin" || type === "stdout" || type === "stderr")
        streams[type] = s;
      else if (type === "resize" && resizing) streams.resize = s;
      else return; // "unexpected stream type": logged, not counted
      received++;
      if (received < expected) return;
      done = true;
      // v1 closes stdin at once (1.0 kubelets did).
      if (protocol === "channel.k8s.io") streams.stdin?.close();
      ready(streams);
    },
  };
}

/**
 * ServeExec / ServeAttach once the streams are there: the session's output
 * on stdout and stderr, then the outcome on the error stream, and the
 * streams and connection closed (the handler's deferred Close).
 */
export function serveRemoteCommand(
  ctx: StreamContext,
  request: ExecRequest,
  protocol: string,
  streams: RemoteStreams,
  conn: SpdyServerConnection,
): void {
  const session = ExecSession.start(ctx, request, {
    stdout: (text) => streams.stdout?.write(text),
    stderr: (text) => streams.stderr?.write(text),
    exit: (outcome) => {
      streams.stdout?.close();
      streams.stderr?.close();
      const payload = errorChannelPayload(
        { status: protocol === "v4.channel.k8s.io" },
        outcomeStatus(outcome),
      );
      if (payload !== undefined) streams.error?.write(payload);
      streams.error?.close();
      conn.close();
    },
  });
  if (session.done) return;
  conn.onClose(() => session.close());
  const { stdin, resize } = streams;
  if (stdin !== undefined) {
    stdin.onData = (bytes) => session.write(bytes);
    stdin.onEnd = () => session.closeStdin();
    if (stdin.closedByClient) session.closeStdin();
  }
  if (resize !== undefined) {
    const reader = new ResizeReader();
    resize.onData = (bytes) => {
      for (const size of reader.read(bytes)) session.resize(size);
    };
  }
}
