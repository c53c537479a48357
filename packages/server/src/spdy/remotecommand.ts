/**
 * exec and attach over SPDY, as kubelet serves them
 * (pkg/kubelet/cri/streaming/remotecommand: httpstream.go createStreams and
 * the v1–v4 protocol handlers, exec.go ServeExec, attach.go ServeAttach):
 * the client opens one stream per channel, named by its `streamType` header
 * (error, stdin, stdout, stderr, resize); once all it asked for are there
 * the command runs, its output goes to stdout and stderr, and the outcome
 * to the error stream: from v4 on a JSON Status (NonZeroExitCode with an
 * ExitCode cause, or an InternalError), before v4 only a failure's text.
 */
import type { SpdyServerConnection, SpdyStream } from "./connection.js";
import type { ExecAdapter, ExecOutcome, ExecTarget, ShellLike } from "./exec-adapter.js";
import { runTerminal } from "./terminal.js";

export interface RemoteCommandOptions {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** strconv.ParseBool's true values, as the apiserver reads PodExecOptions from the query. */
const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);

/** remotecommand.NewOptions: which streams; a terminal has no stderr. */
export function remoteCommandOptions(query: URLSearchParams): RemoteCommandOptions | string {
  const flag = (n: string) => TRUE.has(query.get(n) ?? "");
  const tty = flag("tty");
  const stdin = flag("stdin");
  const stdout = flag("stdout");
  const stderr = flag("stderr") && !tty;
  if (!stdin && !stdout && !stderr) return "you must specify at least 1 of stdin, stdout, stderr";
  return { stdin, stdout, stderr, tty };
}

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
  opts: RemoteCommandOptions,
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

/** The Status kubelet writes on a v4 error stream, as Go's json.Marshal writes metav1.Status. */
export function exitStatus(outcome: ExecOutcome, argv: readonly string[]): string {
  if (outcome.startError !== undefined) {
    const cause = outcome.startError.replace(/^Internal error occurred: /, "");
    return JSON.stringify({
      metadata: {},
      status: "Failure",
      message: `Internal error occurred: ${cause}`,
      reason: "InternalError",
      details: { causes: [{ message: cause }] },
      code: 500,
    });
  }
  if (outcome.exitCode === 0) return JSON.stringify({ metadata: {}, status: "Success" });
  return JSON.stringify({
    metadata: {},
    status: "Failure",
    // containerd's CodeExitError: fmt.Errorf("error executing command %v, exit code %d", cmd, code)
    message: `command terminated with non-zero exit code: error executing command [${argv.join(" ")}], exit code ${outcome.exitCode}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(outcome.exitCode) }] },
  });
}

/** Before v4 the error stream carries only a failure's message (v1WriteStatusFunc). */
function legacyStatus(outcome: ExecOutcome, argv: readonly string[]): string {
  const s = JSON.parse(exitStatus(outcome, argv)) as { status: string; message?: string };
  return s.status === "Success" ? "" : (s.message ?? "");
}

/** Writes the outcome and ends the streams and the connection (ServeExec's deferred Close). */
export function finish(
  protocol: string,
  streams: RemoteStreams,
  conn: SpdyServerConnection,
  outcome: ExecOutcome,
  argv: readonly string[],
  tty: boolean,
): void {
  if (outcome.startError === undefined) {
    streams.stdout?.write(outcome.stdout);
    if (tty) streams.stdout?.write(outcome.stderr);
    else streams.stderr?.write(outcome.stderr);
  }
  streams.stdout?.close();
  streams.stderr?.close();
  const status =
    protocol === "v4.channel.k8s.io" ? exitStatus(outcome, argv) : legacyStatus(outcome, argv);
  streams.error?.write(status);
  streams.error?.close();
  conn.close();
}

const SHELL = /(^|\/)(ba|a)?sh$/;

/** ServeExec: runs the command once the streams are there. */
export function serveExec(
  adapter: ExecAdapter,
  target: ExecTarget,
  argv: readonly string[],
  protocol: string,
  opts: RemoteCommandOptions,
  streams: RemoteStreams,
  conn: SpdyServerConnection,
): void {
  if (opts.tty && opts.stdin && argv.length === 1 && SHELL.test(argv[0]!)) {
    const session = adapter.shell(target, argv[0]!);
    if (!("feed" in session)) {
      finish(protocol, streams, conn, session, argv, true);
      return;
    }
    runTerminal(session as ShellLike, streams, (exitCode) =>
      finish(protocol, streams, conn, { stdout: "", stderr: "", exitCode }, argv, true),
    );
    return;
  }
  const stdin = streams.stdin;
  if (stdin === undefined || stdin.closedByClient) {
    finish(
      protocol,
      streams,
      conn,
      adapter.run(target, argv, opts.tty, stdin && ""),
      argv,
      opts.tty,
    );
    return;
  }
  // With stdin, the command reads it to its end before it answers.
  const chunks: Buffer[] = [];
  stdin.onData = (b) => chunks.push(b);
  stdin.onEnd = () => {
    if (conn.isClosed) return;
    const input = Buffer.concat(chunks).toString("utf8");
    finish(protocol, streams, conn, adapter.run(target, argv, opts.tty, input), argv, opts.tty);
  };
}
